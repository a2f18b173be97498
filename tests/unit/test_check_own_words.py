"""`sfconf check` on the public example and the demo: the app's own words are never flagged,
every real jargon term is found, and the new kinds (titles, numeric dates, long passive
sentences) are reported."""

from __future__ import annotations

import json
from typing import Any

from conference.language.plain_language import (
    APP_WORDING,
    check_document,
    family_words,
    load_glossary,
)
from tests.conftest import EXAMPLE

DEMO = EXAMPLE.parents[2] / "resources" / "demo" / "demo-conference.json"


def load(path: Any) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def terms(doc: dict[str, Any], kind: str) -> list[str]:
    return [f.term for f in check_document(doc) if f.kind == kind]


def test_example_findings_are_the_real_ones() -> None:
    doc = load(EXAMPLE)
    assert terms(doc, "glossary") == ["GP"]
    assert terms(doc, "title") == ["PC Anna Kowalski"]
    assert terms(doc, "acronym") == []


def test_demo_findings_are_the_real_ones() -> None:
    doc = load(DEMO)
    assert sorted(terms(doc, "glossary")) == ["GP", "Safeguarding", "contact", "key worker"]
    assert terms(doc, "acronym") == []


def test_the_apps_own_words_and_suggestions_are_not_flagged() -> None:
    glossary = load_glossary()
    doc = load(EXAMPLE)
    # The copy's fixed wording and the plain words the glossary suggests, put into the record.
    own = [*APP_WORDING, "domestic abuse", "Mia will have a child protection plan."]
    own += [e.plain for e in glossary if e.term in ("DV", "CPP", "CIN")]
    doc["items"][0]["text"] = " ".join(s.rstrip(".") + "." for s in own)
    found = [f for f in check_document(doc) if f.where == "items[0].text"]
    assert [f.term for f in found if f.kind == "glossary"] == []


def test_quoted_words_and_a_childs_own_words_are_theirs() -> None:
    doc = load(EXAMPLE)
    doc["children"][0]["view"] = "I want to go to R&D club with my TA."
    doc["items"][0]["text"] = 'Mum said: "the XYZQ people were kind".'
    where = {f.where for f in check_document(doc) if f.kind in ("acronym", "glossary")}
    assert "children[0].view" not in where and "items[0].text" not in where
    # Outside quotation marks an unknown acronym is still found.
    doc["items"][0]["text"] = "The XYZQ people were kind."
    assert "XYZQ" in terms(doc, "acronym")


def test_titles_dates_and_long_passive_sentences_are_found() -> None:
    doc = load(EXAMPLE)
    doc["items"][0]["text"] = "DC Joe Marsh will visit on 29/10."
    doc["conference"]["reason"] = (
        "The conference was called because concerns were raised by the school about the "
        "children's attendance and the state of the home over several months."
    )
    found = {(f.kind, f.term, f.suggestion) for f in check_document(doc)}
    assert ("title", "DC Joe Marsh", "Joe Marsh (police officer)") in found
    assert ("date", "29/10", "29 October") in found
    assert any(kind == "passive" for kind, _, _ in found)
    # What the family copy prints for them.
    assert (
        family_words(doc["items"][0]["text"])
        == "Joe Marsh (police officer) will visit on 29 October."
    )
