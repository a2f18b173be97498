"""A bare PySide6 window that says when it has painted: the yardstick for the app's start-up."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _Painted(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: print("bare-painted", flush=True))
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(900, 560)
    window.setWindowTitle("bare")
    probe = _Painted(window)
    window.installEventFilter(probe)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
