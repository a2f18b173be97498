"""Where the store is: `--db`, else $SFCONF_DB, else the per-user default (no database code here)."""

from __future__ import annotations

import os
from pathlib import Path

from conference.errors import StoreError

ENV_VAR = "SFCONF_DB"
CONFIG_DIR_ENV = "SFCONF_CONFIG_DIR"


def user_config_dir() -> Path:
    """The per-user settings folder; SFCONF_CONFIG_DIR overrides it (tests and councils' IT)."""
    override = os.environ.get(CONFIG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("sfconf", appauthor=False))


def default_db_path() -> Path:
    """`sfconf.db` in the per-user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("sfconf", appauthor=False)) / "sfconf.db"


def resolve_db_path(cli_value: str | None) -> Path | str:
    """`--db` wins, then $SFCONF_DB, then the per-user default; a database URL stays a string."""
    value = cli_value or os.environ.get(ENV_VAR)
    if value:
        return value if looks_like_url(value) else Path(value).expanduser()
    return default_db_path()


def looks_like_url(value: str) -> bool:
    """`postgresql://...` and the like: not a file store."""
    head, sep, _ = value.partition("://")
    return bool(sep) and head.replace("+", "").isalnum() and len(head) > 1


def check_store_location(cli_value: str | None) -> Path | str:
    """The store path of the CLI contract; a named store in a folder that does not exist is refused."""
    named = bool(cli_value or os.environ.get(ENV_VAR))
    path = resolve_db_path(cli_value)
    if isinstance(path, str):
        return path  # a database URL: the server says whether it exists
    folder = path.parent if str(path.parent) else Path(".")
    # The per-user default's folder is made, private. A named store is looked at as the default
    # only when its folder is missing: working the default out costs a launch some 4 ms.
    if not named or (not folder.exists() and path == default_db_path()):
        from conference.store.keys import private_folder

        private_folder(path.parent)
        return path
    if not folder.exists():
        raise StoreError(
            f"store {cut(str(path))}: the folder {cut(str(folder))} does not exist; "
            "check the path (a new store is only made in an existing folder)"
        )
    return path


def cut(text: str, limit: int = 120) -> str:
    """A path or value short enough for a one-line message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
