"""The family copy: the plan in plain words, built only from what the family filter lets through."""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import unescape

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from conference.exchange.interchange import export_document
from conference.family_filter import family_view, resolve_family_member
from conference.language.plain_language import contingency_text
from conference.record import report_parts as record_parts
from conference.reports.pdf_common import (
    MARGIN,
    StoryWriter,
    Styles,
    body_height,
    build_pdf,
    date_in_words,
    datetime_in_words,
    fit_widths,
    grid_table,
    make_styles,
    markup,
    split_long_rows,
)
from conference.reports.review_words import REVIEW_STATUS_WORDS
from conference.store.database import Store
from conference.templates import get_template

Doc = dict[str, Any]

BODY_SIZE = 12.5
LARGE_PRINT_SIZE = 16.5

WORRIES = "What we are worried about"
NEEDS_TO_HAPPEN = "What needs to happen"
WHO_DOES_WHAT = "Who will do what, and by when"
WHAT_NEXT = "What happens next"

DONE = "Already done"
SINCE_LAST_TIME = "Since the last meeting"

# How each attendance reads in "Who came" (seen_separately and remote are version 2 fields).
ATTENDANCE_WORDS = {
    "present": "",
    "part": "for part of the meeting",
    "apologies": "could not come",
    "absent": "did not come",
    "excluded": "was not at the meeting",
}
SEEN_SEPARATELY = "met the chair separately"
REMOTE = "by phone or video"
STEP_STATUS_WORDS = {
    "not_done": "Not done yet",
    "partly_done": "Partly done",
}

KIND_WORDS = {
    "initial": "first child protection meeting",
    "review": "review meeting",
    "transfer_in": "child protection meeting after moving here from another area",
    "pre_birth": "child protection meeting before the baby is born",
}

CATEGORY_WORDS = {
    "emotional_abuse": "emotional harm",
    "neglect": "neglect",
    "physical_abuse": "physical harm",
    "sexual_abuse": "sexual abuse",
}

CIN_WORDS = "This is a plan for a child who needs some extra help."


def _and_list(words: list[str]) -> str:
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def decision_in_words(child_name: str, outcome: str, categories: list[str]) -> str:
    """A decision for one child, as a family would say it."""
    worries = _and_list([CATEGORY_WORDS.get(c, c.replace("_", " ")) for c in categories])
    because = f" This is because of worries about {worries}." if worries else ""
    if outcome == "child_protection_plan":
        return f"{child_name} will have a child protection plan.{because}"
    if outcome == "child_in_need_plan":
        return (
            f"{child_name} will not have a child protection plan. "
            f"{child_name} will have a child in need plan. {CIN_WORDS}"
        )
    if outcome == "no_further_action":
        return (
            f"{child_name} will not have a child protection plan. "
            "Children's services do not need to stay involved."
        )
    if outcome == "plan_continues":
        return f"{_possessive(child_name)} child protection plan will carry on.{because}"
    if outcome == "plan_ends_child_in_need":
        return (
            f"{_possessive(child_name)} child protection plan will end. "
            f"{child_name} will have a child in need plan. {CIN_WORDS}"
        )
    if outcome == "plan_ends_no_further_action":
        return (
            f"{_possessive(child_name)} child protection plan will end. "
            "Children's services do not need to stay involved."
        )
    return f"Decision for {child_name}: {outcome.replace('_', ' ')}."


