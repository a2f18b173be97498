"""The "keep back from..." popup: add an item, score or statement already kept back, so the room never shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

# From the entry line: Ctrl+Enter already saves in the analysis pages, so the keep-back
# choice takes Ctrl+Shift+Enter (either Enter key).
KEEP_BACK_KEYS = (
    QKeySequence(
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_Return
    ),
    QKeySequence(
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_Enter
    ),
)
RESTRICTED_TEXT = "&Restricted: no family member sees it"
SHARE_AGAIN_TEXT = "&Share it with the family again"
SHARED = {"restricted": False, "withheld_from": []}


def keep_back_choices(participants: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(label, values to add) for each choice: restricted first, then each family member."""
    choices: list[tuple[str, dict[str, Any]]] = [(RESTRICTED_TEXT, {"restricted": True})]
    for p in participants:
        if p.get("is_family"):
            name = str(p.get("name", "")).replace("&", "&&")
            choices.append((f"Keep back from {name}", {"withheld_from": [p["id"]]}))
    return choices


class KeepBackPopup(QMenu):
    """A small popup on the chair's screen listing who to keep the new item back from."""

    def __init__(
        self,
        parent: QWidget,
        participants: list[dict[str, Any]],
        choose: Callable[[dict[str, Any]], object],
        share_again: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setTitle("Keep back from...")
        self.setAccessibleName("Keep back from")
        self.setToolTipsVisible(True)
        heading = self.addAction("Keep back from...")
        heading.setEnabled(False)
        for label, values in keep_back_choices(participants):
            action = self.addAction(label)
            action.triggered.connect(lambda _=False, v=values: choose(v))
        if share_again:  # for something already stored: its keep-back changed afterwards
            self.addSeparator()
            again = self.addAction(SHARE_AGAIN_TEXT)
            again.triggered.connect(lambda _=False: choose(dict(SHARED)))
        actions = [a for a in self.actions() if a.isEnabled()]
        if actions:
            self.setActiveAction(actions[0])  # Enter picks "restricted"


def install(
    entry: QLineEdit | QPlainTextEdit,
    participants: Callable[[], list[dict[str, Any]]],
    add: Callable[[dict[str, Any]], object],
    ready: Callable[[], bool] | None = None,
    opening: Callable[[], object] | None = None,
) -> QAction:
    """Give an entry field the keep-back keystroke; `add(values)` adds its text with them.

    `ready()` says whether there is anything to add (default: the field has text); `opening()`
    runs as the chooser opens, so nothing typed is saved, unkept, while the chair chooses.
    """

    def has_text() -> bool:
        text = entry.text() if isinstance(entry, QLineEdit) else entry.toPlainText()
        return bool(text.strip())

    def open_popup() -> None:
        if not (ready or has_text)():
            return
        if opening is not None:
            opening()
        popup = KeepBackPopup(entry, participants(), add)
        if isinstance(entry, QPlainTextEdit):
            at = entry.viewport().mapToGlobal(entry.cursorRect().bottomLeft())
        else:
            at = entry.mapToGlobal(QPoint(0, entry.height()))
        popup.popup(at)

    action = QAction("Add and keep back from...", entry)
    action.setShortcuts(list(KEEP_BACK_KEYS))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setStatusTip("Add this already kept back, so the room's screen never shows it")
    action.triggered.connect(open_popup)
    entry.addAction(action)
    return action
