"""What the room's screen shows at each agenda step, built from the family's view only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from conference.language.plain_language import strip_title
from conference.reports.review_words import previous_score_of
from conference.templates import AgendaStep, Template

# Block kinds, each laid out by the projector's delegate.
TITLE = "title"  # the family's name on the welcome
HEADING = "heading"  # a heading inside a step (a child's name, "Why we are here")
TEXT = "text"  # a paragraph
ITEM = "item"  # one thing said in a pane, with who said it as its detail
STATEMENT = "statement"  # a danger statement, with the family's view as its detail
GOAL = "goal"  # a safety goal under its statement
PLAN_HEADER = "plan_header"  # the who / what / by when header
PLAN_ROW = "plan_row"  # one next step as three columns
NOTE = "note"  # a smaller line (what 0 and 10 mean)

OUTCOMES = {
    "child_protection_plan": "{name} will have a child protection plan.",
    "child_in_need_plan": "{name} will have a child in need plan: extra help for a child who needs it.",
    "no_further_action": "{name} does not need a plan. Children's Services will step back.",
    "plan_continues": "{name}'s child protection plan carries on.",
    "plan_ends_child_in_need": "{name}'s child protection plan ends. {name} will have a child in need plan.",
    "plan_ends_no_further_action": "{name}'s child protection plan ends.",
}
CATEGORIES = {
    "neglect": "neglect",
    "physical_abuse": "physical harm",
    "emotional_abuse": "emotional harm",
    "sexual_abuse": "sexual harm",
}


@dataclass(frozen=True)
class Block:
    """One thing on the room's screen: its kind, its words, and the object it shows."""

    kind: str
    text: str
    detail: str = ""
    columns: tuple[str, ...] = ()
    key: str = ""


@dataclass(frozen=True)
class ScoreLine:
    """One revealed score: who gave it, the score, whether they are family, and why."""

    name: str
    score: int
    is_family: bool
    reason: str = ""
    last: int | None = None  # a review: this person's score last time

    def words(self) -> str:
        said = f"{self.name}: {self.score}"
        if self.last is not None:
            said = f"{self.name}: last time {self.last}, this time {self.score}"
        return f"{said} — {self.reason}" if self.reason else said


@dataclass(frozen=True)
class ScaleGroup:
    """The revealed scores on one scale: its title and each person's score."""

    title: str
    lines: tuple[ScoreLine, ...]
    previous: tuple[ScoreLine, ...] = ()  # a review: last time's scores on the same scale


