"""The analysis step: danger statements built from three parts, each with its paired safety goal.

Also holds the small pieces the scaling, plan and decision pages share: debounced text
commits, a checkable list model and a table model over rows of the interchange document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from conference.language.analysis_checks import (
    compose_danger_statement,
    danger_statement_warnings,
    load_wordlist,
    safety_goal_warnings,
    statement_count_warning,
)
from ui.controller import ConferenceController
from ui.pages.pane import tint
from ui.widgets.debounce import TextCommitter
from ui.widgets.delegates import ChoiceDelegate
from ui.widgets.roles import IdRole

__all__ = [
    "AnalysisPage",
    "CheckListModel",
    "DangerStatementsModel",
    "RowsTableModel",
    "TextCommitter",
    "family_view_combo",
    "make_action",
    "set_family_view",
    "warning_label",
]

AnyIndex = QModelIndex | QPersistentModelIndex


# ---------------------------------------------------------------- shared pieces


def add_audience_rows(
    form: QFormLayout,
    children_model: CheckListModel,
    restricted_check: QWidget,
    withheld_model: CheckListModel,
    family_combo: QWidget,
    family_edit: QWidget,
) -> None:
    """The rows every statement, goal and step shares: who it is about, who may see it, and
    what the family think of it."""
    form.addRow(
        "Which children (none ticked = all):",
        check_list_view(children_model, "Which children"),
    )
    form.addRow("", restricted_check)
    form.addRow("Do not show to:", check_list_view(withheld_model, "Withheld from family members"))
    family_row = QHBoxLayout()
    family_row.addWidget(family_combo)
    family_row.addWidget(family_edit, 1)
    form.addRow("The family's view:", family_row)


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], Any],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    """A QAction that works while focus is anywhere in the page."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setStatusTip(tip or text)
    action.setToolTip(tip or text)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


