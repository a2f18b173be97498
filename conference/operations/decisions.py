"""Operations on the decision for each child: outcome, categories, views and dissent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from conference.operations import rows
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork


def add_decision(
    uow: UnitOfWork,
    *,
    child: str,
    outcome: str,
    categories: Sequence[str] = (),
    rationale: str = "",
    position: int | None = None,
    **more: Any,
) -> Inverse:
    """The decision for one child (one per child)."""
    values = {
        "child": child,
        "outcome": outcome,
        "categories": list(categories),
        "rationale": rationale,
        **more,
    }
    return rows.add_row(uow, "decision", values, position)


def update_decision(uow: UnitOfWork, child: str, changes: Mapping[str, Any]) -> Inverse:
    return rows.update_row(uow, "decision", child, dict(changes))


def remove_decision(uow: UnitOfWork, child: str) -> Inverse:
    return rows.delete_row(uow, "decision", child)


def move_decision(uow: UnitOfWork, child: str, index: int) -> Inverse:
    return rows.move_row(uow, "decision", child, index)
