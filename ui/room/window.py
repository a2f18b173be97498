"""The room's screen: the current agenda step in large, high-contrast type, or a calm blank."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from conference.errors import SfconfError
from conference.operations import ChangeEvent
from conference.templates import AgendaStep
from ui.controller import ConferenceController, family_rows
from ui.room.content import (
    GOAL,
    HEADING,
    ITEM,
    NOTE,
    PLAN_HEADER,
    PLAN_ROW,
    STATEMENT,
    TITLE,
    Block,
    ScaleGroup,
    scale_groups,
    step_blocks,
    step_heading,
)
from ui.widgets.roles import BlockDetailRole, BlockKindRole, ColumnsRole, KeyRole
from ui.widgets.row_cache import RowPixmaps
from ui.widgets.scaling_picture import ScalingPicture, ScorePoint

Index = QModelIndex | QPersistentModelIndex

KindRole = BlockKindRole
DetailRole = BlockDetailRole

# Body text is this many pixels on a 720-line projector at text size 1.0; it scales with the
# window's height, so a 1080-line projector shows the same layout, only sharper.
BASE_PX_AT_720 = 30
PLAN_COLUMNS = (0.24, 0.46, 0.30)
# A step other than a pane shrinks its type by up to this much to fit on one screen, rather
# than cut its last lines; a pane keeps its size and scrolls to the newest item instead.
FIT_FACTORS = (1.0, 0.95, 0.9, 0.85, 0.8)
BLANK_TEXT = "The screen is paused"


@dataclass(frozen=True)
class Theme:
    """High-contrast colours for one background."""

    dark: bool
    background: QColor
    text: QColor
    accent: QColor
    muted: QColor
    rule: QColor


DARK = Theme(
    True,
    QColor("#111111"),
    QColor("#ffffff"),
    QColor("#ffd23f"),
    QColor("#d6d6d6"),
    QColor("#6b6b6b"),
)
LIGHT = Theme(
    False,
    QColor("#ffffff"),
    QColor("#000000"),
    QColor("#0b3d91"),
    QColor("#2b2b2b"),
    QColor("#8a8a8a"),
)
# Blank is the same in both themes: neutral, dim, nothing to read but that it is paused.
BLANK_BACKGROUND = QColor("#2d2d2d")
BLANK_TEXT_COLOUR = QColor("#8f8f8f")


class ProjectorModel(QStandardItemModel):
    """The blocks of the step on the room's screen.

    Qt's own item model, each block's size kept on its item (Qt's size-hint role): a new
    item makes the list lay out every row again, and that now asks Python nothing. The
    blocks themselves stay in a Python list beside the items, for the delegate to paint.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._blocks: list[Block] = []
        # How a block is measured (the window's delegate) and what it was measured for.
        self.measure: Callable[[Block, int], int] | None = None
        self.size_key: tuple[int, int, bool] = (0, 0, False)

    def _item(self, block: Block) -> QStandardItem:
        item = QStandardItem(block.text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setData(block.text, Qt.ItemDataRole.AccessibleTextRole)
        item.setData(block.kind, KindRole)
        item.setData(block.detail, DetailRole)
        item.setData(list(block.columns), ColumnsRole)
        item.setData(block.key, KeyRole)
        item.setData(self._size(block), Qt.ItemDataRole.SizeHintRole)
        return item

    def _size(self, block: Block) -> QSize:
        width = self.size_key[0]
        return QSize(width, self.measure(block, width) if self.measure is not None else 0)

    def remeasure(self, key: tuple[int, int, bool]) -> None:
        """Measure every block again when the width, type size or theme changed."""
        if key == self.size_key:
            return
        self.size_key = key
        if not self._blocks:
            return
        self.blockSignals(True)
        try:
            for row, block in enumerate(self._blocks):
                item = self.item(row)
                if item is not None:
                    item.setData(self._size(block), Qt.ItemDataRole.SizeHintRole)
        finally:
            self.blockSignals(False)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._blocks) - 1, 0))

    def _replace(self, row: int, block: Block) -> None:
        self._blocks[row] = block
        self.setItem(row, 0, self._item(block))  # one dataChanged

    def _insert(self, at: int, blocks: list[Block]) -> None:
        if not blocks:
            return
        if len(blocks) == 1:
            self._blocks.insert(at, blocks[0])
            self.insertRow(at, self._item(blocks[0]))  # one rowsInserted, item in place
            return
        self._blocks[at:at] = blocks
        items = [self._item(b) for b in blocks]
        # One rowsInserted for the run, then the items, then one dataChanged for them.
        self.insertRows(at, len(items))
        self.blockSignals(True)
        try:
            for n, item in enumerate(items):
                self.setItem(at + n, 0, item)
        finally:
            self.blockSignals(False)
        self.dataChanged.emit(self.index(at, 0), self.index(at + len(items) - 1, 0))

    def _remove(self, at: int, count: int) -> None:
        if count > 0:
            del self._blocks[at : at + count]
            self.removeRows(at, count)

    def set_blocks(self, blocks: list[Block]) -> None:
        """Show these blocks, touching only the rows that differ (never a model reset).

        A new item at the end is one rowsInserted; an edited one is one dataChanged.
        """
        new = list(blocks)
        old = self._blocks
        if new == old:
            return
        start = 0
        shortest = min(len(old), len(new))
        while start < shortest and old[start] == new[start]:
            start += 1
        end = 0
        while end < shortest - start and old[-1 - end] == new[-1 - end]:
            end += 1
        old_stop, new_stop = len(old) - end, len(new) - end
        changed = min(old_stop, new_stop) - start
        for n in range(start, start + max(changed, 0)):
            self._replace(n, new[n])
        at = start + max(changed, 0)
        if old_stop > new_stop:
            self._remove(at, old_stop - new_stop)
        elif new_stop > old_stop:
            self._insert(at, new[at:new_stop])

    def blocks(self) -> list[Block]:
        return list(self._blocks)

    def splice(self, at: int, remove: int, blocks: list[Block]) -> None:
        """Put `blocks` in place of the `remove` blocks from row `at`: one change, not a diff."""
        if remove == 1 and len(blocks) == 1:
            if self._blocks[at] != blocks[0]:
                self._replace(at, blocks[0])
            return
        self._remove(at, remove)
        self._insert(at, blocks)

    def block(self, row: int) -> Block:
        return self._blocks[row]

    def row_of(self, key: str) -> int:
        """The last row showing the object with this id, or -1."""
        for row in range(len(self._blocks) - 1, -1, -1):
            if self._blocks[row].key == key:
                return row
        return -1

    def height_of(self, row: int) -> int:
        """A block's measured height at the current width."""
        return self._size(self._blocks[row]).height()


