"""The professional minutes: the full record, with everything kept back included and marked."""

from __future__ import annotations

import copy
import io
import re
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader
from reportlab import rl_config

from conference.exchange.interchange import import_document
from conference.reports.minutes import write_minutes
from tests.helpers import examples
from tests.unit.test_family_copy import kept_back_conferences


@pytest.fixture(autouse=True)
def invariant_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte-identical PDFs: no creation date or random id."""
    monkeypatch.setattr(rl_config, "invariant", 1)


def pages_text(data: bytes) -> list[str]:
    """Each page's text, whitespace folded to single spaces."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_example_minutes_full_record(example_store: tuple[Any, str]) -> None:
    store, cid = example_store
    pages = pages_text(write_minutes(store, cid))
    text = " ".join(pages)

    order = [
        "Attendance and apologies",
        "Reports",
        "Reason for the conference",
        "The child's view",
        "Information sharing",
        "Danger / harm",
        "Complicating factors",
        "Strengths",
        "Existing safety",
        "Grey areas",
        "Family's views",
        "Danger statements and safety goals",
        "Scaling",
        "Plan",
        "Contingency",
        "Decision for each child",
        "Core group and review",
    ]
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)

    # What was kept back is in the record, and marked.
    assert "[RESTRICTED] Police intelligence: Daniel is under investigation" in text
    assert "[RESTRICTED] Jade and the children are staying at 14 Larch Close" in text
    assert "[RESTRICTED] Share any new police call-outs" in text
    assert "[Not shared with Daniel Green] When Daniel has been drinking" in text
    assert "[Not shared with the family] Attended separately from Jade" in text

    # Attendance, reports, decisions, dissent and dates.
    assert "Dr Ian Patel" in text and "Apologies" in text
    assert "Report submitted and shared with the family before the meeting" in text
    assert "Report submitted; not shared with the family before the meeting" in text
    assert "Emotional abuse, Neglect" in text
    assert "Not known to the school." in text
    assert "Dissent, Jade Green (Mother, Family)" in text
    assert "The violence has happened more than once and the drinking continues." in text
    assert "Safety goal 2" in text and "Goal 1" in text
    assert "Friday 4 December 2026" in text
    assert "First core group meeting: Thursday 3 December 2026 at 2pm" in text
    assert "Review conference: Friday 19 February 2027 at 10am" in text

    # A footer on every page.
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
        assert "the Green family, conference on 20 November 2026" in page
        assert "Draft — not finalised" in page


def test_hidden_scores_and_kept_back_views_are_marked(
    store: Any, example_doc: dict[str, Any]
) -> None:
    doc = example_doc
    doc["scaling"]["revealed"] = False
    doc["children"][0]["view_restricted"] = True
    doc["danger_statements"][1]["withheld_from"] = ["p-dan", "p-nan"]
    doc["conference"]["status"] = "finalised"
    doc["items"][0]["text"] = "Dad said <b>stop</b> & left."
    cid = import_document(store, doc, actor="test")
    pages = pages_text(write_minutes(store, cid))
    text = " ".join(pages)
    assert "[Not yet revealed to the room]" in text
    assert "We go to Carol's when it starts." in text
    assert "[RESTRICTED: not shared with the family] I like my school" in text
    # The goal and step tied to a kept-back danger statement are marked with it.
    assert "[Not shared with Daniel Green, Carol Green] Lucy (health visitor) is worried" in text
    assert "[Not shared with Daniel Green, Carol Green] Safety goal 2" in text
    assert "[Not shared with Daniel Green, Carol Green] Book Leo's 2 year check" in text
    assert "Dad said <b>stop</b> & left." in text
    assert "Draft — not finalised" not in text
    assert all("Final record" in page for page in pages)


def test_minutes_are_reproducible(example_store: tuple[Any, str]) -> None:
    store, cid = example_store
    assert write_minutes(store, cid) == write_minutes(store, cid)


@settings(
    max_examples=examples(10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=kept_back_conferences())
def test_minutes_hold_everything_kept_back(
    store: Any, case: tuple[dict[str, Any], dict[str | None, set[str]], set[str]]
) -> None:
    doc, allowed, everything = case
    doc = copy.deepcopy(doc)
    doc["conference"]["id"] = str(uuid.uuid4())
    cid = import_document(store, doc, actor="test")
    text = " ".join(pages_text(write_minutes(store, cid)))
    assert set(re.findall(r"zqx\d{4}kw", text)) == everything
    # Each text that some family member may not see carries a mark just before it.
    for token in everything - allowed[None]:
        before = text[: text.index(token)][-160:]
        assert re.search(r"\[(RESTRICTED|Not shared with|Not yet revealed)", before), token
