"""Keep it back before it shows: Ctrl+Shift+Enter on the entry line adds an item already kept back."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from conference.exchange.interchange import export_document
from conference.store.database import Store
from tests.helpers import activate, shown_window
from ui.conference_window import ConferenceWindow
from ui.room.control import ProjectorController
from ui.widgets.keep_back import RESTRICTED_TEXT

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SECRET = "victim's new address is 9 Oak Close"


@pytest.fixture
def window(qtbot: Any, example_store: tuple[Store, str]) -> ConferenceWindow:
    store, cid = example_store
    return shown_window(qtbot, store, cid)  # type: ignore[no-any-return]


def _room_up_on_harm(qtbot: Any, window: ConferenceWindow) -> ProjectorController:
    pc = window.projector
    assert isinstance(pc, ProjectorController)
    step = next(n for n, s in enumerate(window.controller.agenda) if s.section == "harm")
    window.go_to_step(step)
    pc.show_projector()
    qtbot.waitExposed(pc.projector)
    pc.projector.clear_painted()  # record what is painted from now on
    pc.projector.grab()  # paints every row (offscreen too) and records each string
    assert pc.projector.painted_texts(), "the room's screen paints and records what it paints"
    pc.projector.clear_painted()
    return pc


def _popup(qtbot: Any) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    popup = QApplication.activePopupWidget()
    assert isinstance(popup, QMenu)
    return popup


def _items(window: ConferenceWindow) -> list[dict[str, Any]]:
    doc = export_document(window.controller.store, window.controller.cid)
    return [i for i in doc["items"] if i["text"] == SECRET]


def test_a_restricted_item_typed_with_the_room_up_is_never_painted_there(
    qtbot: Any, window: ConferenceWindow
) -> None:
    pc = _room_up_on_harm(qtbot, window)
    pane = window.current_pane()
    assert pane is not None
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, SECRET)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    labels = [a.text() for a in popup.actions() if a.isEnabled()]
    assert labels[0] == RESTRICTED_TEXT  # restricted first, then each family member
    assert labels[1:] == [
        "Keep back from Jade Green",
        "Keep back from Daniel Green",
        "Keep back from Carol Green",
    ]
    assert _items(window) == []  # nothing is added until the chair chooses
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_items(window)) == 1)
    assert _items(window)[0]["restricted"] is True
    assert pane.entry.text() == ""
    # Let the room's screen catch up with the change, then look at everything it painted.
    QApplication.processEvents()
    pc.projector.grab()  # paints every row (offscreen too) and records each string
    painted = " ".join(pc.projector.painted_texts())
    assert painted and "Oak Close" not in painted
    assert pc.projector.isVisible()


def test_keep_back_from_one_parent_in_one_keystroke(qtbot: Any, window: ConferenceWindow) -> None:
    pc = _room_up_on_harm(qtbot, window)
    pane = window.current_pane()
    assert pane is not None
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, SECRET)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Enter, CTRL_SHIFT)
    popup = _popup(qtbot)
    daniel = next(a for a in popup.actions() if a.text() == "Keep back from Daniel Green")
    popup.setActiveAction(daniel)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_items(window)) == 1)
    item = _items(window)[0]
    assert item["restricted"] is False and item["withheld_from"] == ["p-dan"]
    QApplication.processEvents()
    pc.projector.grab()  # paints every row (offscreen too) and records each string
    assert "Oak Close" not in " ".join(pc.projector.painted_texts())


def test_plain_enter_still_adds_an_ordinary_item(qtbot: Any, window: ConferenceWindow) -> None:
    """The control: the same text added with plain Enter is on the room's screen at once."""
    pc = _room_up_on_harm(qtbot, window)
    pane = window.current_pane()
    assert pane is not None
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, SECRET)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_items(window)) == 1)
    assert _items(window)[0]["restricted"] is False
    assert QApplication.activePopupWidget() is None
    pc.projector.grab()
    QApplication.processEvents()
    pc.projector.grab()
    assert "Oak Close" in " ".join(pc.projector.painted_texts())


# ---------------------------------------------------------------- scores and statements