class _RoomList(QListView):
    """The room's list of blocks; it keeps the width its rows are laid out at (no scroll bars)."""

    def __init__(self, resized: Callable[[], None]) -> None:
        super().__init__()
        self.row_width = 0
        self._resized = resized

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.row_width = self.viewport().width()
        self._resized()
        super().resizeEvent(event)

    def reserve_bottom(self, height: int) -> None:
        """Keep a strip under the rows for the "More below" cue, so it never covers text."""
        if self.viewportMargins().bottom() != height:
            self.setViewportMargins(0, 0, 0, height)


class _RoomScroll(QScrollArea):
    """The room's scroll area for the scores; a strip under it can hold the "More below" cue."""

    def reserve_bottom(self, height: int) -> None:
        if self.viewportMargins().bottom() != height:
            self.setViewportMargins(0, 0, 0, height)


# The room's blocks as drawn, copied while unchanged.
_BLOCKS = RowPixmaps()


class _BlockDelegate(QStyledItemDelegate):
    """Lays out and paints each block; every string goes through the window's text helper."""

    def __init__(self, window: ProjectorWindow) -> None:
        super().__init__(window)
        self._w = window
        self._heights: dict[tuple[Block, int, int, bool], int] = {}

    def block_height(self, block: Block, width: int) -> int:
        # Measuring wrapped text is the costly part of a refresh, and after a new item every
        # other block is unchanged: remember heights by what decides them.
        key = (block, width, self._w.base_px, self._w.theme.dark)
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 5000:
                self._heights.clear()
            height = self._heights[key] = self._layout(None, QRect(0, 0, width, 0), block)
        return height

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Straight from the model, not index.data(): no QVariant round trip on every paint.
        block = self._w.model.block(index.row())
        w = self._w
        if w.record_painting:  # a test is reading every string: drawn, not copied
            self._paint(painter, option.rect, block)
            return
        # The list repaints every visible block at each change: one already drawn is copied.
        _BLOCKS.draw(
            painter,
            option.rect,
            (block, w.base_px, w.theme.dark),
            w.theme.background,
            lambda p, rect: self._paint(p, rect, block),
        )

    def _paint(self, painter: QPainter, rect: QRect, block: Block) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._layout(painter, rect, block)
        painter.restore()

    def _layout(self, p: QPainter | None, rect: QRect, block: Block) -> int:
        """Lay out (and, given a painter, paint) one block; returns its height."""
        w = self._w
        theme = w.theme
        base = w.base_px
        kind, text, detail = block.kind, block.text, block.detail
        x, y, width = rect.x(), rect.y(), rect.width()
        gap = round(base * 0.5)
        if kind == TITLE:
            h = w.draw_text(
                p, QRect(x, y, width, 0), text, w.type_font(1.45, bold=True), theme.text
            )
            return h + gap
        if kind == HEADING:
            top = round(base * 0.6)
            h = w.draw_text(
                p, QRect(x, y + top, width, 0), text, w.type_font(1.0, bold=True), theme.accent
            )
            return top + h + round(base * 0.25)
        if kind == NOTE:
            h = w.draw_text(p, QRect(x, y, width, 0), text, w.type_font(0.8), theme.muted)
            return h + gap
        if kind in (ITEM, STATEMENT, GOAL):
            bar = max(3, round(base * 0.18))
            indent = round(base * (1.6 if kind == GOAL else 0.8))
            left = x + indent
            inner = max(10, width - indent)
            h = w.draw_text(p, QRect(left, y, inner, 0), text, w.type_font(1.0), theme.text)
            if detail:
                h += round(base * 0.15)
                h += w.draw_text(
                    p, QRect(left, y + h, inner, 0), detail, w.type_font(0.8), theme.muted
                )
            if p is not None:
                colour = theme.muted if kind == GOAL else theme.accent
                p.fillRect(QRect(x + indent - bar - round(base * 0.35), y + 4, bar, h - 4), colour)
            return h + round(base * 0.8)
        if kind in (PLAN_HEADER, PLAN_ROW):
            columns = list(block.columns)
            font = w.type_font(0.8, bold=True) if kind == PLAN_HEADER else w.type_font(0.9)
            colour = theme.accent if kind == PLAN_HEADER else theme.text
            pad = round(base * 0.35)
            col_x = x
            h = 0
            for share, words in zip(PLAN_COLUMNS, columns, strict=False):
                col_w = round(width * share)
                h = max(
                    h,
                    w.draw_text(p, QRect(col_x, y + pad, col_w - pad, 0), words, font, colour),
                )
                col_x += col_w
            h += 2 * pad
            if p is not None:
                p.fillRect(QRect(x, y + h - 2, width, 2), theme.rule)
            return h
        return w.draw_text(p, QRect(x, y, width, 0), text, w.type_font(1.0), theme.text) + gap


