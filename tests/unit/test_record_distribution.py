"""Who gets what: full, partial (the family filter for that person) or none, and when it was sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from conference.errors import RefusedInput
from conference.record.distribution import distribution, set_copy
from conference.record.due import mark
from tests.unit.record_helpers import ended_meeting, the_store

Cap = pytest.CaptureFixture[str]


def test_the_distribution_list_and_sending(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    store = the_store()
    lines = {d.participant_id: d for d in distribution(store, cid)}
    assert [d.participant_id for d in distribution(store, cid)] == [
        p["id"] for p in example_doc["participants"]
    ]
    # Professionals get the full record; every family member here has something kept back.
    assert lines["p-sw"].copy_kind == "full" and lines["p-pol"].copy_kind == "full"
    assert {lines[p].copy_kind for p in ("p-jade", "p-dan", "p-nan")} == {"partial"}
    set_copy(store, cid, "p-gp", "none", "Priya Shah")
    # Asking for a full copy for a family member still gives only what the filter allows.
    set_copy(store, cid, "p-dan", "full", "Priya Shah")
    with pytest.raises(RefusedInput):
        set_copy(store, cid, "p-nobody", "full", "Priya Shah")
    with pytest.raises(RefusedInput):
        set_copy(store, cid, "p-sw", "some", "Priya Shah")
    mark(store, cid, "record_sent", actor="Tom Ellis", on=dt.date(2026, 12, 4))
    lines = {d.participant_id: d for d in distribution(store, cid)}
    assert lines["p-gp"].copy_kind == "none" and lines["p-gp"].sent_on is None
    assert lines["p-dan"].copy_kind == "partial" and lines["p-dan"].sent_on == "2026-12-04"
    assert lines["p-sw"].sent_on == "2026-12-04"
    store.close()
