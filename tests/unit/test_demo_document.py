"""The built-in demo conference is a valid interchange document that exercises every feature."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conference.timescales import (
    first_core_group_by,
    initial_conference_due,
    is_working_day,
    review_due_by,
)

Doc = dict[str, Any]

SECTIONS = (
    "harm",
    "complicating_factors",
    "strengths",
    "existing_safety",
    "grey_areas",
    "family_views",
)
ID_COLLECTIONS = (
    "children",
    "participants",
    "items",
    "danger_statements",
    "safety_goals",
    "next_steps",
)


def _load_json(*parts: str) -> Doc:
    # Loaded the way the app loads it, so a demo left out of the package data fails here.
    resource = files("resources").joinpath(*parts)
    data: Doc = json.loads(resource.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def schema() -> Doc:
    return _load_json("interchange", "conference.schema.json")


@pytest.fixture
def doc() -> Doc:
    return _load_json("demo", "demo-conference.json")


def reference_errors(doc: Doc) -> list[str]:
    """The interchange README's rules beyond the schema, as 'field: problem' lines."""
    errors: list[str] = []
    seen: set[str] = set()
    for collection in ID_COLLECTIONS:
        for i, obj in enumerate(doc.get(collection, [])):
            if obj["id"] in seen:
                errors.append(f"{collection}[{i}].id: duplicate id {obj['id']!r}")
            seen.add(obj["id"])

    people = {p["id"]: p for p in doc.get("participants", [])}
    children = {c["id"] for c in doc.get("children", [])}
    statements = {d["id"] for d in doc.get("danger_statements", [])}
    goals = {g["id"] for g in doc.get("safety_goals", [])}

    def person(value: Any, where: str) -> None:
        if value is not None and value not in people:
            errors.append(f"{where}: no participant {value!r}")

    def kids(values: Any, where: str) -> None:
        errors.extend(f"{where}: no child {v!r}" for v in values or [] if v not in children)

    def family(values: Any, where: str) -> None:
        for v in values or []:
            if not people.get(v, {}).get("is_family"):
                errors.append(f"{where}: no family participant {v!r}")

    def statement(value: Any, where: str) -> None:
        if value is not None and value not in statements:
            errors.append(f"{where}: no danger statement {value!r}")

    person(doc["conference"].get("lead_social_worker"), "conference.lead_social_worker")
    for i, item in enumerate(doc.get("items", [])):
        if item["section"] not in SECTIONS:
            errors.append(f"items[{i}].section: no section {item['section']!r}")
        person(item.get("source"), f"items[{i}].source")
        kids(item.get("children"), f"items[{i}].children")
        family(item.get("withheld_from"), f"items[{i}].withheld_from")
    for i, ds in enumerate(doc.get("danger_statements", [])):
        kids(ds.get("children"), f"danger_statements[{i}].children")
        family(ds.get("withheld_from"), f"danger_statements[{i}].withheld_from")
    for i, goal in enumerate(doc.get("safety_goals", [])):
        statement(goal.get("danger_statement"), f"safety_goals[{i}].danger_statement")
        family(goal.get("withheld_from"), f"safety_goals[{i}].withheld_from")
    scored: set[tuple[Any, Any, Any]] = set()
    for i, score in enumerate(doc.get("scaling", {}).get("scores", [])):
        person(score["participant"], f"scaling.scores[{i}].participant")
        if score.get("child") is not None:
            kids([score["child"]], f"scaling.scores[{i}].child")
        statement(score.get("danger_statement"), f"scaling.scores[{i}].danger_statement")
        key = (score["participant"], score.get("child"), score.get("danger_statement"))
        if key in scored:
            errors.append(f"scaling.scores[{i}]: second score for {key!r}")
        scored.add(key)
    decided: set[str] = set()
    for i, decision in enumerate(doc.get("decisions", [])):
        kids([decision["child"]], f"decisions[{i}].child")
        if decision["child"] in decided:
            errors.append(f"decisions[{i}].child: second decision for {decision['child']!r}")
        decided.add(decision["child"])
        for j, view in enumerate(decision.get("agency_views", [])):
            person(view["participant"], f"decisions[{i}].agency_views[{j}].participant")
        for j, dissent in enumerate(decision.get("dissent", [])):
            person(dissent["participant"], f"decisions[{i}].dissent[{j}].participant")
    for i, step in enumerate(doc.get("next_steps", [])):
        person(step.get("owner_participant"), f"next_steps[{i}].owner_participant")
        goal_id = step.get("safety_goal")
        if goal_id is not None and goal_id not in goals:
            errors.append(f"next_steps[{i}].safety_goal: no safety goal {goal_id!r}")
        kids(step.get("children"), f"next_steps[{i}].children")
        family(step.get("withheld_from"), f"next_steps[{i}].withheld_from")
    return errors


