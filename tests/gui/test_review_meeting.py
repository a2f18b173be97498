"""A review meeting run by keys alone: plan progress, each worry again, scores, plan, decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QTableView

from conference import operations as ops
from conference.exchange.interchange import export_document, import_document
from conference.operations.review import start_review
from conference.store.database import Store
from tests.helpers import activate, focused
from ui.conference_window import ConferenceWindow
from ui.pages.decision import DecisionPage
from ui.pages.progress import ProgressPage, RevisitPage
from ui.pages.scaling import ScalingPage
from ui.room.window import ProjectorWindow
from ui.widgets.scaling_picture import ScalingPicture

ACTOR = "Priya Shah"
SHOTS = Path("/tmp/shots14")


def review_of_example(store: Store, example_doc: dict[str, Any]) -> str:
    doc = dict(example_doc)
    doc["conference"] = {**example_doc["conference"], "status": "in_progress"}
    prev = import_document(store, doc, actor=ACTOR)
    ops.end_meeting(store, prev, ACTOR)
    rid = start_review(store, ACTOR, prev)
    ops.start_meeting(store, rid, ACTOR)
    return rid


def page_of(window: ConferenceWindow, kind: str) -> Any:
    index = next(n for n, s in enumerate(window.controller.agenda) if s.kind == kind)
    window.go_to_step(index)
    page = window.stack.currentWidget()
    if isinstance(page, QScrollArea):
        page = page.widget()
    return page


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def press(qtbot: Any, key: Qt.Key, mods: Qt.KeyboardModifier = NONE) -> None:
    """One key, to whatever has the keyboard at that moment (as a person presses it)."""
    qtbot.keyClick(focused(qtbot), key, mods)


def type_keys(qtbot: Any, text: str) -> None:
    for ch in text:
        qtbot.keyClicks(focused(qtbot), ch)


def step_by_keys(qtbot: Any, window: ConferenceWindow, kind: str) -> Any:
    """Ctrl+PgDn until the step of this kind is open; its page (inside its scroll area)."""
    index = next(n for n, s in enumerate(window.controller.agenda) if s.kind == kind)
    for _ in range(len(window.controller.agenda)):
        if window.controller.current_step >= index:
            break
        press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window.controller.current_step == index
    page = window.stack.currentWidget()
    assert page.isAncestorOf(QApplication.focusWidget())
    return page.widget() if isinstance(page, QScrollArea) else page


def tab_to(qtbot: Any, target: Any, back: bool = False) -> None:
    """Tab (or Shift+Tab) round the step until the target has the keyboard.

    Tab moves from cell to cell inside a table: Ctrl+Tab leaves it, as a chair does.
    """
    for _ in range(20):
        focus = QApplication.focusWidget()
        if focus is target:
            return
        mods = (SHIFT if back else NONE) | (CTRL if isinstance(focus, QTableView) else NONE)
        press(qtbot, Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab, mods)
    assert QApplication.focusWidget() is target, target.accessibleName()


def active_window(qtbot: Any, window: ConferenceWindow) -> None:
    window.activateWindow()
    activate(qtbot, window)


def test_review_meeting_by_keys(qtbot: Any, store: Store, example_doc: dict[str, Any]) -> None:
    doc = dict(example_doc)
    doc["conference"] = {**example_doc["conference"], "status": "in_progress"}
    prev = import_document(store, doc, actor=ACTOR)
    ops.end_meeting(store, prev, ACTOR)
    rid = start_review(store, ACTOR, prev)
    window = ConferenceWindow(store, rid)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    active_window(qtbot, window)
    qtbot.waitUntil(lambda: window.focus_log != [])
    kinds = [s.kind for s in window.controller.agenda]
    assert kinds.index("progress") < kinds.index("revisit") < kinds.index("scaling")
    assert kinds.index("scaling") < kinds.index("plan") < kinds.index("decision")
    # The room's screen (F5) follows the chair from the start.
    press(qtbot, Qt.Key.Key_F5)
    room = window.projector.projector
    assert isinstance(room, ProjectorWindow)
    qtbot.waitUntil(room.isVisible)
    active_window(qtbot, window)  # the offscreen platform hands activation to the new window

    press(qtbot, Qt.Key.Key_B, CTRL | SHIFT)  # the meeting starts
    assert window.controller.conference["status"] == "in_progress"

    # Progress on the plan: D, down, P, down, X, down, N.
    progress = step_by_keys(qtbot, window, "progress")
    assert isinstance(progress, ProgressPage)
    assert "Decided last time" in progress.reference.text()
    lst = progress.list
    assert lst.hasFocus() and lst.currentRow() == 0
    for key in (Qt.Key.Key_D, Qt.Key.Key_Down, Qt.Key.Key_P, Qt.Key.Key_Down, Qt.Key.Key_X):
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_D, SHIFT)  # not a mark: nothing changes, no jump to "Done"
    assert lst.currentRow() == 3 and lst.item(3).text().startswith("Not looked at yet")
    press(qtbot, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: lst.item(3).text().startswith("Not done"))
    assert lst.item(0).text().startswith("Done")
    assert lst.item(1).text().startswith("Partly done")
    assert lst.item(2).text().startswith("Dropped")
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "progress-chair.png"))
    shown = [str(room.model.index(r, 0).data()) for r in range(room.model.rowCount())]
    assert any(t.startswith("Daniel: Go to the alcohol service") for t in shown)
    assert not any("Book Leo" in t for t in shown)  # dropped
    assert not any("police call-outs" in t for t in shown)  # kept back from the family
    room.grab().save(str(SHOTS / "progress-room.png"))

    # Each worry looked at again: N (no longer), down, S (still).
    revisit = step_by_keys(qtbot, window, "revisit")
    assert isinstance(revisit, RevisitPage)
    rl = revisit.list
    assert rl.hasFocus() and rl.currentRow() == 0
    for key in (Qt.Key.Key_N, Qt.Key.Key_Down, Qt.Key.Key_S):
        press(qtbot, key)
    qtbot.waitUntil(lambda: rl.item(1).text().startswith("Still a worry"))
    assert rl.item(0).text().startswith("No longer a worry")

    # Scores: typed into the score box, Enter moves on to the next person; Ctrl+Shift+R reveals.
    scaling = step_by_keys(qtbot, window, "scaling")
    assert isinstance(scaling, ScalingPage)
    assert scaling.score_edit.hasFocus()
    scored: list[str] = []
    for score in ("7", "6", "5", "6"):
        scored.append(scaling.person_combo.currentText())
        type_keys(qtbot, score)
        press(qtbot, Qt.Key.Key_Return)
    assert [n.split(" (")[0] for n in scored] == [
        "Jade Green",
        "Daniel Green",
        "Carol Green",
        "Sam Okafor",
    ]
    press(qtbot, Qt.Key.Key_R, CTRL | SHIFT)
    # The trend: last time beside this time, and both rounds in the picture.
    qtbot.waitUntil(lambda: "last time" in scaling.status_label.text())
    assert "Jade Green: last time 7, now 7" in scaling.status_label.text()
    assert "Sam Okafor: last time 3, now 6" in scaling.status_label.text()
    assert "Last time the scores went from 3 to 7." in scaling.status_label.text()
    assert sorted(pt.score for pt in scaling.picture.previous_points()) == [3, 3, 4, 4, 6, 7]
    assert sorted(pt.score for pt in scaling.picture.points()) == [5, 6, 6, 7]
    assert "Last time the middle score was 4." in scaling.picture.accessibleDescription()
    window.grab().save(str(SHOTS / "scaling-chair.png"))
    qtbot.waitUntil(lambda: room.body.currentWidget() is room.scaling_area)
    pictures = room.scaling_box.findChildren(ScalingPicture)
    assert pictures
    assert sorted(pt.score for pt in pictures[0].previous_points()) == [3, 3, 4, 4, 6, 7]
    words = [w.text() for w in room.scaling_box.findChildren(QLabel)]
    assert "Jade Green: last time 7, this time 7" in words
    room.grab().save(str(SHOTS / "scaling-room.png"))
    press(qtbot, Qt.Key.Key_F5, SHIFT)  # the room's screen off
    qtbot.waitUntil(lambda: not room.isVisible())

    # The new plan: a step typed into the plan's entry line, Enter adds it.
    plan = step_by_keys(qtbot, window, "plan")
    assert plan.entry.hasFocus()
    new_step = "Jade and Sam meet every week to check the safety plan"
    type_keys(qtbot, new_step)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(r["action"] == new_step for r in window.controller.rows("next_step"))
    )

    # The decision for each child, by keys, with last time's decision beside it.
    decision = step_by_keys(qtbot, window, "decision")
    assert isinstance(decision, DecisionPage)
    tab_to(qtbot, decision.children_table, back=True)
    assert decision.children_table.currentIndex().row() == 0
    assert decision.previous_label.isVisible()
    assert decision.previous_label.text() == (
        "Last time: child protection plan, category emotional abuse."
    )
    press(qtbot, Qt.Key.Key_Tab)  # the children are a chooser: Tab goes on to the outcome
    assert QApplication.focusWidget() is decision.outcome_combo
    press(qtbot, Qt.Key.Key_Down)
    assert decision.outcome_combo.currentText() == "The child protection plan continues"
    assert "needs at least one category" in decision.message.text()  # held, not saved
    assert window.controller.rows("decision") == []
    tab_to(qtbot, decision.category_checks["emotional_abuse"])
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(window.controller.rows("decision")) == 1)
    tab_to(qtbot, decision.rationale_edit)
    mia_reasons = "Mia is safer at home but the worry about shouting is still there."
    type_keys(qtbot, mia_reasons)
    tab_to(qtbot, decision.children_table, back=True)
    press(qtbot, Qt.Key.Key_Down)  # the next child
    assert decision.children_table.currentIndex().row() == 1
    assert decision.previous_label.text() == (
        "Last time: child protection plan, categories emotional abuse and neglect."
    )
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert decision.outcome_combo.currentText() == "The plan ends: child in need plan"
    assert not decision.category_checks["neglect"].isEnabled()  # only a plan has a category
    qtbot.waitUntil(lambda: len(window.controller.rows("decision")) == 2)
    shown_decisions = [
        decision.children_model.index(r, 1).data()
        for r in range(decision.children_model.rowCount())
    ]
    assert shown_decisions == [
        "The child protection plan continues (emotional abuse)",
        "The plan ends: child in need plan",
    ]
    qtbot.wait(100)  # the layout settles before the picture is taken
    window.grab().save(str(SHOTS / "decision-chair.png"))

    # Close, and end the meeting with Ctrl+Shift+E.
    step_by_keys(qtbot, window, "close")
    press(qtbot, Qt.Key.Key_E, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.controller.conference["status"] == "ended")
    assert "Ended" in window.windowTitle()

    out = export_document(store, rid)
    assert out["conference"]["status"] == "ended"
    carried = [s for s in out["next_steps"] if s.get("carried_from")]
    assert [s["status"] for s in carried[:4]] == ["done", "partly_done", "dropped", "not_done"]
    added = [s for s in out["next_steps"] if s["action"] == new_step]
    assert len(added) == 1 and not added[0].get("carried_from")
    assert [d["review_status"] for d in out["danger_statements"]] == [
        "no_longer_a_worry",
        "still_a_worry",
    ]
    assert sorted(s["score"] for s in out["scaling"]["scores"]) == [5, 6, 6, 7]
    assert out["scaling"]["revealed"] is True
    decided = {d["child"]: d for d in out["decisions"]}
    assert decided["c-mia"]["outcome"] == "plan_continues"
    assert decided["c-mia"]["categories"] == ["emotional_abuse"]
    assert decided["c-mia"]["rationale"] == mia_reasons
    assert decided["c-leo"]["outcome"] == "plan_ends_child_in_need"
    assert decided["c-leo"]["categories"] == []
    assert len(out["decisions"]) == len(out["children"])
    assert out["previous_scaling"]["scores"]
    # The conference reviewed is as it was.
    assert [d["outcome"] for d in export_document(store, prev)["decisions"]] == [
        "child_protection_plan",
        "child_protection_plan",
    ]
    window.close()


@pytest.mark.parametrize("kind", ["progress", "revisit"])
def test_marks_are_one_undo_step_each(
    qtbot: Any, store: Store, example_doc: dict[str, Any], kind: str
) -> None:
    rid = review_of_example(store, example_doc)
    window = ConferenceWindow(store, rid)
    qtbot.addWidget(window)
    page = page_of(window, kind)
    page.list.setCurrentRow(0)
    key = Qt.Key.Key_D if kind == "progress" else Qt.Key.Key_C
    qtbot.keyClick(page.list, key)
    qtbot.waitUntil(lambda: not page.list.item(0).text().startswith("Not looked at"))
    window.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: page.list.item(0).text().startswith("Not looked at"))
    window.close()


def test_home_window_starts_a_review_refuses_and_confirms(
    qtbot: Any, store: Store, example_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.home_window import HomeWindow

    warnings: list[str] = []
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text) or answer[0]
    )
    doc = dict(example_doc)
    doc["conference"] = {**example_doc["conference"], "status": "in_progress"}
    prev = import_document(store, doc, actor=ACTOR)
    home = HomeWindow(store)
    qtbot.addWidget(home)
    home.show()
    home.refresh()
    home.select(prev)
    # In progress: refused with a clear message, nothing made.
    assert home.start_review_of_selected() is None
    assert warnings and "only an ended or finalised conference can be reviewed" in warnings[-1]
    assert len(ops.list_conferences(store)) == 1
    ops.end_meeting(store, prev, ACTOR)
    home.select(prev)
    window = home.start_review_of_selected()
    assert window is not None
    qtbot.addWidget(window)
    assert window.controller.conference["kind"] == "review"
    assert window.controller.conference["previous_conference_id"] == prev
    window.close()
    # A second review asks first; No makes nothing, Yes makes it.
    home.select(prev)
    assert home.start_review_of_selected() is None
    assert asked and "already has a review" in asked[-1]
    assert len(ops.list_conferences(store)) == 2
    answer[0] = QMessageBox.StandardButton.Yes
    home.select(prev)
    second = home.start_review_of_selected()
    assert second is not None
    qtbot.addWidget(second)
    assert len(ops.list_conferences(store)) == 3
    second.close()


def test_the_decision_page_shows_last_times_decision_per_child(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    from ui.controller import ConferenceController

    rid = review_of_example(store, example_doc)
    controller = ConferenceController(store, rid, actor=ACTOR)
    page = DecisionPage(controller)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.children_table.setFocus()
    assert page.previous_label.isVisible()
    assert page.previous_label.text() == (
        "Last time: child protection plan, category emotional abuse."
    )
    qtbot.keyClick(page.children_table, Qt.Key.Key_Down)
    assert page.previous_label.text() == (
        "Last time: child protection plan, categories emotional abuse and neglect."
    )
    # A decision made now does not change what is shown for last time.
    qtbot.keyClick(page.children_table, Qt.Key.Key_Tab)
    qtbot.keyClick(page.outcome_combo, Qt.Key.Key_Down)
    qtbot.keyClick(page.outcome_combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(controller.rows("decision")) == 1)
    assert page.previous_label.text().startswith("Last time: child protection plan, categories")
    # A child who was not at the last conference: nothing recorded then.
    controller.add("child", {"name": "Ava Green", "date_of_birth": "2025-02-01"})
    qtbot.waitUntil(lambda: page.children_model.rowCount() == 3)
    assert page.children_table.currentIndex().row() == 1  # Leo is still the child chosen
    qtbot.keyClick(page.children_table, Qt.Key.Key_Down)
    assert page.children_model.rows[page.children_table.currentIndex().row()]["name"] == (
        "Ava Green"
    )
    assert page.previous_label.text() == "Last time: no decision was recorded for Ava Green."
    page.grab().save(str(SHOTS / "decision-review.png"))


def test_a_first_conference_shows_no_last_time(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    from ui.controller import ConferenceController

    cid = import_document(store, example_doc, actor=ACTOR)
    page = DecisionPage(ConferenceController(store, cid, actor=ACTOR))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert not page.previous_label.isVisible() and page.previous_label.text() == ""


@pytest.mark.parametrize(
    ("outcome", "categories", "words"),
    [
        (
            "child_protection_plan",
            ("neglect",),
            "Last time: child protection plan, category neglect.",
        ),
        (
            "plan_continues",
            ("neglect", "physical_abuse", "sexual_abuse"),
            "Last time: the child protection plan continued, categories neglect, physical abuse "
            "and sexual abuse.",
        ),
        ("plan_ends_no_further_action", (), "Last time: the plan ended (no further action)."),
        ("child_in_need_plan", (), "Last time: child in need plan."),
    ],
)
def test_last_time_in_words(outcome: str, categories: tuple[str, ...], words: str) -> None:
    from conference.operations.review import PreviousDecision
    from ui.pages.decision import last_time_words

    assert last_time_words(PreviousDecision("c", outcome, categories)) == words


def test_the_review_pages_words_follow_the_zoom(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    """Notes tinted through a style sheet kept 9 points at 200%: every word here follows."""
    rid = review_of_example(store, example_doc)
    window = ConferenceWindow(store, rid)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    sizes: dict[int, dict[str, float]] = {}
    for zoom in (100, 200):
        window.apply_zoom(zoom)
        decision = page_of(window, "decision")
        decision.message.setVisible(True)  # measured even while it has nothing to say
        progress = page_of(window, "progress")
        sizes[zoom] = {
            "last time": decision.previous_label.fontInfo().pointSizeF(),
            "not saved": decision.message.fontInfo().pointSizeF(),
            "quorum": decision.quorum_label.fontInfo().pointSizeF(),
            "outcome": decision.outcome_combo.fontInfo().pointSizeF(),
            "title": progress.title.fontInfo().pointSizeF(),
            "hint": progress.hint.fontInfo().pointSizeF(),
        }
        assert decision.message.fontInfo().bold() and progress.title.fontInfo().bold()
        assert sizes[zoom]["title"] > sizes[zoom]["hint"]
    for name, size in sizes[100].items():
        assert sizes[200][name] == pytest.approx(2 * size, rel=0.15), name
    window.close()
