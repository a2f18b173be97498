"""A 0-10 scaling picture drawn with QPainter, from plain data, for the chair's page and the projector."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["ScalingPicture", "ScorePoint", "describe_scores", "format_score"]


@dataclass(frozen=True)
class ScorePoint:
    """One person's score: who gave it, the score, and whether they are family."""

    label: str
    score: int
    is_family: bool


@dataclass(frozen=True)
class _Palette:
    background: QColor
    text: QColor
    muted: QColor
    family: QColor
    professional: QColor
    band: QColor
    median: QColor


# Okabe-Ito colours (safe for the common colour-vision differences); shape differs as well.
_LIGHT = _Palette(
    background=QColor("#ffffff"),
    text=QColor("#111111"),
    muted=QColor("#555555"),
    family=QColor("#c65f00"),
    professional=QColor("#0072b2"),
    band=QColor(0, 114, 178, 34),
    median=QColor("#111111"),
)
_DARK = _Palette(
    background=QColor("#111111"),
    text=QColor("#f4f4f4"),
    muted=QColor("#bbbbbb"),
    family=QColor("#f0b43c"),
    professional=QColor("#56b4e9"),
    band=QColor(86, 180, 233, 48),
    median=QColor("#f4f4f4"),
)


def format_score(value: float) -> str:
    """4 -> "4", 4.5 -> "4.5" (a median of an even count can fall between two scores)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def describe_scores(points: list[ScorePoint], zero_means: str = "", ten_means: str = "") -> str:
    """The picture in words, for screen readers and for anyone who cannot see the dots."""
    if not points:
        return "No scores to show."
    scores = [p.score for p in points]
    people = "person" if len(points) == 1 else "people"
    parts = [
        f"Scores from {len(points)} {people} on a scale of 0 to 10.",
        f"Middle score: {format_score(statistics.median(scores))}.",
        f"Spread: {min(scores)} to {max(scores)}.",
    ]
    family = [p for p in points if p.is_family]
    others = [p for p in points if not p.is_family]
    if family:
        parts.append("Family: " + ", ".join(f"{p.label} {p.score}" for p in family) + ".")
    if others:
        parts.append("Professionals: " + ", ".join(f"{p.label} {p.score}" for p in others) + ".")
    if zero_means:
        parts.append(f"0 means: {zero_means}")
    if ten_means:
        parts.append(f"10 means: {ten_means}")
    return " ".join(parts)


class ScalingPicture(QWidget):
    """Dots on a 0-10 line: family as circles, professionals as squares, ties stacked."""

    _BASE_PT = 11.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[ScorePoint] = []
        # A review: the scores the reader may see from last time, drawn as hollow rings.
        self._previous: list[ScorePoint] = []
        self._zero_means = ""
        self._ten_means = ""
        self._title = ""
        self._show_labels = False
        self._dark = False
        self._scale = 1.0
        self.setAccessibleName("Scaling picture")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._update_description()

    # ------------------------------------------------------------ data

    def set_data(
        self, points: list[ScorePoint], zero_means: str, ten_means: str, title: str = ""
    ) -> None:
        self._points = list(points)
        self._zero_means = zero_means
        self._ten_means = ten_means
        self._title = title
        self._update_description()
        self.updateGeometry()
        self.update()

    def points(self) -> list[ScorePoint]:
        return list(self._points)

    def set_previous(self, points: list[ScorePoint]) -> None:
        """Last time's scores (a review), shown as a second round under this time's."""
        self._previous = list(points)
        self._update_description()
        self.updateGeometry()
        self.update()

    def previous_points(self) -> list[ScorePoint]:
        return list(self._previous)

    def set_show_labels(self, show: bool) -> None:
        self._show_labels = show
        self.update()

    def set_theme(self, dark: bool) -> None:
        self._dark = dark
        self.update()

    def set_scale(self, factor: float) -> None:
        self._scale = max(0.5, float(factor))
        self.updateGeometry()
        self.update()

    def description(self) -> str:
        text = describe_scores(self._points, self._zero_means, self._ten_means)
        if self._previous and self._points:
            last = statistics.median(pt.score for pt in self._previous)
            text += f" Last time the middle score was {format_score(last)}."
        return text

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.description())
        self.setToolTip(self.description())

    # ------------------------------------------------------------ geometry

    def sizeHint(self) -> QSize:  # noqa: N802
        width = 760.0 * self._scale
        return QSize(int(width), int(self._draw(None, width)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        width = 360.0 * self._scale
        return QSize(int(width), int(self._draw(None, width)))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return int(self._draw(None, float(width)))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self._background())
        self._draw(painter, float(self.width()))
        painter.end()

    # ------------------------------------------------------------ drawing

    def _palette(self) -> _Palette:
        return _DARK if self._dark else _LIGHT

    def _background(self) -> QColor:
        """The theme's background, or the Window colour a host (the projector) set on us."""
        window = QPalette.ColorRole.Window
        if self.palette().resolveMask() & (1 << window.value):
            return self.palette().color(window)
        return self._palette().background

    def _font(self, factor: float = 1.0, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self._BASE_PT * self._scale * factor)
        font.setBold(bold)
        return font

    def _draw(self, p: QPainter | None, width: float) -> float:
        """Lay out (and, given a painter, paint) the picture; returns the height it needs."""
        pal = self._palette()
        s = self._scale
        margin = 16.0 * s
        radius = 8.0 * s
        step = radius * 2.5  # vertical distance between stacked (tied) dots
        left = margin + 12.0 * s
        right = width - margin - 12.0 * s
        span = max(right - left, 10.0)

        def x_of(score: float) -> float:
            return left + span * score / 10.0

        text_font = self._font()
        small_font = self._font(0.9)
        title_font = self._font(1.3, bold=True)
        fm = QFontMetricsF(text_font)
        fm_small = QFontMetricsF(small_font)
        y = margin

        if self._title:
            fm_title = QFontMetricsF(title_font)
            box = fm_title.boundingRect(
                QRectF(margin, y, width - 2 * margin, 10_000),
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter,
                self._title,
            )
            if p is not None:
                p.setFont(title_font)
                p.setPen(pal.text)
                p.drawText(
                    QRectF(margin, y, width - 2 * margin, box.height()),
                    Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter,
                    self._title,
                )
            y += box.height() + 8 * s

        # Legend: shape and colour together, so it reads without colour. It wraps when narrow.
        row_h = max(fm_small.height(), radius * 2) + 6 * s
        lx = margin
        cy = y + row_h / 2
        for kind, label in (
            ("family", "Family"),
            ("professional", "Professionals"),
            ("median", "Middle score"),
            ("band", "Spread (lowest to highest)"),
        ):
            entry_w = radius * 2 + 6 * s + fm_small.horizontalAdvance(label)
            if lx > margin and lx + entry_w > width - margin:
                lx = margin
                cy += row_h
            if p is not None:
                p.setFont(small_font)
                if kind in ("family", "professional"):
                    self._dot(p, QPointF(lx + radius, cy), radius * 0.8, kind == "family")
                elif kind == "median":
                    p.setPen(QPen(pal.median, 2.5 * s, Qt.PenStyle.DashLine))
                    p.drawLine(QPointF(lx + radius, cy - radius), QPointF(lx + radius, cy + radius))
                else:
                    p.setPen(QPen(pal.muted, 1.5 * s))
                    p.setBrush(pal.band)
                    p.drawRect(QRectF(lx, cy - radius * 0.8, radius * 2, radius * 1.6))
                p.setPen(pal.text)
                p.drawText(QPointF(lx + radius * 2 + 6 * s, cy + fm_small.ascent() / 2.6), label)
            lx += entry_w + 24 * s
        y = cy + row_h / 2 + 6 * s

        scores = [pt.score for pt in self._points]
        stacks: dict[int, list[ScorePoint]] = {}
        for pt in self._points:
            stacks.setdefault(pt.score, []).append(pt)
        tallest = max((len(v) for v in stacks.values()), default=1)

        median = statistics.median(scores) if scores else None
        label_h = fm.height()
        if median is not None:
            # Row 1: the middle score; row 2: the spread. Separate rows so they never overlap.
            median_text = f"Middle score: {format_score(median)}"
            spread_text = f"Spread: {min(scores)} to {max(scores)}"
            if p is not None:
                p.setFont(self._font(1.0, bold=True))
                fmb = QFontMetricsF(p.font())
                w = fmb.horizontalAdvance(median_text)
                mx = min(max(x_of(median) - w / 2, margin), width - margin - w)
                p.setPen(pal.text)
                p.drawText(QPointF(mx, y + fmb.ascent()), median_text)
                p.setFont(text_font)
                w = fm.horizontalAdvance(spread_text)
                centre = (x_of(min(scores)) + x_of(max(scores))) / 2
                sx = min(max(centre - w / 2, margin), width - margin - w)
                p.setPen(pal.muted)
                p.drawText(QPointF(sx, y + label_h + 4 * s + fm.ascent()), spread_text)
            y += 2 * label_h + 16 * s

        dots_top = y
        dots_h = tallest * step + 4 * s
        axis_y = dots_top + dots_h

        if p is not None and scores:
            lo, hi = x_of(min(scores)), x_of(max(scores))
            band = QRectF(
                lo - radius * 1.6, dots_top - 2 * s, hi - lo + radius * 3.2, dots_h + 2 * s
            )
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(pal.band)
            p.drawRoundedRect(band, 6 * s, 6 * s)
            # Bracket ends of the spread, so the band is visible on a washed-out projector.
            p.setPen(QPen(pal.muted, 1.5 * s))
            for bx in (band.left(), band.right()):
                p.drawLine(QPointF(bx, dots_top - 2 * s), QPointF(bx, axis_y))

        # The axis and its ticks.
        if p is not None:
            p.setPen(QPen(pal.text, 2.5 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(left, axis_y), QPointF(right, axis_y))
            p.setFont(text_font)
            for n in range(11):
                x = x_of(n)
                p.drawLine(QPointF(x, axis_y - 5 * s), QPointF(x, axis_y + 5 * s))
                w = fm.horizontalAdvance(str(n))
                p.drawText(QPointF(x - w / 2, axis_y + 14 * s + fm.ascent()), str(n))

        if p is not None and median is not None:
            # Under the dots: drawn over them it would cut a tied stack in two.
            p.setPen(QPen(pal.median, 2.5 * s, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x_of(median), dots_top - 10 * s), QPointF(x_of(median), axis_y))

        # The dots, bottom-up in each stack, family first so their dots sit nearest the line.
        if p is not None:
            p.setFont(small_font)
            for score, people in stacks.items():
                ordered = sorted(people, key=lambda pt: not pt.is_family)
                for i, pt in enumerate(ordered):
                    cx = x_of(score)
                    cy = axis_y - radius - 6 * s - i * step
                    self._dot(p, QPointF(cx, cy), radius, pt.is_family)
                    if self._show_labels:
                        # A name may run on until the next dot at the same height; at 10
                        # there is no room to the right, so the name goes on the left.
                        if score == 10:
                            before = [n for n, v in stacks.items() if n < score and len(v) > i]
                            edge = x_of(max(before)) + radius if before else margin
                            room = cx - radius - 4 * s - edge - 4 * s
                        else:
                            after = [n for n, v in stacks.items() if n > score and len(v) > i]
                            edge = x_of(min(after)) - radius if after else width - margin
                            room = edge - 4 * s - (cx + radius + 4 * s)
                        text = fm_small.elidedText(
                            pt.label, Qt.TextElideMode.ElideRight, max(room, 0.0)
                        )
                        tx = (
                            cx - radius - 4 * s - fm_small.horizontalAdvance(text)
                            if score == 10
                            else cx + radius + 4 * s
                        )
                        p.setPen(pal.text)
                        p.drawText(QPointF(tx, cy + fm_small.ascent() / 2.6), text)

        # The middle score: a pointer under the line, so it stays visible when the dots of a
        # tie at the median cover the dashed line.
        if p is not None and median is not None:
            mx = x_of(median)
            pointer = QPainterPath()
            pointer.moveTo(mx, axis_y + 3 * s)
            pointer.lineTo(mx - 6 * s, axis_y + 12 * s)
            pointer.lineTo(mx + 6 * s, axis_y + 12 * s)
            pointer.closeSubpath()
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(pal.median)
            p.drawPath(pointer)

        y = axis_y + 14 * s + fm.height() + 10 * s

        if self._previous and scores:
            y = self._draw_previous(p, y, x_of, radius, s, margin)

        # What 0 and 10 mean, wrapped under each end.
        half = (width - 2 * margin) / 2 - 8 * s
        heights = [0.0]
        for text, align, x0 in (
            (
                f"0 means: {self._zero_means}" if self._zero_means else "",
                Qt.AlignmentFlag.AlignLeft,
                margin,
            ),
            (
                f"10 means: {self._ten_means}" if self._ten_means else "",
                Qt.AlignmentFlag.AlignRight,
                width - margin - half,
            ),
        ):
            if not text:
                continue
            flags = Qt.TextFlag.TextWordWrap | align
            box = fm.boundingRect(QRectF(x0, y, half, 10_000), flags, text)
            heights.append(box.height())
            if p is not None:
                p.setFont(text_font)
                p.setPen(pal.text)
                p.drawText(QRectF(x0, y, half, box.height()), flags, text)
        y += max(heights) + margin
        return y

    def _draw_previous(
        self,
        p: QPainter | None,
        y: float,
        x_of: Callable[[float], float],
        radius: float,
        s: float,
        margin: float,
    ) -> float:
        """The second round: last time's scores as hollow rings under the axis, with their middle."""
        pal = self._palette()
        font = self._font(1.0, bold=True)
        fm = QFontMetricsF(font)
        scores = [pt.score for pt in self._previous]
        median = statistics.median(scores)
        title = f"Last time (hollow rings) - middle score: {format_score(median)}"
        if p is not None:
            p.setFont(font)
            p.setPen(pal.text)
            p.drawText(QPointF(margin, y + fm.ascent()), title)
        y += fm.height() + 6 * s
        r = radius * 0.8
        stacks: dict[int, int] = {}
        top = y
        for pt in sorted(self._previous, key=lambda pt: not pt.is_family):
            i = stacks.get(pt.score, 0)
            stacks[pt.score] = i + 1
            if p is not None:
                colour = pal.family if pt.is_family else pal.professional
                p.setPen(QPen(colour, max(2.0, r / 3)))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(QPointF(x_of(pt.score), top + r + i * r * 2.4), r, r)
        tallest = max(stacks.values(), default=1)
        bottom = top + tallest * r * 2.4 + 4 * s
        if p is not None:
            p.setPen(QPen(pal.median, 2.5 * s, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x_of(median), top - 2 * s), QPointF(x_of(median), bottom))
        return bottom + 10 * s

    def _dot(self, p: QPainter, centre: QPointF, r: float, is_family: bool) -> None:
        pal = self._palette()
        colour = pal.family if is_family else pal.professional
        p.setPen(QPen(self._background(), max(1.0, r / 5)))
        p.setBrush(colour)
        if is_family:
            p.drawEllipse(centre, r, r)
        else:
            path = QPainterPath()
            path.addRoundedRect(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), r / 4, r / 4)
            p.drawPath(path)
