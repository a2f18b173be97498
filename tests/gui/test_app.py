"""Starting the app: a store problem is one line and exit code 4; None survives PySide6."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from ui.app import run_app


def test_store_problem_is_one_line_and_exit_code_4(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(text))
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    assert run_app(folder) == 4
    assert len(shown) == 1 and "\n" not in shown[0] and "folder" in shown[0]


def test_an_error_in_a_slot_is_logged_not_shown_as_a_traceback(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import app as app_module

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "show", lambda self: shown.append(self.text()))
    case_data = "".join(["M", "ia's address"])  # must not reach the log
    try:
        raise ValueError(case_data)
    except ValueError as exc:
        app_module._report_unexpected(ValueError, exc, exc.__traceback__)
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and "Mia" not in logs[0].read_text()
    assert len(shown) == 1 and "ValueError" in shown[0] and "\n" not in shown[0]


@pytest.fixture
def example_db(example_store: tuple[Any, str], tmp_path: Path) -> Path:
    """The example conference's store file, closed, for the app to open."""
    store, _cid = example_store
    store.close()
    return tmp_path / "store.db"


def _start_the_app_with(at_paint: str, db: Path) -> tuple[str, str]:
    """Run the real entry point in a fresh interpreter; `at_paint` runs when the list has painted.

    `at_paint` is the body of a function called once the home list has painted, with the
    app's `sfconf-painted N` line as `said`, and `say` to print; it ends the process with `os._exit` when it
    has seen what it came for. Returns what it printed, and the end of the errors.
    """
    import os
    import subprocess
    import sys
    import textwrap

    script = (
        "import builtins, gc, os, sys\n"
        "say = builtins.print\n"
        "def at_paint(said):\n"
        + textwrap.indent(textwrap.dedent(at_paint), "    ")
        + "\ndef probe(*a, **k):\n"
        "    if a and str(a[0]).startswith('sfconf-painted'):\n"
        "        return at_paint(str(a[0]))\n"
        "    return say(*a, **k)\n"
        "builtins.print = probe\n"
        "from ui.main import entry\n"
        "entry()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SFCONF_STARTUP_PROBE="1")
    env["SFCONF_DB"] = str(db)
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.strip(), done.stderr[-2000:]


_FIRST_PAINT_PROBE = r"""
import enum

def enums():
    out = set()
    def walk(c):
        for s in c.__subclasses__():
            out.add(s)
            walk(s)
    walk(enum.Enum)
    return out

made = sorted(c.__qualname__ for c in enums() if c.__module__ == "PySide6.QtCore"
              and c.__qualname__.startswith("Qt."))
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "reportlab", "importlib.resources",
                           "platformdirs", "resources", "sqlcipher3") if m in sys.modules)
say(f"painted {said.split()[1]} qt-enums {len(made)} heavy {','.join(heavy) or '-'}"
    f" gc {'on' if gc.isenabled() else 'off'}", flush=True)
os._exit(0)
"""


def test_the_home_list_paints_before_the_orm_and_qts_enums_load(
    example_db: Path,
) -> None:
    """What made start-up twice a bare window's stays off the way to the first paint.

    Building the `Qt` namespace's ~100 Python enums (~25 ms: one `setShortcut` is enough to
    bring it in), SQLAlchemy and SQLModel (~0.4 s), ReportLab and importlib.resources; the
    window icon's files (they come just after); platformdirs, with the store and the settings
    folder named (~4 ms); the store's driver (~5 ms), where a second process reads the list
    meanwhile (conference/store/listing.py); and collecting garbage (~10 ms).
    """
    import os

    said, errors = _start_the_app_with(_FIRST_PAINT_PROBE, example_db)
    read_here = not (hasattr(os, "posix_spawn") and len(os.sched_getaffinity(0)) >= 2)
    heavy = "sqlcipher3" if read_here else "-"
    assert said == f"painted 1 qt-enums 0 heavy {heavy} gc off", errors


_ICON_PROBE = r"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def look():
    icon = QApplication.windowIcon()
    say(f"icon {sorted(s.width() for s in icon.availableSizes())}", flush=True)
    os._exit(0)

QTimer.singleShot(300, look)
"""


def test_the_window_icon_is_set_once_the_list_has_painted(
    example_db: Path,
) -> None:
    """The icon waits for the first paint, but it comes: both small sizes, a moment later."""
    said, errors = _start_the_app_with(_ICON_PROBE, example_db)
    assert said == "icon [64, 256]", errors


_COLLECTOR_PROBE = r"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

waited = []

def look():
    if not gc.isenabled() and len(waited) < 200:
        waited.append(1)
        return
    home = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "attach_store"))
    say(f"store {'open' if home._store is not None else 'not open'}"
        f" gc {'on' if gc.isenabled() else 'off'} frozen {gc.get_freeze_count() > 10000}",
        flush=True)
    os._exit(0)

timer = QTimer(QApplication.instance())
timer.timeout.connect(look)
timer.start(50)
"""


def test_the_collector_comes_back_once_the_store_is_open(
    example_db: Path,
) -> None:
    """Off for the first paint, on again for the meeting, with start-up's objects set aside."""
    said, errors = _start_the_app_with(_COLLECTOR_PROBE, example_db)
    assert said == "store open gc on frozen True", errors
