"""The family copy laid out as a typesetter would, checked with pdfplumber's word positions.

Over generated conferences (see test_family_copy_readback.generated), in normal and large
print: no heading is the last line of a page; no table is split leaving one short row alone on a
page (a row filling a quarter of the page or more is not an orphan); no word is broken inside (every word printed is a word of the copy, or a part of one
at a hyphen); the footer is one line.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
import pytest
from reportlab.platypus import KeepTogether, Paragraph, Table

from conference.council import load_council_settings
from conference.family_filter import family_view
from conference.reports.family_copy import BODY_SIZE, LARGE_PRINT_SIZE, _Writer, family_copy_pdf
from conference.reports.pdf_common import (
    LONE_ROW_SHARE,
    MARGIN,
    PAGE_SIZE,
    make_styles,
    paragraph_text,
)
from tests.unit.test_family_copy_readback import generated

SEEDS = range(6)
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufeff]")


def story_words(view: dict[str, Any], size: float) -> set[str]:
    """Every word the copy's story holds (headings, cells and footers included)."""
    writer = _Writer(view, make_styles(size), None)
    story = writer.build(load_council_settings(), PAGE_SIZE[0] - 2 * MARGIN)
    texts: list[str] = [f"Your plan: {view['conference'].get('family_name', '')}", "Page of"]

    def walk(flowables: list[Any]) -> None:
        for f in flowables:
            if isinstance(f, Paragraph):
                texts.append(paragraph_text(f))
                if f.bulletText:
                    texts.append(str(f.bulletText))
            elif isinstance(f, KeepTogether):
                walk(list(f._content))
            elif isinstance(f, Table):
                for row in f._cellvalues:
                    walk([c for c in row if isinstance(c, Paragraph)])

    walk(story)
    words: set[str] = set()
    for text in texts:
        for token in text.split():
            token = _EDGE.sub("", token)
            words.add(token)
            words.update(_EDGE.sub("", part) for part in re.split(r"(?<=[-/])", token))
    return words


def lines_of(page: Any) -> list[list[dict[str, Any]]]:
    """The page's words grouped into lines, top to bottom."""
    words = sorted(page.extract_words(extra_attrs=["fontname", "size"]), key=lambda w: w["top"])
    lines: list[list[dict[str, Any]]] = []
    for w in words:
        if lines and abs(lines[-1][0]["top"] - w["top"]) < 2:
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def is_heading(line: list[dict[str, Any]], body: float) -> bool:
    return all("Bold" in w["fontname"] and w["size"] > body * 1.05 for w in line)


def check_layout(data: bytes, vocabulary: set[str], size: float) -> list[str]:
    problems: list[str] = []
    headings = 0
    tables: list[tuple[int, list[list[str | None]], list[float]]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        body = size * 1.1  # pdfplumber's size is the glyph box: 1.1 x the font size here
        for number, page in enumerate(pdf.pages, start=1):
            lines = lines_of(page)
            footer, text_lines = lines[-1], lines[:-1]
            if not " ".join(w["text"] for w in footer).endswith(f"of {len(pdf.pages)}"):
                problems.append(f"page {number}: the footer is not one line")
            if text_lines and is_heading(text_lines[-1], body):
                problems.append(f"page {number}: heading last: {text_lines[-1][0]['text']}")
            headings += sum(1 for line in text_lines if is_heading(line, body))
            for line in text_lines:
                for w in line:
                    token = _EDGE.sub("", w["text"])
                    if not token or _RTL.search(token) or token in vocabulary:
                        continue
                    if all(_EDGE.sub("", p) in vocabulary for p in re.split(r"(?<=[-/])", token)):
                        continue
                    problems.append(f"page {number}: broken word {w['text']!r}")
            found = page.find_tables()
            for t in found:
                heights = [r.bbox[3] - r.bbox[1] for r in t.rows]
                tables.append((number, t.extract(), heights))
        room = (pdf.pages[0].height - 2 * MARGIN) * LONE_ROW_SHARE
    # A table split over pages: the same header at the foot of one page and the head of the next.
    for (p1, rows1, h1), (p2, rows2, h2) in zip(tables, tables[1:], strict=False):
        same = p2 == p1 + 1 and rows1 and rows2 and rows1[0] == rows2[0]
        if same and ((len(rows1) == 2 and h1[1] < room) or (len(rows2) == 2 and h2[1] < room)):
            problems.append(f"pages {p1}-{p2}: a table row alone on a page")
    if headings < 5:
        problems.append(f"only {headings} headings recognised: the heading check sees nothing")
    return problems


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("seed", SEEDS)
def test_generated_copies_are_laid_out_well(seed: int, large: bool) -> None:
    view = family_view(generated(seed))
    size = LARGE_PRINT_SIZE if large else BODY_SIZE
    data = family_copy_pdf(view, large_print=large)
    assert check_layout(data, story_words(view, size), size) == []


def test_the_example_in_large_print_is_laid_out_well(example_doc: dict[str, Any]) -> None:
    view = family_view(example_doc)
    data = family_copy_pdf(view, large_print=True)
    assert check_layout(data, story_words(view, LARGE_PRINT_SIZE), LARGE_PRINT_SIZE) == []


def test_the_checks_can_fail(example_doc: dict[str, Any]) -> None:
    """A word the copy does not hold is reported as broken (the check is not empty)."""
    view = family_view(example_doc)
    words = story_words(view, BODY_SIZE) - {"Kingsland"}
    problems = check_layout(family_copy_pdf(view), words, BODY_SIZE)
    assert any("Kingsland" in p for p in problems)
