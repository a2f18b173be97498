"""Raw connections to the encrypted store for tests: sqlcipher3 keyed with the suite's test key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from tests.conftest import TEST_KEY

Error = sqlcipher.Error
DatabaseError = sqlcipher.DatabaseError


def connect(
    path: Path | str, *, read_only: bool = False, key: str = TEST_KEY, **kwargs: Any
) -> Any:
    """What another tool holding the key would open: a sqlcipher3 connection to the store."""
    if read_only:
        conn = sqlcipher.connect(f"file:{path}?mode=ro", uri=True, **kwargs)
    else:
        conn = sqlcipher.connect(str(path), **kwargs)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    return conn
