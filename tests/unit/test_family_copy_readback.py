"""The family copy read back: plain words, the template's own headings, the plan as it stands.

Over the public example, the demo and generated conferences (the example reshaped by a seeded
generator: either template, random step statuses and attendance, case-note sentences full of
acronyms and numeric dates planted in the texts, sections emptied at random).
"""

from __future__ import annotations

import copy
import io
import json
import random
import re
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab import rl_config

from conference.exchange.interchange import import_document
from conference.family_filter import family_view
from conference.language.plain_language import family_words, load_glossary, readability
from conference.reports.family_copy import body_text, family_copy_pdf, write_family_copy
from conference.templates import get_template
from tests.conftest import EXAMPLE
from tests.unit.test_family_words_corpus import CORPUS

DEMO = EXAMPLE.parents[2] / "resources" / "demo" / "demo-conference.json"
SECTION_MAP = {
    "harm": "worries",
    "complicating_factors": "worries",
    "grey_areas": "worries",
    "strengths": "working_well",
    "existing_safety": "working_well",
    "family_views": "family_views",
}
STATUSES = ("open", "done", "partly_done", "not_done", "dropped")
ATTENDANCE = ("present", "part", "apologies", "absent", "excluded")
CHAIRS = ("Priya Shah", "Owen Demo-Rivers", "Bea Okonjo-Wiśniewska", "Tom Ellis")
# Case notes with acronyms, titles and dates (no scores or fractions: those stay numbers).
NOTES = [s for s, _ in CORPUS if re.search(r"[A-Z]{2}|\d/\d", s) and "/10" not in s]
NOTES = [s for s in NOTES if not re.search(r"\b3/4\b|10/11|31/02|NOT|A&E|NHS|TV", s)]


@pytest.fixture(autouse=True)
def invariant_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def generated(seed: int) -> dict[str, Any]:
    """The example reshaped at random, reproducibly."""
    rng = random.Random(seed)
    doc: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    if rng.random() < 0.5:
        doc["conference"]["template"] = "three-columns"
        for item in doc["items"]:
            item["section"] = SECTION_MAP[item["section"]]
    doc["items"] = [i for i in doc["items"] if rng.random() < 0.7]
    for item in doc["items"]:
        if rng.random() < 0.5:
            item["text"] = rng.choice(NOTES)
    for n, step in enumerate(doc["next_steps"]):
        step["status"] = rng.choice(STATUSES)
        step["action"] = f"Step{n}marker. " + rng.choice(NOTES)
        if seed % 3 == 2:  # long steps: the plan's table runs over pages
            step["action"] += " " + " ".join(rng.choice(NOTES) for _ in range(8))
    for p in doc["participants"]:
        p["attendance"] = rng.choice(ATTENDANCE)
    doc["conference"]["chair"] = rng.choice(CHAIRS)
    doc["conference"]["reason"] = " ".join(rng.sample(NOTES, 2))
    doc["children"][0]["view"] = "I drew 🏠❤ for Mum. " + rng.choice(NOTES)
    for ds in doc["danger_statements"]:
        ds["family_view"] = rng.choice(
            [{"agrees": True}, {"agrees": True, "comment": "Mum agrees; Dad partly agrees."}]
        )
    return doc


def cases() -> list[tuple[str, dict[str, Any]]]:
    out = [
        ("example", json.loads(EXAMPLE.read_text(encoding="utf-8"))),
        ("demo", json.loads(DEMO.read_text(encoding="utf-8"))),
    ]
    out += [(f"generated-{seed}", generated(seed)) for seed in range(6)]
    return out


CASES = cases()


def known_acronyms() -> list[str]:
    glossary = load_glossary()
    return sorted(form for form in glossary._acronyms if form not in glossary.allowed_acronyms)


