"""The professional minutes: the full record in the standard order, with everything kept back marked."""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from conference.exchange.interchange import export_document
from conference.family_filter import family_members, family_view
from conference.labels import ATTENDANCE_LABELS, CATEGORY_LABELS
from conference.language.plain_language import contingency_text
from conference.record import report_parts as record_parts
from conference.reports.pdf_common import (
    MARGIN,
    PAGE_SIZE,
    RESTRICTED_RED,
    StoryWriter,
    Styles,
    build_pdf,
    date_in_words,
    datetime_in_words,
    grid_table,
    make_styles,
    markup,
    tag,
)
from conference.reports.review_words import (
    REVIEW_STATUS_LABELS,
    done_since_last_time,
    is_review,
    previous_score_of,
    still_to_do,
    trend_sentences,
)
from conference.store.database import Store
from conference.templates import get_template

Doc = dict[str, Any]

BODY_SIZE = 10.5
FOOTER_SIZE = 8.5
HIDDEN_AMBER = colors.HexColor("#8A5300")

KIND_LABELS = {
    "initial": "Initial child protection conference",
    "review": "Review child protection conference",
    "transfer_in": "Transfer-in child protection conference",
    "pre_birth": "Pre-birth child protection conference",
}
REPORT_LABELS = {
    "none": "No report",
    "submitted": "Report submitted; not shared with the family before the meeting",
    "shared_with_family": "Report submitted and shared with the family before the meeting",
}
OUTCOME_LABELS = {
    "child_protection_plan": "Child protection plan",
    "child_in_need_plan": "No child protection plan: child in need plan",
    "no_further_action": "No child protection plan: no further action",
    "plan_continues": "Child protection plan continues",
    "plan_ends_child_in_need": "Child protection plan ends: child in need plan",
    "plan_ends_no_further_action": "Child protection plan ends: no further action",
}
VIEW_LABELS = {"plan": "Plan", "no_plan": "No plan", "abstain": "Abstained"}
STATUS_LABELS = {
    "open": "Open",
    "done": "Done",
    "partly_done": "Partly done",
    "not_done": "Not done",
    "dropped": "Dropped",
}
COLLECTIONS = ("items", "danger_statements", "safety_goals", "next_steps")
PRESENT = ("present", "part")
SOCIAL_CARE = re.compile(r"children'?s (?:social care|services)|social care|social work", re.I)


def _present_agencies(doc: Doc) -> tuple[bool, list[str]]:
    """(children's social care there?, the other agencies there) among those who took part."""
    social_care = False
    others: list[str] = []
    for p in doc.get("participants", []):
        if p.get("is_family") or p.get("attendance", "present") not in PRESENT:
            continue
        agency = str(p.get("agency") or "").strip()
        role = str(p.get("role") or "")
        if SOCIAL_CARE.search(agency) or SOCIAL_CARE.search(role):
            social_care = True
        elif agency and agency.casefold() not in {a.casefold() for a in others}:
            others.append(agency)
    return social_care, others


def quorum(doc: Doc) -> tuple[bool, str]:
    """Whether the conference was quorate: children's social care and two other agencies there."""
    social_care, others = _present_agencies(doc)
    listed = ", ".join(others) if others else "none"
    ok = social_care and len(others) >= 2
    words = (
        f"{'Yes' if ok else 'No'}: children's social care "
        f"{'present' if social_care else 'not present'}; "
        f"{len(others)} other agenc{'y' if len(others) == 1 else 'ies'} present ({listed})."
    )
    return ok, words


def _consensus(views: list[dict[str, Any]]) -> bool:
    kinds = {v.get("view") for v in views if v.get("view") in ("plan", "no_plan")}
    return len(kinds) <= 1


