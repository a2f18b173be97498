"""The set-up of a conference (editable at any time): details, children and participants."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from conference.labels import KIND_LABELS, STATUS_LABELS
from conference.reports.minutes import quorum
from conference.store.model import KINDS
from conference.templates import all_templates
from conference.written_dates import Prefer, read_date
from ui.controller import ConferenceController
from ui.pages.pane import participant_label
from ui.widgets.date_entry import DateEntry, DateTimeEntry
from ui.widgets.debounce import Debounce
from ui.widgets.delegates import ChoiceDelegate, commit_on_enter
from ui.widgets.models import ChildrenModel, ParticipantsModel

Index = QModelIndex | QPersistentModelIndex


class SetupTable(QTableView):
    """A set-up table: Enter or F2 edits a cell, Space ticks, Delete removes the row."""

    def __init__(
        self, kind: str, controller: ConferenceController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.controller = controller
        self.setItemDelegate(ChoiceDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        index = self.currentIndex()
        if (
            event.key() == Qt.Key.Key_Delete
            and index.isValid()
            and self.state() != QAbstractItemView.State.EditingState
        ):
            model = self.model()
            assert isinstance(model, ChildrenModel | ParticipantsModel)
            self.controller.delete(self.kind, model.row_id(index.row()))
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and index.isValid()
            and self.state() != QAbstractItemView.State.EditingState
        ):
            if index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                self._toggle(index)
            else:
                self.edit(index)
            return
        if (
            event.key() == Qt.Key.Key_Space
            and index.isValid()
            and index.flags() & Qt.ItemFlag.ItemIsUserCheckable
        ):
            self._toggle(index)
            return
        super().keyPressEvent(event)

    def _toggle(self, index: QModelIndex) -> None:
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.model().setData(
            index,
            (Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked).value,
            Qt.ItemDataRole.CheckStateRole,
        )


class ChildDateDelegate(QStyledItemDelegate):
    """A child's date of birth or expected date: the one date entry; never saves a guess."""

    def __init__(self, page: SetupPage, label: str, prefer: Prefer) -> None:
        super().__init__(page)
        self.page, self.label, self.prefer = page, label, prefer

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Any
    ) -> QWidget:
        editor = DateEntry(parent, prefer=self.prefer)
        editor.reading.hide()  # no room in a row: the page says it beside the table
        editor.edit.setAccessibleName(self.label)
        editor.edit.textEdited.connect(
            lambda _t: self.page.show_child_date(editor, self.label, self.prefer)
        )
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter saves and closes at once: Qt's queued commit could reach a closed editor.
        return commit_on_enter(self, watched, event) or super().eventFilter(watched, event)

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802
        assert isinstance(editor, DateEntry)
        if editor.edit.isModified():
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.set_date(dt.date.fromisoformat(str(value)[:10]) if value else None)
        editor.edit.selectAll()

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Any
    ) -> None:
        assert isinstance(editor, DateEntry)
        text = editor.edit.text().strip()
        if not text:
            model.setData(index, "", Qt.ItemDataRole.EditRole)
            return
        found = read_date(text, editor.today(), self.prefer)
        if not found.ok or found.date is None:
            self.page.show_child_date(
                editor, self.label, self.prefer
            )  # not saved; the reason stays
            return
        self.page.children_note.setText("")
        model.setData(index, found.date.isoformat(), Qt.ItemDataRole.EditRole)


