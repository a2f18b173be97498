"""Tamper tests: what is changed in the store outside sfconf is caught by `sfconf verify` (exit 5)."""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from conference.record.audit_chain import GENESIS, chain_hash, entry_hash
from tests import encrypted
from tests.unit.record_helpers import (
    CHAIR,
    edit,
    ended_meeting,
    import_doc,
    run,
    store_path,
    the_store,
)

# Tampering goes around sfconf with a raw connection to the file.
pytestmark = pytest.mark.file_store_only

Cap = pytest.CaptureFixture[str]


def _raw_connect(path: Path) -> Any:
    """The store opened as an attacker holding the store key would: the SQLCipher driver alone.

    Even with the key to the file, the anchor (keyed apart from the file) gives them away.
    """
    conn = encrypted.connect(path)
    conn.isolation_level = None
    return conn


def _drop_triggers(conn: Any) -> None:
    for name in (
        "audit_entry_no_update",
        "audit_entry_no_delete",
        "audit_link_no_update",
        "audit_link_no_delete",
    ):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


@pytest.fixture
def sealed(capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]) -> str:
    """A finalised, sealed record with a few edits after the end in its trail."""
    cid = ended_meeting(capsys, tmp_path, example_doc)
    edit(cid, "item", example_doc["items"][0]["id"], {"text": "Mia said it happened twice."})
    edit(cid, "next_step", example_doc["next_steps"][0]["id"], {"due": "2026-12-11"})
    code, _, err = run(capsys, "approve", cid, "--by", CHAIR)
    assert code == 0, err
    return cid


def verify(capsys: Cap) -> tuple[int, str]:
    code, out, err = run(capsys, "verify")
    assert "Traceback" not in err
    return code, out


def test_an_untouched_store_verifies_ok(
    capsys: Cap, sealed: str, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    other = copy.deepcopy(example_doc)
    other["conference"]["id"] = "second-conference"
    import_doc(capsys, tmp_path, other)
    code, out = verify(capsys)
    assert code == 0
    assert sorted(out.splitlines()) == sorted([f"{sealed}\tok", "second-conference\tok"])
    assert run(capsys, "verify", sealed)[1] == f"{sealed}\tok\n"
    assert run(capsys, "verify", "no-such-id")[0] == 3


def _ids(conn: Any, cid: str) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM audit_entry WHERE conference_id=? ORDER BY id", (cid,)
        )
    ]


def test_an_edited_audit_row_is_caught(capsys: Cap, sealed: str) -> None:
    conn = _raw_connect(store_path())
    _drop_triggers(conn)
    target = _ids(conn, sealed)[1]
    conn.execute("UPDATE audit_entry SET actor='someone else' WHERE id=?", (target,))
    code, out = verify(capsys)
    assert code == 5 and f"{sealed}\t" in out and f"audit entry {target} was edited" in out


def test_a_deleted_audit_row_is_caught(capsys: Cap, sealed: str) -> None:
    conn = _raw_connect(store_path())
    _drop_triggers(conn)
    target = _ids(conn, sealed)[2]
    conn.execute("DELETE FROM audit_entry WHERE id=?", (target,))
    code, out = verify(capsys)
    assert code == 5 and f"audit entry {target} was deleted" in out


def test_an_inserted_audit_row_is_caught(capsys: Cap, sealed: str) -> None:
    conn = _raw_connect(store_path())
    # A backdated "finalise" entry: the triggers allow inserts, the chain does not.
    conn.execute(
        "INSERT INTO audit_entry (conference_id, at, actor, action, entity, entity_id, field, "
        "before, after, group_id) VALUES (?, '2026-11-20T12:00:00', 'chair', 'finalise', "
        "'conference', ?, 'status', '\"ended\"', '\"finalised\"', '')",
        (sealed, sealed),
    )
    new_id = _ids(conn, sealed)[-1]
    code, out = verify(capsys)
    assert code == 5 and f"audit entry {new_id} was inserted outside sfconf" in out


def test_reordered_audit_rows_are_caught(capsys: Cap, sealed: str) -> None:
    conn = _raw_connect(store_path())
    _drop_triggers(conn)
    a, b = _ids(conn, sealed)[1:3]
    conn.execute("UPDATE audit_entry SET id=-1 WHERE id=?", (a,))
    conn.execute("UPDATE audit_entry SET id=? WHERE id=?", (a, b))
    conn.execute("UPDATE audit_entry SET id=? WHERE id=-1", (b,))
    code, out = verify(capsys)
    assert code == 5 and f"audit entries {a} and {b} were reordered" in out


def test_cutting_off_the_last_entries_is_caught(capsys: Cap, sealed: str) -> None:
    conn = _raw_connect(store_path())
    _drop_triggers(conn)
    ids = _ids(conn, sealed)
    for target in ids[-2:]:  # the entry and its link: the chain left is consistent
        conn.execute("DELETE FROM audit_entry WHERE id=?", (target,))
        conn.execute("DELETE FROM audit_link WHERE entry_id=?", (target,))
    code, out = verify(capsys)
    assert code == 5 and "the last audit entries were cut off" in out
    assert f"ends at entry {ids[-3]}; it ended at entry {ids[-1]}" in out


