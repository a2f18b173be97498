"""The chair's window for one conference: the guided agenda down the side and one page per step."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from conference.errors import SfconfError
from conference.labels import STATUS_LABELS
from conference.store.database import Store
from conference.written_dates import date_in_words
from ui import checkpoint
from ui import settings as ui_settings
from ui.controller import ConferenceController
from ui.pages import page_class
from ui.pages.pane import Pane, tint
from ui.setup_dialog import SetupDialog, SetupPage
from ui.widgets.debounce import Debounce
from ui.widgets.models import AgendaModel

TEXT_ENTRIES = (QLineEdit, QPlainTextEdit, QTextEdit)
_CLOSE = QEvent.Type.Close
_KEY_PRESS = QEvent.Type.KeyPress
# The small notice while the shared store's live connection is lost.
LIVE_LOST_NOTICE = "Live connection lost: room's screen paused"


class FocusRing(QWidget):
    """A thick ring drawn over whatever control of the window has the keyboard, at any zoom."""

    WIDTH = 3

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self._watched: list[QWidget] = []
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.hide()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for w in self._watched:
            with contextlib.suppress(RuntimeError):  # already deleted
                w.removeEventFilter(self)
        self._watched = []
        self.target = new if new is not None and self.window_.isAncestorOf(new) else None
        # The control and what holds it: a panel opening beside the step narrows the step's
        # scroll area, not the control, and the ring must follow that too.
        w = self.target
        while w is not None and w is not self.window_:
            w.installEventFilter(self)
            self._watched.append(w)
            w = w.parentWidget()
        self.follow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Hide):
            QTimer.singleShot(0, self.follow)
        return False

    def follow(self) -> None:
        t = self.target
        if t is None or not t.isVisible():
            self.hide()
            return
        w = self.WIDTH
        # Round the part of the control that shows: one half hidden by its scroll area
        # (beside the record panel, say) gets no ring drawn over what is next to it.
        shown = t.visibleRegion().boundingRect()
        if shown.isEmpty():
            self.hide()
            return
        top_left = t.mapTo(self.window_, shown.topLeft())
        self.setGeometry(
            top_left.x() - w, top_left.y() - w, shown.width() + 2 * w, shown.height() + 2 * w
        )
        self.show()
        self.raise_()

    def paintEvent(self, _event: object) -> None:  # noqa: N802
        p = QPainter(self)
        pen = QPen(QColor("#1565c0"))
        pen.setWidth(self.WIDTH)
        p.setPen(pen)
        half = self.WIDTH // 2 + 1
        p.drawRoundedRect(self.rect().adjusted(half, half, -half, -half), 3, 3)
        p.end()


def _settle_heap() -> None:
    """Collect once, then set aside everything a freshly opened conference holds.

    Python's full collection walks every object: with the store, the ORM and the pages
    loaded that is some 90 ms, and it fell now and then on a chair's Enter. What is alive
    once the window is up lives as long as the window; it is frozen out of later passes.
    """
    gc.collect()
    gc.freeze()


def takes_text(w: QWidget) -> bool:
    """A widget that typed text goes into (an editable line or box)."""
    return isinstance(w, TEXT_ENTRIES) and not w.isReadOnly()


def _reading_order(w: QWidget, out: list[QWidget]) -> None:
    """Widgets in the order a person reads the page: its layouts, item by item."""
    tab_stop = w.focusProxy() is None and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
    if tab_stop and type(w) is not QScrollArea:
        out.append(w)
    if isinstance(w, QScrollArea):
        inner = w.widget()
        if inner is not None:
            _reading_order(inner, out)
        return
    if isinstance(w, QSplitter):
        for n in range(w.count()):
            child = w.widget(n)
            if child is not None:
                _reading_order(child, out)
        return
    if isinstance(w, QStackedWidget):
        current = w.currentWidget()
        if current is not None:
            _reading_order(current, out)
        return
    layout = w.layout()
    if layout is not None:
        _layout_order(layout, out)


def _layout_order(layout: Any, out: list[QWidget]) -> None:
    for n in range(layout.count()):
        item = layout.itemAt(n)
        if item is None:
            continue
        if item.widget() is not None:
            _reading_order(item.widget(), out)
        elif item.layout() is not None:
            _layout_order(item.layout(), out)


def tab_stops(page: QWidget) -> list[QWidget]:
    """The widgets of a page that Tab stops at, in reading order (the page's layouts)."""
    found: list[QWidget] = []
    _reading_order(page, found)
    return [w for w in found if w.isVisible() and w.isEnabled()]


def _cursor_of(w: QWidget) -> int:
    """The text cursor of an entry, the current row of a list or table, else -1."""
    if isinstance(w, QLineEdit):
        return w.cursorPosition()
    if isinstance(w, (QPlainTextEdit, QTextEdit)):
        return w.textCursor().position()
    if isinstance(w, QAbstractItemView):
        return w.currentIndex().row()
    return -1


def _set_cursor(w: QWidget, cursor: int) -> None:
    if cursor < 0:
        return
    if isinstance(w, QLineEdit):
        w.setCursorPosition(min(cursor, len(w.text())))
    elif isinstance(w, (QPlainTextEdit, QTextEdit)):
        c = w.textCursor()
        c.setPosition(min(cursor, len(w.toPlainText())))
        w.setTextCursor(c)
    elif isinstance(w, QAbstractItemView) and w.model() is not None:
        model = w.model()
        row = min(cursor, model.rowCount(w.rootIndex()) - 1)
        if row >= 0:
            w.setCurrentIndex(model.index(row, max(w.currentIndex().column(), 0), w.rootIndex()))


# Internal field names as the screens label them, so no message names a column.
SCREEN_LABELS = {
    "conference.family_name": "Family named as",
    "conference.venue": "Venue",
    "conference.chair": "Chair",
    "conference.minute_taker": "Minute-taker",
    "conference.reason": "Reason",
    "conference.starts_at": "Date and time",
    "conference.strategy_discussion_on": "Strategy discussion",
    "child.name": "Child's name",
    "child.date_of_birth": "Date of birth",
    "child.expected_on": "Expected (unborn)",
    "participant.name": "Participant's name",
    "participant.role": "Role",
    "next_step.action": "Next step",
    "next_step.due": "By when",
    "item.text": "What was said",
}


def screen_words(message: str) -> str:
    """A message with its internal field name replaced by the label on the screen."""
    for name, label in SCREEN_LABELS.items():
        if message.startswith(name):
            rest = message[len(name) :].lstrip(" :")
            if rest.startswith("must not be empty"):
                return f"{label}: please fill this in."
            return f"{label}: {rest}"
    return message


def _inner(page: QWidget) -> QWidget | None:
    return page.widget() if isinstance(page, QScrollArea) else page


def first_entry(page: QWidget) -> QWidget | None:
    """Where typing goes when a step opens: the page's own choice, else its first text entry."""
    inner = page.widget() if isinstance(page, QScrollArea) else page
    chosen = getattr(inner, "first_entry", None)
    if callable(chosen):
        w = chosen()
        if isinstance(w, QWidget) and w.isVisible() and w.isEnabled():
            return w
    return next((w for w in tab_stops(page) if takes_text(w)), None)


class StepClock:
    """How long the meeting has spent on each agenda step, from an injectable monotonic clock."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self._spent: dict[int, float] = {}
        self._step = 0
        self._since = now()

    def switch(self, step: int) -> None:
        t = self.now()
        self._spent[self._step] = self._spent.get(self._step, 0.0) + (t - self._since)
        self._step, self._since = step, t

    def elapsed(self, step: int | None = None) -> float:
        """Seconds spent on a step (the current one by default), including earlier visits."""
        step = self._step if step is None else step
        running = self.now() - self._since if step == self._step else 0.0
        return self._spent.get(step, 0.0) + running

    @staticmethod
    def text(seconds: float) -> str:
        s = int(seconds)
        return f"{s // 60:02d}:{s % 60:02d}"


class ChildViewPage(QWidget):
    """The child's view: one text per child in the child's words, which may be kept back."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.editors: dict[str, QPlainTextEdit] = {}
        self.keep_back: dict[str, QCheckBox] = {}
        self.debounces: dict[str, Debounce] = {}
        self.withheld_notes: dict[str, QLabel] = {}
        self.leak_notes: dict[str, Any] = {}  # child id -> its LeakMarkLabel
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self.title = title = QLabel("The child's view")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 1) * 1.35)
        title.setFont(font)
        hint = QLabel("In the child's own words. Tick to keep a view back from the family.")
        hint.setWordWrap(True)
        tint(hint, "#555555")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.addWidget(title)
        outer.addWidget(hint)
        outer.addWidget(scroll, 1)
        controller.changed.connect(self._on_changed)
        from ui.widgets.leak_marks import leak_watch

        self.leaks = leak_watch(controller)
        self.leaks.updated.connect(self._show_leaks)
        self.rebuild()

    def _show_leaks(self) -> None:
        for cid, note in self.leak_notes.items():
            note.show_lines(self.leaks.marks.get(("child", cid), []))

    def _keep_back_view(self, cid: str, values: dict[str, Any]) -> None:
        """From the chooser (Ctrl+Shift+Enter): kept back first, then what was typed saved."""
        changes = {f"view_{k}": v for k, v in values.items()}
        if "view_withheld_from" in changes:
            changes.setdefault("view_restricted", False)
        self.controller.update("child", cid, changes, text="Keep back the child's view")
        debounce = self.debounces.get(cid)
        if debounce is not None:
            debounce.timer.start(0)  # the pending words, saved now that they are kept back

    def _on_changed(self, kind: str, ent_id: str, action: str) -> None:
        if kind == "child" and action == "update":
            self._load(ent_id)
        elif kind in ("child", ""):
            self.rebuild()

    def rebuild(self) -> None:
        self.flush()
        while self._layout.count():
            item = self._layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.editors.clear()
        self.keep_back.clear()
        self.debounces.clear()
        self.withheld_notes.clear()
        self.leak_notes.clear()
        from ui.widgets.keep_back import KeepBackPopup
        from ui.widgets.leak_marks import LeakMarkLabel

        for child in self.controller.rows("child"):
            cid = str(child["id"])
            unborn = bool(child.get("expected_on")) and not child.get("date_of_birth")
            title = str(child["name"])
            if unborn:
                due = dt.date.fromisoformat(str(child["expected_on"])[:10])
                title = f"{child['name']} (due {date_in_words(due)})"
            box = QGroupBox(title)
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(f"{child['name']}'s view")
            edit.setPlaceholderText(
                "What the baby will need, as the people who know the family see it"
                if unborn
                else f"What {child.get('known_as') or child['name']} told us"
            )
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            keep = QCheckBox("&Keep back from the family")
            keep.setAccessibleName(f"Keep {child['name']}'s view back from the family")
            debounce = Debounce(
                edit, partial(self._commit, cid), finished=self.controller.end_typing
            )
            edit.textChanged.connect(partial(self._typed, edit, debounce))
            keep.toggled.connect(partial(self._keep_back, cid))
            # Ctrl+Shift+Enter: the keep-back chooser (restricted, one parent, or shared again).
            chooser = QAction("Keep back from...", edit)
            chooser.setShortcuts(
                [QKeySequence("Ctrl+Shift+Return"), QKeySequence("Ctrl+Shift+Enter")]
            )
            chooser.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

            def open_chooser(
                _checked: bool = False,
                c: str = cid,
                e: QPlainTextEdit = edit,
                d: Debounce = debounce,
            ) -> None:
                d.cancel()  # nothing typed is saved, unkept, while the chair chooses
                popup = KeepBackPopup(
                    e,
                    self.controller.rows("participant"),
                    lambda values: self._keep_back_view(c, values),
                    share_again=True,
                )
                # Chosen or not, what was typed is saved after (kept back first if chosen).
                popup.aboutToHide.connect(d.poke)
                popup.popup(e.viewport().mapToGlobal(e.cursorRect().bottomLeft()))

            chooser.triggered.connect(open_chooser)
            edit.addAction(chooser)
            withheld = QLabel()
            tint(withheld, "#7a4a00", "#fff1c7")
            withheld.setVisible(False)
            leak = LeakMarkLabel()
            lay = QVBoxLayout(box)
            lay.addWidget(edit)
            lay.addWidget(keep)
            lay.addWidget(withheld)
            lay.addWidget(leak)
            self._layout.addWidget(box)
            self.editors[cid], self.keep_back[cid], self.debounces[cid] = edit, keep, debounce
            self.withheld_notes[cid], self.leak_notes[cid] = withheld, leak
            self._load(cid, child)
        if not self.editors:
            self._layout.addWidget(QLabel("No children yet: add them in the set-up (step 1)."))
        self._layout.addStretch(1)
        self._show_leaks()

    @staticmethod
    def _typed(edit: QPlainTextEdit, debounce: Debounce) -> None:
        if not edit.property("loading"):  # not the page showing a stored value
            debounce.poke()

    def _load(self, cid: str, row: dict[str, Any] | None = None) -> None:
        row = row or self.controller.row("child", cid)
        if row is None or cid not in self.editors:
            return
        edit, keep = self.editors[cid], self.keep_back[cid]
        if not edit.hasFocus() and edit.toPlainText() != row.get("view", ""):
            edit.setProperty("loading", True)
            edit.setPlainText(row.get("view", ""))
            edit.setProperty("loading", False)
        keep.blockSignals(True)
        keep.setChecked(bool(row.get("view_restricted")))
        keep.blockSignals(False)
        names = {p["id"]: p["name"] for p in self.controller.rows("participant")}
        withheld = [str(names.get(p, p)) for p in row.get("view_withheld_from") or []]
        note = self.withheld_notes[cid]
        note.setText("Not shared with " + " and ".join(withheld) if withheld else "")
        note.setVisible(bool(withheld) and not row.get("view_restricted"))
        # Kept back: the same amber as a restricted item, so the chair sees it at a glance.
        if row.get("view_restricted"):
            tint(edit, "#1a1a1a", "#fff1c7")
        else:
            edit.setPalette(QPalette())
            edit.setAutoFillBackground(False)

    def _commit(self, cid: str) -> None:
        edit = self.editors.get(cid)
        if edit is None:
            return
        text = edit.toPlainText().strip()
        row = self.controller.row("child", cid)
        if row is not None and row.get("view", "") != text:
            self.controller.update(
                "child", cid, {"view": text}, text="Change the child's view", merge=True
            )

    def _keep_back(self, cid: str, on: bool) -> None:
        self.controller.update(
            "child",
            cid,
            {"view_restricted": on},
            text="Keep back the child's view" if on else "Share the child's view",
        )

    def flush(self) -> None:
        for d in self.debounces.values():
            d.flush()


