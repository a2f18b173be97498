"""Start the review from the conference's own window: refused, started, and asked first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from conference import operations as ops
from conference.exchange.interchange import export_document, import_document
from conference.store.database import Store
from tests.helpers import activate, focused
from ui.conference_window import ConferenceWindow

ACTOR = "Priya Shah"
SHOTS = Path("/tmp/shots14")
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def conference(store: Store, example_doc: dict[str, Any], status: str) -> str:
    doc = dict(example_doc)
    doc["conference"] = {**example_doc["conference"], "status": status}
    return import_document(store, doc, actor=ACTOR)


def open_window(qtbot: Any, store: Store, cid: str) -> ConferenceWindow:
    window = ConferenceWindow(store, cid)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.focus_log != [])
    return window


def start_review_by_keys(qtbot: Any, window: ConferenceWindow) -> None:
    """Ctrl+Shift+V, pressed wherever the chair is."""
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_V, CTRL_SHIFT)


def answer_when_asked(qtbot: Any, key: Qt.Key, asked: list[str]) -> Callable[[], None]:
    """Press a key in the question once it is up (it runs its own event loop)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.append(box.text())
        box.grab().save(str(SHOTS / "second-review-question.png"))
        qtbot.keyClick(box, key)

    return answer


def test_a_meeting_in_progress_is_refused_in_the_window(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    cid = conference(store, example_doc, "in_progress")
    window = open_window(qtbot, store, cid)
    assert window.review_action in window.menuBar().actions()[3].menu().actions()
    start_review_by_keys(qtbot, window)
    said = window.saved_label.text()
    assert said == (
        "No review started: this meeting is still in progress. Only an ended or finalised "
        "conference can be reviewed: end it first (Ctrl+Shift+E)."
    )
    assert window.saved_label.fontInfo().bold()  # said as a refusal, in the window
    assert QApplication.activeModalWidget() is None  # no dialog for it
    assert len(ops.list_conferences(store)) == 1
    assert window.review_windows == []
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "review-refused.png"))


def test_a_planned_meeting_is_refused_too(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    cid = conference(store, example_doc, "planned")
    window = open_window(qtbot, store, cid)
    start_review_by_keys(qtbot, window)
    assert window.saved_label.text() == (
        "No review started: this meeting has not started yet. Only an ended or finalised "
        "conference can be reviewed."
    )
    assert len(ops.list_conferences(store)) == 1


def test_an_ended_meeting_opens_its_review_and_a_second_asks_first(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    cid = conference(store, example_doc, "in_progress")
    window = open_window(qtbot, store, cid)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_E, CTRL_SHIFT)  # end the meeting
    qtbot.waitUntil(lambda: window.controller.conference["status"] == "ended")
    before = export_document(store, cid)

    start_review_by_keys(qtbot, window)
    qtbot.waitUntil(lambda: len(window.review_windows) == 1)
    review = window.review_windows[0]
    qtbot.addWidget(review)
    assert review.isVisible()
    assert review.controller.conference["kind"] == "review"
    assert review.controller.conference["previous_conference_id"] == cid
    assert [s.kind for s in review.controller.agenda][2] == "progress"
    assert "The review is started in its own window" in window.saved_label.text()
    # The record panel opened beside the step when the meeting ended: the focus ring stays
    # round what shows of the field, never over the panel.
    stack_right = window.stack.mapTo(window, window.stack.rect().topRight()).x()
    qtbot.waitUntil(lambda: window.focus_ring.geometry().right() <= stack_right + 3)
    window.grab().save(str(SHOTS / "review-started.png"))
    assert export_document(store, cid) == before  # the conference reviewed is unchanged

    # A second review: asked first. No (the default, Enter) makes nothing.
    window.activateWindow()
    activate(qtbot, window)
    asked: list[str] = []
    QTimer.singleShot(0, answer_when_asked(qtbot, Qt.Key.Key_Return, asked))
    start_review_by_keys(qtbot, window)
    assert asked == [
        "This conference (the Green family) already has a review. Start another review of it?"
    ]
    assert len(ops.list_conferences(store)) == 2
    assert len(window.review_windows) == 1
    assert window.saved_label.text() == "No review started: this conference already has one."
    # Y says yes: a second review, opened.
    window.activateWindow()
    activate(qtbot, window)
    QTimer.singleShot(0, answer_when_asked(qtbot, Qt.Key.Key_Y, asked))
    start_review_by_keys(qtbot, window)
    qtbot.waitUntil(lambda: len(window.review_windows) == 2)
    qtbot.addWidget(window.review_windows[1])
    assert len(asked) == 2
    assert len(ops.list_conferences(store)) == 3
    assert export_document(store, cid) == before


def test_a_window_the_home_window_opened_lists_its_review_there(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    from ui.home_window import HomeWindow

    cid = conference(store, example_doc, "in_progress")
    ops.end_meeting(store, cid, ACTOR)
    home = HomeWindow(store)
    qtbot.addWidget(home)
    home.show()
    window = home.open_conference(cid)
    assert window is not None
    window.activateWindow()
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.focus_log != [])
    start_review_by_keys(qtbot, window)
    qtbot.waitUntil(lambda: len(home.windows) == 2)
    (rid,) = set(home.windows) - {cid}
    assert home.windows[rid].controller.conference["previous_conference_id"] == cid
    assert window.review_windows == []  # the home window tracks it, not this one
    listed = [str(r.get("id")) for r in ops.list_conferences(store)]
    assert rid in listed
    for w in list(home.windows.values()):
        w.close()


def test_a_finalised_record_opens_its_review_too(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    cid = conference(store, example_doc, "in_progress")
    ops.end_meeting(store, cid, ACTOR)
    window = open_window(qtbot, store, cid)
    assert window.controller.finalise()  # set-up: the record approved and sealed
    assert window.controller.conference["status"] == "finalised"
    before = export_document(store, cid)
    start_review_by_keys(qtbot, window)
    qtbot.waitUntil(lambda: len(window.review_windows) == 1)
    review = window.review_windows[0]
    qtbot.addWidget(review)
    assert review.controller.conference["previous_conference_id"] == cid
    assert review.controller.conference["status"] == "planned"
    assert export_document(store, cid) == before
