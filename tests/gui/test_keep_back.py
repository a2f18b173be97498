"""Keep it back before it shows: Ctrl+Shift+Enter on the entry line adds an item already kept back."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from conference.exchange.interchange import export_document
from conference.store.database import Store
from ui.conference_window import ConferenceWindow
from ui.room.control import ProjectorController
from ui.widgets.keep_back import RESTRICTED_TEXT

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SECRET = "victim's new address is 9 Oak Close"


@pytest.fixture
def window(qtbot: Any, example_store: tuple[Store, str]) -> ConferenceWindow:
    store, cid = example_store
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


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
