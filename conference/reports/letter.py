"""The chair's outcome letter to the family, the day after: one page in plain words if it can be."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from conference.exchange.interchange import export_document
from conference.family_filter import family_view, resolve_family_member
from conference.reports.family_copy import decision_in_words
from conference.reports.pdf_common import (
    StoryWriter,
    Styles,
    build_pdf,
    date_in_words,
    datetime_in_words,
    make_styles,
    markup,
)
from conference.store.database import Store

Doc = dict[str, Any]
BODY_SIZES = (11.0, 10.5, 10.0)


def _and_list(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


class _Letter(StoryWriter):
    """The letter's story from the filtered document; every user text goes through `_t`."""

    def __init__(self, view: Doc, styles: Styles, for_name: str | None, council: Any) -> None:
        from conference.language.plain_language import write_out

        super().__init__(styles)
        self.view = view
        self.for_name = for_name
        self.council = council
        self._write_out = write_out
        self.people = {p["id"]: p for p in view.get("participants", [])}
        self.children = {c["id"]: c for c in view.get("children", [])}
        self.right = ParagraphStyle("Right", parent=styles.body, alignment=TA_RIGHT, spaceAfter=0)

    def _t(self, text: str | None) -> str:
        return markup(self._write_out(text)) if text else ""

    def child_name(self, cid: str) -> str:
        c = self.children.get(cid)
        if not c:
            return "your child"
        # A letter to the family calls a child by the name the family uses.
        return str(c.get("known_as") or str(c["name"]).split()[0])

    def when(self, value: str | None) -> str:
        """A date, or a date and time, in words."""
        return datetime_in_words(value) if value and "T" in value else date_in_words(value)

    def letterhead(self) -> None:
        c = self.council
        address = ", ".join(p.strip() for p in c.contact_address.split(",")[1:] if p.strip())
        lines = [
            f"<b>{self._t(c.organisation)}</b>",
            self._t(c.contact_team),
            self._t(address),
            self._t(" \u00b7 ".join(x for x in (c.contact_phone, c.contact_email) if x)),
        ]
        self.story.append(Paragraph("<br/>".join(x for x in lines if x), self.right))
        self.story.append(Spacer(1, self.s.base_size * 0.6))
        today = date_in_words(dt.date.today(), weekday=False)
        self.story.append(Paragraph(markup(today), self.s.body))

    def greeting(self) -> None:
        if self.for_name:
            names = [self.for_name]
        else:
            names = [
                str(p["name"])
                for p in self.view.get("participants", [])
                if p.get("is_family") and p.get("attendance") != "excluded"
            ]
        names = [n.split()[0] for n in names if n.split()]  # a letter to a family: first names
        self.p(self._t(f"Dear {_and_list(names) or 'family'},"))
        conf = self.view["conference"]
        kids = _and_list([self.child_name(c["id"]) for c in self.view.get("children", [])])
        when = date_in_words(conf.get("starts_at"))
        about = f" about {kids}" if kids else ""
        self.p(
            self._t(
                f"Thank you for coming to the meeting{about} on {when}. "
                "This letter tells you what we decided and what happens next."
            )
        )

    def decisions(self) -> None:
        decisions = self.view.get("decisions", [])
        if not decisions:
            return
        self.h2(markup("What we decided"))
        for d in decisions:
            words = decision_in_words(
                self.child_name(d["child"]), d["outcome"], list(d.get("categories", []))
            )
            self.bullet(self._t(words))

    def plan(self) -> None:
        steps = [s for s in self.view.get("next_steps", []) if s.get("status", "open") == "open"]
        if not steps:
            return
        self.h2(markup("Who will do what"))
        for s in steps:
            who = s.get("owner") or str(
                self.people.get(s.get("owner_participant") or "", {}).get("name", "")
            )
            by = f" By {self.when(s['due'])}." if s.get("due") else ""
            action = str(s["action"]).rstrip(".")
            text = f"{who}: {action}.{by}" if who else f"{action}.{by}"
            self.bullet(self._t(text))

    def next_meetings(self) -> None:
        first = self.when(self.view.get("core_group_first_meeting"))
        review = self.when(self.view.get("review_conference"))
        self.h2(markup("What happens next"))
        if first:
            self.p(
                self._t(
                    f"The core group will first meet on {first}. It is the small group, "
                    "with you in it, who carry out the plan."
                )
            )
        if review:
            self.p(
                self._t(
                    f"The next meeting is on {review}. We will look at how the plan is going. "
                    "You will get the full notes of this meeting soon."
                )
            )
        if not first and not review:
            self.p(self._t("We will tell you the dates of the next meetings soon."))

    def disagree(self) -> None:
        c = self.council
        self.h2(markup("If you do not agree"))
        if c.how_to_disagree:
            self.p(self._t(c.how_to_disagree))
        if c.how_to_complain:
            self.p(self._t(c.how_to_complain))

    def close(self) -> None:
        c = self.council
        self.p(self._t(f"If you have a question, phone us on {c.contact_phone}."))
        chair = str(self.view["conference"].get("chair") or "")
        self.p(
            f"{markup('Yours sincerely,')}<br/>{self._t(chair)}<br/>{markup('Chair of the meeting')}"
        )

    def build(self) -> list[Flowable]:
        self.letterhead()
        self.greeting()
        self.decisions()
        self.plan()
        self.next_meetings()
        self.disagree()
        self.close()
        return self.story


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", pdf))


def letter_pdf(view: Doc, *, for_name: str | None = None) -> bytes:
    """The letter from an already-filtered document (the output of `family_view`).

    One page if it can be: a long plan is set a little smaller, never below 10 pt.
    """
    from conference.council import load_council_settings

    council = load_council_settings()
    org = markup(council.organisation)

    def footer(number: int, total: int) -> tuple[str, str]:
        return org, f"Page {number} of {total}"

    pdf = b""
    for size in BODY_SIZES:
        styles = make_styles(size)
        story = _Letter(view, styles, for_name, council).build()
        pdf = build_pdf(
            story,
            title="What the meeting decided",
            author=council.organisation,
            subject="The chair's letter to the family after the child protection meeting",
            footer=footer,
            footer_style=styles.footer,
            footer_lines=1,
        )
        if _pages(pdf) == 1:
            return pdf
    return pdf


def write_letter(store: Store, cid: str, for_participant: str | None = None) -> bytes:
    """The outcome letter as PDF bytes: to the family, or to one family member (`for_participant`)."""
    doc = export_document(store, cid)
    member = resolve_family_member(doc, for_participant) if for_participant is not None else None
    view = family_view(doc, member)
    del doc  # from here on only the filtered view: nothing kept back can reach the page
    for_name = None
    if member is not None:
        for_name = next(str(p["name"]) for p in view["participants"] if p["id"] == member)
    return letter_pdf(view, for_name=for_name)
