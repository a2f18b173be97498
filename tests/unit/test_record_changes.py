"""The chair's review of the changes: room vs now for any object, and undo of one change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conference.errors import RefusedInput
from conference.record.changes import changes, side_by_side, undo_change
from tests.unit.record_helpers import edit, ended_meeting, the_store

Cap = pytest.CaptureFixture[str]


def test_side_by_side_and_undo_of_one_change(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    item, step = example_doc["items"][0], example_doc["next_steps"][0]
    edit(cid, "item", item["id"], {"text": "Mia said it happened twice."})
    edit(cid, "next_step", step["id"], {"due": "2026-12-11", "owner": "Daniel Green"})
    store = the_store()
    room, now = side_by_side(store, cid, "item", item["id"])
    assert room is not None and now is not None
    assert room["text"] == item["text"] and now["text"] == "Mia said it happened twice."
    found = changes(store, cid)
    assert [(c.kind, c.field) for c in found] == [
        ("item", "text"),
        ("next_step", "due"),
        ("next_step", "owner"),
    ]
    # Undo the step's date only: the owner change stays, the item change stays.
    undo_change(store, cid, found[1], "Priya Shah")
    _, now = side_by_side(store, cid, "next_step", step["id"])
    assert now is not None and now["due"] == step["due"] and now["owner"] == "Daniel Green"
    after = changes(store, cid)
    assert after[-1].by == "Priya Shah" and (after[-1].before, after[-1].after) == (
        "2026-12-11",
        step["due"],
    )
    # Undoing a change that a later change overwrote is refused, in one line.
    edit(cid, "item", item["id"], {"text": "Mia said it happened three times."})
    with pytest.raises(RefusedInput, match="was changed again after this"):
        undo_change(store, cid, found[0], "Priya Shah")
    store.close()


def test_undo_of_an_added_and_a_removed_object(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    from conference import operations as ops

    cid = ended_meeting(capsys, tmp_path, example_doc)
    store = the_store()
    new = ops.add(
        store, cid, "item", "Tom Ellis", {"section": "strengths", "text": "Carol helps every day."}
    )
    gone = example_doc["items"][2]["id"]
    ops.delete(store, cid, "item", gone, "Tom Ellis")
    added, removed = changes(store, cid)
    assert added.what() == "What was said: added" and removed.what() == "What was said: removed"
    room, now = side_by_side(store, cid, "item", new)
    assert room is None and now is not None and now["text"] == "Carol helps every day."
    undo_change(store, cid, added, "Priya Shah")
    undo_change(store, cid, removed, "Priya Shah")
    assert side_by_side(store, cid, "item", new)[1] is None
    room, now = side_by_side(store, cid, "item", gone)
    assert room == now
    store.close()
