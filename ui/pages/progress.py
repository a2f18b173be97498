"""A review's own steps: progress on each step of the last plan, and each worry looked at again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from conference.operations.review import mark_progress, previous_decisions, revisit_statement
from conference.operations.undo import Inverse
from conference.operations.unit_of_work import UnitOfWork
from ui.controller import ConferenceController

# Key -> status, for each page. The keys are letters a chair can see in the hint line.
PROGRESS_KEYS = {
    Qt.Key.Key_D: "done",
    Qt.Key.Key_P: "partly_done",
    Qt.Key.Key_N: "not_done",
    Qt.Key.Key_X: "dropped",
    Qt.Key.Key_O: "open",
}
PROGRESS_LABELS = {
    "open": "Not looked at yet",
    "done": "Done",
    "partly_done": "Partly done",
    "not_done": "Not done",
    "dropped": "Dropped",
}
REVISIT_KEYS = {
    Qt.Key.Key_S: "still_a_worry",
    Qt.Key.Key_C: "changed",
    Qt.Key.Key_N: "no_longer_a_worry",
}
REVISIT_LABELS = {
    None: "Not looked at yet",
    "still_a_worry": "Still a worry",
    "changed": "Changed",
    "no_longer_a_worry": "No longer a worry",
}
OUTCOME_WORDS = {
    "child_protection_plan": "child protection plan",
    "child_in_need_plan": "child in need plan",
    "no_further_action": "no further action",
    "plan_continues": "the plan continues",
    "plan_ends_child_in_need": "the plan ends: child in need plan",
    "plan_ends_no_further_action": "the plan ends: no further action",
}


class _MarkList(QListWidget):
    """A list of carried objects; a letter key marks the current one (never while typing)."""

    def __init__(self, keys: dict[Qt.Key, str], mark: Callable[[str, str], None]) -> None:
        super().__init__()
        self._keys = keys
        self._mark = mark
        self.setWordWrap(True)
        self.setSpacing(3)
        # The chair's window sends a letter typed on a list to the step's entry: not here.
        self.setProperty("takes_letters", True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        status = self._keys.get(Qt.Key(event.key()))
        item = self.currentItem()
        if status is not None and item is not None and not event.modifiers():
            self._mark(str(item.data(Qt.ItemDataRole.UserRole)), status)
            event.accept()
            return
        text = event.text()
        if text.isalpha() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            # Another letter marks nothing, and must not jump to a line that starts with it.
            event.accept()
            return
        super().keyPressEvent(event)


class _ReviewPage(QWidget):
    kind = ""
    title_text = ""
    hint_text = ""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        self.title = QLabel(self.title_text)
        self._title_font()
        self.title.setWordWrap(True)
        self.hint = QLabel(self.hint_text)
        self.hint.setWordWrap(True)
        self.list = _MarkList(self.keys(), self.mark)
        self.list.setAccessibleName(self.title_text)
        self.reference = QLabel()
        self.reference.setWordWrap(True)
        for w in (self.title, self.hint, self.list, self.reference):
            layout.addWidget(w)
        self.setFocusProxy(self.list)
        controller.changed.connect(self._changed)
        self.refresh()

    def _title_font(self) -> None:
        """The title a size above the page's text, whatever the zoom (as a pane's title)."""
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 1.0) * 1.35)
        self.title.setFont(font)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:
            self._title_font()  # the window's zoom changed the page's font
        super().changeEvent(event)

    def keys(self) -> dict[Qt.Key, str]:
        raise NotImplementedError

    def work(self, ent_id: str, status: str) -> Callable[[UnitOfWork], Inverse]:
        raise NotImplementedError

    def line(self, row: dict[str, Any]) -> str:
        raise NotImplementedError

    def rows(self) -> list[dict[str, Any]]:
        return [r for r in self.controller.rows(self.kind) if r.get("carried_from")]

    def mark(self, ent_id: str, status: str) -> None:
        self.controller.perform(
            f"Mark {self.kind.replace('_', ' ')}",
            self.work(ent_id, status),
            (self.kind, ent_id, "update"),
        )

    def _changed(self, kind: str, _id: str, _how: str) -> None:
        if kind in (self.kind, "conference"):
            self.refresh()

    def refresh(self) -> None:
        current = self.list.currentRow()
        self.list.clear()
        for row in self.rows():
            item = QListWidgetItem(self.line(row))
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(max(0, min(current, self.list.count() - 1)))
        else:
            self.list.addItem(QListWidgetItem("Nothing was carried from the last conference."))


class ProgressPage(_ReviewPage):
    """Each step of the last plan: done, partly done, not done or dropped, by one key."""

    kind = "next_step"
    title_text = "Progress on the plan since last time"
    hint_text = "Up and down choose a step. D done, P partly done, N not done, X dropped, O not looked at yet."

    def keys(self) -> dict[Qt.Key, str]:
        return PROGRESS_KEYS

    def work(self, ent_id: str, status: str) -> Callable[[UnitOfWork], Inverse]:
        return lambda uow: mark_progress(uow, ent_id, status)

    def line(self, row: dict[str, Any]) -> str:
        who = row.get("owner") or ""
        state = PROGRESS_LABELS.get(row.get("status") or "open", "")
        return f"{state}  -  {row['action']}" + (f"  ({who})" if who else "")

    def refresh(self) -> None:
        super().refresh()
        decided = previous_decisions(self.controller.store, self.controller.cid)
        names = {c["id"]: c["name"] for c in self.controller.rows("child")}
        text = "; ".join(
            f"{names.get(d.child, d.child)}: {OUTCOME_WORDS.get(d.outcome, d.outcome)}"
            for d in decided
        )
        self.reference.setText(f"Decided last time: {text}." if text else "")


class RevisitPage(_ReviewPage):
    """Each danger statement looked at again: still a worry, changed, no longer a worry."""

    kind = "danger_statement"
    title_text = "The worries from last time, looked at again"
    hint_text = "Up and down choose a worry. S still a worry, C changed, N no longer a worry."

    def keys(self) -> dict[Qt.Key, str]:
        return REVISIT_KEYS

    def work(self, ent_id: str, status: str) -> Callable[[UnitOfWork], Inverse]:
        return lambda uow: revisit_statement(uow, ent_id, status)

    def line(self, row: dict[str, Any]) -> str:
        return f"{REVISIT_LABELS.get(row.get('review_status'), '')}  -  {row['text']}"


__all__ = ["ProgressPage", "RevisitPage"]
