"""What the family copy and the minutes share: bundled fonts, styles, safe text, dates in words, page footers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

SANS = "SFConfSans"
SANS_BOLD = "SFConfSans-Bold"
SANS_ITALIC = "SFConfSans-Oblique"
SANS_BOLD_ITALIC = "SFConfSans-BoldOblique"
ARABIC = "SFConfArabic"
ARABIC_BOLD = "SFConfArabic-Bold"

_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
}

PAGE_SIZE = A4
MARGIN = 22 * mm
RESTRICTED_RED = colors.HexColor("#B00020")


@cache
def register_fonts() -> None:
    """Register the bundled TTF fonts once per process (ReportLab keeps a global registry)."""
    from reportlab.lib.fonts import addMapping

    folder = files("resources").joinpath("fonts")
    for name, filename in _FONT_FILES.items():
        with as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    for family, normal, bold, italic, bold_italic in (
        (SANS, SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC),
        (ARABIC, ARABIC, ARABIC_BOLD, ARABIC, ARABIC_BOLD),
    ):
        addMapping(family, 0, 0, normal)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, italic)
        addMapping(family, 1, 1, bold_italic)
    # Bold paragraph styles name the bold face; map it so <font name=Arabic> inside keeps bold.
    addMapping(ARABIC_BOLD, 0, 0, ARABIC_BOLD)
    addMapping(ARABIC_BOLD, 1, 0, ARABIC_BOLD)


# --- text -----------------------------------------------------------------------------------

_RTL_LETTER = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# A right-to-left run: RTL letters, with spaces, digits and light punctuation inside it.
_RTL_RUN = re.compile(
    f"[{_RTL_LETTER}]+(?:[\\s0-9\u0660-\u0669\u060c\u061f.,:'\\-]+[{_RTL_LETTER}]+)*"
)


_UNBREAKABLE_RTL = 40


def _visual_rtl(run: str) -> str:
    """Arabic letters joined into their contextual forms, and the run put in visual order."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    shaped = arabic_reshaper.reshape(run) if _ARABIC_LETTER.search(run) else run
    visual = str(get_display(shaped, base_dir="R"))
    # The run is already in visual order, so a line break inside it would put its words on
    # the wrong lines: keep a short run (a name, a phrase) on one line.
    if len(visual) <= _UNBREAKABLE_RTL:
        visual = visual.replace(" ", "\u00a0")
    return visual


def markup(text: str | None) -> str:
    """User text made safe for a Paragraph: `<`, `>` and `&` print as themselves, RTL is shaped.

    ReportLab neither joins Arabic letters nor reorders right-to-left text, so each RTL run
    is shaped with arabic_reshaper, reordered with python-bidi and set in the Arabic font.
    """
    if not text:
        return ""
    out: list[str] = []
    last = 0
    for m in _RTL_RUN.finditer(text):
        out.append(escape(text[last : m.start()]))
        visual = escape(_visual_rtl(m.group(0)))
        if _ARABIC_LETTER.search(m.group(0)):
            out.append(f'<font name="{ARABIC}">{visual}</font>')
        else:
            out.append(visual)
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br/>")


def tag(label: str, colour: colors.Color = RESTRICTED_RED) -> str:
    """A bold coloured marker such as RESTRICTED, put before a text in the minutes."""
    return f'<font color="{colour.hexval()}"><b>[{markup(label)}]</b></font> '


# --- dates in words -------------------------------------------------------------------------


def _parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _parse_datetime(value: str | dt.datetime | None) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def date_in_words(value: str | dt.date | None, *, weekday: bool = True) -> str:
    """'Friday 4 December 2026' ('4 December 2026' without the weekday); '' for no date."""
    d = _parse_date(value)
    if d is None:
        return ""
    day = f"{d.day} {d:%B} {d.year}"
    return f"{d:%A} {day}" if weekday else day


def time_in_words(t: dt.time) -> str:
    """'2pm', '2:30pm', '12pm' for midday, '12am' for midnight."""
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    if t.minute:
        return f"{hour}:{t.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def datetime_in_words(value: str | dt.datetime | None) -> str:
    """'Thursday 3 December 2026 at 2pm'; an empty string for no date."""
    d = _parse_datetime(value)
    if d is None:
        return ""
    return f"{date_in_words(d.date())} at {time_in_words(d.time())}"


# --- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one document, all built from one body size."""

    body: ParagraphStyle
    bullet: ParagraphStyle
    lead: ParagraphStyle
    indented: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    footer: ParagraphStyle
    base_size: float