def warning_label() -> QLabel:
    """Gentle advice under a field: never blocks anything."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    tint(label, "#8a5a00")  # through the palette: the advice follows the zoom
    label.setVisible(False)
    return label


def show_warnings(label: QLabel, warnings: Sequence[str]) -> None:
    label.setText("\n".join(warnings))
    label.setVisible(bool(warnings))


FAMILY_VIEW_CHOICES: tuple[tuple[str, bool | None], ...] = (
    ("Not asked yet", None),
    ("The family agrees", True),
    ("The family disagrees", False),
)


def family_view_combo() -> QComboBox:
    combo = QComboBox()
    for text, value in FAMILY_VIEW_CHOICES:
        combo.addItem(text, value)
    combo.setAccessibleName("The family's view")
    return combo


def set_family_view(combo: QComboBox, agrees: bool | None) -> None:
    index = [v for _, v in FAMILY_VIEW_CHOICES].index(agrees)
    if combo.currentIndex() != index:
        combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)


class CheckListModel(QAbstractListModel):
    """A list of (id, label) with a tick each: children, or family members to withhold from."""

    toggled = Signal(list)  # the ticked ids, in list order, after the user ticks or unticks

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, str]] = []
        self._checked: set[str] = set()

    def set_items(self, items: Sequence[tuple[str, str]], checked: Sequence[str]) -> None:
        items = list(items)
        if items != self._items:
            self.beginResetModel()
            self._items = items
            self._checked = set(checked)
            self.endResetModel()
        elif set(checked) != self._checked:
            self._checked = set(checked)
            if items:
                self.dataChanged.emit(
                    self.index(0), self.index(len(items) - 1), [Qt.ItemDataRole.CheckStateRole]
                )

    def checked(self) -> list[str]:
        return [i for i, _ in self._items if i in self._checked]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item_id, label = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item_id in self._checked else Qt.CheckState.Unchecked
        if role == IdRole:
            return item_id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(  # noqa: N802
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        item_id = self._items[index.row()][0]
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        if on:
            self._checked.add(item_id)
        else:
            self._checked.discard(item_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.toggled.emit(self.checked())
        return True

    def set_checked(self, item_id: str, on: bool) -> None:
        """Tick or untick by id, as the user would."""
        for row, (i, _) in enumerate(self._items):
            if i == item_id:
                state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
                self.setData(self.index(row), state, Qt.ItemDataRole.CheckStateRole)
                return
        raise KeyError(item_id)


def check_list_view(model: CheckListModel, name: str) -> QListView:
    view = QListView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setMaximumHeight(90)
    return view


class RowsTableModel(QAbstractTableModel):
    """Rows of the interchange document (dicts with an id) shown as a table."""

    headers: tuple[str, ...] = ()
    id_key = "id"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        rows = list(rows)
        same = [r.get(self.id_key) for r in rows] == [r.get(self.id_key) for r in self.rows]
        if same:
            self.rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self.headers) - 1)
                )
        else:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    def row_of(self, ent_id: str | None) -> int:
        for n, r in enumerate(self.rows):
            if r.get(self.id_key) == ent_id:
                return n
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def display(self, row: dict[str, Any], column: int) -> str:
        raise NotImplementedError

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_value(row, index.column())
        if role == IdRole:
            return row.get(self.id_key)
        return None

    def edit_value(self, row: dict[str, Any], column: int) -> Any:
        return self.display(row, column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


def table_view(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    # Enter in a cell saves and closes it at once, so the keyboard stays in the table (Qt's
    # own queued save let the refresh delete the editor first, and the focus went nowhere).
    view.setItemDelegate(ChoiceDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Wrapped rows keep the height of the column widths they were first measured at otherwise.
    view.horizontalHeader().sectionResized.connect(lambda *_: view.resizeRowsToContents())
    ZoomColumns(view)
    return view


class ZoomColumns(QObject):
    """A table's set column widths grow and shrink with the text size (View > Larger text).

    Widths a page sets are in pixels at the size it was built at: at 200% its names and
    headings were cut to "Lucy Bren..." and "o disagr". Each column the user or page sizes
    (not a stretching one) is scaled by the change in text size and is never narrower than
    its heading; the table keeps room for five lines, so a page scrolls before it squashes.
    """

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.size = view.font().pointSizeF()
        self._shown_at = (self.size, -1)
        self._base: dict[int, int] = {}
        view.installEventFilter(self)
        self._fit_height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Once shown and laid out (a hidden step's table does not know its width yet), and
        # after the header has the new font too (it hears of it after the table).
        kinds = (QEvent.Type.FontChange, QEvent.Type.Show, QEvent.Type.Resize)
        if watched is self.view and event.type() in kinds and self.view.isVisible():
            QTimer.singleShot(0, self, self.rescale)
        return False

    def _fit_height(self) -> None:
        view = self.view
        lines = view.fontMetrics().lineSpacing() * 5
        view.setMinimumHeight(view.horizontalHeader().sizeHint().height() + lines + 8)

    def rescale(self) -> None:
        new = self.view.font().pointSizeF()
        room = self.view.viewport().width()
        if new <= 0 or self.size <= 0 or (new, room) == self._shown_at:
            return
        if new == self.size and not self._base:
            return  # never zoomed: the page's (and the user's) widths stay as they are
        self._shown_at = (new, room)
        header = self.view.horizontalHeader()
        last = header.count() - 1
        sized = [
            c
            for c in range(header.count())
            if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Interactive
            and not (header.stretchLastSection() and c == last)
        ]
        # Widths as the page set them at the size it was built at: no drift on zooming back.
        for c in sized:
            self._base.setdefault(c, header.sectionSize(c))
        wanted = {
            c: max(
                round(self._base[c] * new / self.size), header.sectionSizeFromContents(c).width()
            )
            for c in sized
        }
        total = sum(wanted.values())
        # Each stretching column (the step's own words) keeps a fifth of the table or more.
        stretching = header.count() - len(sized)
        keep = max(0.4, 1.0 - 0.22 * stretching)
        share = min(1.0, room * keep / total) if room > 0 and total > 0 else 1.0
        for c, width in wanted.items():
            header.resizeSection(c, max(24, round(width * share)))
        self._fit_height()
        self.view.resizeRowsToContents()


def select_row(view: QTableView, row: int) -> None:
    model = view.model()
    if 0 <= row < model.rowCount():
        view.selectionModel().setCurrentIndex(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
    else:
        view.selectionModel().clearSelection()
        view.selectionModel().setCurrentIndex(
            QModelIndex(), QItemSelectionModel.SelectionFlag.Clear
        )


def children_items(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["id"], c.get("known_as") or c["name"]) for c in doc.get("children", [])]


def family_items(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (p["id"], f"{p['name']} ({p['role']})")
        for p in doc.get("participants", [])
        if p.get("is_family")
    ]


# ---------------------------------------------------------------- the statements list


class DangerStatementsModel(RowsTableModel):
    """The danger statements in order, each with its paired safety goal."""

    headers = ("Danger statement", "Safety goal", "Family")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.goals: dict[str, dict[str, Any]] = {}

    def set_doc(self, doc: dict[str, Any]) -> None:
        self.goals = {}
        for g in doc.get("safety_goals", []):
            if g.get("danger_statement"):
                self.goals.setdefault(g["danger_statement"], g)
        self.set_rows(doc.get("danger_statements", []))

    def display(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            kept = " [restricted]" if row.get("restricted") else ""
            return row["text"] + kept
        if column == 1:
            goal = self.goals.get(row["id"])
            return goal["text"] if goal else ""
        agrees = row.get("family_agrees")
        return {True: "Agrees", False: "Disagrees", None: "Not asked"}[agrees]


# ---------------------------------------------------------------- the page


class AnalysisPage(QWidget):
    """Danger statements (who is worried, about what, what may happen) and safety goals."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._current_id: str | None = None
        self._auto = True  # the sentence follows the three parts until the chair edits it
        self._quiet = False  # selecting a row ourselves, not the chair
        self._switching = False  # saving the statement being left for another
        self._labels = load_wordlist("labels")
        self._negatives = load_wordlist("negatives")
        self.setAccessibleName("Analysis: danger statements and safety goals")

        self.model = DangerStatementsModel(self)
        self.table = table_view(self.model, "Danger statements")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.new_action = make_action(
            self,
            "New danger statement",
            self.new_statement,
            "Ctrl+Shift+N",
            "Start a new danger statement",
        )
        # List actions belong to the list: Delete in a text field or tick list stays there.
        self.delete_action = make_action(
            self.table,
            "Remove danger statement",
            self.delete_current,
            QKeySequence.StandardKey.Delete,
        )
        self.up_action = make_action(
            self.table, "Move up", lambda: self.move_current(-1), "Ctrl+Up"
        )
        self.down_action = make_action(
            self.table, "Move down", lambda: self.move_current(1), "Ctrl+Down"
        )
        self.compose_action = make_action(
            self,
            "Compose from the three parts",
            self.recompose,
            "Ctrl+Shift+M",
            "Write the sentence again from who, what and what may happen",
        )
        for action, short in (
            (self.new_action, "New"),
            (self.delete_action, "Remove"),
            (self.compose_action, "Compose again"),
        ):
            action.setIconText(short)
        toolbar = QToolBar("Danger statements")
        for a in (
            self.new_action,
            self.delete_action,
            self.up_action,
            self.down_action,
            self.compose_action,
        ):
            toolbar.addAction(a)

        # The danger statement builder.
        self.who_edit = QLineEdit()
        self.who_edit.setPlaceholderText("Sam (social worker) and Jade")
        self.about_edit = QLineEdit()
        self.about_edit.setPlaceholderText("what someone does: Dad hits Mum in the kitchen")
        self.impact_edit = QLineEdit()
        self.impact_edit.setPlaceholderText("what may happen to the children")
        self.sentence_edit = QPlainTextEdit()
        self.sentence_edit.setAccessibleName("The danger statement")
        self.sentence_edit.setTabChangesFocus(True)
        self.sentence_edit.setMaximumHeight(120)
        self.ds_warnings = warning_label()
        self.children_model = CheckListModel(self)
        self.children_model.toggled.connect(lambda ids: self._save_statement({"children": ids}))
        self.restricted_check = QCheckBox("Restricted: no family member may see this")
        self.restricted_check.toggled.connect(
            lambda on: self._save_statement({"restricted": bool(on)})
        )
        self.withheld_model = CheckListModel(self)
        self.withheld_model.toggled.connect(
            lambda ids: self._save_statement({"withheld_from": ids})
        )
        self.ds_family_combo = family_view_combo()
        self.ds_family_combo.currentIndexChanged.connect(
            lambda _i: self._save_statement({"family_agrees": self.ds_family_combo.currentData()})
        )
        self.ds_family_edit = QLineEdit()
        self.ds_family_edit.setPlaceholderText("In the family's own words")
        self.ds_family_edit.setAccessibleName("The family's words about the danger statement")

        self.committers: list[TextCommitter] = []
        for edit, field in (
            (self.who_edit, "who_is_worried"),
            (self.about_edit, "worried_about"),
            (self.impact_edit, "impact_if_nothing_changes"),
        ):
            edit.setAccessibleName(field.replace("_", " ").capitalize())
            edit.textEdited.connect(self._parts_typed)
            self.committers.append(TextCommitter(edit, self._part_committer(field)))
        self.sentence_committer = TextCommitter(self.sentence_edit, self._commit_sentence)
        self.sentence_edit.textChanged.connect(self._sentence_typed)
        self.ds_family_committer = TextCommitter(
            self.ds_family_edit, lambda t: self._save_statement({"family_comment": t})
        )
        self.committers += [self.sentence_committer, self.ds_family_committer]

        ds_box = QGroupBox("Danger statement")
        form = QFormLayout(ds_box)
        form.addRow("Who is worried?", self.who_edit)
        form.addRow("About what (what someone does)?", self.about_edit)
        form.addRow("What may happen if nothing changes?", self.impact_edit)
        form.addRow("The sentence:", self.sentence_edit)
        form.addRow("", self.ds_warnings)
        add_audience_rows(
            form,
            self.children_model,
            self.restricted_check,
            self.withheld_model,
            self.ds_family_combo,
            self.ds_family_edit,
        )

        # Its paired safety goal.
        self.goal_edit = QPlainTextEdit()
        self.goal_edit.setAccessibleName("Safety goal")
        self.goal_edit.setTabChangesFocus(True)
        self.goal_edit.setMaximumHeight(90)
        self.goal_edit.setPlaceholderText(
            "What will be happening instead: what the parents do, what the children see"
        )
        self.how_long_edit = QLineEdit()
        self.how_long_edit.setAccessibleName("For how long")
        self.how_long_edit.setPlaceholderText("for at least six months")
        self.goal_warnings = warning_label()
        self.goal_family_combo = family_view_combo()
        self.goal_family_combo.currentIndexChanged.connect(
            lambda _i: self._save_goal({"family_agrees": self.goal_family_combo.currentData()})
        )
        self.goal_family_edit = QLineEdit()
        self.goal_family_edit.setPlaceholderText("In the family's own words")
        self.goal_family_edit.setAccessibleName("The family's words about the safety goal")
        self.goal_committers = [
            TextCommitter(self.goal_edit, lambda t: self._save_goal({"text": t})),
            TextCommitter(self.how_long_edit, lambda t: self._save_goal({"how_long": t})),
            TextCommitter(self.goal_family_edit, lambda t: self._save_goal({"family_comment": t})),
        ]
        self.goal_edit.textChanged.connect(self._goal_typed)
        self.how_long_edit.textEdited.connect(self._goal_typed)
        self.committers += self.goal_committers
        # Ctrl+Shift+Enter in a statement's or a goal's fields: store it now, already kept back
        # (restricted first), so the room's screen never shows it.
        from ui.widgets.keep_back import install as install_keep_back

        def family() -> list[dict[str, Any]]:
            return self.controller.rows("participant")

        for edit in (self.who_edit, self.about_edit, self.impact_edit, self.sentence_edit):
            install_keep_back(
                edit,
                family,
                self.keep_back_statement,
                ready=lambda: bool(self._fields()["text"].strip()),
                opening=self._hold_typing,
            )
        for edit in (self.goal_edit, self.how_long_edit):
            install_keep_back(
                edit,
                family,
                self.keep_back_goal,
                ready=lambda: (
                    self._current_id is not None and bool(self.goal_edit.toPlainText().strip())
                ),
                opening=self._hold_typing,
            )
        self.goal_box = QGroupBox("Safety goal: what we need to see, and for how long")
        goal_form = QFormLayout(self.goal_box)
        goal_form.addRow("Safety goal:", self.goal_edit)
        goal_form.addRow("For how long:", self.how_long_edit)
        goal_form.addRow("", self.goal_warnings)
        goal_family = QHBoxLayout()
        goal_family.addWidget(self.goal_family_combo)
        goal_family.addWidget(self.goal_family_edit, 1)
        goal_form.addRow("The family's view:", goal_family)
        self.goal_hint = QLabel("Write the danger statement first; its safety goal goes here.")
        self.goal_hint.setWordWrap(True)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(ds_box)
        editor_layout.addWidget(self.goal_hint)
        editor_layout.addWidget(self.goal_box)
        editor_layout.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(toolbar)
        left_layout.addWidget(self.table)
        self.count_warning = warning_label()
        left_layout.addWidget(self.count_warning)
        from ui.widgets.leak_marks import LeakMarkLabel, leak_watch

        self.leak_mark = LeakMarkLabel(self)
        left_layout.addWidget(self.leak_mark)
        self.leaks = leak_watch(controller)
        self.leaks.updated.connect(self._show_leaks)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([500, 750])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        controller.changed.connect(self._changed)
        self.refresh()
        if self.model.rows:
            select_row(self.table, 0)
        else:
            self._load(None)

    # ------------------------------------------------------------ reading

    def _show_leaks(self) -> None:
        """Beside the statements: each statement or goal that may give away something kept back."""
        doc = self.controller.tables()
        lines = []
        for n, d in enumerate(doc["danger_statements"], 1):
            mark = self.leaks.mark("danger_statement", str(d["id"]))
            if mark:
                lines.append(f"Danger statement {n}: {mark}")
            goal = next(
                (g for g in doc["safety_goals"] if g.get("danger_statement") == d["id"]), None
            )
            mark = self.leaks.mark("safety_goal", str(goal["id"])) if goal else ""
            if mark:
                lines.append(f"Safety goal {n}: {mark}")
        self.leak_mark.show_lines(lines)

    def _changed(self, kind: str, _ent_id: str, _action: str) -> None:
        if kind in ("danger_statement", "safety_goal", "child", "participant", "conference"):
            self.refresh()

    def statement(self) -> dict[str, Any] | None:
        for d in self.controller.tables()["danger_statements"]:
            if d["id"] == self._current_id:
                return d  # type: ignore[no-any-return]
        return None

    def goal(self) -> dict[str, Any] | None:
        if self._current_id is None:
            return None
        for g in self.controller.tables()["safety_goals"]:
            if g.get("danger_statement") == self._current_id:
                return g  # type: ignore[no-any-return]
        return None

    def refresh(self) -> None:
        doc = self.controller.tables()
        self.model.set_doc(doc)
        if self._current_id is not None and self.statement() is None:
            self._current_id = None  # removed (or undone) elsewhere
        row = self.model.row_of(self._current_id)
        if not self._switching and self.table.currentIndex().row() != row:
            self._select_quietly(row)
        self._load(self._current_id, keep_typing=True)
        count_warning = statement_count_warning(len(doc["danger_statements"]))
        show_warnings(self.count_warning, [count_warning] if count_warning else [])

    def _select_quietly(self, row: int) -> None:
        self._quiet = True
        try:
            select_row(self.table, row)
        finally:
            self._quiet = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        ent_id = self.model.rows[current.row()]["id"] if current.isValid() else None
        self._switching = True
        try:
            self.commit_pending()  # saves into the statement we are leaving
        finally:
            self._switching = False
        if ent_id != self._current_id:
            self._current_id = ent_id
            for c in self.committers:
                c.discard()
            self._load(ent_id)

    def _load(self, ent_id: str | None, keep_typing: bool = False) -> None:
        """Show a statement and its goal (or empty fields for a new one)."""
        ds = self.statement() if ent_id is not None else None
        ds = ds or {}
        doc = self.controller.tables()
        for committer, field in zip(
            self.committers[:3],
            ("who_is_worried", "worried_about", "impact_if_nothing_changes"),
            strict=True,
        ):
            committer.set_text(ds.get(field, ""))
        text = ds.get("text", "")
        if not keep_typing or not self.sentence_committer.pending:
            parts = (
                ds.get("who_is_worried", ""),
                ds.get("worried_about", ""),
                ds.get("impact_if_nothing_changes", ""),
            )
            if not keep_typing:
                self._auto = not text or text == compose_danger_statement(*parts)
        self.sentence_committer.set_text(text)
        self.children_model.set_items(children_items(doc), ds.get("children", []))
        self.withheld_model.set_items(family_items(doc), ds.get("withheld_from", []))
        self.restricted_check.blockSignals(True)
        self.restricted_check.setChecked(bool(ds.get("restricted")))
        self.restricted_check.blockSignals(False)
        set_family_view(self.ds_family_combo, ds.get("family_agrees"))
        self.ds_family_committer.set_text(ds.get("family_comment", ""))

        goal = self.goal() or {}
        exists = bool(ds)
        self.goal_box.setEnabled(exists)
        self.goal_hint.setVisible(not exists)
        self.goal_committers[0].set_text(goal.get("text", ""))
        self.goal_committers[1].set_text(goal.get("how_long", ""))
        set_family_view(self.goal_family_combo, goal.get("family_agrees"))
        self.goal_committers[2].set_text(goal.get("family_comment", ""))
        self._update_warnings()

    def _fields(self) -> dict[str, Any]:
        return {
            "who_is_worried": self.who_edit.text(),
            "worried_about": self.about_edit.text(),
            "impact_if_nothing_changes": self.impact_edit.text(),
            "text": self.sentence_edit.toPlainText(),
        }

    def _update_warnings(self) -> None:
        count = len(self.controller.tables()["danger_statements"])
        if self._current_id is None and any(self._fields().values()):
            count += 1
        if any(self._fields().values()):
            ds_w = danger_statement_warnings(self._fields(), count, self._labels)
            ds_w = [w for w in ds_w if w != statement_count_warning(count)]  # under the list
        else:
            ds_w = []
        show_warnings(self.ds_warnings, ds_w)
        goal = {"text": self.goal_edit.toPlainText(), "how_long": self.how_long_edit.text()}
        goal_w = safety_goal_warnings(goal, self._negatives) if goal["text"].strip() else []
        show_warnings(self.goal_warnings, goal_w)

    # ------------------------------------------------------------ writing

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.commit_pending()  # the chair moved to another agenda step
        super().hideEvent(event)

    def _hold_typing(self) -> None:
        """The keep-back chooser is open: nothing typed is saved, unkept, while the chair chooses."""
        for c in self.committers:
            c.hold()

    def keep_back_statement(self, keep_back: dict[str, Any]) -> None:
        """Store the statement being written already kept back (or keep back the stored one)."""
        if self._current_id is None:
            values = self._fields()
            if not values["text"].strip():
                return
            values.update(
                children=self.children_model.checked(),
                restricted=bool(keep_back.get("restricted"))
                or self.controller.new_items_restricted(),
                withheld_from=list(keep_back.get("withheld_from") or []),
                family_agrees=self.ds_family_combo.currentData(),
                family_comment=self.ds_family_edit.text(),
            )
            for c in self.committers[:4] + [self.ds_family_committer]:
                c.discard()
            new_id = self.controller.add("danger_statement", values, text="Add danger statement")
            if new_id is not None:
                self._current_id = new_id
                self.refresh()
            return
        # Kept back first, then the typing saved: the new words never show unkept.
        self.controller.update(
            "danger_statement", self._current_id, dict(keep_back), text="Keep back statement"
        )
        self.commit_pending()
        self._load(self._current_id, keep_typing=True)

    def keep_back_goal(self, keep_back: dict[str, Any]) -> None:
        """Store the safety goal being written already kept back (or keep back the stored one)."""
        if self._current_id is None:
            return
        goal = self.goal()
        if goal is None:
            self._add_goal_typed(
                {
                    "restricted": bool(keep_back.get("restricted")),
                    "withheld_from": list(keep_back.get("withheld_from") or []),
                }
            )
            return
        self.controller.update("safety_goal", goal["id"], dict(keep_back), text="Keep back goal")
        self.commit_pending()

    def commit_pending(self) -> None:
        """Save whatever was typed and not yet saved (before moving to another statement)."""
        for c in self.committers:
            c.flush()

    def _parts_typed(self, *_: Any) -> None:
        if self._auto:
            f = self._fields()
            composed = compose_danger_statement(
                f["who_is_worried"], f["worried_about"], f["impact_if_nothing_changes"]
            )
            self.sentence_edit.blockSignals(True)
            self.sentence_edit.setPlainText(composed)
            self.sentence_edit.blockSignals(False)
        self._update_warnings()

    def _sentence_typed(self) -> None:
        # Called for the chair's own typing only: set_text and _parts_typed keep it quiet.
        if not self.sentence_committer._loading:
            self._auto = False
        self._update_warnings()

    def _goal_typed(self, *_: Any) -> None:
        self._update_warnings()

    def _part_committer(self, field: str) -> Callable[[str], None]:
        return lambda text: self._commit_part(field, text)

    def _commit_part(self, field: str, value: str) -> None:
        changes: dict[str, Any] = {field: value}
        if self._auto:
            changes["text"] = self.sentence_edit.toPlainText()
            self.sentence_committer.discard()
        self._save_statement(changes)

    def _commit_sentence(self, text: str) -> None:
        self._save_statement({"text": text})

    def recompose(self) -> None:
        """Go back to writing the sentence from the three parts."""
        self._auto = True
        self._parts_typed()
        self.sentence_committer.discard()
        self._save_statement({"text": self.sentence_edit.toPlainText()})

    def _save_statement(self, changes: dict[str, Any]) -> None:
        if self._current_id is not None:
            stored = self.statement() or {}
            changes = {k: v for k, v in changes.items() if stored.get(k) != v}
            if changes:
                merge = all(isinstance(v, str) for v in changes.values())
                self.controller.update("danger_statement", self._current_id, changes, merge=merge)
            return
        # A new statement is stored once it has a sentence (its text must not be empty).
        values = self._fields()
        if not values["text"].strip():
            return
        values.update(
            children=self.children_model.checked(),
            restricted=self.restricted_check.isChecked() or self.controller.new_items_restricted(),
            withheld_from=self.withheld_model.checked(),
            family_agrees=self.ds_family_combo.currentData(),
            family_comment=self.ds_family_edit.text(),
        )
        for c in self.committers[:4] + [self.ds_family_committer]:
            c.discard()
        new_id = self.controller.add("danger_statement", values)
        if new_id is not None:
            self._current_id = new_id
            self.refresh()

    def _save_goal(self, changes: dict[str, Any]) -> None:
        if self._current_id is None:
            return
        goal = self.goal()
        if goal is not None:
            changes = {k: v for k, v in changes.items() if goal.get(k) != v}
            if changes:
                merge = all(isinstance(v, str) for v in changes.values())
                self.controller.update("safety_goal", goal["id"], changes, merge=merge)
            return
        self._add_goal_typed({})

    def _add_goal_typed(self, keep_back: dict[str, Any]) -> None:
        """Add the safety goal being written (kept back as `keep_back` says), if any is typed."""
        text = self.goal_edit.toPlainText()
        if not text.strip():
            return
        for c in self.goal_committers:
            c.discard()
        self.controller.add(
            "safety_goal",
            {
                "danger_statement": self._current_id,
                "text": text,
                "how_long": self.how_long_edit.text(),
                "family_agrees": self.goal_family_combo.currentData(),
                "family_comment": self.goal_family_edit.text(),
                **keep_back,
            },
            text="Add safety goal",
        )

    # ------------------------------------------------------------ list actions

    def new_statement(self) -> None:
        self.commit_pending()
        self._current_id = None
        self._select_quietly(-1)
        for c in self.committers:
            c.discard()
        for edit in (self.who_edit, self.about_edit, self.impact_edit, self.ds_family_edit):
            edit.clear()
        self.sentence_edit.blockSignals(True)
        self.sentence_edit.clear()
        self.sentence_edit.blockSignals(False)
        self._auto = True
        self._load(None)
        self.who_edit.setFocus()

    def delete_current(self) -> None:
        if self._current_id is None:
            return
        row = self.model.row_of(self._current_id)
        self.controller.delete("danger_statement", self._current_id)
        self._current_id = None
        self.refresh()
        if self.model.rows:
            select_row(self.table, min(row, len(self.model.rows) - 1))
        else:
            self._load(None)

    def move_current(self, delta: int) -> None:
        if self._current_id is None:
            return
        self.commit_pending()
        row = self.model.row_of(self._current_id)
        target = row + delta
        if 0 <= target < len(self.model.rows):
            self.controller.move("danger_statement", self._current_id, target)

    def select_statement(self, ent_id: str) -> None:
        select_row(self.table, self.model.row_of(ent_id))