def minutes_gaps(doc: Doc) -> list[str]:
    """What a council would find missing from these minutes, one line each (the preflight)."""
    gaps: list[str] = []
    conf = doc.get("conference") or {}
    ok, words = quorum(doc)
    if not ok:
        gaps.append(f"The conference does not show as quorate. {words}")
    decisions = {d.get("child"): d for d in doc.get("decisions", [])}
    for c in doc.get("children", []):
        d = decisions.get(c.get("id"))
        if d is None:
            gaps.append(f"No decision recorded for {c.get('name')}.")
        elif not d.get("agency_views"):
            gaps.append(f"No agency views recorded for {c.get('name')}.")
        elif not _consensus(d["agency_views"]) and not d.get("rationale"):
            gaps.append(
                f"No consensus for {c.get('name')}: record the chair's reasons for the decision."
            )
    if not conf.get("enquiry_outcome"):
        gaps.append("The outcome of the enquiry that led to the conference is not recorded.")
    if conf.get("kind") == "review" and not conf.get("previous_conference_id"):
        gaps.append("This is a review, but the previous conference is not named.")
    if not conf.get("ended_at"):
        gaps.append("The time the conference ended is not recorded.")
    for p in doc.get("participants", []):
        if p.get("report", "none") != "none" and not p.get("report_summary"):
            gaps.append(f"No summary of the report from {p.get('name')}.")
    if not conf.get("chair"):
        gaps.append("The chair is not named.")
    return gaps


class _KeptBack:
    """Who may not see each object, worked out by the family filter itself so the marks match."""

    def __init__(self, doc: Doc) -> None:
        self.members = [(str(p["id"]), str(p["name"])) for p in family_members(doc)]
        self.visible: dict[str, set[str]] = {}
        for mid, _ in self.members:
            view = family_view(doc, mid)
            self.visible[mid] = {o["id"] for c in COLLECTIONS for o in view.get(c, [])}
        general = family_view(doc, None)
        self.general = {o["id"] for c in COLLECTIONS for o in general.get(c, [])}
        statements = {d["id"]: d for d in doc.get("danger_statements", [])}
        goals = {g["id"]: g for g in doc.get("safety_goals", [])}
        self.restricted: set[str] = set()
        for d in doc.get("danger_statements", []):
            if d.get("restricted"):
                self.restricted.add(d["id"])
        for g in doc.get("safety_goals", []):
            if g.get("restricted") or g.get("danger_statement") in self.restricted:
                self.restricted.add(g["id"])
        for s in doc.get("next_steps", []):
            if s.get("restricted") or s.get("safety_goal") in self.restricted:
                self.restricted.add(s["id"])
        for i in doc.get("items", []):
            if i.get("restricted"):
                self.restricted.add(i["id"])
        self._statements = statements
        self._goals = goals

    def mark(self, obj_id: str) -> str:
        """The tag markup to put before an object's text, or '' when every family member sees it."""
        if obj_id in self.restricted:
            return tag("RESTRICTED")
        if obj_id in self.general:
            return ""
        hidden = [name for mid, name in self.members if obj_id not in self.visible.get(mid, set())]
        if not hidden:
            return ""
        return tag("Not shared with " + ", ".join(hidden))


