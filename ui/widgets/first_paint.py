"""Work that waits until a widget has first painted: what the chair sees first comes first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _Painted(QObject):
    """Runs `once` on the turn after its widget's first paint event, then lets go."""

    def __init__(self, widget: QWidget, once: Callable[[], None]) -> None:
        super().__init__(widget)
        self._once = once

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, watched, self._once)
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None], fallback_ms: int) -> None:
    """Run `callback` once, as soon as `widget` has painted (or after `fallback_ms` regardless).

    Never after `widget` is gone: its timers are tied to it. Give the view itself, not its
    `viewport()`: the first call that hands PySide6 a bare QWidget makes it look through
    every widget class to find its type (some 10 ms); the view is painted in the same pass.
    The filter's class is made once, at import: a QObject subclass made per call costs
    each call half a millisecond.
    """
    done: list[bool] = []

    def once() -> None:
        if not done:
            done.append(True)
            callback()

    widget.installEventFilter(_Painted(widget, once))
    QTimer.singleShot(fallback_ms, widget, once)
