"""Minutes a council can file: quorum, views per child, the chair's decision, the enquiry's
outcome, the previous conference, report summaries, end time, remote attendance,
distribution and sign-off; and the check of what is missing."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab import rl_config

from conference.exchange.interchange import import_document
from conference.reports.minutes import minutes_gaps, minutes_pdf, quorum, write_minutes
from tests.conftest import EXAMPLE


@pytest.fixture(autouse=True)
def invariant_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_example_minutes_have_what_a_council_files(example_store: tuple[Any, str]) -> None:
    store, cid = example_store
    text = text_of(write_minutes(store, cid))
    assert "Quorate: Yes: children's social care present; 3 other agencies present" in text
    assert "Outcome of the enquiry: [Not recorded]" in text
    assert "Ended: Not recorded" in text
    assert "10. Distribution" in text and "11. Sign-off" in text
    assert "Jade Green (Mother, Family) The record without restricted information" in text
    assert "Sam Okafor (Social worker, Children's Services) Full record" in text
    assert "[Not yet approved by the chair]" in text
    # Leo's agency views differ: the chair decided.
    assert "No consensus: the agencies did not agree; the decision above is the chair's" in text
    # The owner is not repeated before the named person.
    assert "Sam (social worker) Sam Okafor" not in text
    assert "no answer" not in text
    assert "[No summary recorded]" in text


def test_version_2_fields_are_printed() -> None:
    doc = example()
    doc["conference"]["ended_at"] = "2026-11-20T12:10:00"
    doc["conference"]["enquiry_outcome"] = "The enquiry found Mia had seen Dad hit Mum."
    doc["conference"]["kind"] = "review"
    doc["conference"]["previous_conference_id"] = "prev-123"
    doc["participants"][4]["remote"] = True
    doc["participants"][3]["report_summary"] = "Home visits show the shouting goes on."
    doc["participants"][1]["seen_separately"] = True
    doc["contingency"] = {"text": "If Daniel drinks, Sam calls.", "restricted": True}
    doc["danger_statements"][1]["family_view"] = {"agrees": None, "comment": "Jade is not sure."}
    text = text_of(minutes_pdf(doc))
    assert "Ended: 12:10pm" in text
    assert "Outcome of the enquiry: The enquiry found Mia had seen Dad hit Mum." in text
    assert "Previous conference: Conference prev-123" in text
    assert "(by phone or video)" in text
    assert "Summary: Home visits show the shouting goes on." in text
    assert "seen separately by the chair" in text
    assert "[RESTRICTED] If Daniel drinks, Sam calls." in text
    assert "Family's view: Jade is not sure." in text and "no answer" not in text


def test_missing_agency_views_are_flagged_and_listed(store: Any) -> None:
    doc = example()
    doc["decisions"][0]["agency_views"] = []
    text = text_of(write_minutes(store, import_document(store, doc, actor="test")))
    assert "[No agency views recorded for this child]" in text
    assert "No agency views recorded for Mia Green." in minutes_gaps(doc)


def test_quorum() -> None:
    doc = example()
    assert quorum(doc)[0]
    assert not any("quorate" in g for g in minutes_gaps(doc))
    thin = copy.deepcopy(doc)
    for p in thin["participants"]:
        if p.get("agency") in ("NHS", "Police"):
            p["attendance"] = "apologies"
    ok, words = quorum(thin)
    assert not ok and "1 other agency present (Hillside Primary School)" in words
    assert any("does not show as quorate" in g for g in minutes_gaps(thin))


def test_every_step_status_and_no_broken_status_word() -> None:
    doc = example()
    for step, status in zip(
        doc["next_steps"], ("done", "partly_done", "not_done", "dropped", "open"), strict=True
    ):
        step["status"] = status
    text = text_of(minutes_pdf(doc))
    for word in ("Done", "Partly done", "Not done", "Dropped", "Open"):
        assert word in text
    assert "Droppe d" not in text and "Droppe" not in text.replace("Dropped", "")
