""" "As agreed in the room": what was on the record when the meeting ended, kept unedited."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from conference.exchange.interchange import conference_or_refuse, export_from_session
from conference.record.tables import RecordSnapshot
from conference.store.database import Store

Doc = dict[str, Any]


def meeting_ended(session: Session, conference_id: str, at: str) -> None:
    """Called as the meeting ends: set `ended_at` and keep the room's snapshot.

    Ending again after an undone End (the meeting went on) takes a fresh snapshot: the
    room agreed again. Nothing else ever writes a snapshot.
    """
    conf = conference_or_refuse(session, conference_id)
    conf.ended_at = at
    session.add(conf)
    session.flush()
    doc = export_from_session(session, conference_id)
    existing = session.get(RecordSnapshot, conference_id)
    if existing is None:
        session.add(RecordSnapshot(conference_id=conference_id, taken_at=at, document=doc))
    else:
        existing.taken_at = at
        existing.document = doc
        session.add(existing)


def room_snapshot(store: Store, conference_id: str) -> Doc | None:
    """The document as it stood when the meeting ended, or None when there is none."""
    with store.session() as session:
        snap = session.get(RecordSnapshot, conference_id)
        return dict(snap.document) if snap is not None else None


def snapshot_time(store: Store, conference_id: str) -> str | None:
    """When the room's snapshot was taken."""
    with store.session() as session:
        snap = session.get(RecordSnapshot, conference_id)
        return snap.taken_at if snap is not None else None
