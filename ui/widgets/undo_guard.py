"""Undo that would put something kept back on the room's screen asks once more, in an inline bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

if TYPE_CHECKING:
    from ui.controller import ConferenceController

# The fields that keep each kind back: (restricted, withheld from).
_VISIBILITY = {
    "item": ("restricted", "withheld_from"),
    "score": ("restricted", "withheld_from"),
    "danger_statement": ("restricted", "withheld_from"),
    "safety_goal": ("restricted", "withheld_from"),
    "next_step": ("restricted", "withheld_from"),
    "child": ("view_restricted", "view_withheld_from"),
    "conference": ("contingency_restricted", "contingency_withheld_from"),
}
# What the room reads of each kind: its text field.
_TEXT = {
    "item": "text",
    "score": "reason",
    "danger_statement": "text",
    "safety_goal": "text",
    "next_step": "action",
    "child": "view",
    "conference": "contingency",
}
# The steps on which the room's screen shows each kind.
_STEPS = {
    "score": {"scaling"},
    "danger_statement": {"analysis", "scaling"},
    "safety_goal": {"analysis"},
    "next_step": {"plan", "close", "progress", "revisit"},
    "conference": {"plan", "close", "progress", "revisit"},
    "child": {"child_view", "decision"},
}


def _kept(row: Any, kind: str) -> bool:
    restricted, withheld = _VISIBILITY[kind]
    return bool(row.get(restricted)) or bool(row.get(withheld))


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def revealed_by_undo(controller: ConferenceController) -> list[tuple[str, dict[str, Any]]]:
    """(kind, row now) of what the next undo would stop keeping back from the room."""
    from ui.controller import _OpCommand

    stack = controller.undo_stack
    if not stack.canUndo():
        return []
    command = stack.command(stack.index() - 1)
    if not isinstance(command, _OpCommand):
        return []
    found = []
    for change in command.inverse.changes:
        if change.kind not in _VISIBILITY or change.after is None:
            continue
        now = (
            controller.conference_row()
            if change.kind == "conference"
            else controller.row(change.kind, change.key)
        )
        if now is None:
            continue
        # The room reads everyone's view: anything withheld from anyone is not on it.
        if _kept(now, change.kind) and not _kept(change.after, change.kind):
            found.append((change.kind, now))
    return found


class UndoGuard(QFrame):
    """The inline bar: "Undo will show '…' on the room's screen. Press Ctrl+Z again ..., or Esc"."""

    def __init__(
        self,
        controller: ConferenceController,
        room_shows: Callable[[str, dict[str, Any]], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._room_shows = room_shows
        self._pending = -1  # the undo stack's index the chair was asked about
        self.setObjectName("undo_guard")
        self.setAccessibleName("Undo would show something on the room's screen")
        self.setStyleSheet(
            "QFrame#undo_guard { background: #fff1c7; border: 2px solid #b7791f;"
            " border-radius: 4px; } QLabel { color: #5a3500; font-weight: bold; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label, 1)
        self.setVisible(False)
        # Esc keeps it back: only while the bar asks (never otherwise, so Esc stays free).
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), parent or self)
        self.escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self.escape.setEnabled(False)
        self.escape.activated.connect(self.keep_back)
        controller.undo_stack.indexChanged.connect(self._moved)

    def undo(self) -> None:
        """Ctrl+Z: undo at once, unless it would put something kept back on the room's screen."""
        stack = self.controller.undo_stack
        if self.isVisible() and self._pending == stack.index():
            self._close()
            stack.undo()
            return
        shown = [(k, r) for k, r in revealed_by_undo(self.controller) if self._room_shows(k, r)]
        if not shown:
            stack.undo()
            return
        kind, row = shown[0]
        what = _short(str(row.get(_TEXT[kind]) or "")) or "it"
        self.label.setText(
            f"Undo will show '{what}' on the room's screen. "
            "Press Ctrl+Z again to show it, or Esc to keep it back."
        )
        self._pending = stack.index()
        self.setVisible(True)
        self.escape.setEnabled(True)

    def keep_back(self) -> None:
        """Esc: leave it kept back (nothing is undone)."""
        self._close()
        self.controller.failed.emit("Kept back: nothing was undone.")

    def _close(self) -> None:
        self._pending = -1
        self.setVisible(False)
        self.escape.setEnabled(False)

    def _moved(self, index: int) -> None:
        if self.isVisible() and index != self._pending:
            self._close()  # something else was done: the question no longer applies


def room_shows(
    controller: ConferenceController, room: Callable[[], Any]
) -> Callable[[str, dict[str, Any]], bool]:
    """Whether the room's screen is up, not blank, and on a step that shows this kind of thing.

    `room()` gives the window's room-screen controller (or None when there is none).
    """

    def shows(kind: str, row: dict[str, Any]) -> bool:
        projector = getattr(room(), "projector", None)
        if projector is None or not projector.isVisible() or controller.blanked:
            return False
        agenda = controller.agenda
        step = agenda[min(controller.current_step, len(agenda) - 1)]
        if kind == "item":
            return step.kind == "pane" and step.section == row.get("section")
        return step.kind in _STEPS.get(kind, set())

    return shows
