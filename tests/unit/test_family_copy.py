"""The family copy: plain headings, everything the family may see, nothing kept back."""

from __future__ import annotations

import copy
import io
import json
import re
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab import rl_config

from conference.errors import RefusedInput
from conference.exchange.interchange import import_document
from conference.reports.family_copy import decision_in_words, write_family_copy
from conference.reports.pdf_common import date_in_words, datetime_in_words, markup
from tests.conftest import EXAMPLE
from tests.helpers import examples

# The example's general copy: the template's sections under their own headings, in the
# template's order ("What is already keeping the children safe" has nothing the whole
# family may see, so it is left out), then the worries, the goals and the plan.
EXAMPLE_HEADINGS = [
    "What has happened",
    "What makes it harder",
    "What is going well",
    "What we don't know yet",
    "What the family said",
    "What we are worried about",
    "What needs to happen",
    "Who will do what, and by when",
    "What happens next",
]


@pytest.fixture(autouse=True)
def invariant_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte-identical PDFs: no creation date or random id."""
    monkeypatch.setattr(rl_config, "invariant", 1)


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, whitespace folded to single spaces (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def font_sizes(data: bytes) -> list[float]:
    """The font size of every non-blank run of text in the PDF."""
    sizes: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font_dict: Any, font_size: float) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 if tm else 1.0
            sizes.append(round(font_size * scale, 2))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def family_copy(store: Any, cid: str, who: str | None = None, large: bool = False) -> str:
    return pdf_text(write_family_copy(store, cid, for_participant=who, large_print=large))


# --- dates and decisions in words -----------------------------------------------------------


def test_dates_in_words() -> None:
    assert date_in_words("2026-12-04") == "Friday 4 December 2026"
    assert date_in_words(None) == ""
    assert datetime_in_words("2026-12-03T14:00:00") == "Thursday 3 December 2026 at 2pm"
    assert datetime_in_words("2026-12-03T14:30:00") == "Thursday 3 December 2026 at 2:30pm"
    assert datetime_in_words("2026-12-03T12:00") == "Thursday 3 December 2026 at 12pm"
    assert datetime_in_words("2026-12-03T00:05") == "Thursday 3 December 2026 at 12:05am"
    assert datetime_in_words("2026-12-03T09:00:00") == "Thursday 3 December 2026 at 9am"


@pytest.mark.parametrize(
    ("outcome", "cats", "expected"),
    [
        (
            "child_protection_plan",
            ["emotional_abuse"],
            "Mia will have a child protection plan. This is because of worries about emotional harm.",
        ),
        (
            "child_protection_plan",
            ["neglect", "physical_abuse", "sexual_abuse"],
            "worries about neglect, physical harm and sexual abuse.",
        ),
        ("child_in_need_plan", [], "Mia will have a child in need plan."),
        ("no_further_action", [], "Mia will not have a child protection plan."),
        ("plan_continues", ["neglect"], "Mia's child protection plan will carry on."),
        ("plan_ends_child_in_need", [], "Mia's child protection plan will end."),
        ("plan_ends_no_further_action", [], "Mia's child protection plan will end."),
    ],
)
def test_every_outcome_in_plain_words(outcome: str, cats: list[str], expected: str) -> None:
    assert expected in decision_in_words("Mia", outcome, cats)
    assert "_" not in decision_in_words("Mia", outcome, cats)


def test_markup_escapes_and_shapes_arabic() -> None:
    assert markup("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    out = markup("Grandfather يوسف حداد here")
    assert out.startswith("Grandfather <font name=")
    assert out.endswith("</font> here")
    # Joined (presentation) forms, in visual order: the surname comes first, left to right.
    assert "\ufef3" in out  # yeh, initial form
    assert out.index("\ufea3") < out.index("\ufef3")  # hah of Haddad before yeh of Yusuf


# --- the example ----------------------------------------------------------------------------


def test_example_general_copy(example_store: tuple[Any, str]) -> None:
    store, cid = example_store
    text = family_copy(store, cid)

    positions = [text.index(h) for h in EXAMPLE_HEADINGS]
    assert positions == sorted(positions)
    assert "What is already keeping the children safe" not in text
    assert "Your plan: the Green family" in text
    assert "first child protection meeting on Friday 20 November 2026 at 10am" in text
    assert "Why we met" in text and "Who came" in text
    assert "What the children told us" in text and "I get scared when Dad shouts." in text

    # Everything the family may see.
    for visible in (
        "Police were called to the house twice this year",
        "Daniel drinks heavily at weekends",
        "Carol looks after the children every Saturday",
        "We do not know how much Leo has seen or heard.",
        "Jade said she wants the shouting to stop",
        "Daniel said he is ashamed",
        "Jade agrees. Daniel agrees about the shouting.",
        "for at least six months",
        "Leo will go to all his health checks",
        "If Daniel does not go to the alcohol service",
    ):
        assert visible in text, visible

    # Every next step with its owner and due date in words.
    for owner, action, due in (
        ("Daniel", "Go to the alcohol service at Kingsland Place", "Friday 4 December 2026"),
        (
            "Sam (social worker)",
            "Make a safety plan with Jade and Carol",
            "Friday 27 November 2026",
        ),
        ("Lucy (health visitor)", "Book Leo's 2 year check", "Friday 11 December 2026"),
        ("Mark (teacher)", "Talk with Mia each week in school", "Tuesday 1 December 2026"),
    ):
        assert owner in text and action in text and due in text

    assert "Mia Green will have a child protection plan." in text
    assert "worries about emotional harm and neglect" in text
    assert "The next meeting is on Friday 19 February 2027 at 10am" in text
    assert "Thursday 3 December 2026 at 2pm" in text
    assert "How safe are the children?" in text and "We go to Carol's when it starts." in text
    assert "Who to contact" in text and "If you disagree or want to complain" in text
    assert "01632 960 123" in text
    assert re.search(r"Page 1 of (\d+)", text)
    pages = len(PdfReader(io.BytesIO(write_family_copy(store, cid))).pages)
    assert f"Page {pages} of {pages}" in text

    # Nothing kept back.
    for kept_back in (
        "under investigation",
        "Police intelligence",
        "14 Larch Close",
        "Larch",
        "police call-outs",
        "Carol's flat",
        "split conference",
        "Attended separately",
    ):
        assert kept_back not in text, kept_back


def test_split_conference_copies(example_store: tuple[Any, str]) -> None:
    store, cid = example_store
    safety_plan = "When Daniel has been drinking, Jade takes the children to Carol's flat."
    dan = family_copy(store, cid, "p-dan")
    jade = family_copy(store, cid, "Jade Green")
    assert safety_plan not in dan and "Carol's flat" not in dan
    assert safety_plan in jade
    assert "This copy is for Jade Green." in jade
    for text in (dan, jade):
        assert "14 Larch Close" not in text
        assert "under investigation" not in text
        assert "police call-outs" not in text


def test_for_someone_not_in_the_family_is_refused(example_store: tuple[Any, str]) -> None:
    store, cid = example_store
    with pytest.raises(RefusedInput):
        write_family_copy(store, cid, for_participant="p-sw")
    with pytest.raises(RefusedInput):
        write_family_copy(store, cid, for_participant="Nobody Here")


def test_plain_words_and_literal_text(store: Any, example_doc: dict[str, Any]) -> None:
    doc = example_doc
    doc["items"].append({"id": "i90", "section": "strengths", "text": "The ICPC was held early."})
    doc["items"].append(
        {
            "id": "i91",
            "section": "grey_areas",
            "text": "Mum wrote <b>not bold</b> & Dad wrote a < b > c.",
        }
    )
    doc["participants"].append(
        {"id": "p-zw", "name": "Zofia Wiśniewska", "role": "Neighbour", "is_family": True}
    )
    doc["participants"].append(
        {"id": "p-lk", "name": "Łukasz Żółć", "role": "Uncle", "is_family": True}
    )
    cid = import_document(store, doc, actor="test")
    text = family_copy(store, cid)
    assert "ICPC" not in text
    assert "first child protection meeting was held early" in text.lower()
    assert "Mum wrote <b>not bold</b> & Dad wrote a < b > c." in text
    assert "Zofia Wiśniewska" in text
    assert "Łukasz Żółć" in text


def test_body_text_sizes(example_store: tuple[Any, str]) -> None:
    store, cid = example_store
    normal = font_sizes(write_family_copy(store, cid))
    large = font_sizes(write_family_copy(store, cid, large_print=True))
    assert normal and min(normal) >= 12
    assert large and min(large) >= 16
    assert max(large) > max(normal)
    assert max(large) >= 22  # headings bigger still


def test_same_input_same_bytes(example_store: tuple[Any, str]) -> None:
    store, cid = example_store
    assert write_family_copy(store, cid) == write_family_copy(store, cid)


def test_family_copy_reads_easily(example_store: tuple[Any, str]) -> None:
    from conference.language.plain_language import readability

    store, cid = example_store
    score = readability(family_copy(store, cid))
    assert score >= 70, score


def test_three_columns_template(store: Any, example_doc: dict[str, Any]) -> None:
    doc = example_doc
    doc["conference"]["template"] = "three-columns"
    section = {
        "harm": "worries",
        "complicating_factors": "worries",
        "strengths": "working_well",
        "existing_safety": "working_well",
        "grey_areas": "worries",
        "family_views": "family_views",
    }
    for item in doc["items"]:
        item["section"] = section[item["section"]]
    cid = import_document(store, doc, actor="test")
    text = family_copy(store, cid)
    # The three-column template's own headings and order; nothing under a heading it has not.
    headings = [
        "What we are worried about • On 28 October Mia",
        "What is going well • Mia goes to school",
        "What the family said • Jade said",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    for absent in ("What has happened", "What makes it harder", "What we don't know yet"):
        assert absent not in text
    assert "What is already keeping the children safe" not in text
    assert "Mia goes to school every day" in text
    assert "Police were called to the house" in text
    assert "14 Larch Close" not in text


def test_review_without_dates(store: Any, example_doc: dict[str, Any]) -> None:
    doc = example_doc
    doc["conference"]["kind"] = "review"
    doc["review_conference"] = None
    doc["next_steps"][0]["due"] = None
    doc["decisions"][0]["outcome"] = "plan_ends_child_in_need"
    doc["decisions"][0]["categories"] = []
    cid = import_document(store, doc, actor="test")
    text = family_copy(store, cid)
    assert "review meeting" in text
    assert "No date yet" in text
    assert "We have not set a date for the next meeting yet." in text
    assert "Mia Green's child protection plan will end." in text


# --- generated conferences: nothing kept back, in any copy ------------------------------------

FAMILY = ["p-jade", "p-dan", "p-nan"]


@st.composite
def kept_back_conferences(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], dict[str | None, set[str]], set[str]]:
    """The example with random keep-backs; every text a unique sentinel.

    Returns the document, the sentinels each viewer (None: everyone) may see, and all sentinels.
    """
    doc: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    counter = iter(range(10_000))

    def sentinel() -> str:
        return f"zqx{next(counter):04d}kw"

    flags = st.booleans()
    withheld = st.lists(st.sampled_from(FAMILY), unique=True, max_size=3)

    def visible(obj: dict[str, Any], viewer: str | None) -> bool:
        if obj.get("restricted"):
            return False
        w = obj.get("withheld_from") or []
        return not w if viewer is None else viewer not in w

    def keep_back(obj: dict[str, Any]) -> None:
        obj["restricted"] = draw(st.sampled_from([False, False, True]))
        obj["withheld_from"] = draw(withheld)

    for item in doc["items"]:
        keep_back(item)
        item["text"] = f"Item {sentinel()} said."
    statements = {}
    for d in doc["danger_statements"]:
        keep_back(d)
        d["text"] = f"Worry {sentinel()} here."
        d["family_view"] = {
            "agrees": draw(st.sampled_from([True, False, None])),
            "comment": f"View {sentinel()}.",
        }
        statements[d["id"]] = d
    goals = {}
    for g in doc["safety_goals"]:
        keep_back(g)
        g["text"] = f"Goal {sentinel()} here."
        g["how_long"] = f"for {sentinel()}"
        goals[g["id"]] = g
    for s in doc["next_steps"]:
        keep_back(s)
        s["action"] = f"Step {sentinel()} done."
    for c in doc["children"]:
        c["view"] = f"Child said {sentinel()}."
        c["view_restricted"] = draw(flags)
    for p in doc["participants"]:
        p["attendance_note"] = f"Note {sentinel()}."
    doc["scaling"]["revealed"] = draw(flags)
    for score in doc["scaling"]["scores"]:
        score["reason"] = f"Because {sentinel()}."
        score["danger_statement"] = draw(st.sampled_from([None, "d1", "d2"]))

    viewers: list[str | None] = [None, *FAMILY]
    allowed: dict[str | None, set[str]] = {v: set() for v in viewers}
    everything: set[str] = set()

    def note(text: str, ok: Any) -> None:
        for token in re.findall(r"zqx\d{4}kw", text):
            everything.add(token)
            for v in viewers:
                if ok(v):
                    allowed[v].add(token)

    for item in doc["items"]:
        note(item["text"], lambda v, o=item: visible(o, v))
    for d in doc["danger_statements"]:
        note(d["text"] + d["family_view"]["comment"], lambda v, o=d: visible(o, v))

    def goal_ok(g: dict[str, Any], v: str | None) -> bool:
        ds = g.get("danger_statement")
        return visible(g, v) and (ds is None or visible(statements[ds], v))

    for g in doc["safety_goals"]:
        note(g["text"] + g["how_long"], lambda v, o=g: goal_ok(o, v))
    for s in doc["next_steps"]:
        note(
            s["action"],
            lambda v, o=s: (
                visible(o, v) and (not o.get("safety_goal") or goal_ok(goals[o["safety_goal"]], v))
            ),
        )
    for c in doc["children"]:
        note(c["view"], lambda v, o=c: not o["view_restricted"])
    for p in doc["participants"]:
        note(p["attendance_note"], lambda v: False)
    for score in doc["scaling"]["scores"]:
        ds = score["danger_statement"]
        note(
            score["reason"],
            lambda v, ds=ds: (
                doc["scaling"]["revealed"] and (ds is None or visible(statements[ds], v))
            ),
        )
    return doc, allowed, everything


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=kept_back_conferences())
def test_nothing_kept_back_reaches_any_copy(
    store: Any, case: tuple[dict[str, Any], dict[str | None, set[str]], set[str]]
) -> None:
    doc, allowed, everything = case
    doc = copy.deepcopy(doc)
    doc["conference"]["id"] = str(uuid.uuid4())  # one store serves every example
    cid = import_document(store, doc, actor="test")
    for viewer, may_see in allowed.items():
        text = family_copy(store, cid, viewer)
        printed = set(re.findall(r"zqx\d{4}kw", text))
        assert printed <= may_see, f"kept back from {viewer}: {sorted(printed - may_see)}"
        assert printed == may_see, f"missing for {viewer}: {sorted(may_see - printed)}"
        assert printed <= everything


def test_arabic_name_is_shaped_in_the_arabic_font(store: Any, example_doc: dict[str, Any]) -> None:
    doc = example_doc
    doc["participants"].append(
        {
            "id": "p-yh",
            "name": "يوسف حداد",
            "role": "Maternal grandfather",
            "is_family": True,
            "core_group": True,
        }
    )
    cid = import_document(store, doc, actor="test")
    data = write_family_copy(store, cid)
    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }
    assert any("NotoSansArabic" in f for f in fonts), fonts
    text = pdf_text(data)
    # Joined letters (presentation forms), not the isolated letters ReportLab would print alone.
    assert "\ufef3" in text or "\ufef4" in text, "yeh is not in its joined form"
    assert "Maternal grandfather" in text


def test_command_line_family_copy(example_store: tuple[Any, str], tmp_path: Any) -> None:
    from conference.cli import main

    store, cid = example_store
    db = str(store.location)
    out = tmp_path / "copy.pdf"
    assert main(["--db", db, "family-copy", cid, "-o", str(out), "--for", "Daniel Green"]) == 0
    text = pdf_text(out.read_bytes())
    assert "This copy is for Daniel Green." in text and "Carol's flat" not in text
    assert main(["--db", db, "family-copy", cid, "-o", str(out), "--for", "p-sw"]) == 3
    assert main(["--db", db, "family-copy", cid, "-o", str(out), "--large-print"]) == 0
    assert min(font_sizes(out.read_bytes())) >= 16


@settings(max_examples=examples(30), deadline=None)
@given(
    text=st.lists(
        st.sampled_from([*"ab <>&;#/=\"'![]-xyzÀłŚż", "&amp;", "<b>", "</i>", "&#60;", "]]>"]),
        min_size=1,
        max_size=25,
    ).map("".join)
)
def test_any_text_prints_literally(text: str) -> None:
    from reportlab.platypus import Paragraph

    from conference.reports.pdf_common import build_pdf, make_styles

    styles = make_styles(12)
    data = build_pdf(
        [Paragraph(markup(text), styles.body)],
        title="t",
        author="a",
        subject="s",
        footer=lambda n, m: ("", f"Page {n} of {m}"),
        footer_style=styles.footer,
    )
    expected = " ".join(text.split())
    if expected:
        assert expected in pdf_text(data)
