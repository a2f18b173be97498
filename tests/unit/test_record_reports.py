"""The outcome letter, and what the minutes and family copy print about the approved record."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from reportlab import rl_config

from conference.language.plain_language import readability
from tests.unit.record_helpers import CHAIR, ended_meeting, import_doc, pdf_pages, pdf_text, run

Cap = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def invariant_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)


def letter_text(capsys: Cap, tmp_path: Path, cid: str, *more: str) -> tuple[str, bytes]:
    out = tmp_path / "letter.pdf"
    code, stdout, err = run(capsys, "letter", cid, "-o", str(out), *more)
    assert (code, stdout) == (0, ""), err
    data = out.read_bytes()
    return pdf_text(data), data


def body_of(text: str) -> str:
    """The letter's body: from the greeting to the signature (no letterhead, no footer)."""
    return text[text.index("Dear ") : text.rindex("Chair of the meeting")]


def test_the_outcome_letter_of_the_public_example(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = import_doc(capsys, tmp_path, example_doc)
    text, data = letter_text(capsys, tmp_path, cid)
    assert pdf_pages(data) == 1
    # The council's letterhead, the family, the decision per child in plain words.
    assert text.startswith("Westmoor City Council (invented for demonstration)")
    assert "01632 960 123" in text and "cp.conferences@westmoor.example" in text
    assert "Dear Jade, Daniel and Carol," in text
    assert (
        "Mia will have a child protection plan. This is because of worries about emotional harm."
        in text
    )
    assert "Leo will have a child protection plan." in text
    # The outline plan: who does what by when, in words.
    assert (
        "Daniel: Go to the alcohol service at Kingsland Place and keep going every week. By Friday 4 December 2026."
        in text
    )
    # The dates of the core group and the review in words; how to disagree and complain.
    assert "The core group will first meet on Thursday 3 December 2026 at 2pm." in text
    assert "The next meeting is on Friday 19 February 2027 at 10am." in text
    assert "If you do not agree with something in the plan" in text
    assert "Parents can complain" in text
    assert "Yours sincerely, Priya Shah Chair of the meeting" in text
    # Nothing kept back from the family reaches it.
    for item in example_doc["items"]:
        if item.get("restricted") or item.get("withheld_from"):
            assert " ".join(item["text"].split()[:5]) not in text
    # The same plain-language rules as the family copy.
    score = readability(body_of(text))
    assert score >= 80, score


def test_the_letter_writes_out_acronyms_and_prints_text_literally(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    from conference.language.plain_language import find_issues

    doc = example_doc
    doc["next_steps"][0]["action"] = "Tell the ICPC chair about the <b>course</b> & the group."
    cid = import_doc(capsys, tmp_path, doc)
    text, _ = letter_text(capsys, tmp_path, cid)
    assert "ICPC" not in text
    assert "first child protection meeting chair about the <b>course</b> & the group." in text
    assert [f for f in find_issues(body_of(text)) if f.kind == "acronym"] == []


def test_a_letter_for_one_family_member(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = import_doc(capsys, tmp_path, example_doc)
    withheld = next(i for i in example_doc["items"] if i.get("withheld_from"))
    text, _ = letter_text(capsys, tmp_path, cid, "--for", "p-dan")
    assert "Dear Daniel," in text
    assert " ".join(withheld["text"].split()[:5]) not in text
    code, _, err = run(capsys, "letter", cid, "-o", str(tmp_path / "x.pdf"), "--for", "p-nobody")
    assert code == 3 and not (tmp_path / "x.pdf").exists() and err.count("\n") == 1
    code, _, err = run(capsys, "letter", "no-such-id", "-o", str(tmp_path / "x.pdf"))
    assert code == 3 and err.count("\n") == 1


def test_the_minutes_of_a_sealed_record_carry_the_approval_seal_head_and_addenda(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    _, seal, _ = run(capsys, "approve", cid, "--by", CHAIR)
    seal = seal.strip()
    run(
        capsys, "correct", cid, "--requested-by", "p-jade", "--received", "2026-11-24",
        "--text", "Jade says the family moved in October, not September.",
    )  # fmt: skip
    run(
        capsys, "correct", cid, "--requested-by-name", "Westmoor Housing", "--received",
        "2026-11-25", "--text", "The flat is managed by Westmoor Housing.",
    )  # fmt: skip
    out = tmp_path / "minutes.pdf"
    assert run(capsys, "minutes", cid, "-o", str(out))[0] == 0
    text = pdf_text(out.read_bytes())
    today = dt.date.today()
    approved = f"Final record, approved by Priya Shah on {today.strftime('%A')} {today.day} {today.strftime('%B %Y')}."
    assert approved in text
    assert f"Seal {seal[:12]}" in text
    from conference.record.audit_chain import chain_head
    from tests.unit.record_helpers import the_store

    store = the_store()
    with store.session() as session:
        head = chain_head(session.connection(), cid)
    store.close()
    assert f"Audit {head[:12]}" in text
    # The addenda come after the sealed record, numbered, in order.
    at = text.index("Addenda: corrections to the sealed record")
    assert at > text.index("Core group and review")
    assert re.search(r"Addendum 1 requested by Jade Green \(\w+\), received 24 November 2026", text)
    assert (
        text.index("Addendum 1") < text.index("Addendum 2")
        and "Westmoor Housing, received 25 November 2026" in text
    )
    assert "Jade says the family moved in October, not September." in text

    # Jade's own copy acknowledges her correction; Daniel's does not show it.
    jade = tmp_path / "jade.pdf"
    assert run(capsys, "family-copy", cid, "-o", str(jade), "--for", "p-jade")[0] == 0
    jade_text = pdf_text(jade.read_bytes())
    assert approved in jade_text
    assert "You asked us to correct the record on Tuesday 24 November 2026." in jade_text
    assert "It is correction number 1." in jade_text
    dan = tmp_path / "dan.pdf"
    assert run(capsys, "family-copy", cid, "-o", str(dan), "--for", "p-dan")[0] == 0
    assert "You asked us to correct the record" not in pdf_text(dan.read_bytes())
    # Jade's partial minutes hold her addendum, not the housing one.
    jm = tmp_path / "jade-minutes.pdf"
    assert run(capsys, "minutes", cid, "-o", str(jm), "--for", "p-jade")[0] == 0
    jm_text = pdf_text(jm.read_bytes())
    assert "Addendum 1" in jm_text and "Westmoor Housing" not in jm_text


def test_a_draft_record_has_no_seal_in_its_footer(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    out = tmp_path / "minutes.pdf"
    assert run(capsys, "minutes", cid, "-o", str(out))[0] == 0
    text = pdf_text(out.read_bytes())
    assert "Seal " not in text and "Final record, approved" not in text and "Addenda" not in text
