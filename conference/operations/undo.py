"""Undo in the domain: every operation returns its inverse as data, applied by `apply_inverse`.

An inverse is the rows an operation touched, each as it was before (`after`: what to write
back, None to remove it) and the `version` it must still have now (`expect`: None when the
operation removed it, so it must still be absent). Undo puts rows back exactly, versions
included, so an older step's inverse still matches; if a row was removed or its version
moved (someone else changed it, say on a second laptop), the inverse is refused with a
`Conflict` and nothing is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conference.errors import RefusedInput

if TYPE_CHECKING:
    from conference.operations.unit_of_work import UnitOfWork


class Conflict(RefusedInput):
    """An undo or redo that no longer applies: what it would put back has changed meanwhile."""


@dataclass(frozen=True)
class RowChange:
    """One row to put back: the version it must have now, and its columns as they were."""

    kind: str
    key: str
    expect: int | None
    after: Mapping[str, Any] | None


@dataclass(frozen=True)
class Inverse:
    """How to undo one operation (or one unit of work), as data.

    `action` is what applying it does (written to the audit), `undoes` the action it
    reverses (the audit action of its own inverse, the redo); `kind`, `ent_id` and `field`
    name the main object; `before` is what the operation's audit entry gave as its before.
    """

    action: str
    undoes: str
    kind: str
    ent_id: str
    field: str = ""
    changes: tuple[RowChange, ...] = ()
    before: Any = dataclasses.field(default=None, compare=False)

    def then(self, later: Inverse) -> Inverse:
        """The inverse of this operation followed by `later` (rows as they were before both)."""
        mine = {(c.kind, c.key): c for c in self.changes}
        theirs = {(c.kind, c.key): c for c in later.changes}
        changes = []
        for key in [*mine, *(k for k in theirs if k not in mine)]:
            first = mine.get(key)
            last = theirs.get(key)
            after = first.after if first is not None else last.after  # type: ignore[union-attr]
            expect = last.expect if last is not None else first.expect  # type: ignore[union-attr]
            changes.append(RowChange(key[0], key[1], expect, after))
        return Inverse(
            self.action,
            self.undoes,
            self.kind,
            self.ent_id,
            self.field,
            tuple(changes),
            self.before,
        )


def _what(kind: str, key: str) -> str:
    return "the conference details" if kind == "conference" else f"{kind.replace('_', ' ')} '{key}'"


def check_applies(uow: UnitOfWork, inverse: Inverse) -> None:
    """Raise Conflict unless every row is where the inverse expects it."""
    verb = "undo" if inverse.action != inverse.undoes else "redo"
    for change in inverse.changes:
        row = uow.get(change.kind, change.key)
        if change.expect is None:
            if row is not None:
                raise Conflict(
                    f"Cannot {verb} '{inverse.action}': {_what(change.kind, change.key)} is there again"
                )
        elif row is None:
            raise Conflict(f"Cannot {verb}: {_what(change.kind, change.key)} was removed meanwhile")
        elif int(row.version) != change.expect:
            raise Conflict(
                f"Cannot {verb}: {_what(change.kind, change.key)} was changed meanwhile "
                "(in another window or on another laptop)"
            )


def apply_inverse(uow: UnitOfWork, inverse: Inverse) -> Inverse:
    """Undo (or redo) one step inside a unit of work; returns the inverse of what it did."""
    from conference.operations.unit_of_work import snapshot, table_of

    check_applies(uow, inverse)
    mark = uow.mark()
    main_before: Any = None
    main_after: Any = None
    fields = [f for f in inverse.field.split(",") if f]
    # Removals first, so a row put back at a position never meets the one it replaced.
    ordered = sorted(inverse.changes, key=lambda c: c.after is not None)
    for change in ordered:
        row = uow.get(change.kind, change.key)
        main = (change.kind, change.key) == (inverse.kind, inverse.ent_id)
        if main and row is not None:
            data = snapshot(row)
            main_before = {f: data.get(f) for f in fields} if fields else data
        if change.after is None:
            if row is not None:
                uow.remove(change.kind, row)
            continue
        if row is None:
            table = table_of(change.kind)
            values = {k: v for k, v in change.after.items() if k != "conference_id"}
            uow.insert(change.kind, table(conference_id=uow.cid, **_copied(values)))
        else:
            uow.overwrite(change.kind, row, _copied(dict(change.after)))
        if main:
            main_after = {f: change.after.get(f) for f in fields} if fields else dict(change.after)
    if inverse.kind == "conference" and fields == ["status"]:
        main_before = main_before["status"] if main_before else None
        main_after = main_after["status"] if main_after else None
    uow.flush()
    uow.audit(
        inverse.action,
        inverse.kind,
        inverse.ent_id,
        inverse.field,
        _plain(main_before),
        _plain(main_after),
    )
    return uow.inverse_since(
        mark,
        action=inverse.undoes,
        undoes=inverse.action,
        kind=inverse.kind,
        ent_id=inverse.ent_id,
        field=inverse.field,
        before=main_after,
    )


def _copied(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: [dict(x) if isinstance(x, dict) else x for x in v] if isinstance(v, list) else v
        for k, v in values.items()
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            k: v
            for k, v in value.items()
            if k not in ("conference_id", "version", "created_at", "updated_at")
        }
    return value
