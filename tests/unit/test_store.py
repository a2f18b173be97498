"""The SQLite store: migration, schema version, refusal of newer, corrupt, read-only and locked files."""

from __future__ import annotations

import hashlib
import json
import os
import random
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import op
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

import conference.store.database as store_module
from conference.cli import main
from conference.errors import StoreError
from conference.exchange.interchange import export_document, import_document
from conference.store.database import KNOWN_REVISIONS, SCHEMA_HEAD, Store, open_store
from tests import encrypted
from tests.conftest import EXAMPLE, ROOT

Doc = dict[str, Any]
TABLES = {
    "alembic_version",
    "conference",
    "child",
    "participant",
    "item",
    "danger_statement",
    "safety_goal",
    "scaling_score",
    "decision",
    "next_step",
    "audit_entry",
}
CID = "3f6d1c2e-8a41-4c1b-9a55-0d2f1e7b9c10"


def _files(db: Path) -> dict[str, str]:
    """Hash of the store and every file beside it that belongs to it (-wal, -shm, -journal)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(db.parent.iterdir())
        if p.name.startswith(db.name)
    }


def _assert_untouched(db: Path, before: dict[str, str]) -> None:
    after = _files(db)
    assert after[db.name] == before[db.name], "the store's bytes changed"
    for name in (f"{db.name}-wal", f"{db.name}-journal"):
        # A read-only look may leave an empty -wal beside it; never one with frames in it.
        if name in after:
            assert after[name] == before.get(name) or (db.parent / name).stat().st_size == 0, name


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A closed store holding the example conference."""
    db = tmp_path / "filled.db"
    s = open_store(db)
    import_document(s, json.loads(EXAMPLE.read_text(encoding="utf-8")), actor="test")
    s.close()
    return db


def _tables(db: Path) -> set[str]:
    with encrypted.connect(db, read_only=True) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _revision(db: Path) -> str:
    with encrypted.connect(db, read_only=True) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_an_empty_file_is_brought_to_the_current_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    code, out, err = _run(["--db", str(db), "list"], capsys)
    assert (code, out, err) == (0, "", "")
    assert _revision(db) == SCHEMA_HEAD
    assert _tables(db) >= TABLES


