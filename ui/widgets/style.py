"""Scroll bars for the lists that grow as the meeting goes: Fusion's, with the groove copied.

Fusion paints a scroll bar's groove with a fresh gradient every time: about 1 ms for a
list's bar, and a list's bar repaints at every new item (its range grows). The groove does
not depend on where the handle is, so it is drawn by Fusion once for each size, state and
palette, and copied from then on; the handle and the arrows are Fusion's own, as before.

Only those lists' bars get this style: a style written in Python is asked about everything
its widgets draw and measure, which would slow every other widget (the start-up most).
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

from ui.widgets.row_cache import RowPixmaps

_SCROLL_BAR = QStyle.ComplexControl.CC_ScrollBar
_GROOVE = QStyle.SubControl.SC_ScrollBarGroove
_BUDGET = 2 * 1024 * 1024  # grooves kept: a few sizes of a few lists


class QuickStyle(QProxyStyle):
    """Fusion, with scroll bar grooves copied once drawn."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("sfconf_style")
        self._grooves = RowPixmaps(_BUDGET)

    def drawComplexControl(  # noqa: N802
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if (
            control != _SCROLL_BAR
            or not isinstance(option, QStyleOptionSlider)
            or not option.subControls & _GROOVE
            or option.rect.isEmpty()
        ):
            super().drawComplexControl(control, option, painter, widget)
            return
        groove = QStyleOptionSlider(option)
        groove.subControls = _GROOVE

        def render(inner: QPainter, rect: QRect) -> None:
            groove.rect = rect
            super(QuickStyle, self).drawComplexControl(_SCROLL_BAR, groove, inner, widget)

        key = (option.orientation, option.state.value, option.palette.cacheKey())
        self._grooves.draw(painter, option.rect, key, option.palette.window().color(), render)
        rest = QStyleOptionSlider(option)
        rest.subControls = option.subControls & ~_GROOVE
        super().drawComplexControl(control, rest, painter, widget)


_shared: list[QuickStyle] = []


def quick_scroll_bars(area: QAbstractScrollArea) -> None:
    """Give this list's scroll bars the quick style (one shared style for every list)."""
    if not _shared:
        _shared.append(QuickStyle())
    for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
        bar.setStyle(_shared[0])
