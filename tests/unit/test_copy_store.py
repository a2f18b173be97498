"""`sfconf copy-store --to URL`: a whole file store into the shared store, all or nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select, text

from conference.exchange.interchange import export_document
from conference.store.copy import _tables
from conference.store.database import Store, open_store
from conference.store.model import LeakAnswer
from tests.unit.record_helpers import CHAIR, edit, ended_meeting, run

Cap = pytest.CaptureFixture[str]
# Rows compared as they are; the leak answers' own ids are the target's to give.
_NOT_COMPARED = {"leak_answer": ("id",)}

pytestmark = pytest.mark.file_store_only


def _rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every copied table's rows, in a fixed order, as comparable tuples."""
    found = {}
    with store.engine.connect() as conn:
        for table in [*_tables(), *_chain_tables()]:
            skip = _NOT_COMPARED.get(table.name, ())
            cols = [c for c in table.c if c.name not in skip]
            rows = conn.execute(select(*cols)).all()
            found[table.name] = sorted(tuple(repr(v) for v in r) for r in rows)
    return found


def _chain_tables() -> list[Any]:
    from conference.record.tables import AuditAnchor, AuditLink

    return [AuditLink.__table__, AuditAnchor.__table__]  # type: ignore[attr-defined]


def _a_full_file_store(capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]) -> list[str]:
    """A file store with a finalised record (snapshot, tracked change, correction,
    distribution, mark, a leak answer) and a second conference still planned."""
    cid = ended_meeting(capsys, tmp_path, example_doc)
    edit(cid, "item", example_doc["items"][0]["id"], {"text": "Mia said it happened twice."})
    code, _, err = run(capsys, "approve", cid, "--by", CHAIR)
    assert code == 0, err
    code, _, err = run(
        capsys, "correct", cid, "--requested-by", "p-jade", "--received", "2026-11-24",
        "--text", "Jade says the move was in October, not September.",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(capsys, "mark", cid, "letter_sent", "--on", "2026-11-25")
    assert code == 0, err
    from conference.record.distribution import set_copy

    store = open_store(Path(os.environ["SFCONF_DB"]))
    try:
        set_copy(store, cid, "p-dan", "none", "Tom Ellis")
        with store.session() as session:
            session.add(
                LeakAnswer(
                    conference_id=cid, reader="", term="latch", kept_back_text="a", seen_text="b"
                )
            )
            session.commit()
    finally:
        store.close()
    code, out, err = run(capsys, "demo")
    assert code == 0, err
    return [cid, out.strip()]


def test_every_conference_and_what_stays_in_the_store_is_copied_row_for_row(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any], pg_database: str
) -> None:
    ids = _a_full_file_store(capsys, tmp_path, example_doc)
    code, out, err = run(capsys, "copy-store", "--to", pg_database)
    assert code == 0, err
    assert sorted(out.split()) == sorted(ids)
    source = open_store(Path(os.environ["SFCONF_DB"]))
    target = open_store(pg_database)
    try:
        for cid in ids:
            assert export_document(target, cid) == export_document(source, cid)
        mine, theirs = _rows(source), _rows(target)
        for table in ("audit_entry", "conference_record", "record_correction", "record_snapshot",
                      "record_distribution", "record_mark", "leak_answer", "audit_link",
                      "audit_anchor", "item", "conference"):  # fmt: skip
            assert theirs[table] == mine[table], table
            assert mine[table], table  # each kind really was there to copy
        # The trail names who did each thing on the laptop, not the login that copied it.
        with target.engine.connect() as conn:
            actors = {r[0] for r in conn.execute(text("SELECT DISTINCT actor FROM audit_entry"))}
        assert "Tom Ellis" in actors and "postgres" not in actors
    finally:
        source.close()
        target.close()
    code, out, err = run(capsys, "--db", pg_database, "verify")
    assert code == 0, err
    assert out.count("\tok") == len(ids)


def test_ids_already_in_the_shared_store_are_refused_and_it_is_left_unchanged(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any], pg_database: str
) -> None:
    ids = _a_full_file_store(capsys, tmp_path, example_doc)
    assert run(capsys, "copy-store", "--to", pg_database)[0] == 0
    target = open_store(pg_database)
    before = _rows(target)
    code, out, err = run(capsys, "copy-store", "--to", pg_database)
    assert (code, out) == (3, "")
    assert err.count("\n") == 1 and "already in" in err and "nothing was copied" in err
    assert any(cid in err for cid in ids)
    assert _rows(target) == before
    target.close()


def test_a_failure_part_way_leaves_the_shared_store_as_it_was(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any], pg_database: str
) -> None:
    _a_full_file_store(capsys, tmp_path, example_doc)
    target = open_store(pg_database)
    assert run(capsys, "--db", pg_database, "demo")[0] == 0  # the shared store is in use
    before = _rows(target)
    # The server refuses one of the last rows the copy writes (as a full disk would).
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(
            "CREATE FUNCTION t_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'no room left'; END $$"
        )
        conn.execute(
            "CREATE TRIGGER t_refuse BEFORE INSERT ON record_mark "
            "FOR EACH ROW EXECUTE FUNCTION t_refuse()"
        )
    code, out, err = run(capsys, "copy-store", "--to", pg_database)
    assert code in (3, 4) and out == ""
    assert err.count("\n") == 1 and "nothing was changed" in err and "Traceback" not in err
    assert _rows(target) == before
    target.close()


def test_copy_store_is_misuse_without_a_shared_store_url(capsys: Cap, tmp_path: Path) -> None:
    code, _, err = run(capsys, "copy-store", "--to", str(tmp_path / "other.db"))
    assert code == 2 and "postgresql://" in err
    code, _, err = run(capsys, "copy-store")
    assert code == 2
