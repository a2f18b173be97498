"""The home list's first read: the same conferences whether read here or in a second process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conference.store.listing import listing_aside, quick_listing

ROOT = Path(__file__).resolve().parents[2]
SPAWNS = hasattr(os, "posix_spawn") and len(os.sched_getaffinity(0)) >= 2

pytestmark = pytest.mark.file_store_only


@pytest.fixture
def two_conferences(tmp_path: Path, example_doc: dict[str, Any]) -> Path:
    """A closed store file holding the example and a copy of it under another family name."""
    from conference.exchange.interchange import import_document
    from conference.store.database import open_store

    path = tmp_path / "two.db"
    store = open_store(path)
    try:
        import_document(store, example_doc, actor="test")
        example_doc["conference"]["family_name"] = "Okafor (invented)"
        import_document(store, example_doc, actor="test", as_copy=True)
    finally:
        store.close()
    return path


def _in_a_fresh_python(then: str, path: Path) -> subprocess.CompletedProcess[str]:
    """`listing_aside` on `path` in a fresh interpreter; `then` prints what it found as `rows`."""
    probe = (
        "import sys; from pathlib import Path\n"
        "from conference.store.listing import listing_aside\n"
        "rows = listing_aside(Path(sys.argv[1]))()\n" + then
    )
    return subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _families(rows: list[dict[str, Any]] | None) -> list[str]:
    assert rows is not None
    return sorted(r["family_name"] for r in rows)


def test_the_list_read_aside_is_the_list_read_here(two_conferences: Path) -> None:
    here = quick_listing(two_conferences)
    aside = listing_aside(two_conferences)()
    assert aside == here
    assert len(_families(aside)) == 2 and "Okafor (invented)" in _families(aside)
    assert all(r["children"] for r in aside or [])  # the children's names come too


@pytest.mark.skipif(not SPAWNS, reason="one core or no posix_spawn: the list is read in-process")
def test_the_list_is_read_in_a_second_process_while_the_caller_goes_on(
    two_conferences: Path,
) -> None:
    """The caller never loads the store's driver: the second process read the file."""
    done = _in_a_fresh_python("print(len(rows), 'sqlcipher3' in sys.modules)", two_conferences)
    assert done.stdout.strip() == "2 False", done.stderr[-2000:]


@pytest.mark.parametrize("executable", ["/bin/false", "/no/such/python"])
def test_a_second_process_that_fails_still_gives_the_list(
    two_conferences: Path, executable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One that starts and says nothing, or one that cannot start: the list is read here."""
    monkeypatch.setattr(sys, "executable", executable)
    assert _families(listing_aside(two_conferences)()) == _families(quick_listing(two_conferences))


def test_no_store_yet_or_a_database_url_takes_the_full_way(tmp_path: Path) -> None:
    """None: the store then opens properly, and says what is wrong if anything is."""
    assert listing_aside(tmp_path / "not-yet.db")() is None
    assert listing_aside("postgresql://nobody@127.0.0.1:1/none")() is None
    (tmp_path / "empty.db").write_bytes(b"")
    assert listing_aside(tmp_path / "empty.db")() is None


def test_a_file_that_is_not_a_store_says_nothing_and_takes_the_full_way(tmp_path: Path) -> None:
    """The second process is silent (no traceback on the chair's console), and None comes back."""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all " * 100)
    done = _in_a_fresh_python("print(rows)", junk)
    assert done.stdout.strip() == "None"
    assert done.stderr == ""