class _Writer(StoryWriter):
    """Builds the story from the filtered document; every user text goes through `_t`."""

    def __init__(self, view: Doc, styles: Styles, for_name: str | None) -> None:
        from conference.language.plain_language import family_words, load_glossary

        super().__init__(styles)
        self.view = view
        self.for_name = for_name
        self._glossary = load_glossary()
        self._family_words = family_words
        self.people = {p["id"]: p for p in view.get("participants", [])}
        self.children = {c["id"]: c for c in view.get("children", [])}

    # -- text helpers --
    def _t(self, text: str | None) -> str:
        """Plain words (acronyms written out), then safe markup."""
        if not text:
            return ""
        return markup(self._family_words(text, self._glossary))

    def h2(self, text: str) -> None:
        # Sub-headings come from templates a council writes: acronyms written out here too.
        super().h2(self._t(text))

    def person(self, pid: str | None) -> str:
        from conference.language.plain_language import strip_title

        p = self.people.get(pid or "")
        return strip_title(str(p["name"])) if p else ""

    def child_name(self, cid: str) -> str:
        c = self.children.get(cid)
        if not c:
            return ""
        return str(c.get("known_as") or c["name"])

    def family_view_line(self, fv: dict[str, Any] | None) -> str:
        """The family's view as recorded: their comment when there is one, never summed up.

        "The family agree." only where they agreed and nobody said more; a comment is
        printed as it was written (one parent may agree only in part).
        """
        if not fv:
            return ""
        agrees = fv.get("agrees")
        comment = (fv.get("comment") or "").strip()
        if comment:
            lead = "The family do not agree. " if agrees is False else ""
            return f"<b>What the family said:</b> {markup(lead)}{self._t(comment)}"
        if agrees is True:
            return "<b>What the family said:</b> " + markup("The family agree.")
        if agrees is False:
            return "<b>What the family said:</b> " + markup("The family do not agree.")
        return ""

    # -- sections --
    def title(self) -> None:
        conf = self.view["conference"]
        family = conf.get("family_name") or "your family"
        self.story.append(Paragraph(self._t(f"Your plan: {family}"), self.s.title))
        kind = KIND_WORDS.get(conf.get("kind", ""), "child protection meeting")
        when = datetime_in_words(conf.get("starts_at"))
        line = f"This is the plan from the {kind} on {when}."
        if conf.get("venue"):
            line += f" We met at {conf['venue']}."
        self.story.append(Paragraph(self._t(line), self.s.subtitle))
        if self.for_name:
            self.p(self._t(f"This copy is for {self.for_name}."))
        chair = conf.get("chair") or ""
        ask = (
            f"tell {chair} or your social worker. {chair} chaired the meeting."
            if chair
            else ("tell the chair or your social worker.")
        )
        self.p(
            self._t(
                "We made this plan together at the meeting. Please keep it safe. "
                f"If something is wrong or you do not understand it, please {ask}"
            )
        )
        self.key_dates()

    def key_dates(self) -> None:
        """The dates and the name a family most needs, in a box on the first page."""
        view = self.view
        rows = []
        review = datetime_in_words(view.get("review_conference"))
        if review:
            rows.append(("The next meeting", markup(review)))
        first = datetime_in_words(view.get("core_group_first_meeting"))
        if first:
            rows.append(("The core group first meets", markup(first)))
        lead = self.person(view["conference"].get("lead_social_worker"))
        if lead:
            rows.append(("Your social worker", self._t(lead)))
        chair = view["conference"].get("chair")
        if chair:
            rows.append(("The chair of the meeting", self._t(chair)))
        if not rows:
            return
        s = self.s
        data = [[Paragraph(f"<b>{markup(k)}</b>", s.cell), Paragraph(v, s.cell)] for k, v in rows]
        widths = fit_widths(data, [self.width * 0.45, self.width * 0.55])
        data = split_long_rows(data, widths)
        table = Table(data, colWidths=widths)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#123A5E")),
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#EEF3F8")),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        self.story.append(Spacer(1, s.base_size * 0.3))
        self.story.append(table)
        self.story.append(Spacer(1, s.base_size * 0.3))

    def why(self) -> None:
        reason = self.view["conference"].get("reason")
        self.h1("Why we met")
        self.p(self._t(reason) or markup("To talk about how to keep the children safe."))

    def who_came(self) -> None:
        """Everyone, worded for how they took part; the chair named first."""
        people = self.view.get("participants", [])
        came: list[str] = []
        away: list[str] = []
        for p in people:
            kind = p.get("attendance") or "present"
            name = f"{self.person(p['id'])}, {p.get('role') or ''}".rstrip(", ")
            notes = []
            if kind == "part":
                notes.append(ATTENDANCE_WORDS["part"])
            if p.get("remote") and kind in ("present", "part"):
                notes.append(REMOTE)
            if p.get("seen_separately"):
                notes.append(SEEN_SEPARATELY)
            elif kind in ("apologies", "absent", "excluded"):
                notes.append(ATTENDANCE_WORDS[kind])
            line = name + (f" ({'; '.join(notes)})" if notes else "")
            (came if kind in ("present", "part") else away).append(line)
        chair = self.view["conference"].get("chair")
        if not came and not away and not chair:
            return
        self.h1("Who came")
        if chair:
            self.p(self._t(f"{chair} chaired the meeting."))
        for line in came:
            self.bullet(self._t(line))
        if away:
            self.story.append(
                Paragraph(markup("These people were not in the meeting:"), self.s.lead)
            )
            for line in away:
                self.bullet(self._t(line))

    def children_views(self) -> None:
        said = [c for c in self.view.get("children", []) if (c.get("view") or "").strip()]
        if not said:
            return
        self.h1("What the children told us")
        for c in said:
            self.p(f"<b>{self._t(self.child_name(c['id']))}:</b> {self._t(c['view'])}")

    def section_items(self, key: str) -> list[dict[str, Any]]:
        return [i for i in self.view.get("items", []) if i.get("section") == key]

    def sections(self) -> None:
        """Each template section under its own plain heading, in the template's order.

        An empty section is left out. The worries (danger statements) go under the section
        whose heading is "What we are worried about" where the template has one, else after
        the sections under their own heading.
        """
        worries_done = False
        for section in self.template.sections:
            items = self.section_items(section.key)
            merge = section.plain_label.strip().casefold() == WORRIES.casefold()
            if merge:
                worries_done = True
                if items or self.view.get("danger_statements"):
                    self.h1(WORRIES)
                    for i in items:
                        self.bullet(self._t(i["text"]))
                    self.worry_statements()
                continue
            if not items:
                continue
            self.h1(self._t(section.plain_label), made=True)
            for i in items:
                self.bullet(self._t(i["text"]))
        if not worries_done and self.view.get("danger_statements"):
            self.h1(WORRIES)
            self.worry_statements()

    def h1(self, text: str, *, made: bool = False) -> None:
        """A main heading: plain text, or already-made markup with `made`."""
        if made:
            from conference.reports.pdf_common import heading

            self.story.extend(heading(text, self.s.h1))
        else:
            super().h1(text)

    def worry_statements(self) -> None:
        statements = self.view.get("danger_statements", [])
        if not statements:
            return
        for n, d in enumerate(statements, start=1):
            self.h2(f"Worry {n}")
            block: list[Flowable] = [Paragraph(self._t(d["text"]), self.s.body)]
            line = self.family_view_line(d.get("family_view"))
            if line:
                block.append(Paragraph(line, self.s.body))
            again = REVIEW_STATUS_WORDS.get(d.get("review_status") or "")
            if again:  # a review looked at this worry again
                block.append(Paragraph(f"<b>This time:</b> {markup(again)}", self.s.body))
            self.story.append(KeepTogether(block))

    def since_last_time(self) -> None:
        """A review: what was done since last time, what is still to do, how the scores moved."""
        from conference.reports import review_words as rw

        if not rw.is_review(self.view):
            return
        self.h1(SINCE_LAST_TIME)
        done = rw.done_since_last_time(self.view)
        to_do = rw.still_to_do(self.view)
        if done:
            self.h2("What has been done")
            for step in done:
                self.bullet(f"<b>{self._t(self.owner(step))}:</b> {self._t(step['action'])}")
        if to_do:
            self.h2("What is still to do")
            for step in to_do:
                state = " (partly done)" if step.get("status") == "partly_done" else ""
                self.bullet(
                    f"<b>{self._t(self.owner(step))}:</b> {self._t(step['action'])}" + markup(state)
                )
        if not done and not to_do:
            self.p(markup("There were no steps in the last plan to look at."))
        trend = rw.trend_sentences(self.view)
        if trend:
            self.h2("How the scores moved")
            self.p(markup(" ".join(trend)))

    def needs_to_happen(self) -> None:
        if not self.view.get("safety_goals"):
            return
        self.h1(NEEDS_TO_HAPPEN)
        self.p(markup("This is what we need to see to know the children are safe."))
        numbers = {d["id"]: n for n, d in enumerate(self.view.get("danger_statements", []), 1)}
        for g in self.view.get("safety_goals", []):
            n = numbers.get(g.get("danger_statement") or "")
            if n:
                self.h2(f"For worry {n}")
            block: list[Flowable] = [Paragraph(self._t(g["text"]), self.s.body)]
            if g.get("how_long"):
                block.append(Paragraph(f"<b>How long:</b> {self._t(g['how_long'])}", self.s.body))
            line = self.family_view_line(g.get("family_view"))
            if line:
                block.append(Paragraph(line, self.s.body))
            self.story.append(KeepTogether(block))

    def who_does_what(self) -> None:
        """The plan as it stands: dropped steps left out, done ones listed as done."""
        steps = [st for st in self.view.get("next_steps", []) if st.get("status") != "dropped"]
        to_do = [st for st in steps if st.get("status") != "done"]
        done = [st for st in steps if st.get("status") == "done"]
        if not steps:
            return
        self.h1(WHO_DOES_WHAT)
        s = self.s
        if to_do:
            rows: list[list[Any]] = [
                [
                    Paragraph("Who", s.cell_head),
                    Paragraph("What", s.cell_head),
                    Paragraph("By when", s.cell_head),
                ]
            ]
            for step in to_do:
                due = date_in_words(step.get("due")) or "No date yet"
                state = STEP_STATUS_WORDS.get(step.get("status") or "")
                when = f"{state}. It was due by {due}." if state and step.get("due") else due
                if state and not step.get("due"):
                    when = f"{state}."
                what = self._t(step["action"])
                line = self.family_view_line(step.get("family_view"))
                if line:
                    what += "<br/>" + line
                rows.append(
                    [
                        Paragraph(self._t(self.owner(step)), s.cell),
                        Paragraph(what, s.cell),
                        Paragraph(markup(when), s.cell),
                    ]
                )
            width = self.width
            table = grid_table(
                rows, [width * 0.26, width * 0.48, width * 0.26], pad=6, page_room=self.room
            )
            self.story.append(table)
            self.story.append(Spacer(1, self.s.base_size * 0.6))
        if done and self.view["conference"].get("kind") != "review":
            # (A review says what was done in "Since the last meeting".)
            self.h2(DONE)
            for step in done:
                self.bullet(
                    f"<b>{self._t(self.owner(step))}:</b> {self._t(step['action'])}"
                    + markup(" (done)")
                )

    def owner(self, step: dict[str, Any]) -> str:
        return str(
            step.get("owner") or self.person(step.get("owner_participant")) or "Not decided yet"
        )

    def what_next(self) -> None:
        view = self.view
        conf = view["conference"]
        self.h1(WHAT_NEXT)
        decisions = view.get("decisions", [])
        if decisions:
            self.h2("What we decided for each child")
        for dec in decisions:
            name = self.child_name(dec["child"])
            words = decision_in_words(name, dec["outcome"], dec.get("categories") or [])
            block: list[Flowable] = [Paragraph(f"<b>{self._t(words)}</b>", self.s.body)]
            if dec.get("rationale"):
                block.append(Paragraph(f"<b>Why:</b> {self._t(dec['rationale'])}", self.s.indented))
            for d in dec.get("dissent") or []:
                who = self.person(d.get("participant")) or "Someone"
                block.append(
                    Paragraph(
                        f"<b>{self._t(who)} did not agree:</b> {self._t(d.get('reason'))}",
                        self.s.indented,
                    )
                )
            self.story.append(KeepTogether(block))
        if any(d["outcome"] in ("child_protection_plan", "plan_continues") for d in decisions):
            self.p(
                markup(
                    "A child protection plan is a written plan to keep a child safe. "
                    "It says who will do what."
                )
            )

        lead = self.person(conf.get("lead_social_worker"))
        if lead:
            self.p(self._t(f"Your social worker is {lead}."))

        core = [p for p in view.get("participants", []) if p.get("core_group")]
        first = datetime_in_words(view.get("core_group_first_meeting"))
        if core or first:
            self.h2("The core group")
            self.p(
                markup("The core group is the small group, including you, who carry out the plan.")
            )
            if core:
                self.story.append(Paragraph(markup("The people in it are:"), self.s.lead))
                for p in core:
                    self.bullet(self._t(f"{self.person(p['id'])}, {p['role']}"))
            if first:
                self.p(f"<b>It will first meet on {markup(first)}.</b>")

        review = datetime_in_words(view.get("review_conference"))
        self.h2("The next meeting")
        if review:
            self.p(
                f"<b>The next meeting is on {markup(review)}.</b> "
                + markup("We will look at how the plan is going.")
            )
        else:
            self.p(
                markup(
                    "We have not set a date for the next meeting yet. We will tell you when it is."
                )
            )

        contingency = view.get("contingency")
        text = contingency_text(contingency)
        if text and not (isinstance(contingency, dict) and contingency.get("restricted")):
            self.h2("If the plan does not work")
            self.p(self._t(text))

    def scaling(self) -> None:
        sc = self.view.get("scaling") or {}
        scores = sc.get("scores") or []
        if not scores:
            return
        s = self.s
        self.h1("How safe are the children? (0 to 10)")
        if sc.get("question"):
            self.p(self._t(sc["question"]))
        if sc.get("zero_means"):
            self.bullet(f"<b>0 means:</b> {self._t(sc['zero_means'])}")
        if sc.get("ten_means"):
            self.bullet(f"<b>10 means:</b> {self._t(sc['ten_means'])}")
        numbers = {d["id"]: n for n, d in enumerate(self.view.get("danger_statements", []), 1)}
        show_about = any(x.get("child") or x.get("danger_statement") for x in scores)
        head = ["Who", "Score", "Why"] + (["About"] if show_about else [])
        rows: list[list[Any]] = [[Paragraph(h, s.cell_head) for h in head]]
        for x in scores:
            row = [
                Paragraph(self._t(self.person(x.get("participant")) or "Someone"), s.cell),
                Paragraph(markup(str(x.get("score", ""))), s.cell),
                Paragraph(self._t(x.get("reason") or ""), s.cell),
            ]
            if show_about:
                about = []
                if x.get("child"):
                    about.append(self.child_name(x["child"]))
                n = numbers.get(x.get("danger_statement") or "")
                about.append(f"worry {n}" if n else "all the worries")
                row.append(Paragraph(self._t(", ".join(about)), s.cell))
            rows.append(row)
        w = self.width
        widths = (
            [w * 0.3, w * 0.14, w * 0.56]
            if not show_about
            else [w * 0.25, w * 0.12, w * 0.4, w * 0.23]
        )
        table = grid_table(rows, widths, page_room=self.room)
        self.story.append(table)
        self.story.append(Spacer(1, self.s.base_size * 0.6))

    def contact(self, council: Any) -> None:
        self.h1("Who to contact")
        self.p(
            self._t(f"If you have a question about this plan, contact the {council.contact_team}.")
        )
        for label, value in (
            ("Phone", council.contact_phone),
            ("Email", council.contact_email),
            ("Write to", council.contact_address),
        ):
            if value:
                self.bullet(f"<b>{label}:</b> {self._t(value)}")
        lead = self.person(self.view["conference"].get("lead_social_worker"))
        if lead:
            self.p(self._t(f"You can also talk to your social worker, {lead}."))

    def disagree(self, council: Any) -> None:
        self.h1("If you disagree or want to complain")
        chair = self.view["conference"].get("chair")
        if chair:
            self.p(self._t(f"The chair of the meeting was {chair}."))
        if council.how_to_disagree:
            self.p(self._t(council.how_to_disagree))
        if council.how_to_complain:
            self.p(self._t(council.how_to_complain))

    # -- whole document --
    def build(self, council: Any, width: float, room: float = 600.0) -> list[Flowable]:
        self.width = width
        self.room = room
        self.template = get_template(
            self.view["conference"].get("template") or "strengthening-families"
        )
        self.title()
        self.story.extend(
            record_parts.family_record_lines(self.view, self.s, self._t, self.for_name)
        )
        self.why()
        self.who_came()
        self.children_views()
        self.since_last_time()
        self.sections()
        self.needs_to_happen()
        self.who_does_what()
        self.what_next()
        self.scaling()
        self.contact(council)
        self.disagree(council)
        return self.story


