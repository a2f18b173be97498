"""The chair's meeting from the keyboard: dates typed as written, focus where the typing goes."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conference.exchange.interchange import import_document
from ui.controller import ConferenceController


@pytest.fixture
def blank_plan(store: Any, example_doc: dict[str, Any]) -> ConferenceController:
    """The example conference with its next steps taken out."""
    doc = copy.deepcopy(example_doc)
    doc["next_steps"] = []
    doc["core_group_first_meeting"] = None
    doc["review_conference"] = None
    cid = import_document(store, doc, actor="test")
    return ConferenceController(store, cid, actor="test")


def plan_page(qtbot: Any, controller: ConferenceController) -> Any:
    from ui.pages.plan import PlanPage

    p = PlanPage(controller)
    qtbot.addWidget(p)
    p.show()
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow)
    return p


def keys(qtbot: Any, text: str) -> None:
    """Type as a person does: each key goes to whatever has the focus at that moment."""
    for ch in text:
        qtbot.keyClicks(QApplication.focusWidget(), ch)


def add_step_by_keys(qtbot: Any, p: Any, text: str) -> None:
    p.entry.setFocus()
    qtbot.keyClicks(p.entry, text)
    qtbot.keyClick(p.entry, Qt.Key.Key_Return)


def type_due_date(qtbot: Any, p: Any, text: str) -> None:
    """From the new step's row: Right to "By when" (3 cells on), type, Enter."""
    p.table.setFocus()
    for _ in range(3):
        qtbot.keyClick(p.table, Qt.Key.Key_Right)
    assert p.table.currentIndex().column() == 3
    keys(qtbot, text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_typing_15_dec_2026_into_the_plan_saves_2026_12_15(
    qtbot: Any, blank_plan: ConferenceController
) -> None:
    p = plan_page(qtbot, blank_plan)
    add_step_by_keys(qtbot, p, "Lucy visits the family at home")
    type_due_date(qtbot, p, "15 Dec 2026")
    qtbot.waitUntil(lambda: blank_plan.doc()["next_steps"][0]["due"] is not None)
    assert blank_plan.doc()["next_steps"][0]["due"] == "2026-12-15"
    assert "Tue 15 Dec 2026" in p.model.index(0, 3).data()


def test_a_date_it_cannot_read_is_not_saved_and_says_why(
    qtbot: Any, blank_plan: ConferenceController
) -> None:
    p = plan_page(qtbot, blank_plan)
    add_step_by_keys(qtbot, p, "Lucy visits the family at home")
    type_due_date(qtbot, p, "31/02/2027")
    assert blank_plan.doc()["next_steps"][0]["due"] is None
    assert "not saved" in p.date_note.text()
    assert "February 2027 has no day 31" in p.date_note.text()
    assert "next_step" not in p.date_note.text() and "due" not in p.date_note.text().split()


def test_a_due_date_before_the_meeting_is_warned_about_not_refused(
    qtbot: Any, blank_plan: ConferenceController
) -> None:
    p = plan_page(qtbot, blank_plan)
    meeting = dt.date.fromisoformat(blank_plan.conference_row()["starts_at"][:10])
    before = meeting - dt.timedelta(days=3)
    add_step_by_keys(qtbot, p, "Lucy visits the family at home")
    type_due_date(qtbot, p, f"{before.day}/{before.month}/{before.year}")
    qtbot.waitUntil(lambda: blank_plan.doc()["next_steps"][0]["due"] == before.isoformat())
    assert "before this meeting" in p.warnings.text()
    # A core group later than 10 working days after the meeting is warned about too.
    blank_plan.update_conference(
        {"core_group_first_meeting": f"{(meeting + dt.timedelta(days=40)).isoformat()}T10:00:00"}
    )
    qtbot.waitUntil(lambda: "later than 10 working days" in p.warnings.text())
    blank_plan.update_conference(
        {"review_conference": f"{(meeting - dt.timedelta(days=1)).isoformat()}T10:00:00"}
    )
    qtbot.waitUntil(lambda: "review conference is before this meeting" in p.warnings.text())
