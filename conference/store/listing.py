"""The list of conferences over a bare database connection, for the home window's first paint.

The home window shows this before SQLAlchemy, SQLModel and the migrations are even
imported (they cost about half a second); the full store opens right after the first
paint, and any problem with the file (newer, corrupt, locked) is reported then.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
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


Listing = Callable[[], list[dict[str, Any]] | None]


def listing_aside(path: Path | str) -> Listing:
    """Start reading the list in a second process now; the call it returns waits for the list.

    The window's toolkit takes some 75 ms to load, all on one core: loading a library holds
    Python's lock, so a thread would only wait its turn. The store's driver alone takes 5 ms
    to load, and key, connection and read 3 ms more. A second Python, started before the
    toolkit loads, does all of that on another core meanwhile and hands the list over
    through a pipe, never a file. Where that cannot help (one core, no posix_spawn as on
    Windows, a bundled app with no plain Python to start, a database URL) or the second
    process fails, the returned call reads the list itself, as quick_listing does.
    """

    def read_here() -> list[dict[str, Any]] | None:
        return quick_listing(path)

    if isinstance(path, str) or getattr(sys, "frozen", False) or not hasattr(os, "posix_spawn"):
        return read_here
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    if cores < 2:
        return read_here
    read, write = os.pipe()
    try:
        # -P: not the current folder's modules, whatever folder sfconf was started in.
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-P", "-c", _SECOND, os.fspath(path)],
            os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, write, 1)],
        )
    except OSError:
        os.close(read)
        return read_here
    finally:
        os.close(write)

    def wait_for_it() -> list[dict[str, Any]] | None:
        import marshal

        chunks = []
        try:
            while chunk := os.read(read, 1 << 16):
                chunks.append(chunk)
        finally:
            os.close(read)
            os.waitpid(pid, 0)
        try:
            rows: list[dict[str, Any]] | None = marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):  # nothing came: read it here after all
            return quick_listing(path)
        return rows

    return wait_for_it


# What the second process runs: silent whatever happens (the window reads the list itself).
_SECOND = """
import sys
try:
    import marshal
    from pathlib import Path
    from conference.store.listing import quick_listing
    sys.stdout.buffer.write(marshal.dumps(quick_listing(Path(sys.argv[1]))))
except BaseException:
    raise SystemExit(1)
"""
