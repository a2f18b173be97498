"""Start the app window: the QApplication, the store, then the home or one conference."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from conference import __version__
from conference.errors import SfconfError, StoreError
from ui.widgets.first_paint import after_first_paint

if TYPE_CHECKING:
    from conference.store.listing import Listing


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
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "sfconf",
        f"Something went wrong ({kind.__name__}). Everything shown as saved is safe.{told}",
    )
    from PySide6.QtCore import Qt  # not at start-up (ui/widgets/roles.py says why)

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
    return app


def _set_window_icon(app: QApplication) -> None:
    """The window icon: small files (packaging/make_icons.py); the 1024 px one is for bundles.

    Set once the first window has painted: loading and handing the pictures to the window
    system costs the first paint some 5 ms, and the icon appears a moment later all the same.
    Found beside the `resources` package, as importlib.resources would (in a bundle too),
    without importing importlib.resources (some 15 ms).
    """
    from PySide6.QtGui import QIcon

    import resources

    icons = Path(resources.__file__).parent / "icons"
    icon = QIcon()
    for size in (64, 256):
        icon.addFile(str(icons / f"sfconf-{size}.png"))
    app.setWindowIcon(icon)


def _collect_garbage_again() -> None:
    """The collector, off while the window was built (ui/main.py), back on; start-up's objects frozen.

    Start-up makes some 200,000 objects, nearly all of them for as long as the app runs
    (modules, classes, the ORM's tables, the home window): collecting among them cost the
    first paint some 10 ms, and a full collection at the home list after it 40 to 70 ms.
    Frozen (as a conference window freezes its own: ui/conference_window.py), they are not
    walked again. Nothing if the collector was on (run_app called from elsewhere).
    """
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_app(
    db_path: Path | str,
    conference_id: str | None = None,
    *,
    listing: Listing | None = None,
) -> int:
    """Show the home window (or one conference) on the store at `db_path`; returns the exit code.

    The home window paints first from a bare read of the list (ui/widgets/conference_list.py
    needs no ORM); the full store (SQLAlchemy, migrations) opens straight after that paint.
    `listing`, if given, gives that list (read meanwhile: conference/store/listing.py).
    """
    import os

    from conference.store.listing import quick_listing

    app = _application()
    if conference_id is not None:
        rows = None
    else:
        rows = listing() if listing is not None else quick_listing(db_path)
    if rows is None:
        from conference.store.database import open_store

        try:
            store = open_store(db_path)
        except StoreError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "sfconf", exc.message)
            return exc.exit_code
    else:
        store = None
    from ui.home_window import HomeWindow

    home = HomeWindow(store, rows=rows, db_path=db_path)
    failed: list[int] = []
    if store is None:

        def attach() -> None:
            try:
                home.attach_store()
            except StoreError as exc:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.critical(home, "sfconf", exc.message)
                failed.append(exc.exit_code)
                app.quit()
            finally:
                _collect_garbage_again()

        # The ORM and the migrations load once the list is on the screen, not before, and on
        # a turn of their own: whatever else waits for the paint (the window's commands, the
        # icon) comes first, so shortcuts pressed while the store opens find their command.
        after_first_paint(home.table, lambda: QTimer.singleShot(0, home, attach), 1000)
    window: QWidget = home
    if conference_id is not None:
        opened = home.open_conference(conference_id)
        if opened is None:
            home.close_store()
            return SfconfError.exit_code
        window = opened
        # Closing the conference leaves the chair at the list of conferences.
        opened.closed.connect(lambda _cid: home.show())
    if store is not None:  # no `attach` to wait for: the collector comes back after the paint
        after_first_paint(
            window if conference_id is not None else home.table, _collect_garbage_again, 1000
        )
    # (Installed before the probe below, so the probe's filter runs first and its line is
    # printed when the list has painted, not after the icon too.)
    after_first_paint(
        window if conference_id is not None else home.table, lambda: _set_window_icon(app), 1000
    )
    if conference_id is None:
        if os.environ.get("SFCONF_STARTUP_PROBE"):
            # The start-up benchmark (tests/benchmarks/bench_window_startup.py) waits for this.
            shown = home.model.rowCount()
            after_first_paint(
                home.table, lambda: print(f"sfconf-painted {shown}", flush=True), 60000
            )
        home.show()
    window.raise_()
    _close_on_terminate(app)
    sys.excepthook = _report_unexpected
    try:
        code = int(app.exec())
    finally:
        home.close_store()
    return failed[0] if failed else code
