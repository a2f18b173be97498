"""Start the app window: the QApplication, the store, then the home or one conference."""

from __future__ import annotations

import signal
import sys
from importlib.resources import files
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from conference import __version__
from conference.errors import SfconfError, StoreError
from conference.store.database import open_store


def _report_unexpected(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """An error in a slot: log its stack (no case data) and say so in one line; never a traceback."""
    from conference.crashlog import write_crash_log

    if isinstance(exc, KeyboardInterrupt):
        QApplication.quit()
        return
    exc.__traceback__ = tb
    where = write_crash_log(exc)
    told = f" Details for support are in {where}." if where else ""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "sfconf",
        f"Something went wrong ({kind.__name__}). Everything shown as saved is safe.{told}",
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()  # not modal: the meeting goes on


def _close_on_terminate(app: QApplication) -> None:
    """A log-off or `kill` closes the windows properly, so typing not yet saved is saved."""

    def terminate(_signum: int, _frame: object) -> None:
        app.closeAllWindows()
        app.quit()

    signal.signal(signal.SIGTERM, terminate)
    # Python runs a signal handler only when it next gets control: give it control often.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setApplicationName("sfconf")
    QApplication.setOrganizationName("sfconf")
    QApplication.setApplicationDisplayName("sfconf")
    QApplication.setApplicationVersion(__version__)
    app = QApplication(sys.argv[:1])
    icon = files("resources").joinpath("icons/sfconf.png")
    app.setWindowIcon(QIcon(str(icon)))
    return app


def run_app(db_path: Path, conference_id: str | None = None) -> int:
    """Show the home window (or one conference) on the store at `db_path`; returns the exit code."""
    app = _application()
    try:
        store = open_store(db_path)
    except StoreError as exc:
        QMessageBox.critical(None, "sfconf", exc.message)
        return exc.exit_code
    from ui.home_window import HomeWindow

    home = HomeWindow(store)
    window: QWidget = home
    if conference_id is not None:
        opened = home.open_conference(conference_id)
        if opened is None:
            store.close()
            return SfconfError.exit_code
        window = opened
        # Closing the conference leaves the chair at the list of conferences.
        opened.closed.connect(lambda _cid: home.show())
    else:
        home.show()
    window.raise_()
    _close_on_terminate(app)
    sys.excepthook = _report_unexpected
    try:
        return int(app.exec())
    finally:
        store.close()
