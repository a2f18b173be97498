"""Work that waits until a widget has first painted: what the chair sees first comes first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def after_first_paint(widget: QWidget, callback: Callable[[], None], fallback_ms: int) -> None:
    """Run `callback` once, as soon as `widget` has painted (or after `fallback_ms` regardless).

    Never after `widget` is gone: its timers are tied to it. Give the view itself, not its
    `viewport()`: the first call that hands PySide6 a bare QWidget makes it look through
    every widget class to find its type (some 10 ms); the view is painted in the same pass.
    """
    done: list[bool] = []

    def once() -> None:
        if not done:
            done.append(True)
            callback()

    class _Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, widget, once)
            return False

    widget.installEventFilter(_Painted(widget))
    QTimer.singleShot(fallback_ms, widget, once)