def make_styles(base_size: float, *, footer_size: float | None = None) -> Styles:
    """Styles scaled from the body size (12 pt for the family copy, 16 pt in large print)."""
    register_fonts()
    leading = round(base_size * 1.4, 1)
    body = ParagraphStyle(
        "Body",
        fontName=SANS,
        fontSize=base_size,
        leading=leading,
        spaceAfter=base_size * 0.5,
        alignment=TA_LEFT,
        splitLongWords=True,
    )
    bullet = ParagraphStyle(
        "Bullet",
        parent=body,
        leftIndent=base_size * 1.4,
        bulletIndent=base_size * 0.3,
        bulletFontName=SANS,
        bulletFontSize=base_size,
        spaceAfter=base_size * 0.35,
    )
    indented = ParagraphStyle("Indented", parent=body, leftIndent=base_size * 1.4)
    lead = ParagraphStyle("Lead", parent=body, keepWithNext=True)
    title = ParagraphStyle(
        "Title",
        parent=body,
        fontName=SANS_BOLD,
        fontSize=base_size * 1.75,
        leading=base_size * 2.2,
        spaceAfter=base_size * 0.4,
    )
    subtitle = ParagraphStyle(
        "Subtitle", parent=body, fontSize=base_size * 1.1, leading=leading * 1.1
    )
    h1 = ParagraphStyle(
        "Heading1",
        parent=body,
        fontName=SANS_BOLD,
        fontSize=base_size * 1.35,
        leading=base_size * 1.75,
        spaceBefore=base_size * 1.1,
        spaceAfter=base_size * 0.45,
        textColor=colors.HexColor("#123A5E"),
    )
    h2 = ParagraphStyle(
        "Heading2",
        parent=body,
        fontName=SANS_BOLD,
        fontSize=base_size * 1.1,
        leading=base_size * 1.45,
        spaceBefore=base_size * 0.6,
        spaceAfter=base_size * 0.3,
    )
    cell = ParagraphStyle("Cell", parent=body, spaceAfter=0, leading=leading)
    cell_head = ParagraphStyle("CellHead", parent=cell, fontName=SANS_BOLD)
    fsize = footer_size if footer_size is not None else base_size
    footer = ParagraphStyle(
        "Footer", parent=body, fontSize=fsize, leading=fsize * 1.25, spaceAfter=0
    )
    return Styles(
        body=body,
        bullet=bullet,
        lead=lead,
        indented=indented,
        title=title,
        subtitle=subtitle,
        h1=h1,
        h2=h2,
        cell=cell,
        cell_head=cell_head,
        footer=footer,
        base_size=base_size,
    )


def heading(text: str, style: ParagraphStyle, *, lines_after: int = 4) -> list[Flowable]:
    """A heading that starts a new page when too little room is left for it and a few lines.

    Preferred to keepWithNext, which drags a whole table or block to the next page with it
    and leaves half a page blank.
    """
    room = style.spaceBefore + style.leading * 2 + style.fontSize * 1.4 * lines_after
    return [CondPageBreak(room), Paragraph(text, style)]


def bullet_para(text: str, styles: Styles) -> Paragraph:
    """A bulleted paragraph of already-made markup."""
    return Paragraph(text, styles.bullet, bulletText="\u2022")


class StoryWriter:
    """What the family copy and the minutes share: a story of flowables and ways to add to it.

    Text passed in is already markup (made safe with `markup`); empty text adds nothing.
    """

    def __init__(self, styles: Styles) -> None:
        self.s = styles
        self.story: list[Flowable] = []

    def h1(self, text: str) -> None:
        self.story.extend(heading(markup(text), self.s.h1))

    def h2(self, made_markup: str) -> None:
        self.story.extend(heading(made_markup, self.s.h2, lines_after=3))

    def p(self, made_markup: str) -> None:
        if made_markup:
            self.story.append(Paragraph(made_markup, self.s.body))

    def bullet(self, made_markup: str) -> None:
        if made_markup:
            self.story.append(bullet_para(made_markup, self.s))


# --- document and footer --------------------------------------------------------------------

# (page number, page count) -> (markup on the left, plain text set flush right)
FooterText = Callable[[int, int], tuple[str, str]]


def _numbered_canvas(footer: FooterText, style: ParagraphStyle) -> type[Canvas]:
    """A canvas class that holds pages back until the end, so each footer can say 'of M'."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            left, right = footer(number, total)
            right_width = pdfmetrics.stringWidth(right, style.fontName, style.fontSize)
            width = PAGE_SIZE[0] - 2 * MARGIN - right_width - style.fontSize
            p = Paragraph(left, style)
            _, h = p.wrap(width, MARGIN)
            bottom = MARGIN * 0.45
            self.saveState()
            self.setStrokeColor(colors.HexColor("#888888"))
            self.setLineWidth(0.5)
            top = bottom + max(h, style.leading) + 3
            self.line(MARGIN, top, PAGE_SIZE[0] - MARGIN, top)
            p.drawOn(self, MARGIN, bottom + max(h, style.leading) - h)
            self.setFont(style.fontName, style.fontSize)
            # Baseline of the right text level with the first line of the left text.
            first_baseline = bottom + max(h, style.leading) - style.fontSize
            self.drawRightString(PAGE_SIZE[0] - MARGIN, first_baseline, right)
            self.restoreState()

    return NumberedCanvas


def build_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    footer: FooterText,
    footer_style: ParagraphStyle,
    footer_lines: int = 2,
) -> bytes:
    """Lay out the story on A4 with generous margins and a 'Page N of M' footer; the PDF bytes."""
    register_fonts()
    buf = BytesIO()
    footer_height = footer_style.leading * footer_lines + 8
    doc = BaseDocTemplate(
        buf,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN * 0.45 + footer_height + 6,
        title=title,
        author=author,
        subject=subject,
        creator="sfconf",
        lang="en-GB",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_no_op)])
    doc.build(list(story), canvasmaker=_numbered_canvas(footer, footer_style))
    return buf.getvalue()


def _no_op(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """The footer is drawn by the canvas once the page count is known."""


def grid_table(
    rows: list[list[Any]],
    col_widths: list[float],
    *,
    grid: str = "#777777",
    header: str = "#E4ECF4",
    line: float = 0.6,
    pad: float = 5,
) -> Table:
    """A ruled table whose first row is a shaded header, repeated on every page it runs onto."""
    table = Table(rows, colWidths=col_widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), line, colors.HexColor(grid)),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(header)),
                ("TOPPADDING", (0, 0), (-1, -1), pad - 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    return table
