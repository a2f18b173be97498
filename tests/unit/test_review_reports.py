"""The family copy and minutes of a review, read back from the PDFs: done, still to do, the trend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conference import operations as ops
from conference.exchange.interchange import export_document
from conference.family_filter import family_view
from conference.language.plain_language import readability
from conference.reports.family_copy import body_text
from conference.reports.review_words import round_in_words, trend_sentences
from tests.unit.record_helpers import end_meeting, ended_meeting, pdf_text, run, the_store

ACTOR = "Priya Shah"
# This time: most people say 6 (last time the example's scores went from 3 to 7).
NEW_SCORES = {"p-jade": 7, "p-dan": 6, "p-sw": 6, "p-hv": 6, "p-teach": 5, "p-pol": 6}


def held_review(capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: dict[str, Any]) -> str:
    """A review of the example, held: steps marked, worries revisited, scored, ended."""
    prev = ended_meeting(capsys, tmp_path, doc)
    code, out, err = run(capsys, "review", prev)
    assert code == 0, err
    rid = out.strip()
    store = the_store()
    try:
        ops.start_meeting(store, rid, ACTOR)
        review = export_document(store, rid)
        steps = {s["carried_from"]: s["id"] for s in review["next_steps"]}
        for old, status in (("n1", "done"), ("n2", "partly_done"), ("n3", "dropped")):
            ops.update(store, rid, "next_step", steps[old], ACTOR, {"status": status})
        ops.update(store, rid, "next_step", steps["n4"], ACTOR, {"status": "not_done"})
        statuses = ["no_longer_a_worry", "still_a_worry", "changed"]
        for n, d in enumerate(review["danger_statements"]):
            ops.update(
                store,
                rid,
                "danger_statement",
                d["id"],
                ACTOR,
                {"review_status": statuses[n % 3]},
            )
        for pid, score in NEW_SCORES.items():
            ops.add(store, rid, "score", ACTOR, {"participant": pid, "score": score})
        ops.update_conference(store, rid, ACTOR, {"scaling_revealed": True})
    finally:
        store.close()
    end_meeting(rid)
    return rid


def test_rounds_in_plain_words() -> None:
    assert round_in_words([3, 3, 4]) == "most people said 3"
    assert round_in_words([6, 6]) == "everyone said 6"
    assert round_in_words([5]) == "one person said 5"
    assert round_in_words([3, 4, 7]) == "the scores went from 3 to 7"
    doc = {
        "previous_scaling": {"scores": [{"participant": "a", "score": 3}] * 3},
        "scaling": {"revealed": True, "scores": [{"participant": "a", "score": 6}] * 2},
    }
    assert trend_sentences(doc)[:2] == ["Last time everyone said 3.", "This time everyone said 6."]
    doc["scaling"]["revealed"] = False
    assert trend_sentences(doc) == ["Last time everyone said 3."]


def test_review_family_copy_and_minutes_read_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    rid = held_review(capsys, tmp_path, example_doc)
    family = tmp_path / "family.pdf"
    minutes = tmp_path / "minutes.pdf"
    code, _, err = run(capsys, "family-copy", rid, "-o", str(family))
    assert code == 0, err
    code, _, err = run(capsys, "minutes", rid, "-o", str(minutes))
    assert code == 0, err
    copy = pdf_text(family.read_bytes())
    done_part = copy[copy.index("What has been done") : copy.index("What is still to do")]
    still = copy[copy.index("What is still to do") : copy.index("How the scores moved")]
    assert "Go to the alcohol service" in done_part
    assert "Go to the alcohol service" not in still  # a done step is never still to do
    assert "Make a safety plan with Jade" in still and "partly done" in still
    assert "Talk with Mia each week" in still
    assert "Book Leo" not in copy  # a dropped step is not listed
    assert "Last time the scores went from 3 to 7. This time most people said 6." in copy
    assert "The scores have gone up." in copy
    assert "This time: We are no longer worried about this." in copy

    text = pdf_text(minutes.read_bytes())
    assert "Progress on the last plan" in text
    done_m = text[text.index("Done since the last conference") : text.index("Still to do")]
    still_m = text[text.index("Still to do") : text.index("Contingency")]
    still_m = still_m[: still_m.index("Action Owner")]  # the progress part, not the plan's table
    assert "Go to the alcohol service" in done_m
    assert "Make a safety plan with Jade" in still_m and "(partly done)" in still_m
    assert "Go to the alcohol service" not in still_m
    # The dropped step is in neither list; the full record still shows it as dropped.
    assert "Book Leo" not in done_m + still_m
    assert "Dropped" in text
    assert "Last time" in text and "This time" in text
    assert "This time most people said 6." in text
    assert "Looked at again at this review: No longer a worry" in text

    store = the_store()
    try:
        ease = readability(body_text(family_view(export_document(store, rid))))
    finally:
        store.close()
    assert ease >= 80, ease
