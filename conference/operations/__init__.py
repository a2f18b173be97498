"""Every change a user can make, as typed operations over a unit of work, each undoable as data.

The typed operations live one module per area: `people` (children, participants), `items`,
`analysis` (danger statements, safety goals), `scaling`, `plan` (next steps, contingency),
`decisions` and `meeting` (the conference's fields and status). Each takes a `UnitOfWork`
(one session, one transaction, one audit group) and returns its `Inverse`, which
`apply_inverse` applies or refuses with a `Conflict`.

The functions below (`add`, `update`, `delete`, ...) are a thin convenience over those for
scripts and tests: one unit of work each, dispatched by kind to the typed operation.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import Any

from sqlmodel import col, select

from conference.errors import RefusedInput
from conference.operations import (
    analysis,
    decisions,
    items,
    meeting,
    people,
    plan,
    rows,
    scaling,
)
from conference.operations.meeting import CONFERENCE_FIELDS, TRANSITIONS, create_conference
from conference.operations.rows import move_row, refuse_moved_version, require
from conference.operations.undo import Conflict, Inverse, RowChange, apply_inverse
from conference.operations.unit_of_work import (
    ChangeEvent,
    UnitOfWork,
    pk_field,
    snapshot,
    table_of,
)
from conference.store.database import Store
from conference.store.model import (
    AuditEntry,
    Child,
    Conference,
    DangerStatement,
    Decision,
    Item,
    NextStep,
    Participant,
    SafetyGoal,
    ScalingScore,
)


def default_actor() -> str:
    """Who is making changes: the operating-system user, as the audit names them."""
    try:
        return getpass.getuser()
    except Exception:  # no user name on some locked-down machines
        return "unknown"


# The typed operation for each kind, so the generic helpers below stay a thin layer.
ADD: dict[str, Callable[..., Inverse]] = {
    "child": people.add_child,
    "participant": people.add_participant,
    "item": items.add_item,
    "danger_statement": analysis.add_danger_statement,
    "safety_goal": analysis.add_safety_goal,
    "score": scaling.add_score,
    "decision": decisions.add_decision,
    "next_step": plan.add_next_step,
}
UPDATE: dict[str, Callable[[UnitOfWork, str, dict[str, Any]], Inverse]] = {
    "child": people.update_child,
    "participant": people.update_participant,
    "item": items.update_item,
    "danger_statement": analysis.update_danger_statement,
    "safety_goal": analysis.update_safety_goal,
    "score": scaling.update_score,
    "decision": decisions.update_decision,
    "next_step": plan.update_next_step,
}
REMOVE: dict[str, Callable[[UnitOfWork, str], Inverse]] = {
    "child": people.remove_child,
    "participant": people.remove_participant,
    "item": items.remove_item,
    "danger_statement": analysis.remove_danger_statement,
    "safety_goal": analysis.remove_safety_goal,
    "score": scaling.remove_score,
    "decision": decisions.remove_decision,
    "next_step": plan.remove_next_step,
}


def _known(kind: str, table: dict[str, Any]) -> None:
    if kind not in table:
        raise RefusedInput(f"unknown kind of object '{kind}'")


def add_in(
    uow: UnitOfWork, kind: str, values: dict[str, Any], position: int | None = None
) -> Inverse:
    """Add an object of any kind inside a unit of work (dispatched to the typed operation)."""
    _known(kind, ADD)
    values = dict(values)
    try:
        return ADD[kind](uow, position=position, **values)
    except TypeError as exc:  # a required field is missing
        raise RefusedInput(f"{kind}: {exc}".split(" got ")[0][:300]) from None


def update_in(
    uow: UnitOfWork,
    kind: str,
    ent_id: str,
    changes: dict[str, Any],
    *,
    expect: int | None = None,
) -> Inverse:
    """Change one object; `expect` is the version the caller read (a `Conflict` if it moved)."""
    if kind == "conference":
        if expect is not None:
            refuse_moved_version("conference", ent_id, uow.conf, expect)
        return meeting.update_conference(uow, changes)
    _known(kind, UPDATE)
    if expect is not None:
        refuse_moved_version(kind, ent_id, require(uow, kind, ent_id), expect)
    return UPDATE[kind](uow, ent_id, changes)


def remove_in(uow: UnitOfWork, kind: str, ent_id: str) -> Inverse:
    _known(kind, REMOVE)
    return REMOVE[kind](uow, ent_id)


def add(
    store: Store,
    cid: str,
    kind: str,
    actor: str,
    values: dict[str, Any],
    *,
    position: int | None = None,
) -> str:
    """Add a child, participant, item, statement, goal, score, decision or step; returns its id."""
    with UnitOfWork(store, cid, actor) as uow:
        return add_in(uow, kind, values, position).ent_id


def update(
    store: Store, cid: str, kind: str, ent_id: str, actor: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change fields of one object; returns the values before."""
    with UnitOfWork(store, cid, actor) as uow:
        return dict(update_in(uow, kind, ent_id, changes).before)


