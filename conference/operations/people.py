"""Operations on the children and the participants (family members and professionals)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conference.operations import rows
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork


def add_child(
    uow: UnitOfWork,
    *,
    name: str,
    id: str | None = None,  # noqa: A002
    position: int | None = None,
    **more: Any,
) -> Inverse:
    """A child the conference is about (or an unborn baby with `expected_on`)."""
    return rows.add_row(uow, "child", {"id": id, "name": name, **more}, position)


def update_child(uow: UnitOfWork, child_id: str, changes: Mapping[str, Any]) -> Inverse:
    return rows.update_row(uow, "child", child_id, dict(changes))


def remove_child(uow: UnitOfWork, child_id: str) -> Inverse:
    """Remove a child, their scores and decision, and their name from what was about them."""
    return rows.delete_row(uow, "child", child_id)


def add_participant(
    uow: UnitOfWork,
    *,
    name: str,
    role: str,
    is_family: bool = False,
    id: str | None = None,  # noqa: A002
    position: int | None = None,
    **more: Any,
) -> Inverse:
    """Someone invited: a family member or a professional."""
    values = {"id": id, "name": name, "role": role, "is_family": is_family, **more}
    return rows.add_row(uow, "participant", values, position)


def update_participant(uow: UnitOfWork, participant_id: str, changes: Mapping[str, Any]) -> Inverse:
    """Change a participant; one named in a `withheld_from` stays family until taken off it."""
    return rows.update_row(uow, "participant", participant_id, dict(changes))


def set_family(uow: UnitOfWork, participant_id: str, is_family: bool) -> Inverse:
    """Switch a participant between family member and professional."""
    return update_participant(uow, participant_id, {"is_family": is_family})


def remove_participant(uow: UnitOfWork, participant_id: str) -> Inverse:
    """Remove a participant, their scores, and every mention of them."""
    return rows.delete_row(uow, "participant", participant_id)


def move_child(uow: UnitOfWork, child_id: str, index: int) -> Inverse:
    return rows.move_row(uow, "child", child_id, index)


def move_participant(uow: UnitOfWork, participant_id: str, index: int) -> Inverse:
    return rows.move_row(uow, "participant", participant_id, index)