def family_copy_pdf(view: Doc, *, for_name: str | None = None, large_print: bool = False) -> bytes:
    """The family copy from an already-filtered document (the output of `family_view`)."""
    from conference.council import load_council_settings
    from conference.reports.pdf_common import PAGE_SIZE

    size = LARGE_PRINT_SIZE if large_print else BODY_SIZE
    council = load_council_settings()

    def story(tight: float) -> tuple[list[Flowable], Styles, _Writer]:
        styles = make_styles(size, tight=tight)
        writer = _Writer(view, styles, for_name)
        room = body_height(styles.footer)
        return writer.build(council, PAGE_SIZE[0] - 2 * MARGIN, room), styles, writer

    flowables, styles, writer = story(1.0)
    family = str(view["conference"].get("family_name") or "")
    family_markup = writer._t(family)

    def footer(number: int, total: int) -> tuple[str, str]:
        return f"Your plan: {family_markup}", f"Page {number} of {total}"

    return build_pdf(
        flowables,
        title=f"Your plan: {family}",
        author=council.organisation,
        subject="Family copy of the child protection meeting plan",
        footer=footer,
        footer_style=styles.footer,
        tighter=[lambda: story(0.75)[0], lambda: story(0.5)[0]],
    )


def write_family_copy(
    store: Store, cid: str, *, for_participant: str | None = None, large_print: bool = False
) -> bytes:
    """The family copy as PDF bytes: the general copy, or one family member's (`for_participant`)."""
    doc = export_document(store, cid)
    member = resolve_family_member(doc, for_participant) if for_participant is not None else None
    # From here on only the filtered view is used: nothing kept back can reach the page.
    view = record_parts.with_record(store, cid, family_view(doc, member), for_participant=member)
    del doc
    for_name: str | None = None
    if member is not None:
        for_name = next(str(p["name"]) for p in view["participants"] if p["id"] == member)
    return family_copy_pdf(view, for_name=for_name, large_print=large_print)


