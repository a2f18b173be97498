"""The one operations layer: every change a user can make, one transaction and one audit entry.

Each function is Qt-free and returns what the user interface needs to undo it (the value
before, a snapshot of what was removed, or the old position), so `ui/` wraps each in one
QUndoCommand. A finalised conference refuses every change.
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from conference.errors import RefusedInput
from conference.exchange.interchange import conference_or_refuse, new_id, now_text
from conference.record.snapshot import meeting_ended
from conference.store.database import Store
from conference.store.model import (
    AGENCY_VIEWS,
    ATTENDANCE,
    CATEGORIES,
    ENTITY_TABLES,
    KINDS,
    OUTCOMES,
    REPORTS,
    STATUSES,
    STEP_STATUSES,
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
from conference.templates import DEFAULT_TEMPLATE, get_template

# Fields a user may set on a conference directly (status has its own operations).
CONFERENCE_FIELDS = (
    "kind",
    "template",
    "starts_at",
    "venue",
    "chair",
    "minute_taker",
    "family_name",
    "reason",
    "strategy_discussion_on",
    "previous_conference_id",
    "language",
    "lead_social_worker",
    "contingency",
    "core_group_first_meeting",
    "review_conference",
    "scaling_question",
    "scaling_zero_means",
    "scaling_ten_means",
    "scaling_revealed",
)
_NOT_EMPTY = {
    "item": ("text", "section"),
    "danger_statement": ("text",),
    "safety_goal": ("text",),
    "next_step": ("action",),
    "child": ("name",),
    "participant": ("name", "role"),
}
_DATE_FIELDS = {"strategy_discussion_on", "date_of_birth", "expected_on", "due"}
_DATETIME_FIELDS = {"starts_at", "core_group_first_meeting", "review_conference"}
_ENUMS: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "attendance": ATTENDANCE,
    "report": REPORTS,
    "outcome": OUTCOMES,
}
TRANSITIONS = {
    "start": ("planned", "in_progress"),
    "end": ("in_progress", "ended"),
    "finalise": ("ended", "finalised"),
}


def default_actor() -> str:
    """Who is making changes: the operating-system user, as the audit names them."""
    try:
        return getpass.getuser()
    except Exception:  # no user name on some locked-down machines
        return "unknown"


def _pk(kind: str) -> str:
    return "child" if kind == "decision" else "id"


def _table(kind: str) -> Any:
    if kind not in ENTITY_TABLES:
        raise RefusedInput(f"unknown kind of object '{kind}'")
    return ENTITY_TABLES[kind]


def _fields(kind: str) -> set[str]:
    return set(_table(kind).model_fields) - {"conference_id", "position"}


def _row_dict(row: SQLModel) -> dict[str, Any]:
    data = row.model_dump()
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = [dict(v) if isinstance(v, dict) else v for v in value]
    return data


@contextmanager
def _change(store: Store, cid: str) -> Iterator[tuple[Session, Conference]]:
    store.require_writable()
    with store.session() as session:
        conf = conference_or_refuse(session, cid)
        if conf.status == "finalised":
            raise RefusedInput(f"conference '{cid}' is finalised; it cannot be changed")
        yield session, conf
        conf.updated_at = now_text()
        session.add(conf)
        session.commit()


def _audit(
    session: Session,
    cid: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str = "",
    field: str = "",
    before: Any = None,
    after: Any = None,
) -> None:
    session.add(
        AuditEntry(
            conference_id=cid,
            at=now_text(),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            field=field,
            before=before,
            after=after,
        )
    )


# ---------------------------------------------------------------- checks


# The interchange schema's patterns: fromisoformat alone also takes 20261120, 2026-W47-5 and
# time zones, which would make the next export an invalid document.
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?")


def _check_date(field: str, value: Any) -> None:
    if value is None:
        return
    try:
        if field in _DATETIME_FIELDS:
            if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
                raise ValueError
            dt.datetime.fromisoformat(value)
        else:
            if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
                raise ValueError
            dt.date.fromisoformat(value)
    except ValueError:
        raise RefusedInput(f"{field}: {value!r} is not a real date") from None


def _ids(session: Session, table: Any, cid: str) -> set[str]:
    pk = "child" if table is Decision else "id"
    return set(session.exec(select(getattr(table, pk)).where(table.conference_id == cid)).all())


def _check_values(session: Session, conf: Conference, kind: str, values: dict[str, Any]) -> None:
    cid = conf.id
    allowed = _fields(kind)
    for key in values:
        if key not in allowed:
            raise RefusedInput(f"{kind}.{key}: unknown field")
    for key in _NOT_EMPTY.get(kind, ()):
        if key in values and not str(values[key] or "").strip():
            raise RefusedInput(f"{kind}.{key}: must not be empty")
    for key in ("children", "withheld_from", "categories"):
        # The schema says uniqueItems: a repeat would make the next export an invalid document.
        listed = list(values.get(key) or [])
        if len(set(listed)) != len(listed):
            raise RefusedInput(f"{kind}.{key}: names the same one twice")
    for key, value in values.items():
        if key in _DATE_FIELDS or key in _DATETIME_FIELDS:
            _check_date(key, value)
        if key in _ENUMS and value not in _ENUMS[key]:
            raise RefusedInput(f"{kind}.{key}: {value!r} is not one of {', '.join(_ENUMS[key])}")
    if kind == "next_step" and "status" in values and values["status"] not in STEP_STATUSES:
        raise RefusedInput(f"next_step.status: {values['status']!r} is not a step status")
    if kind == "score" and "score" in values:
        s = values["score"]
        if not isinstance(s, int) or isinstance(s, bool) or not 0 <= s <= 10:
            raise RefusedInput(f"score.score: {s!r} is not a whole number from 0 to 10")
    if kind == "decision":
        for c in values.get("categories", []) or []:
            if c not in CATEGORIES:
                raise RefusedInput(f"decision.categories: {c!r} is not a category")
        for v in values.get("agency_views", []) or []:
            if v.get("view") not in AGENCY_VIEWS:
                raise RefusedInput(f"decision.agency_views: {v.get('view')!r} is not a view")
    if kind == "item" and "section" in values:
        sections = get_template(conf.template).section_keys
        if values["section"] not in sections:
            raise RefusedInput(f"item.section: no section '{values['section']}' in this template")

    people: set[str] | None = None

    def person(value: Any, field: str) -> None:
        nonlocal people
        if value is None:
            return
        if people is None:
            people = _ids(session, Participant, cid)
        if value not in people:
            raise RefusedInput(f"{kind}.{field}: no participant '{value}'")

    for field in ("source", "owner_participant", "participant"):
        if field in values:
            person(values[field], field)
    for field in ("agency_views", "dissent"):
        for v in values.get(field, []) or []:
            person(v.get("participant"), field)
    if values.get("children") or values.get("child") is not None and kind != "decision":
        known = _ids(session, Child, cid)
        for c in list(values.get("children") or []) + (
            [values["child"]] if values.get("child") is not None else []
        ):
            if c not in known:
                raise RefusedInput(f"{kind}.children: no child '{c}'")
    if (
        kind == "decision"
        and "child" in values
        and values["child"] not in _ids(session, Child, cid)
    ):
        raise RefusedInput(f"decision.child: no child '{values['child']}'")
    if values.get("withheld_from"):
        family = set(
            session.exec(
                select(Participant.id).where(
                    Participant.conference_id == cid, col(Participant.is_family).is_(True)
                )
            ).all()
        )
        for p in values["withheld_from"]:
            if p not in family:
                raise RefusedInput(f"{kind}.withheld_from: '{p}' is not a family member")
    if values.get("danger_statement") is not None and values["danger_statement"] not in _ids(
        session, DangerStatement, cid
    ):
        raise RefusedInput(
            f"{kind}.danger_statement: no danger statement '{values['danger_statement']}'"
        )
    if values.get("safety_goal") is not None and values["safety_goal"] not in _ids(
        session, SafetyGoal, cid
    ):
        raise RefusedInput(f"{kind}.safety_goal: no safety goal '{values['safety_goal']}'")


def _check_unique(
    session: Session, cid: str, kind: str, row: Any, ignore: str | None = None
) -> None:
    if kind == "score":
        for other in session.exec(
            select(ScalingScore).where(
                ScalingScore.conference_id == cid,
                ScalingScore.participant == row.participant,
            )
        ).all():
            if (
                other.id != ignore
                and other.child == row.child
                and other.danger_statement == row.danger_statement
            ):
                raise RefusedInput(
                    "score: this person already has a score for that child and danger statement"
                )
    elif (
        kind == "decision" and ignore is None and session.get(_table("decision"), (cid, row.child))
    ):
        raise RefusedInput(f"decision.child: a decision for child '{row.child}' already exists")


# ---------------------------------------------------------------- conferences


def create_conference(
    store: Store,
    actor: str,
    *,
    kind: str = "initial",
    starts_at: str,
    chair: str,
    family_name: str,
    template: str = DEFAULT_TEMPLATE,
    conference_id: str | None = None,
    **more: Any,
) -> str:
    """A new planned conference with the template's scaling wording; returns its id."""
    store.require_writable()
    tpl = get_template(template)
    values: dict[str, Any] = {
        "kind": kind,
        "starts_at": starts_at,
        "chair": chair,
        "family_name": family_name,
        "template": template,
        "scaling_question": tpl.scaling.question,
        "scaling_zero_means": tpl.scaling.zero_means,
        "scaling_ten_means": tpl.scaling.ten_means,
        **more,
    }
    for key in values:
        if key not in CONFERENCE_FIELDS:
            raise RefusedInput(f"conference.{key}: unknown field")
    if kind not in KINDS:
        raise RefusedInput(f"conference.kind: {kind!r} is not one of {', '.join(KINDS)}")
    for key in ("chair", "family_name"):
        if not str(values[key]).strip():
            raise RefusedInput(f"conference.{key}: must not be empty")
    for key, value in values.items():
        if key in _DATE_FIELDS or key in _DATETIME_FIELDS:
            _check_date(key, value)
    cid = conference_id or new_id()
    stamp = now_text()
    with store.session() as session:
        if session.get(Conference, cid) is not None:
            raise RefusedInput(f"conference '{cid}' already exists")
        session.add(Conference(id=cid, created_at=stamp, updated_at=stamp, **values))
        _audit(session, cid, actor, "create", "conference", cid, after=values)
        session.commit()
    return cid


