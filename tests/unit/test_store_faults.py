"""Integrity for real: flipped bytes across the pages of an encrypted store, and processes racing.

Every command on a damaged store exits 0 with the right data or 4 with one line; none
exits 70 and none returns different data silently. SFCONF_CORRUPT_LONG=1 flips a byte in
every page (three places each) instead of a sample.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conference.cli import main
from conference.exchange.interchange import import_document
from conference.store.database import open_store
from tests.conftest import EXAMPLE, ROOT

CID = "3f6d1c2e-8a41-4c1b-9a55-0d2f1e7b9c10"
LONG = os.environ.get("SFCONF_CORRUPT_LONG") == "1"
PAGE = 4096
SAMPLE = 40


def _run_main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def pristine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    """A closed store with the example and the demo; and what each read command prints."""
    monkeypatch.chdir(tmp_path)  # `export -o x.json` writes here
    db = tmp_path / "pristine.db"
    store = open_store(db)
    import_document(store, json.loads(EXAMPLE.read_text(encoding="utf-8")), actor="test")
    store.close()
    for _ in range(20 if LONG else 1):  # the long run: a store of a few months' meetings
        assert _run_main(["--db", str(db), "demo"])[0] == 0
    expected = {}
    for name, argv in _commands().items():
        code, out, err = _run_main(["--db", str(db), *argv])
        assert (code, err) == (0, ""), err
        expected[name] = out
    assert not Path(f"{db}-wal").exists()
    return db, expected


def _commands() -> dict[str, list[str]]:
    return {
        "list": ["list"],
        "export": ["export", CID],
        "export-file": ["export", CID, "-o", "x.json"],
    }


def _flips(size: int, rng: random.Random) -> list[int]:
    pages = size // PAGE
    if LONG:
        return [p * PAGE + rng.randrange(PAGE) for p in range(pages) for _ in range(3)]
    chosen = [0, 1, pages - 1] + rng.sample(range(pages), min(pages, SAMPLE - 3))
    return [p * PAGE + rng.randrange(PAGE) for p in chosen]


def test_flipped_bytes_are_found_never_silently_read(
    pristine: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    db, expected = pristine
    original = db.read_bytes()
    rng = random.Random(15)
    outcomes = {"same": 0, "refused": 0}
    started = time.monotonic()
    for n, offset in enumerate(_flips(len(original), rng)):
        spoilt = tmp_path / f"spoilt-{n % 2}.db"
        for side in ("", "-wal", "-shm"):
            Path(f"{spoilt}{side}").unlink(missing_ok=True)
        data = bytearray(original)
        data[offset] ^= 1 << rng.randrange(8)
        spoilt.write_bytes(bytes(data))
        for name, argv in _commands().items():
            code, out, err = _run_main(["--db", str(spoilt), *argv])
            where = f"byte {offset} (page {offset // PAGE}), {name}"
            assert code in (0, 4), f"{where}: exit {code}: {err}"
            if code == 0:
                assert out == expected[name], f"{where}: different data, silently"
                outcomes["same"] += 1
            else:
                assert out == "" and err.count("\n") == 1 and len(err) <= 301, err
                assert "Traceback" not in err
                outcomes["refused"] += 1
        # A write on the damaged store: done whole, or refused.
        code, _, err = _run_main(["--db", str(spoilt), "import", str(EXAMPLE), "--as-copy"])
        assert code in (0, 4), f"byte {offset}, import: exit {code}: {err}"
    print(
        f"\ncorruption: {outcomes} over {len(original) // PAGE} pages in {time.monotonic() - started:.1f}s"
    )
    assert outcomes["refused"] > 0


def test_a_damaged_index_is_found_before_a_migration(tmp_path: Path) -> None:
    """integrity_check (not only quick_check) runs after an unclean shutdown and before migrating."""
    from tests import encrypted

    db = tmp_path / "s.db"
    store = open_store(db)
    import_document(store, json.loads(EXAMPLE.read_text(encoding="utf-8")), actor="test")
    store.close()
    with encrypted.connect(db) as conn:
        # An index that disagrees with its table: what quick_check does not look at.
        conn.execute("PRAGMA writable_schema=ON")
        index = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='item' LIMIT 1"
        ).fetchone()
        assert index is not None
        conn.execute("UPDATE alembic_version SET version_num='0001_initial'")
    with encrypted.connect(db) as conn:
        conn.execute("PRAGMA writable_schema=ON")
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name=?", (index[0],)
        ).fetchone()[0]
        # Point the index at the audit table's pages: integrity_check sees it, quick_check not.
        audit_root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name='audit_entry'"
        ).fetchone()[0]
        conn.execute("UPDATE sqlite_master SET rootpage=? WHERE name=?", (audit_root, index[0]))
    assert root
    before = db.read_bytes()
    code, out, err = _run_main(["--db", str(db), "list"])
    assert code == 4, (out, err)
    assert err.count("\n") == 1 and "damaged" in err
    assert db.read_bytes() == before


@pytest.mark.slow
def test_a_new_store_made_by_eight_processes_at_once(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run in range(3):
        db = tmp_path / f"race-{run}" / "sfconf.db"
        db.parent.mkdir()
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "conference", "--db", str(db), "demo"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            for _ in range(8)
        ]
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else b"") for p in procs]
        for p in procs:
            for stream in (p.stdout, p.stderr):
                if stream:
                    stream.close()
        assert [code for code, _ in results] == [0] * 8, results
        code, out, err = _run_main(["--db", str(db), "list"])
        assert code == 0 and len(out.splitlines()) == 8
        assert (
            sorted(p.name for p in db.parent.iterdir() if not p.name.startswith("sfconf.db")) == []
        )


@pytest.mark.slow
def test_the_loser_of_a_same_id_race_gets_exit_3(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(2):
        target = tmp_path / f"{_}.db"
        shutil.copy(db, target)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "conference", "--db", str(target), "import", str(EXAMPLE)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            for _ in range(4)
        ]
        results = []
        for p in procs:
            code = p.wait(timeout=120)
            results.append((code, p.stderr.read().decode() if p.stderr else ""))
            for stream in (p.stdout, p.stderr):
                if stream:
                    stream.close()
        codes = sorted(code for code, _ in results)
        assert codes == [0, 3, 3, 3], results
        for code, err in results:
            if code == 3:
                assert err.count("\n") == 1 and "already in the store" in err


def test_reading_commands_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    """`list` and `export` read in WAL mode while another program holds the write lock."""
    from tests import encrypted

    db = tmp_path / "s.db"
    store = open_store(db)
    import_document(store, json.loads(EXAMPLE.read_text(encoding="utf-8")), actor="test")
    store.close()
    holder = encrypted.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        code, out, err = _run_main(["--db", str(db), "list"])
        assert (code, err) == (0, "") and out.startswith(CID)
        assert _run_main(["--db", str(db), "export", CID])[0] == 0
        assert time.monotonic() - started < 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
