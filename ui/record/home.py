"""The home window's view of the records: each conference's record state and what is due."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from conference.errors import SfconfError
from conference.record.due import due_items
from conference.record.state import record_states
from conference.reports.pdf_common import date_in_words

LATE = QColor("#a00000")


class RecordsTable(QTableWidget):
    """One row per conference: family, record state, and what is due or overdue."""

    def __init__(self, store: Any, parent: Any = None) -> None:
        super().__init__(0, 4, parent)
        self.store = store
        self.setAccessibleName("Records and what is due")
        self.setHorizontalHeaderLabels(["Family", "Record", "Overdue", "Due"])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)

    def refresh(self, rows: list[dict[str, Any]]) -> None:
        try:
            states = record_states(self.store)
            due = due_items(self.store)
        except SfconfError:
            states, due = {}, []
        overdue: dict[str, list[str]] = {}
        coming: dict[str, list[str]] = {}
        for d in due:
            what = f"{d.what.replace('_', ' ')} {d.detail}".strip()
            when = date_in_words(d.due_on, weekday=False)
            (overdue if d.overdue else coming).setdefault(d.conference, []).append(
                f"{what} (since {when})" if d.overdue else f"{what} ({when})"
            )
        shown = [r for r in rows if states.get(r["id"], "planned") != "planned"]
        self.setRowCount(len(shown))
        for n, r in enumerate(shown):
            cells = (
                r["family_name"],
                states.get(r["id"], ""),
                "; ".join(overdue.get(r["id"], [])),
                "; ".join(coming.get(r["id"], [])),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, r["id"])
                if col == 2:
                    item.setForeground(LATE)
                self.setItem(n, col, item)


def install_home(window: Any) -> RecordsTable:
    """Add the records dock to the home window and keep it in step with the list."""
    from conference import operations as ops

    table = RecordsTable(window.store, window)
    dock = QDockWidget("After the meeting: records and what is due", window)
    dock.setObjectName("records-dock")
    dock.setWidget(table)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.records_table = table
    refresh = window.refresh

    def refresh_both() -> None:
        refresh()
        with contextlib.suppress(SfconfError):  # the list has shown the message already
            table.refresh(ops.list_conferences(window.store))

    window.refresh = refresh_both
    refresh_both()
    return table