DRUGS = "Drugs are being sold from the flat"


def _room_up_on(qtbot: Any, window: ConferenceWindow, kind: str) -> ProjectorController:
    pc = window.projector
    assert isinstance(pc, ProjectorController)
    step = next(n for n, s in enumerate(window.controller.agenda) if s.kind == kind)
    window.go_to_step(step)
    pc.show_projector()
    qtbot.waitExposed(pc.projector)
    pc.projector.clear_painted()  # record what is painted from now on
    pc.projector.grab()
    assert pc.projector.painted_texts(), "the room's screen paints and records what it paints"
    pc.projector.clear_painted()
    _back_to_chair(qtbot, window)
    return pc


def _back_to_chair(qtbot: Any, window: ConferenceWindow) -> None:
    """The chair keeps typing on the chair's screen (offscreen, the room's repaint activates it)."""
    window.activateWindow()
    activate(qtbot, window)


def _page(window: ConferenceWindow, cls: type) -> Any:
    page = window.stack.currentWidget().findChild(cls)
    assert isinstance(page, cls)
    return page


def _painted(pc: ProjectorController) -> str:
    QApplication.processEvents()
    pc.projector.grab()  # paints every row (offscreen too) and records each string
    return " ".join(pc.projector.painted_texts())


def _score_of(window: ConferenceWindow, participant: str) -> dict[str, Any] | None:
    return next(
        (r for r in window.controller.rows("score") if r["participant"] == participant), None
    )


def _type_score(qtbot: Any, page: Any, participant: str, score: str, reason: str) -> None:
    page.person_combo.setCurrentIndex(page.person_combo.findData(participant))
    page.score_edit.setFocus()
    qtbot.keyClicks(page.score_edit, score)
    qtbot.keyClick(page.score_edit, Qt.Key.Key_Tab)
    page.reason_edit.setFocus()
    qtbot.keyClicks(page.reason_edit, reason)


def test_a_restricted_score_typed_with_the_room_up_is_never_painted_there(
    qtbot: Any, window: ConferenceWindow
) -> None:
    from ui.pages.scaling import ScalingPage

    pc = _room_up_on(qtbot, window, "scaling")
    page = _page(window, ScalingPage)
    _type_score(qtbot, page, "p-nan", "2", DRUGS)
    qtbot.keyClick(page.reason_edit, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    assert [a.text() for a in popup.actions() if a.isEnabled()][0] == RESTRICTED_TEXT
    assert _score_of(window, "p-nan") is None  # nothing is added until the chair chooses
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _score_of(window, "p-nan") is not None)
    score = _score_of(window, "p-nan")
    assert score is not None and score["restricted"] is True and score["reason"] == DRUGS
    assert page.reason_edit.text() == ""
    painted = _painted(pc)
    assert painted and "Drugs" not in painted
    # The chair's own table says plainly that the room cannot see it.
    row = next(n for n, r in enumerate(page.model.rows) if r["participant"] == "p-nan")
    assert "Restricted" in page.model.index(row, 1).data()


def test_a_score_kept_back_from_daniel_in_one_keystroke(
    qtbot: Any, window: ConferenceWindow
) -> None:
    from ui.pages.scaling import ScalingPage

    pc = _room_up_on(qtbot, window, "scaling")
    page = _page(window, ScalingPage)
    _type_score(qtbot, page, "p-pol", "2", DRUGS)
    qtbot.keyClick(page.reason_edit, Qt.Key.Key_Enter, CTRL_SHIFT)
    popup = _popup(qtbot)
    daniel = next(a for a in popup.actions() if a.text() == "Keep back from Daniel Green")
    popup.setActiveAction(daniel)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: (_score_of(window, "p-pol") or {}).get("reason") == DRUGS)
    score = _score_of(window, "p-pol")
    assert score is not None and score["withheld_from"] == ["p-dan"]
    assert score["restricted"] is False
    assert "Drugs" not in _painted(pc)  # the room is everyone's: it shows neither


