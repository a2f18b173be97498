"""The leak finder, live: text a reader will see that repeats something kept back is marked on the chair's screen."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from conference.store.database import Store
from tests.helpers import activate, go_to_section, shown_window
from ui.conference_window import ConferenceWindow
from ui.pages.plan import PlanPage
from ui.pages.scaling import ScalingPage
from ui.widgets.leak_marks import LEAK_DELAY_MS, leak_watch
from ui.widgets.roles import LeakRole

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CAROL = "May give away something kept back: 'Carol's' (kept back from Daniel Green)"


@pytest.fixture
def window(qtbot: Any, example_store: tuple[Store, str]) -> ConferenceWindow:
    store, cid = example_store
    return shown_window(qtbot, store, cid, (1280, 800))  # type: ignore[no-any-return]


def _scaling(window: ConferenceWindow) -> None:
    step = next(n for n, s in enumerate(window.controller.agenda) if s.kind == "scaling")
    window.go_to_step(step)


def _marks_on(widget: Any) -> list[str]:
    """Every leak mark label shown on a page, as the chair reads it."""
    return [
        label.text()
        for label in widget.findChildren(QLabel)
        if label.objectName() == "leak_mark" and label.isVisibleTo(widget) and label.text()
    ]


def test_the_example_marks_jades_score_reason_beside_it(
    qtbot: Any, window: ConferenceWindow
) -> None:
    _scaling(window)
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: bool(_marks_on(page)), timeout=5000)
    shown = _marks_on(page)
    assert len(shown) == 1
    assert "We go to Carol's when it starts" in shown[0]
    assert CAROL in shown[0]
    # And in the scores table, on the reason itself.
    scaling = page.findChild(ScalingPage)
    assert isinstance(scaling, ScalingPage)
    table = scaling.table
    reasons = [
        table.model().index(r, 3).data(Qt.ItemDataRole.ToolTipRole) or ""
        for r in range(table.model().rowCount())
    ]
    assert any(CAROL in t for t in reasons)
    scaling.grab().save("/tmp/h11_scaling_leak.png")


def test_a_new_item_repeating_a_kept_back_word_is_marked_after_the_pause(
    qtbot: Any, window: ConferenceWindow
) -> None:
    go_to_section(window, "strengths")
    pane = window.current_pane()
    assert pane is not None
    watch = leak_watch(window.controller)
    qtbot.waitUntil(lambda: bool(watch.leaks), timeout=5000)  # the first look is done
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, "Jade is settled at Larch Close now")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    new = pane.model.rowCount() - 1
    assert "Larch Close" in pane.model.index(new, 0).data()
    # Not on the keystroke: nothing is looked for until the chair pauses.
    assert pane.model.index(new, 0).data(LeakRole) == ""
    qtbot.wait(LEAK_DELAY_MS // 3)
    assert pane.model.index(new, 0).data(LeakRole) == ""
    qtbot.waitUntil(lambda: bool(pane.model.index(new, 0).data(LeakRole)), timeout=5000)
    mark = pane.model.index(new, 0).data(LeakRole)
    assert mark == ("May give away something kept back: 'Larch Close' (kept back from the family)")
    pane.view.viewport().grab().save("/tmp/h11_pane_leak.png")


def test_a_harmless_item_gets_no_mark(qtbot: Any, window: ConferenceWindow) -> None:
    go_to_section(window, "strengths")
    pane = window.current_pane()
    assert pane is not None
    watch = leak_watch(window.controller)
    qtbot.waitUntil(lambda: bool(watch.leaks), timeout=5000)
    looked = []
    watch.updated.connect(lambda: looked.append(1))
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, "Carol came to the meeting and said the children are happy")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(looked), timeout=5000)  # the finder has looked again
    QApplication.processEvents()
    marks = [pane.model.index(r, 0).data(LeakRole) for r in range(pane.model.rowCount())]
    assert marks == [""] * pane.model.rowCount()


def test_a_plan_step_repeating_a_kept_back_address_is_marked_beside_the_steps(
    qtbot: Any, window: ConferenceWindow
) -> None:
    step = next(n for n, s in enumerate(window.controller.agenda) if s.kind == "plan")
    window.go_to_step(step)
    page = window.stack.currentWidget()
    plan = page.findChild(PlanPage)
    assert isinstance(plan, PlanPage)
    watch = leak_watch(window.controller)
    qtbot.waitUntil(lambda: bool(watch.leaks), timeout=5000)
    assert _marks_on(plan) == []
    plan.entry.setFocus()
    qtbot.keyClicks(plan.entry, "Sam visits Jade at Larch Close every week")
    qtbot.keyClick(plan.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(_marks_on(plan)), timeout=5000)
    (shown,) = _marks_on(plan)
    assert shown.endswith(
        "May give away something kept back: 'Larch Close' (kept back from the family)"
    )
    assert shown.startswith("Step ")


def test_a_danger_statement_repeating_a_kept_back_address_is_marked_beside_it(
    qtbot: Any, window: ConferenceWindow
) -> None:
    from ui.pages.analysis import AnalysisPage

    step = next(n for n, s in enumerate(window.controller.agenda) if s.kind == "analysis")
    window.go_to_step(step)
    page = window.stack.currentWidget().findChild(AnalysisPage)
    assert isinstance(page, AnalysisPage)
    watch = leak_watch(window.controller)
    qtbot.waitUntil(lambda: bool(watch.leaks), timeout=5000)
    assert _marks_on(page) == []
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    qtbot.waitUntil(lambda: page.who_edit.hasFocus())
    qtbot.keyClicks(page.who_edit, "Sam")
    qtbot.keyClick(page.who_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.about_edit, "Daniel comes round to Larch Close at night")
    qtbot.keyClick(page.about_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: bool(_marks_on(page)), timeout=5000)
    (shown,) = _marks_on(page)
    assert shown == (
        "Danger statement 3: May give away something kept back: 'Larch Close' "
        "(kept back from the family)"
    )


def test_the_mark_is_on_the_chairs_screen_only(qtbot: Any, window: ConferenceWindow) -> None:
    from ui.room.control import ProjectorController

    go_to_section(window, "strengths")
    pc = window.projector
    assert isinstance(pc, ProjectorController)
    pc.show_projector()
    qtbot.waitExposed(pc.projector)
    window.activateWindow()
    activate(qtbot, window)
    pane = window.current_pane()
    assert pane is not None
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, "Jade is settled at Larch Close now")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    new = pane.model.rowCount() - 1
    qtbot.waitUntil(lambda: bool(pane.model.index(new, 0).data(LeakRole)), timeout=5000)
    QApplication.processEvents()
    pc.projector.clear_painted()
    pc.projector.grab()  # paints every row (offscreen too) and records each string
    painted = " ".join(pc.projector.painted_texts())
    assert "Jade is settled" in painted  # the item itself is everyone's
    assert "May give away" not in painted and "kept back" not in painted


def test_the_finder_does_not_open_the_store_again_after_its_window_and_store_closed(
    qtbot: Any, window: ConferenceWindow
) -> None:
    # The finder looks a pause after each change; when the window and its store have been
    # closed meanwhile it must not open a connection nobody will close (on the shared
    # store, one left to the garbage collector).
    from sqlalchemy import event

    from conference.errors import StoreError

    store = window.controller.store
    opened: list[int] = []
    event.listen(store.engine, "connect", lambda *_: opened.append(1))
    assert window.controller.add("item", {"section": "harm", "text": "Said just before the end"})
    window.close()
    store.close()
    qtbot.wait(LEAK_DELAY_MS + 400)  # the finder's pause, and its worker's answer
    assert opened == []
    with pytest.raises(StoreError, match="closed"), store.session():
        pass
