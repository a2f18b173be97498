"""Where the store is: `--db`, else $SFCONF_DB, else the per-user default (no database code here)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "SFCONF_DB"


def default_db_path() -> Path:
    """`sfconf.db` in the per-user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("sfconf", appauthor=False)) / "sfconf.db"


def resolve_db_path(cli_value: str | None) -> Path:
    """`--db` wins, then $SFCONF_DB, then the per-user default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_db_path()
