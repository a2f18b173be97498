"""`sfconf due` and `sfconf mark`: working days across weekends, Christmas and Easter; marks clear lines."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.unit.record_helpers import CHAIR, import_doc, run

Cap = pytest.CaptureFixture[str]


def ended_on(capsys: Cap, tmp_path: Path, doc: dict[str, Any], day: str, cid: str) -> str:
    """An ended conference held on `day` (its end is the meeting's day)."""
    doc = copy.deepcopy(doc)
    doc["conference"]["id"] = cid
    doc["conference"]["starts_at"] = f"{day}T10:00:00"
    doc["conference"]["status"] = "ended"
    return import_doc(capsys, tmp_path, doc)


def council(**values: Any) -> None:
    folder = Path(os.environ["SFCONF_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{k} = {json.dumps(v)}\n" for k, v in values.items())
    (folder / "council.toml").write_text(text, encoding="utf-8")


def due(capsys: Cap, on: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "due", "--on", on, "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def dates(capsys: Cap, on: str, cid: str) -> dict[str, tuple[str, bool]]:
    return {
        d["what"]: (d["due_on"], d["overdue"]) for d in due(capsys, on) if d["conference"] == cid
    }


@pytest.mark.parametrize(
    ("held", "letter", "record"),
    [
        # Friday: the letter is due on Monday; 15 working days is three weeks on.
        ("2026-11-20", "2026-11-23", "2026-12-11"),
        # Christmas Eve (Thursday): Christmas Day, the weekend and Boxing Day (observed on
        # Monday 28th) are skipped, and New Year's Day (Friday 1 January 2027).
        ("2026-12-24", "2026-12-29", "2027-01-19"),
        # Maundy Thursday 2026: Good Friday and Easter Monday are skipped.
        ("2026-04-02", "2026-04-07", "2026-04-27"),
        # Maundy Thursday 2027 (Easter on 28 March).
        ("2027-03-25", "2027-03-30", "2027-04-19"),
    ],
)
def test_letter_and_record_with_15_working_days(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any], held: str, letter: str, record: str
) -> None:
    cid = ended_on(capsys, tmp_path, example_doc, held, "c-due")
    found = dates(capsys, letter, cid)
    assert found["letter"] == (letter, False)
    assert found["record"] == (record, False)
    assert "summary" not in found  # the default council sends no summary
    after = dates(capsys, "2027-06-01", cid)
    assert after["letter"] == (letter, True) and after["record"] == (record, True)


@pytest.mark.parametrize(
    ("held", "record", "summary"),
    [
        ("2026-11-20", "2026-12-18", "2026-11-27"),
        # Across Christmas and New Year: 20 working days from Christmas Eve.
        ("2026-12-24", "2027-01-26", "2027-01-05"),
        ("2027-03-25", "2027-04-26", "2027-04-05"),
    ],
)
def test_wales_record_20_and_summary_5_working_days(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any], held: str, record: str, summary: str
) -> None:
    council(record_working_days=20, summary_working_days=5)
    cid = ended_on(capsys, tmp_path, example_doc, held, "c-wales")
    found = dates(capsys, held, cid)
    assert found["record"] == (record, False)
    assert found["summary"] == (summary, False)


def test_the_lines_are_tab_separated_overdue_first_then_by_date(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    ended_on(capsys, tmp_path, example_doc, "2026-11-20", "c-one")
    code, out, _ = run(capsys, "due", "--on", "2026-12-01")
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0] == ["2026-11-23", "c-one", "the Green family", "letter", "overdue"]
    assert [x[4] for x in lines] == ["overdue", "due", "due", "due"]
    assert [x[3] for x in lines] == ["letter", "core_group", "record", "review"]
    assert lines[1][0] == "2026-12-03" and lines[3][0] == "2027-02-19"
    assert [x[0] for x in lines[1:]] == sorted(x[0] for x in lines[1:])


def test_each_mark_clears_its_line(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    council(summary_working_days=5)
    cid = ended_on(capsys, tmp_path, example_doc, "2026-11-20", "c-mark")
    run(capsys, "approve", cid, "--by", CHAIR)
    code, _, err = run(
        capsys, "correct", cid, "--requested-by", "p-jade", "--received", "2026-11-27",
        "--text", "Jade says the move was in October.",
    )  # fmt: skip
    assert code == 0, err
    found = dates(capsys, "2026-12-01", cid)
    # 10 working days from Friday 27 November: two weekends later.
    assert found["correction"] == ("2026-12-11", False)
    assert set(found) == {"letter", "record", "summary", "correction", "core_group", "review"}
    for what, gone in [
        ("letter_sent", "letter"),
        ("record_sent", "record"),
        ("summary_sent", "summary"),
        ("correction_answered:1", "correction"),
        ("core_group_held", "core_group"),
    ]:
        code, out, err = run(capsys, "mark", cid, what, "--on", "2026-12-01")
        assert (code, out) == (0, ""), err
        left = dates(capsys, "2026-12-01", cid)
        assert gone not in left
        found.pop(gone)
        assert set(left) == set(found)
    # The review goes when the review conference is made.
    review = copy.deepcopy(example_doc)
    review["conference"].update(
        id="c-review", kind="review", status="planned", previous_conference_id=cid
    )
    import_doc(capsys, tmp_path, review)
    assert dates(capsys, "2026-12-01", cid) == {}


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["mark", "c-bad", "letter_posted"], "is not one of"),
        (["mark", "no-such-id", "letter_sent"], "no conference 'no-such-id'"),
        (["mark", "c-bad", "correction_answered:9"], "has no correction '9'"),
        (["mark", "c-bad", "letter_sent", "--on", "next Tuesday"], "is not a date"),
        (["due", "--on", "2026-13-01"], "is not a date"),
    ],
)
def test_bad_marks_and_dates_are_refused_in_one_line(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any], argv: list[str], words: str
) -> None:
    ended_on(capsys, tmp_path, example_doc, "2026-11-20", "c-bad")
    code, out, err = run(capsys, *argv)
    assert code == 3 and out == "" and words in err
    assert err.count("\n") == 1 and len(err) <= 310


def test_a_correction_received_before_christmas_is_due_after_new_year(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    import datetime as dt

    from conference.record.corrections import add_correction
    from conference.record.due import due_items
    from tests.unit.record_helpers import the_store

    cid = ended_on(capsys, tmp_path, example_doc, "2026-12-10", "c-xmas")
    run(capsys, "approve", cid, "--by", CHAIR)
    store = the_store()
    add_correction(
        store, cid, actor="t", received_on="2026-12-22", text="A date is wrong.",
        participant="p-dan", today=dt.date(2027, 1, 4),
    )  # fmt: skip
    lines = [d for d in due_items(store, dt.date(2027, 1, 8)) if d.what == "correction"]
    store.close()
    assert [(d.due_on, d.overdue) for d in lines] == [(dt.date(2027, 1, 8), False)]
