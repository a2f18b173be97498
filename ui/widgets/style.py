"""Scroll bars for the lists that grow as the meeting goes: Fusion's, with the groove copied.

Fusion paints a scroll bar's groove with a fresh gradient every time: about 1 ms for a
list's bar, and a list's bar repaints at every new item (its range grows). The groove does
not depend on where the handle is, so it is drawn by Fusion once for each size, state and
palette, and copied from then on; the handle and the arrows are Fusion's own, as before.

Only those lists' bars get this style: a style written in Python is asked about everything
its widgets draw and measure, which would slow every other widget (the start-up most).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

_SCROLL_BAR = QStyle.ComplexControl.CC_ScrollBar
_GROOVE = QStyle.SubControl.SC_ScrollBarGroove
_KEEP = 32  # grooves kept: a few sizes of a few lists


class QuickStyle(QProxyStyle):
    """Fusion, with scroll bar grooves copied once drawn."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("sfconf_style")
        self._grooves: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

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
        painter.drawPixmap(option.rect.topLeft(), self._groove(option, painter, widget))
        rest = QStyleOptionSlider(option)
        rest.subControls = option.subControls & ~_GROOVE
        super().drawComplexControl(control, rest, painter, widget)

    def _groove(
        self, option: QStyleOptionSlider, painter: QPainter, widget: QWidget | None
    ) -> QPixmap:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        size = option.rect.size()
        key = (
            size.width(),
            size.height(),
            option.orientation,
            option.state.value,
            option.palette.cacheKey(),
            ratio,
        )
        pixmap = self._grooves.get(key)
        if pixmap is not None:
            self._grooves.move_to_end(key)
            return pixmap
        pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(option.palette.window().color())
        groove = QStyleOptionSlider(option)
        groove.rect = QRect(QPoint(0, 0), size)
        groove.subControls = _GROOVE
        inner = QPainter(pixmap)
        try:
            super().drawComplexControl(_SCROLL_BAR, groove, inner, widget)
        finally:
            inner.end()
        self._grooves[key] = pixmap
        while len(self._grooves) > _KEEP:
            self._grooves.popitem(last=False)
        return pixmap


_shared: list[QuickStyle] = []


def quick_scroll_bars(area: QAbstractScrollArea) -> None:
    """Give this list's scroll bars the quick style (one shared style for every list)."""
    if not _shared:
        _shared.append(QuickStyle())
    for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
        bar.setStyle(_shared[0])
