"""One date entry for every date on the chair's screens: typed as people write it, read back in words.

It shows how it read the text as you type ("Tuesday 15 December 2026"), opens a calendar
on Alt+Down or F4, and commits only a date it has read: what it cannot read stays in
the box, marked, with the reason beside it, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from conference.written_dates import Prefer, date_in_words, read_date


class DateEntry(QWidget):
    """A line to type a date in, the date in words beside it, and a calendar on Alt+Down/F4."""

    # A dt.date, or None when an optional date is cleared. Emitted on Enter and on focus-out.
    committed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        prefer: Prefer = "future",
        optional: bool = True,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._prefer: Prefer = prefer
        self._optional = optional
        self._today = today
        self._date: dt.date | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("e.g. 15/12/2026, 15 Dec, next Tuesday, in 2 weeks")
        self.reading = QLabel(self)
        self.reading.setWordWrap(True)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        layout.addLayout(row)
        layout.addWidget(self.reading)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._show_reading)
        self.edit.returnPressed.connect(self.commit)
        self.edit.installEventFilter(self)
        self._calendar: QCalendarWidget | None = None

    # ------------------------------------------------------------ value

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def date(self) -> dt.date | None:
        """The last date committed (or set), never a guess from unread text."""
        return self._date

    def set_date(self, value: dt.date | None) -> None:
        """Show a stored date (no signal): its numbers in the box, its words beside it."""
        self._date = value
        self.edit.setText(f"{value.day}/{value.month}/{value.year}" if value else "")
        self._mark(False)
        self.reading.setText(date_in_words(value) if value else "")
        self.edit.setAccessibleDescription(self.reading.text())

    def is_unread(self) -> bool:
        """True when the box holds text that is not a date (it is marked and not saved)."""
        text = self.edit.text().strip()
        return bool(text) and not read_date(text, self.today(), self._prefer).ok

    def message(self) -> str:
        return self.reading.text()

    # ------------------------------------------------------------ typing

    def _mark(self, wrong: bool) -> None:
        palette = self.palette()
        if wrong:
            # A red that reads on the theme's background: dark on light, light on dark.
            dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
            palette.setColor(
                QPalette.ColorRole.WindowText, QColor("#ff8a80" if dark else "#b71c1c")
            )
        self.reading.setPalette(palette)
        self.edit.setProperty("unread", wrong)
        self.edit.setStyleSheet("QLineEdit { border: 2px solid #c62828; }" if wrong else "")

    def _show_reading(self, text: str) -> None:
        if not text.strip():
            self._mark(False)
            self.reading.setText("" if self._optional else "A date is needed here")
            return
        found = read_date(text, self.today(), self._prefer)
        self._mark(not found.ok)
        self.reading.setText(found.words if found.ok else f"Not saved: {found.message}")
        self.edit.setAccessibleDescription(self.reading.text())

    def commit(self) -> bool:
        """Save what is typed if it reads as a date (or is empty and optional); True if saved."""
        text = self.edit.text().strip()
        if not text:
            if not self._optional:
                self._show_reading("")
                return False
            changed = self._date is not None
            self._date = None
            self._mark(False)
            self.reading.setText("")
            if changed:
                self.committed.emit(None)
            return True
        found = read_date(text, self.today(), self._prefer)
        if not found.ok:
            self._show_reading(text)
            return False
        changed = found.date != self._date
        self.set_date(found.date)
        if changed:
            self.committed.emit(found.date)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                alt_down = event.key() == Qt.Key.Key_Down and bool(
                    event.modifiers() & Qt.KeyboardModifier.AltModifier
                )
                if alt_down or event.key() == Qt.Key.Key_F4:
                    self.open_calendar()
                    return True
            elif event.type() == QEvent.Type.FocusOut and not (
                self._calendar is not None and self._calendar.isVisible()
            ):
                self.commit()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ calendar

    def calendar(self) -> QCalendarWidget | None:
        return self._calendar

    def open_calendar(self) -> QCalendarWidget:
        """The calendar at the date in the box (or read so far), else at today's month."""
        if self._calendar is None:
            cal = QCalendarWidget(self)
            cal.setWindowFlags(Qt.WindowType.Popup)
            cal.setGridVisible(True)
            cal.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            cal.activated.connect(self._picked)
            self._calendar = cal
        cal = self._calendar
        found = read_date(self.edit.text(), self.today(), self._prefer)
        start = found.date or self._date or self.today()
        cal.setSelectedDate(QDate(start.year, start.month, start.day))
        cal.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        cal.show()
        cal.setFocus()
        return cal

    def _picked(self, qdate: QDate) -> None:
        assert self._calendar is not None
        self._calendar.hide()
        value = dt.date(qdate.year(), qdate.month(), qdate.day())
        self.edit.setText(f"{value.day}/{value.month}/{value.year}")
        self.edit.setFocus()
        self.commit()
