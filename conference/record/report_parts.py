"""What the reports print about the record: the approval line, the seal and audit head, the addenda.

The minutes and the family copy each call these from one line, so the report files stay
their owners'. Nothing here reads a kept-back text: the addenda of a filtered copy are
only the reader's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer

from conference.reports.pdf_common import Styles, date_in_words, heading, markup
from conference.store.database import Store

Doc = dict[str, Any]
AUDIT_HEAD_KEY = "_audit_head"  # only in the document handed to a report, never exported


def with_record(store: Store, cid: str, doc: Doc, *, for_participant: str | None = None) -> Doc:
    """The document with its `record` (and the audit head) for printing.

    `for_participant`: a family member's copy, with only the corrections they asked for.
    """
    import copy

    from conference.record.audit_chain import chain_head

    # The export already carries `record` (version 2); only the audit head is read here.
    record = copy.deepcopy(doc.get("record"))
    with store.session() as session:
        head = chain_head(session.connection(), cid)
    out = dict(doc)
    if record is not None and for_participant is not None:
        record["corrections"] = [
            c for c in record["corrections"] if c["requested_by"] == for_participant
        ]
    out["record"] = record
    out[AUDIT_HEAD_KEY] = head
    return out


def _approved_words(doc: Doc) -> str:
    record = doc.get("record")
    if not isinstance(record, dict):
        return ""
    day = date_in_words(str(record.get("sealed_at", ""))[:10])
    return f"Final record, approved by {record.get('approved_by', '')} on {day}."


def approval_lines(doc: Doc, styles: Styles) -> list[Flowable]:
    """ "Final record, approved by NAME on DATE", for the top of the minutes."""
    words = _approved_words(doc)
    return [Paragraph(f"<b>{markup(words)}</b>", styles.body)] if words else []


def record_footer(doc: Doc) -> str:
    """The footer's seal and audit head (first 12 characters each), as markup; "" if not sealed."""
    record = doc.get("record")
    if not isinstance(record, dict) or not record.get("seal"):
        return ""
    head = str(doc.get(AUDIT_HEAD_KEY) or "")
    text = f" \u00b7 Seal {str(record['seal'])[:12]}"
    if head:
        text += f" \u00b7 Audit {head[:12]}"
    return markup(text)


def _person(doc: Doc, who: str) -> str:
    for p in doc.get("participants", []):
        if p.get("id") == who:
            role = f" ({p['role']})" if p.get("role") else ""
            return f"{p['name']}{role}"
    return who


def addenda(doc: Doc, styles: Styles) -> list[Flowable]:
    """The corrections, numbered, after the sealed record (which they never change)."""
    record = doc.get("record")
    corrections = record.get("corrections", []) if isinstance(record, dict) else []
    if not corrections:
        return []
    out: list[Flowable] = list(
        heading(markup("Addenda: corrections to the sealed record"), styles.h1)
    )
    out.append(
        Paragraph(
            markup(
                "The record above is as the chair approved and sealed it. These corrections "
                "were added after it; they do not change it."
            ),
            styles.body,
        )
    )
    for c in corrections:
        asked = date_in_words(str(c.get("received_on", "")), weekday=False)
        made = date_in_words(str(c.get("made_at", ""))[:10], weekday=False)
        out.append(
            Paragraph(
                f"<b>{markup(f'Addendum {c["number"]}')}</b> "
                + markup(
                    f"requested by {_person(doc, str(c['requested_by']))}, received {asked}, made {made}."
                ),
                styles.body,
            )
        )
        out.append(Paragraph(markup(str(c.get("text", ""))), styles.indented))
    return out


def family_record_lines(
    view: Doc, styles: Styles, plain: Callable[[str], str], for_name: str | None = None
) -> list[Flowable]:
    """For the family copy: the approval line, and the reader's own corrections acknowledged.

    A copy for one family member (`for_name`) holds only their own corrections (`with_record`).
    """
    out: list[Flowable] = []
    words = _approved_words(view)
    if words:
        out.append(Spacer(1, styles.base_size * 0.6))
        out.append(Paragraph(f"<b>{plain(words)}</b>", styles.body))
    record = view.get("record")
    corrections = record.get("corrections", []) if isinstance(record, dict) else []
    for c in corrections:
        if for_name is None:
            continue
        asked = date_in_words(str(c.get("received_on", "")))
        made = date_in_words(str(c.get("made_at", ""))[:10])
        out.append(
            Paragraph(
                plain(
                    f"You asked us to correct the record on {asked}. We added what you said "
                    f"to the record on {made}. It is correction number {c['number']}."
                ),
                styles.body,
            )
        )
    return out
