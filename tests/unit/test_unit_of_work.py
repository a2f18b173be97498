"""Typed operations over a unit of work: one transaction and audit group, inverses as data."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from conference import operations as ops
from conference.errors import RefusedInput
from conference.exchange.interchange import export_document
from conference.operations import Conflict, UnitOfWork, items, people, scaling
from conference.store.database import Store, open_store

ACTOR = "chair-laptop"


def _commits(store: Store) -> list[int]:
    seen: list[int] = []
    event.listen(store.engine, "commit", lambda _conn: seen.append(1))
    return seen


def _version(store: Store, cid: str, kind: str, ent_id: str) -> int:
    row = ops.get_row(store, cid, kind, ent_id)
    assert row is not None
    return int(row["version"])


def test_two_operations_in_one_unit_are_one_transaction_and_one_audit_group(
    example_store: tuple[Store, str],
) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    trail = len(ops.audit_trail(store, cid))
    commits = _commits(store)
    with UnitOfWork(store, cid, ACTOR) as uow:
        mark = uow.mark()
        items.move_item_to_section(uow, "i12", "strengths")
        items.move_item(uow, "i12", 0)
        both = uow.inverse_since(
            mark, action="move", undoes="move", kind="item", ent_id="i12", field="section"
        )
    assert len(commits) == 1
    entries = ops.audit_trail(store, cid)[trail:]
    assert [(e.action, e.field) for e in entries] == [("move", "section"), ("move", "position")]
    assert len({e.group_id for e in entries}) == 1 and entries[0].group_id
    moved = export_document(store, cid)
    assert moved["items"][0]["id"] == "i12" and moved["items"][0]["section"] == "strengths"
    # One inverse undoes both, in one more transaction.
    ops.undo(store, cid, both, ACTOR)
    assert len(commits) == 2
    assert export_document(store, cid) == before


def test_a_refusal_inside_a_unit_writes_nothing_of_it(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    trail = len(ops.audit_trail(store, cid))
    with pytest.raises(RefusedInput, match="worries"), UnitOfWork(store, cid, ACTOR) as uow:
        items.add_item(uow, section="harm", text="Kept?")
        items.add_item(uow, section="worries", text="No such pane")
    assert export_document(store, cid) == before
    assert len(ops.audit_trail(store, cid)) == trail


def test_every_change_of_a_row_raises_its_version_by_one(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    start = _version(store, cid, "item", "i1")
    ops.update(store, cid, "item", "i1", ACTOR, {"text": "Once."})
    assert _version(store, cid, "item", "i1") == start + 1
    with UnitOfWork(store, cid, ACTOR) as uow:
        items.update_item(uow, "i1", {"text": "Twice in one unit."})
        items.update_item(uow, "i1", {"restricted": True})
    assert _version(store, cid, "item", "i1") == start + 2
    new = ops.add(store, cid, "item", ACTOR, {"section": "harm", "text": "New."})
    assert _version(store, cid, "item", new) == 1


def test_undo_then_redo_by_inverses(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    with UnitOfWork(store, cid, ACTOR) as uow:
        inverse = people.remove_participant(uow, "p-dan")
    during = export_document(store, cid)
    redo = ops.undo(store, cid, inverse, ACTOR)
    assert export_document(store, cid) == before
    ops.undo(store, cid, redo, ACTOR)
    assert export_document(store, cid) == during
    actions = [e.action for e in ops.audit_trail(store, cid)[-3:]]
    assert actions == ["delete", "restore", "delete"]


@pytest.mark.parametrize("how", ["changed", "removed"])
def test_an_inverse_is_refused_when_another_connection_changed_its_row(
    example_store: tuple[Store, str], tmp_path: Path, how: str
) -> None:
    store, cid = example_store
    with UnitOfWork(store, cid, ACTOR) as uow:
        inverse = items.update_item(uow, "i1", {"text": "Mine."})
    other = open_store(store.location)
    try:
        if how == "changed":
            ops.update(other, cid, "item", "i1", "other-laptop", {"text": "Theirs."})
        else:
            ops.delete(other, cid, "item", "i1", "other-laptop")
    finally:
        other.close()
    after_other = export_document(store, cid)
    trail = len(ops.audit_trail(store, cid))
    with pytest.raises(Conflict, match=how) as refused:
        ops.undo(store, cid, inverse, ACTOR)
    assert "\n" not in str(refused.value) and len(str(refused.value)) <= 300
    assert isinstance(refused.value, RefusedInput)
    assert export_document(store, cid) == after_other
    assert len(ops.audit_trail(store, cid)) == trail


def test_an_undone_add_cannot_be_undone_twice(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    with UnitOfWork(store, cid, ACTOR) as uow:
        added = scaling.add_score(uow, participant="p-nan", score=7, child="c-mia")
    ops.undo(store, cid, added, ACTOR)
    with pytest.raises(Conflict, match="removed"):
        ops.undo(store, cid, added, ACTOR)


def test_inverses_are_frozen_data(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    with UnitOfWork(store, cid, ACTOR) as uow:
        inverse = items.update_item(uow, "i1", {"text": "Frozen."})
    with pytest.raises(AttributeError):
        inverse.kind = "child"  # type: ignore[misc]
    change = inverse.changes[0]
    assert (change.kind, change.key) == ("item", "i1")
    assert change.after is not None and change.after["text"] != "Frozen."
    assert change.expect == _version(store, cid, "item", "i1")


def test_the_unit_of_work_refuses_a_finalised_conference(
    store: Store, example_doc: dict[str, Any]
) -> None:
    from conference.exchange.interchange import import_document

    example_doc["conference"]["status"] = "finalised"
    cid = import_document(store, example_doc, actor="test")
    with pytest.raises(RefusedInput, match="finalised"), UnitOfWork(store, cid, ACTOR):
        pass


def test_change_events_name_each_row_and_field(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    with UnitOfWork(store, cid, ACTOR) as uow:
        people.remove_participant(uow, "p-pol")
        items.update_item(uow, "i1", {"text": "Changed.", "restricted": True})
        new = items.add_item(uow, section="harm", text="Added.").ent_id
    got = {(e.action, e.kind, e.id): e.fields for e in uow.events()}
    assert got[("delete", "participant", "p-pol")] == ()
    assert set(got[("update", "item", "i1")]) == {"text", "restricted"}
    assert got[("add", "item", new)] == ()
    assert ("update", "conference", cid) not in got  # only its bookkeeping changed


def test_a_row_added_changed_and_removed_in_one_unit_is_stored_as_the_unit_left_it(
    example_store: tuple[Store, str],
) -> None:
    # A new row is written as it is added (past the ORM), and stays a row of the session:
    # later steps of the same unit change it, or remove it and put it back, in order.
    from conference.record.audit_chain import check_chain

    store, cid = example_store
    trail = len(ops.audit_trail(store, cid))
    with UnitOfWork(store, cid, ACTOR) as uow:
        ops.add_in(uow, "item", {"id": "n1", "section": "harm", "text": "First words"})
        ops.update_in(uow, "item", "n1", {"text": "Second words"})
        ops.add_in(uow, "item", {"id": "n2", "section": "harm", "text": "Gone again"})
        ops.remove_in(uow, "item", "n2")
        ops.add_in(uow, "item", {"id": "n2", "section": "harm", "text": "Back in"})
    kept = {i["id"]: i for i in export_document(store, cid)["items"]}
    assert kept["n1"]["text"] == "Second words" and kept["n2"]["text"] == "Back in"
    assert _version(store, cid, "item", "n1") == 1  # new in this unit: one version
    entries = ops.audit_trail(store, cid)[trail:]
    assert [e.action for e in entries] == ["add", "update", "add", "delete", "add"]
    assert len({e.group_id for e in entries}) == 1
    with store.engine.connect() as conn:
        assert check_chain(conn, cid).problems == []


def test_an_item_with_a_taken_id_is_refused_and_the_next_goes_last(
    example_store: tuple[Store, str],
) -> None:
    # The next free position and the new row are one statement, which writes nothing when
    # the id is taken.
    store, cid = example_store
    before = export_document(store, cid)
    taken = before["items"][0]["id"]
    with pytest.raises(RefusedInput, match="already exists"):
        ops.add(store, cid, "item", ACTOR, {"id": taken, "section": "harm", "text": "Again"})
    assert export_document(store, cid) == before
    ops.add(store, cid, "item", ACTOR, {"id": "n9", "section": "harm", "text": "Last one"})
    after = export_document(store, cid)["items"]
    assert [i["id"] for i in after] == [*(i["id"] for i in before["items"]), "n9"]


def _second_laptop_adds(other: Store, cid: str, outcome: dict[str, str]) -> threading.Thread:
    """The other laptop adds an item, started and seen waiting for the write lock held here."""
    reached = threading.Event()  # it has its connection: next comes the lock
    finished = threading.Event()
    event.listen(other.engine, "checkout", lambda *_: reached.set())

    def add() -> None:
        try:
            ops.add(other, cid, "item", "other-laptop", {"section": "harm", "text": "Late."})
            outcome["result"] = "added"
        except RefusedInput as exc:
            outcome["result"] = str(exc)
        finished.set()

    waiting = threading.Thread(target=add)
    waiting.start()
    assert reached.wait(10)
    assert not finished.wait(0.3), "the other laptop's add did not wait for the lock"
    return waiting


def test_a_unit_that_waited_for_the_write_lock_sees_the_finalising_before_it(
    example_store: tuple[Store, str],
) -> None:
    # The status is read once the lock is held (on PostgreSQL in the same flight as the
    # lock): a change that waited must not go into a record finalised meanwhile.
    store, cid = example_store
    other = open_store(store.location)
    outcome: dict[str, str] = {}
    try:
        with store.session() as session:  # this laptop holds the write lock
            session.execute(
                text("UPDATE conference SET status = 'finalised' WHERE id = :cid"), {"cid": cid}
            )
            waiting = _second_laptop_adds(other, cid, outcome)
            session.commit()
        waiting.join(15)
    finally:
        other.close()
    assert "finalised" in outcome["result"]
    assert "Late." not in [i["text"] for i in export_document(store, cid)["items"]]


def test_a_unit_that_waited_for_the_write_lock_chains_after_the_writer_before_it(
    example_store: tuple[Store, str],
) -> None:
    from conference.record.audit_chain import check_chain

    store, cid = example_store
    other = open_store(store.location)
    outcome: dict[str, str] = {}
    try:
        with UnitOfWork(store, cid, ACTOR) as uow:  # holds the lock until it commits
            items.add_item(uow, section="harm", text="First.")
            waiting = _second_laptop_adds(other, cid, outcome)
        waiting.join(15)
    finally:
        other.close()
    assert outcome["result"] == "added"
    texts = [i["text"] for i in export_document(store, cid)["items"]]
    assert texts[-2:] == ["First.", "Late."]
    with store.engine.connect() as conn:
        assert check_chain(conn, cid).problems == []
