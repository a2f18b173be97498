"""Rows drawn once and copied after: a list repaints all its visible rows on every change."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPixmap

# Enough for several screens of rows at any type size; the least recently drawn go first.
BUDGET_BYTES = 24 * 1024 * 1024


class RowPixmaps:
    """Each row's picture, keyed by everything that decides how it looks.

    The key is the row's content and look (text, what is kept back, width, height, type,
    theme, selection), never its place in the list: a changed row is a new key, so what is
    copied is always what would have been drawn.
    """

    def __init__(self, budget: int = BUDGET_BYTES) -> None:
        self.budget = budget
        self._used = 0
        self._pixmaps: OrderedDict[Hashable, QPixmap] = OrderedDict()

    def draw(
        self,
        painter: QPainter,
        rect: QRect,
        key: Hashable,
        background: QColor,
        render: Callable[[QPainter, QRect], None],
        ratio: float | None = None,
    ) -> None:
        """Copy the row's picture into `rect`, drawing it first (by `render`) if it is new.

        `ratio` is the painter's device pixel ratio, when the caller knows it already.
        """
        width, height = rect.width(), rect.height()
        if width <= 0 or height <= 0:
            return
        if ratio is None:
            device = painter.device()
            ratio = device.devicePixelRatioF() if device is not None else 1.0
        pixmap = self.picture(key, width, height, ratio, background, render)
        painter.drawPixmap(rect.topLeft(), pixmap)

    def picture(
        self,
        key: Hashable,
        width: int,
        height: int,
        ratio: float,
        background: QColor,
        render: Callable[[QPainter, QRect], None],
    ) -> QPixmap:
        """The row's picture at this size, drawn (by `render`) and kept if it is new."""
        full = (key, width, height, ratio, background.rgba())
        pixmap = self._pixmaps.get(full)
        if pixmap is None:
            pixmap = QPixmap(round(width * ratio), round(height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(background)
            inner = QPainter(pixmap)
            try:
                render(inner, QRect(0, 0, width, height))
            finally:
                inner.end()
            self._keep(full, pixmap)
        else:
            self._pixmaps.move_to_end(full)
        return pixmap

    def has(self, key: Hashable, width: int, height: int, ratio: float, background: QColor) -> bool:
        """Whether this row's picture at this size is kept already."""
        return (key, width, height, ratio, background.rgba()) in self._pixmaps

    def _keep(self, key: Hashable, pixmap: QPixmap) -> None:
        size = pixmap.width() * pixmap.height() * 4
        self._pixmaps[key] = pixmap
        self._used += size
        while self._used > self.budget and len(self._pixmaps) > 1:
            _old, dropped = self._pixmaps.popitem(last=False)
            self._used -= dropped.width() * dropped.height() * 4
