"""A review meeting run by keys: plan progress, each worry looked at again, scores, decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea

from conference import operations as ops
from conference.exchange.interchange import export_document, import_document
from conference.operations.review import start_review
from conference.store.database import Store
from tests.gui.test_analysis_pages import enter_score
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


def test_review_meeting_by_keys(qtbot: Any, store: Store, example_doc: dict[str, Any]) -> None:
    rid = review_of_example(store, example_doc)
    window = ConferenceWindow(store, rid)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    kinds = [s.kind for s in window.controller.agenda]
    assert kinds.index("progress") < kinds.index("revisit") < kinds.index("scaling")

    # Progress on the plan: D, down, P, down, X, down, N.
    progress = page_of(window, "progress")
    assert isinstance(progress, ProgressPage)
    assert "Decided last time" in progress.reference.text()
    lst = progress.list
    lst.setFocus()
    lst.setCurrentRow(0)
    for key in (Qt.Key.Key_D, Qt.Key.Key_Down, Qt.Key.Key_P, Qt.Key.Key_Down, Qt.Key.Key_X):
        qtbot.keyClick(lst, key)
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    qtbot.keyClick(lst, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: lst.item(3).text().startswith("Not done"))
    assert lst.item(0).text().startswith("Done")
    assert lst.item(1).text().startswith("Partly done")
    assert lst.item(2).text().startswith("Dropped")
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "progress-chair.png"))

    # Each worry looked at again: N (no longer), down, S (still).
    revisit = page_of(window, "revisit")
    assert isinstance(revisit, RevisitPage)
    rl = revisit.list
    rl.setFocus()
    rl.setCurrentRow(0)
    for key in (Qt.Key.Key_N, Qt.Key.Key_Down, Qt.Key.Key_S):
        qtbot.keyClick(rl, key)
    qtbot.waitUntil(lambda: rl.item(1).text().startswith("Still a worry"))

    # Scores, revealed with Ctrl+Shift+R.
    scaling = page_of(window, "scaling")
    assert isinstance(scaling, ScalingPage)
    for pid, score in (("p-jade", 7), ("p-dan", 6), ("p-sw", 6), ("p-hv", 6)):
        enter_score(qtbot, scaling, pid, score)
    scaling.reveal_action.trigger()
    # The trend: last time beside this time, and both rounds in the picture.
    qtbot.waitUntil(lambda: "last time" in scaling.status_label.text())
    assert "Jade Green: last time 7, now 7" in scaling.status_label.text()
    assert "Sam Okafor: last time 3, now 6" in scaling.status_label.text()
    assert "Last time the scores went from 3 to 7." in scaling.status_label.text()
    assert sorted(pt.score for pt in scaling.picture.previous_points()) == [3, 3, 4, 4, 6, 7]
    assert sorted(pt.score for pt in scaling.picture.points()) == [6, 6, 6, 7]
    assert "Last time the middle score was 4." in scaling.picture.accessibleDescription()
    window.resize(1280, 800)
    window.grab().save(str(SHOTS / "scaling-chair.png"))
    room = ProjectorWindow(window.controller)
    qtbot.addWidget(room)
    room.resize(1280, 720)
    room.show()
    qtbot.waitUntil(lambda: room.body.currentWidget() is room.scaling_area)
    pictures = room.scaling_box.findChildren(ScalingPicture)
    assert pictures and sorted(pt.score for pt in pictures[0].previous_points()) == [
        3,
        3,
        4,
        4,
        6,
        7,
    ]
    words = [w.text() for w in room.scaling_box.findChildren(QLabel)]
    assert "Jade Green: last time 7, this time 7" in words
    room.grab().save(str(SHOTS / "scaling-room.png"))
    window.go_to_step(kinds.index("progress"))
    qtbot.waitUntil(lambda: room.body.currentWidget() is not room.scaling_area)
    shown = [str(room.model.index(r).data()) for r in range(room.model.rowCount())]
    assert any(t.startswith("Daniel: Go to the alcohol service") for t in shown)
    assert not any("Book Leo" in t for t in shown)  # dropped
    assert not any("police call-outs" in t for t in shown)  # kept back from the family
    room.grab().save(str(SHOTS / "progress-room.png"))
    room.close()

    # The decision: the plan continues for each child.
    decision = page_of(window, "decision")
    assert isinstance(decision, DecisionPage)
    for child in window.controller.rows("child"):
        decision.select_child(child["id"])
        decision.set_outcome("plan_continues")
        decision.category_checks["emotional_abuse"].setChecked(True)

    doc = export_document(store, rid)
    steps = [s["status"] for s in doc["next_steps"]]
    assert steps[:4] == ["done", "partly_done", "dropped", "not_done"]
    assert [d["review_status"] for d in doc["danger_statements"]] == [
        "no_longer_a_worry",
        "still_a_worry",
    ]
    assert sorted(s["score"] for s in doc["scaling"]["scores"]) == [6, 6, 6, 7]
    assert doc["scaling"]["revealed"] is True
    assert {d["outcome"] for d in doc["decisions"]} == {"plan_continues"}
    assert len(doc["decisions"]) == len(doc["children"])
    assert all(s["carried_from"] for s in doc["next_steps"])
    assert doc["previous_scaling"]["scores"]
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
