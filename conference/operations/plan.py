"""Operations on the plan: next steps, and the plan-level fields (contingency, meetings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conference.errors import RefusedInput
from conference.operations import rows
from conference.operations.meeting import update_conference
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork

PLAN_FIELDS = ("contingency", "core_group_first_meeting", "review_conference")


def add_next_step(
    uow: UnitOfWork,
    *,
    action: str,
    id: str | None = None,  # noqa: A002
    position: int | None = None,
    **more: Any,
) -> Inverse:
    """One step of the plan: what, who (`owner`/`owner_participant`), by when (`due`)."""
    return rows.add_row(uow, "next_step", {"id": id, "action": action, **more}, position)


def update_next_step(uow: UnitOfWork, step_id: str, changes: Mapping[str, Any]) -> Inverse:
    return rows.update_row(uow, "next_step", step_id, dict(changes))


def remove_next_step(uow: UnitOfWork, step_id: str) -> Inverse:
    return rows.delete_row(uow, "next_step", step_id)


def move_next_step(uow: UnitOfWork, step_id: str, index: int) -> Inverse:
    return rows.move_row(uow, "next_step", step_id, index)


def update_plan(uow: UnitOfWork, changes: Mapping[str, Any]) -> Inverse:
    """The contingency and the dates of the core group's first meeting and the review."""
    for key in changes:
        if key not in PLAN_FIELDS:
            raise RefusedInput(f"plan.{key}: unknown field")
    return update_conference(uow, changes)
