"""Shared fixtures: every test gets its own store, config, log folder and Qt settings."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# "ci" (the default) keeps the whole .ci/run under 20 minutes; "long" is for the figures of a
# closing note: pytest --hypothesis-profile=long. Test-level example counts scale with it
# through tests/helpers.py's examples().
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("SFCONF_HYPOTHESIS_PROFILE", "ci"))

# GUI tests run offscreen unless a test sets up a real X server itself.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch a user's QSettings.
os.environ["SFCONF_SETTINGS_ORG"] = "sfconf-tests"

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = DATA / "green-family-initial.json"
# The store key of every test (never a real keyring: see no_real_keyring).
TEST_KEY = "5f" * 32


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store path, config folder and log folder for each test."""
    monkeypatch.setenv("SFCONF_DB", str(tmp_path / "sfconf.db"))
    monkeypatch.setenv("SFCONF_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SFCONF_LOG_DIR", str(tmp_path / "logs"))
    return tmp_path


@pytest.fixture(autouse=True)
def no_real_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed store key (SFCONF_KEY) and a keyring that fails, here and in child processes."""
    import keyring
    from keyring.backends import fail

    from conference.store import keys

    monkeypatch.setenv("SFCONF_KEY", TEST_KEY)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    keys.forget_cache()
    yield
    keys.forget_cache()
    keyring.set_keyring(before)


@pytest.fixture
def example_doc() -> dict[str, Any]:
    """The public example conference, as a fresh dict."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    """An open, migrated store in a temporary file."""
    from conference.store.database import open_store

    s = open_store(tmp_path / "store.db")
    yield s
    s.close()


@pytest.fixture
def example_store(store: Any, example_doc: dict[str, Any]) -> tuple[Any, str]:
    """A store holding the example conference; returns (store, conference id)."""
    from conference.exchange.interchange import import_document

    cid = import_document(store, example_doc, actor="test")
    return store, cid
