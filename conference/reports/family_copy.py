"""The family copy: the plan in plain words, built only from what the family filter lets through."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from conference.exchange.interchange import export_document
from conference.family_filter import family_view, resolve_family_member
from conference.reports.pdf_common import (
    StoryWriter,
    Styles,
    build_pdf,
    date_in_words,
    datetime_in_words,
    grid_table,
    make_styles,
    markup,
)
from conference.store.database import Store
from conference.templates import get_template

Doc = dict[str, Any]

BODY_SIZE = 12.5
LARGE_PRINT_SIZE = 16.5

WORRIES = "What we are worried about"
GOING_WELL = "What is going well"
ALREADY_SAFE = "What is already keeping the children safe"
NOT_KNOWN = "What we don't know yet"
NEEDS_TO_HAPPEN = "What needs to happen"
WHO_DOES_WHAT = "Who will do what, and by when"
WHAT_NEXT = "What happens next"
FAMILY_SAID = "What the family said"

# Which of the plain headings a template section's items go under. Sections a council adds
# get their own heading (their plain label), after "What we don't know yet".
_SECTION_HEADING = {
    "harm": WORRIES,
    "complicating_factors": WORRIES,
    "worries": WORRIES,
    "strengths": GOING_WELL,
    "working_well": GOING_WELL,
    "existing_safety": ALREADY_SAFE,
    "grey_areas": NOT_KNOWN,
    "family_views": FAMILY_SAID,
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
        from conference.language.plain_language import write_out

        super().__init__(styles)
        self.view = view
        self.for_name = for_name
        self._write_out = write_out
        self.people = {p["id"]: p for p in view.get("participants", [])}
        self.children = {c["id"]: c for c in view.get("children", [])}

    # -- text helpers --
    def _t(self, text: str | None) -> str:
        """Plain words (acronyms written out), then safe markup."""
        if not text:
            return ""
        return markup(self._write_out(text))

    def h2(self, text: str) -> None:
        # Sub-headings come from templates a council writes: acronyms written out here too.
        super().h2(self._t(text))

    def person(self, pid: str | None) -> str:
        p = self.people.get(pid or "")
        return str(p["name"]) if p else ""

    def child_name(self, cid: str) -> str:
        c = self.children.get(cid)
        if not c:
            return ""
        return str(c.get("known_as") or c["name"])

    def family_view_line(self, fv: dict[str, Any] | None) -> str:
        if not fv:
            return ""
        agrees = fv.get("agrees")
        comment = fv.get("comment") or ""
        lead = (
            "The family agree."
            if agrees is True
            else "The family do not agree."
            if agrees is False
            else ""
        )
        if not lead and not comment:
            return ""
        parts = [markup(lead)] if lead else []
        if comment:
            parts.append(self._t(comment))
        return "<b>What the family said:</b> " + " ".join(parts)

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
        self.p(
            markup(
                "We made this plan together at the meeting. Please keep it safe. "
                "If something is wrong, or you do not understand it, please tell us."
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
        if not rows:
            return
        s = self.s
        data = [[Paragraph(f"<b>{markup(k)}</b>", s.cell), Paragraph(v, s.cell)] for k, v in rows]
        table = Table(data, colWidths=[self.width * 0.45, self.width * 0.55])
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
        came = [
            p
            for p in self.view.get("participants", [])
            if p.get("attendance") in ("present", "part")
        ]
        away = [
            p
            for p in self.view.get("participants", [])
            if p.get("attendance") in ("apologies", "absent", "excluded")
        ]
        self.h1("Who came")
        for p in came:
            self.bullet(self._t(f"{p['name']}, {p['role']}"))
        if away:
            self.story.append(Paragraph(markup("These people could not be there:"), self.s.lead))
            for p in away:
                self.bullet(self._t(f"{p['name']}, {p['role']}"))

    def children_views(self) -> None:
        said = [c for c in self.view.get("children", []) if (c.get("view") or "").strip()]
        if not said:
            return
        self.h1("What the children told us")
        for c in said:
            self.p(f"<b>{self._t(self.child_name(c['id']))}:</b> {self._t(c['view'])}")

    def items_under(self, heading: str) -> None:
        """The template's sections that belong under this plain heading, in template order."""
        template = self.template
        for section in template.sections:
            if _SECTION_HEADING.get(section.key) != heading:
                continue
            items = [i for i in self.view.get("items", []) if i.get("section") == section.key]
            if not items:
                continue
            if section.plain_label.strip().casefold() != heading.casefold():
                self.h2(section.plain_label)
            for i in items:
                self.bullet(self._t(i["text"]))

    def worries(self) -> None:
        self.h1(WORRIES)
        self.p(markup("These are the worries people talked about at the meeting."))
        for n, d in enumerate(self.view.get("danger_statements", []), start=1):
            self.h2(f"Worry {n}")
            block: list[Flowable] = [Paragraph(self._t(d["text"]), self.s.body)]
            line = self.family_view_line(d.get("family_view"))
            if line:
                block.append(Paragraph(line, self.s.body))
            self.story.append(KeepTogether(block))
        self.items_under(WORRIES)

    def plain_pane(self, heading: str, intro: str) -> None:
        self.h1(heading)
        self.p(markup(intro))
        self.items_under(heading)

    def extra_sections(self) -> None:
        """Sections a council added to its template: each under its own plain label."""
        for section in self.template.sections:
            if section.key in _SECTION_HEADING:
                continue
            items = [i for i in self.view.get("items", []) if i.get("section") == section.key]
            if not items:
                continue
            self.h1(section.plain_label)
            for i in items:
                self.bullet(self._t(i["text"]))

    def needs_to_happen(self) -> None:
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
        self.h1(WHO_DOES_WHAT)
        steps = self.view.get("next_steps", [])
        if not steps:
            self.p(markup("We will write down who will do what at the next meeting."))
            return
        s = self.s
        rows: list[list[Any]] = [
            [
                Paragraph("Who", s.cell_head),
                Paragraph("What", s.cell_head),
                Paragraph("By when", s.cell_head),
            ]
        ]
        for step in steps:
            who = (
                step.get("owner") or self.person(step.get("owner_participant")) or "Not decided yet"
            )
            due = date_in_words(step.get("due")) or "No date yet"
            what = self._t(step["action"])
            line = self.family_view_line(step.get("family_view"))
            if line:
                what += "<br/>" + line
            rows.append(
                [
                    Paragraph(self._t(who), s.cell),
                    Paragraph(what, s.cell),
                    Paragraph(markup(due), s.cell),
                ]
            )
        width = self.width
        table = grid_table(rows, [width * 0.26, width * 0.48, width * 0.26], pad=6)
        self.story.append(table)
        self.story.append(Spacer(1, self.s.base_size * 0.6))

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
                names = _and_list([f"{p['name']} ({p['role']})" for p in core])
                self.p(self._t(f"The people in it are {names}."))
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

        contingency = (view.get("contingency") or {}).get("text", "")  # the filter's v2 object
        if contingency:
            self.h2("If the plan does not work")
            self.p(self._t(contingency))

    def family_said(self) -> None:
        self.h1(FAMILY_SAID)
        self.p(markup("This is what the family told us at the meeting."))
        self.items_under(FAMILY_SAID)

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
        table = grid_table(rows, widths)
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
        if council.how_to_disagree:
            self.p(self._t(council.how_to_disagree))
        if council.how_to_complain:
            self.p(self._t(council.how_to_complain))

    # -- whole document --
    def build(self, council: Any, width: float) -> list[Flowable]:
        self.width = width
        self.template = get_template(
            self.view["conference"].get("template") or "strengthening-families"
        )
        self.title()
        self.why()
        self.who_came()
        self.children_views()
        self.worries()
        self.plain_pane(GOING_WELL, "These are the good things people talked about.")
        self.plain_pane(ALREADY_SAFE, "These things already help to keep the children safe.")
        self.plain_pane(NOT_KNOWN, "These are things we need to find out.")
        self.extra_sections()
        self.needs_to_happen()
        self.who_does_what()
        self.what_next()
        self.family_said()
        self.scaling()
        self.contact(council)
        self.disagree(council)
        self.story.append(Spacer(1, self.s.base_size))
        return self.story