def delete(store: Store, cid: str, kind: str, ent_id: str, actor: str) -> Inverse:
    """Remove one object and what only it held together; returns the inverse for `restore`."""
    table_of(kind)
    with UnitOfWork(store, cid, actor) as uow:
        return remove_in(uow, kind, ent_id)


def restore(
    store: Store, cid: str, kind: str, snapshot: Inverse | dict[str, Any], actor: str
) -> str:
    """Put back what `delete` removed, exactly as it was (the undo of a delete)."""
    with UnitOfWork(store, cid, actor) as uow:
        if isinstance(snapshot, dict):
            row = dict(snapshot["row"])
            key = str(row[pk_field(kind)])
            snapshot = Inverse(
                "restore", "delete", kind, key, "", (RowChange(kind, key, None, row),)
            )
        if uow.get(kind, snapshot.ent_id) is not None:
            raise RefusedInput(f"{kind} '{snapshot.ent_id}' is already there")
        apply_inverse(uow, snapshot)
        return snapshot.ent_id


def undo(store: Store, cid: str, inverse: Inverse, actor: str) -> Inverse:
    """Apply one inverse in its own unit of work; returns the inverse of that (the redo)."""
    with UnitOfWork(store, cid, actor) as uow:
        return apply_inverse(uow, inverse)


def move(store: Store, cid: str, kind: str, ent_id: str, index: int, actor: str) -> int:
    """Put one object at `index` in its list (0 = first); returns the index it had."""
    with UnitOfWork(store, cid, actor) as uow:
        return int(move_row(uow, kind, ent_id, index).before)


def move_item_to_section(
    store: Store, cid: str, item_id: str, section: str, actor: str, position: int | None = None
) -> dict[str, Any]:
    """Move an item to another pane, at the end unless a position is given; returns before."""
    with UnitOfWork(store, cid, actor) as uow:
        return dict(items.move_item_to_section(uow, item_id, section, position).before)


def update_conference(
    store: Store, cid: str, actor: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change set-up or plan-level fields of a conference; returns the values before."""
    with UnitOfWork(store, cid, actor) as uow:
        return dict(meeting.update_conference(uow, changes).before)


def _status(store: Store, cid: str, actor: str, op: Callable[..., Inverse], *args: Any) -> str:
    with UnitOfWork(store, cid, actor) as uow:
        return str(op(uow, *args).before)


def start_meeting(store: Store, cid: str, actor: str) -> str:
    """planned -> in progress; returns the status before."""
    return _status(store, cid, actor, meeting.start_meeting)


def end_meeting(store: Store, cid: str, actor: str) -> str:
    """in progress -> ended; returns the status before."""
    return _status(store, cid, actor, meeting.end_meeting)


def finalise_conference(store: Store, cid: str, actor: str) -> str:
    """ended -> finalised: the record is approved and refuses every change from now on."""
    return _status(store, cid, actor, meeting.finalise_conference)


def restore_status(store: Store, cid: str, actor: str, status: str) -> str:
    """Put a status back (the undo of start or end); a finalised record stays finalised."""
    return _status(store, cid, actor, meeting.restore_status, status)


# ---------------------------------------------------------------- readers


def list_conferences(store: Store) -> list[dict[str, Any]]:
    """Every conference, newest first, with its children's names, for the home list and `list`."""
    with store.session() as session:
        confs = session.exec(
            select(Conference).order_by(
                col(Conference.starts_at).desc(), col(Conference.created_at).desc()
            )
        ).all()
        kids: dict[str, list[str]] = {}
        for ch in session.exec(select(Child).order_by(col(Child.position))).all():
            kids.setdefault(ch.conference_id, []).append(ch.name)
        return [
            {
                "id": c.id,
                "starts_at": c.starts_at,
                "kind": c.kind,
                "family_name": c.family_name,
                "status": c.status,
                "children": kids.get(c.id, []),
            }
            for c in confs
        ]


def audit_trail(store: Store, cid: str) -> list[AuditEntry]:
    """The audit entries of one conference, oldest first."""
    with store.session() as session:
        return list(
            session.exec(
                select(AuditEntry)
                .where(AuditEntry.conference_id == cid)
                .order_by(col(AuditEntry.id))
            ).all()
        )


def get_row(store: Store, cid: str, kind: str, ent_id: str) -> dict[str, Any] | None:
    """One object as a dict, or None."""
    with store.session() as session:
        row = session.get(table_of(kind), (cid, ent_id))
        return snapshot(row) if row is not None else None


__all__ = [
    "CONFERENCE_FIELDS",
    "TRANSITIONS",
    "ChangeEvent",
    "Child",
    "Conflict",
    "DangerStatement",
    "Decision",
    "Inverse",
    "Item",
    "NextStep",
    "Participant",
    "RowChange",
    "SafetyGoal",
    "ScalingScore",
    "UnitOfWork",
    "add",
    "add_in",
    "apply_inverse",
    "audit_trail",
    "create_conference",
    "default_actor",
    "delete",
    "end_meeting",
    "finalise_conference",
    "list_conferences",
    "move",
    "move_item_to_section",
    "remove_in",
    "restore",
    "restore_status",
    "rows",
    "start_meeting",
    "undo",
    "update",
    "update_conference",
    "update_in",
]
