"""Crash logs: the stack of an unexpected error, never its message or any case data."""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from conference import __version__


def crash_log_dir() -> Path:
    """Where a crash writes its details (never personal data: only the stack)."""
    override = os.environ.get("SFCONF_LOG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir("sfconf", appauthor=False))


def write_crash_log(exc: BaseException) -> Path | None:
    """Write the stack of an unexpected error, without its message (which may hold case data)."""
    try:
        folder = crash_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
        frames = traceback.format_tb(exc.__traceback__)
        path.write_text(
            f"sfconf {__version__} crashed: {type(exc).__module__}.{type(exc).__qualname__}\n"
            + "".join(frames),
            encoding="utf-8",
        )
        return path
    except OSError:
        return None
