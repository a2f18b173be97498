"""Plain-language checks: glossary matching, acronyms, long sentences, write-out and documents."""

from __future__ import annotations

import copy
import re
import sys
import timeit
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conference.language.plain_language import (
    LONG_SENTENCE_SUGGESTION,
    MODES,
    DocumentFinding,
    Finding,
    Glossary,
    GlossaryError,
    apply_suggestion,
    check_document,
    find_issues,
    load_glossary,
    readability,
    readability_grade,
    write_out,
)
from tests.helpers import examples


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def _terms(findings: list[Finding], kind: str | None = None) -> list[str]:
    return [f.term for f in findings if kind is None or f.kind == kind]


def _council_glossary(config_dir: Path, name: str, body: str) -> Path:
    folder = config_dir / "glossary"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


# --- the built-in glossary ----------------------------------------------------------


def test_glossary_is_large_and_every_entry_is_usable(glossary: Glossary) -> None:
    assert len(glossary) >= 170
    for entry in glossary:
        assert entry.term.strip()
        assert entry.plain.strip(), entry.term
        assert entry.mode in MODES, entry.term
    modes = {entry.mode for entry in glossary}
    assert modes == {"auto", "suggest"}


def test_every_glossary_form_is_found_as_itself(glossary: Glossary) -> None:
    # Each way of writing each term, alone, is matched whole and maps to its own entry:
    # catches a form that the combined regex cannot reach or two entries claiming one form.
    for entry in glossary:
        for form in entry.forms:
            findings = find_issues(form, glossary)
            assert [(f.start, f.end, f.kind) for f in findings] == [(0, len(form), "glossary")], (
                form
            )
            assert findings[0].suggestion == entry.plain, form


def test_framework_and_domain_words_have_their_plain_words(glossary: Glossary) -> None:
    expected = {
        "ICPC": "first child protection meeting",
        "complicating factors": "things that make it harder",
        "grey areas": "what we don't know yet",
        "danger statement": "what we are worried about",
        "safety goal": "what we need to see to know the children are safe",
        "genogram": "family tree",
        "contact": "family time",
        "placement": "home",
    }
    for term, plain in expected.items():
        entry = glossary.lookup(term)
        assert entry is not None, term
        assert entry.plain == plain
    for term in ("RCPC", "CIN", "LAC", "CLA", "s47 enquiry", "core group", "existing safety"):
        assert glossary.lookup(term) is not None, term
    for term in ("contact", "placement", "assessment", "intervention", "threshold", "referral"):
        assert glossary.lookup(term).mode == "suggest", term  # type: ignore[union-attr]
    for term in ("ICPC", "CIN", "s47", "LADO", "MASH", "CAMHS", "EHCP", "SENCO", "IRO"):
        assert glossary.lookup(term).mode == "auto", term  # type: ignore[union-attr]


def test_allowed_acronyms_are_not_glossary_terms(glossary: Glossary) -> None:
    for word in glossary.allowed_acronyms:
        assert glossary.lookup(word) is None, word


# --- find_issues --------------------------------------------------------------------


def test_icpc_is_found_and_written_out(glossary: Glossary) -> None:
    text = "We will see you at the ICPC on Friday."
    [finding] = find_issues(text, glossary)
    assert (finding.kind, finding.term, finding.suggestion) == (
        "glossary",
        "ICPC",
        "first child protection meeting",
    )
    assert text[finding.start : finding.end] == "ICPC"
    assert write_out(text, glossary) == (
        "We will see you at the first child protection meeting on Friday."
    )


def test_contact_is_suggested_but_never_written_out(glossary: Glossary) -> None:
    text = "Jade will contact the school on Monday."
    findings = find_issues(text, glossary)
    assert [(f.term, f.suggestion) for f in findings] == [("contact", "family time")]
    assert write_out(text, glossary) == text


def test_acronyms_are_case_sensitive_and_words_are_not(glossary: Glossary) -> None:
    assert _terms(find_issues("The CIN plan", glossary)) == ["CIN plan"]
    assert find_issues("Mum said the cin was sore.", glossary) == []
    assert _terms(find_issues("The Genogram shows Carol.", glossary)) == ["Genogram"]
    assert find_issues("Add salt to the soup.", glossary) == []


