"""The record panel of a conference window: who is working, the changes since the end, approval,
the outcome letter and, once the record is final, its corrections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from conference.errors import SfconfError
from conference.operations import default_actor
from conference.record.changes import FIELD_NAMES, Change, changes, side_by_side, undo_change
from conference.record.corrections import add_correction, corrections_of
from conference.reports.pdf_common import date_in_words
from ui import settings as ui_settings

ROLE_KEY = "record/working_as"


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _describe(
    obj: dict[str, Any] | None, other: dict[str, Any] | None, names: dict[str, str]
) -> str:
    """One object field by field, ids shown as names; a field that differs is marked with »."""
    if obj is None:
        return "(not there)"

    def shown(value: Any) -> str:
        if isinstance(value, str):
            return names.get(value, value)
        if isinstance(value, list):
            return ", ".join(shown(v) for v in value) or "—"
        return _text(value)

    lines = []
    for key, value in obj.items():
        if key in ("id", "conference_id", "position"):
            continue
        mark = "» " if other is not None and other.get(key) != value else "  "
        lines.append(f"{mark}{FIELD_NAMES.get(key, key.replace('_', ' '))}: {shown(value)}")
    return "\n".join(lines)


class RecordPanel(QWidget):
    """Everything about the record after the meeting, for the minute-taker and the chair."""

    def __init__(self, window: QMainWindow, controller: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.controller = controller
        self.store = controller.store
        self.cid = controller.cid
        self._changes: list[Change] = []

        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Record state")
        self.working_as = QComboBox()
        self.working_as.setAccessibleName("Working as")
        self.working_as.currentIndexChanged.connect(self._working_as_changed)

        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("Changes since the end of the meeting")
        self.table.setHorizontalHeaderLabels(["When", "Who", "What", "Before", "After"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.room = QPlainTextEdit()
        self.room.setReadOnly(True)
        self.room.setAccessibleName("As agreed in the room")
        self.now = QPlainTextEdit()
        self.now.setReadOnly(True)
        self.now.setAccessibleName("Now")
        sides = QSplitter(Qt.Orientation.Horizontal)
        for title, edit in (("As agreed in the room", self.room), ("Now", self.now)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(edit)
            sides.addWidget(box)

        self.undo_button = QPushButton("&Undo this change")
        self.undo_button.clicked.connect(lambda _c=False: self.undo_selected())
        self.send_button = QPushButton("&Send to the chair")
        self.send_button.clicked.connect(lambda _c=False: self.send_to_chair())
        self.approve_button = QPushButton("&Approve the record")
        self.approve_button.clicked.connect(lambda _c=False: self.approve())
        self.letter_button = QPushButton("Outcome &letter…")
        self.letter_button.clicked.connect(lambda _c=False: self.write_letter())
        buttons = QHBoxLayout()
        for b in (self.undo_button, self.send_button, self.approve_button, self.letter_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.corrections_box = QGroupBox("Corrections (addenda to the sealed record)")
        self.corrections = QTableWidget(0, 4)
        self.corrections.setAccessibleName("Corrections")
        self.corrections.setHorizontalHeaderLabels(["No.", "Asked by", "Received", "Correction"])
        self.corrections.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.corrections.verticalHeader().hide()
        self.corrections.horizontalHeader().setStretchLastSection(True)
        self.asked_by = QComboBox()
        self.asked_by.setAccessibleName("Asked by")
        self.asked_by.setEditable(True)
        self.received = QLineEdit()
        self.received.setAccessibleName("Received on")
        self.received.setPlaceholderText("YYYY-MM-DD")
        self.correction_text = QPlainTextEdit()
        self.correction_text.setAccessibleName("The correction")
        self.correction_text.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.add_correction_button = QPushButton("Add the &correction")
        self.add_correction_button.clicked.connect(lambda _c=False: self.add_correction())
        form = QFormLayout()
        form.addRow("Asked by:", self.asked_by)
        form.addRow("Received on:", self.received)
        form.addRow("Correction:", self.correction_text)
        form.addRow("", self.add_correction_button)
        box = QVBoxLayout(self.corrections_box)
        box.addWidget(self.corrections)
        box.addLayout(form)

        self.distribution_box = QGroupBox("Who gets the record")
        self.distribution = QTableWidget(0, 3)
        self.distribution.setAccessibleName("Who gets the record")
        self.distribution.setHorizontalHeaderLabels(["Person", "Copy", "Sent"])
        self.distribution.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.distribution.verticalHeader().hide()
        self.distribution.horizontalHeader().setStretchLastSection(True)
        QVBoxLayout(self.distribution_box).addWidget(self.distribution)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Record message")

        top = QFormLayout()
        top.addRow("Working as:", self.working_as)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(top)
        self.changes_box = QWidget()
        changes_layout = QVBoxLayout(self.changes_box)
        changes_layout.setContentsMargins(0, 0, 0, 0)
        changes_layout.addWidget(self.table, 2)
        changes_layout.addWidget(sides, 2)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("The record")
        self.tabs.addTab(self.changes_box, "C&hanges since the end")
        self.tabs.addTab(self.corrections_box, "Co&rrections")
        self.tabs.addTab(self.distribution_box, "&Who gets it")
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        # The panel is for after the meeting and hidden during it: a change made while it is
        # hidden only marks it stale (refreshing it cost ~130 ms of every item typed live).
        self._stale = False
        controller.changed.connect(lambda *_a: self._changed())
        self.refresh()

    def _changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    # ------------------------------------------------------------ who is working

    def _people(self) -> list[tuple[str, str, str]]:
        conf = self.controller.conference
        people = [("chair", str(conf.get("chair") or ""), "chair")]
        if conf.get("minute_taker"):
            people.append(("minute_taker", str(conf["minute_taker"]), "minute-taker"))
        return people

    def role(self) -> str:
        data = self.working_as.currentData()
        return str(data) if data else "minute_taker"

    def working_name(self) -> str:
        for role, name, _label in self._people():
            if role == self.role():
                return name
        return ""

    def set_working_as(self, role: str) -> None:
        index = self.working_as.findData(role)
        if index >= 0:
            self.working_as.setCurrentIndex(index)

    def _working_as_changed(self, _index: int) -> None:
        if self.working_as.signalsBlocked():
            return
        ui_settings.settings().setValue(ROLE_KEY, self.role())
        self.controller.actor = f"{self.working_name()} ({default_actor()})"
        self._update_buttons()

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        conf = self.controller.conference
        status = conf["status"]
        self.working_as.blockSignals(True)
        current = self.working_as.currentData() or ui_settings.settings().value(
            ROLE_KEY, "minute_taker"
        )
        self.working_as.clear()
        for role, name, label in self._people():
            self.working_as.addItem(f"{name} ({label})", role)
        index = self.working_as.findData(current)
        self.working_as.setCurrentIndex(max(0, index))
        self.working_as.blockSignals(False)
        self.controller.actor = f"{self.working_name()} ({default_actor()})"
        try:
            self._changes = (
                changes(self.store, self.cid) if status in ("ended", "finalised") else []
            )
        except SfconfError as exc:
            self._changes = []
            self.message.setText(exc.message)
        self.table.setRowCount(len(self._changes))
        for row, c in enumerate(self._changes):
            for col, value in enumerate(
                (c.at.replace("T", " ")[:16], c.by, c.what(), _text(c.before), _text(c.after))
            ):
                item = QTableWidgetItem(value if len(value) < 200 else value[:199] + "…")
                item.setToolTip(value)
                self.table.setItem(row, col, item)
        from conference.record.approval import record_for

        record = record_for(self.store, self.cid) if status == "finalised" else None
        if status == "finalised":
            when = date_in_words(str(record["sealed_at"])[:10]) if record else ""
            by = record["approved_by"] if record else conf.get("chair")
            self.state.setText(
                f"<b>Final record, approved by {by} on {when}.</b> It cannot be changed; corrections are added below."
            )
        elif status == "ended":
            self.state.setText(
                f"<b>Draft record.</b> {len(self._changes)} change(s) since the end of the meeting. "
                "The chair reviews them, undoes any, and approves the rest."
            )
        else:
            self.state.setText("The record is tracked from the end of the meeting.")
        was_final = self.tabs.isTabVisible(1)
        self.tabs.setTabVisible(1, status == "finalised")
        if status == "finalised" and not was_final:
            self.tabs.setCurrentWidget(self.corrections_box)  # a final record opens on these
        if status == "finalised":
            self._fill_corrections()
        if status in ("ended", "finalised"):
            self._fill_distribution()
        self._update_buttons()
        self._show_selected()

    def _fill_corrections(self) -> None:
        rows = corrections_of(self.store, self.cid)
        self.corrections.setRowCount(len(rows))
        for r, c in enumerate(rows):
            for col, value in enumerate(
                (str(c.number), c.requested_by_name, c.received_on, c.text)
            ):
                self.corrections.setItem(r, col, QTableWidgetItem(value))
        self.corrections.resizeColumnsToContents()
        if self.asked_by.count() == 0:
            for p in self.controller.doc().get("participants", []):
                self.asked_by.addItem(f"{p['name']} ({p['role']})", p["id"])

    def _fill_distribution(self) -> None:
        from conference.record.distribution import distribution

        lines = distribution(self.store, self.cid)
        for r in range(self.distribution.rowCount()):
            old = self.distribution.cellWidget(r, 1)
            if old is not None:
                old.hide()  # deleted later by the table; never seen meanwhile
        self.distribution.setRowCount(len(lines))
        for r, d in enumerate(lines):
            who = f"{d.name} (family)" if d.is_family else d.name
            self.distribution.setItem(r, 0, QTableWidgetItem(who))
            combo = QComboBox()
            combo.setAccessibleName(f"Copy for {d.name}")
            combo.addItem("partial: without what is kept back" if d.is_family else "full", "full")
            combo.addItem("none", "none")
            combo.setCurrentIndex(1 if d.copy_kind == "none" else 0)
            combo.currentIndexChanged.connect(
                lambda _i, pid=d.participant_id, c=combo: self.set_copy(pid, str(c.currentData()))
            )
            self.distribution.setCellWidget(r, 1, combo)
            self.distribution.setItem(r, 2, QTableWidgetItem(d.sent_on or "not yet"))
        self.distribution.resizeColumnsToContents()

    def set_copy(self, participant_id: str, copy_kind: str) -> bool:
        from conference.record.distribution import set_copy

        try:
            set_copy(self.store, self.cid, participant_id, copy_kind, self.controller.actor)
        except SfconfError as exc:
            self._failed(exc)
            return False
        self.message.setText("Distribution changed")
        return True

    def _update_buttons(self) -> None:
        status = self.controller.conference["status"]
        chair = self.role() == "chair"
        ended = status == "ended"
        self.undo_button.setEnabled(ended and chair and self.selected() is not None)
        self.approve_button.setEnabled(ended and chair)
        self.send_button.setEnabled(ended and not chair)
        self.letter_button.setEnabled(status in ("ended", "finalised"))

    def _names(self) -> dict[str, str]:
        doc = self.controller.doc()
        names = {p["id"]: str(p["name"]) for p in doc.get("participants", [])}
        names.update({c["id"]: str(c["name"]) for c in doc.get("children", [])})
        for n, d in enumerate(doc.get("danger_statements", []), 1):
            names[d["id"]] = f"danger statement {n}"
        for n, g in enumerate(doc.get("safety_goals", []), 1):
            names[g["id"]] = f"safety goal {n}"
        for section in self.controller.template.sections:
            names.setdefault(section.key, section.label)
        return names

    def selected(self) -> Change | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._changes):
            return None
        return self._changes[rows[0].row()]

    def _show_selected(self) -> None:
        change = self.selected()
        if change is None:
            self.room.setPlainText("Choose a change to see it as agreed in the room and now.")
            self.now.setPlainText("")
        else:
            room, now = side_by_side(self.store, self.cid, change.kind, change.id)
            names = self._names()
            self.room.setPlainText(_describe(room, now, names))
            self.now.setPlainText(_describe(now, room, names))
        self._update_buttons()

    # ------------------------------------------------------------ actions

    def _done(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.controller.undo_stack.clear()  # the record changed under the undo history
        self.controller.invalidate()
        self.controller.changed.emit("conference", self.cid, "update")

    def _failed(self, exc: SfconfError) -> None:
        self.message.setStyleSheet("color: #a00000; font-weight: bold;")
        self.message.setText(exc.message)

    def undo_selected(self) -> bool:
        change = self.selected()
        if change is None:
            return False
        try:
            undo_change(self.store, self.cid, change, self.controller.actor)
        except SfconfError as exc:
            self._failed(exc)
            return False
        self._done(f"Undone: {change.what()}")
        return True

    def send_to_chair(self) -> bool:
        from conference.record.state import send_to_chair

        try:
            send_to_chair(self.store, self.cid, self.controller.actor)
        except SfconfError as exc:
            self._failed(exc)
            return False
        self._done("Sent to the chair for approval")
        return True

    def approve(self) -> str | None:
        from conference.record.approval import approve

        self.window_.setFocus()  # leave any field being typed in, so it is saved first
        try:
            seal = approve(self.store, self.cid, self.working_name(), self.controller.actor)
        except SfconfError as exc:
            self._failed(exc)
            return None
        self._done(f"Approved and sealed ({seal[:12]})")
        return seal

    def add_correction(self) -> int | None:
        participant = self.asked_by.currentData()
        typed = self.asked_by.currentText()
        if participant is not None and typed != self.asked_by.itemText(
            self.asked_by.currentIndex()
        ):
            participant = None
        try:
            number = add_correction(
                self.store,
                self.cid,
                actor=self.controller.actor,
                received_on=self.received.text(),
                text=self.correction_text.toPlainText(),
                participant=participant,
                name=None if participant is not None else typed,
            )
        except SfconfError as exc:
            self._failed(exc)
            return None
        self.correction_text.clear()
        self._done(f"Correction {number} added; the sealed record is unchanged")
        return number

    def write_letter(self, path: str | None = None) -> Path | None:
        from conference.reports.letter import write_letter

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                "Save the outcome letter",
                f"letter-{dt.date.today().isoformat()}.pdf",
                "PDF (*.pdf)",
            )
            if not path:
                return None
        try:
            data = write_letter(self.store, self.cid)
            Path(path).write_bytes(data)
        except SfconfError as exc:
            self._failed(exc)
            return None
        except OSError as exc:
            self.message.setText(f"Cannot write {path} ({exc.strerror})")
            return None
        self.message.setText(f"Letter written to {path}")
        return Path(path)


def install(window: Any) -> RecordPanel:
    """Add the record panel to a conference window as a dock (conference_window.py calls this)."""
    panel = RecordPanel(window, window.controller)
    dock = QDockWidget("The record after the meeting", window)
    dock.setObjectName("record-dock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.record_dock = dock
    window.resizeDocks([dock], [max(640, window.width() // 2)], Qt.Orientation.Horizontal)

    def follow(*args: Any) -> None:
        if args and args[0] not in ("conference", ""):
            return  # only the conference's own row holds its status
        status = window.controller.conference["status"]
        dock.setVisible(status in ("ended", "finalised"))
        # A finalised record opens read-only: only the record panel can add to it.
        window.stack.setEnabled(status != "finalised")

    window.controller.changed.connect(follow)
    follow()
    return panel