class _Minutes(StoryWriter):
    """Builds the minutes story from the whole document."""

    def __init__(self, doc: Doc, styles: Styles) -> None:
        super().__init__(styles)
        self.doc = doc
        self.people = {p["id"]: p for p in doc.get("participants", [])}
        self.children = {c["id"]: c for c in doc.get("children", [])}
        self.kept = _KeptBack(doc)
        self.width = PAGE_SIZE[0] - 2 * MARGIN
        self.statement_no = {d["id"]: n for n, d in enumerate(doc.get("danger_statements", []), 1)}
        self.goal_no = {g["id"]: n for n, g in enumerate(doc.get("safety_goals", []), 1)}

    def h2(self, text: str) -> None:
        super().h2(markup(text))

    def person(self, pid: str | None) -> str:
        p = self.people.get(pid or "")
        return str(p["name"]) if p else (pid or "")

    def person_role(self, pid: str | None) -> str:
        p = self.people.get(pid or "")
        if not p:
            return pid or ""
        return f"{p['name']} ({p['role']}{', ' + p['agency'] if p.get('agency') else ''})"

    def children_of(self, obj: dict[str, Any]) -> str:
        ids = obj.get("children") or []
        if not ids:
            return ""
        return ", ".join(str(self.children[c]["name"]) for c in ids if c in self.children)

    def table(self, rows: list[list[str]], widths: list[float], head: list[str]) -> None:
        s = self.s
        data: list[list[Any]] = [[Paragraph(markup(h), s.cell_head) for h in head]]
        data += [[Paragraph(c, s.cell) for c in row] for row in rows]
        t = grid_table(
            data,
            [self.width * w for w in widths],
            grid="#888888",
            header="#E8E8E8",
            line=0.5,
            pad=4,
        )
        self.story.append(t)
        self.story.append(Spacer(1, self.s.base_size * 0.6))

    def fv(self, fv: dict[str, Any] | None) -> str:
        """The family's view, or '' when none was recorded (export fills in an empty one)."""
        if not fv or (fv.get("agrees") is None and not fv.get("comment")):
            return ""
        agrees = fv.get("agrees")
        words = "agrees" if agrees is True else "does not agree" if agrees is False else ""
        comment = markup(fv.get("comment") or "")
        body = ". ".join(x for x in (words, comment) if x)
        return f"<b>Family's view:</b> {body}"

    # -- sections in the standard order --
    def heading(self) -> None:
        conf = self.doc["conference"]
        self.story.append(
            Paragraph(
                markup(
                    f"{KIND_LABELS.get(conf.get('kind', ''), 'Child protection conference')}: "
                    f"{conf.get('family_name', '')}"
                ),
                self.s.title,
            )
        )
        if conf.get("status") != "finalised":
            self.p(tag("Draft — not finalised"))
        details = [
            ("Date and time", datetime_in_words(conf.get("starts_at"))),
            ("Ended", _ended(conf)),
            ("Venue", conf.get("venue") or ""),
            ("Chair", conf.get("chair") or ""),
            ("Minute taker", conf.get("minute_taker") or ""),
            (
                "Lead social worker",
                self.person_role(conf.get("lead_social_worker"))
                if conf.get("lead_social_worker")
                else "",
            ),
            ("Strategy discussion", date_in_words(conf.get("strategy_discussion_on"))),
            ("Template", get_template(conf.get("template") or "strengthening-families").name),
            ("Previous conference", self.previous()),
            ("Quorate", quorum(self.doc)[1]),
        ]
        for label, value in details:
            if value:
                self.p(f"<b>{markup(label)}:</b> {markup(value)}")
        children = "; ".join(
            c["name"]
            + (
                f", born {date_in_words(c['date_of_birth'], weekday=False)}"
                if c.get("date_of_birth")
                else ""
            )
            + (
                f", expected {date_in_words(c['expected_on'], weekday=False)}"
                if c.get("expected_on")
                else ""
            )
            for c in self.doc.get("children", [])
        )
        self.p(f"<b>Children:</b> {markup(children)}")
        self.p(
            tag("Not for the family", HIDDEN_AMBER)
            + markup(
                "This is the professional record. It includes information kept back from the "
                "family, marked RESTRICTED or \u201cNot shared with\u201d a named person. The "
                "family receive their own copy without it."
            )
        )

    def previous(self) -> str:
        conf = self.doc["conference"]
        if conf.get("kind") != "review":
            return ""
        prev = conf.get("previous_conference_id")
        return f"Conference {prev}" if prev else "Not recorded"

    def attendance(self) -> None:
        self.h1("1. Attendance and apologies")
        rows = []
        for p in self.doc.get("participants", []):
            who = markup(p["name"])
            if p.get("interpreter"):
                who += "<br/>" + markup(f"Interpreter: {p['interpreter']}")
            attendance = markup(ATTENDANCE_LABELS.get(p.get("attendance", "present"), ""))
            if p.get("remote"):
                attendance += markup(" (by phone or video)")
            if p.get("seen_separately"):
                attendance += markup("; seen separately by the chair")
            if p.get("attendance_note"):
                attendance += (
                    "<br/>"
                    + tag("Not shared with the family", HIDDEN_AMBER)
                    + markup(p["attendance_note"])
                )
            rows.append(
                [
                    who,
                    markup(p.get("role", "")),
                    markup(p.get("agency", "") or ("Family" if p.get("is_family") else "")),
                    attendance,
                    "Yes" if p.get("core_group") else "",
                ]
            )
        self.table(
            rows,
            [0.2, 0.22, 0.18, 0.29, 0.11],
            ["Name", "Role", "Agency", "Attendance", "Core group"],
        )
        excluded = [
            p for p in self.doc.get("participants", []) if p.get("attendance") == "excluded"
        ]
        for p in excluded:
            reason = p.get("attendance_note") or "no reason recorded"
            self.p(f"<b>Exclusion:</b> {markup(p['name'])} was excluded. Reason: {markup(reason)}")

        self.h2("Reports")
        reported = [
            p for p in self.doc.get("participants", []) if p.get("report", "none") != "none"
        ]
        if not reported:
            self.p(markup("No reports were received."))
        for p in reported:
            summary = p.get("report_summary") or ""
            text = f"{markup(self.person_role(p['id']))}: {markup(REPORT_LABELS[p['report']])}."
            if summary:
                text += f" <b>Summary:</b> {markup(summary)}"
            else:
                text += " " + tag("No summary recorded", HIDDEN_AMBER)
            self.bullet(text)

    def reason(self) -> None:
        self.h1("2. Reason for the conference")
        conf = self.doc["conference"]
        self.p(markup(conf.get("reason") or "Not recorded."))
        outcome = conf.get("enquiry_outcome") or ""
        self.p(
            "<b>Outcome of the enquiry:</b> "
            + (markup(outcome) if outcome else tag("Not recorded", HIDDEN_AMBER))
        )

    def child_views(self) -> None:
        self.h1("3. The child's view")
        for c in self.doc.get("children", []):
            view = c.get("view") or ""
            mark = tag("RESTRICTED: not shared with the family") if c.get("view_restricted") else ""
            text = markup(view) if view else "<i>No view recorded.</i>"
            self.p(f"<b>{markup(c['name'])}:</b> {mark}{text}")

    def panes(self) -> None:
        template = get_template(self.doc["conference"].get("template") or "strengthening-families")
        self.h1("4. Information sharing")
        for section in template.sections:
            self.h2(section.label)
            items = [i for i in self.doc.get("items", []) if i.get("section") == section.key]
            if not items:
                self.p("<i>Nothing recorded.</i>")
            for i in items:
                extra = []
                if i.get("source"):
                    extra.append("said by " + self.person_role(i["source"]))
                kids = self.children_of(i)
                if kids:
                    extra.append(f"about {kids}")
                suffix = (
                    f' <font color="#555555">({markup("; ".join(extra))})</font>' if extra else ""
                )
                self.bullet(self.kept.mark(i["id"]) + markup(i["text"]) + suffix)

    def analysis(self) -> None:
        self.h1("5. Danger statements and safety goals")
        goals_by_statement: dict[str, list[dict[str, Any]]] = {}
        loose: list[dict[str, Any]] = []
        for g in self.doc.get("safety_goals", []):
            if g.get("danger_statement"):
                goals_by_statement.setdefault(g["danger_statement"], []).append(g)
            else:
                loose.append(g)
        if not self.doc.get("danger_statements") and not loose:
            self.p("<i>None recorded.</i>")
        for d in self.doc.get("danger_statements", []):
            n = self.statement_no[d["id"]]
            self.h2(f"Danger statement {n}")
            block: list[Flowable] = []
            kids = self.children_of(d)
            block.append(
                Paragraph(
                    self.kept.mark(d["id"])
                    + markup(d["text"])
                    + (f" <i>(about {markup(kids)})</i>" if kids else ""),
                    self.s.body,
                )
            )
            if self.fv(d.get("family_view")):
                block.append(Paragraph(self.fv(d["family_view"]), self.s.body))
            if d.get("review_status") in REVIEW_STATUS_LABELS:
                block.append(
                    Paragraph(
                        "<b>Looked at again at this review:</b> "
                        + markup(REVIEW_STATUS_LABELS[d["review_status"]]),
                        self.s.body,
                    )
                )
            self.story.append(KeepTogether(block))
            for g in goals_by_statement.get(d["id"], []):
                self._goal(g)
        for g in loose:
            self._goal(g)

    def _goal(self, g: dict[str, Any]) -> None:
        n = self.goal_no[g["id"]]
        text = self.kept.mark(g["id"]) + f"<b>Safety goal {n}:</b> " + markup(g["text"])
        if g.get("how_long"):
            text += f" <b>How long:</b> {markup(g['how_long'])}"
        block: list[Flowable] = [Paragraph(text, self.s.bullet, bulletText="\u2022")]
        if self.fv(g.get("family_view")):
            block.append(Paragraph(self.fv(g["family_view"]), self.s.indented))
        self.story.append(KeepTogether(block))

    def scaling(self) -> None:
        sc = self.doc.get("scaling") or {}
        self.h1("6. Scaling")
        if sc.get("question"):
            self.p(f"<b>Question:</b> {markup(sc['question'])}")
        if sc.get("zero_means"):
            self.p(f"<b>0 means:</b> {markup(sc['zero_means'])}")
        if sc.get("ten_means"):
            self.p(f"<b>10 means:</b> {markup(sc['ten_means'])}")
        scores = sc.get("scores") or []
        if not scores:
            self.p("<i>No scores recorded.</i>")
            return
        if not sc.get("revealed"):
            self.p(
                tag("Not yet revealed to the room", HIDDEN_AMBER)
                + markup(
                    "These scores were entered but not shown to the room. They are not in the family copy."
                )
            )
        review = is_review(self.doc)
        rows = []
        for x in scores:
            about = []
            if x.get("child"):
                about.append(str(self.children.get(x["child"], {}).get("name", x["child"])))
            ds = x.get("danger_statement")
            about.append(f"Danger statement {self.statement_no.get(ds, '?')}" if ds else "Overall")
            mark = self.kept.mark(ds) if ds else ""
            if not sc.get("revealed"):
                mark = tag("Not yet revealed", HIDDEN_AMBER) + mark
            row = [
                markup(self.person_role(x["participant"])),
                markup(", ".join(about)),
                f"<b>{x['score']}</b>",
                mark + markup(x.get("reason") or ""),
            ]
            if review:
                last = previous_score_of(self.doc, x)
                row.insert(2, "-" if last is None else str(last))
            rows.append(row)
        if review:
            self.table(
                rows,
                [0.26, 0.18, 0.1, 0.1, 0.36],
                ["Who", "About", "Last time", "This time", "Reason"],
            )
        else:
            self.table(rows, [0.3, 0.2, 0.1, 0.4], ["Who", "About", "Score", "Reason"])
        trend = trend_sentences(self.doc) if review else []
        if trend:
            self.p("<b>How the scores moved:</b> " + markup(" ".join(trend)))

    def plan(self) -> None:
        self.h1("7. Plan")
        if is_review(self.doc):
            self.progress()
        steps = self.doc.get("next_steps", [])
        if not steps:
            self.p("<i>No next steps recorded.</i>")
        rows = []
        for s in steps:
            owner_parts = [markup(s["owner"])] if s.get("owner") else []
            if s.get("owner_participant"):
                if _same_person(s.get("owner") or "", self.person(s["owner_participant"])):
                    owner_parts = []
                owner_parts.append(markup(self.person_role(s["owner_participant"])))
            owner = "<br/>".join(owner_parts) or "<i>Not decided</i>"
            what = self.kept.mark(s["id"]) + markup(s["action"])
            kids = self.children_of(s)
            if kids:
                what += f" <i>(for {markup(kids)})</i>"
            if self.fv(s.get("family_view")):
                what += "<br/>" + self.fv(s["family_view"])
            goal = s.get("safety_goal")
            rows.append(
                [
                    what,
                    owner,
                    markup(date_in_words(s.get("due")) or "No date"),
                    markup(STATUS_LABELS.get(s.get("status") or "open", "")),
                    markup(f"Goal {self.goal_no[goal]}" if goal in self.goal_no else "None"),
                ]
            )
        if rows:
            self.table(
                rows,
                [0.38, 0.2, 0.16, 0.12, 0.14],
                ["Action", "Owner", "Due", "Status", "Safety goal"],
            )
        self.h2("Contingency")
        contingency = self.doc.get("contingency")  # version 2: text and its visibility
        text = contingency_text(contingency)
        mark = ""
        if isinstance(contingency, dict) and contingency.get("restricted"):
            mark = tag("RESTRICTED")
        elif isinstance(contingency, dict) and contingency.get("withheld_from"):
            names = ", ".join(self.person(p) for p in contingency["withheld_from"])
            mark = tag("Not shared with " + names)
        self.p(mark + markup(text) if text else "<i>None recorded.</i>")

    def progress(self) -> None:
        """A review: the last plan's steps, done and still to do (dropped ones not listed)."""
        done = done_since_last_time(self.doc)
        to_do = still_to_do(self.doc)
        self.h2("Progress on the last plan")
        if not done and not to_do:
            self.p("<i>No steps were carried from the last plan.</i>")
        if done:
            self.p("<b>Done since the last conference:</b>")
            for s in done:
                self.bullet(self.kept.mark(s["id"]) + markup(s["action"]))
        if to_do:
            self.p("<b>Still to do:</b>")
            for s in to_do:
                part = " <i>(partly done)</i>" if s.get("status") == "partly_done" else ""
                self.bullet(self.kept.mark(s["id"]) + markup(s["action"]) + part)

    def decisions(self) -> None:
        self.h1("8. Decision for each child")
        decisions = {d["child"]: d for d in self.doc.get("decisions", [])}
        for c in self.doc.get("children", []):
            self.h2(c["name"])
            d = decisions.get(c["id"])
            if not d:
                self.p("<i>No decision recorded.</i>")
                continue
            self.p(f"<b>Decision:</b> {markup(OUTCOME_LABELS.get(d['outcome'], d['outcome']))}")
            if d.get("categories"):
                cats = ", ".join(CATEGORY_LABELS.get(x, x) for x in d["categories"])
                self.p(f"<b>Category:</b> {markup(cats)}")
            if d.get("rationale"):
                self.p(f"<b>Rationale:</b> {markup(d['rationale'])}")
            views = d.get("agency_views") or []
            if not views:
                self.p(tag("No agency views recorded for this child"))
            elif not _consensus(views):
                self.p(
                    "<b>No consensus:</b> "
                    + markup(
                        "the agencies did not agree; the decision above is the chair's decision."
                    )
                )
            if views:
                rows = [
                    [
                        markup(self.person_role(v["participant"])),
                        markup(VIEW_LABELS.get(v["view"], v["view"])),
                        markup(v.get("reason") or ""),
                    ]
                    for v in views
                ]
                self.table(rows, [0.4, 0.15, 0.45], ["Agency view", "View", "Reason"])
            for x in d.get("dissent") or []:
                self.p(
                    f"<b>Dissent, {markup(self.person_role(x['participant']))}:</b> \u201c{markup(x['reason'])}\u201d"
                )

    def core_group(self) -> None:
        self.h1("9. Core group and review")
        members = [p for p in self.doc.get("participants", []) if p.get("core_group")]
        if members:
            for p in members:
                self.bullet(markup(self.person_role(p["id"])))
        else:
            self.p("<i>No core group members recorded.</i>")
        first = datetime_in_words(self.doc.get("core_group_first_meeting")) or "Not set"
        self.p(f"<b>First core group meeting:</b> {markup(first)}")
        review = datetime_in_words(self.doc.get("review_conference")) or "Not set"
        self.p(f"<b>Review conference:</b> {markup(review)}")

    def distribution(self) -> None:
        self.h1("10. Distribution")
        kept = self.kept
        rows = []
        for p in self.doc.get("participants", []):
            if p.get("is_family"):
                hidden = [
                    o
                    for c in COLLECTIONS
                    for o in self.doc.get(c, [])
                    if o["id"] not in kept.visible.get(p["id"], set())
                ]
                copy = "The record without restricted information" + (
                    " and without what is not shared with them" if hidden else ""
                )
            else:
                copy = "Full record"
            rows.append([markup(self.person_role(p["id"])), markup(copy)])
        if rows:
            self.table(rows, [0.55, 0.45], ["Sent to", "Copy"])

    def sign_off(self) -> None:
        self.h1("11. Sign-off")
        conf = self.doc["conference"]
        record = self.doc.get("record") or {}
        rows = [
            [markup("Chair"), markup(conf.get("chair") or ""), ""],
            [markup("Minute taker"), markup(conf.get("minute_taker") or ""), ""],
        ]
        self.table(rows, [0.25, 0.4, 0.35], ["Role", "Name", "Signed and dated"])
        if record.get("approved_by"):
            when = datetime_in_words(record.get("sealed_at"))
            self.p(f"<b>Approved by:</b> {markup(record['approved_by'])}, {markup(when)}")
        else:
            self.p(tag("Not yet approved by the chair", HIDDEN_AMBER))

    def build(self) -> list[Flowable]:
        self.heading()
        self.story.extend(record_parts.approval_lines(self.doc, self.s))
        self.attendance()
        self.reason()
        self.child_views()
        self.panes()
        self.analysis()
        self.scaling()
        self.plan()
        self.decisions()
        self.core_group()
        self.distribution()
        self.sign_off()
        # Corrections come after the sealed record, never inside it.
        self.story.extend(record_parts.addenda(self.doc, self.s))
        self.story.append(Spacer(1, 6))
        return self.story