def test_unknown_acronym_is_found_and_known_ones_are_not(glossary: Glossary) -> None:
    text = "The XYZQ will write to the school and the NHS trust, and to A&E at 2pm."
    findings = find_issues(text, glossary)
    assert [(f.term, f.kind, f.suggestion) for f in findings] == [("XYZQ", "acronym", "")]
    assert text[findings[0].start : findings[0].end] == "XYZQ"


def test_plural_of_an_allowed_acronym_is_not_flagged(glossary: Glossary) -> None:
    assert find_issues("Both MPs wrote letters.", glossary) == []


def test_single_capitals_numbers_and_mixed_case_are_not_acronyms(glossary: Glossary) -> None:
    text = "I said A Level results come at 10am on 2 May; Dr Patel has a PhD and an iPad."
    assert _terms(find_issues(text, glossary), "acronym") == []


def test_shouting_is_not_a_row_of_acronyms(glossary: Glossary) -> None:
    text = "Mum said: PLEASE STOP TAKING MY KIDS. Dad said NO."
    assert find_issues(text, glossary) == []
    assert write_out(text, glossary) == text


def test_a_list_of_acronyms_is_not_shouting(glossary: Glossary) -> None:
    findings = find_issues("Reports came from MASH, XYZQ, CAMHS.", glossary)
    assert [(f.term, f.kind) for f in findings] == [
        ("MASH", "glossary"),
        ("XYZQ", "acronym"),
        ("CAMHS", "glossary"),
    ]


def test_long_sentence_is_flagged_with_its_span(glossary: Glossary) -> None:
    long_sentence = " ".join(["word"] * 39 + ["end."])
    text = f"Short one. {long_sentence} Another short one."
    findings = find_issues(text, glossary)
    assert [(f.kind, f.suggestion) for f in findings] == [
        ("long_sentence", LONG_SENTENCE_SUGGESTION)
    ]
    finding = findings[0]
    assert text[finding.start : finding.end] == long_sentence == finding.term


def test_sentence_length_limit_is_a_parameter(glossary: Glossary) -> None:
    text = "One two three four five six."
    assert find_issues(text, glossary) == []
    assert _terms(find_issues(text, glossary, max_sentence_words=5), "long_sentence") == [text]


def test_longest_match_wins_over_a_term_inside_it(tmp_path: Path) -> None:
    extra = tmp_path / "plan.toml"
    extra.write_text('[[term]]\nterm = "plan"\nplain = "list of jobs"\nmode = "auto"\n')
    glossary = load_glossary([extra])
    text = "The child protection plan is a plan."
    findings = find_issues(text, glossary)
    assert [(f.term, f.suggestion) for f in findings] == [
        ("child protection plan", "plan to keep the children safe"),
        ("plan", "list of jobs"),
    ]
    # The built-in pairs too: the longer term takes the whole span.
    assert _terms(find_issues("The s47 enquiry ended.", glossary)) == ["s47 enquiry"]
    assert _terms(find_issues("The core group meeting is on Monday.", glossary)) == [
        "core group meeting"
    ]


def test_offsets_slice_back_to_the_term(glossary: Glossary) -> None:
    text = (
        "After the strategy discussion, the IRO said the core-group meets soon.\n"
        "Mia’s MGM will liaise with CAMHS prior to the RCPC; contact is supervised."
    )
    findings = find_issues(text, glossary)
    assert findings
    for f in findings:
        assert text[f.start : f.end] == f.term
    assert "core-group" in _terms(findings)
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_title_case_words_inside_a_longer_name_are_left_alone(glossary: Glossary) -> None:
    assert find_issues("Write to the Child Protection Conference Team.", glossary) == []
    assert _terms(find_issues("The Child Protection Conference decided.", glossary)) == [
        "Child Protection Conference"
    ]


# --- write_out and apply_suggestion -------------------------------------------------


def test_write_out_capitalises_at_the_start_of_a_sentence(glossary: Glossary) -> None:
    text = "ICPC on Friday. CAMHS will see Mia, and Leo goes to CAMHS too."
    assert write_out(text, glossary) == (
        "First child protection meeting on Friday. The children's mental health service "
        "will see Mia, and Leo goes to the children's mental health service too."
    )


def test_write_out_fixes_the_article_and_keeps_everything_else(glossary: Glossary) -> None:
    text = "  An ICPC was held; the LA agreed.\n\n<b>&amp;</b> stays as it is.  "
    assert write_out(text, glossary) == (
        "  A first child protection meeting was held; the council agreed."
        "\n\n<b>&amp;</b> stays as it is.  "
    )