def date_words(value: str | None) -> str:
    """'2026-12-04' -> 'Friday 4 December 2026'; a date-time gives its date; '' when absent."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day:%A} {day.day} {day:%B %Y}"


def time_words(value: dt.datetime) -> str:
    """10:00 -> '10am', 14:30 -> '2:30pm', 12:00 -> '12 noon'."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def when_words(value: str | None) -> str:
    """'2026-11-20T10:00:00' -> 'Friday 20 November 2026 at 10am'."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{date_words(value)} at {time_words(moment)}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _people(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in doc.get("participants", [])}


def _child_names(doc: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c.get("known_as") or c["name"] for c in doc.get("children", [])}


def _name(person: dict[str, Any]) -> str:
    """A person's name as the family copy prints it: no police title ("PC Anna Kowalski"
    is "Anna Kowalski"; the role says what she does)."""
    return strip_title(str(person.get("name", "")))


def _who(person: dict[str, Any] | None) -> str:
    if not person:
        return ""
    role = person.get("role") or ""
    return f"{_name(person)}, {role}" if role else _name(person)


def _family_view_words(view: dict[str, Any] | None) -> str:
    if not view:
        return ""
    comment = (view.get("comment") or "").strip()
    if comment:
        return f"What the family say: {comment}"
    agrees = view.get("agrees")
    if agrees is None:
        return ""
    return "The family agree." if agrees else "The family do not agree."


def _welcome(doc: dict[str, Any], show_who: bool = True) -> list[Block]:
    conf = doc["conference"]
    blocks = [Block(TITLE, _sentence(conf["family_name"]))]
    where = ", ".join(
        part for part in (when_words(conf.get("starts_at")), conf.get("venue") or "") if part
    )
    if where:
        blocks.append(Block(TEXT, where))
    names = [c.get("known_as") or c["name"] for c in doc.get("children", [])]
    if names:
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        blocks.append(Block(TEXT, f"This meeting is about {joined}."))
    if (conf.get("reason") or "").strip():
        blocks.append(Block(HEADING, "Why we are here"))
        blocks.append(Block(TEXT, conf["reason"].strip()))
    people = doc.get("participants", [])
    here = [p for p in people if p.get("attendance") in ("present", "part")]
    if here:
        said = []
        for p in here:
            role = p.get("role") or "" if show_who else ""  # names only when "who" is off
            part = ", for part of the meeting" if p.get("attendance") == "part" else ""
            said.append(f"{_name(p)} ({role}{part})" if role or part else _name(p))
        blocks.append(Block(HEADING, "Who is here"))
        blocks.append(Block(TEXT, _joined(said) + "."))
    away = [p for p in people if p.get("attendance") == "apologies"]
    if away:
        names = [
            f"{_name(p)} ({p.get('role') or p.get('agency') or ''})" if show_who else _name(p)
            for p in away
        ]
        blocks.append(Block(HEADING, "Sent apologies"))
        blocks.append(Block(TEXT, _joined(names) + "."))
    reports = [p for p in people if p.get("report") not in (None, "", "none")]
    if reports:
        shared = [_name(p) for p in reports if p.get("report") == "shared_with_family"]
        not_shared = [_name(p) for p in reports if p.get("report") != "shared_with_family"]
        blocks.append(Block(HEADING, "Reports"))
        if shared:
            blocks.append(Block(TEXT, f"Shared with you before the meeting: {_joined(shared)}."))
        if not_shared:
            blocks.append(
                Block(TEXT, f"Written but not shared with you before today: {_joined(not_shared)}.")
            )
    rules = _council_text("ground_rules")
    if rules:
        blocks.append(Block(HEADING, "How we will talk together"))
        blocks.append(Block(TEXT, rules))
    return blocks


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _council_text(field: str) -> str:
    """A text from the council's settings; empty when they cannot be read (never an error)."""
    try:
        from conference.council import load_council_settings

        return str(getattr(load_council_settings(), field, "") or "").strip()
    except Exception:  # a broken settings file must not blank the room's screen
        return ""


def _child_views(doc: dict[str, Any]) -> list[Block]:
    # A child whose view is kept back has an empty view in the family's document, exactly
    # like a child nobody has asked yet: leave both out rather than show a name with a gap.
    blocks: list[Block] = []
    for child in doc.get("children", []):
        view = (child.get("view") or "").strip()
        if view:
            blocks.append(Block(HEADING, child.get("known_as") or child["name"], key=child["id"]))
            blocks.append(Block(ITEM, view, key=child["id"]))
    return blocks


def _pane(doc: dict[str, Any], section: str, show_who: bool) -> list[Block]:
    people = _people(doc)
    return [
        Block(
            ITEM,
            item["text"],
            detail=_who(people.get(item.get("source") or "")) if show_who else "",
            key=item["id"],
        )
        for item in doc.get("items", [])
        if item.get("section") == section
    ]


