"""The `sfconf` entry point: subcommands run in the domain's CLI; no subcommand opens the window."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn


def _before_qt() -> None:
    """Import what the first paint needs from the domain and the standard library."""
    import platformdirs  # noqa: F401
    import sqlcipher3.dbapi2  # noqa: F401

    import conference.store.cipher  # noqa: F401
    import conference.store.keys  # noqa: F401
    import conference.store.listing  # noqa: F401
    import conference.store.location  # noqa: F401


def open_window(db_path: Path | str, conference_id: str | None) -> int:
    """Open the app window; Qt is imported only now, so `sfconf list` never pays for it."""
    # What the first paint needs from the domain, imported before Qt: once PySide6 is loaded
    # it reads the source of every module imported after it (to look for its `__feature__`),
    # some 10 ms for these.
    _before_qt()
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
