"""The list of conferences over a bare database connection, for the home window's first paint.

The home window shows this before SQLAlchemy, SQLModel and the migrations are even
imported (they cost about half a second); the full store opens right after the first
paint, and any problem with the file (newer, corrupt, locked) is reported then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_CONFERENCES = (
    "SELECT id, starts_at, kind, family_name, status FROM conference"
    " ORDER BY starts_at DESC, created_at DESC"
)
_CHILDREN = "SELECT conference_id, name FROM child ORDER BY position"


def list_conferences_on(conn: Any) -> list[dict[str, Any]]:
    """Every conference, newest first, with its children's names, over a DB-API connection."""
    kids: dict[str, list[str]] = {}
    for conference_id, name in conn.execute(_CHILDREN).fetchall():
        kids.setdefault(conference_id, []).append(name)
    return [
        {
            "id": cid,
            "starts_at": starts_at,
            "kind": kind,
            "family_name": family_name,
            "status": status,
            "children": kids.get(cid, []),
        }
        for cid, starts_at, kind, family_name, status in conn.execute(_CONFERENCES).fetchall()
    ]


def quick_listing(path: Path | str) -> list[dict[str, Any]] | None:
    """The conferences of the store at `path` read without writing, or None to take the full way.

    None for anything out of the ordinary (no file yet, a folder, unreadable, locked,
    corrupt, a wrong key, another schema): opening the store properly then says what is
    wrong.
    """
    from conference.store import cipher
    from conference.store.keys import store_key

    if isinstance(path, str):
        return None  # a database URL: the full store opens it
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        conn = cipher.connect(path, store_key(), read_only=True, timeout=1)
    except Exception:  # OSError, a StoreError about the key, the driver's own errors
        return None
    try:
        return list_conferences_on(conn)
    except Exception:  # sqlcipher3.dbapi2.Error: not a store we can read this way
        return None
    finally:
        conn.close()