class PlaceholderPage(QWidget):
    """A step whose page is not built yet."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)


class ConferenceWindow(QMainWindow):
    """One conference: agenda, pages, undo, auto-save and the room's zoom."""

    closed = Signal(str)

    def __init__(
        self,
        store: Store,
        conference_id: str,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.store = store
        self.controller = ConferenceController(store, conference_id, parent=self)
        self.clock = StepClock(clock)
        self.panes: dict[str, Pane] = {}
        self.pages: list[QWidget] = []
        self.setup: SetupPage | None = None
        self.setup_dialog: SetupDialog | None = None
        self.child_view: ChildViewPage | None = None
        # (step, widget) each time a step is opened: where its typing first goes.
        self.focus_log: list[tuple[int, QWidget]] = []
        self._shown_once = False
        self._status = str(self.controller.conference["status"])
        # How a review started here is opened: the home window's own opener when it made
        # this window (so it lists and tracks the review), else a window of this one's own.
        self.opener: Callable[[str], QWidget | None] | None = None
        self.review_windows: list[ConferenceWindow] = []

        self.agenda_model = AgendaModel(self.controller, self)
        self.agenda = QListView()
        self.agenda.setModel(self.agenda_model)
        self.agenda.setAccessibleName("Agenda")
        self.agenda.setWordWrap(True)
        self.agenda.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.agenda.setSpacing(2)
        self.agenda.clicked.connect(lambda i: self.controller.set_step(i.row()))
        self.agenda.activated.connect(lambda i: self.go_to_step(i.row()))
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Current step")
        # Above the step: the bar undo shows before it would put something kept back on the
        # room's screen (in the page, never a dialog).
        from ui.widgets.undo_guard import UndoGuard, room_shows

        self.undo_guard = UndoGuard(
            self.controller,
            room_shows(self.controller, lambda: getattr(self, "projector", None)),
            self,
        )
        step_area = QWidget()
        step_layout = QVBoxLayout(step_area)
        step_layout.setContentsMargins(0, 0, 0, 0)
        step_layout.setSpacing(4)
        step_layout.addWidget(self.undo_guard)
        step_layout.addWidget(self.stack, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.agenda)
        self.splitter.addWidget(step_area)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.agenda.setMinimumWidth(self.agenda.fontMetrics().horizontalAdvance("0") * 26)
        self.splitter.setSizes([260, 900])
        self.setCentralWidget(self.splitter)
        # A focus ring that shows at any zoom: every control that has the keyboard says so.
        self.focus_ring = FocusRing(self)

        self._build_pages()
        self._agenda_keys = tuple((s.key, s.kind, s.section) for s in self.controller.agenda)
        self.create_actions()
        self.create_menus()
        self.create_status_bar()
        self.controller.step_changed.connect(self._on_step)
        self.controller.changed.connect(self._on_changed)
        self.controller.saved.connect(self._on_saved)
        self.controller.failed.connect(self._on_failed)
        self.controller.live_changed.connect(self._on_live)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self.update_clock)
        self.tick.start()
        self._zoom = ui_settings.zoom()
        self._base_point = QFont(self.stack.font()).pointSizeF() or 10.0
        self.apply_zoom(self._zoom)
        self.read_settings()
        self._update_title()
        self._on_step(self.controller.current_step)
        try:
            from ui.room.control import install
        except ImportError:
            self.projector: object | None = None
        else:
            self.projector = install(self, self.controller)
        from ui.printing.preflight import install as install_printing

        self.family_copy_action, self.minutes_action = install_printing(self, self.controller)
        self.family_copy_action.triggered.connect(self._family_copy_started)
        from ui.record.panel import install as install_record

        self.record_panel = install_record(self)
        self.checkpointer = checkpoint.install(self, self.controller)  # issue 15: -wal loss bound
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # keys a step handles whatever has its focus
        # Installed after the room's own filter, so it runs first: the room as it was.
        self.installEventFilter(self)
        self.room_offer_label = QLabel()
        self.room_offer_label.setWordWrap(True)
        self.room_offer_label.setAccessibleName("The room's screen")
        tint(self.room_offer_label, "#1a1a1a", "#fff1c7")
        self.room_offer_label.hide()
        self.statusBar().insertWidget(0, self.room_offer_label, 2)
        if self.projector is not None and hasattr(self.projector, "projector"):
            self.projector.projector.shown_changed.connect(lambda *_: self.room_offer_label.hide())
        self._read_resume()

    # ------------------------------------------------------------ pages

    def _build_pages(self) -> None:
        for n, step in enumerate(self.controller.agenda):
            page: QWidget
            if step.kind == "welcome":
                page = self.setup = SetupPage(self.controller)
            elif step.kind == "child_view":
                page = self.child_view = ChildViewPage(self.controller)
            elif step.kind == "pane" and step.section:
                pane = Pane(self.controller, step.section)
                self.panes[step.section] = pane
                page = pane
            else:
                cls = page_class(step.kind)
                if cls is None:
                    page = PlaceholderPage(f"{step.label}\n\n{step.plain_label}")
                else:
                    # In a scroll area, so no page can make the window too big for a
                    # 1280x800 laptop screen.
                    inner = cls(self.controller, self.stack)
                    page = QScrollArea()
                    page.setWidgetResizable(True)
                    page.setFrameShape(QScrollArea.Shape.NoFrame)
                    page.setWidget(inner)
                    page.setFocusProxy(inner)
            page.setAccessibleName(f"Step {n + 1}: {step.label}")
            self.pages.append(page)
            self.stack.addWidget(page)

    def _rebuild_pages(self) -> None:
        """The template changed: its agenda and panes with it."""
        self.flush()
        while self.stack.count():
            w = self.stack.widget(0)
            if w is None:
                break
            self.stack.removeWidget(w)
            w.deleteLater()
        self.pages.clear()
        self.panes.clear()
        self._build_pages()
        self.agenda_model.reset()
        self._rebuild_move_menu()
        self.apply_zoom(self._zoom)
        self._on_step(min(self.controller.current_step, len(self.pages) - 1))

    def open_setup(self) -> SetupDialog:
        """The set-up in its own window; the agenda (and the room's screen) stay where they are."""
        if self.setup_dialog is None:
            self.setup_dialog = SetupDialog(self.controller, self)
            self.setup_dialog.page.setFont(self.stack.font())
        self.setup_dialog.show()
        self.setup_dialog.raise_()
        self.setup_dialog.activateWindow()
        self.setup_dialog.page.family_name.setFocus()
        return self.setup_dialog

    def _family_copy_started(self) -> None:
        from ui.pages.close import ClosePage

        for page in self.pages:
            inner = page.widget() if isinstance(page, QScrollArea) else page
            if isinstance(inner, ClosePage):
                inner.mark_printed()

    def current_pane(self) -> Pane | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, Pane) else None

    def go_to_step(self, index: int) -> None:
        self.controller.set_step(index)
        self.focus_step()

    def focus_step(self, page: QWidget | None = None) -> QWidget | None:
        """Focus where typing goes on this step: its first entry (else the page itself)."""
        page = page or self.stack.currentWidget()
        if page is None:
            return None
        stops = tab_stops(page)
        target = first_entry(page) or (stops[0] if stops else page)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.focus_log.append((self.controller.current_step, target))
        return target

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        """Tab and Shift+Tab go round the current step in reading order, never to the agenda."""
        page = self.stack.currentWidget()
        focus = QApplication.focusWidget()
        if page is None or focus is None or not page.isAncestorOf(focus):
            return super().focusNextPrevChild(next)
        stops = tab_stops(page)
        if not stops:
            return super().focusNextPrevChild(next)
        here = next_index = -1
        for n, w in enumerate(stops):
            if w is focus or w.isAncestorOf(focus):
                here = n
        if here < 0:
            next_index = 0 if next else len(stops) - 1
        else:
            next_index = (here + (1 if next else -1)) % len(stops)
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        stops[next_index].setFocus(reason)
        return True

    def _leave_table(self, table: QAbstractItemView, forward: bool) -> None:
        """Ctrl+Tab in a table (or Tab at its last cell): on to the next control of the step."""
        table.setFocus(Qt.FocusReason.OtherFocusReason)  # an open cell editor saves and closes
        self.focusNextPrevChild(forward)

    def _page_of(self, w: QObject | None) -> QWidget | None:
        page = self.stack.currentWidget()
        if page is not None and isinstance(w, QWidget) and page.isAncestorOf(w):
            return page
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Every event of the application passes here (paints, timers): most leave at once.
        kind = event.type()
        if kind == _CLOSE:
            if watched is self:
                self.save_resume()  # before the room's screen is stopped with the window
            return False
        if kind != _KEY_PRESS:
            return False
        if (
            isinstance(event, QKeyEvent)
            and watched is QApplication.focusWidget()
            and self.isActiveWindow()
        ):
            page = self._page_of(watched)
            if page is not None and self._page_key(page, watched, event):
                return True
        return super().eventFilter(watched, event)

    def _page_key(self, page: QWidget, focus: QObject, event: QKeyEvent) -> bool:
        """Keys the step handles whatever has the focus; True when used."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        table = focus if isinstance(focus, QAbstractItemView) else None
        parent = focus.parent() if isinstance(focus, QWidget) else None
        while table is None and isinstance(parent, QWidget) and parent is not page:
            if isinstance(parent, QAbstractItemView):
                table = parent
            parent = parent.parent()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and table is not None:
            forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            model = table.model()
            index = table.currentIndex()
            # No columnCount(): a list model's is private in PySide (a Tab in a tick list
            # raised); the last cell is the one with no cell after it.
            root = table.rootIndex()
            rows = model.rowCount(root) if model is not None else 0
            last = model is not None and (
                rows == 0
                or (
                    index.row() == rows - 1
                    and not model.index(index.row(), index.column() + 1, root).isValid()
                )
            )
            first = model is not None and (rows == 0 or (index.row() <= 0 and index.column() <= 0))
            if ctrl or (forward and last) or (not forward and first and not ctrl):
                self._leave_table(table, forward)
                return True
            return False
        text = event.text()
        if (
            text
            and text.isprintable()
            and text != " "
            and not mods & ~Qt.KeyboardModifier.ShiftModifier
            and isinstance(focus, QWidget)
            and (self._cannot_take_text(focus) or focus in (page, _inner(page)))
        ):
            entry = first_entry(page)
            if entry is None:
                self.saved_label.setText(
                    "This step has no box to type in: Ctrl+PgDn goes to the next step."
                )
                return True
            entry.setFocus(Qt.FocusReason.OtherFocusReason)
            QApplication.sendEvent(
                entry,
                QKeyEvent(QEvent.Type.KeyPress, key, event.modifiers(), text),
            )
            return True
        return False

    @staticmethod
    def _cannot_take_text(w: QWidget) -> bool:
        if w.property("takes_letters"):
            return False  # its letters are its own keys (D done, S still a worry, ...)
        if isinstance(w, QAbstractItemView):
            return not bool(w.editTriggers() & QAbstractItemView.EditTrigger.AnyKeyPressed)
        return isinstance(w, (QAbstractButton, QLabel, QScrollArea, QGroupBox)) or type(w) in (
            QWidget,
        )

    def _on_step(self, index: int) -> None:
        if not 0 <= index < self.stack.count():
            return
        self.clock.switch(index)
        page = self.stack.widget(index)
        focused = False
        if page is not self.stack.currentWidget() and not self.agenda.hasFocus():
            # The new step shown (and its entry focused) before the old one is hidden: Qt
            # would otherwise hand the keyboard to the next widget in the window, the agenda.
            page.show()
            focused = self.focus_step(page) is not None
        self.stack.setCurrentIndex(index)
        self.agenda.setCurrentIndex(self.agenda_model.index(index))
        if not self.agenda.hasFocus() and not focused:
            self.focus_step()
        self.update_clock()
        pane = self.current_pane()
        for n, act in enumerate(self.move_actions):
            act.setEnabled(self._pane_key(n) != (pane.section if pane is not None else None))

    def _on_changed(self, kind: str, _id: str, _action: str) -> None:
        if kind == "conference":
            keys = tuple((s.key, s.kind, s.section) for s in self.controller.agenda)
            if keys != self._agenda_keys:
                self._agenda_keys = keys
                self._rebuild_pages()
            self._update_title()
            status = self.controller.conference["status"]
            if status == "in_progress" and self._status == "planned":
                self.clock = StepClock(self.clock.now)  # the meeting starts: so does the clock
                self.clock.switch(self.controller.current_step)
            self._status = status
            self._update_meeting_actions()
            self.update_clock()

    def _update_title(self) -> None:
        c = self.controller.conference
        status = STATUS_LABELS.get(c["status"], c["status"])
        self.setWindowTitle(f"{c['family_name']} — {c['starts_at'][:10]} — {status} — sfconf")

    # ------------------------------------------------------------ actions, menus, status bar

    def create_actions(self) -> None:
        c = self.controller
        self.undo_action = c.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.setStatusTip("Undo the last change (it is saved at once)")
        # Undo goes through the guard: it asks once more before showing the room a kept-back thing.
        self.undo_action.triggered.disconnect()
        self.undo_action.triggered.connect(lambda _checked=False: self.undo_guard.undo())
        self.redo_action = c.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setStatusTip("Redo what was undone")

        def act(
            text: str, keys: list[QKeySequence] | None, slot: Callable[[], Any], tip: str
        ) -> QAction:
            a = QAction(text, self)
            if keys:
                a.setShortcuts(keys)
            a.setStatusTip(tip)
            a.triggered.connect(lambda _checked=False: slot())
            return a

        ks = QKeySequence
        self.setup_action = act(
            "Conference &set-up…",
            [ks("Ctrl+,")],
            self.open_setup,
            "Details, children and participants, without leaving this step",
        )
        self.close_action = act(
            "&Close",
            [ks(ks.StandardKey.Close)],
            self.close,
            "Close this conference (everything is saved)",
        )
        self.start_action = act(
            "&Start the meeting",
            [ks("Ctrl+Shift+B")],
            self.controller.start_meeting,
            "Record that the meeting has started",
        )
        self.end_action = act(
            "&End the meeting",
            [ks("Ctrl+Shift+E")],
            self.controller.end_meeting,
            "Record that the meeting has ended",
        )
        self.review_action = act(
            "Start the re&view…",
            [ks("Ctrl+Shift+V")],
            self.start_review,
            "Start the review of this conference (once it has ended), carrying its plan forward",
        )
        self.next_action = act(
            "&Next step",
            [ks("Ctrl+PgDown")],
            self.controller.next_step,
            "Go to the next agenda step",
        )
        self.previous_action = act(
            "&Previous step",
            [ks("Ctrl+PgUp")],
            self.controller.previous_step,
            "Go to the previous agenda step",
        )
        self.restrict_action = act(
            "&Restricted (the family will not see it)",
            [ks("Ctrl+R")],
            self.toggle_restricted,
            "Restrict the selected item, or share it again",
        )
        self.withhold_action = act(
            "&Not shared with a family member…",
            [ks("Ctrl+H")],
            lambda: self._details(True),
            "Choose family members who must not see the selected item",
        )
        self.details_action = act(
            "Item &details…",
            [ks("Alt+Return")],
            lambda: self._details(False),
            "Who raised the selected item, which children it is about, who may see it",
        )
        self.zoom_in_action = act(
            "Zoom &in",
            [ks(ks.StandardKey.ZoomIn), ks("Ctrl+=")],
            lambda: self.apply_zoom(self._zoom + ui_settings.ZOOM_STEP, True),
            "Larger text in the panes",
        )
        self.zoom_out_action = act(
            "Zoom &out",
            [ks(ks.StandardKey.ZoomOut)],
            lambda: self.apply_zoom(self._zoom - ui_settings.ZOOM_STEP, True),
            "Smaller text in the panes",
        )
        self.zoom_reset_action = act(
            "&Actual size",
            [ks("Ctrl+0")],
            lambda: self.apply_zoom(ui_settings.ZOOM_DEFAULT, True),
            "Text at 100%",
        )
        self.move_actions: list[QAction] = []
        self.move_menu = QMenu("&Move to pane", self)
        self._rebuild_move_menu()
        for a in (
            self.undo_action,
            self.redo_action,
            self.setup_action,
            self.close_action,
            self.start_action,
            self.end_action,
            self.review_action,
            self.next_action,
            self.previous_action,
            self.restrict_action,
            self.withhold_action,
            self.details_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
        ):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(a)
        self._update_meeting_actions()

    def _pane_key(self, n: int) -> str | None:
        keys = list(self.panes)
        return keys[n] if n < len(keys) else None

    def _rebuild_move_menu(self) -> None:
        for a in self.move_actions:
            self.removeAction(a)
        self.move_menu.clear()
        self.move_actions = []
        for n, (section, pane) in enumerate(self.panes.items()):
            if n >= 9:
                break
            a = QAction(f"&{n + 1} {pane.title.text()}", self)
            a.setShortcut(QKeySequence(f"Ctrl+M, {n + 1}"))
            a.setStatusTip(f"Move the selected item to {pane.title.text()}")
            a.triggered.connect(lambda _c=False, s=section: self.move_current_item(s))
            self.move_menu.addAction(a)
            self.addAction(a)
            self.move_actions.append(a)

    def create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.setup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        item = bar.addMenu("&Item")
        item.addAction(self.restrict_action)
        item.addAction(self.withhold_action)
        item.addAction(self.details_action)
        item.addMenu(self.move_menu)
        meeting = bar.addMenu("&Meeting")
        meeting.addAction(self.start_action)
        meeting.addAction(self.end_action)
        meeting.addAction(self.review_action)
        meeting.addSeparator()
        meeting.addAction(self.next_action)
        meeting.addAction(self.previous_action)
        view = bar.addMenu("&View")
        view.addAction(self.zoom_in_action)
        view.addAction(self.zoom_out_action)
        view.addAction(self.zoom_reset_action)

    def create_status_bar(self) -> None:
        self.saved_label = QLabel("All changes are saved as you go")
        self.saved_label.setAccessibleName("Save status")
        self.clock_label = QLabel()
        self.clock_label.setAccessibleName("Time on this step")
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName("Text size")
        self.statusBar().addWidget(self.saved_label, 1)
        # The shared store's live connection, shown only while it is lost.
        self.live_label = QLabel(LIVE_LOST_NOTICE)
        self.live_label.setAccessibleName("Live connection")
        self.live_label.setContentsMargins(6, 0, 6, 0)
        tint(self.live_label, "#1a1a1a", "#ffd7d7")
        self.live_label.hide()
        self.statusBar().addPermanentWidget(self.live_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.statusBar().addPermanentWidget(self.clock_label)

    def _update_meeting_actions(self) -> None:
        status = self.controller.conference["status"]
        self.start_action.setEnabled(status == "planned")
        self.end_action.setEnabled(status == "in_progress")

    def _on_saved(self, text: str) -> None:
        # At every change: a style sheet set again (even an empty one) restyles the label.
        if self.saved_label.styleSheet():
            self.saved_label.setStyleSheet("")
        self.saved_label.setText(text)
        if self.saved_label.toolTip():
            self.saved_label.setToolTip("")

    def _on_live(self, up: bool) -> None:
        self.live_label.setVisible(not up)
        if not up:
            self.saved_label.setStyleSheet("color: #a00000; font-weight: bold;")
            self.saved_label.setText(
                "Live connection lost: other laptops' changes are not shown, and the room's "
                "screen adds nothing new, until it is back"
            )

    def _on_failed(self, text: str) -> None:
        text = screen_words(text)
        self.saved_label.setStyleSheet("color: #a00000; font-weight: bold;")
        self.saved_label.setText(f"Not saved: {text}")
        self.saved_label.setToolTip(f"Not saved: {text}")
        if self.setup_dialog is not None and self.setup_dialog.isVisible():
            # The set-up has its own window: say it there too, not behind it.
            self.setup_dialog.page.message.setText(f"Not saved: {text}")

    def update_clock(self) -> None:
        step = (
            self.controller.agenda[self.controller.current_step] if self.controller.agenda else None
        )
        if step is None or not step.minutes:
            self.clock_label.setText("")
            return
        if self.controller.conference["status"] == "planned":
            # The step clock starts with the meeting, not when the window opens.
            self.clock_label.setText(
                f"{step.minutes}:00 for this step; the clock starts with the meeting"
            )
            self.clock_label.setProperty("over", False)
            self.clock_label.setStyleSheet("color: #606060;")
            return
        elapsed = self.clock.elapsed()
        over = elapsed > step.minutes * 60
        self.clock_label.setText(f"{StepClock.text(elapsed)} of {step.minutes}:00")
        self.clock_label.setProperty("over", over)
        self.clock_label.setStyleSheet(
            "color: #b03000; font-weight: bold;" if over else "color: #606060;"
        )

    # ------------------------------------------------------------ the review

    def say(self, text: str, refused: bool = False) -> None:
        """A one-line message in the window's status bar (red and bold when refused)."""
        self.saved_label.setStyleSheet("color: #a00000; font-weight: bold;" if refused else "")
        self.saved_label.setText(text)

    def confirm_second_review(self) -> bool:
        """Asked before a second review of the same conference: No unless the chair says Yes."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Start another review?",
            f"This conference ({self.controller.conference['family_name']}) already has a "
            "review. Start another review of it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def start_review(self) -> QWidget | None:
        """Start the review of this (ended or finalised) conference and open it."""
        from conference.operations import default_actor
        from conference.operations.review import has_review
        from conference.operations.review import start_review as start

        status = self.controller.conference["status"]
        if status not in ("ended", "finalised"):
            why = "has not started yet" if status == "planned" else "is still in progress"
            then = "." if status == "planned" else ": end it first (Ctrl+Shift+E)."
            self.say(
                f"No review started: this meeting {why}. Only an ended or finalised "
                f"conference can be reviewed{then}",
                refused=True,
            )
            return None
        self.flush()
        cid = self.controller.cid
        again = has_review(self.store, cid)
        if again and not self.confirm_second_review():
            self.say("No review started: this conference already has one.")
            return None
        try:
            rid = start(self.store, default_actor(), cid, again=again)
        except SfconfError as exc:
            self.say(f"No review started: {screen_words(exc.message)}", refused=True)
            return None
        self.say("The review is started in its own window: its plan is carried forward.")
        if self.opener is not None:
            return self.opener(rid)
        window = ConferenceWindow(self.store, rid)
        self.review_windows.append(window)
        window.closed.connect(
            lambda _cid, w=window: (
                self.review_windows.remove(w) if w in self.review_windows else None
            )
        )
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    # ------------------------------------------------------------ item commands

    def toggle_restricted(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.toggle_restricted()
            return
        page = self.stack.currentWidget()
        inner = page.widget() if isinstance(page, QScrollArea) else page
        toggle = getattr(inner, "toggle_restricted", None)
        if callable(toggle):  # a score on the scaling step, the contingency on the plan
            toggle()

    def _details(self, withheld: bool) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.edit_details(withheld)

    def move_current_item(self, section: str) -> bool:
        pane = self.current_pane()
        if pane is None or pane.section == section:
            return False
        item_id = pane.current_item_id()
        if item_id is None:
            return False
        row = pane.view.currentIndex().row()
        ok = self.controller.move_item_to_section(item_id, section)
        if ok and pane.model.rowCount():
            pane.view.setCurrentIndex(pane.model.index(min(row, pane.model.rowCount() - 1), 0))
        return ok

    # ------------------------------------------------------------ zoom and settings

    def apply_zoom(self, percent: int, remember: bool = False) -> None:
        percent = max(ui_settings.ZOOM_MIN, min(ui_settings.ZOOM_MAX, percent))
        self._zoom = ui_settings.set_zoom(percent) if remember else percent
        font = QFont(self.stack.font())
        font.setPointSizeF(self._base_point * percent / 100)
        self.stack.setFont(font)
        # A widget with a style sheet of its own (a warning, the leak line, a note) no longer
        # follows its parent's font: at 200% it stayed at 100%. It is given the size itself,
        # and again at each zoom (marked, as its sheet may be cleared in between).
        for widget in self.stack.findChildren(QWidget):
            if widget.styleSheet() or widget.property("sfconf_zoomed"):
                widget.setFont(font)
                widget.setProperty("sfconf_zoomed", True)
        # The agenda too: at 200% the chair still has to read where the meeting is.
        self.agenda.setFont(font)
        self.agenda.setMinimumWidth(self.agenda.fontMetrics().horizontalAdvance("0") * 26)
        from ui.widgets.scaling_picture import ScalingPicture

        for picture in self.stack.findChildren(ScalingPicture):
            picture.set_scale(percent / 100)  # the chair's picture of the scores, with the text
        title = QFont(font)
        title.setBold(True)
        title.setPointSizeF(font.pointSizeF() * 1.35)
        for pane in self.panes.values():
            pane.title.setFont(title)
            pane.view.doItemsLayout()
        if self.child_view is not None:
            self.child_view.title.setFont(title)
        if self.setup_dialog is not None:
            self.setup_dialog.page.setFont(font)
        if hasattr(self, "zoom_label"):
            self.zoom_label.setText(f"Text {self._zoom}%")

    @property
    def zoom(self) -> int:
        return self._zoom

    def read_settings(self) -> None:
        if not ui_settings.restore_window("conference", self, {"agenda": self.splitter}):
            self.resize(1200, 780)

    def flush(self) -> None:
        """Commit everything typed but not yet saved."""
        for pane in self.panes.values():
            pane.flush()
        if self.setup is not None:
            self.setup.flush()
        if self.setup_dialog is not None:
            self.setup_dialog.page.flush()
        if self.child_view is not None:
            self.child_view.flush()
        for d in self.findChildren(Debounce):
            d.flush()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self._first_focus)  # once the page's widgets are visible
            QTimer.singleShot(0, _settle_heap)

    def _first_focus(self) -> None:
        self.focus_step()
        self._restore_field()

    # ------------------------------------------------------------ picking up where it stopped

    def _resume_key(self) -> str:
        return f"resume/{self.controller.cid}"

    def save_resume(self) -> None:
        """Where the chair was: step, field (its place in the step's Tab order), cursor, room."""
        s = ui_settings.settings()
        key = self._resume_key()
        if self.controller.conference["status"] != "in_progress":
            s.remove(key)  # only a meeting in progress picks up where it stopped
            return
        page = self.stack.currentWidget()
        focus = QApplication.focusWidget()
        field, cursor = -1, -1
        if page is not None and focus is not None and page.isAncestorOf(focus):
            for n, w in enumerate(tab_stops(page)):
                if w is focus or w.isAncestorOf(focus):
                    field, cursor = n, _cursor_of(w)
                    break
        room = getattr(self.projector, "projector", None)
        s.setValue(f"{key}/step", self.controller.current_step)
        s.setValue(f"{key}/field", field)
        s.setValue(f"{key}/cursor", cursor)
        s.setValue(f"{key}/room_shown", bool(room is not None and room.isVisible()))
        s.setValue(f"{key}/room_blank", self.controller.blanked)

    def _read_resume(self) -> None:
        """A meeting in progress opens where it stopped; the room's screen is offered back."""
        self._resume: tuple[int, int] | None = None
        self.room_offer: dict[str, bool] | None = None
        if self.controller.conference["status"] != "in_progress":
            return
        s = ui_settings.settings()
        key = self._resume_key()
        try:
            step = int(s.value(f"{key}/step", -1))  # type: ignore[call-overload]
            field = int(s.value(f"{key}/field", -1))  # type: ignore[call-overload]
            cursor = int(s.value(f"{key}/cursor", -1))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return
        if not 0 <= step < len(self.pages):
            return
        self.controller.set_step(step)
        self._resume = (field, cursor)
        shown = str(s.value(f"{key}/room_shown", "false")).lower() == "true"
        blank = str(s.value(f"{key}/room_blank", "false")).lower() == "true"
        if not shown:
            return
        self.room_offer = {"shown": shown, "blank": blank}
        if blank:
            self.controller.set_blanked(True)  # still blank: what is said starts restricted
        self.room_offer_label.setText(
            "The room's screen was on"
            + (", and blank," if blank else "")
            + " when this conference was closed. Press F5 to put it back"
            + (" (it stays blank until you press B)." if blank else ".")
        )
        self.room_offer_label.show()

    def _restore_field(self) -> None:
        if self._resume is None:
            return
        field, cursor = self._resume
        self._resume = None
        page = self.stack.currentWidget()
        stops = tab_stops(page) if page is not None else []
        if 0 <= field < len(stops):
            w = stops[field]
            w.setFocus(Qt.FocusReason.OtherFocusReason)
            _set_cursor(w, cursor)
            self.focus_log.append((self.controller.current_step, w))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.flush()
        gc.unfreeze()  # what this window made may now be collected
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        ui_settings.save_window("conference", self, {"agenda": self.splitter})
        self.tick.stop()
        self.closed.emit(self.controller.cid)
        super().closeEvent(event)