def test_write_out_leaves_text_without_auto_terms_untouched(glossary: Glossary) -> None:
    text = "Mia goes to school every day, clean and with her lunch.\n"
    assert write_out(text, glossary) == text


def test_apply_suggestion_replaces_the_span(glossary: Glossary) -> None:
    text = "Daniel will have contact on Saturdays."
    [finding] = find_issues(text, glossary)
    assert apply_suggestion(text, finding) == "Daniel will have family time on Saturdays."


def test_apply_suggestion_refuses_what_it_cannot_replace(glossary: Glossary) -> None:
    long_text = " ".join(["word"] * 30) + "."
    [sentence] = find_issues(long_text, glossary)
    with pytest.raises(ValueError):
        apply_suggestion(long_text, sentence)
    [acronym] = find_issues("The XYZQ wrote.", glossary)
    with pytest.raises(ValueError):
        apply_suggestion("The XYZQ wrote.", acronym)
    [stale] = find_issues("The ICPC is today.", glossary)
    with pytest.raises(ValueError):
        apply_suggestion("The RCPC is today.", stale)


# --- a council's own glossary -------------------------------------------------------


def test_council_glossary_adds_and_overrides_terms(isolated_env: Path) -> None:
    built_in = len(load_glossary())
    _council_glossary(
        isolated_env / "config",
        "westmoor.toml",
        """
[[term]]
term = "Westmoor Hub"
plain = "the council's front door for worries about children"
mode = "auto"

[[term]]
term = "contact"
plain = "time with family"
mode = "auto"
""",
    )
    glossary = load_glossary()
    assert glossary.lookup("westmoor hub") is not None
    assert glossary.lookup("contact").plain == "time with family"  # type: ignore[union-attr]
    assert len(glossary) == built_in + 1  # "contact" replaced, "Westmoor Hub" added
    text = "The Westmoor Hub agreed that contact happens on Saturdays."
    assert write_out(text, glossary) == (
        "The council's front door for worries about children agreed that time with family "
        "happens on Saturdays."
    )
    # The default glossary of find_issues is the same: the council's file is in force.
    assert _terms(find_issues(text)) == ["Westmoor Hub", "contact"]


def test_council_glossary_edit_is_picked_up(isolated_env: Path) -> None:
    path = _council_glossary(
        isolated_env / "config", "a.toml", '[[term]]\nterm = "FOO"\nplain = "one"\n'
    )
    assert load_glossary().lookup("FOO").plain == "one"  # type: ignore[union-attr]
    path.write_text('[[term]]\nterm = "FOO"\nplain = "two, now"\n', encoding="utf-8")
    assert load_glossary().lookup("FOO").plain == "two, now"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('[[term]]\nterm = "X"\nplain = \n', 3, "not valid TOML"),
        ('# ours\n\n[[term]]\nterm = "X"\nplain = "x"\n\n[[term]]\nterm = "Y"\n', 7, "plain"),
        ('[[term]]\nterm = "X"\nplain = "x"\nmode = "always"\n', 1, "mode"),
        ('[[term]]\nterm = "X"\nplian = "x"\n', 1, "plian"),
        ('[[term]]\nterm = "X"\nplain = "x"\nalso = "Y"\n', 1, "also"),
    ],
)
def test_malformed_council_glossary_names_file_and_line(
    isolated_env: Path, body: str, line: int, words: str
) -> None:
    path = _council_glossary(isolated_env / "config", "broken.toml", body)
    with pytest.raises(GlossaryError) as caught:
        load_glossary()
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert f"line {line}" in message
    assert words in message


# --- whole documents ----------------------------------------------------------------

_PATH_PART = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


def _resolve(doc: dict[str, Any], where: str) -> Any:
    value: Any = doc
    for part in where.split("."):
        m = _PATH_PART.fullmatch(part)
        assert m, where
        value = value[m.group(1)]
        if m.group(2) is not None:
            value = value[int(m.group(2))]
    return value


def test_check_document_paths_index_back_into_the_document(
    example_doc: dict[str, Any], glossary: Glossary
) -> None:
    findings = check_document(example_doc, glossary)
    assert findings, "the example has long sentences"
    for f in findings:
        assert isinstance(f, DocumentFinding)
        assert _resolve(example_doc, f.where)[f.start : f.end] == f.term