def _plain_texts(flowables: list[Any]) -> list[str]:
    """The printed words of body paragraphs and table cells (headings and table heads left out)."""
    from reportlab.platypus import KeepTogether

    from conference.reports.pdf_common import HEADING_STYLES, paragraph_text

    out: list[str] = []
    for f in flowables:
        if isinstance(f, Paragraph):
            if f.style.name not in HEADING_STYLES and f.style.name != "CellHead":
                # A line break inside a paragraph ends a sentence for the reader too.
                if isinstance(f.text, str):
                    text = unescape(re.sub(r"<[^>]*>", "", f.text.replace("<br/>", ". ")))
                else:  # a part of a paragraph split over table rows
                    text = paragraph_text(f)
                out.append(text)
        elif isinstance(f, KeepTogether):
            out += _plain_texts(list(getattr(f, "_content", [])))
        elif isinstance(f, Table):
            for row in f._cellvalues:
                out += _plain_texts([c for c in row if isinstance(c, Paragraph)])
    return out


def body_text(view: Doc) -> str:
    """The family copy's body text as it prints, for reading ease: no headings, no footers.

    Each paragraph, bullet and table cell is one sentence at least (a bullet without a full
    stop does not run on into the next).
    """
    from conference.council import load_council_settings
    from conference.reports.pdf_common import PAGE_SIZE

    styles = make_styles(BODY_SIZE)
    writer = _Writer(view, styles, None)
    story = writer.build(load_council_settings(), PAGE_SIZE[0] - 2 * MARGIN)
    sentences = []
    for text in _plain_texts(story):
        text = " ".join(text.split())
        if not text:
            continue
        sentences.append(text if text[-1] in ".!?:" else text + ".")
    return " ".join(sentences)
