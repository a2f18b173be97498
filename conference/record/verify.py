"""`sfconf verify`: recompute every seal and every audit chain, naming what changed outside sfconf."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from conference.errors import RefusedInput
from conference.exchange.interchange import export_from_session
from conference.exchange.seal import seal_of
from conference.record.audit_chain import check_chain
from conference.store.database import Store
from conference.store.model import Conference, ConferenceRecord


@dataclass(frozen=True)
class Verdict:
    """One conference's line: `ok`, `not sealed`, or what was changed (then `changed`)."""

    conference_id: str
    problems: tuple[str, ...]
    not_sealed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.problems)

    def line(self) -> str:
        if self.problems:
            what = "; ".join(self.problems)
        else:
            what = "not sealed" if self.not_sealed else "ok"
        return f"{self.conference_id}\t{what}"


def verify(store: Store, conference_id: str | None = None) -> list[Verdict]:
    """The verdict for one conference, or for every conference and audit trail in the store."""
    with store.session() as session:
        conn = session.connection()
        if conference_id is not None:
            known = conn.execute(
                text(
                    "SELECT 1 FROM conference WHERE id = :c UNION "
                    "SELECT 1 FROM audit_entry WHERE conference_id = :c"
                ),
                {"c": conference_id},
            ).first()
            if known is None:
                raise RefusedInput(f"no conference '{conference_id}' in the store")
            ids = [conference_id]
        else:
            ids = sorted(
                str(r[0])
                for r in conn.execute(
                    text(
                        "SELECT id FROM conference UNION SELECT conference_id FROM audit_entry "
                        "UNION SELECT conference_id FROM audit_anchor"
                    )
                )
            )
        verdicts = []
        for cid in ids:
            problems = list(check_chain(conn, cid).problems)
            conf = session.get(Conference, cid)
            has_trail = conn.execute(
                text("SELECT 1 FROM audit_link WHERE conference_id = :c LIMIT 1"), {"c": cid}
            ).first()
            if conf is not None and has_trail is None and not problems:
                problems.append("its audit trail was deleted")
            record = session.get(ConferenceRecord, cid)
            approved = conn.execute(
                text(
                    "SELECT 1 FROM audit_entry WHERE conference_id = :c "
                    "AND action = 'approve' LIMIT 1"
                ),
                {"c": cid},
            ).first()
            not_sealed = False
            if conf is not None and record is not None:
                if conf.status != "finalised":
                    problems.append(
                        f"the finalised record's status was moved back to {conf.status}"
                    )
                elif seal_of(export_from_session(session, cid)) != record.seal:
                    problems.append("the finalised record's content was changed")
            elif conf is not None and approved is not None:
                problems.append("the approved record's seal was removed")
            elif conf is not None and conf.status == "finalised":
                not_sealed = True
            verdicts.append(Verdict(cid, tuple(problems), not_sealed))
        return verdicts
