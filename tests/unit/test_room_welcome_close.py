"""The room's Welcome shows who is here, apologies, reports and ground rules; Close shows what next."""

from __future__ import annotations

from typing import Any

from conference.family_filter import family_view
from conference.templates import get_template
from ui.room.content import scale_groups, step_blocks


def _text(doc: dict[str, Any], kind: str, show_who: bool = True) -> str:
    template = get_template(doc["conference"]["template"])
    step = next(s for s in template.agenda if s.kind == kind)
    blocks = step_blocks(family_view(doc), step, template, show_who)
    return "\n".join(f"{b.text} {b.detail}" for b in blocks)


def test_welcome_shows_who_is_here_apologies_reports_and_ground_rules(
    example_doc: dict[str, Any],
) -> None:
    text = _text(example_doc, "welcome")
    assert "Who is here" in text and "Jade Green (Mother)" in text
    assert "Daniel Green (Father, for part of the meeting)" in text
    assert "Sent apologies" in text and "Dr Ian Patel (GP)" in text
    assert "Shared with you before the meeting: Sam Okafor" in text
    # Only those who wrote a report: not the family, who wrote none.
    assert "before today: Mark Hughes, Anna Kowalski and Dr Ian Patel." in text
    assert "How we will talk together" in text and "one person speaks at a time" in text
    # With "who said what" off, the room shows names only.
    assert "(Mother)" not in _text(example_doc, "welcome", show_who=False)


def test_close_shows_what_next_the_social_worker_and_how_to_disagree_or_complain(
    example_doc: dict[str, Any],
) -> None:
    text = _text(example_doc, "close")
    assert "Sam Okafor is the lead social worker." in text
    assert "If you do not agree" in text and "How to complain" in text
    assert "Parents can complain" in text
    assert "First meets on" in text


def test_the_room_names_a_police_officer_as_the_family_copy_does(
    example_doc: dict[str, Any],
) -> None:
    """One rule for titles: "PC Anna Kowalski" is "Anna Kowalski" with her role, everywhere."""
    for kind in ("welcome", "pane", "scaling", "plan"):
        text = _text(example_doc, kind)
        assert "PC " not in text, kind
    assert "Anna Kowalski (Police officer)" in _text(example_doc, "welcome")
    assert "Anna Kowalski" in _text(example_doc, "welcome").split("Written but not shared")[1]
    # Her score on the room's picture, and an item she raised, name her the same way.
    lines = [line for g in scale_groups(family_view(example_doc)) for line in g.lines]
    assert "Anna Kowalski" in [line.name for line in lines]
    harm = get_template("strengthening-families").agenda[2]
    blocks = step_blocks(family_view(example_doc), harm, get_template("strengthening-families"))
    assert any(b.detail == "Anna Kowalski, Police officer" for b in blocks)
