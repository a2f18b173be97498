"""The chair's approval: an ended conference becomes finalised and its record is sealed."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from conference.errors import RefusedInput
from conference.exchange.interchange import conference_or_refuse, export_from_session, now_text
from conference.exchange.seal import seal_of
from conference.store.database import Store
from conference.store.model import AuditEntry, ConferenceRecord, RecordCorrection


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def approve(store: Store, conference_id: str, by: str, actor: str) -> str:
    """The chair approves the record of an ended conference; returns the seal.

    Refused (RefusedInput) unless the conference is ended and `by` is its chair.
    Everything happens in one transaction: the status, the seal and the audit entry.
    """
    store.require_writable()
    with store.session() as session:
        conf = conference_or_refuse(session, conference_id)
        if conf.status != "ended":
            state = conf.status.replace("_", " ")
            raise RefusedInput(
                f"conference '{conference_id}' is {state}; only the record of an ended "
                "meeting can be approved"
            )
        if not by.strip() or not _same_person(by, conf.chair):
            raise RefusedInput(
                f"approve --by: '{by}' is not the chair of conference '{conference_id}' "
                f"(the chair is {conf.chair})"
            )
        conf.status = "finalised"
        session.add(conf)
        session.flush()
        seal = seal_of(export_from_session(session, conference_id))
        stamp = now_text()
        session.add(
            ConferenceRecord(
                conference_id=conference_id, sealed_at=stamp, approved_by=conf.chair, seal=seal
            )
        )
        session.add(
            AuditEntry(
                conference_id=conference_id,
                at=stamp,
                actor=actor,
                action="approve",
                entity="conference",
                entity_id=conference_id,
                field="status",
                before="ended",
                after={"status": "finalised", "approved_by": conf.chair, "seal": seal},
            )
        )
        session.commit()
    return seal


def record_of(session: Session, conference_id: str) -> dict[str, Any] | None:
    """The export's `record` (interchange version 2): seal, approval and corrections, or None."""
    rec = session.get(ConferenceRecord, conference_id)
    if rec is None:
        return None
    corrections = session.exec(
        select(RecordCorrection)
        .where(RecordCorrection.conference_id == conference_id)
        .order_by(col(RecordCorrection.number))
    ).all()
    return {
        "sealed_at": rec.sealed_at,
        "approved_by": rec.approved_by,
        "seal": rec.seal,
        "corrections": [
            {
                "number": c.number,
                "requested_by": c.requested_by,
                "received_on": c.received_on,
                "text": c.text,
                "made_at": c.made_at,
            }
            for c in corrections
        ],
    }


def record_for(store: Store, conference_id: str) -> dict[str, Any] | None:
    """`record_of` in its own session."""
    with store.session() as session:
        return record_of(session, conference_id)
