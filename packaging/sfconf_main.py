"""Entry point of the PyInstaller bundle: runs the `sfconf` command (ui.main.main)."""

from __future__ import annotations

import os
import sys


def _attach_streams() -> None:
    """Give a windowed build working stdout/stderr so the CLI never crashes on a missing stream.

    On Windows the bundle is a GUI program (no console window of its own): when started from
    a console (cmd, PowerShell, a council's script) we attach to that console so `sfconf list`
    still prints; otherwise the output goes nowhere rather than raising on `None` streams.
    """
    if sys.platform == "win32" and (sys.stdout is None or sys.stderr is None):
        try:
            import ctypes

            if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
                if sys.stdout is None:
                    sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
                if sys.stderr is None:
                    sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        except (OSError, AttributeError):
            pass
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


if __name__ == "__main__":
    _attach_streams()
    from ui.main import main

    raise SystemExit(main())