class ProjectorWindow(QWidget):
    """A separate top-level window showing the current step of the family's view, or a blank."""

    shown_changed = Signal(bool)  # so the chair's window can say whether the room sees it

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.theme = DARK
        self.text_scale = 1.0
        self.show_who = True
        self.base_px = BASE_PX_AT_720
        self._fit_factor = 1.0
        self._look: tuple[bool, float, float, int] | None = None
        # What was painted, for tests only: off until a test asks (`clear_painted`).
        self.record_painting = False
        self._painted: list[str] = []
        self._scaling_texts: list[str] = []
        # A fixed title: the window list and task bar are on the room's screen too.
        self.setWindowTitle("Room screen")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setAutoFillBackground(True)
        self.setMinimumSize(320, 180)
        self._stale = False
        self._build()
        controller.step_changed.connect(self._on_step)
        controller.events.connect(self._on_events)
        controller.changed.connect(self._on_reset)
        controller.blanked_changed.connect(self._on_blanked)
        # While the shared store's live connection is down this laptop cannot know what others
        # have kept back since: what is on the screen may change or go, but nothing is added.
        self._held: set[Block] | None = None if getattr(controller, "live_up", True) else set()
        controller.live_changed.connect(self._on_live)
        self.refresh()
        self._on_blanked(controller.blanked)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.model = ProjectorModel(self)
        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        self.content = QWidget()
        layout = QVBoxLayout(self.content)
        self._content_layout = layout
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        self.rule = QFrame()
        self.rule.setFrameShape(QFrame.Shape.NoFrame)
        self.rule.setAutoFillBackground(True)
        layout.addWidget(self.rule)

        self.body = QStackedWidget()
        self.list_view = _RoomList(self._remeasure)
        self.list_view.setModel(self.model)
        self._delegate = _BlockDelegate(self)
        self.list_view.setItemDelegate(self._delegate)
        self.model.measure = self._delegate.block_height
        self.list_view.setFrameShape(QFrame.Shape.NoFrame)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setUniformItemSizes(False)
        self.list_view.setAccessibleName("What the room can see")
        self.body.addWidget(self.list_view)

        self.scaling_area = _RoomScroll()
        self.scaling_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scaling_area.setWidgetResizable(True)
        self.scaling_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scaling_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scaling_box = QWidget()
        self.scaling_layout = QVBoxLayout(self.scaling_box)
        self.scaling_layout.setContentsMargins(0, 0, 0, 0)
        self.scaling_area.setWidget(self.scaling_box)
        self.body.addWidget(self.scaling_area)
        layout.addWidget(self.body, 1)
        # When the step is longer than the screen, the room sees that there is more below:
        # in a strip of its own under the text (a list or the scores), never over a line.
        self.more_label = QLabel("More below \u25bc", self.body)
        self._more_look: tuple[int, bool] | None = None  # the type size and theme it wears
        self.more_label.setAccessibleName("There is more below")
        self.more_label.hide()
        # Looked at once the layout has settled: a scroll bar's range changes in the middle of
        # a layout pass, and reserving the strip there would lay out again inside it.
        self._more_later = QTimer(self)
        self._more_later.setSingleShot(True)
        self._more_later.setInterval(0)
        self._more_later.timeout.connect(self._update_more)
        for view in (self.list_view, self.scaling_area):
            bar = view.verticalScrollBar()
            bar.valueChanged.connect(lambda _v: self._more_later.start())
            bar.rangeChanged.connect(lambda _a, _b: self._more_later.start())
        self.body.currentChanged.connect(lambda _i: self._more_later.start())
        self.body.installEventFilter(self)  # the heading can grow: the body and its strip move
        self.pages.addWidget(self.content)

        self.blank = QLabel(BLANK_TEXT)
        self.blank.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.blank.setAutoFillBackground(True)
        self.pages.addWidget(self.blank)

    # ------------------------------------------------------------ look

    def type_font(self, factor: float = 1.0, bold: bool = False) -> QFont:
        """The window's font at `factor` times the body size."""
        font = QFont(self.font())
        font.setPixelSize(max(8, round(self.base_px * factor)))
        font.setBold(bold)
        return font

    def set_theme(self, dark: bool) -> None:
        self.theme = DARK if dark else LIGHT
        self._look = None
        self.apply_look()

    def set_text_scale(self, factor: float) -> None:
        self.text_scale = factor
        self.fit()

    def set_show_who(self, show: bool) -> None:
        self.show_who = show
        self.refresh()

    def apply_look(self) -> None:
        """Colours and type sizes from the theme, the text size and the window's height."""
        height = max(self.height(), 360)
        self.base_px = max(
            12, round(BASE_PX_AT_720 * height / 720 * self.text_scale * self._fit_factor)
        )
        self._remeasure()
        t = self.theme
        pal = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, t.background),
            (QPalette.ColorRole.Base, t.background),
            (QPalette.ColorRole.WindowText, t.text),
            (QPalette.ColorRole.Text, t.text),
        ):
            pal.setColor(role, colour)
        self.setPalette(pal)
        for view in (self.list_view, self.scaling_area, self.scaling_box, self.content):
            view.setPalette(pal)
            view.setAutoFillBackground(True)
        self.list_view.viewport().setPalette(pal)
        self.scaling_area.viewport().setPalette(pal)

        margin_x = round(self.base_px * 1.6)
        margin_y = round(self.base_px * 0.9)
        self._content_layout.setContentsMargins(margin_x, margin_y, margin_x, margin_y // 2)
        self._content_layout.setSpacing(round(self.base_px * 0.6))
        self.heading.setFont(self.type_font(1.35, bold=True))
        heading_pal = QPalette(pal)
        heading_pal.setColor(QPalette.ColorRole.WindowText, t.accent)
        self.heading.setPalette(heading_pal)
        rule_pal = QPalette(pal)
        rule_pal.setColor(QPalette.ColorRole.Window, t.rule)
        self.rule.setPalette(rule_pal)
        self.rule.setFixedHeight(max(2, self.base_px // 12))

        blank_pal = QPalette()
        blank_pal.setColor(QPalette.ColorRole.Window, BLANK_BACKGROUND)
        blank_pal.setColor(QPalette.ColorRole.WindowText, BLANK_TEXT_COLOUR)
        self.blank.setPalette(blank_pal)
        self.blank.setFont(self.type_font(1.1))
        for widget in self.scaling_box.findChildren(QWidget):
            self._style_scaling_widget(widget)
        self.list_view.doItemsLayout()
        self.list_view.viewport().update()

    def _style_scaling_widget(self, widget: QWidget | None) -> None:
        if isinstance(widget, ScalingPicture):
            widget.set_theme(self.theme.dark)
            widget.set_scale(self.base_px / 20)
            widget.set_show_labels(False)
            pal = widget.palette()
            pal.setColor(QPalette.ColorRole.Window, self.theme.background)
            widget.setPalette(pal)
        elif isinstance(widget, QLabel):
            pal = widget.palette()
            pal.setColor(QPalette.ColorRole.WindowText, self.theme.text)
            widget.setPalette(pal)
            widget.setFont(self.type_font(0.8))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()
            self.list_view.scrollToBottom()
        self.shown_changed.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self.shown_changed.emit(False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()
        self._update_more()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.body and event.type() == QEvent.Type.Resize:
            self._more_later.start()
        return False

    def fit(self) -> None:
        """Lay out at the chosen size, smaller (within FIT_FACTORS) if a step would be cut."""
        c = self.controller
        step = c.agenda[min(c.current_step, len(c.agenda) - 1)]
        # A pane scrolls to its newest item instead of shrinking, so it needs no measuring.
        # The welcome and the close (who is here, ground rules, how to complain) scroll too:
        # their text stays readable from the back of the room.
        factors = (1.0,) if step.kind in ("pane", "welcome", "close") else FIT_FACTORS
        for factor in factors:
            self._fit_factor = factor
            look = (self.theme.dark, self.text_scale, factor, self.height())
            if look == self._look and len(factors) == 1:
                return  # nothing about the look changed: restyling every widget is the slow part
            self._look = look
            self.apply_look()
            # Lay out now, not on the next turn of the event loop, so the measure below and
            # the scroll to the newest item use this size.
            for widget in (self, self.pages, self.content, self.body):
                layout = widget.layout()
                if layout is not None:
                    layout.activate()
            if len(factors) == 1 or self._content_height() <= self.body.height():
                break

    def _content_height(self) -> int:
        if self.body.currentWidget() is self.scaling_area:
            # The body's width: a viewport learns its new size only on its own resize event.
            width = self.body.width()
            layout = self.scaling_box.layout()
            if layout is None:
                return 0
            if layout.hasHeightForWidth():
                return int(layout.totalHeightForWidth(width))
            return int(layout.totalSizeHint().height())
        width = self.body.width()
        return sum(
            self._delegate.block_height(self.model.block(row), width)
            for row in range(self.model.rowCount())
        )

    def _remeasure(self) -> None:
        """The list's width, the type size or the theme changed: every block measured again."""
        self.model.remeasure((self.list_view.row_width, self.base_px, self.theme.dark))

    # ------------------------------------------------------------ text, recorded

    def draw_text(
        self, p: QPainter | None, rect: QRect, text: str, font: QFont, colour: QColor
    ) -> int:
        """Wrap `text` into `rect`'s width; paint it if given a painter; return its height.

        Every string this window paints goes through here, so `painted_texts` can tell a
        test everything the room could have read.
        """
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        fm = QFontMetrics(font)
        box = fm.boundingRect(QRect(rect.x(), rect.y(), max(1, rect.width()), 100_000), flags, text)
        height = box.height() if text else 0
        if p is not None and text:
            if self.record_painting:
                self._painted.append(text)
            p.setFont(font)
            p.setPen(colour)
            p.drawText(QRectF(rect.x(), rect.y(), rect.width(), height), flags, text)
        return height

    def painted_texts(self) -> list[str]:
        """Every string painted since `clear_painted` (which starts the recording), and the
        scaling data on show."""
        return [*self._painted, *self._scaling_texts]

    def clear_painted(self) -> None:
        """Forget what was painted, and record from now on (a test is asking)."""
        self._painted = []
        self.record_painting = True

    # ------------------------------------------------------------ following the chair

    def _on_step(self, _index: int) -> None:
        if not self.isVisible():
            self._stale = True
            return
        self.refresh()
        self.list_view.scrollToTop()

    def _on_events(self, events: list[ChangeEvent]) -> None:
        # Nobody reads a hidden room screen: catch up when it is shown instead of paying on
        # every keystroke of the chair. While shown, synchronously: the room sees a new item
        # as the chair presses Enter.
        if not self.isVisible():
            self._stale = True
            return
        if not events:
            return
        keep = self.list_view.verticalScrollBar().value()
        if not self._follow_items(events):
            self.refresh()
        first = events[0]
        row = self.model.row_of(first.id)
        if first.action == "add" and row >= 0:
            self.list_view.scrollToBottom()
            self.list_view.scrollTo(
                self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible
            )
        elif first.action == "update" and row >= 0:
            self.list_view.verticalScrollBar().setValue(keep)
            self.list_view.scrollTo(
                self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible
            )
        else:
            self.list_view.verticalScrollBar().setValue(keep)

    def _on_reset(self, kind: str, _id: str, _action: str) -> None:
        # Everything was read again (another window or laptop changed the store).
        if kind == "":
            self._on_events([ChangeEvent("reset", "", "")])

    def _step(self) -> AgendaStep:
        c = self.controller
        # A change of template can leave the step number past the end of a shorter agenda.
        return c.agenda[min(c.current_step, len(c.agenda) - 1)]

    def _follow_items(self, events: list[ChangeEvent]) -> bool:
        """On a pane, put in, change or take out only the items that changed; False if not.

        Each item goes through the family filter on its own (`family_rows`): the same rule,
        row by row, that `refresh` applies to the whole conference.
        """
        step = self._step()
        if step.kind != "pane" or self.body.currentWidget() is not self.list_view:
            return False
        if self._held is not None:
            return False  # the live connection is down: the whole step, through what is held
        if any(e.kind != "item" or e.action == "reset" or "position" in e.fields for e in events):
            return False
        c = self.controller
        model = self.model
        for event in events:
            # Each change is applied to the model where it happens, so the lists of both
            # screens see one row inserted, changed or removed, and nothing else compared.
            at = model.row_of(event.id)
            row = c.read.row("item", event.id)
            shown = (
                step_blocks(family_rows(c, [row]), step, c.template, self.show_who)
                if row is not None
                else []
            )
            if at < 0:
                if not shown or row is None:
                    continue
                # After the last block of an item placed before it: found from the end, as
                # a new item is nearly always the last one.
                at = model.rowCount()
                for n in range(model.rowCount() - 1, -1, -1):
                    other = c.read.row("item", model.block(n).key)
                    if other is None:
                        continue
                    if other.position <= row.position:
                        break
                    at = n
                model.splice(at, 0, shown)
            else:
                model.splice(at, 1, shown)
        return True

    def _on_live(self, up: bool) -> None:
        if up:
            self._held = None
            self._on_events([ChangeEvent("reset", "", "")])  # what was held back, if it may show
        else:
            self._held = set(self.model.blocks())

    @property
    def paused(self) -> bool:
        """True while the live connection is lost: nothing new is put on the screen."""
        return self._held is not None

    def _show_blocks(self, blocks: list[Block]) -> None:
        held = self._held
        if held is not None:
            keys = {b.key for b in held if b.key}
            blocks = [b for b in blocks if (b.key in keys if b.key else b in held)]
        self.model.set_blocks(blocks)

    def _on_blanked(self, blanked: bool) -> None:
        self.pages.setCurrentWidget(self.blank if blanked else self.content)

    def _scrolling_view(self) -> _RoomList | _RoomScroll:
        """What the room scrolls on this step: the scores, or the list of blocks."""
        if self.body.currentWidget() is self.scaling_area:
            return self.scaling_area
        return self.list_view

    def _update_more(self) -> None:
        view = self._scrolling_view()
        other = self.list_view if view is self.scaling_area else self.scaling_area
        other.reserve_bottom(0)
        bar = view.verticalScrollBar()
        more = bar.maximum() > 0 and bar.value() < bar.maximum()
        label = self.more_label
        look = (self.base_px, self.theme.dark)
        if more and self._more_look != look:
            # Restyled only when the type size or theme changed: this runs at every scroll.
            self._more_look = look
            label.setFont(self.type_font(0.8, bold=True))
            pal = label.palette()
            pal.setColor(QPalette.ColorRole.WindowText, self.theme.accent)
            pal.setColor(QPalette.ColorRole.Window, self.theme.background)
            label.setPalette(pal)
            label.setAutoFillBackground(True)
            label.adjustSize()
        # Reserved before it shows: the rows end above the strip, the cue sits in it.
        view.reserve_bottom(label.height() + 4 if more else 0)
        label.setVisible(more)
        if more:
            area = self.body.rect()
            label.move(area.right() - label.width() - 8, area.bottom() - label.height())
            label.raise_()

    def scroll_pages(self, pages: float) -> None:
        """Scroll what the room sees by a fraction of its height (the chair's Page keys)."""
        view = self._scrolling_view()
        bar = view.verticalScrollBar()
        bar.setValue(bar.value() + round(pages * view.viewport().height() * 0.8))
        self._update_more()  # the chair sees at once whether the room has reached the end

    @property
    def blanked(self) -> bool:
        return self.pages.currentWidget() is self.blank

    def refresh(self) -> None:
        """Build the current step from the family's view (the only thing read here).

        The model takes only the blocks that differ, so what did not change is not redrawn.
        """
        c = self.controller
        try:
            doc = c.family_doc()
        except SfconfError:
            return  # the store cannot be read now (a server down): the screen stays as it is
        step = self._step()
        self.heading.setText(step_heading(step, c.template))
        groups = scale_groups(doc, c.template.scaling.question) if step.kind == "scaling" else []
        if groups and self._held is not None and self.body.currentWidget() is not self.scaling_area:
            groups = []  # no scores put up while the live connection is lost
        if groups:
            self._show_scaling(doc, groups)
            self.model.set_blocks([])
            self.body.setCurrentWidget(self.scaling_area)
        else:
            self._clear_scaling()
            self._show_blocks(step_blocks(doc, step, c.template, self.show_who))
            self.body.setCurrentWidget(self.list_view)
        self.fit()

    def _clear_scaling(self) -> None:
        self._scaling_texts = []
        while self.scaling_layout.count():
            item = self.scaling_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _show_scaling(self, doc: dict[str, Any], groups: list[ScaleGroup]) -> None:
        self._clear_scaling()
        scaling = doc.get("scaling") or {}
        template = self.controller.template.scaling
        zero = (scaling.get("zero_means") or template.zero_means).strip()
        ten = (scaling.get("ten_means") or template.ten_means).strip()
        for group in groups:
            picture = ScalingPicture()
            points = [ScorePoint(line.name, line.score, line.is_family) for line in group.lines]
            picture.set_data(points, zero, ten, group.title)
            if group.previous:  # a review: last time's round beside this time's
                picture.set_previous(
                    [ScorePoint(line.name, line.score, line.is_family) for line in group.previous]
                )
            # The picture paints these; record them with the rest of what the room can read.
            self._scaling_texts.extend([group.title, zero, ten, *(pt.label for pt in points)])
            picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
            self._style_scaling_widget(picture)
            self.scaling_layout.addWidget(picture)
            # Who gave which score, in words: names are too long to sit beside the dots.
            grid = QGridLayout()
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(self.base_px)
            grid.setVerticalSpacing(self.base_px // 5)
            for i, line in enumerate(group.lines):
                label = QLabel(line.words())
                self._scaling_texts.append(line.words())  # the reasons too: the room reads them
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.PlainText)
                self._style_scaling_widget(label)
                grid.addWidget(label, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
            box = QWidget()
            box.setLayout(grid)
            self.scaling_layout.addWidget(box)
        self.scaling_layout.addStretch(1)