class SetupPage(QWidget):
    """Every set-up field of one conference; each edit is saved at once through the controller."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._loading = False
        self.debounces: list[Debounce] = []

        # ---------------------------------------------------------- the conference
        self.status = QLabel()
        self.status.setAccessibleName("Meeting status")
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(KIND_LABELS[k], k)
        # The one date entry with its time: "20/11/2026" at "10:00", read back in words.
        self.starts_at = DateTimeEntry(prefer="future", optional=False)
        self.starts_at.edit.setAccessibleName("Date and time")
        self.starts_at.time_edit.setAccessibleName("Time of the conference")
        self.venue = QLineEdit()
        self.chair = QLineEdit()
        self.minute_taker = QLineEdit()
        self.family_name = QLineEdit()
        self.family_name.setPlaceholderText("How the family is named, e.g. the Green family")
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("Why we are here, in words the family understand")
        self.template = QComboBox()
        for key, tpl in all_templates().items():
            self.template.addItem(tpl.name, key)
        # The one date entry: typed as people write it, read back in words, never a guess.
        self.strategy = DateEntry(prefer="past")
        self.strategy.edit.setAccessibleName("Strategy discussion date")
        self.lead = QComboBox()

        for name, widget in (
            ("Kind of conference", self.kind),
            ("Date and time", self.starts_at),
            ("Venue", self.venue),
            ("Chair", self.chair),
            ("Minute-taker", self.minute_taker),
            ("Family name", self.family_name),
            ("Reason for the conference", self.reason),
            ("Template", self.template),
            ("Strategy discussion date", self.strategy),
            ("Lead social worker", self.lead),
        ):
            widget.setAccessibleName(name)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Status", self.status)
        form.addRow("&Kind", self.kind)
        form.addRow("&Date and time", self.starts_at)
        form.addRow("&Venue", self.venue)
        form.addRow("C&hair", self.chair)
        form.addRow("&Minute-taker", self.minute_taker)
        form.addRow("&Family named as", self.family_name)
        form.addRow("&Reason", self.reason)
        form.addRow("&Template", self.template)
        form.addRow("&Strategy discussion", self.strategy)
        form.addRow("&Lead social worker", self.lead)
        details = QGroupBox("The conference")
        details.setLayout(form)

        for field, edit in (
            ("venue", self.venue),
            ("chair", self.chair),
            ("minute_taker", self.minute_taker),
            ("family_name", self.family_name),
        ):
            self._wire_line(field, edit)
        reason_debounce = Debounce(
            self.reason, self._commit_reason, finished=self.controller.end_typing
        )
        self.reason.textChanged.connect(lambda: None if self._loading else reason_debounce.poke())
        self.debounces.append(reason_debounce)
        self.kind.activated.connect(lambda _i: self._set("kind", self.kind.currentData()))
        self.template.activated.connect(
            lambda _i: self._set("template", self.template.currentData())
        )
        self.lead.activated.connect(
            lambda _i: self._set("lead_social_worker", self.lead.currentData())
        )
        self.starts_at.committed.connect(lambda _v: self._commit_starts_at())
        self.strategy.committed.connect(self._commit_strategy)

        # ---------------------------------------------------------- children
        self.children_model = ChildrenModel(controller, self)
        self.children_table = SetupTable("child", controller)
        self.children_table.setModel(self.children_model)
        self.children_table.setAccessibleName("Children")
        self.child_entry = QLineEdit()
        self.child_entry.setPlaceholderText("Add a child: type the name, then Enter")
        self.child_entry.setAccessibleName("New child's name")
        self.child_entry.returnPressed.connect(self.add_child)
        kids = QGroupBox("Children (an unborn baby: give the expected date)")
        kl = QVBoxLayout(kids)
        kl.addWidget(self.children_table)
        # How a date typed in the table was read, or why it was not saved: beside the table.
        self.children_note = QLabel()
        self.children_note.setWordWrap(True)
        self.children_note.setAccessibleName("Children's dates, as read")
        kl.addWidget(self.children_note)
        kl.addWidget(self.child_entry)
        for column, header in enumerate(ChildrenModel.COLUMNS):
            if header.kind == "date":
                self.children_table.setItemDelegateForColumn(
                    column,
                    ChildDateDelegate(
                        self, header.header, "past" if header.field == "date_of_birth" else "future"
                    ),
                )

        # ---------------------------------------------------------- participants
        self.participants_model = ParticipantsModel(controller, self)
        self.participants_table = SetupTable("participant", controller)
        self.participants_table.setModel(self.participants_model)
        self.participants_table.setAccessibleName("Participants")
        self.participant_name = QLineEdit()
        self.participant_name.setPlaceholderText("Name")
        self.participant_name.setAccessibleName("New participant's name")
        self.participant_role = QLineEdit()
        self.participant_role.setPlaceholderText("Role, then Enter")
        self.participant_role.setAccessibleName("New participant's role")
        self.participant_agency = QLineEdit()
        self.participant_agency.setPlaceholderText("Agency (Family for a family member)")
        self.participant_agency.setAccessibleName("New participant's agency")
        for e in (self.participant_name, self.participant_role, self.participant_agency):
            e.returnPressed.connect(self.add_participant)
        entry = QHBoxLayout()
        entry.addWidget(self.participant_name, 2)
        entry.addWidget(self.participant_role, 2)
        entry.addWidget(self.participant_agency, 2)
        people = QGroupBox("Participants (Space ticks a box; Enter edits a cell; Delete removes)")
        pl = QVBoxLayout(people)
        pl.addWidget(self.participants_table)
        pl.addLayout(entry)
        # Quorum, always: met or not, and why, as the participants are entered.
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.quorum_label.setAccessibleName("Quorum")
        pl.addWidget(self.quorum_label)

        # A message about what was not saved, on this page (the set-up may be its own window).
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Set-up message")
        self.message.setStyleSheet("color: #a00000; font-weight: bold;")
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.message)
        layout.addWidget(details)
        layout.addWidget(kids)
        layout.addWidget(people)
        self._fit_to_font()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        controller.changed.connect(self._on_changed)
        controller.saved.connect(lambda _text: self.message.setText(""))
        self.load()
        self.setFocusProxy(self.family_name)

    def _fit_to_font(self) -> None:
        """Heights in lines of the current text size, so the zoom never clips a row."""
        line = self.fontMetrics().lineSpacing()
        self.reason.setFixedHeight(line * 4 + 12)
        self.children_table.setMinimumHeight(line * 2 * 4)
        self.participants_table.setMinimumHeight(line * 2 * 10)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()
        super().changeEvent(event)

    # ------------------------------------------------------------ reading back

    def _on_changed(self, kind: str, _id: str, _action: str) -> None:
        if kind in ("conference", "participant", ""):
            self.load()

    def load(self) -> None:
        """Show the stored values (after an undo, for instance) without disturbing typing."""
        self._loading = True
        try:
            c = self.controller.conference
            self.status.setText(STATUS_LABELS.get(c["status"], c["status"]))
            self.kind.setCurrentIndex(max(0, self.kind.findData(c["kind"])))
            self.template.setCurrentIndex(max(0, self.template.findData(c["template"])))
            for field, edit in (
                ("venue", self.venue),
                ("chair", self.chair),
                ("minute_taker", self.minute_taker),
                ("family_name", self.family_name),
            ):
                if not edit.hasFocus() and edit.text() != (c.get(field) or ""):
                    edit.setText(c.get(field) or "")
            if not self.reason.hasFocus() and self.reason.toPlainText() != (c.get("reason") or ""):
                self.reason.setPlainText(c.get("reason") or "")
            if not (
                self.starts_at.edit.hasFocus()
                or self.starts_at.time_edit.hasFocus()
                or self.starts_at.is_unread()
            ):
                self.starts_at.set_value(dt.datetime.fromisoformat(c["starts_at"]))
            if not self.strategy.edit.hasFocus() and not self.strategy.is_unread():
                value = c.get("strategy_discussion_on")
                self.strategy.set_date(dt.date.fromisoformat(value[:10]) if value else None)
            met, words = quorum({"participants": self.controller.rows("participant")})
            self.quorum_label.setText(
                f"Quorum met. {words[5:]}" if met else f"Quorum not met. {words[4:]}"
            )
            self.quorum_label.setStyleSheet("" if met else "color: #b71c1c; font-weight: bold;")
            self.lead.clear()
            self.lead.addItem("Not named yet", None)
            for p in self.controller.rows("participant"):
                self.lead.addItem(participant_label(p), p["id"])
            self.lead.setCurrentIndex(max(0, self.lead.findData(c.get("lead_social_worker"))))
        finally:
            self._loading = False

    # ------------------------------------------------------------ writing

    def _set(self, field: str, value: Any, merge: bool = False) -> None:
        if self._loading or self.controller.conference.get(field) == value:
            return
        if not self.controller.update_conference({field: value}, merge=merge):
            self.load()

    def _wire_line(self, field: str, edit: QLineEdit) -> None:
        debounce = Debounce(edit, lambda: self._set(field, edit.text().strip(), merge=True))
        edit.textEdited.connect(debounce.poke)
        edit.returnPressed.connect(debounce.flush)
        edit.editingFinished.connect(lambda: self._finish(field, edit))
        self.debounces.append(debounce)

    def _finish(self, field: str, edit: QLineEdit) -> None:
        """Enter or focus-out: save, and end this run of typing as one undo step."""
        self._set(field, edit.text().strip(), merge=True)
        self.controller.end_typing()

    def _commit_reason(self) -> None:
        self._set("reason", self.reason.toPlainText().strip(), merge=True)

    def _commit_starts_at(self) -> None:
        when = self.starts_at.value()
        if when is not None:
            self._set("starts_at", when.isoformat(timespec="seconds"))

    def show_child_date(self, editor: DateEntry, label: str, prefer: Prefer = "past") -> None:
        text = editor.edit.text().strip()
        found = read_date(text, editor.today(), prefer) if text else None
        if found is None:
            self.children_note.setText("")
        elif found.ok:
            self.children_note.setText(f"{label}: {found.words}. Press Enter to save it.")
            self.children_note.setStyleSheet("")
        else:
            self.children_note.setText(f"{label}: not saved. {found.message}")
            self.children_note.setStyleSheet("color: #b71c1c; font-weight: bold;")

    def _commit_strategy(self, value: dt.date | None) -> None:
        self._set("strategy_discussion_on", value.isoformat() if value else None)

    def add_child(self) -> str | None:
        name = self.child_entry.text().strip()
        if not name:
            return None
        new_id = self.controller.add("child", {"name": name}, text="Add child")
        if new_id:
            self.child_entry.clear()
        return new_id

    def add_participant(self) -> str | None:
        name = self.participant_name.text().strip()
        role = self.participant_role.text().strip()
        if not name:
            self.participant_name.setFocus()
            return None
        if not role:
            self.participant_role.setFocus()
            return None
        agency = self.participant_agency.text().strip()
        values: dict[str, Any] = {"name": name, "role": role, "agency": agency}
        if agency.casefold() == "family":
            values["is_family"] = True
        new_id = self.controller.add("participant", values, text="Add participant")
        if new_id:
            for e in (self.participant_name, self.participant_role, self.participant_agency):
                e.clear()
            self.participant_name.setFocus()
        return new_id

    def flush(self) -> None:
        for d in self.debounces:
            d.flush()
        for field, edit in (
            ("venue", self.venue),
            ("chair", self.chair),
            ("minute_taker", self.minute_taker),
            ("family_name", self.family_name),
        ):
            self._set(field, edit.text().strip(), merge=True)
        self._commit_reason()


class SetupDialog(QDialog):
    """The set-up in its own window, so the chair can correct it without moving the agenda
    (and so without changing what the room's screen shows)."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conference set-up")
        self.setModal(False)
        self.page = SetupPage(controller, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(close)
        self.resize(1000, 720)

    def done(self, result: int) -> None:
        self.page.flush()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.page.flush()
        super().closeEvent(event)
