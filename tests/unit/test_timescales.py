"""Working days and conference timescales, checked against dates counted by hand."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from conference.timescales import (
    Nation,
    StatutoryDates,
    add_months,
    add_working_days,
    bank_holiday_name,
    corrections_due,
    decision_letter_due,
    first_core_group_by,
    initial_conference_due,
    is_working_day,
    parse_nation,
    record_due,
    review_due_by,
    statutory_dates,
    suggest_datetime,
    working_day_on_or_after,
    working_day_on_or_before,
)

EW = Nation.ENGLAND_WALES
SCT = Nation.SCOTLAND
NI = Nation.NORTHERN_IRELAND

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


# The hand counts below lean on these weekdays; if one were wrong, every count would be.
@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (date(2026, 11, 2), MON),
        (date(2026, 11, 16), MON),
        (date(2026, 11, 17), TUE),
        (date(2026, 11, 30), MON),
        (date(2026, 12, 18), FRI),
        (date(2026, 12, 24), THU),
        (date(2026, 12, 25), FRI),
        (date(2026, 12, 28), MON),
        (date(2026, 12, 29), TUE),
        (date(2027, 1, 1), FRI),
        (date(2027, 1, 2), SAT),
        (date(2027, 1, 4), MON),
        (date(2027, 3, 17), WED),
        (date(2027, 3, 25), THU),
        (date(2027, 3, 26), FRI),
        (date(2027, 3, 29), MON),
        (date(2027, 6, 25), FRI),
        (date(2027, 7, 9), FRI),
        (date(2027, 7, 12), MON),
        (date(2027, 9, 30), THU),
        (date(2027, 12, 24), FRI),
        (date(2027, 12, 25), SAT),
    ],
)
def test_calendar_facts_the_hand_counts_rely_on(day: date, weekday: int) -> None:
    assert day.weekday() == weekday


class TestParseNation:
    @pytest.mark.parametrize(
        ("text", "nation"),
        [
            ("england-wales", EW),
            ("england", EW),
            ("wales", EW),
            ("ENG", EW),
            ("WLS", EW),
            ("England and Wales", EW),
            ("England & Wales", EW),
            ("  England  ", EW),
            ("scotland", SCT),
            ("Scotland", SCT),
            ("SCT", SCT),
            ("northern-ireland", NI),
            ("Northern Ireland", NI),
            ("northern_ireland", NI),
            ("NIR", NI),
            ("NI", NI),
        ],
    )
    def test_accepts_names_and_codes(self, text: str, nation: Nation) -> None:
        assert parse_nation(text) is nation

    @pytest.mark.parametrize("text", ["", "uk", "france", "ireland", "england-scotland"])
    def test_refuses_anything_else_in_one_line(self, text: str) -> None:
        with pytest.raises(ValueError) as caught:
            parse_nation(text)
        message = str(caught.value)
        assert "\n" not in message
        assert "england-wales" in message

    def test_values_are_the_stored_strings(self) -> None:
        assert [n.value for n in Nation] == ["england-wales", "scotland", "northern-ireland"]


class TestWorkingDays:
    @pytest.mark.parametrize("nation", list(Nation))
    def test_weekends_are_not_working_days(self, nation: Nation) -> None:
        assert not is_working_day(date(2026, 11, 21), nation)  # Saturday
        assert not is_working_day(date(2026, 11, 22), nation)  # Sunday
        assert is_working_day(date(2026, 11, 23), nation)  # Monday
        assert bank_holiday_name(date(2026, 11, 21), nation) is None

    @pytest.mark.parametrize("nation", list(Nation))
    @pytest.mark.parametrize(
        "day",
        [
            date(2026, 12, 25),  # Christmas Day, Friday
            date(2026, 12, 28),  # Boxing Day falls on Saturday 26th: substitute Monday 28th
            date(2027, 1, 1),  # New Year's Day, Friday
            date(2027, 3, 26),  # Good Friday 2027
            date(2027, 12, 27),  # Christmas 2027 is a Saturday: substitute Monday 27th
            date(2027, 12, 28),  # Boxing Day 2027 is a Sunday: substitute Tuesday 28th
        ],
    )
    def test_holidays_every_nation_shares(self, day: date, nation: Nation) -> None:
        assert not is_working_day(day, nation)
        assert bank_holiday_name(day, nation)

    @pytest.mark.parametrize("nation", list(Nation))
    def test_christmas_eve_and_new_years_eve_are_working_days(self, nation: Nation) -> None:
        assert is_working_day(date(2026, 12, 24), nation)
        assert is_working_day(date(2026, 12, 29), nation)
        assert is_working_day(date(2026, 12, 31), nation)

    def test_the_substitute_day_is_named_as_such(self) -> None:
        assert bank_holiday_name(date(2026, 12, 28)) == "Boxing Day (observed)"
        assert bank_holiday_name(date(2026, 12, 25)) == "Christmas Day"
        assert bank_holiday_name(date(2026, 12, 29)) is None

    def test_easter_monday_is_not_a_bank_holiday_in_scotland(self) -> None:
        easter_monday = date(2027, 3, 29)
        assert not is_working_day(easter_monday, EW)
        assert not is_working_day(easter_monday, NI)
        assert is_working_day(easter_monday, SCT)
        assert bank_holiday_name(easter_monday, EW) == "Easter Monday"
        assert bank_holiday_name(easter_monday, SCT) is None

    def test_scotland_has_2_january(self) -> None:
        # 2 January 2026 is a Friday: a bank holiday in Scotland only.
        assert not is_working_day(date(2026, 1, 2), SCT)
        assert is_working_day(date(2026, 1, 2), EW)
        assert is_working_day(date(2026, 1, 2), NI)

    def test_scotland_2_january_2027_on_a_saturday_moves_to_monday_4th(self) -> None:
        # Official rule: a Scottish bank holiday on a weekend moves to the next free
        # weekday. 1 Jan 2027 is Friday (no move); 2 Jan is Saturday -> Monday 4 Jan.
        assert not is_working_day(date(2027, 1, 4), SCT)
        assert is_working_day(date(2027, 1, 4), EW)
        assert is_working_day(date(2027, 1, 5), SCT)

    def test_st_andrews_day_in_scotland(self) -> None:
        # 30 November 2026 is a Monday.
        assert not is_working_day(date(2026, 11, 30), SCT)
        assert is_working_day(date(2026, 11, 30), EW)
        assert is_working_day(date(2026, 11, 30), NI)

    def test_northern_ireland_st_patricks_day(self) -> None:
        # Wednesday 17 March 2027.
        assert not is_working_day(date(2027, 3, 17), NI)
        assert is_working_day(date(2027, 3, 17), EW)
        assert is_working_day(date(2027, 3, 17), SCT)

    def test_northern_ireland_battle_of_the_boyne(self) -> None:
        # Monday 12 July 2027; in 2026 the 12th is a Sunday, so Monday 13th is the substitute.
        assert not is_working_day(date(2027, 7, 12), NI)
        assert is_working_day(date(2027, 7, 12), EW)
        assert not is_working_day(date(2026, 7, 13), NI)
        assert is_working_day(date(2026, 7, 13), EW)

    def test_a_datetime_counts_as_its_day(self) -> None:
        assert not is_working_day(datetime(2026, 12, 25, 10, 0))
        assert add_working_days(datetime(2026, 12, 18, 10, 0), 1) == date(2026, 12, 21)

    def test_every_day_of_two_years_agrees_with_weekday_and_holiday_name(self) -> None:
        day = date(2026, 1, 1)
        while day < date(2028, 1, 1):
            for nation in Nation:
                expected = day.weekday() < SAT and bank_holiday_name(day, nation) is None
                assert is_working_day(day, nation) is expected, (day, nation)
            day += timedelta(days=1)


class TestAddWorkingDays:
    def test_ten_working_days_over_christmas_england(self) -> None:
        # From Friday 18 Dec 2026: Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4),
        # Fri 25 Christmas -, Sat 26/Sun 27 -, Mon 28 Boxing substitute -, Tue 29 (5),
        # Wed 30 (6), Thu 31 (7), Fri 1 Jan New Year -, Sat 2/Sun 3 -, Mon 4 (8),
        # Tue 5 (9), Wed 6 Jan 2027 (10).
        assert add_working_days(date(2026, 12, 18), 10, EW) == date(2027, 1, 6)

    def test_ten_working_days_over_christmas_scotland(self) -> None:
        # As England, but Mon 4 Jan is Scotland's substitute for 2 January:
        # Tue 5 (8), Wed 6 (9), Thu 7 Jan 2027 (10).
        assert add_working_days(date(2026, 12, 18), 10, SCT) == date(2027, 1, 7)

    def test_zero_rolls_forward_to_a_working_day(self) -> None:
        # Sat 26 Dec 2026 -> Sun 27 -, Mon 28 Boxing substitute -, Tue 29.
        assert add_working_days(date(2026, 12, 26), 0) == date(2026, 12, 29)
        # Wednesday 23 December is already a working day.
        assert add_working_days(date(2026, 12, 23), 0) == date(2026, 12, 23)

    def test_start_on_a_weekend_is_not_counted(self) -> None:
        # Sat 19 Dec 2026: Sun 20 -, Mon 21 (1).
        assert add_working_days(date(2026, 12, 19), 1) == date(2026, 12, 21)

    def test_negative_counts_back(self) -> None:
        # Back from Tue 29 Dec 2026: Mon 28 -, Sun 27/Sat 26 -, Fri 25 -, Thu 24 (1), Wed 23 (2).
        assert add_working_days(date(2026, 12, 29), -2) == date(2026, 12, 23)

    def test_on_or_before_and_on_or_after(self) -> None:
        # Sun 3 Jan 2027 back: Sat 2 -, Fri 1 New Year -, Thu 31 Dec.
        assert working_day_on_or_before(date(2027, 1, 3), EW) == date(2026, 12, 31)
        # Sat 2 Jan 2027 forward: Sun 3 -, Mon 4 (England) / Mon 4 substitute - Tue 5 (Scotland).
        assert working_day_on_or_after(date(2027, 1, 2), EW) == date(2027, 1, 4)
        assert working_day_on_or_after(date(2027, 1, 2), SCT) == date(2027, 1, 5)
        assert working_day_on_or_before(date(2027, 1, 6)) == date(2027, 1, 6)
        assert working_day_on_or_after(date(2027, 1, 6)) == date(2027, 1, 6)


class TestAddMonths:
    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (date(2026, 11, 15), 3, date(2027, 2, 15)),
            (date(2027, 1, 31), 1, date(2027, 2, 28)),  # no 31 Feb: month end
            (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
            (date(2026, 11, 30), 3, date(2027, 2, 28)),
            (date(2026, 8, 31), 6, date(2027, 2, 28)),
            (date(2026, 12, 31), 6, date(2027, 6, 30)),
            (date(2027, 3, 31), 6, date(2027, 9, 30)),
            (date(2026, 10, 15), 12, date(2027, 10, 15)),
            (date(2028, 2, 29), 12, date(2029, 2, 28)),
            (date(2027, 3, 31), -1, date(2027, 2, 28)),
            (date(2027, 1, 15), -2, date(2026, 11, 15)),
            (date(2027, 1, 15), 0, date(2027, 1, 15)),
        ],
    )
    def test_same_date_clamped_to_month_end(self, day: date, months: int, expected: date) -> None:
        assert add_months(day, months) == expected


class TestConferenceTimescales:
    def test_initial_conference_15_working_days_after_strategy_discussion(self) -> None:
        # From Mon 2 Nov 2026: Tue 3 (1) .. Fri 6 (4), Mon 9 (5) .. Fri 13 (9),
        # Mon 16 (10) .. Fri 20 (14), Mon 23 Nov (15).
        assert initial_conference_due(date(2026, 11, 2), EW) == date(2026, 11, 23)

    def test_initial_conference_over_st_andrews_day(self) -> None:
        # From Mon 16 Nov 2026: Tue 17 (1) .. Fri 20 (4), Mon 23 (5) .. Fri 27 (9).
        # England: Mon 30 (10), Tue 1 Dec (11) .. Fri 4 (14), Mon 7 Dec (15).
        # Scotland: Mon 30 St Andrew's -, Tue 1 Dec (10) .. Fri 4 (13), Mon 7 (14), Tue 8 (15).
        assert initial_conference_due(date(2026, 11, 16), EW) == date(2026, 12, 7)
        assert initial_conference_due(date(2026, 11, 16), SCT) == date(2026, 12, 8)

    def test_first_core_group_over_christmas(self) -> None:
        # Counted in TestAddWorkingDays: Fri 18 Dec 2026 + 10 -> Wed 6 Jan (Thu 7 in Scotland).
        assert first_core_group_by(date(2026, 12, 18), EW) == date(2027, 1, 6)
        assert first_core_group_by(date(2026, 12, 18), SCT) == date(2027, 1, 7)
        assert first_core_group_by(date(2026, 12, 18), NI) == date(2027, 1, 6)

    @pytest.mark.parametrize(
        ("conference_on", "nation", "expected"),
        [
            # Fri 18 Dec 2026 -> Mon 21.
            (date(2026, 12, 18), EW, date(2026, 12, 21)),
            # Thu 24 Dec: Fri 25 -, Sat/Sun -, Mon 28 substitute -, Tue 29.
            (date(2026, 12, 24), EW, date(2026, 12, 29)),
            # Thu 31 Dec: Fri 1 Jan -, Sat/Sun -, Mon 4 (England) / substitute in Scotland, Tue 5.
            (date(2026, 12, 31), EW, date(2027, 1, 4)),
            (date(2026, 12, 31), SCT, date(2027, 1, 5)),
            # Tue 16 Mar 2027: Wed 17 is St Patrick's Day in Northern Ireland only.
            (date(2027, 3, 16), EW, date(2027, 3, 17)),
            (date(2027, 3, 16), NI, date(2027, 3, 18)),
            # Fri 9 Jul 2027: Mon 12 is the Battle of the Boyne in Northern Ireland only.
            (date(2027, 7, 9), EW, date(2027, 7, 12)),
            (date(2027, 7, 9), NI, date(2027, 7, 13)),
        ],
    )
    def test_decision_letter_next_working_day(
        self, conference_on: date, nation: Nation, expected: date
    ) -> None:
        assert decision_letter_due(conference_on, nation) == expected

    @pytest.mark.parametrize(
        ("nation", "expected"),
        [
            # Conference Tue 29 Dec 2026; + 3 months = Mon 29 Mar 2027, Easter Monday in
            # England -> Sun 28, Sat 27 -> Fri 26 Good Friday -> Thu 25 Mar.
            (EW, date(2027, 3, 25)),
            (NI, date(2027, 3, 25)),
            # Easter Monday is not a Scottish bank holiday: Mon 29 Mar stands.
            (SCT, date(2027, 3, 29)),
        ],
    )
    def test_first_review_within_3_months_lands_on_easter(
        self, nation: Nation, expected: date
    ) -> None:
        assert review_due_by(date(2026, 12, 29), "initial", nation) == expected

    @pytest.mark.parametrize("kind", ["initial", "pre_birth", "transfer_in"])
    def test_first_review_kinds_are_3_months(self, kind: str) -> None:
        # Tue 17 Nov 2026 + 3 months = Wed 17 Feb 2027, a working day.
        assert review_due_by(date(2026, 11, 17), kind) == date(2027, 2, 17)

    def test_later_review_within_6_months(self) -> None:
        # Wed 31 Mar 2027 + 6 months: no 31 Sep -> Thu 30 Sep 2027, a working day.
        assert review_due_by(date(2027, 3, 31), "review") == date(2027, 9, 30)
        # Fri 25 Jun 2027 + 6 months = Sat 25 Dec 2027 (Christmas) -> Fri 24 Dec.
        assert review_due_by(date(2027, 6, 25), "review") == date(2027, 12, 24)

    def test_unknown_kind_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown conference kind 'strategy'"):
            review_due_by(date(2026, 11, 17), "strategy")

    def test_record_with_council_setting_of_20_working_days(self) -> None:
        # From Tue 17 Nov 2026: Wed 18 (1), Thu 19 (2), Fri 20 (3), Mon 23 (4) .. Fri 27 (8),
        # Mon 30 (9), Tue 1 Dec (10) .. Fri 4 (13), Mon 7 (14) .. Fri 11 (18),
        # Mon 14 (19), Tue 15 Dec (20).
        assert record_due(date(2026, 11, 17), EW, working_days=20) == date(2026, 12, 15)
        # Scotland loses Mon 30 Nov (St Andrew's Day), so one day later.
        assert record_due(date(2026, 11, 17), SCT, working_days=20) == date(2026, 12, 16)

    def test_record_default_15_working_days(self) -> None:
        # Same count as above, stopping at 15: Tue 8 Dec 2026 (Wed 9 in Scotland).
        assert record_due(date(2026, 11, 17)) == date(2026, 12, 8)
        assert record_due(date(2026, 11, 17), SCT) == date(2026, 12, 9)

    def test_record_needs_at_least_one_day(self) -> None:
        with pytest.raises(ValueError):
            record_due(date(2026, 11, 17), EW, working_days=0)

    def test_corrections_10_working_days_after_the_record_is_sent(self) -> None:
        # Sent Thu 24 Dec 2026: Tue 29 (1), Wed 30 (2), Thu 31 (3), Mon 4 Jan (4) .. Fri 8 (8),
        # Mon 11 (9), Tue 12 Jan (10). Scotland skips Mon 4: Tue 5 (4) .. Wed 13 Jan (10).
        assert corrections_due(date(2026, 12, 24), EW) == date(2027, 1, 12)
        assert corrections_due(date(2026, 12, 24), SCT) == date(2027, 1, 13)

    def test_statutory_dates_together(self) -> None:
        # Initial conference Fri 18 Dec 2026, England. Letter: Mon 21 Dec. Core group:
        # Wed 6 Jan (10, counted above). Record: Thu 7 (11), Fri 8 (12), Mon 11 (13),
        # Tue 12 (14), Wed 13 Jan (15). Review: Thu 18 Mar 2027, a working day.
        assert statutory_dates(date(2026, 12, 18), "initial") == StatutoryDates(
            decision_letter=date(2026, 12, 21),
            record=date(2027, 1, 13),
            first_core_group=date(2027, 1, 6),
            review=date(2027, 3, 18),
        )

    def test_statutory_dates_with_a_council_record_setting(self) -> None:
        # Record at 20 days from Tue 17 Nov 2026 in Scotland: Wed 16 Dec (counted above).
        dates = statutory_dates(date(2026, 11, 17), "initial", SCT, record_working_days=20)
        assert dates.record == date(2026, 12, 16)

    def test_statutory_dates_are_frozen(self) -> None:
        dates = statutory_dates(date(2026, 12, 18), "initial")
        with pytest.raises(dataclasses.FrozenInstanceError):
            dates.review = date(2027, 1, 1)  # type: ignore[misc]

    @pytest.mark.parametrize("nation", list(Nation))
    @pytest.mark.parametrize("kind", ["initial", "review"])
    def test_every_suggested_date_is_a_working_day(self, nation: Nation, kind: str) -> None:
        day = date(2026, 11, 1)
        while day < date(2028, 1, 1):
            dates = statutory_dates(day, kind, nation)
            for suggested in dataclasses.astuple(dates):
                assert is_working_day(suggested, nation), (day, suggested)
                assert suggested > day
            assert is_working_day(initial_conference_due(day, nation), nation)
            assert is_working_day(corrections_due(day, nation), nation)
            day += timedelta(days=1)


def test_suggest_datetime() -> None:
    assert suggest_datetime(date(2027, 1, 6)) == datetime(2027, 1, 6, 10, 0)
    assert suggest_datetime(date(2027, 1, 6), 14, 30) == datetime(2027, 1, 6, 14, 30)
