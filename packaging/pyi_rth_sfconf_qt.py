"""PyInstaller run-time hook: point Qt at the bundled plugins without importing Qt at start-up.

It stands in for PyInstaller's stock PySide6 hook, which imports PySide6.QtCore in every run
only to register a fallback qt.conf that PyPI's PySide6 wheels make themselves on import. The
`sfconf` subcommands (list, export, check, ...) never load Qt, so they start faster without it;
the app window loads Qt as usual and finds its platform and image plugins here.
"""

import os
import sys


def _point_qt_at_bundle() -> None:
    base = sys._MEIPASS  # type: ignore[attr-defined]
    qt_dir = (
        os.path.join(base, "PySide6")
        if sys.platform == "win32"
        else os.path.join(base, "PySide6", "Qt")
    )
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")


_point_qt_at_bundle()
del _point_qt_at_bundle