def test_the_control_a_plain_enter_score_is_painted_on_the_room(
    qtbot: Any, window: ConferenceWindow
) -> None:
    from ui.pages.scaling import ScalingPage

    pc = _room_up_on(qtbot, window, "scaling")
    page = _page(window, ScalingPage)
    _type_score(qtbot, page, "p-nan", "2", DRUGS)
    qtbot.keyClick(page.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _score_of(window, "p-nan") is not None)
    qtbot.waitUntil(lambda: "Drugs" in _painted(pc))


def test_a_score_kept_back_afterwards_from_the_scores_list(
    qtbot: Any, window: ConferenceWindow
) -> None:
    from ui.pages.scaling import ScalingPage

    pc = _room_up_on(qtbot, window, "scaling")
    page = _page(window, ScalingPage)
    assert "We go to Carol's" in _painted(pc)
    row = next(n for n, r in enumerate(page.model.rows) if r["participant"] == "p-jade")
    _back_to_chair(qtbot, window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # restricted, the first choice
    qtbot.waitUntil(lambda: bool((_score_of(window, "p-jade") or {}).get("restricted")))
    qtbot.waitUntil(lambda: "Carol's" not in _painted(pc))
    # And shared again from the same chooser (its last choice).
    _back_to_chair(qtbot, window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    popup.setActiveAction(popup.actions()[-1])
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not (_score_of(window, "p-jade") or {}).get("restricted"))
    # Ctrl+R on the step restricts it again (one keystroke, as in the panes).
    _back_to_chair(qtbot, window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool((_score_of(window, "p-jade") or {}).get("restricted")))


WORRY_WHO = "PC Kowalski"
WORRY = "Daniel may be selling drugs from the flat on Elm Road"


def _statements(window: ConferenceWindow, word: str) -> list[dict[str, Any]]:
    return [d for d in window.controller.rows("danger_statement") if word in d["text"]]


def test_a_danger_statement_kept_back_as_it_is_written_never_reaches_the_room(
    qtbot: Any, window: ConferenceWindow
) -> None:
    from ui.pages.analysis import AnalysisPage

    pc = _room_up_on(qtbot, window, "analysis")
    page = _page(window, AnalysisPage)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)  # a new danger statement
    qtbot.waitUntil(lambda: page.who_edit.hasFocus())
    qtbot.keyClicks(page.who_edit, WORRY_WHO)
    # Kept back from its first words: the chooser, restricted first.
    qtbot.keyClick(page.who_edit, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    assert [a.text() for a in popup.actions() if a.isEnabled()][0] == RESTRICTED_TEXT
    qtbot.wait(600)  # longer than the typing pause: nothing is saved while the chair chooses
    assert _statements(window, "Kowalski") == []
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_statements(window, "Kowalski")) == 1)
    assert _statements(window, "Kowalski")[0]["restricted"] is True
    assert page.restricted_check.isChecked()  # the chair sees it is kept back
    # The rest of it typed into the kept-back statement.
    _back_to_chair(qtbot, window)
    page.about_edit.setFocus()
    qtbot.keyClicks(page.about_edit, WORRY)
    qtbot.keyClick(page.about_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: len(_statements(window, "Elm Road")) == 1)
    assert _statements(window, "Elm Road")[0]["restricted"] is True
    painted = _painted(pc)
    assert painted and "Elm Road" not in painted and "Kowalski" not in painted


def test_a_safety_goal_kept_back_from_one_parent_as_it_is_written(
    qtbot: Any, window: ConferenceWindow
) -> None:
    from ui.pages.analysis import AnalysisPage

    pc = _room_up_on(qtbot, window, "analysis")
    page = _page(window, AnalysisPage)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    qtbot.waitUntil(lambda: page.who_edit.hasFocus())
    qtbot.keyClicks(page.who_edit, "Sam")
    qtbot.keyClick(page.who_edit, Qt.Key.Key_Tab)  # leaving the field saves it, plainly
    qtbot.waitUntil(lambda: len(_statements(window, "Sam is worried")) == 1)
    qtbot.waitUntil(lambda: "Sam is worried" in _painted(pc))
    _back_to_chair(qtbot, window)
    page.goal_edit.setFocus()
    qtbot.keyClicks(page.goal_edit, "Leo will stay with Nan at Willow Court on Fridays")
    qtbot.keyClick(page.goal_edit, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    daniel = next(a for a in popup.actions() if a.text() == "Keep back from Daniel Green")
    popup.setActiveAction(daniel)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.goal() is not None)
    goal = page.goal()
    assert goal is not None and goal["withheld_from"] == ["p-dan"]
    assert "Willow Court" in goal["text"]
    assert "Willow Court" not in _painted(pc)