def _ended(conf: Doc) -> str:
    from conference.reports.pdf_common import time_in_words

    ended = conf.get("ended_at")
    if not ended:
        return "Not recorded"
    import datetime as dt

    try:
        return time_in_words(dt.datetime.fromisoformat(str(ended)).time())
    except ValueError:
        return str(ended)


def _same_person(owner: str, name: str) -> bool:
    """'Dev' and 'Dev Mistry': the owner text only repeats the named person."""
    o = owner.strip().casefold()
    n = name.strip().casefold()
    if not o or not n:
        return False
    return o == n or n.startswith(o + " ") or o.split()[0] == n.split()[0]


def minutes_pdf(doc: Doc) -> bytes:
    """The minutes of a whole (unfiltered) interchange document as PDF bytes."""
    styles = make_styles(BODY_SIZE, footer_size=FOOTER_SIZE)
    story = _Minutes(doc, styles).build()

    def tighter() -> list[Flowable]:
        return _Minutes(doc, make_styles(BODY_SIZE, footer_size=FOOTER_SIZE, tight=0.7)).build()

    conf = doc["conference"]
    family = str(conf.get("family_name") or "")
    when = date_in_words(conf.get("starts_at"), weekday=False)
    status = "Final record" if conf.get("status") == "finalised" else "Draft — not finalised"
    conference_text = markup(f"{family}, conference on {when}")
    colour = "#000000" if conf.get("status") == "finalised" else RESTRICTED_RED.hexval()

    def footer(number: int, total: int) -> tuple[str, str]:
        # The seal and audit head come first: a footer too long for its line is cut at its
        # end, and what identifies a sealed record must never be what is cut.
        sealed = record_parts.record_footer(doc).removeprefix(" \u00b7 ")
        left = (
            (f"{sealed} \u00b7 " if sealed else "")
            + f'<font color="{colour}"><b>{markup(status)}</b></font> \u00b7 Confidential'
            + f" \u00b7 {conference_text}"
        )
        return left, f"Page {number} of {total}"

    return build_pdf(
        story,
        title=f"Child protection conference minutes: {family}",
        author=str(conf.get("chair") or ""),
        subject="Professional record of a child protection conference",
        footer=footer,
        footer_style=styles.footer,
        tighter=tighter,
    )


def write_minutes(store: Store, cid: str) -> bytes:
    """The professional minutes of a conference as PDF bytes."""
    return minutes_pdf(record_parts.with_record(store, cid, export_document(store, cid)))