def _analysis(doc: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    goals = doc.get("safety_goals", [])

    def goal_block(goal: dict[str, Any]) -> Block:
        text = goal["text"].strip()
        if (goal.get("how_long") or "").strip():
            text = f"{text} ({goal['how_long'].strip()})"
        return Block(GOAL, text, detail=_family_view_words(goal.get("family_view")), key=goal["id"])

    for statement in doc.get("danger_statements", []):
        blocks.append(
            Block(
                STATEMENT,
                statement["text"],
                detail=_family_view_words(statement.get("family_view")),
                key=statement["id"],
            )
        )
        mine = [g for g in goals if g.get("danger_statement") == statement["id"]]
        if mine:
            blocks.append(Block(HEADING, "What we need to see", key=statement["id"]))
            blocks.extend(goal_block(g) for g in mine)
    loose = [g for g in goals if not g.get("danger_statement")]
    if loose:
        blocks.append(Block(HEADING, "What we need to see"))
        blocks.extend(goal_block(g) for g in loose)
    return blocks


def _scaling_words(doc: dict[str, Any], template: Template) -> list[Block]:
    scaling = doc.get("scaling") or {}
    question = (scaling.get("question") or template.scaling.question).strip()
    zero = (scaling.get("zero_means") or template.scaling.zero_means).strip()
    ten = (scaling.get("ten_means") or template.scaling.ten_means).strip()
    blocks = [Block(TEXT, question)] if question else []
    if zero:
        blocks.append(Block(NOTE, f"0 means: {zero}"))
    if ten:
        blocks.append(Block(NOTE, f"10 means: {ten}"))
    return blocks


def scale_groups(doc: dict[str, Any], default_question: str = "") -> list[ScaleGroup]:
    """The revealed scores, one group per scale (overall first); none before the reveal."""
    scaling = doc.get("scaling") or {}
    if not scaling.get("revealed"):
        return []
    people = _people(doc)
    children = _child_names(doc)
    statements = {d["id"]: d for d in doc.get("danger_statements", [])}
    groups: dict[tuple[str, str], list[ScoreLine]] = {}
    for score in scaling.get("scores", []):
        ds = score.get("danger_statement") or ""
        if ds and ds not in statements:
            continue  # its statement is kept back, so is the score
        person = people.get(score["participant"], {})
        line = ScoreLine(
            _name(person),
            int(score["score"]),
            bool(person.get("is_family")),
            (score.get("reason") or "").strip(),
            previous_score_of(doc, score),
        )
        groups.setdefault((ds, score.get("child") or ""), []).append(line)
    # The step's heading already asks the usual question; a council's own question is shown.
    question = (scaling.get("question") or "").strip()
    overall = question if question and question != default_question else ""
    out = []
    for (ds, child), lines in sorted(groups.items(), key=lambda kv: (kv[0][0] != "", kv[0])):
        parts = [] if ds else [overall]
        if ds:
            statement = statements[ds]
            parts.append(_sentence(statement.get("worried_about") or statement["text"]))
        if child:
            parts.append(f"For {children.get(child, '')}")
        out.append(
            ScaleGroup(
                " — ".join(p for p in parts if p),
                tuple(lines),
                _previous_lines(doc, statements[ds].get("carried_from") if ds else None, child),
            )
        )
    return out


def _previous_lines(doc: dict[str, Any], was: str | None, child: str) -> tuple[ScoreLine, ...]:
    """Last time's scores on the same scale (a family view holds only what they may see)."""
    people = _people(doc)
    out = []
    for s in (doc.get("previous_scaling") or {}).get("scores") or []:
        if (s.get("danger_statement") or None) != was or (s.get("child") or "") != child:
            continue
        person = people.get(s["participant"], {})
        out.append(ScoreLine(_name(person), int(s["score"]), bool(person.get("is_family"))))
    return tuple(out)


def _plan(doc: dict[str, Any]) -> list[Block]:
    people = _people(doc)
    steps = doc.get("next_steps", [])
    blocks: list[Block] = []
    if steps:
        blocks.append(Block(PLAN_HEADER, "Who, what, by when", columns=("Who", "What", "By when")))
    for step in steps:
        who = (step.get("owner") or "").strip() or _name(
            people.get(step.get("owner_participant") or "", {})
        )
        when = date_words(step.get("due"))
        what = step["action"].strip()
        text = f"{who}: {what}" + (f" By {when}." if when else "")
        blocks.append(Block(PLAN_ROW, text, columns=(who, what, when), key=step["id"]))
    contingency = ((doc.get("contingency") or {}).get("text") or "").strip()  # filtered v2 object
    if contingency:
        blocks.append(Block(HEADING, "If the plan does not work"))
        blocks.append(Block(TEXT, contingency))
    return blocks


def _decisions(doc: dict[str, Any]) -> list[Block]:
    children = _child_names(doc)
    people = _people(doc)
    blocks: list[Block] = []
    for decision in doc.get("decisions", []):
        name = children.get(decision["child"], "")
        blocks.append(Block(HEADING, name, key=decision["child"]))
        outcome = OUTCOMES.get(decision["outcome"], "").format(name=name)
        categories = [CATEGORIES.get(c, c) for c in decision.get("categories", [])]
        if categories:
            outcome += " Because of worries about " + " and ".join(categories) + "."
        blocks.append(Block(ITEM, outcome, key=decision["child"]))
        if (decision.get("rationale") or "").strip():
            blocks.append(Block(TEXT, decision["rationale"].strip(), key=decision["child"]))
        for dissent in decision.get("dissent", []):
            who = _name(people.get(dissent["participant"], {}))
            blocks.append(
                Block(NOTE, f"{who} does not agree: {dissent['reason'].strip()}", key=who)
            )
    return blocks


def _close(doc: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    core = when_words(doc.get("core_group_first_meeting"))
    review = when_words(doc.get("review_conference"))
    if core:
        blocks.append(Block(HEADING, "The small group, including you, who carry out the plan"))
        blocks.append(Block(TEXT, f"First meets on {core}."))
    if review:
        blocks.append(Block(HEADING, "The next meeting like this one"))
        blocks.append(Block(TEXT, f"{_sentence(review)}."))
    lead = doc.get("conference", {}).get("lead_social_worker")
    person = next((p for p in doc.get("participants", []) if p.get("id") == lead), None)
    if person is not None:
        blocks.append(Block(HEADING, "Your social worker"))
        blocks.append(Block(TEXT, f"{_name(person)} is the lead social worker."))
    for field, heading in (
        ("how_to_disagree", "If you do not agree"),
        ("how_to_complain", "How to complain"),
    ):
        text = _council_text(field)
        if text:
            blocks.append(Block(HEADING, heading))
            blocks.append(Block(TEXT, text))
    blocks.append(Block(TEXT, "Thank you for coming and for talking with us today."))
    return blocks


def step_heading(step: AgendaStep, template: Template) -> str:
    """The heading the room reads: the pane's plain label, or the step's."""
    if step.kind == "pane" and step.section:
        try:
            return template.section(step.section).plain_label
        except KeyError:
            return step.plain_label
    return step.plain_label


def step_blocks(
    doc: dict[str, Any], step: AgendaStep, template: Template, show_who: bool = True
) -> list[Block]:
    """What the room sees at this step, from a document already passed through family_view."""
    if step.kind == "welcome":
        return _welcome(doc, show_who)
    if step.kind == "child_view":
        return _child_views(doc)
    if step.kind == "pane":
        return _pane(doc, step.section or "", show_who)
    if step.kind == "analysis":
        return _analysis(doc)
    if step.kind == "scaling":
        return _scaling_words(doc, template)
    if step.kind == "plan":
        return _plan(doc)
    if step.kind == "decision":
        return _decisions(doc)
    if step.kind == "close":
        return _close(doc)
    if step.kind == "progress":
        return _progress(doc)
    if step.kind == "revisit":
        return _revisit(doc)
    return []


_PROGRESS_WORDS = {
    "done": "Done",
    "partly_done": "Partly done",
    "not_done": "Not done yet",
    "open": "We will talk about this",
}
_REVISIT_WORDS = {
    "still_a_worry": "We are still worried about this.",
    "changed": "This worry has changed.",
    "no_longer_a_worry": "We are no longer worried about this.",
}


def _progress(doc: dict[str, Any]) -> list[Block]:
    """A review: each step of the last plan the family may see, and how far it got."""
    people = _people(doc)
    blocks: list[Block] = []
    for step in doc.get("next_steps", []):
        if not step.get("carried_from") or step.get("status") == "dropped":
            continue
        who = (step.get("owner") or "").strip() or _name(
            people.get(step.get("owner_participant") or "", {})
        )
        text = f"{who}: {step['action'].strip()}" if who else step["action"].strip()
        state = _PROGRESS_WORDS.get(step.get("status") or "open", "")
        blocks.append(Block(STATEMENT, text, detail=state, key=step["id"]))
    return blocks


def _revisit(doc: dict[str, Any]) -> list[Block]:
    """A review: each worry from last time the family may see, looked at again."""
    return [
        Block(
            STATEMENT,
            d["text"],
            detail=_REVISIT_WORDS.get(d.get("review_status") or "", ""),
            key=d["id"],
        )
        for d in doc.get("danger_statements", [])
        if d.get("carried_from")
    ]
