"""The council's shared store on PostgreSQL (psycopg 3): opened, checked and migrated like the file.

A writable session takes one transaction-scoped advisory lock first, as the file store
takes SQLite's write lock (BEGIN IMMEDIATE): two laptops writing at once wait for each
other, and the second then reads what the first committed, so a version check made in
that session is never stale (no lost update) and positions are renumbered by one writer
at a time. Messages name the server and database, never the password.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine, create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import TextClause

from conference.errors import RefusedInput, SfconfError, StoreError, StoreUnreachable
from conference.store.location import cut

# pg_advisory_xact_lock keys (any two 32-bit numbers unique to sfconf).
WRITE_LOCK = (0x5F5F, 1)
MIGRATE_LOCK = (0x5F5F, 2)
CONNECT_TIMEOUT_S = 5
LOCK_TIMEOUT_MS = 10000


def is_postgres_url(value: object) -> bool:
    """`postgresql://...` or `postgres://...` (with an optional `+driver`)."""
    if not isinstance(value, str):
        return False
    head = value.partition("://")[0].split("+")[0].lower()
    return "://" in value and head in ("postgresql", "postgres")


def safe_url(url: str) -> str:
    """The URL with any password taken out, for messages and titles."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the database URL"
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        user = user.split(":", 1)[0]
        netloc = f"{user}@{host}"
    return cut(urlunsplit((parts.scheme, netloc, parts.path, "", "")))


def _sqlalchemy_url(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if sep else url


def login_of(url: str) -> str:
    """The database login named in the URL (libpq's default, the OS user, when none is)."""
    try:
        user = urlsplit(url).username
    except ValueError:
        user = None
    if user:
        return user
    import getpass

    return getpass.getuser()


def explain(exc: BaseException, url: str) -> SfconfError:
    """One line for a PostgreSQL error: by SQLSTATE, or for a failed connection by libpq's words."""
    if isinstance(exc, SfconfError):
        return exc
    where = safe_url(url)
    state = str(getattr(exc, "sqlstate", "") or "")
    words = " ".join(str(exc).split())
    if not state and "NUL (0x00)" in words:
        return RefusedInput(
            f"store {where}: a text holds a NUL character (U+0000), which the shared store "
            "cannot keep; take it out and try again; nothing was changed"
        )
    if not state and not _is_connection_error(exc):
        return StoreError(
            f"store {where}: database error ({type(exc).__name__}); nothing was changed"
        )
    if not state:
        if "password authentication failed" in words or "no password supplied" in words:
            return StoreError(f"store {where}: the user name or password is wrong")
        if re.search(r'database "[^"]*" does not exist', words):
            return StoreError(f"store {where}: no such database on the server")
        if "permission denied" in words or "not permitted" in words or "pg_hba.conf" in words:
            return StoreError(f"store {where}: permission denied (ask the council's IT for access)")
        return StoreUnreachable(
            f"store {where}: the database server cannot be reached (check the network and "
            "that the server is running); nothing was changed"
        )
    if state in ("28P01", "28000"):
        return StoreError(f"store {where}: the user name or password is wrong")
    if state == "3D000":
        return StoreError(f"store {where}: no such database on the server")
    if state == "42501":
        return StoreError(
            f"store {where}: permission denied for this login ({cut(_primary(exc), 80)}); "
            "nothing was changed"
        )
    if state == "55P03":
        return StoreError(
            f"store {where} is busy: another laptop has been writing for a while; "
            "nothing was changed, try again"
        )
    if state in ("40001", "40P01"):
        return RefusedInput(
            f"store {where}: someone else changed the same thing at the same moment; "
            "nothing was changed, try again"
        )
    if state == "23505":
        return RefusedInput(
            f"store {where}: an object with the same id was added at the same moment by "
            "another program; nothing was changed"
        )
    if state.startswith("23") or state == "P0001":
        return StoreError(
            f"store {where} refused the change ({cut(_primary(exc), 80)}); nothing was changed"
        )
    if state.startswith("08") or state.startswith("57P"):
        return StoreUnreachable(
            f"store {where}: the connection to the database server was lost; "
            "what was not yet saved was not changed"
        )
    return StoreError(f"store {where}: database error ({state}); nothing was changed")


def _is_connection_error(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError, OSError))


