"""The SQLite store, encrypted with SQLCipher: chosen per the CLI contract, checked read-only first, then migrated.

Opening order matters. The schema version and the file's integrity are read over a
read-only connection before anything writes, because switching a file to WAL rewrites its
header: a database from a newer sfconf, a corrupt one, or one that does not open with the
user's key must be refused while its bytes are still untouched.

Every connection is made by `_connect` (sqlcipher3 with the user's raw 256-bit key, see
keys.py). An old plain SQLite store is encrypted once, on first open, into a new file
that is checked and then swapped in atomically. A new store is built beside its final
name and linked into place, so processes creating the same store at once cannot meet a
half-migrated file.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.elements import TextClause
from sqlmodel import Session

from conference.errors import RefusedInput, SfconfError, StoreError
from conference.store import cipher
from conference.store.keys import make_private, private_folder, store_key
from conference.store.location import (
    ENV_VAR,
    check_store_location,
    cut,
    default_db_path,
    looks_like_url,
    resolve_db_path,
)

# The newest schema revision this version of sfconf knows, and every older one it can
# upgrade from. tests/unit/test_store.py checks these against the Alembic scripts.
__all__ = [
    "ENV_VAR",
    "check_store_location",
    "cut",
    "looks_like_url",
    "SCHEMA_HEAD",
    "Store",
    "StoreError",
    "default_db_path",
    "open_store",
    "resolve_db_path",
]

SCHEMA_HEAD = "0004_record_lifecycle"
KNOWN_REVISIONS = (
    "0001_initial",
    "0002_row_versions",
    "0003_interchange_v2",
    "0004_record_lifecycle",
)
BUSY_TIMEOUT_MS = 5000
PLAIN_HEADER = b"SQLite format 3\x00"

# SQLite's primary result codes (https://sqlite.org/rescode.html) that we tell apart.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_CONSTRAINT = 19
SQLITE_NOTADB = 26
SQLITE_CONSTRAINT_PRIMARYKEY = 1555
SQLITE_CONSTRAINT_UNIQUE = 2067


def _dbapi() -> Any:
    import sqlcipher3.dbapi2

    return sqlcipher3.dbapi2


def _ro_uri(path: Path) -> str:
    return cipher.read_only_uri(path)


def _code(exc: BaseException) -> int:
    """The SQLite extended result code of a driver error (0 when it has none)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0)


