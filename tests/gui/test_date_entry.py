"""The one date entry: typed as people write dates, read back in words, never saving a guess."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ui.widgets.date_entry import DateEntry

TODAY = dt.date(2026, 12, 1)


def _entry(qtbot: Any, **kw: Any) -> tuple[DateEntry, list[object]]:
    entry = DateEntry(today=TODAY, **kw)
    qtbot.addWidget(entry)
    entry.show()
    qtbot.waitExposed(entry)
    got: list[object] = []
    entry.committed.connect(got.append)
    entry.edit.setFocus()
    return entry, got


def test_typing_shows_the_date_in_words_and_enter_saves_it(qtbot: Any) -> None:
    entry, got = _entry(qtbot)
    qtbot.keyClicks(entry.edit, "15 Dec 2026")
    assert entry.message() == "Tuesday 15 December 2026"
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert got == [dt.date(2026, 12, 15)]
    assert entry.date() == dt.date(2026, 12, 15)


def test_a_date_it_cannot_read_stays_marked_and_is_not_saved(qtbot: Any) -> None:
    entry, got = _entry(qtbot)
    entry.set_date(dt.date(2026, 12, 4))
    entry.edit.selectAll()
    qtbot.keyClicks(entry.edit, "31/02/2027")
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert got == []
    assert entry.date() == dt.date(2026, 12, 4)  # the stored date is untouched
    assert entry.edit.text() == "31/02/2027"  # what was typed is not thrown away
    assert entry.message() == "Not saved: February 2027 has no day 31"
    assert entry.is_unread()


def test_focus_out_saves_what_it_read(qtbot: Any) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    entry = DateEntry(box, today=TODAY)
    other = QLineEdit(box)
    layout = QVBoxLayout(box)
    layout.addWidget(entry)
    layout.addWidget(other)
    got: list[object] = []
    entry.committed.connect(got.append)
    box.show()
    box.activateWindow()
    qtbot.waitActive(box)
    entry.edit.setFocus()
    qtbot.waitUntil(entry.edit.hasFocus)
    qtbot.keyClicks(entry.edit, "next Friday")
    assert entry.message() == "Friday 4 December 2026"
    qtbot.keyClick(entry.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: got == [dt.date(2026, 12, 4)])


def test_alt_down_and_f4_open_the_calendar_at_a_sensible_month(qtbot: Any) -> None:
    entry, got = _entry(qtbot)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    cal = entry.calendar()
    assert cal is not None and cal.isVisible()
    assert (cal.selectedDate().year(), cal.selectedDate().month()) == (2026, 12)  # not 1900
    qtbot.keyClick(cal, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not cal.isVisible())
    qtbot.keyClicks(entry.edit, "3 Jan")
    qtbot.keyClick(entry.edit, Qt.Key.Key_F4)
    assert (cal.selectedDate().year(), cal.selectedDate().month()) == (2027, 1)
    # A day further on with the arrow keys, then Enter picks it.
    qtbot.keyClick(cal.focusWidget() or cal, Qt.Key.Key_Right)
    qtbot.keyClick(cal.focusWidget() or cal, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: got == [dt.date(2027, 1, 4)])
    assert entry.message() == "Monday 4 January 2027"


def test_clearing_an_optional_date_saves_no_date(qtbot: Any) -> None:
    entry, got = _entry(qtbot)
    entry.set_date(dt.date(2026, 12, 4))
    entry.edit.clear()
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert got == [None]


def test_a_needed_date_cannot_be_cleared(qtbot: Any) -> None:
    entry, got = _entry(qtbot, optional=False)
    entry.set_date(dt.date(2026, 12, 4))
    entry.edit.clear()
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert got == [] and entry.date() == dt.date(2026, 12, 4)
    assert entry.message() == "A date is needed here"


def test_a_date_of_birth_reads_the_past(qtbot: Any) -> None:
    entry, got = _entry(qtbot, prefer="past")
    qtbot.keyClicks(entry.edit, "14/03/19")
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert got == [dt.date(2019, 3, 14)]