def _primary(exc: BaseException) -> str:
    diag = getattr(exc, "diag", None)
    message = getattr(diag, "message_primary", None) if diag is not None else None
    return str(message or " ".join(str(exc).split()))


def make_engine(url: str, origin: str = "sfconf") -> Engine:
    """A pooled engine over psycopg 3; connections are checked before use (a server restart).

    `origin` is the connections' application_name: the live notifications carry it, so a
    window can tell its own writes from another laptop's.
    """
    return create_engine(
        _sqlalchemy_url(url),
        pool_pre_ping=True,
        pool_size=5,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": origin,
            # A writer waits for another laptop's change this long, then is told (55P03).
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS}",
        },
    )


_LOCK = text("SELECT pg_advisory_xact_lock(:a, :b)")
_LOCK_PARAMS = {"a": WRITE_LOCK[0], "b": WRITE_LOCK[1]}
# The driver's own text of each statement read under the lock (compiled once).
_DRIVER_SQL: dict[tuple[str, str], Any] = {}


def _driver_sql(conn: Connection, statement: TextClause) -> Any:
    key = (statement.text, conn.dialect.name)
    compiled = _DRIVER_SQL.get(key)
    if compiled is None:
        compiled = _DRIVER_SQL[key] = statement.compile(dialect=conn.dialect)
    return compiled


def take_write_lock(conn: Connection, then: tuple[TextClause, dict[str, Any]] | None = None) -> Any:
    """Serialise writers for the rest of this transaction (released at commit or rollback).

    With `then` (a read), returns its first row (or None), read once the lock is held. The
    transaction's BEGIN, the lock and the read go in one flight (psycopg's pipeline mode):
    the server runs them in order, so the read sees every writer that went before.
    """
    if then is None:
        conn.execute(_LOCK, _LOCK_PARAMS)
        return None
    statement, params = then
    compiled = _driver_sql(conn, statement)
    lock = _driver_sql(conn, _LOCK)
    raw: Any = conn.connection.dbapi_connection
    try:
        with raw.pipeline():
            raw.execute(lock.string, lock.construct_params(_LOCK_PARAMS))
            cursor = raw.execute(compiled.string, compiled.construct_params(params))
        return cursor.fetchone()
    except raw.Error as exc:
        # As if SQLAlchemy had run it: the store's session turns it into one line.
        raise DBAPIError.instance(compiled.string, params, exc, raw.Error) from exc


def read_revision(conn: Connection, url: str) -> str | None:
    """The Alembic revision of the database (None when it has no sfconf tables yet)."""
    has = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
    if not has:
        tables = conn.execute(
            text(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        ).scalar()
        if tables:
            raise StoreError(
                f"store {safe_url(url)} is not an sfconf database; it was left unchanged"
            )
        return None
    found = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(found[0]) if found else None


def open_postgres(url: str, *, write: bool, head: str, known: tuple[str, ...]) -> Any:
    """Connect, refuse a newer schema, migrate an older one (one migrator at a time)."""
    import uuid

    from conference.store.database import Store, _newer_refusal_named

    origin = f"sfconf-{uuid.uuid4().hex[:12]}"
    engine = make_engine(url, origin)
    try:
        with engine.connect() as conn:
            revision = read_revision(conn, url)
            conn.rollback()
        if revision is not None and revision not in known:
            raise _newer_refusal_named(safe_url(url), revision)
        if revision != head:
            migrate(engine, url)
    except DBAPIError as exc:
        engine.dispose()
        raise explain(exc.orig if exc.orig is not None else exc, url) from None
    except SfconfError:
        engine.dispose()
        raise
    store = Store(path=Path(), engine=engine, writable=True, write_lock=write, url=url)
    store.origin = origin
    return store


def migrate(engine: Engine, url: str) -> None:
    """Bring the database to head under an advisory lock, so two laptops never migrate at once."""
    from alembic import command
    from alembic.config import Config

    here = Path(__file__).resolve().parent / "migrations"
    cfg = Config()
    cfg.set_main_option("script_location", str(here))
    with engine.connect() as conn:
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:a, :b)"),
            {"a": MIGRATE_LOCK[0], "b": MIGRATE_LOCK[1]},
        )
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
