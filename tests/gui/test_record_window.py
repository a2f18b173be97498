"""The record in the window: the minute-taker edits after End, the chair reviews, undoes one, approves."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from conference.exchange.interchange import export_document, import_document
from conference.store.database import Store
from ui.conference_window import ConferenceWindow

SHOTS = Path("/tmp/h13-shots")


def shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def meeting(store: Store, example_doc: dict[str, Any]) -> tuple[Store, str]:
    doc = copy.deepcopy(example_doc)
    doc["conference"]["status"] = "in_progress"
    return store, import_document(store, doc, actor="test")


def open_window(qtbot: Any, store: Store, cid: str) -> ConferenceWindow:
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.resize(1500, 950)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_minute_taker_edits_after_end_chair_reviews_undoes_one_and_approves(
    qtbot: Any, meeting: tuple[Store, str], example_doc: dict[str, Any]
) -> None:
    store, cid = meeting
    w = open_window(qtbot, store, cid)
    panel = w.record_panel
    assert not w.record_dock.isVisible()  # nothing to review during the meeting

    w.end_action.trigger()
    qtbot.waitUntil(lambda: w.record_dock.isVisible())
    assert "Draft record" in panel.state.text()

    # The minute-taker tidies the record after the meeting.
    panel.set_working_as("minute_taker")
    assert panel.working_as.currentText() == "Tom Ellis (minute-taker)"
    item, step = example_doc["items"][0], example_doc["next_steps"][1]
    assert w.controller.update("item", item["id"], {"text": "Mia said Dad hit Mum twice."})
    assert w.controller.update("next_step", step["id"], {"due": "2026-11-30"})
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2)
    assert panel.table.item(0, 1).text().startswith("Tom Ellis (")
    assert panel.table.item(0, 2).text() == "What was said: the words"
    assert panel.table.item(1, 2).text() == "Next step: by when"
    assert not panel.approve_button.isEnabled()  # only the chair approves
    assert panel.send_to_chair()

    # The chair reviews: the list, then the side by side of one change.
    panel.set_working_as("chair")
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: "Mia said Dad hit Mum twice." in panel.now.toPlainText())
    assert item["text"] in panel.room.toPlainText()
    shot(panel.window(), "changes-list-and-side-by-side")

    # ... undoes the date change, and approves the rest.
    panel.table.selectRow(1)
    assert panel.undo_button.isEnabled()
    assert panel.undo_selected()
    assert export_document(store, cid)["next_steps"][1]["due"] == step["due"]
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3)
    assert panel.table.item(2, 1).text().startswith("Priya Shah (")
    seal = panel.approve()
    assert seal is not None and len(seal) == 64
    qtbot.waitUntil(lambda: panel.corrections_box.isVisible())
    doc = export_document(store, cid)
    assert doc["conference"]["status"] == "finalised"
    assert doc["items"][0]["text"] == "Mia said Dad hit Mum twice."
    assert "Final record, approved by Priya Shah" in panel.state.text()
    assert not w.stack.isEnabled()  # a finalised record is read-only
    panel.tabs.setCurrentWidget(panel.changes_box)
    shot(panel.window(), "approved-record")
    panel.tabs.setCurrentWidget(panel.corrections_box)

    # A correction, from the corrections panel; the sealed record stays as it was.
    panel.asked_by.setCurrentIndex(panel.asked_by.findData("p-jade"))
    panel.received.setText("not a date")
    panel.correction_text.setPlainText("Jade says the move was in October.")
    assert panel.add_correction() is None
    assert "is not a date" in panel.message.text()
    panel.received.setText("2026-11-24")
    assert panel.add_correction() == 1
    qtbot.waitUntil(lambda: panel.corrections.rowCount() == 1)
    assert panel.corrections.item(0, 1).text() == "Jade Green"
    assert export_document(store, cid)["items"][0]["text"] == "Mia said Dad hit Mum twice."
    shot(panel.window(), "corrections-panel")

    # Who gets the record: the GP gets none.
    panel.tabs.setCurrentWidget(panel.distribution_box)
    people = [panel.distribution.item(r, 0).text() for r in range(panel.distribution.rowCount())]
    gp = people.index("Dr Ian Patel")
    assert (
        panel.distribution.cellWidget(people.index("Jade Green (family)"), 1)
        .currentText()
        .startswith("partial")
    )
    panel.distribution.cellWidget(gp, 1).setCurrentIndex(1)
    from conference.record.distribution import distribution

    assert {d.name: d.copy_kind for d in distribution(store, cid)}["Dr Ian Patel"] == "none"
    shot(panel.window(), "who-gets-the-record")

    letter = panel.write_letter(str(SHOTS / "letter.pdf"))
    assert letter is not None and letter.read_bytes().startswith(b"%PDF")

    # "Working as" is remembered for the next window.
    w.close()
    again = open_window(qtbot, store, cid)
    assert again.record_panel.working_as.currentText() == "Priya Shah (chair)"
    assert again.record_dock.isVisible() and again.record_panel.corrections.rowCount() == 1


def test_the_home_window_shows_each_record_state_and_what_is_due(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    from ui.home_window import HomeWindow

    ended = copy.deepcopy(example_doc)  # ended on Friday 20 November 2026
    import_document(store, ended, actor="test")
    planned = copy.deepcopy(example_doc)
    planned["conference"].update(id="c-planned", status="planned", family_name="the Rowe family")
    import_document(store, planned, actor="test")
    meeting = copy.deepcopy(example_doc)
    meeting["conference"].update(id="c-now", status="in_progress", family_name="the Patel family")
    import_document(store, meeting, actor="test")
    home = HomeWindow(store)
    qtbot.addWidget(home)
    home.resize(1100, 700)
    home.show()
    qtbot.waitExposed(home)
    table = home.records_table
    rows = {
        table.item(r, 0).text(): tuple(table.item(r, c).text() for c in (1, 2, 3))
        for r in range(table.rowCount())
    }
    assert set(rows) == {"the Green family", "the Patel family"}  # a planned one has no record yet
    assert rows["the Patel family"] == ("in the meeting", "", "")
    state, late, owed = rows["the Green family"]
    assert state == "draft"
    assert late.startswith("letter (since 23 November 2026)")  # overdue first, oldest first
    assert "record (11 December 2026)" in owed or "record (since 11 December 2026)" in late
    assert "core group" in owed + late
    shot(home, "home-records")
    from conference.record.due import mark

    mark(store, example_doc["conference"]["id"], "letter_sent", actor="test")
    home.refresh()
    owed = next(
        table.item(r, 2).text() + table.item(r, 3).text()
        for r in range(table.rowCount())
        if table.item(r, 0).text() == "the Green family"
    )
    assert "letter" not in owed
