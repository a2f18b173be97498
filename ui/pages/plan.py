"""The plan step: next steps (what, who, by when), the contingency and the next meeting dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QHideEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpacerItem,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from conference.language.analysis_checks import plan_warnings
from conference.language.plain_language import strip_title
from conference.timescales import (
    Nation,
    first_core_group_by,
    parse_nation,
    review_due_by,
    suggest_datetime,
)
from conference.written_dates import date_in_words, read_date
from ui.controller import ConferenceController
from ui.pages.analysis import (
    CheckListModel,
    RowsTableModel,
    add_audience_rows,
    children_items,
    family_items,
    family_view_combo,
    make_action,
    select_row,
    set_family_view,
    show_warnings,
    table_view,
    warning_label,
)
from ui.widgets.date_entry import DateEntry, DateTimeEntry
from ui.widgets.debounce import TextCommitter
from ui.widgets.delegates import ChoiceDelegate, commit_on_enter
from ui.widgets.keep_back import KeepBackPopup
from ui.widgets.keep_back import install as install_keep_back
from ui.widgets.labels import STEP_STATUS_LABELS

__all__ = ["NextStepsModel", "PlanPage", "council_nation"]

AnyIndex = QModelIndex | QPersistentModelIndex


def council_nation() -> Nation:
    """The council's nation for bank holidays (England and Wales when not set up)."""
    try:
        from conference.council import load_council_settings

        return parse_nation(load_council_settings().nation)
    except Exception:  # a missing or broken settings file must not stop the plan page
        return Nation.ENGLAND_WALES


def _short(text: str, n: int = 45) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _long_date(value: str | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value[:10])
    return f"{day:%a} {day.day} {day:%b %Y}"


_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof"})


def default_owner(person: dict[str, Any]) -> str:
    """How a plan usually names someone: "Daniel", or "Lucy (health visitor)".

    A title is not a first name: "PC Anna Kowalski" is "Anna (police officer)", "Dr Ian
    Patel" is "Ian (GP)".
    """
    words = strip_title(str(person["name"])).split() or [""]
    if len(words) > 1 and words[0].rstrip(".").casefold() in _HONORIFICS:
        words = words[1:]
    first = words[0]
    return first if person.get("is_family") else f"{first} ({person['role'].lower()})"


