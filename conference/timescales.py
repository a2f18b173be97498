"""Working-day arithmetic and the statutory timescales of a child protection conference."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

__all__ = [
    "Nation",
    "StatutoryDates",
    "add_months",
    "add_working_days",
    "bank_holiday_name",
    "corrections_due",
    "decision_letter_due",
    "first_core_group_by",
    "initial_conference_due",
    "is_working_day",
    "parse_nation",
    "record_due",
    "review_due_by",
    "statutory_dates",
    "suggest_datetime",
    "working_day_on_or_after",
    "working_day_on_or_before",
]


class Nation(StrEnum):
    """A UK nation with its own bank holidays (England and Wales share theirs)."""

    ENGLAND_WALES = "england-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


# Wales has the same bank holidays as England, so one calendar serves both.
_SUBDIVISION: dict[Nation, str] = {
    Nation.ENGLAND_WALES: "ENG",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}

_ALIASES: dict[str, Nation] = {
    "england-wales": Nation.ENGLAND_WALES,
    "england-and-wales": Nation.ENGLAND_WALES,
    "england": Nation.ENGLAND_WALES,
    "wales": Nation.ENGLAND_WALES,
    "eng": Nation.ENGLAND_WALES,
    "wls": Nation.ENGLAND_WALES,
    "ew": Nation.ENGLAND_WALES,
    "scotland": Nation.SCOTLAND,
    "sct": Nation.SCOTLAND,
    "sco": Nation.SCOTLAND,
    "northern-ireland": Nation.NORTHERN_IRELAND,
    "nir": Nation.NORTHERN_IRELAND,
    "ni": Nation.NORTHERN_IRELAND,
}

# How many months "within N months" means for the next review, by conference kind.
_REVIEW_MONTHS: dict[str, int] = {
    "initial": 3,
    "pre_birth": 3,
    "transfer_in": 3,
    "review": 6,
}

_MAX_STEPS = 10_000


def parse_nation(value: str) -> Nation:
    """Read a nation from settings or the command line ("england", "ENG", "scotland", ...)."""
    key = "-".join(value.strip().lower().replace("_", " ").replace("&", " and ").split())
    nation = _ALIASES.get(key)
    if nation is None:
        choices = ", ".join(n.value for n in Nation)
        raise ValueError(f"unknown nation {value!r}: use one of {choices}")
    return nation


@lru_cache(maxsize=64)
def _calendar(nation: Nation, year: int) -> holidays.HolidayBase:
    # One frozen calendar per (nation, year): expand=False stops lookups for another year
    # from silently growing (and mutating) a shared cached object.
    return holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=year, expand=False)


def _as_date(day: date) -> date:
    # A conference's starts_at is a datetime; the timescales count whole days.
    return day.date() if isinstance(day, datetime) else day


def is_working_day(day: date, nation: Nation = Nation.ENGLAND_WALES) -> bool:
    """True unless the day is a weekend or a bank holiday (including substitute days)."""
    day = _as_date(day)
    return bool(_calendar(nation, day.year).is_working_day(day))


def bank_holiday_name(day: date, nation: Nation = Nation.ENGLAND_WALES) -> str | None:
    """The bank holiday's name, e.g. "Boxing Day (observed)", or None."""
    day = _as_date(day)
    name = _calendar(nation, day.year).get(day)
    return None if name is None else str(name)


def _step_to_working_day(day: date, step: int, nation: Nation) -> date:
    for _ in range(_MAX_STEPS):
        if is_working_day(day, nation):
            return day
        day += timedelta(days=step)
    raise ValueError(f"no working day within {_MAX_STEPS} days of {day.isoformat()}")


def working_day_on_or_after(day: date, nation: Nation = Nation.ENGLAND_WALES) -> date:
    """The day itself if it is a working day, else the next one."""
    return _step_to_working_day(_as_date(day), 1, nation)


def working_day_on_or_before(day: date, nation: Nation = Nation.ENGLAND_WALES) -> date:
    """The day itself if it is a working day, else the one before."""
    return _step_to_working_day(_as_date(day), -1, nation)


def add_working_days(start: date, n: int, nation: Nation = Nation.ENGLAND_WALES) -> date:
    """The nth working day after start (start not counted); n=0 rolls start forward.

    A negative n counts back, e.g. -2 for "2 working days before".
    """
    day = _as_date(start)
    if n == 0:
        return working_day_on_or_after(day, nation)
    step = 1 if n > 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, nation):
            remaining -= 1
    return day


def add_months(day: date, months: int) -> date:
    """The same date N months later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    day = _as_date(day)
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def initial_conference_due(
    strategy_discussion_on: date, nation: Nation = Nation.ENGLAND_WALES
) -> date:
    """Latest date for the initial conference: 15 working days after the strategy discussion."""
    return add_working_days(strategy_discussion_on, 15, nation)


def first_core_group_by(conference_on: date, nation: Nation = Nation.ENGLAND_WALES) -> date:
    """Latest date for the first core group: 10 working days after the conference."""
    return add_working_days(conference_on, 10, nation)


def review_due_by(conference_on: date, kind: str, nation: Nation = Nation.ENGLAND_WALES) -> date:
    """Latest date for the next review: within 3 months of a first conference, 6 of a review.

    "Within N months" is the last working day on or before the same date N months later.
    """
    try:
        months = _REVIEW_MONTHS[kind]
    except KeyError:
        choices = ", ".join(_REVIEW_MONTHS)
        raise ValueError(f"unknown conference kind {kind!r}: use one of {choices}") from None
    return working_day_on_or_before(add_months(conference_on, months), nation)


def decision_letter_due(conference_on: date, nation: Nation = Nation.ENGLAND_WALES) -> date:
    """The chair's decision letter: 1 working day after the conference."""
    return add_working_days(conference_on, 1, nation)


def record_due(
    conference_on: date, nation: Nation = Nation.ENGLAND_WALES, working_days: int = 15
) -> date:
    """The full record: working_days (set by the council, usually 15 or 20) after the conference."""
    if working_days < 1:
        raise ValueError(f"the record needs at least 1 working day, not {working_days}")
    return add_working_days(conference_on, working_days, nation)


def corrections_due(record_sent_on: date, nation: Nation = Nation.ENGLAND_WALES) -> date:
    """Corrections to the chair: 10 working days after the record is sent."""
    return add_working_days(record_sent_on, 10, nation)


@dataclass(frozen=True)
class StatutoryDates:
    """The deadlines that follow from one conference."""

    decision_letter: date
    record: date
    first_core_group: date
    review: date


def statutory_dates(
    conference_on: date,
    kind: str,
    nation: Nation = Nation.ENGLAND_WALES,
    record_working_days: int = 15,
) -> StatutoryDates:
    """All the deadlines for a conference of this kind held on this day."""
    return StatutoryDates(
        decision_letter=decision_letter_due(conference_on, nation),
        record=record_due(conference_on, nation, record_working_days),
        first_core_group=first_core_group_by(conference_on, nation),
        review=review_due_by(conference_on, kind, nation),
    )


def suggest_datetime(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A meeting time on a suggested day (pass a working day from the functions above)."""
    return datetime.combine(_as_date(day), time(hour, minute))
