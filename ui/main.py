"""The `sfconf` entry point: subcommands run in the domain's CLI; no subcommand opens the window."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn


def open_window(db_path: Path | str, conference_id: str | None) -> int:
    """Open the app window; Qt is imported only now, so `sfconf list` never pays for it.

    Until the window is up the garbage collector is off (ui/app.py turns it back on), and
    the list of conferences is read in a second process while Qt loads.
    """
    import gc

    gc.disable()
    from conference.store.listing import listing_aside

    listing = listing_aside(db_path) if conference_id is None else None
    from ui.app import run_app

    return run_app(db_path, conference_id, listing=listing)


def main(argv: list[str] | None = None) -> int:
    """Run `sfconf` with the window available."""
    from conference.cli import main as cli_main

    return cli_main(argv, window=open_window)


def entry() -> NoReturn:
    """The console script."""
    raise SystemExit(main())


if __name__ == "__main__":
    raise SystemExit(main())
