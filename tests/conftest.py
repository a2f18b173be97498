"""Shared fixtures: every test gets its own store, config, log folder and Qt settings."""

from __future__ import annotations

import json
import os
import sys
import tempfile
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
# Tests never touch a user's QSettings, nor another test run's: each run keeps its own in a
# folder of its own (two runs at once once left each other a zoom of 220%).
os.environ["SFCONF_SETTINGS_ORG"] = "sfconf-tests"
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="sfconf-test-settings-")

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = DATA / "green-family-initial.json"
# The store key of every test (never a real keyring: see no_real_keyring).
TEST_KEY = "5f" * 32


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the engine of each test's store: a file (default) or a fresh database on "
        "$SFCONF_TEST_PG (see scripts/test-postgres.sh)",
    )


def _engine_of(config: pytest.Config) -> str:
    return str(config.getoption("--engine"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def pg_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database on the test PostgreSQL cluster (skipped when there is none)."""
    from tests import pg

    if pg.admin_url() is None:
        pytest.skip(f"no test PostgreSQL: set {pg.ENV} (bash scripts/test-postgres.sh)")
    url = pg.create_database()
    yield url
    pg.drop_database(url)


@pytest.fixture(autouse=True)
def fresh_window_settings() -> Iterator[None]:
    """Each test starts with no remembered zoom, geometry or place in a meeting."""
    loaded = sys.modules.get("ui.settings")  # never imports Qt for a test that has none
    if loaded is not None:
        loaded.settings().clear()
    yield


@pytest.fixture(autouse=True)
def isolated_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Path:
    """A fresh store path (or, with --engine postgresql, database), config and log folder."""
    monkeypatch.setenv("SFCONF_DB", str(tmp_path / "sfconf.db"))
    if _engine_of(request.config) == "postgresql" and "file_store_only" not in request.keywords:
        monkeypatch.setenv("SFCONF_DB", request.getfixturevalue("pg_database"))
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


def _is_url(value: str) -> bool:
    return value.startswith("postgresql://")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    """An open, migrated store in a temporary file."""
    from conference.store.database import open_store

    s = open_store(
        os.environ["SFCONF_DB"] if _is_url(os.environ["SFCONF_DB"]) else tmp_path / "store.db"
    )
    yield s
    s.close()


@pytest.fixture
def example_store(store: Any, example_doc: dict[str, Any]) -> tuple[Any, str]:
    """A store holding the example conference; returns (store, conference id)."""
    from conference.exchange.interchange import import_document

    cid = import_document(store, example_doc, actor="test")
    return store, cid
