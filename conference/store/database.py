"""The SQLite store: chosen per the CLI contract, version-checked read-only first, then migrated.

Opening order matters. The schema version is read over a read-only connection before
anything writes, because switching a file to WAL rewrites its header: a database from a
newer sfconf, or a corrupt one, must be refused while its bytes are still untouched.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from conference.errors import StoreError

# The newest schema revision this version of sfconf knows, and every older one it can
# upgrade from. tests/unit/test_store.py checks these against the Alembic scripts.
SCHEMA_HEAD = "0003_interchange_v2"
KNOWN_REVISIONS = ("0001_initial", "0002_row_versions", "0003_interchange_v2")
BUSY_TIMEOUT_MS = 5000
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


def _ro_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def _explain(exc: BaseException, path: Path) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"store {path} is locked by another program; close it (or the other sfconf window) and try again"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(
            f"store {path} is corrupt (not a readable sfconf database); it was left unchanged"
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreError(f"store {path} is read-only; nothing was changed")
    if "unable to open" in text:
        return StoreError(f"store {path} cannot be opened (check the folder and permissions)")
    if "disk i/o" in text or "full" in text:
        return StoreError(f"store {path} could not be written ({text}); nothing was lost")
    return StoreError(f"store {path}: {exc}")


def is_read_only_file(path: Path) -> bool:
    """True when the file is marked read-only (no write bit), which we honour even as root."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def read_schema_revision(path: Path) -> str | None:
    """The Alembic revision stamped in the file, over a read-only connection; None if unstamped."""
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise _explain(exc, path) from None
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
        if row is None or row[0] != "ok":
            raise StoreError(
                f"store {path} is corrupt ({row[0] if row else 'no answer'}); it was left unchanged"
            )
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()[0]
            if tables:
                raise StoreError(f"store {path} is not an sfconf database; it was left unchanged")
            return None
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(found[0]) if found else None
    except sqlite3.Error as exc:
        raise _explain(exc, path) from None
    finally:
        conn.close()


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: an edit the screen shows as saved must survive a power cut; our writes are tiny.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _ro_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    here = Path(__file__).resolve().parent / "migrations"
    cfg = Config()
    cfg.set_main_option("script_location", str(here))
    with engine.connect() as conn:
        # Batch migrations rebuild tables; with foreign keys on, that would delete child rows.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


@dataclass
class Store:
    """An open store: its path, its engine, and whether it may be written."""

    path: Path
    engine: Engine
    writable: bool

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one user action; database errors become one-line StoreErrors."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except (OperationalError, SADatabaseError) as exc:
            raise _explain(exc.orig if exc.orig is not None else exc, self.path) from None

    def require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"store {self.path} is read-only; nothing was changed")

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path, *, write: bool = True) -> Store:
    """Open (creating if missing) and migrate the store, or raise StoreError leaving it untouched."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise StoreError(f"store {path} is a folder, not a database file")
    existed = path.exists()
    if existed:
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            raise StoreError(f"store {path} cannot be read ({exc.strerror})") from None
        if not (mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)) or not os.access(
            path, os.R_OK
        ):
            raise StoreError(
                f"store {path} cannot be read (permission denied); it was left unchanged"
            )
        revision = read_schema_revision(path)
        if revision is not None and revision not in KNOWN_REVISIONS:
            from conference import __version__

            raise StoreError(
                f"store {path} was made by a newer sfconf (schema {revision}; this is sfconf "
                f"{__version__}, schema {SCHEMA_HEAD}); it was left unchanged: update sfconf"
            )
        read_only = is_read_only_file(path)
    else:
        revision = None
        read_only = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"store folder {path.parent} cannot be created ({exc.strerror})"
            ) from None

    if read_only:
        if write or revision != SCHEMA_HEAD:
            raise StoreError(f"store {path} is read-only; nothing was changed")
        uri = _ro_uri(path)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        )
        event.listen(engine, "connect", _ro_pragmas)
        return Store(path=path, engine=engine, writable=False)

    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    try:
        if revision != SCHEMA_HEAD:
            _migrate(engine)
    except (OperationalError, SADatabaseError, sqlite3.Error) as exc:
        engine.dispose()
        orig = getattr(exc, "orig", None) or exc
        raise _explain(orig, path) from None
    return Store(path=path, engine=engine, writable=True)
