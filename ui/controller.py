"""One open conference for the windows: a typed read model, and writes as undoable units of work.

Every change runs typed operations from `conference.operations` inside one `UnitOfWork` (one
transaction, one audit group) and becomes one QUndoCommand holding the operations' inverse
as data. After a change the controller re-reads nothing but takes the rows the unit of work
wrote into its read model, then says what changed: `events` (typed `ChangeEvent`s: action,
kind, id, fields) for views that update only what changed, and `changed` (kind, id, action)
for the rest. An undo that no longer applies is refused with a message and dropped from
the stack, never silently skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlmodel import SQLModel, col, select

from conference import operations as ops
from conference.errors import SfconfError, StoreUnreachable
from conference.exchange.interchange import export_document, new_id
from conference.family_filter import family_view
from conference.operations import ChangeEvent, Conflict, Inverse, UnitOfWork, apply_inverse
from conference.operations.unit_of_work import TABLES, pk_field, snapshot
from conference.store.database import Store
from conference.store.model import Conference
from conference.templates import AgendaStep, Template, get_template

# What can be kept back from the family when it is added while the room's screen is blank.
_RESTRICTABLE = frozenset({"item", "danger_statement", "safety_goal", "next_step"})
# QUndoCommand ids for merging consecutive typing into one undo step.
_MERGE_ID = 4242
_INVERSE_ACTION = {"add": "delete", "delete": "add"}
# Fields whose True keeps something back from the family: never refused as a stale edit.
_KEEP_BACK = frozenset({"restricted", "view_restricted"})
# `expect` of an edit by default: the version of the row in this window's read model.
READ: Any = object()

Work = Callable[[UnitOfWork], Inverse]
# The read model's kinds under the names of their lists.
COLLECTIONS = {
    "children": "child",
    "participants": "participant",
    "items": "item",
    "danger_statements": "danger_statement",
    "safety_goals": "safety_goal",
    "scores": "score",
    "decisions": "decision",
    "next_steps": "next_step",
}


@dataclass
class KeptEdit:
    """An edit made while the shared store could not be reached, to write when it is back."""

    kind: str
    ent_id: str
    changes: dict[str, Any]
    expect: int | None
    text: str | None
    merge: bool


class ReadModel:
    """The conference's rows as typed objects (detached SQLModel rows), kept current per row.

    Loaded per kind on first use; after a change only the rows a unit of work wrote are
    replaced. Views must not change the rows they are given.
    """

    def __init__(self, store: Store, cid: str) -> None:
        self.store = store
        self.cid = cid
        self._rows: dict[str, dict[str, Any]] = {}
        self._ordered: dict[str, list[Any]] = {}
        self._plain: dict[str, list[dict[str, Any]]] = {}
        self._conference: Conference | None = None

    def clear(self) -> None:
        self._rows = {}
        self._ordered = {}
        self._plain = {}
        self._conference = None

    @property
    def conference(self) -> Conference:
        if self._conference is None:
            with self.store.session() as session:
                conf = session.get(Conference, self.cid)
                if conf is None:
                    raise SfconfError(f"no conference '{self.cid}' in the store")
                self._conference = conf
        return self._conference

    def _load(self, kind: str) -> dict[str, Any]:
        found = self._rows.get(kind)
        if found is None:
            table: Any = TABLES[kind]
            with self.store.session() as session:
                rows = session.exec(
                    select(table)
                    .where(table.conference_id == self.cid)
                    .order_by(col(table.position))
                ).all()
            pk = pk_field(kind)
            found = self._rows[kind] = {str(getattr(r, pk)): r for r in rows}
        return found

    def rows(self, kind: str) -> list[Any]:
        """One kind's rows in list order."""
        ordered = self._ordered.get(kind)
        if ordered is None:
            ordered = self._ordered[kind] = sorted(
                self._load(kind).values(), key=lambda r: r.position
            )
        return ordered

    def forget(self, kind: str) -> None:
        """Drop one kind: its next read goes to the store."""
        if kind == "conference":
            self._conference = None
        self._rows.pop(kind, None)
        self._ordered.pop(kind, None)
        self._plain.pop(kind, None)

    def plain_rows(self, kind: str) -> list[dict[str, Any]]:
        """One kind's rows in list order as the filter reads them: shared, not to be changed."""
        plain = self._plain.get(kind)
        if plain is None:
            plain = self._plain[kind] = [_plain_row(r) for r in self.rows(kind)]
        return plain

    def row(self, kind: str, key: str) -> Any:
        """One row, or None."""
        if kind == "conference":
            return self.conference if key == self.cid else None
        return self._load(kind).get(key)

    def apply(self, touched: dict[tuple[str, str], SQLModel | None]) -> set[str]:
        """Take in the rows a unit of work wrote (None: removed); returns the kinds changed."""
        kinds = set()
        for (kind, key), row in touched.items():
            kinds.add(kind)
            if kind == "conference":
                self._conference = row  # type: ignore[assignment]
                continue
            loaded = self._rows.get(kind)
            if loaded is None:
                continue  # not read yet: it will be read whole when first asked for
            if row is None:
                loaded.pop(key, None)
            else:
                loaded[key] = row
            self._ordered.pop(kind, None)
            self._plain.pop(kind, None)
        return kinds