def family_copy_pdf(view: Doc, *, for_name: str | None = None, large_print: bool = False) -> bytes:
    """The family copy from an already-filtered document (the output of `family_view`)."""
    from conference.council import load_council_settings
    from conference.reports.pdf_common import MARGIN, PAGE_SIZE

    size = LARGE_PRINT_SIZE if large_print else BODY_SIZE
    styles = make_styles(size)
    council = load_council_settings()
    writer = _Writer(view, styles, for_name)
    story = writer.build(council, PAGE_SIZE[0] - 2 * MARGIN)
    family = str(view["conference"].get("family_name") or "")
    family_markup = writer._t(family)

    def footer(number: int, total: int) -> tuple[str, str]:
        return f"Your plan: {family_markup}", f"Page {number} of {total}"

    return build_pdf(
        story,
        title=f"Your plan: {family}",
        author=council.organisation,
        subject="Family copy of the child protection meeting plan",
        footer=footer,
        footer_style=styles.footer,
    )


def write_family_copy(
    store: Store, cid: str, *, for_participant: str | None = None, large_print: bool = False
) -> bytes:
    """The family copy as PDF bytes: the general copy, or one family member's (`for_participant`)."""
    doc = export_document(store, cid)
    member = resolve_family_member(doc, for_participant) if for_participant is not None else None
    # From here on only the filtered view is used: nothing kept back can reach the page.
    view = family_view(doc, member)
    del doc
    for_name: str | None = None
    if member is not None:
        for_name = next(str(p["name"]) for p in view["participants"] if p["id"] == member)
    return family_copy_pdf(view, for_name=for_name, large_print=large_print)
