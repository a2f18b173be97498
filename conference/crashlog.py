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


KEEP = 20  # crash logs kept; older ones are removed when a new one is written


def prune(folder: Path, keep: int = KEEP) -> None:
    """Remove all but the newest `keep` crash logs."""
    logs = sorted(folder.glob("crash-*.log"), key=lambda p: (p.stat().st_mtime, p.name))
    for old in logs[: max(0, len(logs) - keep)]:
        old.unlink(missing_ok=True)


def write_crash_log(exc: BaseException) -> Path | None:
    """Write the stack of an unexpected error, without its message (which may hold case data).

    The log is mode 0600 in a 0700 folder, and only the newest KEEP logs are kept.
    """
    try:
        folder = crash_log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        frames = traceback.format_tb(exc.__traceback__)
        text = (
            f"sfconf {__version__} crashed: {type(exc).__module__}.{type(exc).__qualname__}\n"
            + "".join(frames)
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(path, 0o600)
        prune(folder)
        return path
    except OSError:
        return None