def _explain(exc: BaseException, path: Path) -> SfconfError:
    """One line for a database error, chosen by its SQLite result code, never by its text."""
    if isinstance(exc, SfconfError):
        return exc
    where = cut(str(path))
    code = _code(exc)
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreError(
            f"store {where} is locked by another program; close it (or the other sfconf window) and try again"
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreError(
            f"store {where} does not open with this user's key: the key is wrong or the file "
            "is damaged; it was left unchanged (see 'sfconf key', or restore a backup)"
        )
    if primary == SQLITE_READONLY:
        return StoreError(f"store {where} is read-only; nothing was changed")
    if primary in (SQLITE_CANTOPEN, SQLITE_PERM):
        return StoreError(f"store {where} cannot be opened (check the folder and permissions)")
    if primary in (SQLITE_IOERR, SQLITE_FULL, SQLITE_NOMEM):
        name = getattr(exc, "sqlite_errorname", "") or "I/O error"
        return StoreError(f"store {where} could not be read or written ({name}); nothing was lost")
    if code in (SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE):
        return RefusedInput(
            f"store {where}: an object with the same id was added at the same moment by "
            "another program; nothing was changed"
        )
    if primary == SQLITE_CONSTRAINT:
        detail = " ".join(str(exc).split())
        return StoreError(
            f"store {where} refused the change ({cut(detail, 80)}); nothing was changed"
        )
    name = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
    return StoreError(f"store {where}: database error ({name}); nothing was changed")


def is_read_only_file(path: Path) -> bool:
    """True when the file is marked read-only (no write bit), which we honour even as root."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def is_plain(path: Path) -> bool:
    """True for an unencrypted SQLite file (it starts with SQLite's own header)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == PLAIN_HEADER
    except OSError:
        return False


def _connect(
    path: Path, key: str | None, *, read_only: bool = False, timeout_ms: int | None = None
) -> Any:
    """A sqlcipher3 connection keyed with `key` (None: a plain file, only to encrypt it)."""
    timeout = (BUSY_TIMEOUT_MS if timeout_ms is None else timeout_ms) / 1000
    conn = cipher.connect(path, key, read_only=read_only, timeout=timeout)
    # quick_check's text may hold any bytes of a damaged page: never fail decoding it.
    conn.text_factory = _text
    return conn


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _unclean(path: Path) -> bool:
    """A -wal with frames left beside the file: the last program did not close it (or still runs)."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _check(conn: Any, path: Path, *, full: bool) -> None:
    """quick_check, or integrity_check (which also checks indexes) when `full`."""
    pragma = "integrity_check(1)" if full else "quick_check(1)"
    row = conn.execute(f"PRAGMA {pragma}").fetchone()
    if row is None or row[0] != "ok":
        raise StoreError(
            f"store {cut(str(path))} is damaged (the {'integrity' if full else 'quick'} check "
            "failed); it was left unchanged: restore a backup (sfconf restore)"
        )


def _inspect(conn: Any, path: Path, *, full: bool) -> str | None:
    """Check the file and return its Alembic revision (None when unstamped and empty)."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _check(conn, path, full=full)
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()[0]
            if tables:
                raise StoreError(
                    f"store {cut(str(path))} is not an sfconf database; it was left unchanged"
                )
            return None
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(found[0]) if found else None
    except _dbapi().Error as exc:
        raise _explain(exc, path) from None


def read_schema_revision(
    path: Path, key: str | None = None, *, full: bool | None = None
) -> str | None:
    """The Alembic revision stamped in the file, over a read-only connection; None if unstamped.

    The file is checked first: integrity_check after an unclean shutdown (`full`), else
    quick_check. `key` None means the user's key (or no key for a plain file).
    """
    if key is None and not is_plain(path):
        key = store_key()
    if full is None:
        full = _unclean(path)
    try:
        conn = _connect(path, None if is_plain(path) else key, read_only=True)
    except _dbapi().Error as exc:
        raise _explain(exc, path) from None
    try:
        return _inspect(conn, path, full=full)
    finally:
        conn.close()


def _newer_refusal(path: Path, revision: str) -> StoreError:
    return _newer_refusal_named(cut(str(path)), revision)


def _newer_refusal_named(where: str, revision: str) -> StoreError:
    from conference import __version__

    return StoreError(
        f"store {where} was made by a newer sfconf (schema {revision}; this is sfconf "
        f"{__version__}, schema {SCHEMA_HEAD}); it was left unchanged: update sfconf"
    )


def _set_pragmas(dbapi_conn: Any, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: an edit the screen shows as saved must survive a power cut; our writes are tiny.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _ro_pragmas(dbapi_conn: Any, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _engine(path: Path, key: str | None, *, read_only: bool) -> Engine:
    """A SQLAlchemy engine whose connections come from `_connect` (errors keep their codes)."""

    def creator() -> Any:
        return _connect(path, key, read_only=read_only)

    engine = create_engine(
        "sqlite://", creator=creator, module=_dbapi(), poolclass=QueuePool, pool_size=5
    )
    event.listen(engine, "connect", _ro_pragmas if read_only else _set_pragmas)
    return engine


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


# Set in a session's `info` once its transaction holds the store's write lock.
WRITE_LOCKED = "sfconf_write_locked"
# A session's `info`: the row its `under_lock` read found (None when there was none).
UNDER_LOCK = "sfconf_under_lock"
_NOT_READ = object()


@dataclass
class Store:
    """An open store: its path, its engine, and whether it may be written."""

    path: Path
    engine: Engine
    writable: bool
    # Opened to write (open_store(write=True)): each session takes the write lock first.
    write_lock: bool = True
    # The PostgreSQL URL of a shared store (then `path` is unused), None for a file store.
    url: str | None = None
    # The shared store's application_name, carried by its live notifications.
    origin: str = ""
    # Set by `close()`: a closed store opens no new connection (a timer that fires after
    # its window closed is told so, instead of starting the store's pool again).
    closed: bool = False

    @property
    def where(self) -> str:
        """The store as messages name it (a URL without its password)."""
        if self.url is not None:
            from conference.store.postgres import safe_url

            return safe_url(self.url)
        return cut(str(self.path))

    @property
    def location(self) -> Path | str:
        """What `--db` names for this store: its file, or its URL."""
        return self.url if self.url is not None else self.path

    @property
    def shared(self) -> bool:
        """True on the council's shared store (PostgreSQL)."""
        return self.url is not None

    @contextmanager
    def session(
        self, under_lock: tuple[TextClause, dict[str, Any]] | None = None
    ) -> Iterator[Session]:
        """A session for one user action; database errors become one-line StoreErrors.

        On a writable store the transaction takes the write lock first (BEGIN IMMEDIATE),
        so two programs changing the store at once wait for each other instead of one
        failing on a stale snapshot; the second then sees what the first did (a same-id
        import is refused as a duplicate, exit 3).

        `under_lock` is a read to make as soon as the lock is held; its first row goes in
        `session.info[UNDER_LOCK]`. On the shared store the transaction's start, the lock
        and that read go to the server together: one round trip, not three.
        """
        if self.closed:
            raise StoreError(f"store {self.where} is closed")
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                found: Any = _NOT_READ
                if self.writable and self.write_lock:
                    if self.url is not None:
                        from conference.store.postgres import take_write_lock

                        found = take_write_lock(session.connection(), under_lock)
                    else:
                        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                    session.info[WRITE_LOCKED] = True
                if under_lock is not None:
                    if found is _NOT_READ:
                        found = session.connection().execute(*under_lock).first()
                    session.info[UNDER_LOCK] = found
                yield session
        except (OperationalError, SADatabaseError) as exc:
            orig = exc.orig if exc.orig is not None else exc
            if self.url is not None:
                from conference.store.postgres import explain

                raise explain(orig, self.url) from None
            raise _explain(orig, self.path) from None

    def require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"store {self.where} is read-only; nothing was changed")

    def checkpoint(self) -> bool:
        """Copy the -wal's frames into the store file, so a lost -wal loses nothing saved so far.

        Passive: never waits for, or blocks, another reader. True when every frame was copied.
        """
        if not self.writable or self.closed:
            return False
        if self.url is not None:
            return True  # a committed PostgreSQL transaction is already on the server's disk
        try:
            with self.engine.connect() as conn:
                row = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except (OperationalError, SADatabaseError):
            return False
        return row is not None and int(row[0]) == 0 and int(row[1]) == int(row[2])

    def integrity_check(self) -> None:
        """PRAGMA integrity_check over the whole file (for `verify`); StoreError when damaged."""
        if self.url is not None:
            return  # the server checks its own pages (data checksums); nothing to read here
        try:
            conn = _connect(self.path, None if is_plain(self.path) else store_key(), read_only=True)
        except _dbapi().Error as exc:
            raise _explain(exc, self.path) from None
        try:
            _check(conn, self.path, full=True)
        except _dbapi().Error as exc:
            raise _explain(exc, self.path) from None
        finally:
            conn.close()

    def close(self) -> None:
        self.closed = True
        self.engine.dispose()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _shred(path: Path) -> None:
    """Overwrite a file's bytes with zeros, then remove it (best effort: a plain copy of a store)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            block = b"\0" * 65536
            left = size
            while left > 0:
                fh.write(block[: min(left, len(block))])
                left -= len(block)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def _counts(conn: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def encrypt_plain_store(path: Path, key: str, notify: Callable[[str], None] | None = None) -> None:
    """Encrypt a plain SQLite store in place: a new encrypted file, checked, then swapped in.

    No plain copy is left: the old file's bytes are overwritten with zeros once the
    encrypted one has replaced it (on an SSD the drive may still keep old blocks).
    """
    dbapi = _dbapi()
    tmp = path.with_name(f".{path.name}.encrypting-{os.getpid()}")
    old = path.with_name(f".{path.name}.plain-{os.getpid()}")
    for leftover in (tmp, old):
        leftover.unlink(missing_ok=True)
    try:
        plain = _connect(path, None)
        try:
            plain.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            before = _counts(plain)
            user_version = int(plain.execute("PRAGMA user_version").fetchone()[0])
            plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(tmp), f"x'{key}'"))
            plain.execute("SELECT sqlcipher_export('encrypted')")
            plain.execute(f"PRAGMA encrypted.user_version = {user_version}")
            plain.commit()
            plain.execute("DETACH DATABASE encrypted")
        finally:
            plain.close()
        make_private(tmp)
        check = _connect(tmp, key)
        try:
            _check(check, tmp, full=True)
            if _counts(check) != before:
                raise StoreError(
                    f"store {cut(str(path))} could not be encrypted (the copy differs); "
                    "it was left unchanged"
                )
            check.execute("PRAGMA journal_mode=WAL")
        finally:
            check.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.link(path, old)
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except dbapi.Error as exc:
        tmp.unlink(missing_ok=True)
        old.unlink(missing_ok=True)
        raise _explain(exc, path) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        old.unlink(missing_ok=True)
        raise StoreError(
            f"store {cut(str(path))} could not be encrypted ({exc.strerror}); it was left unchanged"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _shred(old)
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        side.unlink(missing_ok=True)
    (notify or _notice)(
        f"sfconf: the store {cut(str(path))} was not encrypted; it is now, with this user's key "
        "(no plain copy is kept)"
    )


def _notice(message: str) -> None:
    import sys

    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _create(path: Path, key: str) -> None:
    """Build a new, migrated store beside `path` and link it into place (first one wins)."""
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}-{id(path):x}")
    tmp.unlink(missing_ok=True)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        engine = _engine(tmp, key, read_only=False)
        try:
            _migrate(engine)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
        make_private(tmp)
        # Another process may have made the store first: then theirs is used.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
        _fsync_folder(path.parent)
    finally:
        for name in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            name.unlink(missing_ok=True)


def open_store(path: Path | str, *, write: bool = True) -> Store:
    """Open (creating if missing) and migrate the store, or raise StoreError leaving it untouched.

    `path` is a file (the SQLite store) or a PostgreSQL URL (the council's shared store).
    """
    import conference.record.audit_chain  # noqa: F401  (chains every audit entry as it is written)
    from conference.store.postgres import is_postgres_url, open_postgres, safe_url

    if is_postgres_url(path):
        store: Store = open_postgres(
            str(path), write=write, head=SCHEMA_HEAD, known=KNOWN_REVISIONS
        )
        return store
    if looks_like_url(str(path)):
        raise StoreError(
            f"store {safe_url(str(path))}: only PostgreSQL URLs (postgresql://...) or a file "
            "can be a store"
        )
    path = Path(path)
    if path.exists() and path.is_dir():
        raise StoreError(f"store {cut(str(path))} is a folder, not a database file")
    key = store_key()
    try:
        if not path.exists():
            try:
                new_folder = not path.parent.exists()
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                if new_folder:
                    private_folder(path.parent)
            except OSError as exc:
                raise StoreError(
                    f"store folder {cut(str(path.parent))} cannot be created ({exc.strerror})"
                ) from None
            _create(path, key)
    except _dbapi().Error as exc:
        raise _explain(exc, path) from None
    except (OperationalError, SADatabaseError) as exc:
        raise _explain(exc.orig if exc.orig is not None else exc, path) from None
    except PermissionError as exc:
        raise StoreError(
            f"store {cut(str(path))} cannot be created ({exc.strerror}); nothing was changed"
        ) from None

    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise StoreError(f"store {cut(str(path))} cannot be read ({exc.strerror})") from None
    if not (mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)) or not os.access(path, os.R_OK):
        raise StoreError(
            f"store {cut(str(path))} cannot be read (permission denied); it was left unchanged"
        )
    read_only = is_read_only_file(path)
    plain = is_plain(path)
    unclean = _unclean(path)
    revision = read_schema_revision(path, None if plain else key, full=unclean)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise _newer_refusal(path, revision)

    if plain:
        if read_only:
            if write or revision != SCHEMA_HEAD:
                raise StoreError(f"store {cut(str(path))} is read-only; nothing was changed")
            return Store(path=path, engine=_engine(path, None, read_only=True), writable=False)
        encrypt_plain_store(path, key)

    if read_only:
        if write or revision != SCHEMA_HEAD:
            raise StoreError(f"store {cut(str(path))} is read-only; nothing was changed")
        return Store(path=path, engine=_engine(path, key, read_only=True), writable=False)

    engine = _engine(path, key, read_only=False)
    try:
        if revision != SCHEMA_HEAD:
            if not unclean:
                # Before a migration rewrites tables, the file must be whole, indexes included.
                read_schema_revision(path, key, full=True)
            _migrate(engine)
    except (OperationalError, SADatabaseError) as exc:
        engine.dispose()
        raise _explain(exc.orig if exc.orig is not None else exc, path) from None
    except _dbapi().Error as exc:
        engine.dispose()
        raise _explain(exc, path) from None
    except SfconfError:
        engine.dispose()
        raise
    make_private(path)
    return Store(path=path, engine=engine, writable=True, write_lock=write)
