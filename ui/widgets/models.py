"""List and table models for the home list, the set-up tables and the agenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from conference.labels import ATTENDANCE_LABELS
from conference.store.model import ATTENDANCE, REPORTS
from ui.controller import ConferenceController
from ui.widgets.labels import REPORT_LABELS
from ui.widgets.roles import ChoicesRole, IdRole

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One editable column of a set-up table."""

    field: str
    header: str
    kind: str = "text"  # text, bool, enum, date
    choices: tuple[tuple[str, str], ...] = ()


class EntityTableModel(QAbstractTableModel):
    """One kind's rows (children or participants) as an editable table; edits go to the controller."""

    COLUMNS: tuple[Column, ...] = ()
    KIND = ""

    def __init__(self, controller: ConferenceController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._rows: list[dict[str, Any]] = list(controller.rows(self.KIND))
        controller.changed.connect(self._on_changed)

    def _on_changed(self, kind: str, ent_id: str, action: str) -> None:
        if kind not in (self.KIND, ""):
            return
        if action == "update":
            for n, r in enumerate(self._rows):
                if r["id"] == ent_id:
                    fresh = self.controller.row(self.KIND, ent_id)
                    if fresh is not None:
                        self._rows[n] = fresh
                        self.dataChanged.emit(
                            self.index(n, 0), self.index(n, self.columnCount() - 1)
                        )
                    return
        self.beginResetModel()
        self._rows = list(self.controller.rows(self.KIND))
        self.endResetModel()

    def row_id(self, row: int) -> str:
        return str(self._rows[row]["id"])

    def row_of(self, ent_id: str) -> int:
        for n, r in enumerate(self._rows):
            if r["id"] == ent_id:
                return n
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.COLUMNS[index.column()].kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def display(self, col: Column, value: Any) -> str:
        if col.kind == "enum":
            return dict(col.choices).get(value, str(value or ""))
        if col.kind == "date":
            try:  # as people write it: 14 May 2019 (the store keeps 2019-05-14)
                day = dt.date.fromisoformat(str(value)[:10]) if value else None
            except ValueError:
                return str(value)
            return f"{day.day} {day:%b %Y}" if day else ""
        return "" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        col = self.COLUMNS[index.column()]
        r = self._rows[index.row()]
        value = r.get(col.field)
        if role == IdRole:
            return r["id"]
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if col.kind == "bool":
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{col.header}: {'yes' if value else 'no'}"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(col, value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else value
        if role == ChoicesRole and col.kind == "enum":
            return list(col.choices)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{col.header}: {self.display(col, value)}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.row() >= len(self._rows):
            return False
        col = self.COLUMNS[index.column()]
        ent_id = self.row_id(index.row())
        if col.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif col.kind == "date":
            new = str(value).strip() or None
        else:
            new = value if col.kind == "enum" else str(value).strip()
        if self._rows[index.row()].get(col.field) == new:
            return False
        return self.controller.update(self.KIND, ent_id, {col.field: new})

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


class ChildrenModel(EntityTableModel):
    """The children (and any unborn baby) the conference is about."""

    KIND = "child"
    COLUMNS = (
        Column("name", "Name"),
        Column("known_as", "Known as"),
        Column("date_of_birth", "Date of birth", "date"),
        Column("expected_on", "Expected (unborn)", "date"),
    )


class ParticipantsModel(EntityTableModel):
    """Everyone invited, with role, agency, attendance and report."""

    KIND = "participant"
    COLUMNS = (
        Column("name", "Name"),
        Column("role", "Role"),
        Column("agency", "Agency"),
        Column("is_family", "Family", "bool"),
        Column(
            "attendance",
            "Attendance",
            "enum",
            tuple((a, ATTENDANCE_LABELS[a]) for a in ATTENDANCE),
        ),
        Column("attendance_note", "Attendance note"),
        Column("report", "Report", "enum", tuple((r, REPORT_LABELS[r]) for r in REPORTS)),
        Column("core_group", "Core group", "bool"),
        Column("interpreter", "Interpreter"),
    )


class AgendaModel(QAbstractListModel):
    """The template's agenda steps; the current one is bold and marked."""

    def __init__(self, controller: ConferenceController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._current = controller.current_step
        controller.step_changed.connect(self._on_step)

    def _on_step(self, step: int) -> None:
        old, self._current = self._current, step
        for row in (old, step):
            if 0 <= row < self.rowCount():
                self.dataChanged.emit(self.index(row), self.index(row))

    def reset(self) -> None:
        self.beginResetModel()
        self._current = self.controller.current_step
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.controller.agenda)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.controller.agenda):
            return None
        step = self.controller.agenda[index.row()]
        current = index.row() == self._current
        if role == Qt.ItemDataRole.DisplayRole:
            marker = "\u25b6 " if current else ""
            minutes = f"  ({step.minutes} min)" if step.minutes else ""
            return f"{marker}{index.row() + 1}. {step.label}{minutes}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return step.plain_label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Step {index.row() + 1}: {step.label}" + (", current step" if current else "")
        if role == Qt.ItemDataRole.FontRole and current:
            font = QFont()
            font.setBold(True)
            return font
        if role == IdRole:
            return step.key
        return None
