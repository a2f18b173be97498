"""The family filter, over thousands of generated conferences: nothing kept back, nothing over-filtered."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

from conference.errors import RefusedInput
from conference.family_filter import family_view, resolve_family_member
from tests.helpers import examples
from tests.strategies import (
    Sentinels,
    conference_documents,
    documents_with_kept_back_sentinels,
    may_see,
)

Doc = dict[str, Any]
COLLECTIONS = ("items", "danger_statements", "safety_goals", "next_steps")


def _family(doc: Doc) -> list[str]:
    return [p["id"] for p in doc["participants"] if p.get("is_family")]


def _ids(doc: Doc, coll: str) -> list[str]:
    return [o["id"] for o in doc.get(coll, [])]


def _assert_no_trace(source: Doc, view: Doc) -> None:
    """The view adds no key, flag or marker: only what the source had, with nothing kept-back-looking."""

    def walk(a: Any, b: Any, where: str) -> None:
        if isinstance(b, dict):
            assert isinstance(a, dict), where
            # A field the source left out may come back as its plain default (an empty list,
            # false, ""): the same for every document, so it tells of nothing.
            extra = {k for k in set(b) - set(a) if b[k] not in ([], False, "")}
            assert not extra, f"{where}: the view added {extra}"
            for k, v in b.items():
                if k in a:
                    walk(a[k], v, f"{where}.{k}")
        elif isinstance(b, list) and b and isinstance(b[0], dict) and "id" in b[0]:
            by_id = {o["id"]: o for o in a}
            for o in b:
                walk(by_id[o["id"]], o, f"{where}[{o['id']}]")
        elif isinstance(b, list) and where.endswith("scores"):
            # A score shown is a score of the source; its own flags are cleared in the view.
            def bare(score: dict[str, Any]) -> dict[str, Any]:
                return {k: v for k, v in score.items() if k not in ("restricted", "withheld_from")}

            for o in b:
                assert not o.get("restricted") and not o.get("withheld_from"), where
                assert bare(o) in [bare(x) for x in a], f"{where}: a score the source did not have"

    walk(source, view, "$")
    for coll in COLLECTIONS:
        for obj in view.get(coll, []):
            assert not obj.get("restricted"), f"{coll} {obj['id']} still says restricted"
            assert not obj.get("withheld_from"), (
                f"{coll} {obj['id']} still names who it is kept from"
            )
    for child in view["children"]:
        assert not child.get("view_restricted") and not child.get("view_withheld_from")
    contingency = view.get("contingency")
    if isinstance(contingency, dict):
        assert not contingency.get("restricted") and not contingency.get("withheld_from")
    for p in view["participants"]:
        assert not p.get("attendance_note")
    # The view keeps the source's order: nothing is shuffled to hide a gap.
    for coll in COLLECTIONS:
        shown = _ids(view, coll)
        assert shown == [i for i in _ids(source, coll) if i in shown]


def _check_view(
    doc: Doc,
    sentinels: Sentinels,
    viewer: str | None,
    seen: dict[tuple[str, str], frozenset[str]],
) -> None:
    before = json.dumps(doc)
    view = family_view(doc, viewer)
    assert json.dumps(doc) == before, "family_view changed its input"
    text = json.dumps(view, ensure_ascii=False)
    for mark, allowed in sentinels.items():
        if viewer is not None and viewer in allowed:
            assert mark in text, f"{mark} may be seen by {viewer} but was filtered out"
        else:
            assert mark not in text, f"{mark} is kept back from {viewer or 'the room'} but shown"
    _assert_no_trace(doc, view)
    family = set(_family(doc))
    for coll in COLLECTIONS:
        want = [
            i
            for i in _ids(doc, coll)
            if (viewer in seen[coll, i] if viewer else (seen[coll, i] == family and family))
            or (not family and not _kept(doc, coll, i))
        ]
        assert _ids(view, coll) == want, f"{coll} for {viewer}"


def _kept(doc: Doc, coll: str, obj_id: str) -> bool:
    """With no family members: kept back only by restriction, its own or its statement's or goal's."""
    obj = next(o for o in doc[coll] if o["id"] == obj_id)
    if obj.get("restricted"):
        return True
    if coll == "safety_goals" and obj.get("danger_statement") is not None:
        return _kept(doc, "danger_statements", obj["danger_statement"])
    if coll == "next_steps" and obj.get("safety_goal") is not None:
        return _kept(doc, "safety_goals", obj["safety_goal"])
    return False


@settings(max_examples=examples(2000), deadline=None)
@given(case=documents_with_kept_back_sentinels(max_items=8))
def test_nothing_kept_back_survives_and_nothing_visible_is_lost(
    case: tuple[Doc, Sentinels],
) -> None:
    doc, sentinels = case
    seen = may_see(doc)
    _check_view(doc, sentinels, None, seen)
    for member in _family(doc):
        _check_view(doc, sentinels, member, seen)


@settings(max_examples=examples(150), deadline=None)
@given(doc=conference_documents(max_items=8))
def test_visible_to_everyone_appears_in_every_view(doc: Doc) -> None:
    viewers: list[str | None] = [None, *_family(doc)]
    for coll in COLLECTIONS:
        for obj in doc.get(coll, []):
            shared = not obj.get("restricted") and not obj.get("withheld_from")
            if coll == "safety_goals" and obj.get("danger_statement") is not None:
                continue  # follows its statement; covered by the sentinel test
            if coll == "next_steps" and obj.get("safety_goal") is not None:
                continue
            if shared:
                for v in viewers:
                    assert obj["id"] in _ids(family_view(doc, v), coll), (coll, obj["id"], v)


@settings(max_examples=examples(150), deadline=None)
@given(doc=conference_documents(max_items=4))
def test_scores_only_once_revealed(doc: Doc) -> None:
    scaling = doc.get("scaling")
    view = family_view(doc)
    if not isinstance(scaling, dict):
        return
    if not scaling.get("revealed"):
        assert view["scaling"]["scores"] == []
    else:
        # Version 2: a score kept back by its own flags stays out of the room's view.
        overall = [
            {k: v for k, v in s.items() if k not in ("restricted", "withheld_from")}
            for s in scaling.get("scores", [])
            if s.get("danger_statement") is None
            and not s.get("restricted")
            and not s.get("withheld_from")
        ]
        shown = [
            {k: v for k, v in s.items() if k not in ("restricted", "withheld_from")}
            for s in view["scaling"]["scores"]
            if s.get("danger_statement") is None
        ]
        assert shown == overall


def test_split_conference_example(example_doc: Doc) -> None:
    """i10 is withheld from Dan only: Jade and Carol see it, Dan and the room do not."""
    general = family_view(example_doc)
    jade = family_view(example_doc, "p-jade")
    nan = family_view(example_doc, "p-nan")
    dan = family_view(example_doc, "p-dan")
    assert "i10" in _ids(jade, "items") and "i10" in _ids(nan, "items")
    assert "i10" not in _ids(dan, "items") and "i10" not in _ids(general, "items")
    for view in (general, jade, nan, dan):
        text = json.dumps(view, ensure_ascii=False)
        assert "i6" not in _ids(view, "items") and "i11" not in _ids(view, "items")
        assert "14 Larch Close" not in text and "under investigation" not in text
        assert "n5" not in _ids(view, "next_steps")
        assert "split conference" not in text  # Dan's attendance note
        assert "RESTRICTED" not in text.upper().replace("VIEW_RESTRICTED", "")
        assert "i1" in _ids(view, "items") and "i15" in _ids(view, "items")
    assert json.dumps(dan, ensure_ascii=False).count("Carol's flat") == 0
    assert "Carol's flat" in json.dumps(jade, ensure_ascii=False)


def test_unrevealed_scores_and_their_reasons_are_kept_back(example_doc: Doc) -> None:
    example_doc["scaling"]["revealed"] = False
    for viewer in (None, "p-jade", "p-dan"):
        text = json.dumps(family_view(example_doc, viewer))
        assert "We go to Carol's when it starts." not in text
        assert "drinking continues" not in text


def test_restricted_child_view_is_kept_back(example_doc: Doc) -> None:
    example_doc["children"][0]["view_restricted"] = True
    for viewer in (None, "p-jade"):
        view = family_view(example_doc, viewer)
        assert "scared when Dad shouts" not in json.dumps(view)
        assert view["children"][1]["view"] == example_doc["children"][1]["view"]


def test_goal_and_steps_follow_a_restricted_statement(example_doc: Doc) -> None:
    example_doc["danger_statements"][1]["restricted"] = True
    example_doc["scaling"]["scores"].append(
        {"participant": "p-hv", "danger_statement": "d2", "score": 2, "reason": "Jabs missed."}
    )
    view = family_view(example_doc, "p-jade")
    assert _ids(view, "danger_statements") == ["d1"]
    assert _ids(view, "safety_goals") == ["g1"]
    assert _ids(view, "next_steps") == ["n1", "n2", "n4"]
    text = json.dumps(view)
    assert "Jabs missed." not in text
    assert '"d2"' not in text


@pytest.mark.parametrize("who", ["p-sw", "p-x"])
def test_a_view_for_someone_not_in_the_family_is_refused(example_doc: Doc, who: str) -> None:
    with pytest.raises(RefusedInput, match=who):
        family_view(example_doc, who)


def test_a_family_member_found_by_name(example_doc: Doc) -> None:
    assert resolve_family_member(example_doc, "jade green") == "p-jade"
    assert resolve_family_member(example_doc, "p-dan") == "p-dan"
    with pytest.raises(RefusedInput, match="not a family member"):
        resolve_family_member(example_doc, "p-sw")