def update_conference(
    store: Store, cid: str, actor: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change set-up or plan-level fields of a conference; returns the values before."""
    for key in changes:
        if key not in CONFERENCE_FIELDS:
            raise RefusedInput(f"conference.{key}: unknown field")
    with _change(store, cid) as (session, conf):
        for key, value in changes.items():
            if key in _DATE_FIELDS or key in _DATETIME_FIELDS:
                _check_date(key, value)
            if key in ("chair", "family_name", "starts_at") and not str(value or "").strip():
                raise RefusedInput(f"conference.{key}: must not be empty")
        if "kind" in changes and changes["kind"] not in KINDS:
            raise RefusedInput(f"conference.kind: {changes['kind']!r} is not a conference kind")
        if "template" in changes:
            sections = get_template(changes["template"]).section_keys
            used = set(session.exec(select(Item.section).where(Item.conference_id == cid)).all())
            if used - set(sections):
                raise RefusedInput(
                    f"conference.template: the items use sections the template '{changes['template']}' does not have"
                )
        if changes.get("lead_social_worker") is not None and changes[
            "lead_social_worker"
        ] not in _ids(session, Participant, cid):
            raise RefusedInput(
                f"conference.lead_social_worker: no participant '{changes['lead_social_worker']}'"
            )
        before = {key: getattr(conf, key) for key in changes}
        for key, value in changes.items():
            setattr(conf, key, value)
        _audit(session, cid, actor, "update", "conference", cid, ",".join(changes), before, changes)
    return before


def _set_status(
    store: Store, cid: str, actor: str, action: str, target: str, expect: str | None
) -> str:
    if target not in STATUSES:
        raise RefusedInput(f"status: {target!r} is not a status")
    with _change(store, cid) as (session, conf):
        before = conf.status
        if expect is not None and before != expect:
            raise RefusedInput(
                f"conference '{cid}' is {before.replace('_', ' ')}; it cannot {action}"
            )
        conf.status = target
        _audit(session, cid, actor, action, "conference", cid, "status", before, target)
        if action == "end":
            meeting_ended(session, cid, now_text())
    return before


def start_meeting(store: Store, cid: str, actor: str) -> str:
    """planned -> in progress; returns the status before."""
    return _set_status(store, cid, actor, "start", "in_progress", "planned")


def end_meeting(store: Store, cid: str, actor: str) -> str:
    """in progress -> ended; returns the status before."""
    return _set_status(store, cid, actor, "end", "ended", "in_progress")


def finalise_conference(store: Store, cid: str, actor: str) -> str:
    """ended -> finalised: the record is approved and refuses every change from now on."""
    return _set_status(store, cid, actor, "finalise", "finalised", "ended")


def restore_status(store: Store, cid: str, actor: str, status: str) -> str:
    """Put a status back (the undo of start or end); a finalised record stays finalised."""
    if status == "finalised":
        raise RefusedInput("status: use finalise_conference to finalise a record")
    return _set_status(store, cid, actor, "restore status", status, None)


# ---------------------------------------------------------------- objects


def _rows_of(session: Session, kind: str, cid: str) -> list[Any]:
    table = _table(kind)
    return list(
        session.exec(
            select(table).where(table.conference_id == cid).order_by(col(table.position))
        ).all()
    )


def _next_position(session: Session, kind: str, cid: str) -> int:
    table = _table(kind)
    rows = session.exec(
        select(table.position)
        .where(table.conference_id == cid)
        .order_by(col(table.position).desc())
        .limit(1)
    ).all()
    return (rows[0] + 1) if rows else 0


def _open_slot(session: Session, kind: str, cid: str, position: int) -> None:
    table = _table(kind)
    for row in session.exec(
        select(table).where(table.conference_id == cid, table.position >= position)
    ).all():
        row.position += 1
        session.add(row)


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
    table = _table(kind)
    values = dict(values)
    with _change(store, cid) as (session, conf):
        if kind != "decision":
            values.setdefault("id", new_id())
            if session.get(table, (cid, values["id"])) is not None:
                raise RefusedInput(f"{kind}.id: '{values['id']}' already exists")
        _check_values(session, conf, kind, {k: v for k, v in values.items() if k != "id"})
        if position is None:
            position = _next_position(session, kind, cid)
        else:
            _open_slot(session, kind, cid, position)
        row = table(conference_id=cid, position=position, **values)
        _check_unique(session, cid, kind, row)
        session.add(row)
        ent_id = str(getattr(row, _pk(kind)))
        _audit(session, cid, actor, "add", kind, ent_id, "", None, _row_dict(row))
    return ent_id


def update(
    store: Store, cid: str, kind: str, ent_id: str, actor: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change fields of one object; returns the values before, for undo."""
    table = _table(kind)
    if _pk(kind) in changes or "conference_id" in changes:
        raise RefusedInput(f"{kind}: its id cannot be changed")
    with _change(store, cid) as (session, conf):
        row = session.get(table, (cid, ent_id))
        if row is None:
            raise RefusedInput(f"no {kind.replace('_', ' ')} '{ent_id}' in conference '{cid}'")
        check = {k: v for k, v in changes.items() if k != "position"}
        _check_values(session, conf, kind, check)
        if kind == "participant" and "is_family" in changes and not changes["is_family"]:
            # withheld_from may name only family members; the export would be refused on import.
            for ref_kind in ("item", "danger_statement", "safety_goal", "next_step"):
                for other in _rows_of(session, ref_kind, cid):
                    if ent_id in other.withheld_from:
                        raise RefusedInput(
                            f"participant.is_family: '{ent_id}' is named in withheld_from of "
                            f"{ref_kind.replace('_', ' ')} '{other.id}'; take them off it first"
                        )
        before = {key: _row_dict(row)[key] for key in changes}
        for key, value in changes.items():
            setattr(row, key, list(value) if isinstance(value, tuple) else value)
        _check_unique(session, cid, kind, row, ignore=ent_id)
        session.add(row)
        _audit(
            session, cid, actor, "update", kind, ent_id, ",".join(changes), before, dict(changes)
        )
    return before


# What refers to what: (kind that refers, field, how) for each kind that can be removed.
_REFERRERS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "participant": (
        ("item", "source", "null"),
        ("next_step", "owner_participant", "null"),
        ("item", "withheld_from", "list"),
        ("danger_statement", "withheld_from", "list"),
        ("safety_goal", "withheld_from", "list"),
        ("next_step", "withheld_from", "list"),
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


def delete(store: Store, cid: str, kind: str, ent_id: str, actor: str) -> dict[str, Any]:
    """Remove one object and what only it held together; returns a snapshot for `restore`."""
    table = _table(kind)
    with _change(store, cid) as (session, conf):
        row = session.get(table, (cid, ent_id))
        if row is None:
            raise RefusedInput(f"no {kind.replace('_', ' ')} '{ent_id}' in conference '{cid}'")
        snapshot: dict[str, Any] = {"row": _row_dict(row), "changed": [], "removed": []}
        for ref_kind, field, how in _REFERRERS.get(kind, ()):
            for other in _rows_of(session, ref_kind, cid):
                value = getattr(other, field)
                hit = (
                    value == ent_id
                    if how in ("null", "delete")
                    else (
                        ent_id in value
                        if how == "list"
                        else any(v.get("participant") == ent_id for v in value)
                    )
                )
                if not hit:
                    continue
                old = _row_dict(other)
                if how == "delete":
                    snapshot["removed"].append([ref_kind, old])
                    session.delete(other)
                    continue
                snapshot["changed"].append([ref_kind, old])
                if how == "null":
                    setattr(other, field, None)
                elif how == "list":
                    setattr(other, field, [v for v in value if v != ent_id])
                else:
                    setattr(other, field, [v for v in value if v.get("participant") != ent_id])
                session.add(other)
        if kind == "participant" and conf.lead_social_worker == ent_id:
            snapshot["lead_social_worker"] = ent_id
            conf.lead_social_worker = None
        session.delete(row)
        _audit(session, cid, actor, "delete", kind, ent_id, "", snapshot["row"], None)
    return snapshot


def restore(store: Store, cid: str, kind: str, snapshot: dict[str, Any], actor: str) -> str:
    """Put back what `delete` removed, exactly as it was (the undo of a delete)."""
    table = _table(kind)
    data = dict(snapshot["row"])
    with _change(store, cid) as (session, conf):
        ent_id = str(data[_pk(kind)])
        if session.get(table, (cid, ent_id)) is not None:
            raise RefusedInput(f"{kind} '{ent_id}' is already there")
        data.pop("conference_id", None)
        if session.exec(
            select(table).where(table.conference_id == cid, table.position == data["position"])
        ).first():
            _open_slot(session, kind, cid, data["position"])
        session.add(table(conference_id=cid, **data))
        session.flush()
        for ref_kind, old in snapshot.get("removed", []):
            old = dict(old)
            old.pop("conference_id", None)
            session.add(_table(ref_kind)(conference_id=cid, **old))
        # One row may be snapshotted more than once (a participant who is an item's source and
        # in its withheld_from); the first snapshot is the true original, so it goes back last.
        for ref_kind, old in reversed(snapshot.get("changed", [])):
            ref_table = _table(ref_kind)
            current = session.get(ref_table, (cid, old[_pk(ref_kind)]))
            if current is not None:
                for key, value in old.items():
                    if key != "conference_id":
                        setattr(current, key, value)
                session.add(current)
        if snapshot.get("lead_social_worker"):
            conf.lead_social_worker = snapshot["lead_social_worker"]
        _audit(session, cid, actor, "restore", kind, ent_id, "", None, snapshot["row"])
    return ent_id


def move(store: Store, cid: str, kind: str, ent_id: str, index: int, actor: str) -> int:
    """Put one object at `index` in its list (0 = first); returns the index it had, for undo."""
    with _change(store, cid) as (session, _conf):
        rows = _rows_of(session, kind, cid)
        ids = [str(getattr(r, _pk(kind))) for r in rows]
        if ent_id not in ids:
            raise RefusedInput(f"no {kind.replace('_', ' ')} '{ent_id}' in conference '{cid}'")
        old_index = ids.index(ent_id)
        moving = rows.pop(old_index)
        index = max(0, min(index, len(rows)))
        rows.insert(index, moving)
        for n, row in enumerate(rows):
            if row.position != n:
                row.position = n
                session.add(row)
        _audit(session, cid, actor, "move", kind, ent_id, "position", old_index, index)
    return old_index


def move_item_to_section(
    store: Store, cid: str, item_id: str, section: str, actor: str, position: int | None = None
) -> dict[str, Any]:
    """Move an item to another pane, at the end of it unless a position is given; returns before."""
    with _change(store, cid) as (session, conf):
        row = session.get(Item, (cid, item_id))
        if row is None:
            raise RefusedInput(f"no item '{item_id}' in conference '{cid}'")
        _check_values(session, conf, "item", {"section": section})
        before = {"section": row.section, "position": row.position}
        if position is None:
            position = _next_position(session, "item", cid)
        row.section = section
        row.position = position
        session.add(row)
        _audit(
            session,
            cid,
            actor,
            "move",
            "item",
            item_id,
            "section",
            before,
            {"section": section, "position": position},
        )
    return before


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
        row = session.get(_table(kind), (cid, ent_id))
        return _row_dict(row) if row is not None else None


__all__ = [
    "Child",
    "DangerStatement",
    "Decision",
    "Item",
    "NextStep",
    "Participant",
    "SafetyGoal",
    "ScalingScore",
    "add",
    "audit_trail",
    "create_conference",
    "default_actor",
    "delete",
    "end_meeting",
    "finalise_conference",
    "list_conferences",
    "move",
    "move_item_to_section",
    "restore",
    "restore_status",
    "start_meeting",
    "update",
    "update_conference",
]
