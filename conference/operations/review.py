"""Start the review of an ended or finalised conference: carry the plan forward, in one unit of work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from conference.errors import RefusedInput
from conference.exchange.interchange import conference_or_refuse, new_id, now_text
from conference.operations import rows
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork
from conference.store.database import Store
from conference.store.model import (
    AuditEntry,
    Child,
    Conference,
    DangerStatement,
    Decision,
    NextStep,
    Participant,
    SafetyGoal,
    ScalingScore,
)
from conference.timescales import review_due_by

REVIEW_STATUSES = ("still_a_worry", "changed", "no_longer_a_worry")
# What a chair marks for each carried step at the review ("open" until it is marked).
PROGRESS_STATUSES = ("done", "partly_done", "not_done", "dropped")

# The conference fields a review carries over unchanged.
_CARRIED_CONFERENCE = (
    "template",
    "venue",
    "chair",
    "minute_taker",
    "family_name",
    "reason",
    "language",
    "lead_social_worker",
    "contingency",
    "contingency_restricted",
    "contingency_withheld_from",
    "scaling_question",
    "scaling_zero_means",
    "scaling_ten_means",
)


@dataclass(frozen=True)
class PreviousDecision:
    """The decision for one child at the conference being reviewed, shown for reference."""

    child: str
    outcome: str
    categories: tuple[str, ...]


def _rows(session: Session, table: Any, cid: str) -> list[Any]:
    return list(
        session.exec(
            select(table).where(table.conference_id == cid).order_by(col(table.position))
        ).all()
    )


def reviews_of(session: Session, cid: str) -> list[str]:
    """The ids of the conferences that review conference `cid`."""
    return [
        str(c)
        for c in session.exec(
            select(Conference.id).where(Conference.previous_conference_id == cid)
        ).all()
    ]


def has_review(store: Store, cid: str) -> bool:
    """Whether a review of this conference has been started already."""
    with store.session() as session:
        return bool(reviews_of(session, cid))


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _previous_scaling(session: Session, conf: Conference) -> dict[str, Any] | None:
    """The scores as they were revealed in the room; none when they never were."""
    if not conf.scaling_revealed:
        return None
    scores = [
        {
            "participant": s.participant,
            "child": s.child,
            "danger_statement": s.danger_statement,
            "score": s.score,
            "reason": s.reason,
        }
        for s in _rows(session, ScalingScore, conf.id)
        # What was kept back never reached the room: the trend counts only what was shown.
        if not s.restricted and not s.withheld_from
    ]
    return {
        "question": conf.scaling_question,
        "zero_means": conf.scaling_zero_means,
        "ten_means": conf.scaling_ten_means,
        "scores": scores,
    }


def start_review(
    store: Store,
    actor: str,
    previous_id: str,
    *,
    again: bool = False,
    starts_at: str | None = None,
    review_id: str | None = None,
) -> str:
    """A new planned review of `previous_id`, carrying what the review needs; returns its id.

    Nothing in the previous conference changes. Children and participants keep their ids
    and roles (attendance back to present, its note cleared); each danger statement, safety
    goal and next step is carried with `carried_from` and its flags; the revealed scores go
    into `previous_scaling`. One transaction: all of it or nothing.
    """
    store.require_writable()
    with store.session() as session:
        prev = conference_or_refuse(session, previous_id)
        if prev.status not in ("ended", "finalised"):
            raise RefusedInput(
                f"conference '{previous_id}' is {prev.status.replace('_', ' ')}: "
                "only an ended or finalised conference can be reviewed"
            )
        if reviews_of(session, previous_id) and not again:
            raise RefusedInput(
                f"conference '{previous_id}' already has a review; use --again to start another one"
            )
        cid = review_id or new_id()
        if session.get(Conference, cid) is not None:
            raise RefusedInput(f"conference '{cid}' already exists")
        when = starts_at or prev.review_conference or f"{dt.date.today().isoformat()}T10:00"
        if len(when) == 10:
            when = f"{when}T10:00"
        day = _day(when) or dt.date.today()
        stamp = now_text()
        values: dict[str, Any] = {k: getattr(prev, k) for k in _CARRIED_CONFERENCE}
        values["contingency_withheld_from"] = list(prev.contingency_withheld_from)
        values.update(
            kind="review",
            starts_at=when,
            previous_conference_id=previous_id,
            previous_scaling=_previous_scaling(session, prev),
            # Within 6 months of a review: the last working day on or before.
            review_conference=f"{review_due_by(day, 'review').isoformat()}T10:00",
        )
        session.add(Conference(id=cid, created_at=stamp, updated_at=stamp, **values))
        session.flush()
        for c in _rows(session, Child, previous_id):
            data = c.model_dump(exclude={"conference_id", "version"})
            data["view"] = ""  # the child's view is heard again at the review
            data["view_restricted"] = False
            data["view_withheld_from"] = []
            session.add(Child(conference_id=cid, **data))
        for p in _rows(session, Participant, previous_id):
            data = p.model_dump(exclude={"conference_id", "version"})
            data.update(attendance="present", attendance_note="", report="none", report_summary="")
            session.add(Participant(conference_id=cid, **data))
        statement_ids: dict[str, str] = {}
        for s in _rows(session, DangerStatement, previous_id):
            data = s.model_dump(exclude={"conference_id", "version", "id", "review_status"})
            data["withheld_from"] = list(s.withheld_from)
            data["children"] = list(s.children)
            data["carried_from"] = s.id
            statement_ids[s.id] = new_id()
            session.add(DangerStatement(conference_id=cid, id=statement_ids[s.id], **data))
        goal_ids: dict[str, str] = {}
        for g in _rows(session, SafetyGoal, previous_id):
            data = g.model_dump(exclude={"conference_id", "version", "id"})
            data["withheld_from"] = list(g.withheld_from)
            data["danger_statement"] = statement_ids.get(g.danger_statement or "")
            data["carried_from"] = g.id
            goal_ids[g.id] = new_id()
            session.add(SafetyGoal(conference_id=cid, id=goal_ids[g.id], **data))
        for n in _rows(session, NextStep, previous_id):
            if n.status == "dropped":
                continue  # dropped at the last review: not part of the plan any more
            data = n.model_dump(exclude={"conference_id", "version", "id"})
            data["withheld_from"] = list(n.withheld_from)
            data["children"] = list(n.children)
            data["safety_goal"] = goal_ids.get(n.safety_goal or "")
            data["status"] = "open"  # marked in the meeting: done, partly done, ...
            data["carried_from"] = n.id
            session.add(NextStep(conference_id=cid, id=new_id(), **data))
        session.add(
            AuditEntry(
                conference_id=cid,
                at=stamp,
                actor=actor,
                action="start review",
                entity="conference",
                entity_id=cid,
                field="previous_conference_id",
                before=None,
                after={"previous_conference_id": previous_id, "again": again},
                group_id=new_id(),
            )
        )
        session.commit()
    return cid


def mark_progress(uow: UnitOfWork, step_id: str, status: str) -> Inverse:
    """At a review: a carried step is done, partly done, not done or dropped (or open again)."""
    if status not in (*PROGRESS_STATUSES, "open"):
        raise RefusedInput(
            f"next_step.status: {status!r} is not one of {', '.join(PROGRESS_STATUSES)}"
        )
    return rows.update_row(uow, "next_step", step_id, {"status": status})


def revisit_statement(uow: UnitOfWork, statement_id: str, review_status: str | None) -> Inverse:
    """At a review: a danger statement is still a worry, has changed, or is no longer a worry."""
    if review_status is not None and review_status not in REVIEW_STATUSES:
        raise RefusedInput(
            f"danger_statement.review_status: {review_status!r} is not one of {', '.join(REVIEW_STATUSES)}"
        )
    return rows.update_row(uow, "danger_statement", statement_id, {"review_status": review_status})


def previous_decisions(store: Store, cid: str) -> list[PreviousDecision]:
    """The decisions of the conference this review reviews, per child (empty when none)."""
    with store.session() as session:
        conf = conference_or_refuse(session, cid)
        prev = conf.previous_conference_id
        if prev is None or session.get(Conference, prev) is None:
            return []
        return [
            PreviousDecision(d.child, d.outcome, tuple(d.categories))
            for d in _rows(session, Decision, prev)
        ]


__all__ = [
    "PROGRESS_STATUSES",
    "REVIEW_STATUSES",
    "PreviousDecision",
    "has_review",
    "mark_progress",
    "previous_decisions",
    "reviews_of",
    "revisit_statement",
    "start_review",
]
