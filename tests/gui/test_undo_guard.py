"""Undoing a restriction while the room's screen shows that step asks once more, in an inline bar."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from conference.store.database import Store
from tests.helpers import activate, focused, go_to_section, shown_window
from ui.conference_window import ConferenceWindow
from ui.room.control import ProjectorController

CTRL = Qt.KeyboardModifier.ControlModifier
SECRET = "victim's new address is 9 Oak Close"


@pytest.fixture
def window(qtbot: Any, example_store: tuple[Store, str]) -> ConferenceWindow:
    store, cid = example_store
    return shown_window(qtbot, store, cid, (1280, 800))  # type: ignore[no-any-return]


def _chair(qtbot: Any, window: ConferenceWindow) -> None:
    """Keys go to the chair's screen (offscreen, showing the room activates that window)."""
    window.activateWindow()
    activate(qtbot, window)


def _painted(pc: ProjectorController) -> str:
    QApplication.processEvents()
    pc.projector.clear_painted()
    pc.projector.grab()  # paints every row (offscreen too) and records each string
    return " ".join(pc.projector.painted_texts())


def _secret(window: ConferenceWindow) -> dict[str, Any]:
    return next(r for r in window.controller.rows("item") if r["text"] == SECRET)


def _restricted_with_room_up(qtbot: Any, window: ConferenceWindow) -> ProjectorController:
    """An item said and shown, then restricted (Ctrl+R) while the room's screen shows its pane."""
    pc = window.projector
    assert isinstance(pc, ProjectorController)
    go_to_section(window, "harm")
    pc.show_projector()
    qtbot.waitExposed(pc.projector)
    _chair(qtbot, window)
    pane = window.current_pane()
    assert pane is not None
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, SECRET)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: SECRET in _painted(pc))
    _chair(qtbot, window)
    pane.select_item(_secret(window)["id"])
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_R, CTRL)
    assert _secret(window)["restricted"] is True
    qtbot.waitUntil(lambda: "Oak Close" not in _painted(pc))
    _chair(qtbot, window)
    pane.view.setFocus()
    return pc


def test_one_ctrl_z_does_not_put_it_on_the_room_the_second_does(
    qtbot: Any, window: ConferenceWindow
) -> None:
    pc = _restricted_with_room_up(qtbot, window)
    bar = window.undo_guard
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Z, CTRL)
    assert bar.isVisible()
    assert bar.label.text() == (
        f"Undo will show '{SECRET}' on the room's screen. "
        "Press Ctrl+Z again to show it, or Esc to keep it back."
    )
    assert QApplication.activeModalWidget() is None and not isinstance(
        QApplication.activeWindow(), QDialog
    )
    assert _secret(window)["restricted"] is True
    assert "Oak Close" not in _painted(pc)
    window.grab().save("/tmp/h11_undo_bar.png")
    _chair(qtbot, window)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Z, CTRL)
    assert not bar.isVisible()
    assert _secret(window)["restricted"] is False
    qtbot.waitUntil(lambda: "Oak Close" in _painted(pc))


def test_esc_keeps_it_back_and_leaves_the_room_up(qtbot: Any, window: ConferenceWindow) -> None:
    pc = _restricted_with_room_up(qtbot, window)
    bar = window.undo_guard
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Z, CTRL)
    assert bar.isVisible()
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert _secret(window)["restricted"] is True
    assert pc.projector.isVisible()
    assert "Oak Close" not in _painted(pc)
    # The next Ctrl+Z asks again: Esc answered that question, not every later one.
    _chair(qtbot, window)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Z, CTRL)
    assert bar.isVisible() and _secret(window)["restricted"] is True


def test_with_the_room_hidden_undo_is_at_once(qtbot: Any, window: ConferenceWindow) -> None:
    pc = _restricted_with_room_up(qtbot, window)
    pc.stop()
    _chair(qtbot, window)
    window.current_pane().view.setFocus()  # type: ignore[union-attr]
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Z, CTRL)
    assert not window.undo_guard.isVisible()
    assert _secret(window)["restricted"] is False


def test_with_the_room_on_another_step_undo_is_at_once(
    qtbot: Any, window: ConferenceWindow
) -> None:
    pc = _restricted_with_room_up(qtbot, window)
    go_to_section(window, "strengths")
    _chair(qtbot, window)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Z, CTRL)
    assert not window.undo_guard.isVisible()
    assert _secret(window)["restricted"] is False
    assert "Oak Close" not in _painted(pc)  # the room shows Strengths, not the item


def test_undo_of_anything_else_is_at_once_with_the_room_up(
    qtbot: Any, window: ConferenceWindow
) -> None:
    pc = window.projector
    assert isinstance(pc, ProjectorController)
    go_to_section(window, "harm")
    pc.show_projector()
    qtbot.waitExposed(pc.projector)
    _chair(qtbot, window)
    pane = window.current_pane()
    assert pane is not None
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, "Mia hides under the bed")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    rows = pane.model.rowCount()
    qtbot.keyClick(pane.entry, Qt.Key.Key_Z, CTRL)  # nothing typed: the conference's undo
    assert not window.undo_guard.isVisible()
    assert pane.model.rowCount() == rows - 1
