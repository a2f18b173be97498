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


def read_time(text: str) -> dt.time | None:
    """A time as people write it: "14:00", "14.00", "1400", "2pm", "2.30pm", "14"; else None."""
    t = text.strip().lower().replace(" ", "")
    pm = t.endswith("pm")
    am = t.endswith("am")
    if pm or am:
        t = t[:-2]
    t = t.replace(".", ":")
    if ":" in t:
        hours, _, minutes = t.partition(":")
    elif len(t) in (3, 4):
        hours, minutes = t[:-2], t[-2:]
    else:
        hours, minutes = t, "0"
    if not (hours.isdigit() and minutes.isdigit()):
        return None
    h, m = int(hours), int(minutes)
    if am or pm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if pm else 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return dt.time(h, m)


class DateTimeEntry(QWidget):
    """The date entry with a time beside it ("at 14:00"): a meeting's day and time."""

    # A dt.datetime, or None when an optional date is cleared; on Enter and on focus-out.
    committed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        prefer: Prefer = "future",
        optional: bool = True,
        default_time: dt.time = dt.time(10, 0),
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.default_time = default_time
        self._value: dt.datetime | None = None
        self.date_entry = DateEntry(self, prefer=prefer, optional=optional, today=today)
        self.edit = self.date_entry.edit
        self.reading = self.date_entry.reading
        self.time_edit = QLineEdit(self)
        self.time_edit.setPlaceholderText("10:00")
        self.time_edit.setMaxLength(8)
        self._fit_to_font()
        at = QLabel("at", self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_entry, 1)
        row.addWidget(at, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.time_edit, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        self.setFocusProxy(self.date_entry)
        self.date_entry.committed.connect(self._date_committed)
        self.time_edit.editingFinished.connect(self._time_committed)

    def _fit_to_font(self) -> None:
        """Widths in the current text size, so the zoom clips neither the time nor the words."""
        metrics = self.fontMetrics()
        self.time_edit.setFixedWidth(metrics.horizontalAdvance("00:00 pm") + 16)
        # Room for the date in words under the box ("Wednesday 30 September 2026").
        self.date_entry.setMinimumWidth(metrics.horizontalAdvance("Wednesday 30 September 2026"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()
        super().changeEvent(event)

    def value(self) -> dt.datetime | None:
        return self._value

    def set_value(self, value: dt.datetime | None) -> None:
        """Show a stored date and time (no signal)."""
        self._value = value
        self.date_entry.set_date(value.date() if value else None)
        self.time_edit.setText(f"{value:%H:%M}" if value else "")

    def is_unread(self) -> bool:
        return self.date_entry.is_unread()

    def _time(self) -> dt.time | None:
        text = self.time_edit.text().strip()
        return read_time(text) if text else self.default_time

    def _emit(self, day: dt.date | None) -> None:
        if day is None:
            changed = self._value is not None
            self._value = None
            if changed:
                self.committed.emit(None)
            return
        at = self._time()
        if at is None:
            self.reading.setText(
                f"Not saved: the time \u201c{self.time_edit.text().strip()}\u201d is not a time; "
                "write it like 14:00 or 2pm."
            )
            return
        value = dt.datetime.combine(day, at)
        if not self.time_edit.text().strip():
            self.time_edit.setText(f"{at:%H:%M}")
        if value != self._value:
            self._value = value
            self.committed.emit(value)

    def _date_committed(self, day: object) -> None:
        self._emit(day if isinstance(day, dt.date) else None)

    def _time_committed(self) -> None:
        if self.date_entry.date() is not None and not self.date_entry.is_unread():
            self._emit(self.date_entry.date())
        elif self.time_edit.text().strip() and self._time() is None:
            self.reading.setText("Not saved: write the time like 14:00 or 2pm.")
