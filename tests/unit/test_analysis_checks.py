"""The gentle warnings: each fires on a bad statement, goal or plan and stays quiet on good ones."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conference.language.analysis_checks import (
    compose_danger_statement,
    danger_statement_warnings,
    load_wordlist,
    low_score_alert,
    plan_warnings,
    quorum_warning,
    safety_goal_warnings,
)

GOOD_DS = {
    "who_is_worried": "Sam (social worker)",
    "worried_about": "Daniel hits Jade in the kitchen when he has been drinking",
    "impact_if_nothing_changes": "Mia could be hurt",
}


def test_example_statements_and_goals_are_quiet(example_doc: dict[str, Any]) -> None:
    statements = example_doc["danger_statements"]
    for ds in statements:
        assert danger_statement_warnings(ds, len(statements)) == [], ds["id"]
    for goal in example_doc["safety_goals"]:
        assert safety_goal_warnings(goal) == [], goal["id"]


def test_example_text_is_composed_from_its_parts(example_doc: dict[str, Any]) -> None:
    for ds in example_doc["danger_statements"]:
        composed = compose_danger_statement(
            ds["who_is_worried"], ds["worried_about"], ds["impact_if_nothing_changes"]
        )
        assert composed == ds["text"]


def test_compose_singular_plural_and_gaps() -> None:
    assert compose_danger_statement("Lucy", "Leo misses checks", "he could be ill.") == (
        "Lucy is worried that Leo misses checks. If this does not change, he could be ill."
    )
    assert compose_danger_statement("we", "x", "y").startswith("We are worried that x.")
    assert compose_danger_statement("", "", "") == ""
    assert "…" in compose_danger_statement("Sam", "", "")


@pytest.mark.parametrize("field", ["who_is_worried", "worried_about", "impact_if_nothing_changes"])
def test_empty_part_warns(field: str) -> None:
    ds = dict(GOOD_DS, **{field: "  "})
    assert len(danger_statement_warnings(ds, 1)) == 1


@pytest.mark.parametrize(
    "label", ["domestic violence", "Neglect", "substance misuse", "mental health"]
)
def test_label_instead_of_behaviour_warns(label: str) -> None:
    ds = dict(GOOD_DS, worried_about=f"there is {label} in the home")
    warnings = danger_statement_warnings(ds, 1)
    assert len(warnings) == 1 and label.lower() in warnings[0]


def test_labels_match_whole_words_only() -> None:
    ds = dict(GOOD_DS, worried_about="Mum is neglectfulness-free and the mentalhealth app")
    assert danger_statement_warnings(ds, 1) == []


def test_more_than_four_statements_warns() -> None:
    assert danger_statement_warnings(GOOD_DS, 4) == []
    assert "5 danger statements" in danger_statement_warnings(GOOD_DS, 5)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Dad won't argue with Mum.",
        "Dad won\u2019t argue with Mum.",
        "Daniel will not drink at home.",
        "Daniel will stop drinking.",
        "No more shouting in front of the children.",
        "Mum will never leave the children alone.",
        "Don't hit anyone.",
        "The children are not scared at home.",
    ],
)
def test_negative_goal_warns(text: str) -> None:
    warnings = safety_goal_warnings({"text": text, "how_long": "for six months"})
    assert len(warnings) == 1 and "instead" in warnings[0]


def test_goal_without_duration_warns() -> None:
    warnings = safety_goal_warnings({"text": "Leo goes to every health check.", "how_long": ""})
    assert len(warnings) == 1 and "how long" in warnings[0]


def test_council_extends_word_lists(isolated_env: Path) -> None:
    folder = isolated_env / "config" / "wordlists"
    folder.mkdir(parents=True)
    (folder / "labels.txt").write_text("# ours\ntoxic household\n", encoding="utf-8")
    (folder / "negatives-extra.txt").write_text("quit\n", encoding="utf-8")
    assert "toxic household" in load_wordlist("labels")
    assert "domestic violence" in load_wordlist("labels")
    ds = dict(GOOD_DS, worried_about="a toxic household")
    assert danger_statement_warnings(ds, 1)
    assert safety_goal_warnings({"text": "Dad will quit drinking.", "how_long": "a year"})


def test_plan_warnings(example_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(example_doc)
    # The example's police step is open-ended (no date): the only warning it raises.
    assert [w[0] for w in plan_warnings(doc)] == ["n5"]
    doc["next_steps"] = [s for s in doc["next_steps"] if s.get("safety_goal") != "g2"]
    doc["next_steps"][0]["owner"] = ""
    doc["next_steps"][0]["owner_participant"] = None
    ids = [w[0] for w in plan_warnings(doc)]
    assert "g2" in ids and "n1" in ids
    assert "who will do it" in dict(plan_warnings(doc))["n1"]


def test_quorum(example_doc: dict[str, Any]) -> None:
    assert quorum_warning(example_doc) is None
    doc = copy.deepcopy(example_doc)
    for p in doc["participants"]:
        if p["id"] in ("p-teach", "p-pol"):
            p["attendance"] = "apologies"
    warning = quorum_warning(doc)
    assert warning is not None and "only one other agency" in warning and "NHS" in warning
    for p in doc["participants"]:
        if p["id"] == "p-sw":
            p["attendance"] = "absent"
    assert "children's social care is not here" in (quorum_warning(doc) or "")


def test_quorum_counts_agencies_not_people(example_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(example_doc)
    for p in doc["participants"]:
        if p["id"] in ("p-teach", "p-pol"):
            p["agency"] = "NHS"
    assert "only one other agency" in (quorum_warning(doc) or "")


def test_low_score_alert(example_doc: dict[str, Any]) -> None:
    assert low_score_alert(example_doc) is None
    doc = copy.deepcopy(example_doc)
    doc["scaling"]["revealed"] = False
    doc["scaling"]["scores"][0]["score"] = 1
    assert low_score_alert(doc) == (
        "A score of 1 from Jade Green means immediate danger: act on it now."
    )
    doc["scaling"]["scores"][2]["score"] = 0
    assert "Scores of 1 from Jade Green and 0 from Sam Okafor" in (low_score_alert(doc) or "")


def test_no_qt_imported() -> None:
    code = "import sys, conference.language.analysis_checks; print(any('PySide6' in m for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
