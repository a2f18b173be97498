"""The operations: one audit entry per change, undo by restore and move back, refusals.

The table of operations runs the typed, per-area functions over a unit of work; the rest use
the generic `ops.add`/`ops.update`/... helpers, a thin layer dispatching to those functions.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from conference import operations as ops
from conference.errors import RefusedInput
from conference.exchange.interchange import export_document, import_document, validate_document
from conference.operations import (
    UnitOfWork,
    analysis,
    decisions,
    items,
    meeting,
    people,
    plan,
    scaling,
)
from conference.store.database import Store, open_store
from conference.store.model import ScalingScore
from tests.helpers import examples
from tests.strategies import conference_documents

Doc = dict[str, Any]
CID = "3f6d1c2e-8a41-4c1b-9a55-0d2f1e7b9c10"
ACTOR = "chair-laptop"


def _score_id(store: Store, participant: str) -> str:
    with store.session() as session:
        row = session.exec(
            select(ScalingScore).where(
                ScalingScore.conference_id == CID, ScalingScore.participant == participant
            )
        ).first()
        assert row is not None
        return row.id


def _in(work: Callable[[UnitOfWork], Any]) -> Callable[[Store], Any]:
    """One typed operation in its own unit of work."""

    def run(store: Store) -> Any:
        with UnitOfWork(store, CID, ACTOR) as uow:
            return work(uow)

    return run


# (name, operation, expected action, entity, entity id, field, before, after); None: not checked
OPS: list[tuple[str, Callable[[Store], Any], str, str, str | None, str, Any, Any]] = [
    (
        "add item",
        _in(lambda u: items.add_item(u, id="i99", section="strengths", text="Carol helps.")),
        "add",
        "item",
        "i99",
        "",
        None,
        "*",
    ),
    (
        "update item text",
        _in(lambda u: items.update_item(u, "i1", {"text": "Changed."})),
        "update",
        "item",
        "i1",
        "text",
        {
            "text": "On 28 October Mia told her teacher that Dad hit Mum in the kitchen and that she hid under her bed."
        },
        {"text": "Changed."},
    ),
    (
        "withhold an item",
        _in(lambda u: items.update_item(u, "i8", {"withheld_from": ["p-dan"]})),
        "update",
        "item",
        "i8",
        "withheld_from",
        {"withheld_from": []},
        {"withheld_from": ["p-dan"]},
    ),
    (
        "update a score",
        # The id is read before the unit of work opens: a unit holds the write lock.
        lambda s: (lambda sid: _in(lambda u: scaling.update_score(u, sid, {"score": 5}))(s))(
            _score_id(s, "p-dan")
        ),
        "update",
        "score",
        None,
        "score",
        {"score": 6},
        {"score": 5},
    ),
    (
        "update a decision",
        _in(lambda u: decisions.update_decision(u, "c-mia", {"outcome": "child_in_need_plan"})),
        "update",
        "decision",
        "c-mia",
        "outcome",
        {"outcome": "child_protection_plan"},
        {"outcome": "child_in_need_plan"},
    ),
    (
        "delete a step",
        _in(lambda u: plan.remove_next_step(u, "n4")),
        "delete",
        "next_step",
        "n4",
        "",
        "*",
        None,
    ),
    (
        "move an item",
        _in(lambda u: items.move_item(u, "i3", 0)),
        "move",
        "item",
        "i3",
        "position",
        2,
        0,
    ),
    (
        "move an item to another pane",
        _in(lambda u: items.move_item_to_section(u, "i12", "strengths")),
        "move",
        "item",
        "i12",
        "section",
        {"section": "grey_areas", "position": 11},
        "*",
    ),
    (
        "update the conference",
        _in(lambda u: meeting.update_conference(u, {"venue": "Room 5 <upstairs> & left"})),
        "update",
        "conference",
        CID,
        "venue",
        {"venue": "Civic Centre, Room 4"},
        {"venue": "Room 5 <upstairs> & left"},
    ),
    (
        "finalise",
        _in(meeting.finalise_conference),
        "finalise",
        "conference",
        CID,
        "status",
        "ended",
        "finalised",
    ),
    (
        "restore a status",
        _in(lambda u: meeting.restore_status(u, "in_progress")),
        "restore status",
        "conference",
        CID,
        "status",
        "ended",
        "in_progress",
    ),
    (
        "switch a participant to professional",
        _in(lambda u: people.set_family(u, "p-nan", False)),
        "update",
        "participant",
        "p-nan",
        "is_family",
        {"is_family": True},
        {"is_family": False},
    ),
    (
        "add a safety goal",
        _in(
            lambda u: analysis.add_safety_goal(
                u, id="g9", text="Mia is safe.", danger_statement="d1"
            )
        ),
        "add",
        "safety_goal",
        "g9",
        "",
        None,
        "*",
    ),
    (
        "change the plan's contingency",
        _in(lambda u: plan.update_plan(u, {"contingency": "Call a meeting."})),
        "update",
        "conference",
        CID,
        "contingency",
        "*",
        {"contingency": "Call a meeting."},
    ),
]


@pytest.mark.parametrize(
    ("op", "action", "entity", "entity_id", "field", "before", "after"),
    [o[1:] for o in OPS],
    ids=[o[0] for o in OPS],
)
def test_each_operation_writes_one_audit_entry(
    example_store: tuple[Store, str],
    op: Callable[[Store], Any],
    action: str,
    entity: str,
    entity_id: str | None,
    field: str,
    before: Any,
    after: Any,
) -> None:
    store, cid = example_store
    earlier = ops.audit_trail(store, cid)
    op(store)
    trail = ops.audit_trail(store, cid)
    assert [e.id for e in trail[: len(earlier)]] == [e.id for e in earlier]
    assert len(trail) == len(earlier) + 1
    entry = trail[-1]
    assert entry.actor == ACTOR
    assert (entry.action, entry.entity, entry.field) == (action, entity, field)
    assert entry.at
    if entity_id is not None:
        assert entry.entity_id == entity_id
    else:
        assert entry.entity_id
    for want, got in ((before, entry.before), (after, entry.after)):
        if want == "*":
            assert got
        else:
            assert got == want


def test_delete_and_restore_write_one_entry_each(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    n = len(ops.audit_trail(store, cid))
    snap = ops.delete(store, cid, "participant", "p-dan", ACTOR)
    ops.restore(store, cid, "participant", snap, ACTOR)
    trail = ops.audit_trail(store, cid)[n:]
    assert [(e.action, e.entity, e.entity_id) for e in trail] == [
        ("delete", "participant", "p-dan"),
        ("restore", "participant", "p-dan"),
    ]
    assert trail[0].before["name"] == "Daniel Green" and trail[0].after is None
    assert trail[1].before is None and trail[1].after["name"] == "Daniel Green"


def test_create_conference_is_audited(store: Store) -> None:
    cid = ops.create_conference(
        store, ACTOR, starts_at="2027-01-05T09:30", chair="Priya Shah", family_name="the Ali family"
    )
    trail = ops.audit_trail(store, cid)
    assert [(e.action, e.entity, e.actor) for e in trail] == [("create", "conference", ACTOR)]
    assert export_document(store, cid)["conference"]["status"] == "planned"
    ops.add(store, cid, "child", ACTOR, {"id": "c1", "name": "Zain Ali"})
    # With its first child it is a whole, valid document.
    validate_document(export_document(store, cid))


EVERY_OP: list[tuple[str, Callable[[Store], Any]]] = [
    ("add", lambda s: ops.add(s, CID, "item", ACTOR, {"section": "harm", "text": "More."})),
    ("update", lambda s: ops.update(s, CID, "item", "i1", ACTOR, {"text": "Rewritten."})),
    ("delete", lambda s: ops.delete(s, CID, "item", "i1", ACTOR)),
    (
        "restore",
        lambda s: ops.restore(
            s,
            CID,
            "item",
            {
                "row": {
                    "id": "i-new",
                    "position": 99,
                    "section": "harm",
                    "text": "Back.",
                    "source": None,
                    "children": [],
                    "restricted": False,
                    "withheld_from": [],
                },
                "changed": [],
                "removed": [],
            },
            ACTOR,
        ),
    ),
    ("move", lambda s: ops.move(s, CID, "item", "i1", 3, ACTOR)),
    ("move to pane", lambda s: ops.move_item_to_section(s, CID, "i1", "strengths", ACTOR)),
    ("update conference", lambda s: ops.update_conference(s, CID, ACTOR, {"venue": "Elsewhere"})),
    ("start", lambda s: ops.start_meeting(s, CID, ACTOR)),
    ("end", lambda s: ops.end_meeting(s, CID, ACTOR)),
    ("finalise", lambda s: ops.finalise_conference(s, CID, ACTOR)),
    ("restore status", lambda s: ops.restore_status(s, CID, ACTOR, "ended")),
]


@pytest.mark.parametrize("op", [o for _, o in EVERY_OP], ids=[n for n, _ in EVERY_OP])
def test_a_finalised_conference_refuses_every_operation(
    store: Store, example_doc: Doc, op: Callable[[Store], Any]
) -> None:
    example_doc["conference"]["status"] = "finalised"
    import_document(store, example_doc, actor="test")
    before = export_document(store, CID)
    trail = len(ops.audit_trail(store, CID))
    with pytest.raises(RefusedInput, match="finalised"):
        op(store)
    assert export_document(store, CID) == before
    assert len(ops.audit_trail(store, CID)) == trail


@pytest.mark.parametrize(
    ("kind", "ent_id"),
    [
        ("participant", "p-dan"),  # source, owner, withheld_from, score, attends
        ("participant", "p-sw"),  # lead social worker, sources, owner, agency views, score
        ("participant", "p-jade"),  # source, score, dissent
        ("participant", "p-teach"),  # agency view with a reason
        ("child", "c-leo"),  # item/statement/step children, a decision
        ("child", "c-mia"),
        ("danger_statement", "d1"),  # a goal's statement
        ("safety_goal", "g1"),  # steps' goal
        ("item", "i1"),
        ("item", "i10"),
        ("next_step", "n3"),
        ("decision", "c-leo"),
    ],
)
def test_delete_then_restore_gives_back_the_same_export(
    example_store: tuple[Store, str], kind: str, ent_id: str
) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    snap = ops.delete(store, cid, kind, ent_id, ACTOR)
    during = export_document(store, cid)
    assert during != before
    validate_document(copy.deepcopy(during))  # what is left is still a valid document
    assert ent_id not in _references(during, kind)
    ops.restore(store, cid, kind, snap, ACTOR)
    assert export_document(store, cid) == before


def test_restore_when_one_object_names_the_deleted_one_twice(
    store: Store, example_doc: Doc
) -> None:
    """Dan is the source of an item withheld from him, and both views and dissents on a decision."""
    example_doc["items"][9]["source"] = "p-dan"
    decision = example_doc["decisions"][1]
    decision["agency_views"].append({"participant": "p-dan", "view": "no_plan", "reason": "Mine."})
    decision["dissent"].append({"participant": "p-dan", "reason": "I disagree."})
    import_document(store, example_doc, actor="test")
    before = export_document(store, CID)
    snap = ops.delete(store, CID, "participant", "p-dan", ACTOR)
    during = export_document(store, CID)
    assert during["items"][9]["source"] is None and during["items"][9]["withheld_from"] == []
    ops.restore(store, CID, "participant", snap, ACTOR)
    assert export_document(store, CID) == before


def test_delete_and_restore_of_a_score(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    snap = ops.delete(store, cid, "score", _score_id(store, "p-sw"), ACTOR)
    assert len(export_document(store, cid)["scaling"]["scores"]) == 5
    ops.restore(store, cid, "score", snap, ACTOR)
    assert export_document(store, cid) == before


def test_delete_and_restore_after_reordering(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    ops.move(store, cid, "item", "i5", 0, ACTOR)
    before = export_document(store, cid)
    snap = ops.delete(store, cid, "item", "i2", ACTOR)
    ops.add(store, cid, "item", ACTOR, {"id": "i-late", "section": "harm", "text": "Added."})
    ops.delete(store, cid, "item", "i-late", ACTOR)
    ops.restore(store, cid, "item", snap, ACTOR)
    assert export_document(store, cid) == before


def _references(doc: Doc, kind: str) -> set[str]:
    """Every id a document uses as a reference of this kind."""
    found: set[str] = set()
    if kind == "participant":
        found.add(doc["conference"]["lead_social_worker"])
        for coll in ("items", "danger_statements", "safety_goals", "next_steps"):
            for obj in doc[coll]:
                found.update(obj.get("withheld_from", []))
                found.add(obj.get("source"))
                found.add(obj.get("owner_participant"))
        found.update(s["participant"] for s in doc["scaling"]["scores"])
        for d in doc["decisions"]:
            found.update(v["participant"] for v in d["agency_views"] + d["dissent"])
        found.update(p["id"] for p in doc["participants"])
    elif kind == "child":
        for coll in ("items", "danger_statements", "next_steps"):
            for obj in doc[coll]:
                found.update(obj["children"])
        found.update(s["child"] for s in doc["scaling"]["scores"])
        found.update(d["child"] for d in doc["decisions"])
        found.update(c["id"] for c in doc["children"])
    elif kind == "decision":
        found.update(d["child"] for d in doc["decisions"])
    elif kind == "danger_statement":
        found.update(g["danger_statement"] for g in doc["safety_goals"])
        found.update(s["danger_statement"] for s in doc["scaling"]["scores"])
        found.update(d["id"] for d in doc["danger_statements"])
    elif kind == "safety_goal":
        found.update(s["safety_goal"] for s in doc["next_steps"])
        found.update(g["id"] for g in doc["safety_goals"])
    else:
        coll = {"item": "items", "next_step": "next_steps"}[kind]
        found.update(o["id"] for o in doc[coll])
    return found - {None}


def test_move_and_move_back(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    old = ops.move(store, cid, "item", "i2", 9, ACTOR)
    assert old == 1
    moved = export_document(store, cid)
    assert [i["id"] for i in moved["items"]][9] == "i2"
    ops.move(store, cid, "item", "i2", old, ACTOR)
    assert export_document(store, cid) == before
    old = ops.move(store, cid, "next_step", "n5", 0, ACTOR)
    assert [s["id"] for s in export_document(store, cid)["next_steps"]][0] == "n5"
    ops.move(store, cid, "next_step", "n5", old, ACTOR)
    old = ops.move(store, cid, "decision", "c-leo", 0, ACTOR)
    assert [d["child"] for d in export_document(store, cid)["decisions"]] == ["c-leo", "c-mia"]
    ops.move(store, cid, "decision", "c-leo", old, ACTOR)
    assert export_document(store, cid) == before


def test_move_item_to_section_and_back(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    old = ops.move_item_to_section(store, cid, "i1", "strengths", ACTOR)
    assert old == {"section": "harm", "position": 0}
    moved = export_document(store, cid)
    assert moved["items"][-1]["id"] == "i1" and moved["items"][-1]["section"] == "strengths"
    ops.move_item_to_section(store, cid, "i1", old["section"], ACTOR, position=old["position"])
    assert export_document(store, cid) == before


def test_status_transitions(store: Store) -> None:
    cid = ops.create_conference(
        store, ACTOR, starts_at="2027-01-05T09:30", chair="Priya Shah", family_name="the Ali family"
    )

    def status() -> str:
        return str(export_document(store, cid)["conference"]["status"])

    with pytest.raises(RefusedInput):
        ops.end_meeting(store, cid, ACTOR)
    with pytest.raises(RefusedInput):
        ops.finalise_conference(store, cid, ACTOR)
    assert ops.start_meeting(store, cid, ACTOR) == "planned"
    assert status() == "in_progress"
    with pytest.raises(RefusedInput):
        ops.start_meeting(store, cid, ACTOR)
    with pytest.raises(RefusedInput):
        ops.finalise_conference(store, cid, ACTOR)
    assert ops.end_meeting(store, cid, ACTOR) == "in_progress"
    assert status() == "ended"
    # undo of end, then end again
    assert ops.restore_status(store, cid, ACTOR, "in_progress") == "ended"
    assert ops.end_meeting(store, cid, ACTOR) == "in_progress"
    with pytest.raises(RefusedInput):
        ops.restore_status(store, cid, ACTOR, "finalised")
    with pytest.raises(RefusedInput):
        ops.restore_status(store, cid, ACTOR, "adjourned")
    assert ops.finalise_conference(store, cid, ACTOR) == "ended"
    assert status() == "finalised"
    for undo in (ops.start_meeting, ops.end_meeting, ops.finalise_conference):
        with pytest.raises(RefusedInput):
            undo(store, cid, ACTOR)
    with pytest.raises(RefusedInput):
        ops.restore_status(store, cid, ACTOR, "ended")
    actions = [e.action for e in ops.audit_trail(store, cid)]
    assert actions == ["create", "start", "end", "restore status", "end", "finalise"]


BAD_VALUES: list[tuple[str, Callable[[Store], Any], str]] = [
    (
        "empty text",
        lambda s: ops.add(s, CID, "item", ACTOR, {"section": "harm", "text": "  "}),
        "text",
    ),
    ("empty update", lambda s: ops.update(s, CID, "item", "i1", ACTOR, {"text": ""}), "text"),
    (
        "unknown section",
        lambda s: ops.add(s, CID, "item", ACTOR, {"section": "worries", "text": "x"}),
        "worries",
    ),
    (
        "impossible date",
        lambda s: ops.update(s, CID, "child", "c-mia", ACTOR, {"date_of_birth": "2026-02-30"}),
        "2026-02-30",
    ),
    (
        "compact date",
        lambda s: ops.update(s, CID, "child", "c-mia", ACTOR, {"date_of_birth": "20190514"}),
        "20190514",
    ),
    (
        "week date",
        lambda s: ops.update(s, CID, "next_step", "n1", ACTOR, {"due": "2026-W49-5"}),
        "2026-W49-5",
    ),
    (
        "date-time with a zone",
        lambda s: ops.update_conference(s, CID, ACTOR, {"starts_at": "2026-11-20T10:00:00+01:00"}),
        "starts_at",
    ),
    (
        "date without a time",
        lambda s: ops.update_conference(s, CID, ACTOR, {"review_conference": "2027-02-19"}),
        "review_conference",
    ),
    (
        "score 11",
        lambda s: ops.update(s, CID, "score", _score_id(s, "p-jade"), ACTOR, {"score": 11}),
        "11",
    ),
    (
        "score -1",
        lambda s: ops.add(s, CID, "score", ACTOR, {"participant": "p-nan", "score": -1}),
        "-1",
    ),
    (
        "second score",
        lambda s: ops.add(s, CID, "score", ACTOR, {"participant": "p-jade", "score": 1}),
        "score",
    ),
    (
        "second decision",
        lambda s: ops.add(
            s, CID, "decision", ACTOR, {"child": "c-mia", "outcome": "no_further_action"}
        ),
        "c-mia",
    ),
    (
        "withheld from a professional",
        lambda s: ops.update(s, CID, "item", "i1", ACTOR, {"withheld_from": ["p-sw"]}),
        "p-sw",
    ),
    (
        "unknown source",
        lambda s: ops.update(s, CID, "item", "i1", ACTOR, {"source": "p-x"}),
        "p-x",
    ),
    (
        "unknown child",
        lambda s: ops.update(s, CID, "item", "i1", ACTOR, {"children": ["c-x"]}),
        "c-x",
    ),
    (
        "unknown goal",
        lambda s: ops.update(s, CID, "next_step", "n1", ACTOR, {"safety_goal": "g-x"}),
        "g-x",
    ),
    (
        "unknown outcome",
        lambda s: ops.update(s, CID, "decision", "c-mia", ACTOR, {"outcome": "adopt"}),
        "adopt",
    ),
    (
        "withheld from one person twice",
        lambda s: ops.update(s, CID, "item", "i1", ACTOR, {"withheld_from": ["p-dan", "p-dan"]}),
        "withheld_from",
    ),
    (
        "one child twice",
        lambda s: ops.update(s, CID, "item", "i2", ACTOR, {"children": ["c-mia", "c-mia"]}),
        "children",
    ),
    (
        "one category twice",
        lambda s: ops.update(
            s, CID, "decision", "c-mia", ACTOR, {"categories": ["neglect", "neglect"]}
        ),
        "categories",
    ),
    (
        "no longer family while things are withheld from them",
        lambda s: ops.update(s, CID, "participant", "p-dan", ACTOR, {"is_family": False}),
        "i10",
    ),
    ("unknown field", lambda s: ops.update(s, CID, "item", "i1", ACTOR, {"colour": 1}), "colour"),
    ("unknown kind", lambda s: ops.delete(s, CID, "widget", "i1", ACTOR), "widget"),
    ("unknown object", lambda s: ops.delete(s, CID, "item", "i-x", ACTOR), "i-x"),
    (
        "unknown lead",
        lambda s: ops.update_conference(s, CID, ACTOR, {"lead_social_worker": "p-x"}),
        "p-x",
    ),
    (
        "template without the items' sections",
        lambda s: ops.update_conference(s, CID, ACTOR, {"template": "three-columns"}),
        "three-columns",
    ),
    ("empty chair", lambda s: ops.update_conference(s, CID, ACTOR, {"chair": ""}), "chair"),
    ("id change", lambda s: ops.update(s, CID, "item", "i1", ACTOR, {"id": "i0"}), "id"),
    (
        "duplicate id",
        lambda s: ops.add(s, CID, "item", ACTOR, {"id": "i1", "section": "harm", "text": "x"}),
        "i1",
    ),
]


@pytest.mark.parametrize("op", [o for _, o, _ in BAD_VALUES], ids=[n for n, _, _ in BAD_VALUES])
def test_bad_values_are_refused_and_change_nothing(
    example_store: tuple[Store, str], op: Callable[[Store], Any]
) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    trail = len(ops.audit_trail(store, cid))
    words = next(w for _, o, w in BAD_VALUES if o is op)
    with pytest.raises(RefusedInput) as refused:
        op(store)
    assert words in str(refused.value)
    assert "\n" not in str(refused.value)
    assert export_document(store, cid) == before
    assert len(ops.audit_trail(store, cid)) == trail


def test_a_family_member_with_nothing_withheld_may_become_a_professional(
    example_store: tuple[Store, str],
) -> None:
    store, cid = example_store
    assert ops.update(store, cid, "participant", "p-nan", ACTOR, {"is_family": False}) == {
        "is_family": True
    }
    validate_document(export_document(store, cid))


def test_what_operations_leave_is_still_a_valid_document(
    example_store: tuple[Store, str],
) -> None:
    store, cid = example_store
    ops.add(store, cid, "item", ACTOR, {"section": "harm", "text": "Nan <said> & left"})
    ops.add(store, cid, "score", ACTOR, {"participant": "p-nan", "score": 8, "child": "c-mia"})
    ops.update(store, cid, "child", "c-leo", ACTOR, {"date_of_birth": None})
    ops.update_conference(store, cid, ACTOR, {"review_conference": "2027-02-19T10:00"})
    ops.delete(store, cid, "participant", "p-pol", ACTOR)
    out = export_document(store, cid)
    validate_document(copy.deepcopy(out))
    assert out["review_conference"] == "2027-02-19T10:00"


_DELETABLE = {
    "children": "child",
    "participants": "participant",
    "items": "item",
    "danger_statements": "danger_statement",
    "safety_goals": "safety_goal",
    "next_steps": "next_step",
}


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=conference_documents(max_items=5), pick=st.randoms(use_true_random=False))
def test_delete_then_restore_of_anything_in_a_generated_conference(
    doc: Doc, pick: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    doc["conference"]["status"] = "in_progress"
    doc.pop("record", None)  # a record belongs to a finalised conference only
    store = open_store(tmp_path_factory.mktemp("ops") / "ops.db")
    try:
        cid = import_document(store, doc, actor="test")
        before = export_document(store, cid)
        targets = [(kind, o["id"]) for coll, kind in _DELETABLE.items() for o in before[coll]]
        targets += [("decision", d["child"]) for d in before["decisions"]]
        for kind, ent_id in pick.sample(targets, min(4, len(targets))):
            snap = ops.delete(store, cid, kind, ent_id, ACTOR)
            ops.restore(store, cid, kind, snap, ACTOR)
            assert export_document(store, cid) == before, (kind, ent_id)
    finally:
        store.close()
