"""An edit made in the window from a row another laptop has changed since is refused, not applied."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from conference import operations as ops
from conference.store.database import Store, open_store
from tests.helpers import activate
from ui.conference_window import ConferenceWindow
from ui.controller import ConferenceController


@pytest.fixture
def second_laptop(example_store: tuple[Store, str]) -> Iterator[Store]:
    """A second connection to the same store: the minute-taker's laptop."""
    store, _cid = example_store
    other = open_store(store.location)
    yield other
    other.close()


def _stored_text(store: Store, cid: str, item_id: str) -> str:
    with store.session() as session:
        from conference.store.model import Item

        row = session.get(Item, (cid, item_id))
        assert row is not None
        return str(row.text)


def test_typing_over_an_item_the_other_laptop_changed_is_refused_and_shows_theirs(
    qtbot: Any, example_store: tuple[Store, str], second_laptop: Store
) -> None:
    store, cid = example_store
    window = ConferenceWindow(store, cid)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    activate(qtbot, window)
    c = window.controller
    c.set_step(next(n for n, s in enumerate(c.agenda) if s.section == "strengths"))
    pane = window.panes["strengths"]
    item_id = pane.model.item_id(0)
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(0, 0))
    qtbot.keyClick(pane.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    # Meanwhile the minute-taker corrects the same item on her laptop.
    theirs = "Gran collects the children from school every day (corrected)."
    ops.update(second_laptop, cid, "item", item_id, "minute-taker", {"text": theirs})
    if store.shared:  # her change reaches this pane live; the open editor keeps its text
        qtbot.waitUntil(lambda: pane.model.item(0)["text"] == theirs, timeout=2000)
        assert editor.text() != theirs
    editor.end(False)
    qtbot.keyClicks(editor, " Mine.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Never applied over hers: the store, the pane and the editor all hold her text.
    assert _stored_text(store, cid, item_id) == theirs
    assert pane.model.item(0)["text"] == theirs
    assert pane.model.index(0, 0).data() == theirs
    said = window.saved_label.text()
    assert "another laptop changed this item since you read it" in said
    assert said.startswith("Not saved")
    # Once the chair has seen her text, an edit from it is saved.
    qtbot.keyClick(pane.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == theirs
    editor.end(False)
    qtbot.keyClicks(editor, " Agreed.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _stored_text(store, cid, item_id) == theirs + " Agreed."
    assert window.saved_label.text().startswith("Saved")
    c.stop_following()


def test_page_fields_are_refused_when_the_row_moved_since_the_window_read_it(
    qtbot: Any, example_store: tuple[Store, str], second_laptop: Store
) -> None:
    store, cid = example_store
    chair = ConferenceController(store, cid)
    chair.stop_following()  # on the shared store: as if her notification had not come yet
    told: list[str] = []
    chair.failed.connect(told.append)
    statement = chair.rows("danger_statement")[0]
    item = chair.rows("item")[0]
    assert chair.conference_row()["contingency"] != "Her plan B."
    # The other laptop changes a statement, an item and the contingency.
    ops.update(second_laptop, cid, "danger_statement", statement["id"], "mt", {"text": "Hers."})
    ops.update(second_laptop, cid, "item", item["id"], "mt", {"restricted": True})
    ops.update_conference(second_laptop, cid, "mt", {"contingency": "Her plan B."})
    # The window's edits carry the versions it read (the default), so each is refused.
    assert not chair.update("danger_statement", statement["id"], {"text": "His."}, merge=True)
    assert not chair.update("item", item["id"], {"restricted": False})
    assert not chair.update_conference({"contingency": "His plan B."}, merge=True)
    assert len(told) == 3
    assert all("another laptop changed this" in m and "not kept" in m for m in told)
    assert "conference's details" in told[2]
    # After each refusal the window shows the store's version: hers, and hers is kept.
    assert (chair.row("danger_statement", statement["id"]) or {})["text"] == "Hers."
    assert (chair.row("item", item["id"]) or {})["restricted"] is True
    assert chair.conference_row()["contingency"] == "Her plan B."
    other = ConferenceController(second_laptop, cid)
    other.stop_following()
    assert (other.row("danger_statement", statement["id"]) or {})["text"] == "Hers."
    assert other.conference_row()["contingency"] == "Her plan B."
    # Now that the chair has read hers, his edit from it is saved.
    assert chair.update("danger_statement", statement["id"], {"text": "Hers, and his."})
    assert not chair.undo_stack.count() or chair.undo_stack.count() == 1


def test_item_details_over_the_other_laptops_change_keep_it_back_but_nothing_else(
    qtbot: Any, example_store: tuple[Store, str], second_laptop: Store
) -> None:
    from ui.pages.pane import ItemDetailsDialog

    store, cid = example_store
    window = ConferenceWindow(store, cid)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    c = window.controller
    c.set_step(next(n for n, s in enumerate(c.agenda) if s.section == "harm"))
    pane = window.panes["harm"]
    item_id = pane.model.item_id(0)
    assert not pane.model.item(0)["restricted"]
    children_before = list(pane.model.item(0)["children"])
    pane.view.setCurrentIndex(pane.model.index(0, 0))
    pane.edit_details()
    dialog = window.findChild(ItemDetailsDialog)
    assert dialog is not None
    # The chair keeps it back and changes which children it is about...
    dialog.restricted.setFocus()
    qtbot.keyClick(dialog.restricted, Qt.Key.Key_Space)
    assert dialog.restricted.isChecked()
    dialog.children_list.setFocus()
    dialog.children_list.setCurrentRow(dialog.children_list.count() - 1)
    qtbot.keyClick(dialog.children_list, Qt.Key.Key_Space)
    assert set(dialog.changes()) == {"restricted", "children"}
    # ... while the minute-taker corrects its text on her laptop.
    theirs = "Mum says it was Dad's brother, not Dad."
    ops.update(second_laptop, cid, "item", item_id, "minute-taker", {"text": theirs})
    if store.shared:
        qtbot.waitUntil(lambda: pane.model.item(0)["text"] == theirs, timeout=2000)
    dialog.accept()
    with store.session() as session:
        from conference.store.model import Item

        row = session.get(Item, (cid, item_id))
        assert row is not None and row.text == theirs  # hers is kept
        assert row.restricted is True  # keeping back is never refused: the room is safe
        assert list(row.children) == children_before  # the rest of his edit was not kept
    said = window.saved_label.text()
    assert "another laptop changed this item" in said and "kept back" in said
    assert pane.model.index(0, 0).data() == theirs and pane.model.item(0)["restricted"]
    # Lifting a restriction from a stale read is refused (it would show the family more).
    ops.update(second_laptop, cid, "item", item_id, "minute-taker", {"text": theirs + " Twice."})
    c.stop_following()
    assert not c.update("item", item_id, {"restricted": False})
    with store.session() as session:
        row = session.get(Item, (cid, item_id))
        assert row is not None and row.restricted is True


def test_withholding_over_the_other_laptops_change_hides_from_both_lists_of_people(
    qtbot: Any, example_store: tuple[Store, str], second_laptop: Store
) -> None:
    store, cid = example_store
    chair = ConferenceController(store, cid)
    chair.stop_following()
    told: list[str] = []
    chair.failed.connect(told.append)
    item = next(i for i in chair.rows("item") if not i["withheld_from"] and not i["restricted"])
    ops.update(
        second_laptop, cid, "item", item["id"], "mt", {"withheld_from": ["p-nan"], "text": "Hers."}
    )
    # From his stale read, the chair withholds it from Dan and changes who raised it.
    assert not chair.update("item", item["id"], {"withheld_from": ["p-dan"], "source": "p-sw"})
    with store.session() as session:
        from conference.store.model import Item

        row = session.get(Item, (cid, item["id"]))
        assert row is not None
        assert sorted(row.withheld_from) == ["p-dan", "p-nan"]  # kept back from both
        assert row.text == "Hers." and row.source == item["source"]  # the rest refused
    assert "what you kept back is kept back now" in told[-1]
