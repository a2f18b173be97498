"""One live information-sharing pane: its items as a list model, a delegate that marks what the room will not see, and the entry line."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QEvent,
    QKeyCombination,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.controller import ConferenceController
from ui.widgets.debounce import Debounce
from ui.widgets.delegates import commit_on_enter
from ui.widgets.leak_marks import leak_watch
from ui.widgets.roles import DetailRole, HiddenRole, IdRole, LayoutRole, LeakRole, TextRole
from ui.widgets.row_cache import RowPixmaps
from ui.widgets.style import quick_scroll_bars

Index = QModelIndex | QPersistentModelIndex

MIME_ITEM = "application/x-sfconf-item"


AMBER = QColor("#fff1c7")
AMBER_EDGE = QColor("#b7791f")
HATCH = QColor("#e8c46a")
LEAK_BACK = QColor("#fde8e8")
LEAK_EDGE = QColor("#b42318")
LEAK_TEXT = QColor("#8a1c12")


def tint(widget: QWidget, text: str, background: str | None = None) -> None:
    """Colour a widget through its palette: a style sheet would stop it following the zoom."""
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(text))
    pal.setColor(QPalette.ColorRole.Text, QColor(text))
    if background is not None:
        pal.setColor(QPalette.ColorRole.Window, QColor(background))
        pal.setColor(QPalette.ColorRole.Base, QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(pal)


def participant_label(p: dict[str, Any]) -> str:
    """How a participant appears in pickers: "Mark Hughes (Class teacher)"."""
    return f"{p['name']} ({p['role']})" if p.get("role") else str(p["name"])


def find_participant(rows: list[dict[str, Any]], text: str) -> str | None:
    """The participant a typed name means: the label, the name, or a unique start of either."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for p in rows:
        if wanted in (participant_label(p).casefold(), str(p["name"]).casefold()):
            return str(p["id"])
    starts = [
        p
        for p in rows
        if participant_label(p).casefold().startswith(wanted)
        or any(w.startswith(wanted) for w in str(p["name"]).casefold().split())
    ]
    return str(starts[0]["id"]) if len(starts) == 1 else None


# The editor property holding the version of the item its text was read from.
VERSION_READ = "sfconf_version_read"


def _version(index: Index) -> int | None:
    model = index.model()
    if not isinstance(model, ItemListModel) or not 0 <= index.row() < model.rowCount():
        return None
    found = model.item(index.row()).get("version")
    return int(found) if found is not None else None


_ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEditable
    | Qt.ItemFlag.ItemIsDragEnabled
)


