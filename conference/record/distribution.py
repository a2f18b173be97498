"""Who gets what: each participant's copy of the record (full, partial or none) and when it was sent.

A professional gets the full record; a family member gets it without what is kept back
from them (the family filter for that person), "partial" when that leaves anything out.
The chair can set any line to `none` (or back); sending is recorded by `mark record_sent`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from conference.errors import RefusedInput
from conference.exchange.interchange import conference_or_refuse, export_document, now_text
from conference.family_filter import family_view
from conference.record.tables import RecordDistribution
from conference.store.database import Store
from conference.store.model import AuditEntry

COPY_KINDS = ("full", "partial", "none")
_CONTENT = ("items", "danger_statements", "safety_goals", "next_steps")


@dataclass(frozen=True)
class DistributionLine:
    """One participant's copy."""

    participant_id: str
    name: str
    is_family: bool
    copy_kind: str
    sent_on: str | None


def _leaves_out(doc: dict[str, Any], pid: str) -> bool:
    view = family_view(doc, for_participant=pid)
    for key in _CONTENT:
        if len(view.get(key, [])) != len(doc.get(key, [])):
            return True
    return any(ch.get("view_restricted") for ch in doc.get("children", []))


def default_copy(doc: dict[str, Any], participant: dict[str, Any]) -> str:
    """Full for a professional; partial for a family member from whom something is kept back."""
    if participant.get("is_family") and _leaves_out(doc, str(participant["id"])):
        return "partial"
    return "full"


def distribution(store: Store, cid: str) -> list[DistributionLine]:
    """The distribution list of one conference, in the order of its participants."""
    doc = export_document(store, cid)
    with store.session() as session:
        rows = {
            r.participant_id: r
            for r in session.exec(
                select(RecordDistribution).where(RecordDistribution.conference_id == cid)
            ).all()
        }
    out = []
    for p in doc.get("participants", []):
        row = rows.get(p["id"])
        kind = row.copy_kind if row is not None else default_copy(doc, p)
        if kind != "none" and default_copy(doc, p) == "partial":
            kind = "partial"  # a family member never gets more than the filter allows
        out.append(
            DistributionLine(
                p["id"], p["name"], bool(p["is_family"]), kind, row.sent_on if row else None
            )
        )
    return out


def set_copy(store: Store, cid: str, participant_id: str, copy_kind: str, actor: str) -> None:
    """Choose whether someone gets their copy (none, or what the filter gives them)."""
    if copy_kind not in COPY_KINDS:
        raise RefusedInput(f"copy: {copy_kind!r} is not one of {', '.join(COPY_KINDS)}")
    doc = export_document(store, cid)
    person = next((p for p in doc.get("participants", []) if p["id"] == participant_id), None)
    if person is None:
        raise RefusedInput(f"no participant '{participant_id}' in conference '{cid}'")
    with store.session() as session:
        conference_or_refuse(session, cid)
        row = session.get(RecordDistribution, (cid, participant_id))
        before = row.copy_kind if row is not None else default_copy(doc, person)
        if row is None:
            row = RecordDistribution(conference_id=cid, participant_id=participant_id)
        row.copy_kind = copy_kind
        session.add(row)
        session.add(
            AuditEntry(
                conference_id=cid,
                at=now_text(),
                actor=actor,
                action="distribute",
                entity="participant",
                entity_id=participant_id,
                field="copy",
                before=before,
                after=copy_kind,
            )
        )
        session.commit()


def minutes_for(store: Store, cid: str, who: str) -> bytes:
    """The minutes for one participant: a family member's leave out what is kept back from them."""
    from conference.reports.minutes import minutes_pdf

    doc = export_document(store, cid)
    wanted = " ".join(who.split()).casefold()
    person = next(
        (
            p
            for p in doc.get("participants", [])
            if p["id"] == who or " ".join(str(p["name"]).split()).casefold() == wanted
        ),
        None,
    )
    if person is None:
        raise RefusedInput(f"--for: no participant '{who}' in conference '{cid}'")
    from conference.record.report_parts import with_record

    if not person.get("is_family"):
        return minutes_pdf(with_record(store, cid, doc))
    pid = str(person["id"])
    view = with_record(store, cid, family_view(doc, for_participant=pid), for_participant=pid)
    del doc  # from here on only the filtered view: nothing kept back can reach the page
    return minutes_pdf(view)
