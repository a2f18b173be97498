"""No shortcut fires while typing: b and Esc, with the focus anywhere, neither blank nor close the room."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from conference.store.database import Store
from tests.helpers import activate, shown_window
from ui.conference_window import ConferenceWindow
from ui.room.control import ProjectorController


@pytest.fixture
def window(qtbot: Any, example_store: tuple[Store, str]) -> ConferenceWindow:
    store, cid = example_store
    return shown_window(qtbot, store, cid)  # type: ignore[no-any-return]


def _focusable(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in [root, *root.findChildren(QWidget)]
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def test_b_and_esc_anywhere_on_every_step_leave_the_room_screen_alone(
    qtbot: Any, window: ConferenceWindow
) -> None:
    pc = window.projector
    assert isinstance(pc, ProjectorController)
    pc.show_projector()
    qtbot.waitUntil(pc.projector.isVisible)
    pressed = 0
    for step in range(len(window.controller.agenda)):
        window.go_to_step(step)
        qtbot.waitUntil(lambda s=step: window.controller.current_step == s)
        for widget in [window.agenda, *_focusable(window.stack.currentWidget())]:
            if not widget.isVisible():
                continue  # an earlier key press changed the page (a combo closed, a row moved)
            widget.setFocus()
            if QApplication.focusWidget() is not widget:
                continue
            for key in (Qt.Key.Key_B, Qt.Key.Key_Escape):
                qtbot.keyClick(QApplication.focusWidget() or widget, key)
                pressed += 1
                assert not window.controller.blanked, (step, type(widget).__name__, key)
                assert pc.projector.isVisible(), (step, type(widget).__name__, key)
            # Leave any editor or popup the key opened, without Esc (which is what we test).
            for popup in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
                if popup is not None:
                    popup.close()
            if QApplication.activeWindow() is not window:
                window.activateWindow()
                activate(qtbot, window)
    print("keys pressed:", pressed)
    assert pressed > 50
    assert not window.controller.blanked and pc.projector.isVisible()