class NextStepsModel(RowsTableModel):
    """The next steps of the plan, in order."""

    headers = (
        "What",
        "Who (as written)",
        "Person",
        "By when",
        "Safety goal",
        "Children",
        "Kept back",
        "Status",
        "Family's view",
    )
    EDITABLE = (0, 1, 2, 3, 4, 7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.people: dict[str, dict[str, Any]] = {}
        self.goals: dict[str, str] = {}
        self.child_names: dict[str, str] = {}
        self.commit: Callable[[str, dict[str, Any]], bool] | None = None

    def set_doc(self, doc: dict[str, Any]) -> None:
        self.people = {p["id"]: p for p in doc["participants"]}
        self.goals = {
            g["id"]: f"{n}. {_short(g['text'], 40)}" for n, g in enumerate(doc["safety_goals"], 1)
        }
        self.child_names = {c["id"]: c.get("known_as") or c["name"] for c in doc["children"]}
        self.set_rows(doc["next_steps"])

    def display(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            return str(row["action"])
        if column == 1:
            return str(row.get("owner") or "")
        if column == 2:
            person = self.people.get(row.get("owner_participant") or "")
            return person["name"] if person else ""
        if column == 3:
            return _long_date(row.get("due"))
        if column == 4:
            return self.goals.get(row.get("safety_goal") or "", "")
        if column == 5:
            kids = row.get("children") or []
            return ", ".join(self.child_names.get(c, c) for c in kids) if kids else "All"
        if column == 6:
            if row.get("restricted"):
                return "Restricted"
            names = [self.people.get(p, {}).get("name", p) for p in row.get("withheld_from", [])]
            return f"Not shared with {', '.join(names)}" if names else ""
        if column == 7:
            return STEP_STATUS_LABELS.get(row.get("status", "open"), row.get("status", ""))
        view = {True: "Agrees", False: "Disagrees", None: ""}[row.get("family_agrees")]
        comment = row.get("family_comment") or ""
        return f"{view}: {comment}" if view and comment else view or comment

    def edit_value(self, row: dict[str, Any], column: int) -> Any:
        key = {
            0: "action",
            1: "owner",
            2: "owner_participant",
            3: "due",
            4: "safety_goal",
            7: "status",
        }.get(column)
        return row.get(key) if key else self.display(row, column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(  # noqa: N802
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.commit is None:
            return False
        row = self.rows[index.row()]
        column = index.column()
        changes: dict[str, Any]
        if column == 0:
            if not str(value).strip():
                return False
            changes = {"action": str(value)}
        elif column == 1:
            changes = {"owner": str(value)}
        elif column == 2:
            changes = {"owner_participant": value or None}
            person = self.people.get(value or "")
            before = self.people.get(row.get("owner_participant") or "")
            written = str(row.get("owner") or "").strip()
            # "Who (as written)" follows "Person" until the chair writes something else.
            if person and (not written or (before and written == default_owner(before))):
                changes["owner"] = default_owner(person)
        elif column == 3:
            changes = {"due": value or None}
        elif column == 4:
            changes = {"safety_goal": value or None}
        elif column == 7:
            changes = {"status": value}
        else:
            return False
        return self.commit(row["id"], changes)


class WrittenDateDelegate(QStyledItemDelegate):
    """The plan's "By when": typed as people write it; saves only a date it has read."""

    def __init__(self, page: PlanPage) -> None:
        super().__init__(page)
        self.page = page

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = DateEntry(parent, prefer="future")
        editor.reading.hide()  # a table row has no room: the page shows it beside the table
        editor.edit.setAccessibleName("By when")
        editor.edit.textEdited.connect(lambda _t: self.page.show_date_reading(editor))
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter saves and closes at once: Qt's queued commit could reach a closed editor.
        return commit_on_enter(self, watched, event) or super().eventFilter(watched, event)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, DateEntry)
        if editor.edit.isModified():
            return  # the chair is typing: a refresh must not overwrite it
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.set_date(dt.date.fromisoformat(str(value)[:10]) if value else None)
        editor.edit.selectAll()  # the first key typed replaces the stored date

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex
    ) -> None:
        assert isinstance(editor, DateEntry)
        text = editor.edit.text().strip()
        if not text:
            model.setData(index, None, Qt.ItemDataRole.EditRole)
            self.page.date_note.setText("")
            return
        found = read_date(text, editor.today(), "future")
        if not found.ok or found.date is None:
            self.page.show_date_reading(editor)  # nothing saved; the reason stays on the page
            return
        self.page.date_note.setText("")
        model.setData(index, found.date.isoformat(), Qt.ItemDataRole.EditRole)


class _DateTimeField(QObject):
    """A conference date-time with a suggestion from the statutory timescales."""

    def __init__(
        self, page: PlanPage, field: str, name: str, suggest: Callable[[], dt.datetime]
    ) -> None:
        super().__init__(page)
        self.page = page
        self.field = field
        self.suggest = suggest
        # The one date entry (typed as written, read back in words) with the time beside it.
        self.edit = DateTimeEntry(prefer="future")
        self.edit.edit.setAccessibleName(name)
        self.edit.time_edit.setAccessibleName(f"{name}: time")
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.use_button = QToolButton()
        self.use_action = make_action(
            page, f"Use suggested date for {name.lower()}", self.use_suggested
        )
        self.use_action.setText("Use suggested")
        self.use_button.setDefaultAction(self.use_action)
        self.use_button.setAccessibleName(f"Use the suggested date for {name.lower()}")
        self.use_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.edit.committed.connect(lambda _v: self.flush())

    def value(self) -> str | None:
        when = self.edit.value()
        return when.isoformat(timespec="seconds") if when else None

    @property
    def pending(self) -> bool:
        return False  # a typed date is saved on Enter or when the focus leaves it

    def flush(self) -> None:
        value = self.value()
        if self.page.controller.conference_row().get(self.field) != value:
            self.page.controller.update_conference({self.field: value}, merge=True)

    def show(self, stored: str | None) -> None:
        if stored == self.value() or self.edit.is_unread():
            return
        self.edit.set_value(dt.datetime.fromisoformat(stored) if stored else None)

    def use_suggested(self) -> None:
        value = self.suggest().isoformat(timespec="seconds")
        if self.page.controller.conference_row().get(self.field) != value:
            self.page.controller.update_conference(
                {self.field: value}, text="Use the suggested date"
            )


class PlanPage(QWidget):
    """Next steps, keyboard-first; the contingency; the first core group and review dates."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._current_id: str | None = None
        self.setAccessibleName("Plan")

        self.entry = QLineEdit()
        self.entry.setAccessibleName("New next step")
        self.entry.setPlaceholderText("Type a next step and press Enter")
        self.entry.returnPressed.connect(self.add_from_entry)
        install_keep_back(self.entry, lambda: controller.rows("participant"), self.add_from_entry)

        self.model = NextStepsModel(self)
        self.model.commit = lambda sid, changes: self.controller.update("next_step", sid, changes)
        self.table = table_view(self.model, "Next steps")
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.person_delegate = ChoiceDelegate(self, self._people_choices)
        self.goal_delegate = ChoiceDelegate(self, self._goal_choices)
        self.status_delegate = ChoiceDelegate(self, lambda: list(STEP_STATUS_LABELS.items()))
        self.date_delegate = WrittenDateDelegate(self)
        self.table.setItemDelegateForColumn(2, self.person_delegate)
        self.table.setItemDelegateForColumn(3, self.date_delegate)
        self.table.setItemDelegateForColumn(4, self.goal_delegate)
        self.table.setItemDelegateForColumn(7, self.status_delegate)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(4, 160)
        self.table.resizeColumnToContents(1)  # "Who (as written)" in full
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        # List actions belong to the list: Delete in a text field or tick list stays there.
        self.delete_action = make_action(
            self.table, "Remove next step", self.delete_current, QKeySequence.StandardKey.Delete
        )
        self.up_action = make_action(
            self.table, "Move step up", lambda: self.move_current(-1), "Ctrl+Up"
        )
        self.down_action = make_action(
            self.table, "Move step down", lambda: self.move_current(1), "Ctrl+Down"
        )
        # One chord to the selected step's "By when", from anywhere on the page.
        self.due_action = make_action(
            self, "Set By when", self.edit_due, "Ctrl+D", "Type when the selected step is due"
        )
        toolbar = QToolBar("Next steps")
        for a in (self.delete_action, self.up_action, self.down_action):
            toolbar.addAction(a)

        # The selected step's children, who may see it, and the family's view.
        self.children_model = CheckListModel(self)
        self.children_model.toggled.connect(lambda ids: self._save_step({"children": ids}))
        self.restricted_check = QCheckBox("Restricted: no family member may see this step")
        self.restricted_check.toggled.connect(lambda on: self._save_step({"restricted": on}))
        self.withheld_model = CheckListModel(self)
        self.withheld_model.toggled.connect(lambda ids: self._save_step({"withheld_from": ids}))
        self.family_combo = family_view_combo()
        self.family_combo.currentIndexChanged.connect(
            lambda _i: self._save_step({"family_agrees": self.family_combo.currentData()})
        )
        self.family_edit = QLineEdit()
        self.family_edit.setAccessibleName("The family's words about this step")
        self.family_edit.setPlaceholderText("In the family's own words")
        self.family_committer = TextCommitter(
            self.family_edit, lambda t: self._save_step({"family_comment": t})
        )
        self.step_box = QGroupBox("The selected step")
        step_form = QFormLayout(self.step_box)
        add_audience_rows(
            step_form,
            self.children_model,
            self.restricted_check,
            self.withheld_model,
            self.family_combo,
            self.family_edit,
        )

        self.warnings = warning_label()
        # How the "By when" being typed was read, or why it was not saved.
        self.date_note = QLabel()
        self.date_note.setWordWrap(True)
        self.date_note.setAccessibleName("By when, as read")

        # If the plan does not work; and when the family will meet again.
        self.contingency_edit = QPlainTextEdit()
        self.contingency_edit.setAccessibleName(
            "Contingency: what happens if the plan does not work"
        )
        self.contingency_edit.setTabChangesFocus(True)
        self.contingency_edit.setMaximumHeight(80)
        self.contingency_committer = TextCommitter(
            self.contingency_edit,
            lambda t: self._save_conference({"contingency": t}),
        )
        self.core_group = _DateTimeField(
            self, "core_group_first_meeting", "First core group", self.suggested_core_group
        )
        self.review = _DateTimeField(
            self, "review_conference", "Review conference", self.suggested_review
        )
        close_box = QGroupBox("If the plan does not work, and the next meetings")
        close_form = QFormLayout(close_box)
        close_form.addRow("What happens if this does not work:", self.contingency_edit)
        # Its own keep-back: Ctrl+Shift+Enter in it opens the chooser (restricted first).
        self.contingency_kept = QLabel()
        self.contingency_kept.setWordWrap(True)
        self.contingency_kept.setStyleSheet(
            "background: #fff1c7; color: #7a4a00; font-weight: bold; padding: 3px 6px;"
        )
        self.contingency_kept.setVisible(False)
        close_form.addRow("", self.contingency_kept)
        self.contingency_keep_back = make_action(
            self.contingency_edit,
            "Keep back from...",
            self.keep_back_contingency,
            "Ctrl+Shift+Return",
            "Keep what happens if the plan does not work back from the family, or share it again",
        )
        self.contingency_keep_back.setShortcuts(
            [QKeySequence("Ctrl+Shift+Return"), QKeySequence("Ctrl+Shift+Enter")]
        )
        from ui.widgets.leak_marks import LeakMarkLabel, leak_watch

        self.contingency_leak = LeakMarkLabel(self)
        close_form.addRow("", self.contingency_leak)
        for label, field in (
            ("First core group:", self.core_group),
            ("Review conference:", self.review),
        ):
            row = QHBoxLayout()
            row.addWidget(field.edit, 1)
            row.addWidget(field.use_button, 0, Qt.AlignmentFlag.AlignTop)
            close_form.addRow(label, row)
            close_form.addRow("", field.suggestion)
        # Height to spare goes under the last row: spread between the rows, it set each label
        # far from the next, and a date from the words that say how it was read.
        for form in (step_form, close_form):
            form.addItem(
                QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
            )

        top = QWidget()
        self._top = top
        top.installEventFilter(self)  # its height follows its wrapped warnings (see eventFilter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.entry)
        top_layout.addWidget(toolbar)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.date_note)
        top_layout.addWidget(self.warnings)
        self.leak_mark = LeakMarkLabel(self)
        top_layout.addWidget(self.leak_mark)
        self.leaks = leak_watch(controller)
        self.leaks.updated.connect(self._show_leaks)
        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self._bottom_layout = bottom_layout
        self._bottom = bottom
        bottom_layout.addWidget(self.step_box, 1)
        bottom_layout.addWidget(close_box, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        controller.changed.connect(self._changed)
        self.refresh()
        if self.model.rows:
            select_row(self.table, 0)

    def _show_leaks(self) -> None:
        """Beside the steps and the contingency: what may give away something kept back."""
        lines = []
        for n, r in enumerate(self.model.rows, 1):
            mark = self.leaks.mark("next_step", str(r["id"]))
            if mark:
                lines.append(f"Step {n}: {mark}")
        self.leak_mark.show_lines(lines)
        self.contingency_leak.show_lines(self.leaks.marks.get(("contingency", ""), []))

    # ------------------------------------------------------------ suggestions

    def _conference_day(self) -> tuple[dt.date, dt.datetime]:
        starts = dt.datetime.fromisoformat(self.controller.conference_row()["starts_at"])
        return starts.date(), starts

    def suggested_core_group(self) -> dt.datetime:
        """The latest day the first core group may meet (10 working days), at the usual time."""
        day, starts = self._conference_day()
        return suggest_datetime(
            first_core_group_by(day, council_nation()), starts.hour, starts.minute
        )

    def suggested_review(self) -> dt.datetime:
        """The latest day for the review conference (3 months, or 6 after a review)."""
        day, starts = self._conference_day()
        kind = self.controller.conference_row()["kind"]
        return suggest_datetime(
            review_due_by(day, kind, council_nation()), starts.hour, starts.minute
        )

    # ------------------------------------------------------------ reading

    def _people_choices(self) -> list[tuple[Any, str]]:
        return [(None, "Nobody chosen")] + [
            (p["id"], f"{p['name']} ({p['role']})") for p in self.controller.rows("participant")
        ]

    def _goal_choices(self) -> list[tuple[Any, str]]:
        return [(None, "No safety goal")] + [
            (g["id"], f"{n}. {_short(g['text'], 60)}")
            for n, g in enumerate(self.controller.rows("safety_goal"), 1)
        ]

    def _changed(self, kind: str, _ent_id: str, _action: str) -> None:
        if kind in ("next_step", "safety_goal", "conference", "participant", "child"):
            self.refresh()

    def step(self) -> dict[str, Any] | None:
        for s in self.controller.rows("next_step"):
            if s["id"] == self._current_id:
                return s  # type: ignore[no-any-return]
        return None

    def refresh(self) -> None:
        tables = self.controller.tables()
        conf = self.controller.conference_row()
        self.model.set_doc(tables)
        if self._current_id is not None and self.step() is None:
            self._current_id = None
        row = self.model.row_of(self._current_id)
        if self.table.currentIndex().row() != row and row >= 0:
            select_row(self.table, row)
        self._load_step()
        self.contingency_committer.set_text(conf.get("contingency") or "")
        self._show_contingency_kept(conf)
        self.core_group.show(conf.get("core_group_first_meeting"))
        self.review.show(conf.get("review_conference"))
        for field, label, rule in (
            (self.core_group, "the first core group", "the 10th working day after this one"),
            (self.review, "the review", "the last working day within the time allowed"),
        ):
            try:
                when = field.suggest()
            except ValueError:
                field.suggestion.setText("")
                field.use_action.setEnabled(False)
                continue
            field.use_action.setEnabled(True)
            field.suggestion.setText(
                f"Suggested for {label}: {when:%A} {when.day} {when:%B %Y}, {when:%H:%M}: "
                f"{rule}, skipping weekends and bank holidays."
            )
        # The plan checks read the interchange document, like the reports do.
        show_warnings(
            self.warnings,
            [m for _, m in plan_warnings(self.controller.doc())] + self.date_warnings(),
        )

    def show_date_reading(self, editor: DateEntry) -> None:
        """Beside the table: the "By when" being typed, in words, or why it is not saved."""
        text = editor.edit.text().strip()
        if not text:
            self.date_note.setText("By when: no date (leave it empty for none)")
            self.date_note.setStyleSheet("")
            return
        found = read_date(text, editor.today(), "future")
        if found.ok:
            self.date_note.setText(f"By when: {found.words}. Press Enter to save it.")
            self.date_note.setStyleSheet("")
        else:
            self.date_note.setText(f"By when: not saved. {found.message}")
            self.date_note.setStyleSheet("color: #b71c1c; font-weight: bold;")

    def date_warnings(self) -> list[str]:
        """Dates that are allowed but look wrong: warned about here, never refused."""
        try:
            day, _starts = self._conference_day()
        except (KeyError, TypeError, ValueError):
            return []
        out: list[str] = []
        meeting = date_in_words(day)
        for n, s in enumerate(self.controller.rows("next_step"), 1):
            due = s.get("due")
            if due and dt.date.fromisoformat(str(due)[:10]) < day:
                out.append(
                    f"Next step {n} (\u201c{_short(s['action'], 40)}\u201d): its By when is "
                    f"before this meeting ({meeting}). Check the date."
                )
        conf = self.controller.conference_row()
        review = conf.get("review_conference")
        if review and dt.date.fromisoformat(str(review)[:10]) < day:
            out.append(f"The review conference is before this meeting ({meeting}). Check it.")
        core = conf.get("core_group_first_meeting")
        if core:
            core_day = dt.date.fromisoformat(str(core)[:10])
            latest = first_core_group_by(day, council_nation())
            if core_day < day:
                out.append(f"The first core group is before this meeting ({meeting}). Check it.")
            elif core_day > latest:
                out.append(
                    "The first core group is later than 10 working days after this meeting: "
                    f"the latest is {date_in_words(latest)}."
                )
        return out

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.family_committer.flush()
        self._current_id = self.model.rows[current.row()]["id"] if current.isValid() else None
        self.family_committer.discard()
        self._load_step()

    def _load_step(self) -> None:
        doc = self.controller.tables()
        s = self.step() or {}
        self.step_box.setEnabled(bool(s))
        self.children_model.set_items(children_items(doc), s.get("children", []))
        self.withheld_model.set_items(family_items(doc), s.get("withheld_from", []))
        self.restricted_check.blockSignals(True)
        self.restricted_check.setChecked(bool(s.get("restricted")))
        self.restricted_check.blockSignals(False)
        set_family_view(self.family_combo, s.get("family_agrees"))
        self.family_committer.set_text(s.get("family_comment", ""))

    # ------------------------------------------------------------ writing

    def _arrange(self) -> None:
        """Side by side when there is room; one above the other at a large zoom (no cut box)."""
        room = self.width() >= self.fontMetrics().horizontalAdvance("0") * 190
        direction = QBoxLayout.Direction.LeftToRight if room else QBoxLayout.Direction.TopToBottom
        if self._bottom_layout.direction() != direction:
            self._bottom_layout.setDirection(direction)
        # The boxes below the table keep the height their rows need: at 200% the splitter
        # squashed them (the contingency to a line and a half, the dates below their text)
        # instead of letting the page scroll.
        # Four lines of the contingency at any zoom (a fixed 80 px held 2.5 lines at 200%).
        self.contingency_edit.setMaximumHeight(
            self.contingency_edit.fontMetrics().lineSpacing() * 4 + 12
        )
        self._bottom_layout.invalidate()
        self._bottom.setMinimumHeight(self._bottom_layout.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        top = getattr(self, "_top", None)
        if watched is top and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            # The table and every wrapped line under it (the dates to check, the leak line)
            # stay whole: at 200% the splitter cut the third warning in half and hid the
            # fourth, instead of letting the page scroll.
            layout = top.layout()
            if layout is not None:
                need = max(layout.minimumSize().height(), layout.minimumHeightForWidth(top.width()))
                if need != top.minimumHeight():
                    top.setMinimumHeight(need)
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._arrange()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.commit_pending()  # the chair moved to another agenda step
        super().hideEvent(event)

    def commit_pending(self) -> None:
        self.family_committer.flush()
        self.contingency_committer.flush()
        for f in (self.core_group, self.review):
            if f.pending:
                f.flush()

    def _save_step(self, changes: dict[str, Any]) -> None:
        s = self.step()
        if s is None:
            return
        changes = {k: v for k, v in changes.items() if s.get(k) != v}
        if changes:
            merge = all(isinstance(v, str) for v in changes.values())
            self.controller.update("next_step", s["id"], changes, merge=merge)

    def keep_back_contingency(self) -> None:
        """The keep-back chooser for the contingency: restricted, withheld, or shared again."""
        self.contingency_committer.hold()  # nothing typed is saved, unkept, while choosing

        def choose(values: dict[str, Any]) -> None:
            changes = {f"contingency_{k}": v for k, v in values.items()}
            if "contingency_withheld_from" in changes:
                changes.setdefault("contingency_restricted", False)
            # Kept back first, then the typing saved: the new words never show unkept.
            self.controller.update_conference(changes, text="Keep back the contingency")
            self.contingency_committer.flush()

        popup = KeepBackPopup(
            self.contingency_edit,
            self.controller.rows("participant"),
            choose,
            share_again=True,
        )
        edit = self.contingency_edit
        popup.popup(edit.viewport().mapToGlobal(edit.cursorRect().bottomLeft()))

    def _show_contingency_kept(self, conf: dict[str, Any]) -> None:
        names = {p["id"]: p["name"] for p in self.controller.rows("participant")}
        if conf.get("contingency_restricted"):
            text = "Restricted: the family will not see this"
        elif conf.get("contingency_withheld_from"):
            text = "Not shared with " + " and ".join(
                str(names.get(p, p)) for p in conf["contingency_withheld_from"]
            )
        else:
            text = ""
        self.contingency_kept.setText(text)
        self.contingency_kept.setVisible(bool(text))

    def _save_conference(self, changes: dict[str, Any]) -> None:
        conf = self.controller.conference_row()
        changes = {k: v for k, v in changes.items() if conf.get(k) != v}
        if changes:
            self.controller.update_conference(changes, merge=True)

    def add_from_entry(self, keep_back: dict[str, Any] | None = None) -> None:
        """Add the step typed in the entry line; `keep_back` adds it already kept back."""
        text = self.entry.text().strip()
        if not text:
            return
        values: dict[str, Any] = {
            "action": text,
            "restricted": self.controller.new_items_restricted(),
            **(keep_back or {}),
        }
        new_id = self.controller.add("next_step", values, text="Add next step")
        if new_id is not None:
            self.entry.clear()
            self._current_id = new_id
            self.refresh()
            select_row(self.table, self.model.row_of(new_id))

    def edit_due(self) -> None:
        """Open the selected step's "By when" (the newest step if none is selected)."""
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            row = len(self.model.rows) - 1
        if row < 0:
            return
        index = self.model.index(row, 3)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def set_cell(self, row: int, column: int, value: Any) -> bool:
        """Change one cell as its editor would."""
        return self.model.setData(self.model.index(row, column), value)

    def delete_current(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            return
        self.controller.delete("next_step", self.model.rows[row]["id"])
        if self.model.rows:
            select_row(self.table, min(row, len(self.model.rows) - 1))

    def move_current(self, delta: int) -> None:
        row = self.table.currentIndex().row()
        target = row + delta
        if 0 <= row < len(self.model.rows) and 0 <= target < len(self.model.rows):
            ent_id = self.model.rows[row]["id"]
            self._current_id = ent_id
            self.controller.move("next_step", ent_id, target)
            select_row(self.table, self.model.row_of(ent_id))
