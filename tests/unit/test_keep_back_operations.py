"""Keeping back a score, a child's view and the contingency afterwards: typed operations, checked and undoable."""

from __future__ import annotations

import pytest

from conference import operations as ops
from conference.errors import RefusedInput
from conference.exchange.interchange import export_document
from conference.store.database import Store


def _scores(store: Store, cid: str) -> list[dict[str, object]]:
    return export_document(store, cid)["scaling"]["scores"]  # type: ignore[no-any-return]


def _jade_score(store: Store, cid: str) -> str:
    from sqlmodel import select

    from conference.store.model import ScalingScore

    with store.session() as session:
        rows = session.exec(
            select(ScalingScore).where(
                ScalingScore.conference_id == cid, ScalingScore.participant == "p-jade"
            )
        ).all()
        return str(rows[0].id)


def test_a_score_withheld_afterwards_and_undone(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    jade = _jade_score(store, cid)
    before = ops.update(store, cid, "score", jade, "test", {"withheld_from": ["p-dan"]})
    assert _scores(store, cid)[0]["withheld_from"] == ["p-dan"]
    ops.update(store, cid, "score", jade, "test", before)
    assert not _scores(store, cid)[0].get("withheld_from")


def test_a_score_withheld_from_someone_not_in_the_family_is_refused(
    example_store: tuple[Store, str],
) -> None:
    store, cid = example_store
    jade = _jade_score(store, cid)
    with pytest.raises(RefusedInput, match="score.withheld_from: 'p-sw' is not a family member"):
        ops.update(store, cid, "score", jade, "test", {"withheld_from": ["p-sw"]})


def test_the_contingency_kept_back_afterwards_and_undone(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    before = ops.update_conference(store, cid, "test", {"contingency_restricted": True})
    assert export_document(store, cid)["contingency"]["restricted"] is True
    ops.update_conference(store, cid, "test", before)
    assert export_document(store, cid)["contingency"]["restricted"] is False
    with pytest.raises(RefusedInput, match="contingency_withheld_from: 'p-pol'"):
        ops.update_conference(store, cid, "test", {"contingency_withheld_from": ["p-pol"]})


def test_a_childs_view_withheld_only_from_family(example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    child = export_document(store, cid)["children"][0]["id"]
    ops.update(store, cid, "child", child, "test", {"view_withheld_from": ["p-dan"]})
    with pytest.raises(RefusedInput, match="child.view_withheld_from: 'p-gp'"):
        ops.update(store, cid, "child", child, "test", {"view_withheld_from": ["p-gp"]})


def test_removing_a_family_member_takes_them_off_every_keep_back(
    example_store: tuple[Store, str],
) -> None:
    store, cid = example_store
    jade = _jade_score(store, cid)
    ops.update(store, cid, "score", jade, "test", {"withheld_from": ["p-nan"]})
    ops.update_conference(store, cid, "test", {"contingency_withheld_from": ["p-nan"]})
    with pytest.raises(RefusedInput, match="is named in withheld_from of score"):
        ops.update(store, cid, "participant", "p-nan", "test", {"is_family": False})
    ops.delete(store, cid, "participant", "p-nan", "test")
    doc = export_document(store, cid)
    assert "p-nan" not in str(doc["scaling"]) and "p-nan" not in str(doc["contingency"])