def test_an_edit_with_the_chain_recomputed_but_without_the_anchor_key_is_caught(
    capsys: Cap, sealed: str
) -> None:
    conn = _raw_connect(store_path())
    _drop_triggers(conn)
    target = _ids(conn, sealed)[2]
    conn.execute("UPDATE audit_entry SET actor='someone else' WHERE id=?", (target,))
    # Recompute every link as sfconf would, with the published hash functions.
    prev = GENESIS
    rows = conn.execute(
        "SELECT id, conference_id, at, actor, action, entity, entity_id, field, before, after, "
        "group_id FROM audit_entry WHERE conference_id=? ORDER BY id",
        (sealed,),
    ).fetchall()
    names = (
        "id",
        "conference_id",
        "at",
        "actor",
        "action",
        "entity",
        "entity_id",
        "field",
        "before",
        "after",
        "group_id",
    )
    for row in rows:
        e = dict(zip(names, row, strict=True))
        e["before"], e["after"] = json.loads(e["before"]), json.loads(e["after"])
        content = entry_hash(e)
        link = chain_hash(prev, e["id"], content)
        conn.execute(
            "UPDATE audit_link SET prev_hash=?, entry_hash=?, chain_hash=? WHERE entry_id=?",
            (prev, content, link, e["id"]),
        )
        prev = link
    code, out = verify(capsys)
    assert code == 5 and "the audit chain was rewritten (its head does not match the anchor)" in out
    # Moving the anchor's head too, without the key, is caught as well.
    conn.execute("UPDATE audit_anchor SET head_hash=? WHERE conference_id=?", (prev, sealed))
    code, out = verify(capsys)
    assert code == 5 and "the audit anchor does not match the key" in out


def test_a_changed_finalised_item_is_caught(
    capsys: Cap, sealed: str, example_doc: dict[str, Any]
) -> None:
    conn = _raw_connect(store_path())
    conn.execute(
        "UPDATE item SET text='Nothing happened.' WHERE conference_id=? AND id=?",
        (sealed, example_doc["items"][0]["id"]),
    )
    code, out = verify(capsys)
    assert (code, out) == (5, f"{sealed}\tthe finalised record's content was changed\n")


def test_a_status_set_back_to_ended_is_caught(capsys: Cap, sealed: str) -> None:
    conn = _raw_connect(store_path())
    conn.execute("UPDATE conference SET status='ended' WHERE id=?", (sealed,))
    code, out = verify(capsys)
    assert code == 5 and "status was moved back to ended" in out
    conn.execute("DELETE FROM conference_record WHERE conference_id=?", (sealed,))
    code, out = verify(capsys)
    assert code == 5 and "the approved record's seal was removed" in out


def test_a_finalised_record_from_before_seals_is_not_sealed(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    doc = copy.deepcopy(example_doc)
    doc["conference"]["status"] = "finalised"
    cid = import_doc(capsys, tmp_path, doc)
    assert verify(capsys) == (0, f"{cid}\tnot sealed\n")


def test_two_writers_at_once_keep_one_chain(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    """Two stores (two windows) on one file writing at the same time: the chain still holds."""
    from conference import operations as ops

    cid = ended_meeting(capsys, tmp_path, example_doc)
    stores = [the_store(), the_store()]
    items = [example_doc["items"][0]["id"], example_doc["items"][1]["id"]]
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for k in range(12):
                ops.update(
                    stores[n], cid, "item", items[n], f"writer {n}", {"text": f"edit {k} by {n}"}
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert errors == []
    assert verify(capsys) == (0, f"{cid}\tok\n")
    code, out, _ = run(capsys, "audit", cid, "--json")
    assert len(json.loads(out)) == 2 + 24


def test_a_store_from_before_the_chain_is_chained_when_it_is_upgraded(
    capsys: Cap, tmp_path: Path
) -> None:
    """Entries written before 0004 are linked and anchored by the migration, then verify."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    import conference.store.database as database

    path = store_path()
    engine = create_engine(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(database.__file__).parent / "migrations"))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002_row_versions")
        conn.commit()
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO audit_entry (conference_id, at, actor, action, entity, entity_id, "
                    "field, before, after, group_id) VALUES ('c-old', :at, 'tom', 'update', 'item', "
                    "'i1', 'text', '\"a\"', '\"b\"', '')"
                ),
                {"at": f"2026-01-0{n + 1}T10:00:00"},
            )
        conn.commit()
    engine.dispose()
    the_store().close()  # opening migrates to the head
    assert verify(capsys) == (0, "c-old\tok\n")
    conn = _raw_connect(path)
    _drop_triggers(conn)
    conn.execute("UPDATE audit_entry SET actor='someone' WHERE id=2")
    assert verify(capsys) == (5, "c-old\taudit entry 2 was edited\n")


def test_a_whole_deleted_trail_is_caught(capsys: Cap, sealed: str) -> None:
    conn = _raw_connect(store_path())
    _drop_triggers(conn)
    for table in ("audit_entry", "audit_link", "audit_anchor"):
        conn.execute(f"DELETE FROM {table} WHERE conference_id=?", (sealed,))
    code, out = verify(capsys)
    assert code == 5 and "its audit trail was deleted" in out
