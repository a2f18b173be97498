"""Operations on the conference itself: creating it, its set-up fields, and its status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import select

from conference.errors import RefusedInput
from conference.exchange.interchange import new_id, now_text
from conference.operations.checks import _Refs, check_common
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork
from conference.store.database import Store
from conference.store.model import KINDS, STATUSES, AuditEntry, Conference, Item
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
    # The contingency's own keep-back (restricted, or withheld from chosen family members).
    "contingency_restricted",
    "contingency_withheld_from",
)
TRANSITIONS = {
    "start": ("planned", "in_progress"),
    "end": ("in_progress", "ended"),
    "finalise": ("ended", "finalised"),
}


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
    check_common("conference", values, set(CONFERENCE_FIELDS))
    cid = conference_id or new_id()
    stamp = now_text()
    with store.session() as session:
        if session.get(Conference, cid) is not None:
            raise RefusedInput(f"conference '{cid}' already exists")
        session.add(Conference(id=cid, created_at=stamp, updated_at=stamp, **values))
        session.add(
            AuditEntry(
                conference_id=cid,
                at=stamp,
                actor=actor,
                action="create",
                entity="conference",
                entity_id=cid,
                after=values,
                group_id=new_id(),
            )
        )
        session.commit()
    return cid


def update_conference(uow: UnitOfWork, changes: Mapping[str, Any]) -> Inverse:
    """Change set-up or plan-level fields of the conference; the inverse puts them back."""
    changes = dict(changes)
    check_common("conference", changes, set(CONFERENCE_FIELDS))
    conf = uow.conf
    cid = uow.cid
    if "template" in changes:
        sections = get_template(changes["template"]).section_keys
        used = set(uow.session.exec(select(Item.section).where(Item.conference_id == cid)).all())
        if used - set(sections):
            raise RefusedInput(
                f"conference.template: the items use sections the template '{changes['template']}' does not have"
            )
    if "contingency_withheld_from" in changes:
        _Refs(uow, "conference").withheld(
            changes["contingency_withheld_from"], "contingency_withheld_from"
        )
    lead = changes.get("lead_social_worker")
    if lead is not None and lead not in uow.ids("participant"):
        raise RefusedInput(f"conference.lead_social_worker: no participant '{lead}'")
    mark = uow.mark()
    before = {key: getattr(conf, key) for key in changes}
    uow.changing("conference", conf)
    for key, value in changes.items():
        setattr(conf, key, value)
    uow.audit("update", "conference", cid, ",".join(changes), before, changes)
    return uow.inverse_since(
        mark,
        action="update",
        undoes="update",
        kind="conference",
        ent_id=cid,
        field=",".join(changes),
        before=before,
    )


def _set_status(uow: UnitOfWork, action: str, target: str, expect: str | None) -> Inverse:
    if target not in STATUSES:
        raise RefusedInput(f"status: {target!r} is not a status")
    conf = uow.conf
    before = conf.status
    if expect is not None and before != expect:
        raise RefusedInput(
            f"conference '{uow.cid}' is {before.replace('_', ' ')}; it cannot {action}"
        )
    mark = uow.mark()
    uow.changing("conference", conf)
    conf.status = target
    uow.audit(action, "conference", uow.cid, "status", before, target)
    if action == "end":
        # "As agreed in the room": ended_at and the snapshot, in the same unit of work.
        from conference.record.snapshot import meeting_ended

        meeting_ended(uow.session, uow.cid, now_text())
    return uow.inverse_since(
        mark,
        action="restore status",
        undoes=action,
        kind="conference",
        ent_id=uow.cid,
        field="status",
        before=before,
    )


def start_meeting(uow: UnitOfWork) -> Inverse:
    """planned -> in progress."""
    return _set_status(uow, "start", "in_progress", "planned")


def end_meeting(uow: UnitOfWork) -> Inverse:
    """in progress -> ended."""
    return _set_status(uow, "end", "ended", "in_progress")


def finalise_conference(uow: UnitOfWork) -> Inverse:
    """ended -> finalised: the record is approved and refuses every change from now on."""
    return _set_status(uow, "finalise", "finalised", "ended")


def restore_status(uow: UnitOfWork, status: str) -> Inverse:
    """Put a status back (the undo of start or end); a finalised record stays finalised."""
    if status == "finalised":
        raise RefusedInput("status: use finalise_conference to finalise a record")
    return _set_status(uow, "restore status", status, None)


__all__ = ["KINDS", "create_conference", "update_conference"]
