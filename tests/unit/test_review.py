"""Starting a review: what is carried, with carried_from and statuses, and the previous conference untouched."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from conference.exchange.interchange import export_document, import_document
from conference.operations.review import previous_decisions, start_review
from conference.store.database import Store
from tests.helpers import examples
from tests.strategies import conference_documents
from tests.unit.record_helpers import ended_meeting, run, the_store

ACTOR = "Priya Shah"


def _without_record(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("exported_at",)}


def check_review(store: Store, prev_id: str, before: dict[str, Any], rid: str) -> dict[str, Any]:
    """Every carried object names what it continues; nothing of the previous one changed."""
    after = export_document(store, prev_id)
    assert _without_record(after) == _without_record(before)
    review = export_document(store, rid)
    conf = review["conference"]
    assert conf["kind"] == "review"
    assert conf["previous_conference_id"] == prev_id
    assert conf["status"] == "planned"
    # Children and participants keep their ids and roles; attendance is for the chair to set.
    assert [c["id"] for c in review["children"]] == [c["id"] for c in before["children"]]
    assert [(p["id"], p["role"]) for p in review["participants"]] == [
        (p["id"], p["role"]) for p in before["participants"]
    ]
    assert all(p["attendance"] == "present" for p in review["participants"])
    assert all(p.get("attendance_note", "") == "" for p in review["participants"])
    # Statements, goals and steps are carried with carried_from and keep their flags.
    for key in ("danger_statements", "safety_goals"):
        old = {o["id"]: o for o in before[key]}
        assert len(review[key]) == len(old)
        for new in review[key]:
            was = old[new["carried_from"]]
            assert new["id"] != was["id"]
            assert new["text"] == was["text"]
            assert new.get("restricted") == was.get("restricted")
            assert new.get("withheld_from") == was.get("withheld_from")
    assert all(d["review_status"] is None for d in review["danger_statements"])
    old_steps = {s["id"]: s for s in before["next_steps"] if s.get("status") != "dropped"}
    assert len(review["next_steps"]) == len(old_steps)
    for step in review["next_steps"]:
        was = old_steps[step["carried_from"]]
        assert step["action"] == was["action"]
        assert step["status"] == "open"
        assert step.get("restricted") == was.get("restricted")
    # A goal still names its (carried) statement, a step its (carried) goal.
    statement_of = {d["carried_from"]: d["id"] for d in review["danger_statements"]}
    goal_of = {g["carried_from"]: g["id"] for g in review["safety_goals"]}
    for g in review["safety_goals"]:
        was = next(o for o in before["safety_goals"] if o["id"] == g["carried_from"])
        assert g.get("danger_statement") == statement_of.get(was.get("danger_statement"))
    for s in review["next_steps"]:
        was = old_steps[s["carried_from"]]
        assert s.get("safety_goal") == goal_of.get(was.get("safety_goal"))
    # The review starts with no scores, no decisions; the last revealed scores are kept.
    assert review["scaling"]["scores"] == []
    assert review["decisions"] == []
    prev_scaling = before["scaling"]
    if prev_scaling.get("revealed"):
        shown = [
            s["score"]
            for s in prev_scaling["scores"]
            if not s.get("restricted") and not s.get("withheld_from")
        ]
        assert [s["score"] for s in review["previous_scaling"]["scores"]] == shown
        assert review["previous_scaling"]["question"] == prev_scaling["question"]
    else:
        assert review["previous_scaling"] is None
    return review


def test_review_of_the_public_example_after_ending_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    prev_id = ended_meeting(capsys, tmp_path, example_doc)
    store = the_store()
    try:
        before = export_document(store, prev_id)
    finally:
        store.close()
    code, out, err = run(capsys, "review", prev_id)
    assert code == 0, err
    rid = out.strip()
    store = the_store()
    try:
        review = check_review(store, prev_id, before, rid)
        assert review["danger_statements"] and review["next_steps"]
        assert review["previous_scaling"] is not None and review["previous_scaling"]["scores"]
        # The next review is suggested within 6 months of this one.
        starts = review["conference"]["starts_at"][:10]
        due = review["review_conference"][:10]
        assert starts < due <= _plus_months(starts, 6)
        decided = previous_decisions(store, rid)
        assert {d.child for d in decided} == {d["child"] for d in before["decisions"]}
    finally:
        store.close()
    # A second review needs --again; with it, a review of a review works once ended.
    code, out, err = run(capsys, "review", prev_id)
    assert code == 3 and "--again" in err and out == ""
    code, out2, err = run(capsys, "review", prev_id, "--again")
    assert code == 0, err
    assert out2.strip() != rid


def _plus_months(day: str, months: int) -> str:
    import datetime as dt

    from conference.timescales import add_months

    return add_months(dt.date.fromisoformat(day), months).isoformat()


def test_a_conference_not_ended_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    from tests.unit.record_helpers import import_doc, in_meeting

    cid = import_doc(capsys, tmp_path, in_meeting(example_doc))
    store = the_store()
    try:
        before = export_document(store, cid)
    finally:
        store.close()
    code, out, err = run(capsys, "review", cid)
    assert code == 3 and out == ""
    assert "only an ended or finalised conference can be reviewed" in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "review", "no-such-conference")
    assert code == 3 and out == ""
    store = the_store()
    try:
        assert _without_record(export_document(store, cid)) == _without_record(before)
        # No review was created.
        code, out, err = run(capsys, "list")
        assert out.count("\n") == 1
    finally:
        store.close()


def test_a_review_of_a_review(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    from tests.unit.record_helpers import end_meeting

    prev_id = ended_meeting(capsys, tmp_path, example_doc)
    code, out, err = run(capsys, "review", prev_id)
    rid = out.strip()
    store = the_store()
    try:
        from conference import operations as ops

        ops.start_meeting(store, rid, ACTOR)
    finally:
        store.close()
    end_meeting(rid)
    code, out, err = run(capsys, "review", rid)
    assert code == 0, err
    store = the_store()
    try:
        second = export_document(store, out.strip())
        first = export_document(store, rid)
        assert second["conference"]["previous_conference_id"] == rid
        assert {d["carried_from"] for d in second["danger_statements"]} == {
            d["id"] for d in first["danger_statements"]
        }
    finally:
        store.close()


@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=conference_documents())
def test_review_of_a_generated_conference(store: Store, doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(doc)
    doc["conference"]["status"] = "ended"
    doc["record"] = None
    try:
        prev_id = import_document(store, doc, actor=ACTOR, as_copy=True)
    except Exception as exc:  # pragma: no cover - the strategy makes valid documents
        pytest.fail(f"the generated document did not import: {exc}")
    before = export_document(store, prev_id)
    rid = start_review(store, ACTOR, prev_id, again=True)
    check_review(store, prev_id, before, rid)


def test_progress_and_revisits_are_recorded_in_the_review_and_undone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    from conference.errors import RefusedInput
    from conference.operations.review import mark_progress, revisit_statement
    from conference.operations.unit_of_work import UnitOfWork

    prev_id = ended_meeting(capsys, tmp_path, example_doc)
    code, out, err = run(capsys, "review", prev_id)
    rid = out.strip()
    store = the_store()
    try:
        review = export_document(store, rid)
        step = review["next_steps"][0]["id"]
        statement = review["danger_statements"][0]["id"]
        with UnitOfWork(store, rid, ACTOR) as uow:
            undo_step = mark_progress(uow, step, "partly_done")
            revisit_statement(uow, statement, "changed")
        after = export_document(store, rid)
        assert after["next_steps"][0]["status"] == "partly_done"
        assert after["danger_statements"][0]["review_status"] == "changed"
        with (
            pytest.raises(RefusedInput, match="is not one of"),
            UnitOfWork(store, rid, ACTOR) as uow,
        ):
            revisit_statement(uow, statement, "gone")
        with (
            pytest.raises(RefusedInput, match="is not one of"),
            UnitOfWork(store, rid, ACTOR) as uow,
        ):
            mark_progress(uow, step, "finished")
        assert undo_step is not None
        # The previous conference's step is untouched.
        assert export_document(store, prev_id)["next_steps"][0]["status"] == "open"
    finally:
        store.close()


def test_due_knows_review_deadlines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    import datetime as dt
    import json

    from conference import operations as ops
    from conference.timescales import review_due_by
    from tests.unit.record_helpers import end_meeting

    doc = copy.deepcopy(example_doc)
    doc["review_conference"] = None  # no date set: the statutory "within 3 months"
    prev = ended_meeting(capsys, tmp_path, doc)
    code, out, err = run(capsys, "due", "--json")
    assert code == 0, err
    reviews = [d for d in json.loads(out) if d["what"] == "review"]
    store = the_store()
    try:
        ended = export_document(store, prev)["conference"]["ended_at"][:10]
    finally:
        store.close()
    expected = review_due_by(dt.date.fromisoformat(ended), "initial").isoformat()
    assert [(d["conference"], d["due_on"]) for d in reviews] == [(prev, expected)]
    # Once the review is started, the first conference's review is no longer owed; once the
    # review has ended, its own next review (within 6 months) is.
    code, out, err = run(capsys, "review", prev)
    rid = out.strip()
    store = the_store()
    try:
        ops.start_meeting(store, rid, ACTOR)
        suggested = export_document(store, rid)["review_conference"][:10]
    finally:
        store.close()
    end_meeting(rid)
    code, out, err = run(capsys, "due", "--json")
    reviews = [d for d in json.loads(out) if d["what"] == "review"]
    assert [(d["conference"], d["due_on"]) for d in reviews] == [(rid, suggested)]


def test_review_of_a_finalised_record_leaves_its_seal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    prev = ended_meeting(capsys, tmp_path, example_doc)
    code, _, err = run(capsys, "approve", prev, "--by", ACTOR)
    assert code == 0, err
    store = the_store()
    try:
        before = export_document(store, prev)
    finally:
        store.close()
    code, out, err = run(capsys, "review", prev)
    assert code == 0, err
    code, _, err = run(capsys, "verify", prev)
    assert code == 0, err
    store = the_store()
    try:
        check_review(store, prev, before, out.strip())
    finally:
        store.close()
