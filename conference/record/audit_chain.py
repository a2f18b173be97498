"""A tamper-evident audit: each entry is chained to the one before and the head is anchored.

Each conference's audit entries form a hash chain from a fixed genesis. The link of an
entry is computed as it is inserted, by a `before_flush` listener on every session, so
the chain holds whatever code writes audit entries. The first thing the listener does
is a write, which takes SQLite's write lock before it reads the head: one writer at a
time. The head is anchored with an HMAC keyed by `anchor_key()`, a key the store does
not hold, so someone who edits the store alone cannot make a consistent chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import event, text
from sqlalchemy import inspect as orm_inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.elements import TextClause

from conference.record.tables import AuditAnchor, AuditLink
from conference.store.database import WRITE_LOCKED
from conference.store.live import CHANNEL, payloads
from conference.store.model import AuditEntry

GENESIS = "0" * 64
_ENTRY_TABLE = AuditEntry.__table__  # type: ignore[attr-defined]
_ENTRY_FIELDS = (
    "conference_id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "field",
    "before",
    "after",
    "group_id",
)


@lru_cache(maxsize=64)
def _sql(statement: str) -> TextClause:
    """The construct for a statement's text, made once: each write uses the same few texts,
    and a new construct is parsed and keyed again every time (more than the write costs)."""
    return text(statement)


def anchor_key() -> bytes:
    """The anchor's HMAC key, derived from the user's store key (conference/store/keys.py).

    The store file never holds it: a chain recomputed with the database's own tools cannot
    be re-anchored without the key.
    """
    from conference.store.keys import store_key

    return _derive(store_key().encode("ascii"))


def _derive(secret: bytes) -> bytes:
    return hmac.new(secret, b"sfconf audit anchor v1", hashlib.sha256).digest()


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash of one entry's content (everything but its id)."""
    content = {name: entry.get(name) for name in _ENTRY_FIELDS}
    return hashlib.sha256(_canon(content).encode("utf-8")).hexdigest()


def chain_hash(prev: str, entry_id: int, content_hash: str) -> str:
    """The link: the previous link, this entry's place and its content."""
    return hashlib.sha256(f"{prev}|{entry_id}|{content_hash}".encode()).hexdigest()


def anchor_mac(conference_id: str, head_id: int, head_hash: str, key: bytes | None = None) -> str:
    """The HMAC that anchors a chain's head."""
    message = f"{conference_id}|{head_id}|{head_hash}".encode()
    return hmac.new(key if key is not None else anchor_key(), message, hashlib.sha256).hexdigest()


def _entry_dict(entry: AuditEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in _ENTRY_FIELDS}


def _head(conn: Connection, cid: str) -> tuple[str, int]:
    row = conn.execute(
        text(
            "SELECT chain_hash, entry_id FROM audit_link WHERE conference_id = :cid "
            "ORDER BY entry_id DESC LIMIT 1"
        ),
        {"cid": cid},
    ).first()
    return (str(row[0]), int(row[1])) if row is not None else (GENESIS, 0)


