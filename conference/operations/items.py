"""Operations on the information-sharing panes' items: add, change, remove, reorder, move pane."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from conference.operations import rows
from conference.operations.checks import check_values
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork


def add_item(
    uow: UnitOfWork,
    *,
    section: str,
    text: str,
    source: str | None = None,
    children: Sequence[str] = (),
    restricted: bool = False,
    withheld_from: Sequence[str] = (),
    id: str | None = None,  # noqa: A002  (the interchange name)
    position: int | None = None,
    **more: Any,
) -> Inverse:
    """Add what was said to a pane (at the end unless `position`); the inverse removes it."""
    values = {
        "id": id,
        "section": section,
        "text": text,
        "source": source,
        "children": list(children),
        "restricted": restricted,
        "withheld_from": list(withheld_from),
        **more,
    }
    return rows.add_row(uow, "item", values, position)


def update_item(
    uow: UnitOfWork, item_id: str, changes: Mapping[str, Any], *, expect: int | None = None
) -> Inverse:
    """Change an item's text, source, children or who may see it (`expect`: the version read)."""
    return rows.update_row(uow, "item", item_id, dict(changes), expect=expect)


def remove_item(uow: UnitOfWork, item_id: str) -> Inverse:
    return rows.delete_row(uow, "item", item_id)


def move_item(uow: UnitOfWork, item_id: str, index: int) -> Inverse:
    """Put an item at `index` in the conference's whole item list."""
    return rows.move_row(uow, "item", item_id, index)


def move_item_to_section(
    uow: UnitOfWork, item_id: str, section: str, position: int | None = None
) -> Inverse:
    """Move an item to another pane, at the end of it unless a position is given."""
    row = rows.require(uow, "item", item_id)
    check_values(uow, "item", {"section": section})
    mark = uow.mark()
    before = {"section": row.section, "position": row.position}
    if position is None:
        position = rows._next_position(uow, "item")
    uow.changing("item", row)
    row.section = section
    row.position = position
    uow.audit(
        "move", "item", item_id, "section", before, {"section": section, "position": position}
    )
    return uow.inverse_since(
        mark,
        action="move",
        undoes="move",
        kind="item",
        ent_id=item_id,
        field="section",
        before=before,
    )
