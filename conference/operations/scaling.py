"""Operations on the scaling: each person's 0-10 score, and revealing them to the room."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conference.operations import rows
from conference.operations.meeting import update_conference
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork


def add_score(
    uow: UnitOfWork,
    *,
    participant: str,
    score: int,
    child: str | None = None,
    danger_statement: str | None = None,
    reason: str = "",
    id: str | None = None,  # noqa: A002
    position: int | None = None,
    **more: Any,
) -> Inverse:
    """One person's score, overall or for a statement, optionally for one child."""
    values = {
        "id": id,
        "participant": participant,
        "score": score,
        "child": child,
        "danger_statement": danger_statement,
        "reason": reason,
        **more,
    }
    return rows.add_row(uow, "score", values, position)


def update_score(uow: UnitOfWork, score_id: str, changes: Mapping[str, Any]) -> Inverse:
    return rows.update_row(uow, "score", score_id, dict(changes))


def remove_score(uow: UnitOfWork, score_id: str) -> Inverse:
    return rows.delete_row(uow, "score", score_id)


def reveal_scores(uow: UnitOfWork, revealed: bool) -> Inverse:
    """Show (or hide again) the scores on the room's screen."""
    return update_conference(uow, {"scaling_revealed": revealed})
