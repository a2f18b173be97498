"""Corrections to a finalised record: numbered addenda; the sealed record never changes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlmodel import col, select

from conference.errors import RefusedInput
from conference.exchange.interchange import conference_or_refuse, now_text
from conference.store.database import Store
from conference.store.model import AuditEntry, Participant, RecordCorrection

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value: str, what: str) -> dt.date:
    """A YYYY-MM-DD date, or a one-line RefusedInput naming `what`."""
    try:
        if not _DATE_RE.fullmatch(value.strip()):
            raise ValueError
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise RefusedInput(f"{what}: {value!r} is not a date (write it as YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Correction:
    """One addendum as the reports and the window show it."""

    number: int
    requested_by: str
    requested_by_name: str
    requested_by_family: bool
    received_on: str
    text: str
    made_at: str


def add_correction(
    store: Store,
    conference_id: str,
    *,
    actor: str,
    received_on: str,
    text: str,
    participant: str | None = None,
    name: str | None = None,
    today: dt.date | None = None,
) -> int:
    """Add the next numbered correction to a finalised record; returns its number."""
    if (participant is None) == (name is None):
        raise RefusedInput("a correction needs who asked for it: a participant or a name")
    received = parse_day(received_on, "--received")
    if received > (today or dt.date.today()):
        raise RefusedInput(f"--received: {received_on} is after today")
    body = text.strip()
    if not body:
        raise RefusedInput("--text: the correction must say something")
    store.require_writable()
    with store.session() as session:
        conf = conference_or_refuse(session, conference_id)
        if conf.status != "finalised":
            raise RefusedInput(
                f"conference '{conference_id}' is {conf.status.replace('_', ' ')}, not "
                "finalised: change the record itself until the chair approves it"
            )
        if participant is not None:
            if session.get(Participant, (conference_id, participant)) is None:
                raise RefusedInput(
                    f"--requested-by: no participant '{participant}' in conference "
                    f"'{conference_id}' (use --requested-by-name for someone outside it)"
                )
            who = participant
        else:
            who = " ".join(str(name).split())
            if not who:
                raise RefusedInput("--requested-by-name: the name is empty")
        numbers = session.exec(
            select(RecordCorrection.number).where(RecordCorrection.conference_id == conference_id)
        ).all()
        number = max(numbers, default=0) + 1
        stamp = now_text()
        row = RecordCorrection(
            conference_id=conference_id,
            number=number,
            requested_by=who,
            received_on=received.isoformat(),
            text=body,
            made_at=stamp,
        )
        session.add(row)
        session.add(
            AuditEntry(
                conference_id=conference_id,
                at=stamp,
                actor=actor,
                action="correct",
                entity="record",
                entity_id=str(number),
                field="corrections",
                before=None,
                after=row.model_dump(exclude={"conference_id"}),
            )
        )
        session.commit()
    return number


def corrections_of(store: Store, conference_id: str) -> list[Correction]:
    """The record's corrections, numbered in order, with who asked for each by name."""
    with store.session() as session:
        people = {
            p.id: p
            for p in session.exec(
                select(Participant).where(Participant.conference_id == conference_id)
            ).all()
        }
        out = []
        for c in session.exec(
            select(RecordCorrection)
            .where(RecordCorrection.conference_id == conference_id)
            .order_by(col(RecordCorrection.number))
        ).all():
            person = people.get(c.requested_by)
            out.append(
                Correction(
                    number=c.number,
                    requested_by=c.requested_by,
                    requested_by_name=person.name if person else c.requested_by,
                    requested_by_family=bool(person and person.is_family),
                    received_on=c.received_on,
                    text=c.text,
                    made_at=c.made_at,
                )
            )
        return out
