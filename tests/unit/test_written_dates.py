"""The date entry's reader on the ways people write dates, right, ambiguous and wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from conference.written_dates import date_in_words, read_date

TUESDAY = dt.date(2026, 12, 1)  # Tuesday 1 December 2026
FRIDAY = dt.date(2026, 12, 4)

# (text, today, prefer, the date it must read) — each worked out by hand from a calendar.
READS = [
    ("15/12/2026", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("15/12/26", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("15.12.2026", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("15-12-2026", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("15 Dec 2026", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("15 december 2026", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("15th December 2026", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("December 15, 2026", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("Dec 15", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("15 December", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("15 Dec", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("  15  Dec  2026 ", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("Tuesday 15 December 2026", TUESDAY, "future", dt.date(2026, 12, 15)),  # its own words
    ("Tue 15 Dec 2026", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("1st of March 2027", TUESDAY, "future", dt.date(2027, 3, 1)),
    ("2026-12-15", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("3 Jan", TUESDAY, "future", dt.date(2027, 1, 3)),  # January has gone this year
    ("3/1", TUESDAY, "future", dt.date(2027, 1, 3)),  # day first: 3 January
    ("30 Nov", TUESDAY, "future", dt.date(2027, 11, 30)),  # yesterday's date: next year
    ("30 Nov", TUESDAY, "past", dt.date(2026, 11, 30)),
    ("3 Jan", TUESDAY, "past", dt.date(2026, 1, 3)),
    ("14/03/2019", TUESDAY, "past", dt.date(2019, 3, 14)),  # UK order, a date of birth
    ("14/03/19", TUESDAY, "past", dt.date(2019, 3, 14)),
    ("14/03/98", TUESDAY, "past", dt.date(1998, 3, 14)),
    ("29/02/2028", TUESDAY, "future", dt.date(2028, 2, 29)),  # a leap year
    ("today", TUESDAY, "future", TUESDAY),
    ("tomorrow", TUESDAY, "future", dt.date(2026, 12, 2)),
    ("Tomorrow", FRIDAY, "future", dt.date(2026, 12, 5)),
    ("yesterday", TUESDAY, "past", dt.date(2026, 11, 30)),
    ("next Tuesday", TUESDAY, "future", dt.date(2026, 12, 8)),  # said on a Tuesday
    ("next Friday", FRIDAY, "future", dt.date(2026, 12, 11)),  # said on a Friday: a week on
    ("next Friday", TUESDAY, "future", dt.date(2026, 12, 4)),
    ("this Friday", FRIDAY, "future", FRIDAY),
    ("friday", TUESDAY, "future", dt.date(2026, 12, 4)),
    ("Mon", FRIDAY, "future", dt.date(2026, 12, 7)),
    ("next week", TUESDAY, "future", dt.date(2026, 12, 8)),
    ("in 2 weeks", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("in two weeks", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("2 weeks", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("in 10 days", TUESDAY, "future", dt.date(2026, 12, 11)),
    ("in a fortnight", TUESDAY, "future", dt.date(2026, 12, 15)),
    ("in 3 months", TUESDAY, "future", dt.date(2027, 3, 1)),
    ("in a month", dt.date(2027, 1, 31), "future", dt.date(2027, 2, 28)),  # no 31 February
    ("in six weeks time", TUESDAY, "future", dt.date(2027, 1, 12)),
]

# (text, today, words the message must hold)
REFUSALS = [
    ("31/02/2027", TUESDAY, "February 2027 has no day 31"),
    ("30 February", TUESDAY, "has no day 30"),
    ("29/02/2027", TUESDAY, "February 2027 has no day 29"),
    ("13/13/2026", TUESDAY, "no month 13"),
    ("12/15/2026", TUESDAY, "no month 15: write the day first"),  # US order
    ("0/12/2026", TUESDAY, "has no day 0"),
    ("32 Dec", TUESDAY, "has no day 32"),
    ("Monday 15 December 2026", TUESDAY, "is a Tuesday, not a Monday"),
    ("15/12/202", TUESDAY, "202 is not a year"),
    ("2026/12/15", TUESDAY, "write the day first"),
    ("soon", TUESDAY, "not a date I can read"),
    ("Not set", TUESDAY, "not a date I can read"),
    ("Not set7Nov202617Nov2026", TUESDAY, "not a date I can read"),
    ("15 Decembre 2026", TUESDAY, "not a date I can read"),
    ("", TUESDAY, "no date written"),
    ("   ", TUESDAY, "no date written"),
    ("1" * 5000, TUESDAY, "too long"),
    ("15 Dec 2026 10:00", TUESDAY, "not a date I can read"),
]


@pytest.mark.parametrize(("text", "today", "prefer", "expected"), READS)
def test_reads_the_date_people_mean(
    text: str, today: dt.date, prefer: str, expected: dt.date
) -> None:
    found = read_date(text, today, prefer)  # type: ignore[arg-type]
    assert found.date == expected, (text, found.message)
    assert found.message == ""
    assert found.words == date_in_words(expected)


@pytest.mark.parametrize(("text", "today", "expected"), REFUSALS)
def test_never_reads_a_date_it_did_not_understand(text: str, today: dt.date, expected: str) -> None:
    found = read_date(text, today)
    assert found.date is None
    assert expected in found.message
    assert "\n" not in found.message and len(found.message) <= 120


def test_words_are_what_the_family_reads() -> None:
    assert date_in_words(dt.date(2026, 12, 15)) == "Tuesday 15 December 2026"
    assert read_date("15 Dec 2026", TUESDAY).words == "Tuesday 15 December 2026"


def test_at_least_forty_written_forms_are_covered() -> None:
    assert len(READS) + len(REFUSALS) >= 40