def test_the_contingency_kept_back_as_it_is_rewritten_and_shared_again(
    qtbot: Any, window: ConferenceWindow
) -> None:
    from ui.pages.plan import PlanPage

    pc = _room_up_on(qtbot, window, "plan")
    page = _page(window, PlanPage)
    assert "alcohol service" in _painted(pc)
    _back_to_chair(qtbot, window)
    page.contingency_edit.setFocus()
    qtbot.keyClick(page.contingency_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.contingency_edit, "The children go to the refuge on Birch Lane")
    qtbot.keyClick(page.contingency_edit, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    assert [a.text() for a in popup.actions() if a.isEnabled()][0] == RESTRICTED_TEXT
    qtbot.wait(600)  # the typing pause passes: nothing is saved while the chair chooses
    assert "Birch Lane" not in (window.controller.conference_row()["contingency"] or "")
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    conf = window.controller.conference_row()
    assert conf["contingency_restricted"] is True and "Birch Lane" in conf["contingency"]
    assert page.contingency_kept.isVisibleTo(page)
    assert page.contingency_kept.text() == "Restricted: the family will not see this"
    painted = _painted(pc)
    assert painted and "Birch Lane" not in painted
    # Shared again, from the same chooser: now the room reads it.
    _back_to_chair(qtbot, window)
    page.contingency_edit.setFocus()
    qtbot.keyClick(page.contingency_edit, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    popup.setActiveAction(popup.actions()[-1])
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.controller.conference_row()["contingency_restricted"] is False
    assert not page.contingency_kept.isVisibleTo(page)
    qtbot.waitUntil(lambda: "Birch Lane" in _painted(pc))


def test_a_next_step_added_already_kept_back(qtbot: Any, window: ConferenceWindow) -> None:
    from ui.pages.plan import PlanPage

    pc = _room_up_on(qtbot, window, "plan")
    page = _page(window, PlanPage)
    page.entry.setFocus()
    qtbot.keyClicks(page.entry, "Police to check the flat on Elm Road")
    qtbot.keyClick(page.entry, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    steps = [r for r in window.controller.rows("next_step") if "Elm Road" in r["action"]]
    assert len(steps) == 1 and steps[0]["restricted"] is True
    assert "Elm Road" not in _painted(pc)


def test_a_childs_view_kept_back_from_one_parent_as_it_is_written(
    qtbot: Any, window: ConferenceWindow
) -> None:
    pc = _room_up_on(qtbot, window, "child_view")
    page = window.child_view
    assert page is not None
    cid, edit = next(iter(page.editors.items()))
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " She sleeps at Dad's friend Tomasz's flat on Fridays.")
    qtbot.keyClick(edit, Qt.Key.Key_Return, CTRL_SHIFT)
    popup = _popup(qtbot)
    qtbot.wait(600)  # longer than the typing pause: nothing is saved while the chair chooses
    assert "Tomasz" not in (window.controller.row("child", cid) or {}).get("view", "")
    daniel = next(a for a in popup.actions() if a.text() == "Keep back from Daniel Green")
    popup.setActiveAction(daniel)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Tomasz" in (window.controller.row("child", cid) or {}).get("view", ""))
    child = window.controller.row("child", cid) or {}
    assert child["view_withheld_from"] == ["p-dan"] and child["view_restricted"] is False
    assert page.withheld_notes[cid].text() == "Not shared with Daniel Green"
    assert page.withheld_notes[cid].isVisibleTo(page)
    assert "Tomasz" not in _painted(pc)
