"""The leak finder, live: marks beside text that may give away something kept back, on the chair's screen only.

The finder runs a pause after the last change (the shared debounce), on a worker thread, never
on the keystroke path; the pages read `LeakWatch.marks` when it says `updated`.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from conference.errors import SfconfError
from conference.family_filter import family_members
from conference.language.leaks import Leak, answer_fine, answered_fine, find_leaks
from ui.widgets.debounce import Debounce

if TYPE_CHECKING:
    from ui.controller import ConferenceController

# Longer than the typing debounce: the finder looks once the chair has stopped for a moment.
LEAK_DELAY_MS = 600
POLL_MS = 40  # how often the GUI thread looks whether the worker is done

_STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")
# Where a finding's text is, to the row the pages show it on: (collection, kind).
_KINDS = {
    "items": "item",
    "danger_statements": "danger_statement",
    "safety_goals": "safety_goal",
    "next_steps": "next_step",
    "children": "child",
}


def _parts(where: str) -> list[tuple[str, int | None]]:
    return [(m.group(1), int(m.group(2)) if m.group(2) else None) for m in _STEP.finditer(where)]


def locate(doc: dict[str, Any], where: str, score_ids: list[str]) -> tuple[str, str]:
    """(kind, id) of the object holding the text at `where`: ("contingency", "") for the contingency.

    Scores have no id in the document: `score_ids` are the scores' ids in list order.
    """
    steps = _parts(where)
    head, index = steps[0]
    if head in _KINDS and index is not None:
        return _KINDS[head], str(doc[head][index].get("id", ""))
    if head == "scaling" and len(steps) > 1 and steps[1][0] == "scores":
        return "score", score_ids[steps[1][1] or 0]
    if head == "contingency":
        return "contingency", ""
    return head, where


def source_of(doc: dict[str, Any], where: str) -> dict[str, Any]:
    """The object (or the contingency) holding a kept-back text, with its visibility."""
    steps = _parts(where)
    head, index = steps[0]
    if head == "contingency":
        c = doc.get("contingency")
        return c if isinstance(c, dict) else {}
    if head == "scaling" and len(steps) > 1 and steps[1][1] is not None:
        return dict((doc.get("scaling") or {}).get("scores", [])[steps[1][1]])
    if head == "children" and index is not None:
        child = doc["children"][index]
        return {
            "restricted": child.get("view_restricted", False),
            "withheld_from": child.get("view_withheld_from", []),
        }
    if index is not None and head in doc:
        return dict(doc[head][index])
    return {}


def kept_from(doc: dict[str, Any], leak: Leak) -> str:
    """Who the repeated thing is kept back from, in the chair's words."""
    names = {str(p["id"]): str(p["name"]) for p in family_members(doc)}
    if leak.reader:
        return names.get(leak.reader, leak.reader)
    source = source_of(doc, leak.kept_back)
    if source.get("restricted"):
        return "the family"
    withheld = [names.get(str(p), str(p)) for p in source.get("withheld_from") or []]
    return " and ".join(withheld) if withheld else "the family"


def mark_text(doc: dict[str, Any], leak: Leak) -> str:
    """The one line shown beside the text: what it repeats, and from whom that is kept back."""
    term = " ".join(leak.term.split())
    return f"May give away something kept back: '{term}' (kept back from {kept_from(doc, leak)})"


class _Job:
    """One look on the worker thread: it touches nothing of Qt, only this."""

    def __init__(self, generation: int, doc: dict[str, Any]) -> None:
        self.generation = generation
        self.doc = doc
        self.leaks: list[Leak] = []
        self.done = threading.Event()

    def run(self) -> None:
        try:
            self.leaks = find_leaks(self.doc)
        except Exception:  # noqa: BLE001  (a finder fault must never reach the chair's meeting)
            self.leaks = []
        self.done.set()


