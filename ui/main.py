"""The `sfconf` entry point: subcommands run in the domain's CLI; no subcommand opens the window."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn


def open_window(db_path: Path | str, conference_id: str | None) -> int:
    """Open the app window; Qt is imported only now, so `sfconf list` never pays for it."""
    from ui.app import run_app

    return run_app(db_path, conference_id)


def main(argv: list[str] | None = None) -> int:
    """Run `sfconf` with the window available."""
    from conference.cli import main as cli_main

    return cli_main(argv, window=open_window)


def entry() -> NoReturn:
    """The console script."""
    raise SystemExit(main())


if __name__ == "__main__":
    raise SystemExit(main())
