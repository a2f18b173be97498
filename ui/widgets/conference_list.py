"""The home list's model: light on purpose, so the home window paints before the store's ORM loads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel

from conference.labels import KIND_LABELS, STATUS_LABELS
from ui.widgets.roles import ACCESSIBLE_TEXT_ROLE, IdRole


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


class ConferenceListModel(QStandardItemModel):
    """Every conference in the store, newest first: family, children, date, kind, status.

    Qt's own item model, so that the view's many reads of each cell while it sizes the
    columns and paints (thousands before the first paint) stay inside Qt.
    """

    HEADERS = ("Family", "Children", "Date", "Kind", "Status")

    def __init__(self, rows: list[dict[str, Any]] | None = None, parent: QObject | None = None):
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self._rows: list[dict[str, Any]] = []
        self.set_rows(rows or [])

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.blockSignals(True)  # one reset, not a signal per item
        try:
            self.setRowCount(0)
            self._rows = list(rows)
            for r in self._rows:
                self.appendRow(self._items_of(r))
        finally:
            self.blockSignals(False)
        self.endResetModel()

    @staticmethod
    def _items_of(r: dict[str, Any]) -> list[QStandardItem]:
        cells = (
            r["family_name"],
            ", ".join(r.get("children", [])),
            when_text(r["starts_at"]),
            KIND_LABELS.get(r["kind"], r["kind"]),
            STATUS_LABELS.get(r["status"], r["status"]),
        )
        said = f"{r['family_name']}, {when_text(r['starts_at'])}, {r['status']}"
        items = []
        for text in cells:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setToolTip(text)
            item.setData(r["id"], IdRole)
            item.setData(said, ACCESSIBLE_TEXT_ROLE)
            items.append(item)
        return items

    def conference_id(self, row: int) -> str:
        return str(self._rows[row]["id"])