class LeakWatch(QObject):
    """One per open conference: the unanswered findings, looked for again after each pause."""

    updated = Signal()

    def __init__(self, controller: ConferenceController, delay_ms: int = LEAK_DELAY_MS) -> None:
        super().__init__(controller)
        self.setObjectName("leak_watch")
        self.controller = controller
        self.leaks: list[Leak] = []  # every finding, answered or not (as `check` reports)
        self.open: list[Leak] = []  # those the chair has not said are fine
        self.marks: dict[tuple[str, str], list[str]] = {}
        self._doc: dict[str, Any] = {}
        self._fine = answered_fine(controller.store, controller.cid)
        self._generation = 0
        self._job: _Job | None = None
        self._again = False
        self._debounce = Debounce(self, self.look, delay_ms, watch_focus=False)
        # The GUI thread collects the worker's result: no Qt call is made from that thread.
        self._collect = QTimer(self)
        self._collect.setInterval(POLL_MS)
        self._collect.timeout.connect(self._poll)
        controller.changed.connect(self._changed)
        self._debounce.poke()

    def _changed(self, *_: Any) -> None:
        self._debounce.poke()

    def look(self) -> None:
        """Look for findings now, on the worker thread (again when it is done, if it is busy)."""
        if self._job is not None:
            self._again = True
            return
        try:
            conference = self.controller.doc()
        except SfconfError:
            return  # the store cannot be read now (closed, a server down): the next change looks
        self._generation += 1
        doc: dict[str, Any] = json.loads(json.dumps(conference))
        self._job = _Job(self._generation, doc)
        threading.Thread(target=self._job.run, name="leak-finder", daemon=True).start()
        self._collect.start()

    def _poll(self) -> None:
        job = self._job
        if job is None or not job.done.is_set():
            return
        self._collect.stop()
        self._job = None
        if job.generation == self._generation:
            self._doc, self.leaks = job.doc, job.leaks
            # The store may not be readable now (a server down): marked at the next change.
            with contextlib.suppress(SfconfError):
                self._publish()
        if self._again:
            self._again = False
            self.look()

    def _publish(self) -> None:
        self.open = [leak for leak in self.leaks if leak.answer_key() not in self._fine]
        marks: dict[tuple[str, str], list[str]] = {}
        score_ids = [str(r["id"]) for r in self.controller.rows("score")]
        for leak in self.open:
            try:
                key = locate(self._doc, leak.where, score_ids)
            except (IndexError, KeyError):
                continue
            line = mark_text(self._doc, leak)
            if line not in marks.setdefault(key, []):
                marks[key].append(line)
        self.marks = marks
        self.updated.emit()

    @property
    def doc(self) -> dict[str, Any]:
        """The document the findings were found in."""
        return self._doc

    def mark(self, kind: str, ent_id: str) -> str:
        """The mark for one object's text, or "" if there is none."""
        return "\n".join(self.marks.get((kind, ent_id), ()))

    def is_fine(self, leak: Leak) -> bool:
        """Whether the chair has said this finding is fine."""
        return leak.answer_key() in self._fine

    def answer_fine(self, leak: Leak) -> None:
        """The chair says this finding is fine: remembered in the store, silenced here."""
        answer_fine(self.controller.store, self.controller.cid, leak)
        self._fine.add(leak.answer_key())
        self._publish()


def keep_back_values(doc: dict[str, Any], leak: Leak) -> dict[str, Any]:
    """The keep-back the repeating text gets: the source's (restricted, or withheld from the same
    people, added to whom it is already withheld from)."""
    source = source_of(doc, leak.kept_back)
    if source.get("restricted"):
        return {"restricted": True}
    people = [str(p) for p in source.get("withheld_from") or []]
    if leak.reader and leak.reader not in people:
        people.append(leak.reader)
    target = source_of(doc, leak.where)
    already = [str(p) for p in target.get("withheld_from") or []]
    return {"withheld_from": already + [p for p in people if p not in already]}


def keep_back_too(controller: ConferenceController, leak: Leak) -> str:
    """Give the repeating text the source's keep-back, in one undo step; returns what happened.

    "" when the text cannot be kept back on its own (the chair rewrites it instead).
    """
    doc = controller.doc()
    values = keep_back_values(doc, leak)
    score_ids = [str(r["id"]) for r in controller.rows("score")]
    try:
        kind, ent_id = locate(doc, leak.where, score_ids)
    except (IndexError, KeyError):
        return ""
    text = "Keep back too"
    if kind == "contingency":
        changes = {f"contingency_{k}": v for k, v in values.items()}
        done = controller.update_conference(changes, text=text)
    elif kind == "child":
        done = controller.update(
            kind, ent_id, {f"view_{k}": v for k, v in values.items()}, text=text
        )
    elif kind in ("item", "score", "danger_statement", "safety_goal", "next_step"):
        done = controller.update(kind, ent_id, values, text=text)
    else:
        return ""
    if not done:
        return ""
    who = kept_from(doc, leak)
    return f"Kept back from {who} too. Ctrl+Z undoes it."


def leak_watch(controller: ConferenceController) -> LeakWatch:
    """The conference's one `LeakWatch`, made on first use."""
    found = controller.findChild(LeakWatch, "leak_watch")
    return found if isinstance(found, LeakWatch) else LeakWatch(controller)


class LeakMarkLabel(QLabel):
    """The line beside a page's text fields listing what they may give away (hidden when nothing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leak_mark")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("May give away something kept back")
        self.setStyleSheet(
            "QLabel#leak_mark { background: #fde8e8; color: #8a1c12; font-weight: bold;"
            " border-left: 5px solid #b42318; padding: 4px 6px; }"
        )
        self.setVisible(False)

    def show_lines(self, lines: list[str]) -> None:
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))