class ItemListModel(QStandardItemModel):
    """The items of one section, in the conference's order, updated one row at a time.

    Qt's own item model holds what the list asks of every row each time it lays them out
    (a new item lays out all of them): the text, the roles, and the measured size, so that
    asks Python nothing. The rows as the controller gave them stay beside, in `_rows`.
    """

    def __init__(
        self, controller: ConferenceController, section: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.section = section
        self._rows: list[dict[str, Any]] = []
        self._people: dict[str, dict[str, Any]] = {}
        self._children: dict[str, str] = {}
        self._marks: dict[str, str] = {}  # item id -> what it may give away (the leak finder)
        # How a row is measured, set by the view that shows it (its width and type size).
        self.measure: Callable[[dict[str, Any]], QSize] | None = None
        self.invisibleRootItem().setFlags(Qt.ItemFlag.ItemIsDropEnabled)
        self._refresh_names()
        # Copies: the controller's cached rows are shared with every other view.
        self._fill([dict(r) for r in controller.rows("item") if r["section"] == section])
        controller.changed.connect(self._on_changed)

    # ------------------------------------------------------------ Qt's items

    def _item_of(self, r: dict[str, Any]) -> QStandardItem:
        text = self.layout_of_row(r)[0]
        item = QStandardItem(text)
        item.setFlags(_ITEM_FLAGS)
        item.setData(text, TextRole)
        item.setData(r["id"], IdRole)
        self._describe(item, r)
        return item

    def _describe(self, item: QStandardItem, r: dict[str, Any]) -> None:
        """The roles that depend on the people, the leak finder and the view's width and type."""
        text, detail, hidden, leak = self.layout_of_row(r)
        item.setData(detail, DetailRole)
        item.setData(hidden, HiddenRole)
        item.setData(leak, LeakRole)
        item.setData((text, detail, hidden, leak), LayoutRole)
        said = ". ".join([text, *[t for t in (hidden, detail, leak) if t]])
        item.setData(said, Qt.ItemDataRole.ToolTipRole)
        item.setData(said, Qt.ItemDataRole.AccessibleTextRole)
        if self.measure is not None:
            item.setData(self.measure(r), Qt.ItemDataRole.SizeHintRole)

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.blockSignals(True)
        try:
            self.setRowCount(0)
            self._rows[:] = rows
            for r in rows:
                self.appendRow(self._item_of(r))
        finally:
            self.blockSignals(False)

    def remeasure(self) -> None:
        """The view's width or type size changed: every row measured again, one signal."""
        if not self._rows or self.measure is None:
            return
        self.blockSignals(True)
        try:
            for n, r in enumerate(self._rows):
                item = QStandardItemModel.item(self, n, 0)
                if item is not None:
                    item.setData(self.measure(r), Qt.ItemDataRole.SizeHintRole)
        finally:
            self.blockSignals(False)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    # ------------------------------------------------------------ keeping up to date

    def _refresh_names(self) -> None:
        for r in self._rows:
            r.pop("_layout", None)
        self._people = {p["id"]: p for p in self.controller.rows("participant")}
        self._children = {
            c["id"]: (c.get("known_as") or c["name"]) for c in self.controller.rows("child")
        }

    def reload(self) -> None:
        self.beginResetModel()
        self._refresh_names()
        self._fill([dict(r) for r in self.controller.rows("item") if r["section"] == self.section])
        self.endResetModel()

    def _row_of(self, item_id: str) -> int:
        # From the end: what is looked for is most often what was just added.
        rows = self._rows
        for n in range(len(rows) - 1, -1, -1):
            if rows[n]["id"] == item_id:
                return n
        return -1

    def _insert(self, row: dict[str, Any]) -> None:
        at = len(self._rows)
        if self._rows and self._rows[-1]["position"] > row["position"]:
            for n, r in enumerate(self._rows):
                if r["position"] > row["position"]:
                    at = n
                    break
        self._rows.insert(at, row)
        self.insertRow(at, self._item_of(row))  # one rowsInserted, the item in place

    def _on_changed(self, kind: str, ent_id: str, action: str) -> None:
        if kind in ("participant", "child"):
            if action == "update":
                self._refresh_names()
                if self._rows:
                    self.blockSignals(True)
                    try:
                        for n, r in enumerate(self._rows):
                            item = QStandardItemModel.item(self, n, 0)
                            if item is not None:
                                self._describe(item, r)
                    finally:
                        self.blockSignals(False)
                    self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
            else:  # removing a person or child changes the items that named them
                self.reload()
            return
        if kind == "conference":
            return
        if kind != "item" or not ent_id or action not in ("add", "delete", "update"):
            if kind in ("item", ""):
                self.reload()
            return
        if action == "add":
            # Every pane hears of every new item: most only look at its section and place.
            found = self.controller.read.row("item", ent_id)
            if found is None:
                return
            if self._rows and found.position <= self._rows[-1]["position"]:
                # An item put back at a position pushes the later ones down in the store too.
                for r in self._rows:
                    if r["position"] >= found.position:
                        r["position"] += 1
            if found.section == self.section and self._row_of(ent_id) < 0:
                fresh = self.controller.row("item", ent_id)
                if fresh is not None:
                    self._insert(fresh)
            return
        n = self._row_of(ent_id)
        if action == "delete":
            if n >= 0:
                del self._rows[n]
                self.removeRow(n)
            return
        fresh = self.controller.row("item", ent_id)
        if fresh is None:
            return
        if n >= 0 and fresh["section"] == self.section:
            self._rows[n] = fresh
            self.setItem(n, 0, self._item_of(fresh))  # one dataChanged
        elif n >= 0:
            del self._rows[n]
            self.removeRow(n)
        elif fresh["section"] == self.section:
            self._insert(fresh)

    # ------------------------------------------------------------ reading

    def item(self, row: int) -> dict[str, Any]:  # type: ignore[override]
        """The item at `row` as the controller gave it (not Qt's QStandardItem)."""
        return self._rows[row]

    def item_id(self, row: int) -> str:
        return str(self._rows[row]["id"])

    def row_of(self, item_id: str) -> int:
        return self._row_of(item_id)

    def layout_of(self, row: int) -> tuple[str, str, str, str]:
        """(text, who raised it and about whom, what the room will not see, what it may give away).

        Kept until it changes.
        """
        return self.layout_of_row(self._rows[row])

    def layout_of_row(self, r: dict[str, Any]) -> tuple[str, str, str, str]:
        cached = r.get("_layout")
        if cached is None:
            cached = r["_layout"] = (
                str(r["text"]),
                self.detail_text(r),
                self.hidden_text(r),
                self._marks.get(str(r["id"]), ""),
            )
        return cached

    def set_marks(self, marks: dict[str, str]) -> None:
        """The leak finder's marks by item id: only the rows whose mark changed are repainted."""
        old, self._marks = self._marks, marks
        for n, r in enumerate(self._rows):
            rid = str(r["id"])
            if old.get(rid, "") != marks.get(rid, ""):
                r.pop("_layout", None)
                item = QStandardItemModel.item(self, n, 0)
                if item is not None:
                    self.blockSignals(True)
                    try:
                        self._describe(item, r)
                    finally:
                        self.blockSignals(False)
                    self.dataChanged.emit(self.index(n, 0), self.index(n, 0))

    def leak_text(self, r: dict[str, Any]) -> str:
        """What this item's text may give away of something kept back, or ""."""
        return self._marks.get(str(r["id"]), "")

    def source_name(self, r: dict[str, Any]) -> str:
        p = self._people.get(r.get("source") or "")
        return str(p["name"]) if p else ""

    def hidden_text(self, r: dict[str, Any]) -> str:
        """What the room will not see about this item, or "" if everyone sees it."""
        if r.get("restricted"):
            return "Restricted: the family will not see this"
        withheld = [
            self._people[p]["name"] for p in r.get("withheld_from") or [] if p in self._people
        ]
        if withheld:
            return "Not shared with " + " and ".join(withheld)
        return ""

    def detail_text(self, r: dict[str, Any]) -> str:
        parts = []
        name = self.source_name(r)
        if name:
            parts.append(f"Raised by {name}")
        kids = r.get("children") or []
        if kids and len(kids) < len(self._children):
            parts.append("About " + " and ".join(self._children.get(c, c) for c in kids))
        return "  \u00b7  ".join(parts)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_text(index.row(), str(value), self._rows[index.row()].get("version"))

    def set_text(self, row: int, value: str, expect: int | None) -> bool:
        """Save an item's text typed from the row at version `expect` (refused if it moved)."""
        text = value.strip()
        r = self._rows[row]
        if not text or text == r["text"]:
            return False
        return self.controller.update(
            "item", str(r["id"]), {"text": text}, merge=True, expect=expect
        )

    # ------------------------------------------------------------ drag and drop

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_ITEM]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        ids = [self.item_id(i.row()) for i in indexes if i.isValid()]
        data.setData(MIME_ITEM, json.dumps(ids).encode())
        return data

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(MIME_ITEM)

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(MIME_ITEM):
            return False
        ids = json.loads(bytes(data.data(MIME_ITEM).data()).decode())
        if parent.isValid():
            row = parent.row()
        for item_id in ids:
            self.drop_item(str(item_id), row)
        # The rows arrive through the controller's `changed`; the view must not remove any.
        return False

    def drop_item(self, item_id: str, row: int = -1) -> None:
        """Put an item (from this pane or another) before `row` of this pane, or at its end.

        One drop is one unit of work and one undo step, even when it both changes pane and
        places the item.
        """
        before = self._rows[row]["id"] if 0 <= row < len(self._rows) else None
        if self._row_of(item_id) < 0:
            self.controller.move_item_to_section(item_id, self.section, before)
        elif before is not None and before != item_id:
            self.controller.move("item", item_id, self.global_index(item_id, row))

    def global_index(self, item_id: str, row: int) -> int:
        """The index in the conference's whole item list that puts `item_id` before `row`."""
        order = [r["id"] for r in self.controller.rows("item")]
        target = order.index(self._rows[row]["id"])
        return target - 1 if order.index(item_id) < target else target

    def neighbour_index(self, row: int) -> int:
        """The whole-list index of this pane's item at `row` (for Ctrl+Up and Ctrl+Down)."""
        return [r["id"] for r in self.controller.rows("item")].index(self._rows[row]["id"])


