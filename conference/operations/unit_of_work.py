"""One user action against the store: one session, one transaction, one audit group.

Every operation in `conference.operations` takes a `UnitOfWork`. Several operations in one
unit commit together (a drag between panes is one transaction, one audit group and one
undo step). The unit remembers each row as it was before it first touched it, so it can
say what changed (typed `ChangeEvent`s for the views) and how to put it back (`Inverse`).
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import bindparam, func, text, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.sql import Executable
from sqlmodel import Session, SQLModel, col, select

from conference.errors import RefusedInput
from conference.exchange.interchange import conference_or_refuse, new_id, now_text
from conference.operations.undo import Inverse, RowChange
from conference.record.audit_chain import HEAD_SQL, chain_entries
from conference.store.database import UNDER_LOCK, Store
from conference.store.model import ENTITY_TABLES, AuditEntry, Conference

# The table of each kind the unit of work can touch, the conference included.
TABLES: dict[str, type[SQLModel]] = {"conference": Conference, **ENTITY_TABLES}
# Conference columns that are bookkeeping, not content: never versioned, never undone.
_BOOKKEEPING = ("created_at", "updated_at")

Key = tuple[str, str]

# Statements run on every unit, built once: SQLAlchemy keys its compiled-statement cache on a
# statement's structure, and works that key out again for each new construct (literals and
# all), which cost more than running the statement did. A construct built once keeps its key.
# What a unit checks as it begins, read under the write lock: the conference's status,
# template and stamp, and where its audit chain stands (for the entries the unit adds).
_CONFERENCE_STATE = text(
    f"SELECT status, template, updated_at, {HEAD_SQL} FROM conference WHERE id = :cid"
)
_STAMP = (
    update(Conference)
    .where(col(Conference.id) == bindparam("cid"))
    .values(updated_at=bindparam("stamp"))
)
_INSERT: dict[str, Executable] = {}
_INSERT_LAST: dict[tuple[str, str], Executable] = {}


def _insert_last_statement(table: Any, dialect: str) -> Executable:
    """INSERT ... SELECT the next free position ... ON CONFLICT DO NOTHING, for one table."""
    statement = _INSERT_LAST.get((table.name, dialect))
    if statement is None:
        position = table.c.position
        values = [
            (func.coalesce(func.max(position), -1) + 1)
            if c.name == "position"
            else bindparam(f"v_{c.name}", type_=c.type)
            for c in table.columns
        ]
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        statement = (
            insert(table)
            .from_select(
                [c.name for c in table.columns],
                select(*values).where(table.c.conference_id == bindparam("cid")),
            )
            .on_conflict_do_nothing()
            .returning(position)
        )
        _INSERT_LAST[(table.name, dialect)] = statement
    return statement


def pk_field(kind: str) -> str:
    """The column that names a row of this kind within its conference."""
    return "child" if kind == "decision" else "id"


def table_of(kind: str) -> Any:
    """The SQLModel table of a kind, or RefusedInput for an unknown kind."""
    if kind not in TABLES:
        raise RefusedInput(f"unknown kind of object '{kind}'")
    return TABLES[kind]


def snapshot(row: SQLModel) -> dict[str, Any]:
    """Every column of a row, with its lists copied (JSON columns are mutable)."""
    data = row.model_dump()
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = [dict(v) if isinstance(v, dict) else v for v in value]
    return data


@dataclass(frozen=True)
class ChangeEvent:
    """One row changed by a unit of work: add, update or delete, and which fields."""

    action: str
    kind: str
    id: str
    fields: tuple[str, ...] = ()


class UnitOfWork:
    """A session and transaction for one conference; commits on a clean exit.

    Refuses a finalised conference, stamps `updated_at`, gives every audit entry it writes
    one `group_id`, and raises a row's `version` by one on each change it makes.
    """

    def __init__(self, store: Store, cid: str, actor: str) -> None:
        self.store = store
        self.cid = cid
        self.actor = actor
        self.group_id = new_id()
        self._stack = ExitStack()
        self._log: list[tuple[Key, dict[str, Any] | None]] = []
        self._first: dict[Key, dict[str, Any] | None] = {}
        self._objects: dict[Key, Any] = {}
        self.session: Session
        self._conf: Conference | None = None
        self._audits: list[AuditEntry] = []  # chained and written as the unit commits
        self._template = ""
        self._stamped = ""
        self._chain_head: tuple[Any, Any] | None = None

    # ------------------------------------------------------------ the transaction

    def __enter__(self) -> UnitOfWork:
        self.store.require_writable()
        # Most units add or change other rows: the conference's own row is read whole only
        # when an operation asks for it (`conf`).
        self.session = self._stack.enter_context(
            self.store.session(under_lock=(_CONFERENCE_STATE, {"cid": self.cid}))
        )
        try:
            found = self.session.info[UNDER_LOCK]
            if found is None:
                raise RefusedInput(f"no conference '{self.cid}' in the store")
            if found[0] == "finalised":
                raise RefusedInput(f"conference '{self.cid}' is finalised; it cannot be changed")
        except BaseException:
            self._stack.__exit__(*sys.exc_info())
            raise
        self._template, self._stamped = str(found[1]), str(found[2])
        self._chain_head = (found[3], found[4])
        return self

    @property
    def conf(self) -> Conference:
        """The conference's row, read on first use in this unit."""
        if self._conf is None:
            self._conf = conference_or_refuse(self.session, self.cid)
            self._objects.setdefault(("conference", self.cid), self._conf)
        return self._conf

    @property
    def template(self) -> str:
        """The conference's template, as it stands in this unit."""
        return self._conf.template if self._conf is not None else self._template

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # The store's session turns a database error into a one-line StoreError on its way
        # out, so every error (the commit's too) leaves through it; none is swallowed.
        if exc_type is None:
            try:
                if self._log:
                    stamp = now_text()
                    if self._conf is not None:
                        self._conf.updated_at = stamp
                        self.session.add(self._conf)
                    elif stamp != self._stamped:  # once a second at most, as before
                        self.session.connection().execute(_STAMP, {"cid": self.cid, "stamp": stamp})
                if self._audits:
                    self._flush_pending()  # the rows first, then the trail that says so
                    chain_entries(self.session, self._audits, insert=True, head=self._chain_head)
                self.session.commit()
            except BaseException:
                self.session.rollback()
                self._stack.__exit__(*sys.exc_info())
                raise
            self._stack.__exit__(None, None, None)
            return
        self.session.rollback()
        self._stack.__exit__(exc_type, exc, tb)

    # ------------------------------------------------------------ reading

    def get(self, kind: str, key: str) -> Any:
        """One row of this conference, or None."""
        if kind == "conference":
            return self.conf if key == self.cid else None
        return self.session.get(table_of(kind), (self.cid, key))

    def rows(self, kind: str) -> list[Any]:
        """One kind's rows in list order."""
        table = table_of(kind)
        return list(
            self.session.exec(
                select(table).where(table.conference_id == self.cid).order_by(col(table.position))
            ).all()
        )

    def ids(self, kind: str) -> set[str]:
        table = table_of(kind)
        column = getattr(table, pk_field(kind))
        return set(self.session.exec(select(column).where(table.conference_id == self.cid)).all())

    # ------------------------------------------------------------ writing, remembered

    def _key(self, kind: str, row: Any) -> Key:
        return (kind, self.cid if kind == "conference" else str(getattr(row, pk_field(kind))))

    def _remember(self, key: Key, before: dict[str, Any] | None) -> None:
        self._log.append((key, before))
        self._first.setdefault(key, before)

    def changing(self, kind: str, row: Any) -> None:
        """Call before changing a row's fields: remembers it and raises its version."""
        key = self._key(kind, row)
        first = key not in self._first
        self._remember(key, snapshot(row))
        if first:
            row.version += 1  # once per unit of work, however many of its steps touch it
        self._objects[key] = row
        self.session.add(row)

    def insert(self, kind: str, row: Any) -> None:
        # Written now, past the ORM's flush (the costly part of adding one row).
        self._flush_pending()
        table = type(row).__table__
        statement = _INSERT.get(table.name)
        if statement is None:
            statement = _INSERT[table.name] = table.insert()
        self.session.connection().execute(
            statement, [{c.name: getattr(row, c.name) for c in table.columns}]
        )
        self._stored(kind, row)

    def insert_last(self, kind: str, row: Any) -> bool:
        """Insert a row after every other of its kind, in one statement; False if its id is taken.

        The statement reads the next free position and writes the row, and does nothing when
        a row of that id is there already: one round trip for what took two.
        """
        self._flush_pending()
        conn = self.session.connection()
        table = type(row).__table__
        params = {f"v_{c.name}": getattr(row, c.name) for c in table.columns}
        params["cid"] = self.cid
        found = conn.execute(_insert_last_statement(table, conn.dialect.name), params).first()
        if found is None:
            return False
        row.position = int(found[0])
        self._stored(kind, row)
        return True

    def _flush_pending(self) -> None:
        """Write what earlier steps left in the session, so statements run in their order."""
        session = self.session
        if session.new or session.dirty or session.deleted:
            session.flush()

    def _stored(self, kind: str, row: Any) -> None:
        """A row just written past the ORM: remembered as new, and kept in the session as a
        stored row, so a later step of this unit can change or remove it."""
        key = self._key(kind, row)
        self._remember(key, None)
        self._objects[key] = row
        make_transient_to_detached(row)
        self.session.add(row)

    def remove(self, kind: str, row: Any) -> None:
        key = self._key(kind, row)
        self._remember(key, snapshot(row))
        self._objects[key] = None
        self.session.delete(row)

    def overwrite(self, kind: str, row: Any, data: dict[str, Any]) -> None:
        """Put a row back exactly as `data` says (its version too): the work of an undo."""
        key = self._key(kind, row)
        self._remember(key, snapshot(row))
        for name, value in data.items():
            if name not in ("conference_id", *_BOOKKEEPING):
                setattr(row, name, value)
        self._objects[key] = row
        self.session.add(row)

    def flush(self) -> None:
        self.session.flush()

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: str = "",
        field: str = "",
        before: Any = None,
        after: Any = None,
    ) -> None:
        self._audits.append(
            AuditEntry(
                conference_id=self.cid,
                at=now_text(),
                actor=self.actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                field=field,
                before=before,
                after=after,
                group_id=self.group_id,
            )
        )

    # ------------------------------------------------------------ what it did

    def mark(self) -> int:
        """Where the log stands now: `inverse_since(mark)` undoes what came after."""
        return len(self._log)

    def _current(self, key: Key) -> Any:
        return self._objects.get(key)

    def inverse_since(
        self,
        mark: int,
        *,
        action: str,
        undoes: str,
        kind: str,
        ent_id: str,
        field: str = "",
        before: Any = None,
    ) -> Inverse:
        """The inverse, as data, of everything done since `mark`."""
        first: dict[Key, dict[str, Any] | None] = {}
        for key, was in self._log[mark:]:
            first.setdefault(key, was)
        changes = []
        for key, was in first.items():
            now = self._current(key)
            changes.append(
                RowChange(
                    kind=key[0],
                    key=key[1],
                    expect=None if now is None else int(now.version),
                    after=was,
                )
            )
        return Inverse(
            action=action,
            undoes=undoes,
            kind=kind,
            ent_id=ent_id,
            field=field,
            changes=tuple(changes),
            before=before,
        )

    def events(self) -> list[ChangeEvent]:
        """What this unit changed, one event per row, in the order first touched."""
        out = []
        for key, was in self._first.items():
            now = self._current(key)
            if was is None and now is None:
                continue
            if was is None:
                out.append(ChangeEvent("add", key[0], key[1]))
            elif now is None:
                out.append(ChangeEvent("delete", key[0], key[1]))
            else:
                data = snapshot(now)
                fields = tuple(
                    k
                    for k, v in data.items()
                    if k not in (*_BOOKKEEPING, "version") and was.get(k) != v
                )
                if fields:
                    out.append(ChangeEvent("update", key[0], key[1], fields))
        return out

    def touched(self) -> dict[Key, Any]:
        """Each row this unit touched as it is now (None when removed)."""
        return {key: self._current(key) for key in self._first}
