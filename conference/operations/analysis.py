"""Operations on the analysis: danger statements and the safety goals under them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conference.operations import rows
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork


def add_danger_statement(
    uow: UnitOfWork,
    *,
    text: str,
    id: str | None = None,  # noqa: A002
    position: int | None = None,
    **more: Any,
) -> Inverse:
    return rows.add_row(uow, "danger_statement", {"id": id, "text": text, **more}, position)


def update_danger_statement(
    uow: UnitOfWork, statement_id: str, changes: Mapping[str, Any]
) -> Inverse:
    """Change a statement; restricting it keeps back its goals, their steps and its scores."""
    return rows.update_row(uow, "danger_statement", statement_id, dict(changes))


def remove_danger_statement(uow: UnitOfWork, statement_id: str) -> Inverse:
    return rows.delete_row(uow, "danger_statement", statement_id)


def move_danger_statement(uow: UnitOfWork, statement_id: str, index: int) -> Inverse:
    return rows.move_row(uow, "danger_statement", statement_id, index)


def add_safety_goal(
    uow: UnitOfWork,
    *,
    text: str,
    danger_statement: str | None = None,
    id: str | None = None,  # noqa: A002
    position: int | None = None,
    **more: Any,
) -> Inverse:
    values = {"id": id, "text": text, "danger_statement": danger_statement, **more}
    return rows.add_row(uow, "safety_goal", values, position)


def update_safety_goal(uow: UnitOfWork, goal_id: str, changes: Mapping[str, Any]) -> Inverse:
    return rows.update_row(uow, "safety_goal", goal_id, dict(changes))


def remove_safety_goal(uow: UnitOfWork, goal_id: str) -> Inverse:
    return rows.delete_row(uow, "safety_goal", goal_id)


def move_safety_goal(uow: UnitOfWork, goal_id: str, index: int) -> Inverse:
    return rows.move_row(uow, "safety_goal", goal_id, index)
