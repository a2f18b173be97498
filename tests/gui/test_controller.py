"""The controller every window writes through: undo steps, merged typing, blank-room defaults."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from conference.operations import audit_trail
from ui.controller import ConferenceController


def test_items_added_while_blank_start_restricted_unless_the_chair_says_otherwise(
    qtbot: QtBot, example_store: tuple[Any, str]
) -> None:
    store, cid = example_store
    c = ConferenceController(store, cid)
    c.set_blanked(True)
    kept = c.add("item", {"section": "harm", "text": "Said in the closed session"})
    chosen = c.add("item", {"section": "harm", "text": "Fine to share", "restricted": False})
    step = c.add("next_step", {"action": "Police to share the bail conditions"})
    c.set_blanked(False)
    open_again = c.add("item", {"section": "harm", "text": "Back in the open"})
    restricted = {r["id"]: r["restricted"] for r in c.rows("item")}
    assert (
        restricted[kept] is True and restricted[chosen] is False and restricted[open_again] is False
    )
    assert {r["id"]: r["restricted"] for r in c.rows("next_step")}[step] is True
    assert all(i["id"] != kept for i in c.family_doc()["items"])


def test_merged_typing_is_one_undo_step_but_every_save_is_audited(
    qtbot: QtBot, example_store: tuple[Any, str]
) -> None:
    store, cid = example_store
    c = ConferenceController(store, cid)
    before = len(audit_trail(store, cid))
    for text in ("Mia", "Mia likes", "Mia likes school"):
        c.update("item", "i7", {"text": text}, merge=True)
    assert c.undo_stack.count() == 1
    assert len(audit_trail(store, cid)) == before + 3
    c.undo_stack.undo()
    assert c.row("item", "i7")["text"].startswith("Mia goes to school every day")  # type: ignore[index]
    c.undo_stack.redo()
    assert c.row("item", "i7")["text"] == "Mia likes school"  # type: ignore[index]


def test_a_refused_change_is_reported_not_raised_and_not_an_undo_step(
    qtbot: QtBot, example_store: tuple[Any, str]
) -> None:
    store, cid = example_store
    c = ConferenceController(store, cid)
    with qtbot.waitSignal(c.failed) as blocker:
        assert c.add("item", {"section": "no-such-pane", "text": "x"}) is None
    assert "no section" in blocker.args[0]
    assert c.undo_stack.count() == 0
