"""Tracked changes after the meeting ended: who, when, the field as the screen names it, before and after.

Changes come from the audit trail: every change after the meeting's End (in the window),
and, for an `import --replace` of an ended conference, the two documents compared field
by field (`replace_tracked`). The room's side of a side-by-side is the snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from conference.errors import RefusedInput
from conference.exchange.interchange import (
    conference_or_refuse,
    export_document,
    import_document,
    now_text,
)
from conference.record.snapshot import room_snapshot
from conference.store.database import Store
from conference.store.model import AuditEntry, Conference

Doc = dict[str, Any]

# The audit actions that change the record's content.
CONTENT_ACTIONS = ("add", "update", "delete", "restore", "move", "change")

# Kinds as the screen names them.
KIND_NAMES = {
    "conference": "Conference",
    "child": "Child",
    "participant": "Person invited",
    "item": "What was said",
    "danger_statement": "Danger statement",
    "safety_goal": "Safety goal",
    "score": "Scaling score",
    "decision": "Decision",
    "next_step": "Next step",
}
# Fields as the screen names them (interchange names on the left).
FIELD_NAMES = {
    "text": "the words",
    "section": "the heading",
    "source": "raised by",
    "children": "about which children",
    "restricted": "restricted",
    "withheld_from": "not shared with",
    "who_is_worried": "who is worried",
    "worried_about": "about what (what someone does)",
    "impact_if_nothing_changes": "what may happen if nothing changes",
    "how_long": "for how long",
    "danger_statement": "its danger statement",
    "family_view.agrees": "the family agrees",
    "family_view.comment": "the family's view",
    "action": "the step",
    "owner": "who",
    "owner_participant": "who (of the people invited)",
    "due": "by when",
    "safety_goal": "its safety goal",
    "status": "status",
    "outcome": "outcome",
    "categories": "category",
    "rationale": "the chair's reasons",
    "agency_views": "each agency's view",
    "dissent": "dissent",
    "contingency": "what happens if this does not work",
    "core_group_first_meeting": "first core group",
    "review_conference": "review conference",
    "name": "name",
    "role": "role",
    "attendance": "attendance",
    "position": "place in the list",
    "score": "score",
    "reason": "reason",
}
_MODEL_TO_INTERCHANGE = {
    "family_agrees": "family_view.agrees",
    "family_comment": "family_view.comment",
    "scaling_question": "scaling.question",
    "scaling_zero_means": "scaling.zero_means",
    "scaling_ten_means": "scaling.ten_means",
    "scaling_revealed": "scaling.revealed",
}
_INTERCHANGE_TO_MODEL = {v: k for k, v in _MODEL_TO_INTERCHANGE.items()}
# Document collections compared object by object, and the key that names each object.
_COLLECTIONS = {
    "children": ("child", "id"),
    "participants": ("participant", "id"),
    "items": ("item", "id"),
    "danger_statements": ("danger_statement", "id"),
    "safety_goals": ("safety_goal", "id"),
    "decisions": ("decision", "child"),
    "next_steps": ("next_step", "id"),
}
_CONFERENCE_LEVEL = ("contingency", "core_group_first_meeting", "review_conference")


@dataclass(frozen=True)
class Change:
    """One tracked change, as `changes --json` gives it."""

    audit_id: int
    at: str
    by: str
    kind: str
    id: str
    field: str
    before: Any
    after: Any
    action: str

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "by": self.by,
            "kind": self.kind,
            "id": self.id,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }

    def what(self) -> str:
        """The change as the screen names it, e.g. "Danger statement: who is worried"."""
        kind = KIND_NAMES.get(self.kind, self.kind.replace("_", " ").capitalize())
        if self.action in ("add", "restore") or (self.before is None and not self.field):
            return f"{kind}: added"
        if self.action == "delete" or (self.after is None and not self.field):
            return f"{kind}: removed"
        return f"{kind}: {FIELD_NAMES.get(self.field, self.field.replace('_', ' '))}"

    def line(self) -> str:
        return "\t".join((self.at, self.by, self.what(), _short(self.before), _short(self.after)))


def _short(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:119] + "…"


def interchange_field(model_field: str) -> str:
    """The interchange name of a model field."""
    return _MODEL_TO_INTERCHANGE.get(model_field, model_field)


def model_field(field: str) -> str:
    """The model field of an interchange name."""
    return _INTERCHANGE_TO_MODEL.get(field, field)


def _boundary(session: Session, cid: str) -> int | None:
    """The audit id after which changes count: the last End, else an import of an ended document."""
    entries = session.exec(
        select(AuditEntry)
        .where(AuditEntry.conference_id == cid, col(AuditEntry.action).in_(("end", "import")))
        .order_by(col(AuditEntry.id).desc())
    ).all()
    for e in entries:
        if e.action == "end":
            return e.id
    conf = session.get(Conference, cid)
    if conf is not None and conf.status in ("ended", "finalised") and entries:
        return entries[-1].id
    return None


def _expand(e: AuditEntry) -> list[Change]:
    def one(field: str, before: Any, after: Any) -> Change:
        return Change(
            audit_id=int(e.id or 0),
            at=e.at,
            by=e.actor,
            kind=e.entity,
            id=e.entity_id,
            field=field,
            before=before,
            after=after,
            action=e.action,
        )

    if e.action == "update" and isinstance(e.before, dict) and isinstance(e.after, dict):
        names = e.field.split(",") if e.field else list(e.after)
        return [one(interchange_field(n), e.before.get(n), e.after.get(n)) for n in names]
    return [one(e.field, e.before, e.after)]


def changes(store: Store, cid: str) -> list[Change]:
    """Every change to the record after the meeting ended, oldest first."""
    with store.session() as session:
        exists = session.get(Conference, cid)
        if (
            exists is None
            and not session.exec(
                select(AuditEntry.id).where(AuditEntry.conference_id == cid).limit(1)
            ).first()
        ):
            raise RefusedInput(f"no conference '{cid}' in the store")
        boundary = _boundary(session, cid)
        if boundary is None:
            return []
        out: list[Change] = []
        for e in session.exec(
            select(AuditEntry)
            .where(
                AuditEntry.conference_id == cid,
                col(AuditEntry.id) > boundary,
                col(AuditEntry.action).in_(CONTENT_ACTIONS),
            )
            .order_by(col(AuditEntry.id))
        ).all():
            out.extend(_expand(e))
        return out


# ---------------------------------------------------------------- comparing documents


def _flat(obj: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(value, dict) and key == "family_view":
            for sub, v in value.items():
                out[f"{key}.{sub}"] = v
        else:
            out[key] = value
    return out


def compare_documents(old: Doc, new: Doc) -> list[tuple[str, str, str, Any, Any]]:
    """(kind, id, field, before, after) for every difference, field by field."""
    cid = str(new.get("conference", {}).get("id") or old.get("conference", {}).get("id"))
    out: list[tuple[str, str, str, Any, Any]] = []
    oc, nc = old.get("conference", {}), new.get("conference", {})
    for key in sorted(set(oc) | set(nc)):
        if key != "status" and oc.get(key) != nc.get(key):
            out.append(("conference", cid, key, oc.get(key), nc.get(key)))
    for key in _CONFERENCE_LEVEL:
        if old.get(key) != new.get(key):
            out.append(("conference", cid, key, old.get(key), new.get(key)))
    os_, ns = old.get("scaling", {}), new.get("scaling", {})
    for key in sorted(set(os_) | set(ns)):
        if os_.get(key) != ns.get(key):
            out.append(("conference", cid, f"scaling.{key}", os_.get(key), ns.get(key)))
    for coll, (kind, pk) in _COLLECTIONS.items():
        before = {str(o[pk]): o for o in old.get(coll, [])}
        after = {str(o[pk]): o for o in new.get(coll, [])}
        for oid, obj in before.items():
            if oid not in after:
                out.append((kind, oid, "", obj, None))
        for oid, obj in after.items():
            if oid not in before:
                out.append((kind, oid, "", None, obj))
                continue
            fb, fa = _flat(before[oid]), _flat(obj)
            for key in sorted(set(fb) | set(fa)):
                if fb.get(key) != fa.get(key):
                    out.append((kind, oid, key, fb.get(key), fa.get(key)))
    return out


def replace_tracked(store: Store, doc: Doc, *, actor: str) -> str:
    """`import --replace` that keeps the replaced content in the audit and, once the meeting
    has ended, tracks the replacement field by field. Returns the conference id."""
    cid = doc.get("conference", {}).get("id")
    old: Doc | None = None
    ended_at: str | None = None
    if cid:
        with store.session() as session:
            existing = session.get(Conference, cid)
            if existing is not None:
                ended_at = existing.ended_at
        if existing is not None:
            old = export_document(store, cid)
    new_id = import_document(store, doc, actor=actor, replace=True)
    if old is None:
        return new_id
    new = export_document(store, new_id)
    tracked = old["conference"]["status"] in ("ended", "finalised") or ended_at is not None
    stamp = now_text()
    with store.session() as session:
        conf = conference_or_refuse(session, new_id)
        if ended_at is not None and conf.ended_at is None:
            conf.ended_at = ended_at  # the meeting still ended when it did
            session.add(conf)
        session.add(
            AuditEntry(
                conference_id=new_id,
                at=stamp,
                actor=actor,
                action="replaced content",
                entity="conference",
                entity_id=new_id,
                before=old,
                after=None,
            )
        )
        if tracked:
            for kind, oid, field, before, after in compare_documents(old, new):
                session.add(
                    AuditEntry(
                        conference_id=new_id,
                        at=stamp,
                        actor=actor,
                        action="change",
                        entity=kind,
                        entity_id=oid,
                        field=field,
                        before=before,
                        after=after,
                    )
                )
        session.commit()
    return new_id


def replaced_versions(store: Store, cid: str) -> list[tuple[str, Doc]]:
    """Every replaced content of a conference, kept in the audit: (when, the document)."""
    with store.session() as session:
        return [
            (e.at, dict(e.before))
            for e in session.exec(
                select(AuditEntry)
                .where(AuditEntry.conference_id == cid, AuditEntry.action == "replaced content")
                .order_by(col(AuditEntry.id))
            ).all()
            if isinstance(e.before, dict)
        ]


# ---------------------------------------------------------------- side by side and undo


def _find(doc: Doc | None, kind: str, oid: str) -> dict[str, Any] | None:
    if doc is None:
        return None
    if kind == "conference":
        out = dict(doc.get("conference", {}))
        for key in _CONFERENCE_LEVEL:
            out[key] = doc.get(key)
        for key, value in doc.get("scaling", {}).items():
            if key != "scores":
                out[f"scaling.{key}"] = value
        return out
    for coll, (k, pk) in _COLLECTIONS.items():
        if k == kind:
            for obj in doc.get(coll, []):
                if str(obj.get(pk)) == oid:
                    return _flat(obj)
    return None


def side_by_side(
    store: Store, cid: str, kind: str, oid: str
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """One object as agreed in the room and as it is now (None where it does not exist)."""
    return _find(room_snapshot(store, cid), kind, oid), _find(
        export_document(store, cid), kind, oid
    )


def undo_change(store: Store, cid: str, change: Change, actor: str) -> None:
    """Put back what one change altered, refused when a later change moved the field again."""
    from conference import operations as ops

    now = _find(export_document(store, cid), change.kind, change.id)
    if change.action == "add" or (change.before is None and not change.field):
        if now is None:
            raise RefusedInput("that was removed again already; nothing to undo")
        ops.delete(store, cid, change.kind, change.id, actor)
        return
    if change.action == "delete" or (change.after is None and not change.field):
        if now is not None:
            raise RefusedInput("that is back already; nothing to undo")
        row = dict(change.before)
        if "family_view" in row:
            fv = row.pop("family_view")
            row["family_agrees"], row["family_comment"] = fv.get("agrees"), fv.get("comment", "")
        ops.restore(store, cid, change.kind, {"row": row, "changed": [], "removed": []}, actor)
        return
    if change.action == "move" or change.field == "position":
        raise RefusedInput("a change of place in the list is undone by moving it back")
    if now is None or now.get(change.field) != change.after:
        raise RefusedInput(
            f"{change.what()} was changed again after this; undo the later change first"
        )
    name = model_field(change.field)
    if change.kind == "conference":
        ops.update_conference(store, cid, actor, {name: change.before})
    else:
        ops.update(store, cid, change.kind, change.id, actor, {name: change.before})
