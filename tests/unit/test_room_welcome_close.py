"""The room's Welcome shows who is here, apologies, reports and ground rules; Close shows what next."""

from __future__ import annotations

from typing import Any

from conference.family_filter import family_view
from conference.templates import get_template
from ui.room.content import step_blocks


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