def draw_lock(painter: QPainter, rect: QRectF, color: QColor) -> None:
    """A padlock, drawn rather than taken from a font so it shows on every machine."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = rect.width(), rect.height()
    body = QRectF(rect.left() + w * 0.15, rect.top() + h * 0.45, w * 0.7, h * 0.5)
    pen = QPen(color, max(1.5, w * 0.11))
    painter.setPen(pen)
    shackle = QPainterPath()
    shackle.moveTo(QPointF(body.left() + w * 0.12, body.top()))
    shackle.arcTo(
        QRectF(body.left() + w * 0.12, rect.top() + h * 0.08, body.width() - w * 0.24, h * 0.6),
        180,
        -180,
    )
    painter.drawPath(shackle)
    painter.setBrush(color)
    painter.drawRoundedRect(body, w * 0.08, w * 0.08)
    painter.restore()


# Every pane's rows, drawn once and copied while unchanged (one budget for them all).
_ROWS = RowPixmaps()


class _Look(NamedTuple):
    """What every row of one paint of a list is drawn with."""

    font: QFont
    font_key: str
    base: QColor
    highlight: QColor
    ratio: float  # the device's pixels per point


_SELECTED = QStyle.StateFlag.State_Selected


class ItemDelegate(QStyledItemDelegate):
    """Draws an item with who raised it, and what the room will not see: amber, hatched, a lock."""

    PAD = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._debounces: dict[int, Debounce] = {}
        self._heights: dict[tuple[str, str, str, str, int, float], int] = {}
        self._in_pass = False
        self._pass: _Look | None = None
        self._later: list[tuple[tuple[Any, ...], int, int, _Look]] = []
        self._idle: QTimer | None = None

    def _small(self, font: QFont) -> QFont:
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(font.pointSizeF() * 0.85)
        return small

    def size_of(self, layout: tuple[str, str, str, str], width: int, font: QFont) -> QSize:
        """The size of one item's row at this width and type (Qt keeps it on the item)."""
        width = max(80, width)
        text, detail, hidden, leak = layout
        key = (text, detail, hidden, leak, width, font.pointSizeF())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 20000:
                self._heights.clear()
            height = self._heights[key] = self._measure(width, text, detail, hidden, font, leak)
        return QSize(width, height)

    def _measure(
        self, width: int, text: str, detail: str, hidden: str, font: QFont, leak: str = ""
    ) -> int:
        fm = QFontMetrics(font)
        lock = fm.height() + self.PAD if hidden else 0
        inner = width - 2 * self.PAD - lock
        h = fm.boundingRect(QRect(0, 0, inner, 100000), Qt.TextFlag.TextWordWrap, text).height()
        small = QFontMetrics(self._small(font))
        extra = [t for t in (hidden, detail) if t]
        if extra:
            line = "  \u00b7  ".join(extra)
            h += (
                2
                + small.boundingRect(
                    QRect(0, 0, inner, 100000), Qt.TextFlag.TextWordWrap, line
                ).height()
            )
        if leak:
            bold = self._small(font)
            bold.setBold(True)
            h += (
                4
                + QFontMetrics(bold)
                .boundingRect(QRect(0, 0, inner, 100000), Qt.TextFlag.TextWordWrap, leak)
                .height()
            )
        return h + 2 * self.PAD

    def begin_pass(self) -> None:
        """The list starts painting: its rows share its font and palette until `end_pass`."""
        self._in_pass, self._pass = True, None

    def end_pass(self) -> None:
        self._in_pass, self._pass = False, None

    def _look(self, painter: QPainter, option: QStyleOptionViewItem) -> _Look:
        """The font and colours a row is drawn with: asked once per paint of the list.

        Every row of a list is drawn in the list's font and palette (the model gives no
        font or colour of its own), so the first row's hold for the rest of that paint.
        """
        look = self._pass
        if look is None:
            font = QFont(option.font)
            palette = option.palette
            device = painter.device()
            look = _Look(
                font,
                font.key(),
                palette.color(QPalette.ColorRole.Base),
                palette.color(QPalette.ColorRole.Highlight),
                device.devicePixelRatioF() if device is not None else 1.0,
            )
            if self._in_pass:
                self._pass = look
        return look

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # A list repaints every visible row at each change: a row already drawn is copied.
        model = index.model()
        if isinstance(model, ItemListModel):
            layout = model.layout_of(index.row())
        else:
            layout = index.data(LayoutRole) or ("", "", "", "")
        look = self._look(painter, option)
        highlight = look.highlight if option.state & _SELECTED else None
        key = (layout, look.font_key, look.highlight.rgba() if highlight is not None else 0)

        def render(p: QPainter, rect: QRect) -> None:
            self._draw(p, rect, highlight, layout, look.font)

        rect = option.rect
        _ROWS.draw(painter, rect, key, look.base, render, look.ratio)
        if highlight is not None:
            self._unselected_later(layout, look, rect.width(), rect.height())

    def _unselected_later(
        self, layout: tuple[str, str, str, str], look: _Look, width: int, height: int
    ) -> None:
        """A row drawn selected (a new item is) is next drawn unselected, when the chair
        adds the one after: that picture is drawn once the app is idle, not then."""
        key = (layout, look.font_key, 0)
        if width <= 0 or height <= 0 or _ROWS.has(key, width, height, look.ratio, look.base):
            return
        self._later.append((key, width, height, look))
        if self._idle is None:
            self._idle = QTimer(self)
            self._idle.setSingleShot(True)
            self._idle.setInterval(0)  # a timer's turn comes after the paint that is due
            self._idle.timeout.connect(self._draw_later)
        self._idle.start()

    def _draw_later(self) -> None:
        later, self._later = self._later, []
        for key, width, height, look in later:
            layout = key[0]
            _ROWS.picture(
                key,
                width,
                height,
                look.ratio,
                look.base,
                lambda p, rect, layout=layout, font=look.font: self._draw(
                    p, rect, None, layout, font
                ),
            )

    def _draw(
        self,
        painter: QPainter,
        rect: QRect,
        highlight: QColor | None,
        layout: tuple[str, str, str, str],
        font: QFont,
    ) -> None:
        """One row: kept-back amber and hatching, the selection, the text, its details."""
        text, detail, hidden, leak = layout
        painter.save()
        if hidden:
            painter.fillRect(rect, AMBER)
            painter.fillRect(rect, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
            painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), AMBER_EDGE)
        if highlight is not None:
            hl = QColor(highlight)
            hl.setAlpha(70 if hidden else 110)
            painter.fillRect(rect, hl)
            painter.setPen(QPen(highlight, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        fm = QFontMetrics(font)
        inner = rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        if hidden:
            size = fm.height()
            draw_lock(
                painter, QRectF(inner.left(), inner.top(), size, size), AMBER_EDGE.darker(130)
            )
            inner.setLeft(inner.left() + size + self.PAD)
        painter.setFont(font)
        painter.setPen(QColor("#1a1a1a"))
        # drawText gives back where the text went: no second layout to measure it.
        text_rect = painter.drawText(inner, Qt.TextFlag.TextWordWrap, text)
        extra = [t for t in (hidden, detail) if t]
        bottom = text_rect.bottom()
        if extra:
            small = self._small(font)
            painter.setFont(small)
            below = QRect(inner.left(), text_rect.bottom() + 2, inner.width(), inner.height())
            if leak:  # only the mark needs to know where the details end
                bottom = painter.boundingRect(
                    below, Qt.TextFlag.TextWordWrap, "  \u00b7  ".join(extra)
                ).bottom()
            if hidden:
                bold = QFont(small)
                bold.setBold(True)
                painter.setFont(bold)
                painter.setPen(QColor("#7a4a00"))
                painter.drawText(below, Qt.TextFlag.TextWordWrap, hidden)
                below.setLeft(
                    below.left() + QFontMetrics(bold).horizontalAdvance(hidden + "  \u00b7  ")
                )
                painter.setFont(small)
            if detail:
                painter.setPen(QColor("#555555"))
                painter.drawText(below, Qt.TextFlag.TextWordWrap, detail)
        if leak:
            # The leak finder's mark: on the chair's screen only (the room draws its own rows).
            warn = self._small(font)
            warn.setBold(True)
            painter.setFont(warn)
            area = QRect(inner.left(), bottom + 4, inner.width(), inner.height())
            drawn = painter.boundingRect(area, Qt.TextFlag.TextWordWrap, leak)
            painter.fillRect(drawn.adjusted(-4, -1, 4, 1), LEAK_BACK)
            painter.fillRect(QRect(rect.right() - 4, rect.top(), 5, rect.height()), LEAK_EDGE)
            painter.setPen(LEAK_TEXT)
            painter.drawText(area, Qt.TextFlag.TextWordWrap, leak)
        painter.setPen(QColor("#d0d0d0"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    # ------------------------------------------------------------ editing in place

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAccessibleName("Edit item text")
        editor.setFrame(True)
        # The delegate itself commits on Enter and focus-out; the pause commits while typing.
        debounce = Debounce(editor, lambda: self._commit_open(editor), watch_focus=False)
        editor.textEdited.connect(debounce.poke)
        self._debounces[id(editor)] = debounce
        editor.destroyed.connect(lambda *_: self._debounces.pop(id(editor), None))
        return editor

    def _commit_open(self, editor: QLineEdit) -> None:
        view = self.parent()
        if isinstance(view, QAbstractItemView) and view.indexWidget(view.currentIndex()) is editor:
            self.commitData.emit(editor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if commit_on_enter(self, watched, event):
            return True
        return super().eventFilter(watched, event)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        # A save while typing must not move the cursor or undo what was just typed.
        if isinstance(editor, QLineEdit) and not editor.hasFocus():
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            # The version the text was read at: a save from it is refused if another laptop
            # has changed the item since (even when its change reached this pane meanwhile).
            editor.setProperty(VERSION_READ, _version(index))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        debounce = self._debounces.get(id(editor))
        if debounce is not None:
            debounce.timer.stop()
        if not isinstance(editor, QLineEdit):
            return
        read = editor.property(VERSION_READ)
        if not isinstance(model, ItemListModel) or not isinstance(read, int):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        saved = model.set_text(index.row(), editor.text(), read)
        now = _version(index)
        if not saved and now != read:
            # Refused: someone else's text is the item's now; show it instead of ours.
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.setProperty(VERSION_READ, now)

    def updateEditorGeometry(  # noqa: N802
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        editor.setGeometry(option.rect)


class ItemListView(QListView):
    """The pane's list: Enter/F2 edit, Delete removes, Ctrl+Up/Down reorders; shows the prompt when empty."""

    leave_down = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = ""
        # What each row's size was measured for: the width rows wrap at and the type size.
        self.font_size = 0.0
        self.size_key: tuple[int, float] = (80, 0.0)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        quick_scroll_bars(self)  # its bar repaints at every new item
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def pane_model(self) -> ItemListModel:
        m = self.model()
        assert isinstance(m, ItemListModel)
        return m

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        mods = event.modifiers()
        current = self.currentIndex()
        model = self.pane_model()
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and current.isValid()
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.edit(current)
            return
        if key == Qt.Key.Key_Delete and current.isValid():
            row = current.row()
            model.controller.delete("item", model.item_id(row), text="Remove item")
            if model.rowCount():
                self.setCurrentIndex(model.index(min(row, model.rowCount() - 1), 0))
            return
        if mods & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if current.isValid():
                self.reorder(current.row(), -1 if key == Qt.Key.Key_Up else 1)
            return
        if key == Qt.Key.Key_Down and (
            not current.isValid() or current.row() == model.rowCount() - 1
        ):
            self.leave_down.emit()
            return
        super().keyPressEvent(event)

    def reorder(self, row: int, step: int) -> None:
        model = self.pane_model()
        other = row + step
        if not 0 <= other < model.rowCount():
            return
        item_id = model.item_id(row)
        model.controller.move("item", item_id, model.neighbour_index(other), text="Reorder item")
        self.setCurrentIndex(model.index(model.row_of(item_id), 0))

    def _measured(self) -> None:
        key = (max(80, self.viewport().width()), self.font_size)
        if key != self.size_key:
            self.size_key = key
            model = self.model()
            if isinstance(model, ItemListModel):
                model.remeasure()

    def measure_row(self, r: dict[str, Any]) -> QSize:
        """One row's size at this list's width and type size, for the model to keep."""
        delegate = self.itemDelegate()
        if not isinstance(delegate, ItemDelegate):
            return QSize()
        layout = self.pane_model().layout_of_row(r)
        return delegate.size_of(layout, self.size_key[0], self.font())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self.font_size = self.font().pointSizeF()
            self._measured()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        # Also the viewport's own resize (a scroll bar came or went): the width rows wrap at.
        self._measured()
        super().resizeEvent(event)

    def setModel(self, model: Any) -> None:  # noqa: N802
        self.font_size = self.font().pointSizeF()
        if isinstance(model, ItemListModel):
            model.measure = self.measure_row
        super().setModel(model)
        self.size_key = (0, 0.0)
        self._measured()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        delegate = self.itemDelegate()
        if isinstance(delegate, ItemDelegate):
            delegate.begin_pass()
            try:
                super().paintEvent(event)
            finally:
                delegate.end_pass()
        else:
            super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.prompt:
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#6b6b6b"))
            font = QFont(self.font())
            font.setItalic(True)
            painter.setFont(font)
            painter.drawText(
                self.viewport().rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                self.prompt,
            )


class EntryLine(QLineEdit):
    """Where the chair types what was said; Up goes to the items above."""

    leave_up = Signal()

    def event(self, event: QEvent) -> bool:
        # With nothing typed, Ctrl+Z and Ctrl+Y mean the conference's undo, not the line's.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and not self.text()
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or event.keyCombination()
                == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Y)
            )
        ):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Up and not event.modifiers():
            self.leave_up.emit()
            return
        super().keyPressEvent(event)


class Pane(QWidget):
    """One section of information sharing, live: title, prompt, items and the entry line."""

    item_added = Signal(str)

    def __init__(
        self, controller: ConferenceController, section: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.section = section
        sec = controller.template.section(section)
        self.model = ItemListModel(controller, section, self)

        self.title = QLabel(sec.label)
        title_font = QFont(self.title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(max(title_font.pointSizeF(), 1) * 1.35)
        self.title.setFont(title_font)
        self.title.setAccessibleName(f"Pane: {sec.label}")
        self.subtitle = QLabel(f"For the family: {sec.plain_label}")
        tint(self.subtitle, "#555555")
        self.subtitle.setWordWrap(True)

        self.view = ItemListView(self)
        self.view.prompt = sec.prompt
        delegate = ItemDelegate(self.view)
        self.view.setItemDelegate(delegate)  # before the model: it measures the rows
        self.view.setModel(self.model)
        # Each time in the editor is one undo step, however long the typing.
        delegate.closeEditor.connect(lambda *_: controller.end_typing())
        self.view.setAccessibleName(f"Items: {sec.label}")
        self.view.setAccessibleDescription(sec.prompt)

        self.entry = EntryLine(self)
        self.entry.setPlaceholderText("Type what was said, then Enter")
        self.entry.setAccessibleName(f"New item for {sec.label}")
        self.entry.setClearButtonEnabled(True)

        self.raised_by = QLineEdit(self)
        self.raised_by.setPlaceholderText("Raised by")
        self.raised_by.setAccessibleName("Raised by (participant)")
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.raised_by.setCompleter(completer)

        self.about = QComboBox(self)
        self.about.setAccessibleName("About which children")

        self.restrict_note = QLabel("New items start restricted: the room's screen is blank")
        tint(self.restrict_note, "#7a4a00", "#fff1c7")
        self.restrict_note.setMargin(4)
        self.restrict_note.setVisible(controller.new_items_restricted())

        row = QHBoxLayout()
        row.addWidget(self.raised_by, 2)
        row.addWidget(self.about, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.restrict_note)
        layout.addWidget(self.entry)
        layout.addLayout(row)

        self.entry.returnPressed.connect(self.add_from_entry)
        from ui.widgets.keep_back import install as install_keep_back

        self.keep_back_action = install_keep_back(
            self.entry, lambda: self.controller.rows("participant"), self.add_from_entry
        )
        self.entry.leave_up.connect(self._focus_last)
        self.view.leave_down.connect(self.entry.setFocus)
        controller.changed.connect(self._on_changed)
        controller.blanked_changed.connect(self._on_blanked)
        self.leaks = leak_watch(controller)
        self.leaks.updated.connect(self._on_leaks)
        self._on_leaks()
        self._refresh_people()
        self.setFocusProxy(self.entry)

    # ------------------------------------------------------------ people and children

    def _refresh_people(self) -> None:
        people = self.controller.rows("participant")
        self._names.setStringList([participant_label(p) for p in people])
        kids = self.controller.rows("child")
        current = self.about.currentData()
        self.about.blockSignals(True)
        self.about.clear()
        self.about.addItem("All children", None)
        for c in kids:
            self.about.addItem(f"Only {c.get('known_as') or c['name']}", c["id"])
        found = self.about.findData(current)
        self.about.setCurrentIndex(max(0, found))
        self.about.blockSignals(False)

    def _on_changed(self, kind: str, _id: str, _action: str) -> None:
        if kind in ("participant", "child", ""):
            self._refresh_people()

    def _on_leaks(self) -> None:
        self.model.set_marks(
            {
                ent_id: self.leaks.mark(kind, ent_id)
                for kind, ent_id in self.leaks.marks
                if kind == "item"
            }
        )

    def _on_blanked(self, _blanked: bool) -> None:
        self.restrict_note.setVisible(self.controller.new_items_restricted())

    def _focus_last(self) -> None:
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 0))
            self.view.setFocus()

    # ------------------------------------------------------------ actions

    def add_from_entry(self, keep_back: dict[str, Any] | None = None) -> str | None:
        """Add what is in the entry line as a new item (saved at once); returns its id.

        `keep_back` ({"restricted": True} or {"withheld_from": [...]}) adds it already kept back.
        """
        text = self.entry.text().strip()
        if not text:
            return None
        values: dict[str, Any] = {"section": self.section, "text": text}
        who = self.raised_by.text().strip()
        if who:
            source = find_participant(self.controller.rows("participant"), who)
            if source is None:
                self.controller.failed.emit(f"Raised by: nobody called '{who}' is invited")
            else:
                values["source"] = source
        child = self.about.currentData()
        if child:
            values["children"] = [child]
        if self.controller.new_items_restricted():
            values["restricted"] = True
        values.update(keep_back or {})
        new_id = self.controller.add("item", values, text="Add item")
        if new_id is None:
            return None
        self.entry.setText("")  # not clear(): that would be undoable in the line itself
        self.about.setCurrentIndex(0)
        row = self.model.row_of(new_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self.item_added.emit(new_id)
        return new_id

    def current_item_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.item_id(index.row()) if index.isValid() else None

    def select_item(self, item_id: str) -> None:
        row = self.model.row_of(item_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))

    def toggle_restricted(self) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            return
        r = self.model.item(self.model.row_of(item_id))
        self.controller.update(
            "item",
            item_id,
            {"restricted": not r.get("restricted")},
            text="Unrestrict item" if r.get("restricted") else "Restrict item",
        )

    def flush(self) -> None:
        """Commit anything typed: an open editor, and a half-typed new item (nothing is lost)."""
        editor = self.view.indexWidget(self.view.currentIndex())
        if isinstance(editor, QLineEdit):
            self.view.commitData(editor)
        self.add_from_entry()

    def edit_details(self, focus_withheld: bool = False) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            return
        dialog = ItemDetailsDialog(self.controller, item_id, self)
        if focus_withheld:
            dialog.withheld.setFocus()
        dialog.open()


class ItemDetailsDialog(QDialog):
    """Who raised an item, which children it is about, and who must not see it."""

    def __init__(self, controller: ConferenceController, item_id: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Item details")
        self.controller = controller
        self.item_id = item_id
        row = controller.row("item", item_id) or {}
        self.version_read = row.get("version")  # saved only if no one has changed it since
        people = controller.rows("participant")
        self._people = people

        self.raised_by = QLineEdit(self)
        self.raised_by.setAccessibleName("Raised by")
        names = [participant_label(p) for p in people]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.raised_by.setCompleter(completer)
        for p in people:
            if p["id"] == row.get("source"):
                self.raised_by.setText(participant_label(p))

        self.children_list = QListWidget(self)
        self.children_list.setAccessibleName("About which children (none ticked: all)")
        for c in controller.rows("child"):
            it = QListWidgetItem(str(c["name"]))
            it.setData(IdRole, c["id"])
            it.setCheckState(
                Qt.CheckState.Checked
                if c["id"] in (row.get("children") or [])
                else Qt.CheckState.Unchecked
            )
            self.children_list.addItem(it)

        self.restricted = QCheckBox("Restricted: the family will not see this", self)
        self.restricted.setChecked(bool(row.get("restricted")))
        self.restricted.setAccessibleName("Restricted")

        self.withheld = QListWidget(self)
        self.withheld.setAccessibleName("Not shared with these family members")
        for p in people:
            if p.get("is_family"):
                it = QListWidgetItem(participant_label(p))
                it.setData(IdRole, p["id"])
                it.setCheckState(
                    Qt.CheckState.Checked
                    if p["id"] in (row.get("withheld_from") or [])
                    else Qt.CheckState.Unchecked
                )
                self.withheld.addItem(it)

        form = QFormLayout()
        form.addRow("&Raised by", self.raised_by)
        form.addRow("&About (none ticked: all)", self.children_list)
        form.addRow("", self.restricted)
        form.addRow("&Not shared with", self.withheld)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [
            str(widget.item(n).data(IdRole))
            for n in range(widget.count())
            if widget.item(n).checkState() == Qt.CheckState.Checked
        ]

    def changes(self) -> dict[str, Any]:
        row = self.controller.row("item", self.item_id) or {}
        who = self.raised_by.text().strip()
        source = find_participant(self._people, who) if who else None
        wanted: dict[str, Any] = {
            "source": source if (source or not who) else row.get("source"),
            "children": self._checked(self.children_list),
            "restricted": self.restricted.isChecked(),
            "withheld_from": self._checked(self.withheld),
        }
        return {
            k: v
            for k, v in wanted.items()
            if row.get(k) != v and not (k == "children" and not v and not row.get(k))
        }

    def accept(self) -> None:
        changes = self.changes()
        if changes:
            self.controller.update(
                "item",
                self.item_id,
                changes,
                text="Change item details",
                expect=self.version_read,
            )
        super().accept()
