"""The home window: every conference in the store, filtered as you type; new, open, import, export."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from conference.errors import SfconfError
from ui import settings as ui_settings
from ui.widgets.conference_list import ConferenceListModel
from ui.widgets.first_paint import after_first_paint

if TYPE_CHECKING:
    # Named in signatures only: making a Qt class's Python type costs up to 1.5 ms, which
    # the first paint need not pay for events that come later.
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QCloseEvent, QKeyEvent

    from conference.store.database import Store
    from ui.conference_window import ConferenceWindow


class FilterLine(QLineEdit):
    """The filter: Down goes to the list, Enter opens the first match."""

    def __init__(self, table: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        from PySide6.QtCore import Qt  # not at start-up: see `HomeWindow._filter`

        if event.key() == Qt.Key.Key_Down:
            self.table.setFocus()
            if not self.table.currentIndex().isValid() and self.table.model().rowCount():
                self.table.selectRow(0)
            return
        super().keyPressEvent(event)


class HomeWindow(QMainWindow):
    """Conferences newest first; typing filters; Enter opens; Ctrl+N new; Ctrl+I import; Ctrl+E export."""

    def __init__(
        self,
        store: Store | None,
        parent: QWidget | None = None,
        *,
        rows: list[dict[str, Any]] | None = None,
        db_path: Path | str | None = None,
    ) -> None:
        """`store` may be None at first: then `rows` fill the list and the store opens later."""
        super().__init__(parent)
        self._store = store
        self._db_path = db_path
        self.windows: dict[str, ConferenceWindow] = {}
        self.setWindowTitle("sfconf — conferences")
        self.model = ConferenceListModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Conferences")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Fit the columns to the first rows, not to every one of hundreds of conferences.
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_index)

        self.filter = FilterLine(self.table)
        self.filter.setPlaceholderText("Type to find a family, a child, a date…")
        self.filter.setAccessibleName("Find a conference")
        # The clear button's icon costs the first paint some 8 ms: it comes just after.
        after_first_paint(self.table, lambda: self.filter.setClearButtonEnabled(True), 500)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self.open_selected)
        self.empty = QLabel("No conferences yet. Ctrl+N starts a new one; Ctrl+I imports one.")
        self.empty.setWordWrap(True)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.setCentralWidget(central)
        self.file_menu = self.menuBar().addMenu("&File")
        self.statusBar().showMessage("Enter opens the selected conference")
        if store is None and rows is not None:
            self._show_rows(rows)
            # The list comes first; its commands (some 3 ms) on the turn after it has painted.
            after_first_paint(self.table, self.create_actions, 1000)
        else:
            self.create_actions()
            self.refresh()
            self._install_records()
        if not ui_settings.restore_window("home", self, {}):
            self.resize(900, 560)
        self.filter.setFocus()

    # ------------------------------------------------------------ the store

    @property
    def store(self) -> Store:
        """The open store; opened now if the first paint came from a bare read of the list."""
        if self._store is None:
            self.attach_store()
        assert self._store is not None
        return self._store

    def attach_store(self) -> None:
        """Open the store in full (ORM, migrations); raises StoreError, leaving the file as it was."""
        if self._store is not None or self._db_path is None:
            return
        from conference.store.database import open_store

        self._store = open_store(self._db_path)
        self.refresh()
        self._install_records()

    def _install_records(self) -> None:
        """The records dock (state and what is due) needs the full store: added once it is open."""
        if getattr(self, "records_table", None) is None:
            from ui.record.home import install_home

            install_home(self)

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()

    # ------------------------------------------------------------ actions and menus

    def create_actions(self) -> None:
        """The window's commands, with their shortcuts, in the File menu."""
        from PySide6.QtGui import QAction, QKeySequence

        # setShortcuts, not setShortcut: choosing among setShortcut's overloads imports `Qt`,
        # which costs the first paint some 25 ms (ui/widgets/roles.py).
        ks = QKeySequence
        self.new_action = QAction("&New conference…", self)
        self.new_action.setShortcuts(ks.StandardKey.New)
        self.new_action.setStatusTip("Set up a new conference")
        self.new_action.triggered.connect(lambda _c=False: self.new_conference())
        self.open_action = QAction("&Open", self)
        self.open_action.setShortcuts([ks(ks.StandardKey.Open)])
        self.open_action.setStatusTip("Open the selected conference (Enter or double-click)")
        self.open_action.triggered.connect(lambda _c=False: self.open_selected())
        self.import_action = QAction("&Import…", self)
        self.import_action.setShortcuts([ks("Ctrl+I")])
        self.import_action.setStatusTip("Import a conference from an interchange file (.json)")
        self.import_action.triggered.connect(lambda _c=False: self.import_file())
        self.export_action = QAction("&Export…", self)
        self.export_action.setShortcuts([ks("Ctrl+E")])
        self.export_action.setStatusTip("Export the selected conference to an interchange file")
        self.export_action.triggered.connect(lambda _c=False: self.export_selected())
        self.review_action = QAction("Start the &review…", self)
        self.review_action.setShortcuts([ks("Ctrl+Shift+V")])  # as in the conference's window
        self.review_action.setStatusTip(
            "Start the review of the selected conference, carrying its plan forward"
        )
        self.review_action.triggered.connect(lambda _c=False: self.start_review_of_selected())
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcuts(ks.StandardKey.Quit)
        self.quit_action.setStatusTip("Close sfconf (everything is saved)")
        self.quit_action.triggered.connect(lambda _c=False: self.close())
        for a in (
            self.new_action,
            self.open_action,
            self.import_action,
            self.export_action,
            self.review_action,
            self.quit_action,
        ):
            self.addAction(a)
        menu = self.file_menu
        menu.addAction(self.new_action)
        menu.addAction(self.open_action)
        menu.addAction(self.review_action)
        menu.addSeparator()
        menu.addAction(self.import_action)
        menu.addAction(self.export_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

    # ------------------------------------------------------------ the list

    def refresh(self) -> None:
        from conference import operations as ops

        try:
            rows = ops.list_conferences(self.store)
        except SfconfError as exc:
            self.show_error(exc.message)
            return
        self._show_rows(rows)

    def _show_rows(self, rows: list[dict[str, Any]]) -> None:
        selected = self.selected_id()
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.select(selected)

    def _filter(self, text: str) -> None:
        # Here, not at start-up: importing `Qt` builds every enum of its namespace (~25 ms),
        # and the first paint of the list needs none of them (ui/widgets/roles.py).
        from PySide6.QtCore import Qt

        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterFixedString(text)
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def select(self, cid: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            src = self.proxy.mapToSource(self.proxy.index(row, 0))
            if cid is None or self.model.conference_id(src.row()) == cid:
                self.table.selectRow(row)
                return

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            if self.proxy.rowCount() == 0:
                return None
            index = self.proxy.index(0, 0)
        return self.model.conference_id(self.proxy.mapToSource(index).row())

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_conference(self.model.conference_id(self.proxy.mapToSource(index).row()))

    def open_selected(self) -> ConferenceWindow | None:
        cid = self.selected_id()
        return self.open_conference(cid) if cid else None

    def open_conference(self, cid: str, setup: bool = False) -> ConferenceWindow | None:
        from ui.conference_window import ConferenceWindow

        window = self.windows.get(cid)
        if window is None:
            try:
                window = ConferenceWindow(self.store, cid)
            except SfconfError as exc:
                self.show_error(exc.message)
                return None
            window.closed.connect(self._closed)
            window.controller.changed.connect(self._on_changed)
            window.opener = self._open_review
            self.windows[cid] = window
        window.show()
        window.raise_()
        window.activateWindow()
        if setup:
            window.go_to_step(0)
            focus_family_name = partial(self._focus_family_name, window)
            focus_family_name()
            # Again once the window's own first focus (queued on its first show) has run:
            # a new conference opens with its name selected, ready to be typed over.
            QTimer.singleShot(0, focus_family_name)
        return window

    def _open_review(self, rid: str) -> ConferenceWindow | None:
        """A review started from a conference's own window: listed here and opened."""
        self.refresh()
        return self.open_conference(rid)

    @staticmethod
    def _focus_family_name(window: ConferenceWindow) -> None:
        from PySide6.QtCore import Qt  # not at start-up (ui/widgets/roles.py says why)

        if window.setup is not None and window.stack.currentWidget() is window.setup:
            window.setup.family_name.setFocus(Qt.FocusReason.OtherFocusReason)
            window.setup.family_name.selectAll()

    def _on_changed(self, kind: str, _id: str, _action: str) -> None:
        # Only what the list shows: not on every item typed in a pane.
        if kind in ("conference", "child", ""):
            self.refresh()

    def _closed(self, cid: str) -> None:
        self.windows.pop(cid, None)
        self.refresh()

    # ------------------------------------------------------------ file commands

    def new_conference(self) -> ConferenceWindow | None:
        """A new planned conference with today's date, opened at its set-up."""
        from conference import operations as ops

        start = (dt.datetime.now() + dt.timedelta(hours=1)).replace(
            minute=0, second=0, microsecond=0
        )
        try:
            cid = ops.create_conference(
                self.store,
                ops.default_actor(),
                starts_at=start.isoformat(),
                chair=ops.default_actor(),
                family_name="New family",
            )
        except SfconfError as exc:
            self.show_error(exc.message)
            return None
        self.refresh()
        self.select(cid)
        return self.open_conference(cid, setup=True)

    def import_file(self, path: str | None = None) -> str | None:
        """Import an interchange file; a bad file is refused in one line and changes nothing."""
        from PySide6.QtWidgets import QFileDialog

        from conference import operations as ops
        from conference.exchange.interchange import import_document, parse_document

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import a conference", "", "Conference files (*.json);;All files (*)"
            )
            if not path:
                return None
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.show_error(
                f"{Path(path).name} cannot be read ({getattr(exc, 'strerror', None) or exc})"
            )
            return None
        try:
            doc = parse_document(text, Path(path).name)
            existing = {c["id"] for c in ops.list_conferences(self.store)}
            copy = doc["conference"].get("id") in existing
            cid = import_document(self.store, doc, actor=ops.default_actor(), as_copy=copy)
        except SfconfError as exc:
            self.show_error(exc.message)
            return None
        self.refresh()
        self.select(cid)
        self.statusBar().showMessage(
            f"Imported {Path(path).name}" + (" as a copy (it was already here)" if copy else ""),
            8000,
        )
        return cid

    def export_selected(self, path: str | None = None) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        from conference.exchange.interchange import dumps, export_document

        cid = self.selected_id()
        if cid is None:
            self.show_error("Choose a conference to export first")
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the conference", "conference.json", "Conference files (*.json)"
            )
            if not path:
                return None
        try:
            Path(path).write_text(dumps(export_document(self.store, cid)), encoding="utf-8")
        except SfconfError as exc:
            self.show_error(exc.message)
            return None
        except OSError as exc:
            self.show_error(f"{path} cannot be written ({exc.strerror})")
            return None
        self.statusBar().showMessage(f"Exported to {path}", 8000)
        return Path(path)

    def confirm_second_review(self, family_name: str) -> bool:
        """Asked before a second review of the same conference."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Start another review?",
            f"This conference ({family_name}) already has a review. Start another review of it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def start_review_of_selected(self) -> ConferenceWindow | None:
        """Start the review of the selected (ended or finalised) conference and open it."""
        from conference.operations import default_actor
        from conference.operations.review import has_review, start_review

        cid = self.selected_id()
        if cid is None:
            self.show_error("Choose the conference to review first")
            return None
        try:
            again = False
            if has_review(self.store, cid):
                from conference import operations as ops

                family = next(
                    (
                        str(r.get("family_name", ""))
                        for r in ops.list_conferences(self.store)
                        if r.get("id") == cid
                    ),
                    "",
                )
                if not self.confirm_second_review(family):
                    return None
                again = True
            rid = start_review(self.store, default_actor(), cid, again=again)
        except SfconfError as exc:
            self.show_error(exc.message)
            return None
        self.refresh()
        self.statusBar().showMessage("The review is ready: its plan is carried forward", 8000)
        return self.open_conference(rid)

    def show_error(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # not before the first paint

        self.statusBar().showMessage(message, 15000)
        QMessageBox.warning(self, "sfconf", message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for window in list(self.windows.values()):
            window.close()
        ui_settings.save_window("home", self, {})
        super().closeEvent(event)