# Read-model columns that are the store's bookkeeping, not part of what the filter reads.
_NOT_SHOWN = ("conference_id", "position", "version")


def _plain_row(row: SQLModel) -> dict[str, Any]:
    return {k: v for k, v in snapshot(row).items() if k not in _NOT_SHOWN}


def family_rows(controller: ConferenceController, items: list[Any]) -> dict[str, Any]:
    """Some items, and everyone invited, passed through the family filter on their own.

    The fast path of the room's screen: `family_view` (the one rule) applied to a document
    that holds only these items, instead of to the whole conference after every keystroke.
    tests/gui/test_room_incremental.py shows it gives what the whole filter gives.
    """
    mini = {
        "participants": controller.read.plain_rows("participant"),
        "items": [_plain_row(i) for i in items],
    }
    return family_view(mini)


class _OpCommand(QUndoCommand):
    """A unit of work already done once: undo applies its inverse, redo the inverse of that."""

    def __init__(
        self,
        controller: ConferenceController,
        text: str,
        inverse: Inverse,
        notify: tuple[str, str, str],
        merge_key: tuple[Any, ...] | None = None,
    ) -> None:
        super().__init__(text)
        self._c = controller
        self.inverse: Inverse = inverse
        self.redo_inverse: Inverse | None = None
        self._notify = notify
        self._first = True
        self.merge_key = merge_key
        # While typing goes on (merging into this step), the version this window last wrote:
        # what the typing is based on, even if another laptop's change has been read since.
        self.typed_version: int | None = None

    def id(self) -> int:  # noqa: A003  (Qt's name)
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, _OpCommand) or other.merge_key != self.merge_key:
            return False
        # Undo goes back to the value before the first keystroke, from the newest version.
        self.inverse = self.inverse.then(other.inverse)
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if self.redo_inverse is None:
            return
        done = self._c._apply(self.redo_inverse, self._notify)
        if done is None:
            self.setObsolete(True)
        else:
            self.inverse = done

    def undo(self) -> None:
        kind, ent_id, action = self._notify
        notify = (kind, ent_id, _INVERSE_ACTION.get(action, action))
        done = self._c._apply(self.inverse, notify)
        if done is None:
            self.setObsolete(True)
        else:
            self.redo_inverse = done