@pytest.fixture(scope="module")
def acronym_pattern() -> re.Pattern[str]:
    forms = "|".join(re.escape(f) for f in sorted(known_acronyms(), key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{forms})s?(?![\w&])")


NUMERIC_DATE = re.compile(r"(?<![\w/.])\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?(?![\w/])")


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[c[0] for c in CASES])
def test_family_copy_reads_back_right(
    store: Any, name: str, doc: dict[str, Any], acronym_pattern: re.Pattern[str]
) -> None:
    doc = copy.deepcopy(doc)
    doc["conference"].pop("id", None)
    cid = import_document(store, doc, actor="test")
    text = pdf_text(write_family_copy(store, cid))
    view = family_view(doc)

    # No acronym the glossary knows, no numeric date.
    assert acronym_pattern.findall(text) == []
    assert NUMERIC_DATE.findall(text) == []

    # Every section with something in it under its template's own heading, in order; no
    # empty heading.
    template = get_template(doc["conference"].get("template") or "strengthening-families")
    last = -1
    for section in template.sections:
        items = [i for i in view["items"] if i["section"] == section.key]
        heading = section.plain_label
        if items:
            first = " ".join(family_words(items[0]["text"]).split())[:25]
            at = text.find(f"{heading} • {first}")
            assert at > last, (heading, first)
            last = at
        elif heading != "What we are worried about" or not view["danger_statements"]:
            assert f"{heading} •" not in text
            if heading not in ("What the family said", "What we are worried about"):
                assert heading not in text, heading

    # The plan as it stands.
    steps = [s for s in view["next_steps"]]
    for s in steps:
        marker = s["action"].split(".")[0]
        status = s.get("status") or "open"
        if status == "dropped":
            assert marker not in text
        elif status == "done":
            assert re.search(rf"{marker}\..*?\(done\)", text)
            assert "Already done" in text
        elif status == "not_done":
            assert re.search(rf"{marker}\..*?Not done yet", text) or "Not done yet" in text
        elif marker.startswith("Step"):
            assert marker in text

    # Who came, worded for each kind of attendance; the chair named.
    suffix = {
        "present": "",
        "part": " (for part of the meeting)",
        "apologies": " (could not come)",
        "absent": " (did not come)",
        "excluded": " (was not at the meeting)",
    }
    for p in view["participants"]:
        if re.search("[\u0590-\u08ff]", p["name"]):
            continue  # right-to-left names print shaped, in visual order
        name_ = re.sub(r"^(?:PC|DC) ", "", p["name"])
        line = family_words(f"{name_}, {p['role']}") + suffix[p.get("attendance") or "present"]
        assert f"• {line}" in text, line
    assert f"{doc['conference']['chair']} chaired the meeting." in text

    # "The family agree." only where they agreed and nobody said more.
    views = [d.get("family_view") or {} for d in view["danger_statements"]]
    views += [g.get("family_view") or {} for g in view["safety_goals"]]
    plain_yes = sum(1 for v in views if v.get("agrees") is True and not v.get("comment"))
    assert text.count("The family agree.") == plain_yes


def test_reading_ease_of_the_example_and_the_demo() -> None:
    for source in (EXAMPLE, DEMO):
        doc = json.loads(source.read_text(encoding="utf-8"))
        ease = readability(body_text(family_view(doc)))
        assert ease >= 80, (source.name, ease)


def test_version_2_fields_are_worded(store: Any) -> None:
    """seen_separately, remote and a contingency object (H11's version 2) read with defaults."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    view = family_view(doc)
    dan = next(p for p in view["participants"] if p["id"] == "p-dan")
    dan["attendance"] = "excluded"
    dan["seen_separately"] = True
    nan = next(p for p in view["participants"] if p["id"] == "p-nan")
    nan["remote"] = True
    view["contingency"] = {"text": "If Daniel drinks, Sam will call.", "restricted": False}
    text = pdf_text(family_copy_pdf(view))
    assert "• Daniel Green, Father (met the chair separately)" in text
    assert "could not be there" not in text
    assert "• Carol Green, Paternal grandmother (by phone or video)" in text
    assert "If Daniel drinks, Sam will call." in text
    view["contingency"] = {"text": "Kept back words", "restricted": True}
    assert "Kept back words" not in pdf_text(family_copy_pdf(view))


def test_emoji_prints_and_reads_back_as_the_same_characters(store: Any) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["children"][0]["view"] = "I drew 🏠❤️ and ★ for Mum."
    cid = import_document(store, doc, actor="test")
    data = write_family_copy(store, cid)
    text = pdf_text(data)
    assert "I drew 🏠❤ and ★ for Mum." in text
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("NotoEmoji" in f for f in fonts), fonts