def _chain_new_entries(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    new = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    if not new:
        return
    new.sort(key=lambda obj: orm_inspect(obj).insert_order)
    chain_entries(session, new)


# HEAD_SQL's row, read under the write lock, holds while no entry is chained after it: a
# session's `info` says so once one has been.
CHAIN_MOVED = "sfconf_chain_moved"
# The last entry's id and one conference's chain head (:cid), for a unit of work to read
# with what else it reads under the write lock: then chaining needs no read of its own.
HEAD_SQL = (
    "(SELECT max(id) FROM audit_entry), (SELECT chain_hash FROM audit_link "
    "WHERE conference_id = :cid ORDER BY entry_id DESC LIMIT 1)"
)


def chain_entries(
    session: Session,
    new: list[AuditEntry],
    insert: bool = False,
    head: tuple[Any, Any] | None = None,
) -> None:
    """Give these entries their ids and links, and move the anchors; `insert`: the entries too.

    `insert` is the unit of work's path (its entries are not in the session): on the shared
    store they go in the same statement as their links. `head` is HEAD_SQL's row for the
    first entry's conference, read under the write lock in this transaction; it is used
    only if nothing has been chained since.
    """
    conn = session.connection()
    if head is not None and session.info.get(CHAIN_MOVED):
        head = None
    # The head is read under the write lock, so no other writer can move it meanwhile: the
    # store's session took it as it began (`Store.session`), or it is taken here by a write.
    locked = bool(session.info.get(WRITE_LOCKED))
    notices: list[str] = []
    if conn.dialect.name == "postgresql":
        if not locked:  # a row lock would not do: lock out other writers
            conn.execute(_sql("LOCK TABLE audit_link IN SHARE ROW EXCLUSIVE MODE"))
        # On the shared store the actor is the database login, not the laptop's user name.
        # Both are fixed for a connection's life: asked once per connection, not per write.
        who = conn.info.get("sfconf_who")
        if who is None:
            found = conn.execute(
                text("SELECT session_user, current_setting('application_name')")
            ).one()
            who = conn.info["sfconf_who"] = (str(found[0]), str(found[1]))
        for entry in new:
            entry.actor = who[0]
        notices = payloads(new, who[1])  # the other laptops re-read it, once this commits
    elif not locked:
        conn.execute(_sql("UPDATE audit_anchor SET head_id = head_id WHERE conference_id = ''"))
    first_cid = new[0].conference_id
    if head is not None:
        last, first_head = head
    else:
        # One round trip: the last id, the first conference's head, the notifications queued.
        sql = f"SELECT {HEAD_SQL}"
        params: dict[str, Any] = {"cid": first_cid}
        for n, payload in enumerate(notices):
            sql += f", pg_notify(:ch, :p{n})"
            params["ch"], params[f"p{n}"] = CHANNEL, payload
        notices = []
        found = conn.execute(_sql(sql), params).one()
        last, first_head = found[0], found[1]
    next_id = int(last or 0) + 1
    heads: dict[str, tuple[str, int]] = {first_cid: (str(first_head or GENESIS), 0)}
    links: list[dict[str, Any]] = []
    for entry in new:
        if entry.id is None or entry.id < next_id:
            entry.id = next_id
        next_id = entry.id + 1
        cid = entry.conference_id
        if cid not in heads:
            heads[cid] = _head(conn, cid)
        prev, _ = heads[cid]
        content = entry_hash(_entry_dict(entry))
        link = chain_hash(prev, entry.id, content)
        links.append(
            {
                "entry_id": entry.id,
                "conference_id": cid,
                "prev_hash": prev,
                "entry_hash": content,
                "chain_hash": link,
            }
        )
        heads[cid] = (link, entry.id)
    anchors = [
        {
            "conference_id": cid,
            "head_id": head_id,
            "head_hash": head_hash,
            "mac": anchor_mac(cid, head_id, head_hash),
        }
        for cid, (head_hash, head_id) in heads.items()
    ]
    rows = (
        [{c.name: getattr(e, c.name) for c in _ENTRY_TABLE.columns} for e in new] if insert else []
    )
    _write_links(conn, links, anchors, rows, notices)
    session.info[CHAIN_MOVED] = True


_ROWS = 500  # rows per INSERT: well under SQLite's limit on bound values
_LINK_COLUMNS = ("entry_id", "conference_id", "prev_hash", "entry_hash", "chain_hash")
_ANCHOR_COLUMNS = ("conference_id", "head_id", "head_hash", "mac")
_ENTRY_COLUMNS = tuple(c.name for c in _ENTRY_TABLE.columns)
_INSERT_ENTRY_ROWS = _ENTRY_TABLE.insert()
_JSON_COLUMNS = ("before", "after")
# Plain SQL, the same text every time: built as constructs, SQLAlchemy compiles it each time.
_INSERT_LINKS = f"INSERT INTO audit_link ({', '.join(_LINK_COLUMNS)}) VALUES "
_UPSERT_ANCHORS = (
    f"INSERT INTO audit_anchor ({', '.join(_ANCHOR_COLUMNS)}) VALUES {{}} "
    "ON CONFLICT(conference_id) DO UPDATE SET head_id = excluded.head_id, "
    "head_hash = excluded.head_hash, mac = excluded.mac"
)
_INSERT_ENTRIES = "INSERT INTO audit_entry ({}) VALUES ".format(
    ", ".join(f'"{c}"' if c in _JSON_COLUMNS else c for c in _ENTRY_COLUMNS)
)


def _values(
    rows: list[dict[str, Any]], columns: tuple[str, ...], prefix: str, json_cast: bool = False
) -> tuple[str, dict[str, Any]]:
    """A multi-row VALUES list and its parameters (each row's names suffixed by its place)."""
    sql, params = [], {}
    for n, row in enumerate(rows):
        marks = []
        for name in columns:
            key = f"{prefix}{name}{n}"
            if json_cast and name in _JSON_COLUMNS:
                marks.append(f"CAST(:{key} AS JSON)")
                params[key] = json.dumps(row[name])
            else:
                marks.append(f":{key}")
                params[key] = row[name]
        sql.append("(" + ", ".join(marks) + ")")
    return ", ".join(sql), params


def _notify_sql(notices: list[str], params: dict[str, Any]) -> str:
    """`SELECT pg_notify(...), ...` for these payloads (their parameters go in `params`)."""
    calls = []
    for n, payload in enumerate(notices):
        calls.append(f"pg_notify(:ch, :p{n})")
        params["ch"], params[f"p{n}"] = CHANNEL, payload
    return "SELECT " + ", ".join(calls)


def _write_links(
    conn: Connection,
    links: list[dict[str, Any]],
    anchors: list[dict[str, Any]],
    entries: list[dict[str, Any]],
    notices: list[str] | None = None,
) -> None:
    """Insert the new links (and `entries`), move the anchors, queue `notices`: on the shared
    store, in one statement."""
    notices = notices or []
    if conn.dialect.name == "postgresql" and max(len(links), len(anchors), len(entries)) <= _ROWS:
        link_sql, params = _values(links, _LINK_COLUMNS, "l")
        anchor_sql, anchor_params = _values(anchors, _ANCHOR_COLUMNS, "a")
        params.update(anchor_params)
        sql = f"WITH new_links AS ({_INSERT_LINKS}{link_sql})"
        if entries:
            entry_sql, entry_params = _values(entries, _ENTRY_COLUMNS, "e", json_cast=True)
            params.update(entry_params)
            sql += f", new_entries AS ({_INSERT_ENTRIES}{entry_sql})"
        upsert = _UPSERT_ANCHORS.format(anchor_sql)
        if notices:
            # A data-modifying WITH runs once whatever the main statement reads.
            sql += f", new_anchors AS ({upsert}) {_notify_sql(notices, params)}"
        else:
            sql += f" {upsert}"
        conn.execute(_sql(sql), params)
        return
    if notices:
        params = {}
        conn.execute(_sql(_notify_sql(notices, params)), params)
    if entries:
        conn.execute(_INSERT_ENTRY_ROWS, entries)
    for start in range(0, len(links), _ROWS):
        link_sql, params = _values(links[start : start + _ROWS], _LINK_COLUMNS, "l")
        conn.execute(_sql(_INSERT_LINKS + link_sql), params)
    for start in range(0, len(anchors), _ROWS):
        anchor_sql, params = _values(anchors[start : start + _ROWS], _ANCHOR_COLUMNS, "a")
        conn.execute(_sql(_UPSERT_ANCHORS.format(anchor_sql)), params)


def install() -> None:
    """Register the listener (once); importing this module does it."""
    if not event.contains(Session, "before_flush", _chain_new_entries):
        event.listen(Session, "before_flush", _chain_new_entries)


install()


# ---------------------------------------------------------------- checking


@dataclass
class ChainReport:
    """What was found wrong with one conference's audit chain (empty: intact)."""

    conference_id: str
    problems: list[str]
    head: str


def check_chain(conn: Connection, cid: str, key: bytes | None = None) -> ChainReport:
    """Recompute one conference's chain and compare its head with the anchor."""
    entries = [
        dict(row._mapping)
        for row in conn.execute(
            text(
                "SELECT id, conference_id, at, actor, action, entity, entity_id, field, "
                "before, after, group_id FROM audit_entry WHERE conference_id = :cid ORDER BY id"
            ),
            {"cid": cid},
        )
    ]
    # SQLite hands JSON columns back as text; PostgreSQL's driver has already decoded them.
    decoded = conn.dialect.name == "postgresql"
    for e in entries:
        for name in ("before", "after"):
            if not decoded and isinstance(e[name], str):
                e[name] = json.loads(e[name])
    links = {
        int(row[0]): (str(row[1]), str(row[2]), str(row[3]))
        for row in conn.execute(
            text(
                "SELECT entry_id, prev_hash, entry_hash, chain_hash FROM audit_link "
                "WHERE conference_id = :cid ORDER BY entry_id"
            ),
            {"cid": cid},
        )
    }
    anchor = conn.execute(
        text("SELECT head_id, head_hash, mac FROM audit_anchor WHERE conference_id = :cid"),
        {"cid": cid},
    ).first()
    problems: list[str] = []
    by_id = {int(e["id"]): e for e in entries}
    content_owner = {link[1]: eid for eid, link in links.items()}
    reordered: set[int] = set()
    for eid, e in by_id.items():
        if eid not in links:
            problems.append(f"audit entry {eid} was inserted outside sfconf")
            continue
        content = entry_hash(e)
        if content == links[eid][1]:
            continue
        other = content_owner.get(content)
        if other is not None and other != eid:
            if eid not in reordered:
                pair = sorted((eid, other))
                problems.append(f"audit entries {pair[0]} and {pair[1]} were reordered")
                reordered.update(pair)
        elif eid not in reordered:
            problems.append(f"audit entry {eid} was edited")
    for eid in links:
        if eid not in by_id:
            problems.append(f"audit entry {eid} was deleted")
    prev = GENESIS
    rewritten = False
    for eid, (link_prev, content, link) in links.items():
        if link_prev != prev or chain_hash(prev, eid, content) != link:
            rewritten = True
        prev = link
    last_id = max(links) if links else 0
    if rewritten and not problems:
        problems.append("the audit chain was rewritten")
    if anchor is None:
        if links or entries:
            problems.append("the audit anchor is missing")
    else:
        head_id, head_hash, mac = int(anchor[0]), str(anchor[1]), str(anchor[2])
        if not hmac.compare_digest(mac, anchor_mac(cid, head_id, head_hash, key)):
            problems.append("the audit anchor does not match the key (changed outside sfconf)")
        elif head_id > last_id:
            problems.append(
                f"the last audit entries were cut off (the trail ends at entry {last_id}; "
                f"it ended at entry {head_id})"
            )
        elif head_id != last_id or head_hash != prev:
            problems.append("the audit chain was rewritten (its head does not match the anchor)")
    return ChainReport(conference_id=cid, problems=problems, head=prev)


def chain_head(conn: Connection, cid: str) -> str:
    """The current head of one conference's chain (the genesis when it has no entries)."""
    return _head(conn, cid)[0]


def link_existing_entries(conn: Connection) -> None:
    """Chain and anchor entries written before the chain existed (the migration calls this)."""
    rows = conn.execute(
        text(
            "SELECT id, conference_id, at, actor, action, entity, entity_id, field, before, "
            "after, group_id FROM audit_entry ORDER BY id"
        )
    ).all()
    decoded = conn.dialect.name == "postgresql"  # its driver decodes JSON columns itself
    entries = []
    for row in rows:
        e = dict(row._mapping)
        for name in ("before", "after"):
            if not decoded and isinstance(e[name], str):
                e[name] = json.loads(e[name])
        entries.append(e)
    link_entries(conn, entries)


def link_entries(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Chain the given entries (in id order) from each conference's genesis, and anchor them.

    For conferences that have no chain yet: the migration, and a whole store copied in.
    """
    heads: dict[str, tuple[str, int]] = {}
    for e in sorted(entries, key=lambda r: int(r["id"])):
        cid = str(e["conference_id"])
        prev = heads.get(cid, (GENESIS, 0))[0]
        content = entry_hash(e)
        link = chain_hash(prev, int(e["id"]), content)
        conn.execute(
            text(
                "INSERT INTO audit_link (entry_id, conference_id, prev_hash, entry_hash, "
                "chain_hash) VALUES (:id, :cid, :prev, :content, :link)"
            ),
            {"id": e["id"], "cid": cid, "prev": prev, "content": content, "link": link},
        )
        heads[cid] = (link, int(e["id"]))
    for cid, (head_hash, head_id) in heads.items():
        conn.execute(
            text(
                "INSERT INTO audit_anchor (conference_id, head_id, head_hash, mac) "
                "VALUES (:cid, :id, :hash, :mac)"
            ),
            {
                "cid": cid,
                "id": head_id,
                "hash": head_hash,
                "mac": anchor_mac(cid, head_id, head_hash),
            },
        )


__all__ = ["AuditAnchor", "AuditLink", "anchor_key", "check_chain", "install"]


def audit_entries(store: Any, cid: str) -> list[dict[str, Any]]:
    """The conference's audit trail, oldest first, as `audit --json` gives it."""
    from sqlmodel import col, select

    with store.session() as session:
        rows = session.exec(
            select(AuditEntry).where(AuditEntry.conference_id == cid).order_by(col(AuditEntry.id))
        ).all()
        if not rows:
            from conference.exchange.interchange import conference_or_refuse

            conference_or_refuse(session, cid)
        return [
            {
                "at": e.at,
                "by": e.actor,
                "action": e.action,
                "kind": e.entity,
                "id": e.entity_id,
                "field": e.field,
                "before": e.before,
                "after": e.after,
            }
            for e in rows
        ]
