"""Where each conference's record stands after the meeting, for the home list."""

from __future__ import annotations

from sqlmodel import select

from conference.exchange.interchange import conference_or_refuse, now_text
from conference.record.tables import RecordMark
from conference.store.database import Store
from conference.store.model import AuditEntry, Conference, RecordCorrection

STATES = ("planned", "in the meeting", "draft", "with the chair", "final", "corrections")


def record_states(store: Store) -> dict[str, str]:
    """Each conference's record state: planned, in the meeting, draft, with the chair, final, corrections."""
    with store.session() as session:
        with_chair = {
            m.conference_id
            for m in session.exec(
                select(RecordMark).where(RecordMark.what == "sent_to_chair")
            ).all()
        }
        corrected = set(session.exec(select(RecordCorrection.conference_id)).all())
        out = {}
        for c in session.exec(select(Conference)).all():
            if c.status == "planned":
                out[c.id] = "planned"
            elif c.status == "in_progress":
                out[c.id] = "in the meeting"
            elif c.status == "ended":
                out[c.id] = "with the chair" if c.id in with_chair else "draft"
            else:
                out[c.id] = "corrections" if c.id in corrected else "final"
        return out


def send_to_chair(store: Store, cid: str, actor: str) -> None:
    """The minute-taker hands the draft record to the chair for approval."""
    store.require_writable()
    with store.session() as session:
        conference_or_refuse(session, cid)
        stamp = now_text()
        if session.get(RecordMark, (cid, "sent_to_chair")) is None:
            session.add(
                RecordMark(
                    conference_id=cid, what="sent_to_chair", done_on=stamp[:10], done_by=actor
                )
            )
        session.add(
            AuditEntry(
                conference_id=cid,
                at=stamp,
                actor=actor,
                action="send to chair",
                entity="record",
                entity_id=cid,
            )
        )
        session.commit()