class ConferenceController(QObject):
    """The open conference: its read model, template, agenda position, blank state and undo stack."""

    changed = Signal(
        str, str, str
    )  # kind, id ("" for several), action: add/update/delete/move/reset
    events = Signal(list)  # list[ChangeEvent] of one unit of work, before `changed`
    saved = Signal(str)  # "Saved 10:42:07"
    failed = Signal(str)  # a one-line message for the status bar
    step_changed = Signal(int)
    blanked_changed = Signal(bool)
    live_changed = Signal(bool)  # the shared store's live connection is up (True) or down
    _remote = Signal(dict)  # a notification from the listener thread, handled in the GUI thread

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
        self.read = ReadModel(store, conference_id)
        self._doc: dict[str, Any] | None = None
        self._family: dict[str, Any] | None = None
        self._dicts: dict[str, list[dict[str, Any]]] = {}
        self._step = 0
        self._blanked = False
        # What is said while the room's screen is blank is usually what the family must not
        # see, so new items default to restricted then; the chair can switch this off.
        self.restrict_while_blanked = True
        self.template: Template = get_template(self.read.conference.template)
        self.live_up = True
        self._listener: Any = None
        # Edits typed while the shared store was down, written in order when it is back.
        self.kept: list[KeptEdit] = []
        self._last_error: SfconfError | None = None
        if getattr(store, "shared", False):
            self._follow_shared_store()

    # ------------------------------------------------------------ reading

    def doc(self) -> dict[str, Any]:
        """The whole conference as an interchange document, for the edges (reports, preflight).

        Built on first use after a change, never on every change.
        """
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
        """The conference's fields (its row: the interchange's `conference` names and more)."""
        return self.conference_row()

    def rows(self, kind: str) -> list[dict[str, Any]]:
        """One kind's rows in list order as column dicts (copies of the read model's rows)."""
        cached = self._dicts.get(kind)
        if cached is None:
            cached = self._dicts[kind] = [snapshot(r) for r in self.read.rows(kind)]
        return cached

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Every kind's rows (column dicts, as `rows` gives them) by collection, for the pages.

        The same column names the pages write back, so nothing is translated on save.
        """
        return {collection: self.rows(kind) for collection, kind in COLLECTIONS.items()}

    def conference_row(self) -> dict[str, Any]:
        """The conference's own row: set-up, status, plan-level fields, scaling wording."""
        return snapshot(self.read.conference)

    def row(self, kind: str, ent_id: str) -> dict[str, Any] | None:
        """One object with every field (and its `position`), or None if it is not there."""
        found = self.read.row(kind, ent_id)
        return snapshot(found) if found is not None else None

    def invalidate(self) -> None:
        """Forget everything read: the next read goes to the store (after a change elsewhere)."""
        self.read.clear()
        self._doc = None
        self._family = None
        self._dicts = {}

    def _took(self, uow: UnitOfWork) -> list[ChangeEvent]:
        kinds = self.read.apply(uow.touched())
        for kind in kinds:
            self._dicts.pop(kind, None)
        self._doc = None
        self._family = None
        if "conference" in kinds:
            self.template = get_template(self.read.conference.template)
        return uow.events()

    # ------------------------------------------------------------ other laptops (shared store)

    def _follow_shared_store(self) -> None:
        """LISTEN for other laptops' changes on a thread of its own (conference/store/live.py)."""
        from conference.store.live import Listener

        self._remote.connect(self._on_remote)
        listener = Listener(
            str(self.store.url),
            self._remote.emit,
            self.live_changed.emit,
            ignore_origin=self.store.origin or None,
        )
        self.live_changed.connect(self._on_live)
        self._listener = listener
        listener.start()
        self.destroyed.connect(lambda *_: listener.stop(1.0))

    def stop_following(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def _forget(self, kinds: set[str]) -> None:
        """Drop these kinds from the read model: the next read of them goes to the store."""
        for kind in kinds:
            self.read.forget(kind)
            self._dicts.pop(kind, None)
        self._doc = None
        self._family = None

    def _on_live(self, up: bool) -> None:
        was, self.live_up = self.live_up, up
        if not up:
            self.failed.emit(
                "The live connection to the shared store is lost: other laptops' changes "
                "are not shown until it is back"
            )
        elif not was:
            # Back: write what was kept, then catch up on whatever was missed meanwhile.
            waiting = len(self.kept)
            written = self.write_kept() if waiting else 0
            self.invalidate()
            self.changed.emit("", "", "reset")
            if self.kept:
                return  # still down for writing: `_keep` has said so
            if waiting and written < waiting:
                return  # a kept edit was refused: its message stays in the status bar
            self.saved.emit(
                "The live connection to the shared store is back"
                + (
                    f"; {written} kept change{'s' if written != 1 else ''} written"
                    if written
                    else ""
                )
            )

    def _on_remote(self, message: dict[str, Any]) -> None:
        """Re-read the kinds another laptop changed in this conference, then say what changed."""
        if message.get("conference") != self.cid:  # our own writes: dropped by the listener
            return
        changes = message.get("changes")
        if not isinstance(changes, list):
            self.invalidate()
            self.changed.emit("", "", "reset")
            return
        self._forget({str(c[0]) for c in changes if isinstance(c, list) and len(c) == 3})
        named = [c for c in changes if isinstance(c, list) and len(c) == 3]
        if any(str(c[2]) not in ("add", "update", "delete", "move") for c in named):
            self.invalidate()  # a status change, an undo, an import: read it all again
            self.changed.emit("", "", "reset")
            return
        # The room's screen and the panes follow `events` row by row, as for our own changes.
        self.events.emit([ChangeEvent(str(a), str(k), str(i)) for k, i, a in named])
        for kind, ent_id, action in named:
            self.changed.emit(str(kind), str(ent_id), str(action))

    # ------------------------------------------------------------ agenda and room

    @property
    def agenda(self) -> tuple[AgendaStep, ...]:
        # A review follows its template's review agenda.
        return self.template.agenda_for(self.read.conference.kind)

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

    def _announce(self, events: list[ChangeEvent], notify: tuple[str, str, str]) -> None:
        self.events.emit(events)
        self.changed.emit(*notify)
        self.saved.emit(f"Saved {dt.datetime.now():%H:%M:%S}")

    def _apply(self, inverse: Inverse, notify: tuple[str, str, str]) -> Inverse | None:
        """Undo or redo one step; None (and a message) when it no longer applies."""
        try:
            with UnitOfWork(self.store, self.cid, self.actor) as uow:
                done = apply_inverse(uow, inverse)
        except Conflict as exc:
            # Someone else changed it: show the store as it is now, and say why nothing moved.
            self.failed.emit(exc.message)
            self.invalidate()
            self.changed.emit("", "", "reset")
            return None
        except SfconfError as exc:
            self.failed.emit(exc.message)
            return None
        self._announce(self._took(uow), notify)
        return done

    def perform(
        self,
        text: str,
        work: Work | list[Work],
        notify: tuple[str, str, str],
        merge_key: tuple[Any, ...] | None = None,
    ) -> Inverse | None:
        """Run one or several operations in one unit of work: one transaction, one undo step.

        Returns the first operation's inverse (its `ent_id` names what it made), or None if
        refused (the reason goes to `failed`, and nothing was written).
        """
        steps = work if isinstance(work, list) else [work]
        try:
            with UnitOfWork(self.store, self.cid, self.actor) as uow:
                mark = uow.mark()
                results = [step(uow) for step in steps]
                first = results[0]
                whole = uow.inverse_since(
                    mark,
                    action=first.action,
                    undoes=first.undoes,
                    kind=first.kind,
                    ent_id=first.ent_id,
                    field=first.field,
                )
        except Conflict as exc:
            self._last_error = exc
            self._refused_as_stale(*notify[:2])
            return None
        except SfconfError as exc:
            self._last_error = exc
            self.failed.emit(exc.message)
            return None
        self._last_error = None
        events = self._took(uow)
        self.undo_stack.push(_OpCommand(self, text, whole, notify, merge_key))
        top = self._typing_step(merge_key)
        if top is not None:
            top.typed_version = self.version_read(notify[0], notify[1])
        self._announce(events, notify)
        return results[0]

    def _refused_as_stale(self, kind: str, ent_id: str) -> None:
        """An edit from a stale read: say so plainly and show the row as the store has it now."""
        what = "conference's details" if kind == "conference" else kind.replace("_", " ")
        self.failed.emit(
            f"another laptop changed this {what} since you read it; yours was not kept "
            "and theirs is shown"
        )
        self._forget({kind})
        self.end_typing()  # what is typed next starts from their version
        self.events.emit([ChangeEvent("update", kind, ent_id)])
        self.changed.emit(kind, ent_id, "update")

    def version_read(self, kind: str, ent_id: str) -> int | None:
        """The version of a row as this window last read it (None when it is not there)."""
        found = self.read.row(kind, ent_id)
        return None if found is None else int(found.version)

    def _typing_step(self, merge_key: tuple[Any, ...] | None) -> _OpCommand | None:
        """The undo step that typing with this merge key is still folding into, if any."""
        index = self.undo_stack.index()
        top = self.undo_stack.command(index - 1) if index else None
        if merge_key is None or not isinstance(top, _OpCommand) or top.merge_key != merge_key:
            return None
        return top

    def _expected(
        self, kind: str, ent_id: str, expect: int | None, merge_key: tuple[Any, ...] | None
    ) -> int | None:
        """`expect` as given, or the version the edit was made from (READ).

        Typing that goes on in one field is based on what this window wrote a moment ago:
        a change from another laptop read in meanwhile (live) does not make it current.
        """
        if expect is not READ:
            return expect
        typing = self._typing_step(merge_key)
        if typing is not None and typing.typed_version is not None:
            return typing.typed_version
        return self.version_read(kind, ent_id)

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
        done = self.perform(
            text or f"Add {kind.replace('_', ' ')}",
            lambda uow: ops.add_in(uow, kind, values, position),
            (kind, str(ent_id), "add"),
        )
        if done is None and self._unreachable():
            self.failed.emit(
                "the shared store cannot be reached; what you typed stays in the line: "
                "press Enter again when it is back"
            )
        return done.ent_id if done is not None else None

    def update(
        self,
        kind: str,
        ent_id: str,
        changes: dict[str, Any],
        text: str | None = None,
        merge: bool = False,
        expect: int | None = READ,
    ) -> bool:
        """Change fields of one object; `merge` folds consecutive typing into one undo step.

        `expect` is the version the edit was made from (by default the one this window read):
        when another laptop has changed the row since, the edit is refused, never applied.
        Keeping something back is the exception: it only ever hides more, so it is never
        refused as stale (a restriction is applied alone when the rest of the edit is).
        """
        key = ("update", kind, ent_id, tuple(sorted(changes))) if merge else None
        seen = self._expected(kind, ent_id, expect, key)
        keep_back = {k: v for k, v in changes.items() if k in _KEEP_BACK and v is True}
        if keep_back and len(keep_back) == len(changes):
            seen = None
        done = self.perform(
            text or f"Change {kind.replace('_', ' ')}",
            lambda uow: ops.update_in(uow, kind, ent_id, changes, expect=seen),
            (kind, ent_id, "update"),
            merge_key=key,
        )
        stale = done is None and isinstance(self._last_error, Conflict)
        part = self._keep_back_part(kind, ent_id, changes) if stale else {}
        if part and self.update(
            kind, ent_id, part, "Keep back", expect=self._fresh(part, kind, ent_id)
        ):
            what = kind.replace("_", " ")
            self.failed.emit(
                f"another laptop changed this {what} since you read it: what you kept back "
                "is kept back now, but your other changes were not kept"
            )
        if done is None and self._unreachable():
            self._keep(KeptEdit(kind, ent_id, dict(changes), seen, text, merge))
        return done is not None

    def _keep_back_part(self, kind: str, ent_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """What of a refused edit keeps more back than the row (as read again) does now."""
        part: dict[str, Any] = {
            k: True for k, v in changes.items() if k in _KEEP_BACK and v is True
        }
        now = self.row(kind, ent_id) or {}
        for field in ("withheld_from", "view_withheld_from"):
            if field in changes:
                had = list(now.get(field) or [])
                more = [p for p in changes[field] if p not in had]
                if more:
                    part[field] = had + more  # theirs and his: hidden from more, never fewer
        return {k: v for k, v in part.items() if now.get(k) != v}

    def _fresh(self, part: dict[str, Any], kind: str, ent_id: str) -> int | None:
        # A list is merged with what was just read: written only if it is still that.
        lists = any(k.endswith("withheld_from") for k in part)
        return self.version_read(kind, ent_id) if lists else None

    def _unreachable(self) -> bool:
        return bool(self.store.shared) and isinstance(self._last_error, StoreUnreachable)

    def _keep(self, edit: KeptEdit) -> None:
        """Hold an edit the store could not take; more typing in the same field replaces it."""
        last = self.kept[-1] if self.kept else None
        if (
            last is not None
            and edit.merge
            and last.merge
            and (last.kind, last.ent_id, sorted(last.changes))
            == (edit.kind, edit.ent_id, sorted(edit.changes))
        ):
            last.changes = edit.changes
        else:
            self.kept.append(edit)
        n = len(self.kept)
        self.failed.emit(
            "the shared store cannot be reached; kept on this laptop, written when it is "
            f"back ({n} change{'s' if n != 1 else ''} waiting)"
        )

    def write_kept(self) -> int:
        """Write the edits kept while the store was down, in order; returns how many were written.

        Each still carries the version it was typed from: one that another laptop changed
        meanwhile is refused as a conflict (and said), never written over theirs.
        """
        kept, self.kept = self.kept, []
        ours: dict[tuple[str, str], tuple[int | None, int | None]] = {}
        written = 0
        for n, edit in enumerate(kept):
            expect = edit.expect
            moved = ours.get((edit.kind, edit.ent_id))
            if moved is not None and moved[0] == expect:
                expect = moved[1]  # our own earlier kept edit of the same row
            if edit.kind == "conference":
                ok = self.update_conference(edit.changes, edit.text, edit.merge, expect=expect)
                now = int(self.read.conference.version) if ok else None
            else:
                ok = self.update(
                    edit.kind, edit.ent_id, edit.changes, edit.text, edit.merge, expect
                )
                now = self.version_read(edit.kind, edit.ent_id) if ok else None
            if ok:
                written += 1
                ours[(edit.kind, edit.ent_id)] = (edit.expect, now)
            elif self._unreachable():
                self.kept = [*self.kept, *kept[n + 1 :]]  # down again: keep the rest too
                break
        return written

    def delete(self, kind: str, ent_id: str, text: str | None = None) -> bool:
        done = self.perform(
            text or f"Remove {kind.replace('_', ' ')}",
            lambda uow: ops.remove_in(uow, kind, ent_id),
            (kind, ent_id, "delete"),
        )
        return done is not None

    def move(self, kind: str, ent_id: str, index: int, text: str | None = None) -> bool:
        done = self.perform(
            text or f"Move {kind.replace('_', ' ')}",
            lambda uow: ops.rows.move_row(uow, kind, ent_id, index),
            (kind, ent_id, "move"),
        )
        return done is not None

    def move_item_to_section(
        self, item_id: str, section: str, before_item: str | None = None
    ) -> bool:
        """Move an item to another pane (before `before_item` there, else at its end).

        One transaction, one audit group and one undo step, even when it both changes pane
        and places the item.
        """
        work: list[Work] = [lambda uow: ops.items.move_item_to_section(uow, item_id, section)]
        if before_item is not None:

            def place(uow: UnitOfWork) -> Inverse:
                order = [r.id for r in uow.rows("item")]
                index = order.index(before_item)
                if order.index(item_id) < index:
                    index -= 1
                return ops.items.move_item(uow, item_id, index)

            work.append(place)
        done = self.perform("Move item to another pane", work, ("item", item_id, "move"))
        return done is not None

    def update_conference(
        self,
        changes: dict[str, Any],
        text: str | None = None,
        merge: bool = False,
        expect: int | None = READ,
    ) -> bool:
        key = ("conference", tuple(sorted(changes))) if merge else None
        seen = self._expected("conference", self.cid, expect, key)
        done = self.perform(
            text or "Change conference details",
            lambda uow: ops.update_in(uow, "conference", self.cid, changes, expect=seen),
            ("conference", self.cid, "update"),
            merge_key=key,
        )
        if done is None and self._unreachable():
            self._keep(KeptEdit("conference", self.cid, dict(changes), seen, text, merge))
        return done is not None

    def end_typing(self) -> None:
        """The chair has left the field (Enter, focus-out): the next typing is a new undo step.

        Without this, editing the same text again later would fold into the earlier edit.
        """
        from shiboken6 import isValid

        if not isValid(self.undo_stack):  # a focus-out while the window is being torn down
            return
        index = self.undo_stack.index()
        if index:
            top = self.undo_stack.command(index - 1)
            if isinstance(top, _OpCommand):
                top.merge_key = None

    def _status(self, text: str, fn: Work) -> bool:
        return self.perform(text, fn, ("conference", self.cid, "update")) is not None

    def start_meeting(self) -> bool:
        return self._status("Start the meeting", ops.meeting.start_meeting)

    def end_meeting(self) -> bool:
        return self._status("End the meeting", ops.meeting.end_meeting)

    def finalise(self) -> bool:
        """Finalising is final: it is not an undo step (the record now refuses every change)."""
        try:
            with UnitOfWork(self.store, self.cid, self.actor) as uow:
                ops.meeting.finalise_conference(uow)
        except SfconfError as exc:
            self.failed.emit(exc.message)
            return False
        self.undo_stack.clear()
        events = self._took(uow)
        self.events.emit(events)
        self.changed.emit("conference", self.cid, "update")
        return True
