"""Every text length prints: the family copy and the minutes print any text the store accepts.

ReportLab cannot split a table row over pages, so a long step, reason or name used to stop
the copy ("LayoutError"). Each family-facing field here holds 6,000 characters of numbered
words; every word must come back from the PDF, in order.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from conference.exchange.interchange import import_document
from conference.reports.family_copy import write_family_copy
from conference.reports.minutes import write_minutes


def numbered(tag: str, length: int) -> str:
    """Words like 'stepa0001 stepa0002 ...', `length` characters long."""
    words: list[str] = []
    n = 0
    while len(" ".join(words)) < length:
        n += 1
        words.append(f"{tag}{n:04d}")
    text = " ".join(words)[:length]
    return text.rsplit(" ", 1)[0] if len(text) == length and not text.endswith(f"{n:04d}") else text


def pdf_words(data: bytes) -> list[str]:
    """The words of every page without its footer (the footer is one line, drawn last)."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        lines = (page.extract_text() or "").splitlines()
        assert re.search(r"Page \d+ of \d+$", lines[-1]), lines[-1][-80:]
        # The footer's two ends may come out as two lines: drop both.
        cut = 2 if re.fullmatch(r"Page \d+ of \d+", lines[-1].strip()) else 1
        pages.append(" ".join(lines[:-cut]))
    return " ".join(pages).split()


def assert_whole(words: list[str], text: str, tag: str) -> None:
    """Every word of `text` is in the PDF, in order (footers and repeated headers between)."""
    wanted = text.split()
    stripped = (re.sub(r"^\W+|\W+$", "", w) for w in words)  # quotes, commas, brackets
    found = [w for w in stripped if re.fullmatch(rf"{tag}\d{{4}}", w)]
    # The text may be printed more than once (a name): its first whole run must be there.
    start = found.index(wanted[0])
    assert found[start : start + len(wanted)] == wanted, tag


# (tag, setter) for every family-facing text of the example.
FIELDS: list[tuple[str, Any]] = [
    ("reason", lambda d, t: d["conference"].__setitem__("reason", t)),
    ("familyname", lambda d, t: d["conference"].__setitem__("family_name", t)),
    ("childview", lambda d, t: d["children"][0].__setitem__("view", t)),
    ("itemtext", lambda d, t: d["items"][0].__setitem__("text", t)),
    ("danger", lambda d, t: d["danger_statements"][0].__setitem__("text", t)),
    ("dangerfv", lambda d, t: d["danger_statements"][0]["family_view"].__setitem__("comment", t)),
    ("goaltext", lambda d, t: d["safety_goals"][0].__setitem__("text", t)),
    ("howlong", lambda d, t: d["safety_goals"][0].__setitem__("how_long", t)),
    ("question", lambda d, t: d["scaling"].__setitem__("question", t)),
    ("zeromeans", lambda d, t: d["scaling"].__setitem__("zero_means", t)),
    ("reasonscore", lambda d, t: d["scaling"]["scores"][0].__setitem__("reason", t)),
    ("rationale", lambda d, t: d["decisions"][0].__setitem__("rationale", t)),
    ("dissent", lambda d, t: d["decisions"][1]["dissent"][0].__setitem__("reason", t)),
    ("stepaction", lambda d, t: d["next_steps"][0].__setitem__("action", t)),
    ("stepowner", lambda d, t: d["next_steps"][1].__setitem__("owner", t)),
    ("contingency", lambda d, t: d.__setitem__("contingency", t)),
    ("rolename", lambda d, t: d["participants"][3].__setitem__("role", t)),
    ("personname", lambda d, t: d["participants"][4].__setitem__("name", t)),
]


def long_document(example_doc: dict[str, Any], length: int) -> dict[str, str]:
    texts = {}
    for tag, setter in FIELDS:
        texts[tag] = numbered(tag, length)
        setter(example_doc, texts[tag])
    return texts


@pytest.mark.slow
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
def test_every_family_field_prints_whole_at_6000_characters(
    store: Any, example_doc: dict[str, Any], large: bool
) -> None:
    texts = long_document(example_doc, 6000)
    cid = import_document(store, example_doc, actor="test")
    words = pdf_words(write_family_copy(store, cid, large_print=large))
    for tag, text in texts.items():
        assert len(text) >= 5990
        assert_whole(words, text, tag)


@pytest.mark.slow
def test_minutes_print_every_field_whole_at_6000_characters(
    store: Any, example_doc: dict[str, Any]
) -> None:
    texts = long_document(example_doc, 6000)
    cid = import_document(store, example_doc, actor="test")
    words = pdf_words(write_minutes(store, cid))
    for tag, text in texts.items():
        assert_whole(words, text, tag)


def test_a_long_step_and_a_long_name_print(store: Any, example_doc: dict[str, Any]) -> None:
    """The red-team's sizes (a 1,200-character step, a 700-character name), quickly."""
    step = numbered("quickstep", 1200)
    name = "X" * 700  # one word longer than any column: broken, as it must be
    example_doc["next_steps"][0]["action"] = step
    example_doc["participants"][0]["name"] = name
    cid = import_document(store, example_doc, actor="test")
    for data in (write_family_copy(store, cid, large_print=True), write_minutes(store, cid)):
        words = pdf_words(data)
        assert_whole(words, step, "quickstep")
        assert "".join(words).count("X") >= 700


@pytest.mark.slow
def test_the_letter_prints_whole_every_text_it_prints_at_6000_characters(
    store: Any, example_doc: dict[str, Any]
) -> None:
    """The letter holds an outline, not every field: whatever of them it prints, it prints whole."""
    import copy

    from conference.reports.letter import write_letter

    short = copy.deepcopy(example_doc)
    short["conference"]["id"] = "short-letter"
    long_document(short, 30)
    printed = {
        w.rstrip(".,;:")
        for w in pdf_words(write_letter(store, import_document(store, short, actor="test")))
    }
    texts = long_document(example_doc, 6000)
    shown = [tag for tag in texts if f"{tag}0001" in printed]
    assert {"stepaction", "stepowner"} <= set(shown), shown  # the plan's outline is in it
    words = pdf_words(write_letter(store, import_document(store, example_doc, actor="test")))
    for tag in shown:
        assert_whole(words, texts[tag], tag)
