"""The home list's model: light on purpose, so the home window paints before the store's ORM loads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from conference.labels import KIND_LABELS, STATUS_LABELS
from ui.widgets.roles import IdRole

Index = QModelIndex | QPersistentModelIndex

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def when_text(value: str | None) -> str:
    """A stored date or date-time as the chair reads it ("Fri 20 Nov 2026 10:00")."""
    if not value:
        return ""
    try:
        if "T" in value:
            return f"{dt.datetime.fromisoformat(value):%a %d %b %Y %H:%M}"
        return f"{dt.date.fromisoformat(value):%d %b %Y}"
    except ValueError:
        return value


class ConferenceListModel(QAbstractTableModel):
    """Every conference in the store, newest first: family, children, date, kind, status."""

    HEADERS = ("Family", "Children", "Date", "Kind", "Status")

    def __init__(self, rows: list[dict[str, Any]] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = list(rows or [])
        self._cells = [self._cells_of(r) for r in self._rows]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cells = [self._cells_of(r) for r in self._rows]
        self.endResetModel()

    @staticmethod
    def _cells_of(r: dict[str, Any]) -> tuple[str, ...]:
        # Worked out once per row: a view asks for each cell many times while it lays out.
        return (
            r["family_name"],
            ", ".join(r.get("children", [])),
            when_text(r["starts_at"]),
            KIND_LABELS.get(r["kind"], r["kind"]),
            STATUS_LABELS.get(r["status"], r["status"]),
        )

    def conference_id(self, row: int) -> str:
        return str(self._rows[row]["id"])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (_DISPLAY, _TOOLTIP):
            return self._cells[index.row()][index.column()]
        r = self._rows[index.row()]
        if role == IdRole:
            return r["id"]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{r['family_name']}, {when_text(r['starts_at'])}, {r['status']}"
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None
