"""`sfconf copy-store`: every conference of a file store into the shared store, in one transaction.

Everything that stays in the store goes with the conferences: the audit trail (each entry
as it was, its actor included, chained and anchored again in the shared store), the
record and its corrections, the snapshots, tracked changes (the audit), distribution,
marks and the chair's leak answers. The copy is all or nothing: ids already in the shared
store, or a trail that does not verify in the file, refuse it before anything is written,
and any failure part-way rolls the whole copy back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from conference.errors import RefusedInput, UsageError
from conference.store.database import Store
from conference.store.location import cut

# Tables whose rows are made again in the target, not copied as they are.
_CHAIN = ("audit_link", "audit_anchor")
_RENUMBERED = ("leak_answer",)  # its own id: nothing refers to it, the target numbers it


def _tables() -> list[Table]:
    import conference.record.tables  # noqa: F401  (their tables join the metadata)
    import conference.store.model  # noqa: F401

    return [
        t
        for t in SQLModel.metadata.sorted_tables
        if t.name == "conference" or (t.name not in _CHAIN and "conference_id" in t.c)
    ]


def _owner(table: Table) -> Any:
    return table.c.id if table.name == "conference" else table.c.conference_id


def copy_store(source: Store, target: Store) -> list[str]:
    """Copy every conference of the file store `source` into the shared store `target`.

    Returns the ids copied, oldest first. Refused (RefusedInput, exit 3) with nothing
    written when a conference id, or an audit trail under it, is already in the target.
    """
    if source.shared:
        raise UsageError("copy-store copies a file store: give the file with --db (or SFCONF_DB)")
    if not target.shared:
        raise UsageError("copy-store --to must name the shared store: a postgresql:// URL")
    from conference.record.audit_chain import check_chain

    tables = _tables()
    with source.engine.connect() as src:
        conference = next(t for t in tables if t.name == "conference")
        ids = [
            str(r[0])
            for r in src.execute(
                select(conference.c.id).order_by(conference.c.starts_at, conference.c.id)
            )
        ]
        audit = next(t for t in tables if t.name == "audit_entry")
        trails = sorted({str(r[0]) for r in src.execute(select(audit.c.conference_id).distinct())})
        for cid in trails:
            report = check_chain(src, cid)
            if report.problems:
                raise RefusedInput(
                    f"the audit trail of conference '{cid}' does not verify in "
                    f"{source.where} ({cut(report.problems[0], 80)}); run sfconf verify; "
                    "nothing was copied"
                )
        rows = {t.name: [dict(r._mapping) for r in src.execute(select(t))] for t in tables}
    if not ids:
        return []
    try:
        with target.engine.begin() as dst:
            from conference.store.postgres import take_write_lock

            take_write_lock(dst)
            _refuse_ids_there(dst, tables, sorted({*ids, *trails}), target)
            last = dst.execute(text("SELECT max(id) FROM audit_entry")).scalar()
            offset = int(last or 0)
            for table in tables:
                found = rows[table.name]
                if not found:
                    continue
                if table.name in _RENUMBERED:
                    found = [{k: v for k, v in r.items() if k != "id"} for r in found]
                if table.name == "audit_entry":
                    found = [{**r, "id": int(r["id"]) + offset} for r in found]
                dst.execute(table.insert(), found)
            _chain_again(dst, rows["audit_entry"], offset)
            dst.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('audit_entry', 'id'), "
                    "(SELECT max(id) FROM audit_entry))"
                )
            )
    except DBAPIError as exc:
        from conference.store.postgres import explain

        raise explain(exc.orig if exc.orig is not None else exc, str(target.url)) from None
    return ids


def _refuse_ids_there(dst: Connection, tables: list[Table], ids: list[str], target: Store) -> None:
    conference = next(t for t in tables if t.name == "conference")
    audit = next(t for t in tables if t.name == "audit_entry")
    there = {
        str(r[0]) for r in dst.execute(select(conference.c.id).where(conference.c.id.in_(ids)))
    }
    trail = {
        str(r[0])
        for r in dst.execute(
            select(audit.c.conference_id).where(audit.c.conference_id.in_(ids)).distinct()
        )
    }
    clash = sorted(there | trail)
    if clash:
        more = f" and {len(clash) - 1} more" if len(clash) > 1 else ""
        raise RefusedInput(
            f"conference '{clash[0]}'{more} already in {target.where} (or its audit trail is); "
            "nothing was copied"
        )


def _chain_again(dst: Connection, entries: list[dict[str, Any]], offset: int) -> None:
    """Link and anchor the copied entries in the target, as the store does as it writes them."""
    from conference.record.audit_chain import link_entries

    link_entries(dst, [{**e, "id": int(e["id"]) + offset} for e in entries])


__all__ = ["copy_store"]
