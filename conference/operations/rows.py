"""The row-level work the typed operations share: add, change, remove, reorder, each undoable.

Not called by the user interface directly: `people`, `items`, `analysis`, `scaling`,
`plan` and `decisions` give each area its typed functions over these.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from conference.errors import RefusedInput
from conference.exchange.interchange import new_id
from conference.operations.checks import check_unique, check_values
from conference.operations.undo import Conflict, Inverse
from conference.operations.unit_of_work import UnitOfWork, pk_field, snapshot, table_of


def _label(kind: str) -> str:
    return kind.replace("_", " ")


def _next_position(uow: UnitOfWork, kind: str) -> int:
    table = table_of(kind)
    found = uow.session.exec(
        select(table.position)
        .where(table.conference_id == uow.cid)
        .order_by(col(table.position).desc())
        .limit(1)
    ).all()
    return (found[0] + 1) if found else 0


def _open_slot(uow: UnitOfWork, kind: str, position: int) -> None:
    for row in uow.rows(kind):
        if row.position >= position:
            uow.changing(kind, row)
            row.position += 1


def require(uow: UnitOfWork, kind: str, ent_id: str) -> Any:
    """The row, or a one-line refusal naming what is missing."""
    row = uow.get(kind, ent_id)
    if row is None:
        raise RefusedInput(f"no {_label(kind)} '{ent_id}' in conference '{uow.cid}'")
    return row


def add_row(
    uow: UnitOfWork, kind: str, values: dict[str, Any], position: int | None = None
) -> Inverse:
    """Add one object (its id is made if not given); the inverse removes it."""
    table = table_of(kind)
    values = {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()}
    at_end = kind != "decision" and position is None
    if kind != "decision":
        if values.get("id") is None:
            values["id"] = new_id()
        if not at_end and uow.get(kind, values["id"]) is not None:
            raise RefusedInput(f"{kind}.id: '{values['id']}' already exists")
    check_values(uow, kind, {k: v for k, v in values.items() if k != "id"})
    mark = uow.mark()
    if at_end:
        row = table(conference_id=uow.cid, position=0, **values)
        check_unique(uow, kind, row)
        # The next free position and the row, written in one statement (refused if taken).
        if not uow.insert_last(kind, row):
            raise RefusedInput(f"{kind}.id: '{values['id']}' already exists")
    else:
        if position is None:
            position = _next_position(uow, kind)
        else:
            _open_slot(uow, kind, position)
        row = table(conference_id=uow.cid, position=position, **values)
        check_unique(uow, kind, row)
        uow.insert(kind, row)
    ent_id = str(getattr(row, pk_field(kind)))
    data = snapshot(row)
    data.pop("conference_id", None)
    data.pop("version", None)
    uow.audit("add", kind, ent_id, "", None, data)
    return uow.inverse_since(mark, action="delete", undoes="add", kind=kind, ent_id=ent_id)


def refuse_moved_version(kind: str, ent_id: str, row: Any, expect: int | None) -> None:
    """A conflict (exit 3) when the row is no longer at the version the caller read."""
    if expect is not None and int(row.version) != int(expect):
        raise Conflict(
            f"{_label(kind)} '{ent_id}' was changed by someone else since it was read; "
            "nothing was changed: look at it again and redo the change"
        )


def update_row(
    uow: UnitOfWork,
    kind: str,
    ent_id: str,
    changes: dict[str, Any],
    *,
    expect: int | None = None,
) -> Inverse:
    """Change fields of one object; the inverse puts the values before back.

    `expect` is the version the caller last read: when another writer has moved it since,
    the change is refused as a conflict (never applied over theirs).
    """
    if pk_field(kind) in changes or "conference_id" in changes:
        raise RefusedInput(f"{kind}: its id cannot be changed")
    if "version" in changes:
        raise RefusedInput(f"{kind}.version: unknown field")
    table_of(kind)
    row = require(uow, kind, ent_id)
    refuse_moved_version(kind, ent_id, row, expect)
    check_values(uow, kind, {k: v for k, v in changes.items() if k != "position"})
    if kind == "participant" and "is_family" in changes and not changes["is_family"]:
        # withheld_from may name only family members; the export would be refused on import.
        for ref_kind, ref_field in (
            ("item", "withheld_from"),
            ("danger_statement", "withheld_from"),
            ("safety_goal", "withheld_from"),
            ("next_step", "withheld_from"),
            ("score", "withheld_from"),
            ("child", "view_withheld_from"),
        ):
            for other in uow.rows(ref_kind):
                if ent_id in getattr(other, ref_field):
                    raise RefusedInput(
                        f"participant.is_family: '{ent_id}' is named in {ref_field} of "
                        f"{_label(ref_kind)} '{other.id}'; take them off it first"
                    )
        if ent_id in uow.conf.contingency_withheld_from:
            raise RefusedInput(
                f"participant.is_family: '{ent_id}' is named in contingency_withheld_from; "
                "take them off it first"
            )
    mark = uow.mark()
    data = snapshot(row)
    before = {key: data[key] for key in changes}
    uow.changing(kind, row)
    for key, value in changes.items():
        setattr(row, key, list(value) if isinstance(value, tuple) else value)
    check_unique(uow, kind, row, ignore=ent_id)
    uow.audit("update", kind, ent_id, ",".join(changes), before, dict(changes))
    return uow.inverse_since(
        mark,
        action="update",
        undoes="update",
        kind=kind,
        ent_id=ent_id,
        field=",".join(changes),
        before=before,
    )


# What refers to what: (kind that refers, field, how) for each kind that can be removed.
REFERRERS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "participant": (
        ("item", "source", "null"),
        ("next_step", "owner_participant", "null"),
        ("item", "withheld_from", "list"),
        ("danger_statement", "withheld_from", "list"),
        ("safety_goal", "withheld_from", "list"),
        ("next_step", "withheld_from", "list"),
        ("score", "withheld_from", "list"),
        ("child", "view_withheld_from", "list"),
        ("score", "participant", "delete"),
        ("decision", "agency_views", "entries"),
        ("decision", "dissent", "entries"),
    ),
    "child": (
        ("item", "children", "list"),
        ("danger_statement", "children", "list"),
        ("next_step", "children", "list"),
        ("score", "child", "delete"),
        ("decision", "child", "delete"),
    ),
    "danger_statement": (
        ("safety_goal", "danger_statement", "null"),
        ("score", "danger_statement", "delete"),
    ),
    "safety_goal": (("next_step", "safety_goal", "null"),),
}


def delete_row(uow: UnitOfWork, kind: str, ent_id: str) -> Inverse:
    """Remove one object and what only it held together; the inverse puts all of it back."""
    table_of(kind)
    row = require(uow, kind, ent_id)
    mark = uow.mark()
    data = snapshot(row)
    for ref_kind, field, how in REFERRERS.get(kind, ()):
        for other in uow.rows(ref_kind):
            if uow.get(ref_kind, str(getattr(other, pk_field(ref_kind)))) is None:
                continue
            value = getattr(other, field)
            if how in ("null", "delete"):
                hit = value == ent_id
            elif how == "list":
                hit = ent_id in value
            else:
                hit = any(v.get("participant") == ent_id for v in value)
            if not hit:
                continue
            if how == "delete":
                uow.remove(ref_kind, other)
                continue
            uow.changing(ref_kind, other)
            if how == "null":
                setattr(other, field, None)
            elif how == "list":
                setattr(other, field, [v for v in value if v != ent_id])
            else:
                setattr(other, field, [v for v in value if v.get("participant") != ent_id])
    if kind == "participant" and uow.conf.lead_social_worker == ent_id:
        uow.changing("conference", uow.conf)
        uow.conf.lead_social_worker = None
    if kind == "participant" and ent_id in uow.conf.contingency_withheld_from:
        uow.changing("conference", uow.conf)
        uow.conf.contingency_withheld_from = [
            p for p in uow.conf.contingency_withheld_from if p != ent_id
        ]
    uow.remove(kind, row)
    uow.flush()
    data.pop("conference_id", None)
    data.pop("version", None)
    uow.audit("delete", kind, ent_id, "", data, None)
    return uow.inverse_since(
        mark, action="restore", undoes="delete", kind=kind, ent_id=ent_id, before=data
    )


def move_row(uow: UnitOfWork, kind: str, ent_id: str, index: int) -> Inverse:
    """Put one object at `index` in its list (0 = first); the inverse puts it back."""
    table_of(kind)
    rows = uow.rows(kind)
    ids = [str(getattr(r, pk_field(kind))) for r in rows]
    if ent_id not in ids:
        raise RefusedInput(f"no {_label(kind)} '{ent_id}' in conference '{uow.cid}'")
    mark = uow.mark()
    old_index = ids.index(ent_id)
    moving = rows.pop(old_index)
    index = max(0, min(index, len(rows)))
    rows.insert(index, moving)
    for n, row in enumerate(rows):
        if row.position != n:
            uow.changing(kind, row)
            row.position = n
    uow.audit("move", kind, ent_id, "position", old_index, index)
    return uow.inverse_since(
        mark,
        action="move",
        undoes="move",
        kind=kind,
        ent_id=ent_id,
        field="position",
        before=old_index,
    )
