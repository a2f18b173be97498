"""One open conference for the windows: reads from the store, writes through undoable operations.

Every change goes through `conference.operations` inside one QUndoCommand (one undo step,
one transaction, one audit entry). The chair's window and the projector are views of this
controller: they listen to `changed` and read rows back from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlmodel import col, select

from conference import operations as ops
from conference.errors import SfconfError
from conference.exchange.interchange import export_document, new_id
from conference.family_filter import family_view
from conference.store.database import Store
from conference.store.model import ENTITY_TABLES
from conference.templates import AgendaStep, Template, get_template

# What can be kept back from the family when it is added while the room's screen is blank.
_RESTRICTABLE = frozenset({"item", "danger_statement", "safety_goal", "next_step"})
# QUndoCommand ids for merging consecutive typing into one undo step.
_MERGE_ID = 4242


class _OpCommand(QUndoCommand):
    """An operation already carried out once; redo repeats it, undo runs its inverse."""

    def __init__(
        self,
        controller: ConferenceController,
        text: str,
        redo: Callable[[], Any],
        undo: Callable[[], Any],
        notify: tuple[str, str, str],
        merge_key: tuple[Any, ...] | None = None,
    ) -> None:
        super().__init__(text)
        self._c = controller
        self._redo = redo
        self._undo = undo
        self._notify = notify
        self._first = True
        self.merge_key = merge_key

    def id(self) -> int:  # noqa: A003  (Qt's name)
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, _OpCommand) or other.merge_key != self.merge_key:
            return False
        self._redo = other._redo  # keep our undo (the value before the first keystroke)
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._c._run(self._redo, self._notify, undoing=False)

    def undo(self) -> None:
        kind, ent_id, action = self._notify
        inverse = {"add": "delete", "delete": "add"}.get(action, action)
        self._c._run(self._undo, (kind, ent_id, inverse), undoing=True)


class ConferenceController(QObject):
    """The open conference: its template, agenda position, blank state and undo stack."""

    changed = Signal(
        str, str, str
    )  # kind, id ("" for several), action: add/update/delete/move/reset
    saved = Signal(str)  # "Saved 10:42:07"
    failed = Signal(str)  # a one-line message for the status bar
    step_changed = Signal(int)
    blanked_changed = Signal(bool)

    def __init__(
        self,
        store: Store,
        conference_id: str,
        actor: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.cid = conference_id
        self.actor = actor or ops.default_actor()
        self.undo_stack = QUndoStack(self)
        self._doc: dict[str, Any] | None = None
        self._family: dict[str, Any] | None = None
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._row_memo: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._step = 0
        self._blanked = False
        # What is said while the room's screen is blank is usually what the family must not
        # see, so new items default to restricted then; the chair can switch this off.
        self.restrict_while_blanked = True
        self.template: Template = get_template(self.doc()["conference"]["template"])

    # ------------------------------------------------------------ reading

    def doc(self) -> dict[str, Any]:
        """The whole conference as an interchange document (cached until the next change)."""
        if self._doc is None:
            self._doc = export_document(self.store, self.cid)
        return self._doc

    def family_doc(self) -> dict[str, Any]:
        """What every family member may see: the only thing the projector may read."""
        if self._family is None:
            self._family = family_view(self.doc())
        return self._family

    @property
    def conference(self) -> dict[str, Any]:
        return self.doc()["conference"]

    def rows(self, kind: str) -> list[dict[str, Any]]:
        """One kind's rows in list order, every field, read straight from the store.

        Much cheaper than `doc()` for a view that shows one list (a pane), and cached per
        kind until the next change.
        """
        cached = self._rows.get(kind)
        if cached is None:
            table: Any = ENTITY_TABLES[kind]
            with self.store.session() as session:
                found = session.exec(
                    select(table)
                    .where(table.conference_id == self.cid)
                    .order_by(col(table.position))
                ).all()
                cached = [r.model_dump() for r in found]
            self._rows[kind] = cached
        return cached

    def row(self, kind: str, ent_id: str) -> dict[str, Any] | None:
        """One object with every field (and its `position`), or None if it is not there.

        Read once per change however many views ask (each pane asks after every change).
        """
        key = (kind, ent_id)
        if key not in self._row_memo:
            self._row_memo[key] = ops.get_row(self.store, self.cid, kind, ent_id)
        found = self._row_memo[key]
        return dict(found) if found is not None else None

    def invalidate(self) -> None:
        self._doc = None
        self._family = None
        self._rows = {}
        self._row_memo = {}

    # ------------------------------------------------------------ agenda and room

    @property
    def agenda(self) -> tuple[AgendaStep, ...]:
        return self.template.agenda

    @property
    def current_step(self) -> int:
        return self._step

    def set_step(self, index: int) -> None:
        index = max(0, min(index, len(self.agenda) - 1))
        if index != self._step:
            self._step = index
            self.step_changed.emit(index)

    def next_step(self) -> None:
        self.set_step(self._step + 1)

    def previous_step(self) -> None:
        self.set_step(self._step - 1)

    @property
    def blanked(self) -> bool:
        return self._blanked

    def new_items_restricted(self) -> bool:
        """Whether an item added now should start restricted (the room's screen is blank)."""
        return self._blanked and self.restrict_while_blanked

    def set_blanked(self, blanked: bool) -> None:
        if blanked != self._blanked:
            self._blanked = blanked
            self.blanked_changed.emit(blanked)

    # ------------------------------------------------------------ writing

    def _run(self, fn: Callable[[], Any], notify: tuple[str, str, str], *, undoing: bool) -> Any:
        try:
            result = fn()
        except SfconfError as exc:
            self.failed.emit(exc.message)
            return None
        self.invalidate()
        if notify[0] == "conference":
            self.template = get_template(self.doc()["conference"]["template"])
        self.changed.emit(*notify)
        self.saved.emit(f"Saved {dt.datetime.now():%H:%M:%S}")
        return result

    def _do(
        self,
        text: str,
        do: Callable[[], Any],
        make_undo: Callable[[Any], Callable[[], Any]],
        notify: tuple[str, str, str],
        redo: Callable[[], Any] | None = None,
        merge_key: tuple[Any, ...] | None = None,
    ) -> Any:
        """Carry out an operation now; if it succeeds, push it as one undo step."""
        try:
            result = do()
        except SfconfError as exc:
            self.failed.emit(exc.message)
            return None
        self.invalidate()
        if notify[0] == "conference":
            self.template = get_template(self.doc()["conference"]["template"])
        cmd = _OpCommand(self, text, redo or do, make_undo(result), notify, merge_key)
        self.undo_stack.push(cmd)
        self.changed.emit(*notify)
        self.saved.emit(f"Saved {dt.datetime.now():%H:%M:%S}")
        return result

    def add(
        self,
        kind: str,
        values: dict[str, Any],
        position: int | None = None,
        text: str | None = None,
    ) -> str | None:
        """Add an object; returns its id, or None if refused (the reason goes to `failed`)."""
        values = dict(values)
        if kind != "decision":
            values.setdefault("id", new_id())
        if kind in _RESTRICTABLE and "restricted" not in values and self.new_items_restricted():
            # A safety net for any caller that forgets: said in a closed session, kept back.
            values["restricted"] = True
        ent_id = values.get("id") or values.get("child") or ""
        s, c, a = self.store, self.cid, self.actor

        return self._do(  # type: ignore[no-any-return]
            text or f"Add {kind.replace('_', ' ')}",
            lambda: ops.add(s, c, kind, a, values, position=position),
            lambda new_id: lambda: ops.delete(s, c, kind, new_id, a),
            (kind, str(ent_id), "add"),
        )

    def update(
        self,
        kind: str,
        ent_id: str,
        changes: dict[str, Any],
        text: str | None = None,
        merge: bool = False,
    ) -> bool:
        """Change fields of one object; `merge` folds consecutive typing into one undo step."""
        s, c, a = self.store, self.cid, self.actor
        key = ("update", kind, ent_id, tuple(sorted(changes))) if merge else None
        result = self._do(
            text or f"Change {kind.replace('_', ' ')}",
            lambda: ops.update(s, c, kind, ent_id, a, changes),
            lambda before: lambda: ops.update(s, c, kind, ent_id, a, before),
            (kind, ent_id, "update"),
            merge_key=key,
        )
        return result is not None

    def delete(self, kind: str, ent_id: str, text: str | None = None) -> bool:
        s, c, a = self.store, self.cid, self.actor
        result = self._do(
            text or f"Remove {kind.replace('_', ' ')}",
            lambda: ops.delete(s, c, kind, ent_id, a),
            lambda snap: lambda: ops.restore(s, c, kind, snap, a),
            (kind, ent_id, "delete"),
        )
        return result is not None

    def move(self, kind: str, ent_id: str, index: int, text: str | None = None) -> bool:
        s, c, a = self.store, self.cid, self.actor
        result = self._do(
            text or f"Move {kind.replace('_', ' ')}",
            lambda: ops.move(s, c, kind, ent_id, index, a),
            lambda old: lambda: ops.move(s, c, kind, ent_id, old, a),
            (kind, ent_id, "move"),
        )
        return result is not None

    def move_item_to_section(self, item_id: str, section: str) -> bool:
        s, c, a = self.store, self.cid, self.actor
        result = self._do(
            "Move item to another pane",
            lambda: ops.move_item_to_section(s, c, item_id, section, a),
            lambda before: (
                lambda: ops.move_item_to_section(
                    s, c, item_id, before["section"], a, before["position"]
                )
            ),
            ("item", item_id, "move"),
        )
        return result is not None

    def update_conference(
        self, changes: dict[str, Any], text: str | None = None, merge: bool = False
    ) -> bool:
        s, c, a = self.store, self.cid, self.actor
        key = ("conference", tuple(sorted(changes))) if merge else None
        result = self._do(
            text or "Change conference details",
            lambda: ops.update_conference(s, c, a, changes),
            lambda before: lambda: ops.update_conference(s, c, a, before),
            ("conference", c, "update"),
            merge_key=key,
        )
        return result is not None

    def end_typing(self) -> None:
        """The chair has left the field (Enter, focus-out): the next typing is a new undo step.

        Without this, editing the same text again later would fold into the earlier edit.
        """
        index = self.undo_stack.index()
        if index:
            top = self.undo_stack.command(index - 1)
            if isinstance(top, _OpCommand):
                top.merge_key = None

    def _status(self, text: str, fn: Callable[..., str]) -> bool:
        s, c, a = self.store, self.cid, self.actor
        result = self._do(
            text,
            lambda: fn(s, c, a),
            lambda before: lambda: ops.restore_status(s, c, a, before),
            ("conference", c, "update"),
        )
        return result is not None

    def start_meeting(self) -> bool:
        return self._status("Start the meeting", ops.start_meeting)

    def end_meeting(self) -> bool:
        return self._status("End the meeting", ops.end_meeting)

    def finalise(self) -> bool:
        """Finalising is final: it is not an undo step (the record now refuses every change)."""
        try:
            ops.finalise_conference(self.store, self.cid, self.actor)
        except SfconfError as exc:
            self.failed.emit(exc.message)
            return False
        self.undo_stack.clear()
        self.invalidate()
        self.changed.emit("conference", self.cid, "update")
        return True