def test_check_document_names_the_field(example_doc: dict[str, Any], glossary: Glossary) -> None:
    doc = copy.deepcopy(example_doc)
    doc["items"][3]["text"] = "Daniel missed the ICPC."
    doc["next_steps"][2]["action"] = "Refer Leo to CAMHS."
    doc["danger_statements"][0]["family_view"]["comment"] = "Jade agrees with the XYZQ."
    # Restricted text never reaches the family, so it is not checked.
    doc["items"][5]["text"] = "Police intelligence shared at the MARAC."
    findings = {(f.where, f.term) for f in check_document(doc, glossary)}
    assert ("items[3].text", "ICPC") in findings
    assert ("next_steps[2].action", "CAMHS") in findings
    assert ("danger_statements[0].family_view.comment", "XYZQ") in findings
    assert not [w for w, _ in findings if w.startswith("items[5]")]


def test_document_finding_json_and_line(example_doc: dict[str, Any], glossary: Glossary) -> None:
    doc = copy.deepcopy(example_doc)
    doc["items"][3]["text"] = "Daniel missed the ICPC."
    [finding] = [f for f in check_document(doc, glossary) if f.where == "items[3].text"]
    assert finding.to_json() == {
        "where": "items[3].text",
        "start": 18,
        "end": 22,
        "term": "ICPC",
        "kind": "glossary",
        "suggestion": "first child protection meeting",
    }
    assert list(finding.to_json()) == ["where", "start", "end", "term", "kind", "suggestion"]
    assert str(finding) == 'items[3].text:18-22: glossary "ICPC" -> first child protection meeting'


# --- readability --------------------------------------------------------------------

PLAIN = (
    "Mia goes to school every day. She likes her teacher. Mum and Dad will keep the "
    "house calm. We will meet again in three months to see how things are going."
)
JARGON = (
    "Following the multi-agency strategy discussion, the independent reviewing officer "
    "convened an initial child protection conference to consider whether the threshold "
    "for significant harm was met, notwithstanding parental non-engagement with statutory "
    "intervention."
)


def test_readability_of_plain_and_jargon_text() -> None:
    assert readability(PLAIN) > 70
    assert readability(JARGON) < readability(PLAIN)
    assert readability(JARGON) < 30
    assert readability_grade(JARGON) > readability_grade(PLAIN)


def test_readability_needs_no_downloaded_language_data() -> None:
    # textstat 0.7.10+ fetches nltk data at run time; a chair's laptop may be offline.
    readability(PLAIN)
    assert "nltk" not in sys.modules


# --- properties and speed -----------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "ICPC",
        "ICPCs",
        "contact",
        "child protection plan",
        "core group meeting",
        "XYZQ",
        "GP",
        "A&E",
        "I",
        "an",
        "the",
        "CORE GROUP",
        "PLEASE HELP NOW",
        "2pm",
        "s47",
        "Child Protection Conference Team",
        " ",
        "  ",
        ". ",
        "\n",
        "-",
        "’",
        ",",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_findings_are_within_the_text_sorted_and_not_overlapping(text: str) -> None:
    glossary = load_glossary()
    findings = find_issues(text, glossary, max_sentence_words=8)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.term
    # Words never overlap words, sentences never overlap sentences; a long sentence
    # contains the words found in it.
    for kinds in (("glossary", "acronym"), ("long_sentence",)):
        spans = [(f.start, f.end) for f in findings if f.kind in kinds]
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start
    written = write_out(text, glossary)
    assert isinstance(written, str)
    for f in findings:
        if f.kind == "glossary":
            # After an article of its own ("an core group") the suggestion's own article
            # gives way to the one already there: the words after it are what must be in.
            words = re.sub(r"^(the|a|an) ", "", f.suggestion.lower())
            assert words in apply_suggestion(text, f).lower()


def test_find_issues_is_fast_enough_for_every_keystroke(glossary: Glossary) -> None:
    text = (
        "Daniel drinks heavily at weekends and the shouting is worse when he has been "
        "drinking. Sam will liaise with CAMHS and the HV prior to the RCPC; contact is "
        "supervised by XYZQ."
    )
    assert 150 <= len(text) <= 250
    runs = 200
    per_call = timeit.timeit(lambda: find_issues(text, glossary), number=runs) / runs
    # Measured at about 0.06 ms; the bound leaves room for a slow CI machine.
    assert per_call < 0.005