def test_a_missing_file_is_created_and_migrated(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "sfconf.db"
    s = open_store(db)
    s.close()
    assert _revision(db) == SCHEMA_HEAD
    assert _tables(db) >= TABLES


def test_schema_head_and_known_revisions_match_the_alembic_scripts() -> None:
    scripts = ScriptDirectory(str(ROOT / "conference" / "store" / "migrations"))
    assert scripts.get_heads() == [SCHEMA_HEAD]
    assert {r.revision for r in scripts.walk_revisions()} == set(KNOWN_REVISIONS)
    assert SCHEMA_HEAD in KNOWN_REVISIONS


def test_the_model_matches_the_migrated_schema(store: Store) -> None:
    """Autogenerate finds nothing to do: the migrations build exactly the model's tables."""
    from alembic.autogenerate import compare_metadata
    from sqlmodel import SQLModel

    import conference.store.model  # noqa: F401

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


@pytest.fixture
def newer(filled: Path) -> Path:
    conn = encrypted.connect(filled)
    conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    conn.commit()
    conn.close()
    return filled


@pytest.mark.parametrize("command", [["list"], ["import", str(EXAMPLE)], ["export", CID], ["demo"]])
def test_a_newer_store_is_refused_and_left_unchanged(
    newer: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(newer)
    code, out, err = _run(["--db", str(newer), *command], capsys)
    assert code == 4
    assert out == ""
    _one_line(err)
    assert "newer" in err and "9999_future" in err and SCHEMA_HEAD in err
    _assert_untouched(newer, before)
    assert _revision(newer) == "9999_future"


def test_a_newer_store_with_a_live_wal_is_left_unchanged(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The newer revision lives only in the -wal (another program has it open): still refused,
    and neither the file nor its -wal is touched (no checkpoint, no new frames)."""
    holder = encrypted.connect(filled, isolation_level=None)
    try:
        holder.execute("PRAGMA wal_autocheckpoint=0")
        holder.execute("UPDATE alembic_version SET version_num='9999_future'")
        wal = filled.parent / f"{filled.name}-wal"
        assert wal.stat().st_size > 0
        before = _files(filled)
        for command in (["list"], ["import", str(EXAMPLE), "--as-copy"]):
            code, out, err = _run(["--db", str(filled), *command], capsys)
            assert code == 4
            _one_line(err)
            assert "9999_future" in err
        after = _files(filled)
        assert after[filled.name] == before[filled.name]
        assert after[wal.name] == before[wal.name]
    finally:
        holder.close()


def test_open_store_refuses_a_newer_store(newer: Path) -> None:
    before = _files(newer)
    with pytest.raises(StoreError, match="newer"):
        open_store(newer)
    with pytest.raises(StoreError, match="newer"):
        open_store(newer, write=False)
    _assert_untouched(newer, before)


def _random_bytes(db: Path) -> Path:
    db.write_bytes(random.Random(7).randbytes(16384))
    return db


def _truncated(db: Path) -> Path:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    return db


def _bad_header(db: Path) -> Path:
    data = bytearray(db.read_bytes())
    data[100:4096] = random.Random(3).randbytes(4096 - 100)
    db.write_bytes(bytes(data))
    return db


def _not_ours(db: Path) -> Path:
    db.unlink()
    with encrypted.connect(db) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    return db


@pytest.mark.parametrize(
    "spoil", [_random_bytes, _truncated, _bad_header, _not_ours], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("command", [["list"], ["import", str(EXAMPLE)], ["export", CID]])
def test_a_corrupt_store_is_refused_and_left_unchanged(
    filled: Path, spoil: Any, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = spoil(filled)
    before = _files(db)
    code, out, err = _run(["--db", str(db), *command], capsys)
    assert code == 4, err
    assert out == ""
    _one_line(err)
    assert str(db) in err
    _assert_untouched(db, before)


@pytest.fixture
def read_only(filled: Path) -> Iterator[Path]:
    # The tests run as root, which ignores permissions; the store honours the missing write
    # bits anyway, on purpose.
    filled.chmod(0o444)
    yield filled
    filled.chmod(0o644)


@pytest.mark.parametrize("command", [["import", str(EXAMPLE), "--as-copy"], ["demo"]])
def test_a_read_only_store_refuses_writing(
    read_only: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(read_only)
    code, out, err = _run(["--db", str(read_only), *command], capsys)
    assert code == 4
    assert out == ""
    _one_line(err)
    assert "read-only" in err and str(read_only) in err
    _assert_untouched(read_only, before)


def test_a_read_only_store_can_still_be_listed_and_exported(
    read_only: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(read_only)
    code, out, err = _run(["--db", str(read_only), "list"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith(CID + "\t")
    code, out, err = _run(["--db", str(read_only), "export", CID], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["conference"]["id"] == CID
    target = tmp_path / "out.json"
    code, out, err = _run(["--db", str(read_only), "export", CID, "-o", str(target)], capsys)
    assert (code, out, err) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8"))["conference"]["id"] == CID
    _assert_untouched(read_only, before)
    assert not stat.S_IMODE(read_only.stat().st_mode) & 0o222


def test_a_read_only_store_refuses_operations(read_only: Path) -> None:
    from conference import operations as ops

    s = open_store(read_only, write=False)
    try:
        assert not s.writable
        with pytest.raises(StoreError, match="read-only"):
            ops.update(s, CID, "item", "i1", "test", {"text": "Changed."})
        assert export_document(s, CID)["items"][0]["text"].startswith("On 28 October")
    finally:
        s.close()


@pytest.fixture
def fast_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)


def test_a_locked_store_is_refused_for_writing(
    filled: Path, fast_busy: None, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = encrypted.connect(filled, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        before = _files(filled)
        code, out, err = _run(["--db", str(filled), "import", str(EXAMPLE), "--as-copy"], capsys)
        assert code == 4
        assert out == ""
        _one_line(err)
        assert "locked" in err and str(filled) in err
        assert _files(filled)[filled.name] == before[filled.name]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # Once the other program lets go, the same command works.
    code, out, err = _run(["--db", str(filled), "import", str(EXAMPLE), "--as-copy"], capsys)
    assert code == 0, err


def test_a_store_locked_before_wal_is_refused_even_for_reading(
    tmp_path: Path, fast_busy: None, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rollback.db"
    holder = encrypted.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        code, out, err = _run(["--db", str(db), "list"], capsys)
        assert code == 4
        _one_line(err)
        assert "locked" in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.file_store_only
def test_connections_use_wal_full_sync_and_foreign_keys(store: Store) -> None:
    for _ in range(2):
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == (
                store_module.BUSY_TIMEOUT_MS
            )
    # journal_mode=WAL is a property of the file, not only of the connection.
    with encrypted.connect(store.path, read_only=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.file_store_only
def test_sessions_have_foreign_keys_on(example_store: tuple[Store, str]) -> None:
    store, _ = example_store
    with store.session() as session:
        assert session.exec(text("PRAGMA foreign_keys")).scalar() == 1  # type: ignore[call-overload]


@pytest.mark.file_store_only
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entry SET actor = 'someone else'", "DELETE FROM audit_entry"],
    ids=["update", "delete"],
)
def test_the_audit_trail_is_append_only(example_store: tuple[Store, str], statement: str) -> None:
    store, cid = example_store
    with store.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT * FROM audit_entry").fetchall()
        with pytest.raises(DatabaseError, match="append-only"):
            conn.exec_driver_sql(statement)
        conn.rollback()
    # And through a plain sqlite3 connection, as another tool would use.
    raw = encrypted.connect(store.path)
    try:
        with pytest.raises(encrypted.DatabaseError, match="append-only"):
            raw.execute(statement)
        raw.rollback()
        assert raw.execute("SELECT * FROM audit_entry").fetchall() == [tuple(r) for r in before]
    finally:
        raw.close()


def test_replacing_a_conference_keeps_its_audit_trail(
    example_store: tuple[Store, str],
) -> None:
    store, cid = example_store
    doc = export_document(store, cid)
    import_document(store, doc, actor="test", replace=True)
    with store.engine.connect() as conn:
        actions = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT action FROM audit_entry WHERE conference_id = %(cid)s ORDER BY id"
                if store.shared
                else "SELECT action FROM audit_entry WHERE conference_id = ? ORDER BY id",
                {"cid": cid} if store.shared else (cid,),
            )
        ]
    assert actions == ["import", "replace"]


def test_opening_an_existing_store_again_keeps_its_data(filled: Path) -> None:
    first = open_store(filled)
    before = export_document(first, CID)
    first.close()
    for _ in range(2):
        again = open_store(filled)
        try:
            assert export_document(again, CID) == before
        finally:
            again.close()
    assert _revision(filled) == SCHEMA_HEAD


def _counts(db: Path) -> dict[str, int]:
    with encrypted.connect(db, read_only=True) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}


def test_a_batch_migration_does_not_delete_child_rows(filled: Path) -> None:
    """A batch migration rebuilds the conference table; with the store's migration settings
    (foreign keys off while migrating) the rows that name it survive."""
    before = _counts(filled)
    s = open_store(filled)
    try:
        with s.engine.connect() as conn:
            # What store._migrate does around an Alembic upgrade.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
            ctx = MigrationContext.configure(conn, opts={"render_as_batch": True})
            with Operations.context(ctx), op.batch_alter_table("conference", recreate="always"):
                pass
            conn.commit()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert export_document(s, CID)["items"]
    finally:
        s.close()
    assert _counts(filled) == before


def test_a_folder_is_not_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["--db", str(tmp_path), "list"], capsys)
    assert code == 4
    _one_line(err)
    assert "folder" in err


def test_an_unreadable_store_is_refused(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(filled)
    filled.chmod(0o000)
    try:
        code, out, err = _run(["--db", str(filled), "list"], capsys)
    finally:
        filled.chmod(0o644)
    assert code == 4
    _one_line(err)
    assert "cannot be read" in err
    _assert_untouched(filled, before)


def test_a_store_folder_that_cannot_be_made_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, out, err = _run(["--db", str(blocker / "sub" / "sfconf.db"), "list"], capsys)
    assert code == 4
    _one_line(err)
    assert os.fspath(blocker) in err
