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
EMOJI = "SFConfEmoji"
SYMBOLS = "SFConfSymbols"

_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
    EMOJI: "NotoEmoji-Regular.ttf",
    SYMBOLS: "NotoSansSymbols-Regular.ttf",
}

PAGE_SIZE = A4
MARGIN = 22 * mm
RESTRICTED_RED = colors.HexColor("#B00020")


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters above U+FFFF written as UTF-16 (surrogates).

    ReportLab writes "<1F3E0>", which readers take as U+1F3E: a copied or searched PDF
    would give the wrong character for an emoji.
    """

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


@cache
def register_fonts() -> None:
    """Register the bundled TTF fonts once per process (ReportLab keeps a global registry)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap

    folder = files("resources").joinpath("fonts")
    for name, filename in _FONT_FILES.items():
        with as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    for family, normal, bold, italic, bold_italic in (
        (SANS, SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC),
        (ARABIC, ARABIC, ARABIC_BOLD, ARABIC, ARABIC_BOLD),
        (EMOJI, EMOJI, EMOJI, EMOJI, EMOJI),
        (SYMBOLS, SYMBOLS, SYMBOLS, SYMBOLS, SYMBOLS),
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


@cache
def _font_chars(name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


# Variation selectors and joiners: ReportLab has no shaping, so they would print as boxes.
_INVISIBLE = dict.fromkeys([0xFE0E, 0xFE0F, 0x200D])
_MAYBE_FALLBACK = re.compile("[\u2000-\U0010ffff]")


def _fallback_font(ch: str) -> str | None:
    """The bundled font to set a character in when the body font has no glyph for it."""
    code = ord(ch)
    if code in _font_chars(SANS) or 0x0590 <= code <= 0x08FF or 0xFB1D <= code <= 0xFEFF:
        return None
    if code in _font_chars(EMOJI):
        return EMOJI
    if code in _font_chars(SYMBOLS):
        return SYMBOLS
    return None


def _with_fallback(escaped: str) -> str:
    """Runs of emoji and symbols the body font lacks, set in the emoji or symbols font."""
    if not _MAYBE_FALLBACK.search(escaped):
        return escaped
    escaped = escaped.translate(_INVISIBLE)
    out: list[str] = []
    run_font: str | None = None
    for ch in escaped:
        font = _fallback_font(ch) if ch >= "\u2000" else None
        if font != run_font:
            if run_font is not None:
                out.append("</font>")
            if font is not None:
                out.append(f'<font name="{font}">')
            run_font = font
        out.append(ch)
    if run_font is not None:
        out.append("</font>")
    return "".join(out)


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
        out.append(_with_fallback(escape(text[last : m.start()])))
        visual = escape(_visual_rtl(m.group(0)))
        if _ARABIC_LETTER.search(m.group(0)):
            out.append(f'<font name="{ARABIC}">{visual}</font>')
        else:
            out.append(visual)
        last = m.end()
    out.append(_with_fallback(escape(text[last:])))
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


def make_styles(
    base_size: float, *, footer_size: float | None = None, tight: float = 1.0
) -> Styles:
    """Styles scaled from the body size (12 pt for the family copy, 16 pt in large print).

    `tight` below 1 closes up the space between paragraphs and lines a little: used to pull
    a last page that would hold only a few lines back onto the page before.
    """
    register_fonts()
    leading = round(base_size * (1.4 - (1 - tight) * 0.3), 1)
    gap = tight
    body = ParagraphStyle(
        "Body",
        fontName=SANS,
        fontSize=base_size,
        leading=leading,
        spaceAfter=base_size * 0.5 * gap,
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
        spaceAfter=base_size * 0.35 * gap,
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
        spaceBefore=base_size * 1.1 * gap,
        spaceAfter=base_size * 0.45 * gap,
        textColor=colors.HexColor("#123A5E"),
    )
    h2 = ParagraphStyle(
        "Heading2",
        parent=body,
        fontName=SANS_BOLD,
        fontSize=base_size * 1.1,
        leading=base_size * 1.45,
        spaceBefore=base_size * 0.6 * gap,
        spaceAfter=base_size * 0.3 * gap,
    )
    cell = ParagraphStyle("Cell", parent=body, spaceAfter=0, leading=leading)
    cell_head = ParagraphStyle("CellHead", parent=cell, fontName=SANS_BOLD)
    fsize = footer_size if footer_size is not None else base_size
    footer = ParagraphStyle(
        "Footer",
        parent=body,
        fontSize=fsize,
        leading=fsize * 1.25,
        spaceAfter=0,
        splitLongWords=False,
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


HEADING_STYLES = frozenset({"Heading1", "Heading2", "Title"})


def _is_heading(f: Flowable) -> bool:
    return isinstance(f, Paragraph) and f.style.name in HEADING_STYLES


def _start_height(f: Flowable, width: float, frame: float, canv: Any) -> float:
    """How much of `f` must follow a heading on the same page: its first two lines or rows."""
    from reportlab.platypus import KeepTogether

    if isinstance(f, Paragraph):
        f.wrap(width, 1e9)
        lines = len(getattr(f.blPara, "lines", [])) or 1
        return float(f.style.spaceBefore + min(lines, 2) * f.style.leading)
    if isinstance(f, Table):
        f.wrap(width, 1e9)
        return float(sum(f._rowHeights[: (f.repeatRows or 0) + 2]))
    if isinstance(f, KeepTogether):
        f.wrapOn(canv, width, 1e9)
        h = float(getattr(f, "_H", 0.0))  # its wrap() answers a huge height to force a split
        if h <= frame:
            return float(h)
        content = getattr(f, "_content", [])
        return _start_height(content[0], width, frame, canv) if content else 0.0
    _, h = f.wrapOn(canv, width, 1e9)
    return float(min(h, frame))


class KeepHeadingWithStart(CondPageBreak):  # type: ignore[misc]  # ReportLab ships no type hints
    """Before a heading: a page break unless the heading and the start of what follows fit.

    What "the start" is depends on what follows: two lines of a paragraph, the header and
    two rows of a table, a whole block that must stay together. Unlike keepWithNext it
    never drags a whole table or long block to the next page.
    """

    def __init__(self, following: Sequence[Flowable], frame: float) -> None:
        super().__init__(0)
        self._following = list(following)
        self._room = frame

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        need = 0.0
        for f in self._following:
            if _is_heading(f):
                f.wrap(availWidth, 1e9)
                need += f.style.spaceBefore + f.height + f.style.spaceAfter
                continue
            if isinstance(f, CondPageBreak):
                continue
            need += _start_height(f, availWidth, self._room, self.canv)
            break
        self.height = min(need, self._room * 0.9)
        return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]


def keep_headings(story: Sequence[Flowable], frame: float) -> list[Flowable]:
    """The story with each run of headings kept with the start of what follows it."""
    out: list[Flowable] = []
    items = list(story)
    i = 0
    while i < len(items):
        f = items[i]
        if isinstance(f, CondPageBreak) and i + 1 < len(items) and _is_heading(items[i + 1]):
            i += 1
            continue  # replaced by the measured break below
        if _is_heading(f) and (not out or not _is_heading(out[-1])):
            out.append(KeepHeadingWithStart(items[i : i + 6], frame))
        out.append(f)
        i += 1
    return out


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
            p = one_line(left, style, width)
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


_TAGS = re.compile(r"<[^>]*>")


def one_line(made_markup: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A paragraph of one line in `width`: the text cut with an ellipsis where it is too long."""
    p = Paragraph(made_markup, style)
    p.wrap(width, 10_000)
    if len(p.blPara.lines) <= 1:
        return p
    # Too long: cut the plain words (markup dropped) to the longest start that fits.
    from xml.sax.saxutils import unescape

    plain = " ".join(unescape(_TAGS.sub("", made_markup.replace("<br/>", " "))).split())
    lo, hi = 0, len(plain)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pdfmetrics.stringWidth(plain[:mid] + "\u2026", style.fontName, style.fontSize) <= width:
            lo = mid
        else:
            hi = mid - 1
    candidate = markup(plain[:lo].rstrip() + "\u2026")
    return Paragraph(candidate, style)


def build_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    footer: FooterText,
    footer_style: ParagraphStyle,
    footer_lines: int = 1,
    tighter: Callable[[], Sequence[Flowable]]
    | Sequence[Callable[[], Sequence[Flowable]]]
    | None = None,
) -> bytes:
    """Lay out the story on A4 with generous margins and a one-line 'Page N of M' footer.

    With `tighter` (the same story with closer spacing, or several, closer and closer), a
    last page that would hold only a few lines is avoided where a tighter story needs a page
    fewer.
    """
    data, pages, fill = _build(story, title, author, subject, footer, footer_style, footer_lines)
    if tighter is None or pages < 2 or fill >= LAST_PAGE_MIN_FILL:
        return data
    for make in [tighter] if callable(tighter) else list(tighter):
        data2, pages2, _ = _build(
            make(), title, author, subject, footer, footer_style, footer_lines
        )
        if pages2 < pages:
            return data2
    return data


# A last page less full than this is "mostly empty": worth a tighter layout to avoid it.
LAST_PAGE_MIN_FILL = 0.34


def body_height(footer_style: ParagraphStyle, footer_lines: int = 1) -> float:
    """The height of the text frame on each page."""
    footer_height = footer_style.leading * footer_lines + 8
    return float(PAGE_SIZE[1] - MARGIN - (MARGIN * 0.45 + footer_height + 6))


def _build(
    story: Sequence[Flowable],
    title: str,
    author: str,
    subject: str,
    footer: FooterText,
    footer_style: ParagraphStyle,
    footer_lines: int,
) -> tuple[bytes, int, float]:
    """The PDF bytes, the page count and how full the last page is (0 to 1)."""
    register_fonts()
    story = list(keep_headings(story, body_height(footer_style, footer_lines)))
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
    # Where the text ends, noted after each flowable is drawn. (A zero-height end marker in
    # the story itself would be pushed onto a page of its own by the last paragraph's space
    # after, printing a blank last page.)
    end = {"page": 0, "y": 0.0}

    def note_end(_flowable: Flowable) -> None:
        if doc.frame is not None:  # None between pages (a page break, a frame end)
            end["page"] = doc.page
            end["y"] = float(doc.frame._y)

    doc.afterFlowable = note_end
    doc.build(list(story), canvasmaker=_numbered_canvas(footer, footer_style))
    top = doc.bottomMargin + doc.height
    fill = (top - end["y"]) / doc.height if doc.height else 1.0
    return buf.getvalue(), int(end["page"]), fill


def _no_op(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """The footer is drawn by the canvas once the page count is known."""


# No table row is taller than this part of a page: a longer cell is split over several rows.
MAX_ROW_HEIGHT = 260.0
_CELL_PAD = 6.0


def paragraph_text(p: Paragraph) -> str:
    """The plain words of a paragraph, also of one that is a part of a split paragraph."""
    text = str(p.getPlainText())
    if text:
        return text
    bl = getattr(p, "blPara", None)
    words: list[str] = []
    for line in getattr(bl, "lines", []):
        if hasattr(line, "words"):  # a line of fragments (mixed fonts)
            words.append("".join(str(getattr(f, "text", "")) for f in line.words))
        else:  # (width, [words]) in one font
            words.append(" ".join(str(w) for w in line[1]))
    return " ".join(words)


def split_long_rows(
    rows: list[list[Any]], col_widths: Sequence[float], *, max_height: float = MAX_ROW_HEIGHT
) -> list[list[Any]]:
    """Rows whose cells fit in `max_height`: a row with a longer cell becomes several rows.

    ReportLab cannot split a table row across pages, and a row taller than a page stops the
    whole document ("LayoutError"), so text of any length is cut between rows, the rest of
    each cell going on in the row below. Cells that are not Paragraphs stay in the first row.
    """
    out: list[list[Any]] = []
    for row in rows:
        pieces: list[list[Any]] = []
        for cell, width in zip(row, col_widths, strict=False):
            inner = max(width - 2 * _CELL_PAD, 1)
            if not isinstance(cell, Paragraph):
                pieces.append([cell])
                continue
            parts: list[Any] = []
            rest: Paragraph = cell
            while rest.wrap(inner, 1e9)[1] > max_height:
                split = rest.split(inner, max_height)
                if len(split) < 2:
                    break
                parts.append(split[0])
                rest = split[1]
            parts.append(rest)
            pieces.append(parts)
        depth = max((len(p) for p in pieces), default=1)
        for k in range(depth):
            out.append([p[k] if k < len(p) else "" for p in pieces])
    return out


def fit_widths(
    rows: list[list[Any]], col_widths: Sequence[float], *, max_share: float = 0.45
) -> list[float]:
    """Column widths of the same total, each at least as wide as the longest word in it.

    Keeps a word such as "Score" or "Demo-Rivers" whole in large print; a word longer than
    `max_share` of the table is left to be broken, as it must be.
    """
    total = float(sum(col_widths))
    need = [0.0] * len(col_widths)
    for row in rows:
        for i, cell in enumerate(row[: len(need)]):
            if not isinstance(cell, Paragraph):
                continue
            st = cell.style
            font = st.fontName
            for word in cell.getPlainText().split():
                w = pdfmetrics.stringWidth(word, font, st.fontSize) + 2 * _CELL_PAD + 1
                need[i] = max(need[i], min(w, total * max_share))
    if sum(need) > total:
        return list(col_widths)
    widths = [float(w) for w in col_widths]
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < need[i] - 0.01]
        if not short:
            break
        for i in short:
            widths[i] = need[i]
        free = [i for i in range(len(widths)) if widths[i] > need[i] + 0.01]
        excess = sum(widths) - total
        room = sum(widths[i] - need[i] for i in free)
        if room <= 0:
            break
        for i in free:
            widths[i] -= excess * (widths[i] - need[i]) / room
    return widths


# A single row alone on a page is an orphan when it fills less than this share of the page.
LONE_ROW_SHARE = 0.25


class RuledTable(Table):  # type: ignore[misc]  # ReportLab ships no type hints
    """A table that never leaves one body row alone at the foot or the head of a page."""

    def __init__(self, *args: Any, page_room: float = 600.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_room = page_room

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = self._parts(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head = self.repeatRows
        body = len(self._cellvalues) - head
        first_body = len(parts[0]._cellvalues) - head
        second_body = len(parts[1]._cellvalues) - head
        lone_first = first_body < 2 and self._short(head)
        lone_second = second_body < 2 and self._short(len(self._cellvalues) - 1)
        if lone_first and body >= 2 and self._starts_fit():
            return []  # the whole table starts on the next page, with two rows or more
        if lone_second and first_body >= 3:
            # Carry one more row over so the next page does not get a lone row.
            last = self._rowHeights[len(parts[0]._cellvalues) - 1]
            again = self._parts(availWidth, availHeight - last - 0.5)
            if len(again) == 2:
                return again
        if lone_second and sum(self._rowHeights) < self._page_room * 0.9:
            return []  # what is left fits on the next page whole: take it all there
        return parts

    def _parts(self, width: float, height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(width, height)
        for part in parts:  # the parts are RuledTables too: they keep the page's room
            part._page_room = self._page_room
        return parts

    def _short(self, row: int) -> bool:
        """A row short enough to look lost alone on a page (a tall one fills the page itself)."""
        return bool(self._rowHeights[row] < self._page_room * LONE_ROW_SHARE)

    def _starts_fit(self) -> bool:
        heights = self._rowHeights[: self.repeatRows + 2]
        return bool(sum(heights) < self._page_room * 0.9)


def grid_table(
    rows: list[list[Any]],
    col_widths: list[float],
    *,
    grid: str = "#777777",
    header: str = "#E4ECF4",
    line: float = 0.6,
    pad: float = 5,
    page_room: float = 600.0,
) -> Table:
    """A ruled table whose first row is a shaded header, repeated on every page it runs onto.

    Text of any length prints: long cells are split over rows (`split_long_rows`); columns
    are widened to hold their longest word (`fit_widths`); no row is left alone on a page.
    """
    widths = fit_widths(rows, col_widths)
    rows = split_long_rows(rows, widths, max_height=min(MAX_ROW_HEIGHT, page_room * 0.4))
    table = RuledTable(rows, colWidths=widths, repeatRows=1, page_room=page_room)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), line, colors.HexColor(grid)),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(header)),
                ("TOPPADDING", (0, 0), (-1, -1), pad - 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD),
            ]
        )
    )
    return table
