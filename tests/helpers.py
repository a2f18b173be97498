"""Shared test helpers: the document type, running the command in-process, one-line checks, example counts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import settings

Doc = dict[str, Any]

# Example counts in the tests are written for the "ci" profile; the "long" profile multiplies
# them (pytest --hypothesis-profile=long), for the figures of a closing note.
_CI_EXAMPLES = 100


def examples(n: int) -> int:
    """`n` examples under the ci profile, scaled with the loaded profile's max_examples."""
    return max(1, n * settings.default.max_examples // _CI_EXAMPLES)


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `sfconf ARGV` in-process: (exit code, stdout, stderr)."""
    from conference.cli import main

    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line(err: str) -> None:
    """A message as the contract says: one line, no traceback, at most 300 characters."""
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err
    assert len(err.rstrip("\n")) <= 300 + len("sfconf: "), f"too long: {len(err)}"


def focused(qtbot: Any, window: Any = None) -> Any:
    """Where a key pressed now goes: the widget with the keyboard, else the active window.

    Never None (QTest aborts on None). Offscreen, a window shown (or a room's screen shown
    beside it) is not always made the active one at once; the window given, else the last
    one shown, is made active first.
    """
    from PySide6.QtWidgets import QApplication, QMainWindow

    def target() -> Any:
        return QApplication.focusWidget() or QApplication.activeWindow()

    if target() is None:
        if window is None:
            shown = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMainWindow) and w.isVisible()
            ]
            window = shown[-1] if shown else None
        if window is not None:
            activate(qtbot, window)
    qtbot.waitUntil(lambda: target() is not None, timeout=5000)
    return target()


def activate(qtbot: Any, window: Any) -> None:
    """Make `window` the active one, asking again until it is (offscreen, one ask can be lost)."""

    def active() -> bool:
        if not window.isActiveWindow():
            window.raise_()
            window.activateWindow()
        return bool(window.isActiveWindow())

    qtbot.waitUntil(active, timeout=10000)


def shown_window(qtbot: Any, store: Any, cid: str, size: tuple[int, int] | None = None) -> Any:
    """A conference's window, shown and active, closed with the test."""
    from ui.conference_window import ConferenceWindow

    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    if size is not None:
        w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    return w


def go_to_section(window: Any, section: str) -> None:
    """Put the window on the agenda step of that pane section."""
    agenda = window.controller.agenda
    window.go_to_step(next(n for n, s in enumerate(agenda) if s.section == section))
