"""The undo stack holds the operations' inverses: a drop is one step, a stale undo is refused."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import event

from conference import operations as ops
from conference.exchange.interchange import export_document
from conference.store.database import Store, open_store
from ui.conference_window import ConferenceWindow
from ui.controller import ConferenceController


def test_a_drop_into_another_pane_is_one_transaction_one_audit_group_one_undo_step(
    qtbot: QtBot, example_store: tuple[Store, str]
) -> None:
    store, cid = example_store
    window = ConferenceWindow(store, cid)
    qtbot.addWidget(window)
    c = window.controller
    before = export_document(store, cid)
    trail = len(ops.audit_trail(store, cid))
    commits: list[int] = []
    event.listen(store.engine, "commit", lambda _conn: commits.append(1))
    strengths = window.panes["strengths"]
    first_there = strengths.model.item_id(0)

    strengths.model.drop_item("i1", 0)  # from the harm pane, before the first strength

    assert len(commits) == 1
    assert c.undo_stack.count() == 1
    entries = ops.audit_trail(store, cid)[trail:]
    assert [(e.action, e.field) for e in entries] == [("move", "section"), ("move", "position")]
    assert len({e.group_id for e in entries}) == 1
    assert strengths.model.item_id(0) == "i1" and strengths.model.item_id(1) == first_there
    assert window.panes["harm"].model.row_of("i1") < 0

    c.undo_stack.undo()
    assert export_document(store, cid) == before
    assert window.panes["harm"].model.row_of("i1") == 0
    assert strengths.model.row_of("i1") < 0
    c.undo_stack.redo()
    assert strengths.model.item_id(0) == "i1"


def test_an_undo_refused_after_a_second_connection_changed_the_row(
    qtbot: QtBot, example_store: tuple[Store, str]
) -> None:
    store, cid = example_store
    c = ConferenceController(store, cid)
    messages: list[str] = []
    c.failed.connect(messages.append)
    assert c.update("item", "i2", {"text": "Changed by the chair"})
    assert c.update("item", "i7", {"text": "Mia likes school"})
    other = open_store(store.location)  # the other laptop, on the same store
    try:
        ops.update(
            other, cid, "item", "i7", "other-laptop", {"text": "Changed on the other laptop"}
        )
    finally:
        other.close()
    assert c.undo_stack.count() == 2 and c.undo_stack.index() == 2

    c.undo_stack.undo()  # would put back i7's text from before the other laptop's change

    assert messages and "changed meanwhile" in messages[-1] and "\n" not in messages[-1]
    # Nothing was written over the other laptop's change, and the window shows it.
    assert ops.get_row(store, cid, "item", "i7")["text"] == "Changed on the other laptop"  # type: ignore[index]
    assert c.row("item", "i7")["text"] == "Changed on the other laptop"  # type: ignore[index]
    # The step that can no longer apply is gone; the one below it still undoes.
    assert c.undo_stack.count() == 1 and c.undo_stack.index() == 1
    assert c.undo_stack.undoText() == "Change item"
    assert not c.undo_stack.canRedo()
    c.undo_stack.undo()
    assert c.row("item", "i2")["text"] != "Changed by the chair"  # type: ignore[index]
    assert c.undo_stack.index() == 0 and c.undo_stack.canRedo()


def test_a_redo_refused_when_the_row_was_removed_meanwhile(
    qtbot: QtBot, example_store: tuple[Store, str]
) -> None:
    store, cid = example_store
    c = ConferenceController(store, cid)
    messages: list[str] = []
    c.failed.connect(messages.append)
    assert c.update("item", "i3", {"restricted": True})
    c.undo_stack.undo()
    ops.delete(store, cid, "item", "i3", "other-laptop")
    c.undo_stack.redo()
    assert messages and "removed meanwhile" in messages[-1]
    assert c.undo_stack.count() == 0 and not c.undo_stack.canRedo()
    assert c.row("item", "i3") is None


def test_undo_of_typing_merged_into_one_step_goes_back_to_before_the_first_keystroke(
    qtbot: QtBot, example_store: tuple[Store, str]
) -> None:
    store, cid = example_store
    c = ConferenceController(store, cid)
    original = c.row("item", "i7")["text"]  # type: ignore[index]
    for text in ("M", "Mi", "Mia"):
        c.update("item", "i7", {"text": text}, merge=True)
    c.undo_stack.undo()
    assert c.row("item", "i7")["text"] == original  # type: ignore[index]
    assert ops.get_row(store, cid, "item", "i7")["version"] == 1  # type: ignore[index]
    c.undo_stack.redo()
    assert ops.get_row(store, cid, "item", "i7")["text"] == "Mia"  # type: ignore[index]


def test_after_a_refused_undo_the_room_shows_the_other_laptops_change(
    qtbot: QtBot, example_store: tuple[Store, str]
) -> None:
    from ui.room.window import ProjectorWindow

    store, cid = example_store
    c = ConferenceController(store, cid)
    c.set_step(next(i for i, s in enumerate(c.agenda) if s.section == "strengths"))
    room = ProjectorWindow(c)
    qtbot.addWidget(room)
    room.show()
    qtbot.waitUntil(room.isVisible)
    assert c.update("item", "i7", {"text": "Mia likes school"})
    other = open_store(store.location)
    try:
        ops.update(other, cid, "item", "i7", "other-laptop", {"text": "Mia loves school"})
    finally:
        other.close()
    c.undo_stack.undo()
    assert "Mia loves school" in [b.text for b in room.model.blocks()]
