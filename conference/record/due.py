"""What is due and overdue after each meeting, by working days of the council's nation; `mark` clears it.

An item is listed from the moment its clock starts (the meeting ended, a correction was
received) until it is marked done; it is `overdue` when its date is before the day asked
about. Working days count from the day after the event (conference/timescales.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from conference.council import CouncilSettings, load_council_settings
from conference.errors import RefusedInput
from conference.exchange.interchange import conference_or_refuse, now_text
from conference.record.corrections import parse_day
from conference.record.tables import RecordDistribution, RecordMark
from conference.store.database import Store
from conference.store.model import AuditEntry, Conference, Participant, RecordCorrection
from conference.timescales import Nation, add_working_days, parse_nation, review_due_by

MARKS = ("letter_sent", "record_sent", "summary_sent", "core_group_held")
_CLEARED_BY = {
    "letter": "letter_sent",
    "record": "record_sent",
    "summary": "summary_sent",
    "core_group": "core_group_held",
}
CORRECTION_WORKING_DAYS = 10


@dataclass(frozen=True)
class DueLine:
    """One thing owed: when, for which conference, what, and whether it is late."""

    due_on: dt.date
    conference: str
    family_name: str
    what: str
    overdue: bool
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "due_on": self.due_on.isoformat(),
            "conference": self.conference,
            "family_name": self.family_name,
            "what": self.what,
            "overdue": self.overdue,
        }

    def line(self) -> str:
        what = f"{self.what} {self.detail}".strip()
        fields = (self.due_on.isoformat(), self.conference, self.family_name, what)
        state = "overdue" if self.overdue else "due"
        return "\t".join([*(" ".join(str(f).split()) for f in fields), state])


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def due_items(
    store: Store, on: dt.date | None = None, settings: CouncilSettings | None = None
) -> list[DueLine]:
    """Everything due or overdue on `on` (default today), overdue first, then by date."""
    on = on or dt.date.today()
    settings = settings or load_council_settings()
    nation: Nation = parse_nation(settings.nation)
    lines: list[DueLine] = []
    with store.session() as session:
        marks: dict[str, set[str]] = {}
        for m in session.exec(select(RecordMark)).all():
            marks.setdefault(m.conference_id, set()).add(m.what)
        reviewed = {
            str(p)
            for p in session.exec(select(Conference.previous_conference_id)).all()
            if p is not None
        }
        corrections: dict[str, list[RecordCorrection]] = {}
        for c in session.exec(
            select(RecordCorrection).order_by(col(RecordCorrection.number))
        ).all():
            corrections.setdefault(c.conference_id, []).append(c)
        for conf in session.exec(
            select(Conference).where(col(Conference.status).in_(("ended", "finalised")))
        ).all():
            done = marks.get(conf.id, set())
            ended = _day(conf.ended_at) or _day(conf.starts_at)
            if ended is None:
                continue

            def add(due_on: dt.date, what: str, detail: str = "", conf: Conference = conf) -> None:
                lines.append(DueLine(due_on, conf.id, conf.family_name, what, due_on < on, detail))

            if "letter_sent" not in done:
                add(
                    add_working_days(ended, settings.decision_letter_working_days, nation), "letter"
                )
            if "record_sent" not in done:
                add(add_working_days(ended, settings.record_working_days, nation), "record")
            if settings.summary_working_days > 0 and "summary_sent" not in done:
                add(add_working_days(ended, settings.summary_working_days, nation), "summary")
            for c in corrections.get(conf.id, []):
                if f"correction_answered:{c.number}" not in done:
                    received = _day(c.received_on) or ended
                    add(
                        add_working_days(received, CORRECTION_WORKING_DAYS, nation),
                        "correction",
                        str(c.number),
                    )
            core = _day(conf.core_group_first_meeting)
            if core is not None and "core_group_held" not in done:
                add(core, "core_group")
            review = _day(conf.review_conference)
            if review is None:
                # No date set: the latest the next review may be (3 months after a first
                # conference, 6 after a review; pre-birth as the timescales say).
                with contextlib.suppress(ValueError):
                    review = review_due_by(ended, conf.kind, nation)
            if review is not None and conf.id not in reviewed:
                add(review, "review")
    lines.sort(key=lambda d: (not d.overdue, d.due_on, d.family_name, d.conference, d.what))
    return lines


def mark(store: Store, cid: str, what: str, *, actor: str, on: dt.date | None = None) -> None:
    """Record that something was done (letter_sent, record_sent, ..., correction_answered:N)."""
    on = on or dt.date.today()
    store.require_writable()
    with store.session() as session:
        conf = conference_or_refuse(session, cid)
        if what.startswith("correction_answered:"):
            number = what.split(":", 1)[1]
            if not number.isdigit() or session.get(RecordCorrection, (cid, int(number))) is None:
                raise RefusedInput(f"mark: conference '{cid}' has no correction {number!r}")
            what = f"correction_answered:{int(number)}"
        elif what not in MARKS:
            raise RefusedInput(
                f"mark: {what!r} is not one of {', '.join(MARKS)}, correction_answered:N"
            )
        if conf.status not in ("ended", "finalised") and what != "core_group_held":
            raise RefusedInput(f"mark: conference '{cid}' has not ended yet")
        existing = session.get(RecordMark, (cid, what))
        if existing is None:
            session.add(
                RecordMark(conference_id=cid, what=what, done_on=on.isoformat(), done_by=actor)
            )
        else:
            existing.done_on = on.isoformat()
            session.add(existing)
        if what == "record_sent":
            rows = {
                r.participant_id: r
                for r in session.exec(
                    select(RecordDistribution).where(RecordDistribution.conference_id == cid)
                ).all()
            }
            for pid in session.exec(
                select(Participant.id).where(Participant.conference_id == cid)
            ).all():
                # A family member's "full" is still only what the filter lets them see.
                row = rows.get(pid) or RecordDistribution(conference_id=cid, participant_id=pid)
                if row.copy_kind != "none" and row.sent_on is None:
                    row.sent_on = on.isoformat()
                    session.add(row)
        session.add(
            AuditEntry(
                conference_id=cid,
                at=now_text(),
                actor=actor,
                action="mark",
                entity="record",
                entity_id=cid,
                field=what,
                before=None,
                after=on.isoformat(),
            )
        )
        session.commit()


def parse_on(value: str | None) -> dt.date | None:
    """`--on DATE`, or None for today."""
    return None if value is None else parse_day(value, "--on")