def all_texts(value: Any) -> Iterator[str]:
    """Every string in the document, keys excluded."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from all_texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from all_texts(v)


# --- validity ---------------------------------------------------------------------------


def test_schema_is_a_valid_2020_12_schema(schema: Doc) -> None:
    Draft202012Validator.check_schema(schema)


def test_demo_matches_the_schema(doc: Doc, schema: Doc) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(doc)
    ]
    assert errors == []


def test_demo_ids_and_references_are_valid(doc: Doc) -> None:
    assert reference_errors(doc) == []


def test_demo_passes_the_import_checks(doc: Doc) -> None:
    from conference.exchange.interchange import validate_document

    validate_document(doc)


def _break_source(d: Doc) -> None:
    d["items"][3]["source"] = "p-x"


def _duplicate_id(d: Doc) -> None:
    d["next_steps"][0]["id"] = d["items"][0]["id"]


def _withhold_from_professional(d: Doc) -> None:
    d["items"][0]["withheld_from"] = ["p-sw"]


def _second_decision(d: Doc) -> None:
    d["decisions"].append(copy.deepcopy(d["decisions"][0]))


def _second_score(d: Doc) -> None:
    d["scaling"]["scores"].append(copy.deepcopy(d["scaling"]["scores"][0]))


def _unknown_goal(d: Doc) -> None:
    d["next_steps"][0]["safety_goal"] = "g-none"


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (_break_source, "items[3].source: no participant 'p-x'"),
        (_duplicate_id, "next_steps[0].id: duplicate id 'i1'"),
        (_withhold_from_professional, "items[0].withheld_from: no family participant 'p-sw'"),
        (_second_decision, "decisions[3].child: second decision"),
        (_second_score, "scaling.scores[22]: second score"),
        (_unknown_goal, "next_steps[0].safety_goal: no safety goal 'g-none'"),
    ],
)
def test_the_reference_check_is_not_vacuous(
    doc: Doc, breakage: Callable[[Doc], None], expected: str
) -> None:
    broken = copy.deepcopy(doc)
    breakage(broken)
    assert any(e.startswith(expected) for e in reference_errors(broken)), reference_errors(broken)


# --- the conference ---------------------------------------------------------------------


def test_header(doc: Doc) -> None:
    assert doc["format"] == "sfconf-conference"
    assert doc["version"] == 1
    conf = doc["conference"]
    assert conf["template"] == "strengthening-families"
    assert conf["kind"] == "initial"
    assert conf["status"] == "ended"
    assert "Demo" in conf["family_name"] and "invented" in conf["family_name"]
    assert "Demo" in conf["venue"]
    assert conf["reason"].strip()
    people = {p["id"]: p for p in doc["participants"]}
    assert people[conf["lead_social_worker"]]["role"] == "Social worker"


def test_conference_was_held_in_time(doc: Doc) -> None:
    starts = datetime.fromisoformat(doc["conference"]["starts_at"])
    assert starts.year == 2026
    assert is_working_day(starts.date())
    discussed = date.fromisoformat(doc["conference"]["strategy_discussion_on"])
    assert discussed < starts.date() <= initial_conference_due(discussed)


def test_core_group_and_review_are_on_working_days_in_time(doc: Doc) -> None:
    held = datetime.fromisoformat(doc["conference"]["starts_at"]).date()
    core_group = datetime.fromisoformat(doc["core_group_first_meeting"]).date()
    review = datetime.fromisoformat(doc["review_conference"]).date()
    assert is_working_day(core_group) and is_working_day(review)
    assert held < core_group <= first_core_group_by(held)
    assert held < review <= review_due_by(held, "initial")


def test_the_demo_is_not_the_green_family(doc: Doc) -> None:
    text = json.dumps(doc, ensure_ascii=False)
    for name in ("Green", "Jade", "Daniel", "Mia", "Leo", "Larch Close"):
        assert name not in text


# --- children ---------------------------------------------------------------------------


def test_children(doc: Doc) -> None:
    children = doc["children"]
    assert len(children) == 3
    unborn = [c for c in children if c["name"] == "Unborn baby"]
    assert len(unborn) == 1
    assert unborn[0]["expected_on"] and "date_of_birth" not in unborn[0]
    assert any(c.get("known_as") for c in children)
    restricted = [c for c in children if c.get("view_restricted")]
    assert len(restricted) == 1 and restricted[0]["view"]
    assert any(c.get("view") and not c.get("view_restricted") for c in children)


# --- participants -----------------------------------------------------------------------


def test_participants(doc: Doc) -> None:
    people = doc["participants"]
    assert 10 <= len(people) <= 14
    attendance = Counter(p.get("attendance", "present") for p in people)
    assert set(attendance) == {"present", "part", "apologies", "absent", "excluded"}
    for p in people:
        if p.get("attendance") == "excluded":
            assert p.get("attendance_note"), "an exclusion must say why"
    assert {p.get("report", "none") for p in people} == {"none", "submitted", "shared_with_family"}
    assert sum(bool(p.get("core_group")) for p in people) >= 4
    assert any(p.get("is_family") and p.get("interpreter") == "Polish" for p in people)
    assert any(p.get("is_family") for p in people)
    assert any(not p.get("is_family") for p in people)


def test_split_conference_withholds_from_a_parent(doc: Doc) -> None:
    people = {p["id"]: p for p in doc["participants"]}
    parents = {pid for pid, p in people.items() if p["role"] in {"Mother", "Father"}}
    assert len(parents) == 2
    withheld = [it for it in doc["items"] if it.get("withheld_from")]
    assert withheld
    assert any(parents & set(it["withheld_from"]) for it in withheld)
    # Only one parent is kept from anything: the other must see it all.
    kept_from = {pid for it in withheld for pid in it["withheld_from"]}
    assert len(parents - kept_from) == 1


def test_names_in_other_scripts(doc: Doc) -> None:
    names = [p["name"] for p in doc["participants"]]
    assert "Zofia Wiśniewska" in names
    arabic = [n for n in names if re.search("[\u0600-\u06ff]", n)]
    assert arabic == ["يوسف حداد"]


# --- what was said ----------------------------------------------------------------------


def test_every_section_has_at_least_three_items(doc: Doc) -> None:
    counts = Counter(it["section"] for it in doc["items"])
    assert set(counts) == set(SECTIONS)
    assert min(counts.values()) >= 3
    assert all(it.get("source") for it in doc["items"])
    assert sum(bool(it.get("children")) for it in doc["items"]) >= 5


def test_restricted_items(doc: Doc) -> None:
    restricted = [it["text"] for it in doc["items"] if it.get("restricted")]
    assert len(restricted) >= 2
    assert any("Police intelligence" in text for text in restricted)
    assert any("address" in text for text in restricted)


def test_markup_characters_are_plain_text(doc: Doc) -> None:
    texts = list(all_texts(doc))
    assert "Mum & Dad said the flat is <really> cold." in " ".join(texts)
    assert any("<" in t and ">" in t and "&" in t for t in texts)


# --- analysis and scaling ---------------------------------------------------------------


def test_danger_statements(doc: Doc) -> None:
    statements = doc["danger_statements"]
    assert len(statements) == 3
    for ds in statements:
        assert ds["who_is_worried"] in ds["text"]
        assert ds["worried_about"] in ds["text"]
        assert ds["impact_if_nothing_changes"] in ds["text"]
        assert ds["family_view"].get("comment")
    assert {ds["family_view"]["agrees"] for ds in statements} == {True, False, None}
    assert any(ds.get("restricted") or ds.get("withheld_from") for ds in statements)


def test_a_safety_goal_for_each_danger_statement(doc: Doc) -> None:
    goals = doc["safety_goals"]
    assert sorted(g["danger_statement"] for g in goals) == sorted(
        ds["id"] for ds in doc["danger_statements"]
    )
    assert all(g["how_long"] for g in goals)
    # A goal must be kept back from whoever its danger statement is kept back from.
    by_id = {ds["id"]: ds for ds in doc["danger_statements"]}
    for g in goals:
        ds = by_id[g["danger_statement"]]
        assert set(ds.get("withheld_from", [])) <= set(g.get("withheld_from", []))


def test_scaling(doc: Doc) -> None:
    scaling = doc["scaling"]
    assert scaling["revealed"] is True
    assert scaling["question"] and scaling["zero_means"] and scaling["ten_means"]
    scores = scaling["scores"]
    assert len({s["participant"] for s in scores}) >= 8
    overall = [s for s in scores if s.get("child") is None and s.get("danger_statement") is None]
    assert len(overall) >= 8
    assert max(Counter(s["score"] for s in overall).values()) >= 2, "some scores tie"
    scored_statements = {s["danger_statement"] for s in scores if s.get("danger_statement")}
    assert scored_statements == {ds["id"] for ds in doc["danger_statements"]}
    scored_children = {s["child"] for s in scores if s.get("child")}
    assert scored_children == {c["id"] for c in doc["children"]}
    family = {p["id"] for p in doc["participants"] if p.get("is_family")}
    assert any(s["participant"] in family for s in scores)
    assert sum(bool(s.get("reason")) for s in scores) >= len(scores) - 2


# --- decision and plan ------------------------------------------------------------------


def test_decisions(doc: Doc) -> None:
    decisions = doc["decisions"]
    assert sorted(d["child"] for d in decisions) == sorted(c["id"] for c in doc["children"])
    outcomes = {d["outcome"] for d in decisions}
    assert {"child_protection_plan", "child_in_need_plan"} <= outcomes
    for d in decisions:
        assert d["rationale"]
        if d["outcome"] == "child_protection_plan":
            assert d["categories"]
    views = [v for d in decisions for v in d["agency_views"]]
    assert {v["view"] for v in views} == {"plan", "no_plan", "abstain"}
    assert any(v.get("reason") for v in views)
    dissent = [x for d in decisions for x in d.get("dissent", [])]
    assert dissent and all(x["reason"] for x in dissent)


def test_next_steps(doc: Doc) -> None:
    steps = doc["next_steps"]
    assert 6 <= len(steps) <= 8
    assert all(s["owner"] and s["owner_participant"] for s in steps)
    assert sum(bool(s.get("due")) for s in steps) >= 6
    assert all(is_working_day(date.fromisoformat(s["due"])) for s in steps if s.get("due"))
    assert {s["safety_goal"] for s in steps if s.get("safety_goal")} == {
        g["id"] for g in doc["safety_goals"]
    }
    assert len({s.get("status", "open") for s in steps}) >= 4
    assert any(s.get("restricted") for s in steps)
    parents = {p["id"] for p in doc["participants"] if p["role"] in {"Mother", "Father"}}
    assert any(parents & set(s.get("withheld_from", [])) for s in steps)
    assert sum("family_view" in s for s in steps) >= 3
    assert doc["contingency"]
