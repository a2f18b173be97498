"""The one debouncer: typing is saved after a pause, and at once on Enter, focus-out or flush."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

# Typing is saved this long after the last key.
DEBOUNCE_MS = 400


class Debounce(QObject):
    """Commits typed text after a pause, and at once on focus-out and `flush()`.

    One per edit field; the window flushes them all when it closes, so nothing typed is lost.
    """

    def __init__(
        self,
        widget: QObject,
        commit: Callable[[], None],
        ms: int = DEBOUNCE_MS,
        watch_focus: bool = True,
        finished: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(widget)
        self._commit = commit
        self._finished = finished
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(ms)
        self.timer.timeout.connect(self._fire)
        if watch_focus:
            widget.installEventFilter(self)

    def poke(self) -> None:
        """A keystroke: (re)start the pause."""
        self.timer.start()

    def flush(self) -> None:
        """Commit now if anything is waiting."""
        if self.timer.isActive():
            self.timer.stop()
            self._commit()

    def cancel(self) -> None:
        self.timer.stop()

    def _fire(self) -> None:
        self._commit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Not for a popup of the field's own (the keep-back chooser): the chair is not done.
        if event.type() == QEvent.Type.FocusOut and not (
            isinstance(event, QFocusEvent) and event.reason() == Qt.FocusReason.PopupFocusReason
        ):
            self.flush()
            if self._finished is not None:
                self._finished()
        return False


class TextCommitter(QObject):
    """Saves one text field through a `Debounce`: after a pause, at once on Enter or focus-out.

    Ctrl+Enter saves a multi-line field; `set_text` shows a stored value without saving it
    back and never over unsaved typing.
    """

    def __init__(
        self,
        widget: QLineEdit | QPlainTextEdit,
        commit: Callable[[str], None],
        delay_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self._commit = commit
        self._dirty = False
        self._loading = False
        self._debounce = Debounce(widget, self.flush, delay_ms, watch_focus=False)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._typed)
            widget.editingFinished.connect(self.flush)
        else:
            widget.textChanged.connect(self._typed)
            widget.installEventFilter(self)

    def text(self) -> str:
        w = self.widget
        return w.text() if isinstance(w, QLineEdit) else w.toPlainText()

    def _typed(self, *_: Any) -> None:
        if self._loading:
            return
        self._dirty = True
        self._debounce.poke()

    @property
    def pending(self) -> bool:
        return self._dirty

    def flush(self) -> None:
        """Save now if anything was typed since the last save."""
        if not self._dirty:
            return
        self._dirty = False
        self._debounce.cancel()
        self._commit(self.text())

    def hold(self) -> None:
        """Stop the pause's save but keep what was typed (saved on the next save or flush)."""
        self._debounce.cancel()

    def discard(self) -> None:
        self._dirty = False
        self._debounce.cancel()

    def set_text(self, text: str) -> None:
        """Show a stored value without saving it back, and never over unsaved typing."""
        if self._dirty or text == self.text():
            return
        self._loading = True
        try:
            w = self.widget
            if isinstance(w, QLineEdit):
                w.setText(text)
                if not w.hasFocus():
                    # Shown from its start: a narrow field (at a large zoom) showed the
                    # end of a stored sentence, cut at the front with no cue.
                    w.setCursorPosition(0)
            else:
                w.setPlainText(text)
        finally:
            self._loading = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut:
            # Not for a popup of the field's own (the keep-back chooser): the chair is not done.
            if not (
                isinstance(event, QFocusEvent) and event.reason() == Qt.FocusReason.PopupFocusReason
            ):
                self.flush()
        elif (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.flush()
            return True
        return False
