"""Dates as people in an English council write them: "15/12/26", "15 Dec", "next Tuesday", "in 2 weeks".

`read_date` never guesses silently: what it cannot read (or reads as no real date) comes
back as a message that says what to write instead, and what it reads comes back with the
date in words, so the chair sees at once how "next Friday" was taken.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Prefer = Literal["future", "past", "any"]

_MONTHS = {
    name.lower(): n
    for n in range(1, 13)
    for name in (calendar.month_name[n], calendar.month_abbr[n])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {
    name.lower(): n for n in range(7) for name in (calendar.day_name[n], calendar.day_abbr[n])
}
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b")
_NUMERIC = re.compile(r"(\d{1,4})[/.\-](\d{1,2})(?:[/.\-](\d{2,4}))?")
_IN = re.compile(
    r"(?:in\s+)?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(day|days|week|weeks|fortnight|fortnights|month|months)(?:\s+time)?"
)


@dataclass(frozen=True)
class ReadDate:
    """What `read_date` made of a text: a date (with its words) or a message, never both."""

    date: dt.date | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.date is not None

    @property
    def words(self) -> str:
        return date_in_words(self.date) if self.date is not None else ""


def date_in_words(day: dt.date) -> str:
    """ "Tuesday 15 December 2026": how every screen and copy writes a date."""
    return (
        f"{calendar.day_name[day.weekday()]} {day.day} {calendar.month_name[day.month]} {day.year}"
    )


def _refuse(message: str) -> ReadDate:
    return ReadDate(message=message)


def _real(year: int, month: int, day: int) -> ReadDate:
    if not 1 <= month <= 12:
        return _refuse(f"there is no month {month}: write the day first, as 15/12/2026")
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= last:
        return _refuse(f"{calendar.month_name[month]} {year} has no day {day}")
    try:
        return ReadDate(date=dt.date(year, month, day))
    except ValueError:
        return _refuse("that is not a real date")


def _two_digit_year(yy: int, today: dt.date, prefer: Prefer) -> int:
    year = 2000 + yy
    if prefer == "past" and year > today.year:
        year -= 100
    return year


def _without_year(month: int, day: int, today: dt.date, prefer: Prefer) -> ReadDate:
    """ "15 December": this year's, unless that has gone (or is to come, for a past date)."""
    if not 1 <= month <= 12:
        return _refuse(f"there is no month {month}: write the day first, as 15/12")
    for year in (today.year, today.year + 1, today.year - 1):
        found = _real(year, month, day)
        if not found.ok:
            continue
        assert found.date is not None
        if prefer == "future" and found.date < today and year == today.year:
            continue
        if prefer == "past" and found.date > today and year == today.year:
            continue
        if prefer == "future" and year == today.year - 1:
            continue
        if prefer == "past" and year == today.year + 1:
            continue
        return found
    return _real(today.year, month, day)


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _year_of(text: str, today: dt.date, prefer: Prefer) -> int | None:
    value = int(text)
    if len(text) == 2:
        return _two_digit_year(value, today, prefer)
    if len(text) == 4:
        return value
    return None


def _named(text: str, today: dt.date, prefer: Prefer) -> ReadDate | None:
    """ "15 Dec 2026", "December 15", "Tue 15 Dec 2026": a month written as a word."""
    words = re.findall(r"[a-z]+|\d+", text)
    weekday: int | None = None
    if words and words[0] in _WEEKDAYS and len(words) > 1:
        weekday = _WEEKDAYS[words[0]]
        words = words[1:]
    months = [w for w in words if w in _MONTHS]
    if len(months) != 1:
        return None
    numbers = [w for w in words if w.isdigit()]
    others = [w for w in words if not w.isdigit() and w not in _MONTHS and w != "of"]
    if others or not 1 <= len(numbers) <= 2:
        return None
    month = _MONTHS[months[0]]
    day_text = numbers[0]
    if len(day_text) > 2:
        return _refuse("write the day before the year, as 15 December 2026")
    day = int(day_text)
    if len(numbers) == 2:
        year = _year_of(numbers[1], today, prefer)
        if year is None:
            return _refuse(f"{numbers[1]} is not a year: write it in full, as 2026")
        found = _real(year, month, day)
    else:
        found = _without_year(month, day, today, prefer)
    if found.ok and weekday is not None:
        assert found.date is not None
        if found.date.weekday() != weekday:
            return _refuse(
                f"{found.date.day} {calendar.month_name[found.date.month]} {found.date.year} "
                f"is a {calendar.day_name[found.date.weekday()]}, not a {calendar.day_name[weekday]}"
            )
    return found


def _relative(text: str, today: dt.date) -> ReadDate | None:
    if text in ("today", "now"):
        return ReadDate(date=today)
    if text == "tomorrow":
        return ReadDate(date=today + dt.timedelta(days=1))
    if text == "yesterday":
        return ReadDate(date=today - dt.timedelta(days=1))
    if text in ("next week", "a week today", "a week from today"):
        return ReadDate(date=today + dt.timedelta(days=7))
    words = text.split()
    if (
        words
        and words[0] in ("next", "this", "on", "coming", "this coming")
        or (len(words) == 1 and words[0] in _WEEKDAYS)
    ):
        name = words[-1]
        if name in _WEEKDAYS and len(words) <= 2:
            ahead = (_WEEKDAYS[name] - today.weekday()) % 7
            if words[0] == "next" and ahead == 0:
                ahead = 7  # "next Friday" said on a Friday is a week away
            return ReadDate(date=today + dt.timedelta(days=ahead))
    m = _IN.fullmatch(text)
    if m:
        count = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        unit = m.group(2)
        if unit.startswith("day"):
            return ReadDate(date=today + dt.timedelta(days=count))
        if unit.startswith("week"):
            return ReadDate(date=today + dt.timedelta(weeks=count))
        if unit.startswith("fortnight"):
            return ReadDate(date=today + dt.timedelta(weeks=2 * count))
        return ReadDate(date=_add_months(today, count))
    return None


def read_date(text: str, today: dt.date | None = None, prefer: Prefer = "future") -> ReadDate:
    """Read a date written in any of the usual UK ways; an empty text is not a date.

    `prefer` settles what the text leaves open: "15 December" and "15/12/26" are the coming
    ones for a due date ("future"), past ones for a date of birth ("past").
    """
    today = today or dt.date.today()
    clean = " ".join(text.strip().lower().replace(",", " ").split())
    if not clean:
        return _refuse("no date written")
    if len(clean) > 40:
        return _refuse("that is too long to be a date")
    relative = _relative(clean, today)
    if relative is not None:
        return relative
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", clean)
    if iso:
        return _real(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    clean = _ORDINAL.sub(r"\1", clean)
    numeric = _NUMERIC.fullmatch(clean)
    if numeric:
        first, second, third = numeric.groups()
        if len(first) > 2:
            return _refuse("write the day first, as 15/12/2026")
        day, month = int(first), int(second)
        if third is None:
            return _without_year(month, day, today, prefer)
        year = _year_of(third, today, prefer)
        if year is None:
            return _refuse(f"{third} is not a year: write it in full, as 2026")
        return _real(year, month, day)
    named = _named(clean, today, prefer)
    if named is not None:
        return named
    return _refuse("not a date I can read: write it as 15/12/2026 or 15 December 2026")
