"""Opening an encrypted store file with sqlcipher3: the one place that knows how a key is given.

Light on purpose (no SQLAlchemy): the home window reads its list through this before the
ORM is loaded, and the full store's engine makes every connection through it too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote


def read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def connect(path: Path, key: str | None, *, read_only: bool = False, timeout: float = 5.0) -> Any:
    """A sqlcipher3 connection keyed with `key` (None: a plain file, only to encrypt it)."""
    import sqlcipher3.dbapi2 as dbapi

    if read_only:
        conn = dbapi.connect(
            read_only_uri(path), uri=True, timeout=timeout, check_same_thread=False
        )
    else:
        conn = dbapi.connect(str(path), timeout=timeout, check_same_thread=False)
    try:
        # SQLCipher logs to stderr by default; a message must stay one line.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f"PRAGMA key = \"x'{key}'\"")
    except Exception:
        conn.close()
        raise
    return conn
