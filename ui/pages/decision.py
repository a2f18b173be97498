"""The decision step, for each child separately: outcome, category, agency views and dissent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from conference.labels import CATEGORY_LABELS
from conference.language.analysis_checks import quorum_warning
from conference.operations.review import PreviousDecision, previous_decisions
from ui.controller import ConferenceController
from ui.pages.analysis import (
    RowsTableModel,
    make_action,
    select_row,
    table_view,
)
from ui.pages.pane import tint
from ui.widgets.debounce import TextCommitter
from ui.widgets.delegates import ChoiceDelegate

__all__ = [
    "AgencyViewsModel",
    "CATEGORY_LABELS",
    "ChildDecisionsModel",
    "DecisionPage",
    "DissentModel",
    "last_time_words",
    "outcome_choices",
]

AnyIndex = QModelIndex | QPersistentModelIndex
PLAN_OUTCOMES = ("child_protection_plan", "plan_continues")
OUTCOME_LABELS = {
    "child_protection_plan": "Child protection plan",
    "child_in_need_plan": "Child in need plan",
    "no_further_action": "No further action",
    "plan_continues": "The child protection plan continues",
    "plan_ends_child_in_need": "The plan ends: child in need plan",
    "plan_ends_no_further_action": "The plan ends: no further action",
}
VIEW_LABELS = {"plan": "Plan", "no_plan": "No plan", "abstain": "Abstains"}
_PRESENT = ("present", "part")
_FIELDS = ("outcome", "categories", "rationale", "agency_views", "dissent")


def outcome_choices(kind: str) -> list[tuple[str, str | None]]:
    """The outcomes a conference of this kind can reach (a review decides whether a plan ends)."""
    keys = (
        ("plan_continues", "plan_ends_child_in_need", "plan_ends_no_further_action")
        if kind == "review"
        else ("child_protection_plan", "child_in_need_plan", "no_further_action")
    )
    return [("Not decided yet", None)] + [(OUTCOME_LABELS[k], k) for k in keys]


# The outcomes as a sentence says them ("Last time: child protection plan, ...").
OUTCOME_WORDS = {
    "child_protection_plan": "child protection plan",
    "child_in_need_plan": "child in need plan",
    "no_further_action": "no further action",
    "plan_continues": "the child protection plan continued",
    "plan_ends_child_in_need": "the plan ended (child in need plan)",
    "plan_ends_no_further_action": "the plan ended (no further action)",
}


def last_time_words(previous: PreviousDecision | None, child_name: str = "this child") -> str:
    """The decision for a child at the conference this review reviews, for the chair's reference."""
    if previous is None:
        return f"Last time: no decision was recorded for {child_name}."
    words = OUTCOME_WORDS.get(previous.outcome, previous.outcome.replace("_", " "))
    cats = [CATEGORY_LABELS.get(c, c).lower() for c in previous.categories]
    if not cats:
        return f"Last time: {words}."
    joined = cats[0] if len(cats) == 1 else ", ".join(cats[:-1]) + " and " + cats[-1]
    return f"Last time: {words}, {'category' if len(cats) == 1 else 'categories'} {joined}."


def bold_font() -> QFont:
    """Bold, and nothing else set: the size still follows the window's zoom."""
    font = QFont()
    font.setBold(True)
    return font


def note(label: QLabel, text: str, background: str) -> None:
    """A tinted note through the palette (a style sheet would stop it following the zoom)."""
    tint(label, text, background)
    label.setMargin(6)


def needs_category_message(child_name: str) -> str:
    return (
        f"Not saved: a child protection plan for {child_name} needs at least one category "
        "(neglect, physical abuse, emotional abuse or sexual abuse). Tick one to save it."
    )


class ChildDecisionsModel(RowsTableModel):
    """Each child with the decision made (or not yet made) for them."""

    headers = ("Child", "Decision")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.decisions: dict[str, dict[str, Any]] = {}

    def set_doc(self, doc: dict[str, Any]) -> None:
        self.decisions = {d["child"]: d for d in doc["decisions"]}
        self.set_rows(doc["children"])

    def display(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            return str(row["name"])
        d = self.decisions.get(row["id"])
        if d is None:
            return "Not decided yet"
        cats = ", ".join(CATEGORY_LABELS[c].lower() for c in d["categories"])
        return OUTCOME_LABELS[d["outcome"]] + (f" ({cats})" if cats else "")


class AgencyViewsModel(RowsTableModel):
    """One row per professional in the room: their agency's view and why."""

    headers = ("Person", "Agency", "View", "Reason")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.views: dict[str, dict[str, Any]] = {}
        self.commit: Any = None  # (participant id, view or None, reason) -> None

    def set_views(self, people: list[dict[str, Any]], views: list[dict[str, Any]]) -> None:
        self.views = {v["participant"]: v for v in views}
        self.set_rows(people)

    def display(self, row: dict[str, Any], column: int) -> str:
        view = self.views.get(row["id"], {})
        if column == 0:
            return f"{row['name']} ({row['role']})"
        if column == 1:
            return str(row.get("agency") or "")
        if column == 2:
            return VIEW_LABELS.get(view.get("view", ""), "Not asked yet")
        return str(view.get("reason") or "")

    def edit_value(self, row: dict[str, Any], column: int) -> Any:
        view = self.views.get(row["id"], {})
        if column == 2:
            return view.get("view")
        return view.get("reason", "") if column == 3 else self.display(row, column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        has_view = self.rows[index.row()]["id"] in self.views
        if index.column() == 2 or (index.column() == 3 and has_view):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(  # noqa: N802
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.commit is None:
            return False
        person = self.rows[index.row()]["id"]
        current = self.views.get(person, {})
        if index.column() == 2:
            if value is not None and value not in VIEW_LABELS:
                return False
            self.commit(person, value, current.get("reason", ""))
            return True
        if index.column() == 3 and current:
            self.commit(person, current["view"], str(value))
            return True
        return False


class DissentModel(RowsTableModel):
    """Who disagrees with the decision, in their own words."""

    headers = ("Who disagrees", "In their words")
    id_key = "participant"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.people: dict[str, dict[str, Any]] = {}

    def display(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            p = self.people.get(row["participant"], {})
            return f"{p.get('name', '?')} ({p.get('role', '')})"
        return str(row.get("reason") or "")


class DecisionPage(QWidget):
    """For each child: the outcome, categories, each agency's view, the rationale and dissent."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._child: str | None = None
        # What the chair has set for a child that cannot be saved yet (no outcome, or a plan
        # without a category), so nothing typed is lost while the decision is being made.
        self._pending: dict[str, dict[str, Any]] = {}
        self._loading = False
        # At a review: the decision per child last time, read once per refresh.
        self._previous: dict[str, PreviousDecision] | None = None
        self.setAccessibleName("Decision")

        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.quorum_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quorum_label.setAccessibleName("Quorum warning")
        note(self.quorum_label, "#5c4400", "#fff3cd")

        self.children_model = ChildDecisionsModel(self)
        self.children_table = table_view(self.children_model, "Children")
        # A chooser, not a grid to edit: Tab goes on to the outcome, Up and Down choose a child.
        self.children_table.setTabKeyNavigation(False)
        self.children_table.selectionModel().currentRowChanged.connect(self._child_changed)

        self.previous_label = QLabel()
        self.previous_label.setWordWrap(True)
        self.previous_label.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_label.setAccessibleName("The decision last time")
        note(self.previous_label, "#1a2a40", "#e8eef7")
        self.previous_label.setVisible(False)
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName("Outcome")
        self.outcome_combo.currentIndexChanged.connect(self._outcome_chosen)
        self.category_checks: dict[str, QCheckBox] = {}
        categories = QHBoxLayout()
        for key, label in CATEGORY_LABELS.items():
            box = QCheckBox(label)
            box.toggled.connect(lambda _on: self._categories_changed())
            self.category_checks[key] = box
            categories.addWidget(box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        tint(self.message, "#b00020")
        self.message.setFont(bold_font())
        self.message.setVisible(False)

        self.views_model = AgencyViewsModel(self)
        self.views_model.commit = self._set_view
        self.views_table = table_view(self.views_model, "Each agency's view")
        self.views_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view_delegate = ChoiceDelegate(
            self, lambda: [(None, "Not asked yet"), *VIEW_LABELS.items()]
        )
        self.views_table.setItemDelegateForColumn(2, self.view_delegate)

        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setAccessibleName("The chair's reasons")
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setMaximumHeight(90)
        self.rationale_committer = TextCommitter(
            self.rationale_edit, lambda t: self._write({"rationale": t}, merge=True)
        )

        self.dissent_model = DissentModel(self)
        self.dissent_table = table_view(self.dissent_model, "Dissent")
        self.dissent_person = QComboBox()
        self.dissent_person.setAccessibleName("Who disagrees")
        self.dissent_edit = QLineEdit()
        self.dissent_edit.setAccessibleName("Their words")
        self.dissent_edit.setPlaceholderText("What they said, in their own words; press Enter")
        self.dissent_edit.returnPressed.connect(self.add_dissent)
        self.remove_dissent_action = make_action(
            self.dissent_table,
            "Remove dissent",
            self.remove_dissent,
            QKeySequence.StandardKey.Delete,
        )

        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.addRow(self.previous_label)
        form.addRow("Outcome:", self.outcome_combo)
        form.addRow("Category:", categories)
        form.addRow("", self.message)
        form.addRow("Each agency's view:", self.views_table)
        self.views_hint = QLabel(
            "A view given for one child is given for each child without one yet: "
            "change it for a child only where that agency's view differs."
        )
        self.views_hint.setWordWrap(True)
        form.addRow("", self.views_hint)
        form.addRow("The chair's reasons:", self.rationale_edit)
        dissent_row = QHBoxLayout()
        dissent_row.addWidget(self.dissent_person)
        dissent_row.addWidget(self.dissent_edit, 1)
        dissent_box = QGroupBox("Who disagrees with the decision (recorded in their words)")
        dissent_layout = QVBoxLayout(dissent_box)
        dissent_layout.addLayout(dissent_row)
        dissent_layout.addWidget(self.dissent_table)
        form.addRow(dissent_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.children_table)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 3)
        self._fit_children()
        layout = QVBoxLayout(self)
        layout.addWidget(self.quorum_label)
        layout.addWidget(splitter, 1)

        controller.changed.connect(self._changed)
        self.refresh()
        if self.children_model.rows:
            select_row(self.children_table, 0)

    # ------------------------------------------------------------ reading

    def _fit_children(self) -> None:
        """The children's list is wide enough for a name and its decision at any zoom."""
        self.children_table.setMinimumWidth(
            self.children_table.fontMetrics().horizontalAdvance("0") * 26
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_children()  # at 200% "Not decided yet" was cut to "Not deci"

    def _changed(self, kind: str, _ent_id: str, _action: str) -> None:
        if kind in ("decision", "conference", "participant", "child"):
            self.refresh()

    def _stored(self, child: str | None) -> dict[str, Any] | None:
        for d in self.controller.rows("decision"):
            if d["child"] == child:
                return d  # type: ignore[no-any-return]
        return None

    def current(self) -> dict[str, Any]:
        """The decision for the selected child as the page shows it: stored, plus unsaved."""
        return self.current_for(self._child)

    def current_for(self, child: str | None) -> dict[str, Any]:
        """A child's decision as the page would show it: stored, plus unsaved."""
        base: dict[str, Any] = {
            "outcome": None,
            "categories": [],
            "rationale": "",
            "agency_views": [],
            "dissent": [],
        }
        base.update({k: v for k, v in (self._stored(child) or {}).items() if k in _FIELDS})
        base.update(self._pending.get(child or "", {}))
        return base

    def _professionals(self) -> list[dict[str, Any]]:
        return [
            p
            for p in self.controller.rows("participant")
            if not p.get("is_family") and p.get("attendance", "present") in _PRESENT
        ]

    def refresh(self) -> None:
        doc = self.controller.tables()
        warning = quorum_warning(self.controller.doc())  # the checks read the interchange shape
        self.quorum_label.setText(warning or "")
        self.quorum_label.setVisible(warning is not None)
        keep = self._child
        self.children_model.set_doc(doc)  # a new or removed child resets the table
        row = self.children_model.row_of(keep) if keep is not None else -1
        if row >= 0 and self.children_table.currentIndex().row() != row:
            select_row(self.children_table, row)  # the child chosen stays chosen
        if self._child is not None and self.children_model.row_of(self._child) < 0:
            self._child = None
        kind = self.controller.conference_row()["kind"]
        self._previous = (
            {d.child: d for d in previous_decisions(self.controller.store, self.controller.cid)}
            if kind == "review"
            else None
        )
        choices = outcome_choices(kind)
        if [self.outcome_combo.itemData(i) for i in range(self.outcome_combo.count())] != [
            v for _, v in choices
        ]:
            self.outcome_combo.blockSignals(True)
            self.outcome_combo.clear()
            for text, value in choices:
                self.outcome_combo.addItem(text, value)
            self.outcome_combo.blockSignals(False)
        people = [(f"{p['name']} ({p['role']})", p["id"]) for p in doc["participants"]]
        if [
            (self.dissent_person.itemText(i), self.dissent_person.itemData(i))
            for i in range(self.dissent_person.count())
        ] != people:
            self.dissent_person.clear()
            for text, value in people:
                self.dissent_person.addItem(text, value)
        if self._child is None and self.children_model.rows:
            # The first child, as soon as there is one: the step never opens disabled.
            select_row(self.children_table, 0)
        self._load()

    def _child_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.rationale_committer.flush()
        self._child = self.children_model.rows[current.row()]["id"] if current.isValid() else None
        self.rationale_committer.discard()
        self._load()

    def _child_name(self) -> str:
        for c in self.controller.rows("child"):
            if c["id"] == self._child:
                return str(c.get("known_as") or c["name"])
        return "this child"

    def _load(self) -> None:
        self.editor.setEnabled(self._child is not None)
        shows_previous = self._previous is not None and self._child is not None
        self.previous_label.setText(
            last_time_words((self._previous or {}).get(self._child or ""), self._child_name())
            if shows_previous
            else ""
        )
        self.previous_label.setVisible(shows_previous)
        d = self.current()
        self._loading = True
        try:
            index = self.outcome_combo.findData(d["outcome"])
            self.outcome_combo.setCurrentIndex(max(index, 0))
            is_plan = d["outcome"] in PLAN_OUTCOMES
            for key, box in self.category_checks.items():
                box.setChecked(key in d["categories"])
                box.setEnabled(is_plan)
        finally:
            self._loading = False
        self.views_model.set_views(self._professionals(), d["agency_views"])
        self.rationale_committer.set_text(d["rationale"])
        self.dissent_model.people = {p["id"]: p for p in self.controller.rows("participant")}
        self.dissent_model.set_rows(d["dissent"])
        blocked = is_plan and not d["categories"]
        self.message.setText(needs_category_message(self._child_name()) if blocked else "")
        self.message.setVisible(blocked)

    # ------------------------------------------------------------ writing

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.commit_pending()  # the chair moved to another agenda step
        super().hideEvent(event)

    def commit_pending(self) -> None:
        self.rationale_committer.flush()

    def _write(self, changes: dict[str, Any], merge: bool = False) -> None:
        """Save a change to the selected child's decision, or hold it until it can be saved."""
        child = self._child
        if child is None:
            return
        stored = self._stored(child)
        pending = self._pending.setdefault(child, {})
        pending.update(changes)
        merged = self.current()
        outcome = merged["outcome"]
        if outcome not in PLAN_OUTCOMES and merged["categories"]:
            merged["categories"] = []  # only a plan has a category
        if outcome is None:
            if stored is not None and "outcome" in changes:
                # Back to "not decided": the decision is removed (undo brings it back) and
                # what was recorded stays on the page.
                for key in _FIELDS:
                    if key != "outcome":
                        pending[key] = merged[key]
                pending.pop("outcome", None)
                self.controller.delete("decision", child, text="Remove the decision")
            self._load()
            return
        if outcome in PLAN_OUTCOMES and not merged["categories"]:
            self._load()  # shows why it is not saved
            return
        values = {k: merged[k] for k in _FIELDS}
        if stored is None:
            ok = self.controller.add("decision", dict(values, child=child)) is not None
        else:
            diff = {k: v for k, v in values.items() if stored.get(k) != v}
            ok = not diff or self.controller.update("decision", child, diff, merge=merge)
        if ok:
            self._pending.pop(child, None)
        self._load()

    def _outcome_chosen(self, _index: int) -> None:
        if not self._loading:
            self._write({"outcome": self.outcome_combo.currentData()})

    def _categories_changed(self) -> None:
        if not self._loading:
            ticked = [k for k, box in self.category_checks.items() if box.isChecked()]
            # Keep the order they were ticked in: the record says them in the chair's order.
            kept = [c for c in self.current()["categories"] if c in ticked]
            self._write({"categories": kept + [c for c in ticked if c not in kept]})

    def set_outcome(self, outcome: str | None) -> None:
        self.outcome_combo.setCurrentIndex(self.outcome_combo.findData(outcome))

    def select_child(self, child: str) -> None:
        select_row(self.children_table, self.children_model.row_of(child))

    def _with_view(
        self, child: str | None, participant: str, view: str | None, reason: str
    ) -> list[dict[str, Any]]:
        order = [p["id"] for p in self.controller.rows("participant")]
        views = [
            v for v in self.current_for(child)["agency_views"] if v["participant"] != participant
        ]
        if view is not None:
            views.append({"participant": participant, "view": view, "reason": reason})
        views.sort(key=lambda v: order.index(v["participant"]) if v["participant"] in order else 0)
        return views

    def _set_view(self, participant: str, view: str | None, reason: str) -> None:
        """An agency's view for the selected child, and for every other child it has not
        given a view for yet: views are entered once, and changed only where they differ."""
        if view is not None:
            for row in self.children_model.rows:
                other = row["id"]
                given = self.current_for(other)["agency_views"]
                if other == self._child or any(v["participant"] == participant for v in given):
                    continue
                views = self._with_view(other, participant, view, reason)
                if self._stored(other) is None:
                    self._pending.setdefault(other, {})["agency_views"] = views
                else:
                    self.controller.update("decision", other, {"agency_views": views})
        self._write({"agency_views": self._with_view(self._child, participant, view, reason)})

    def set_view(self, participant: str, view: str | None, reason: str = "") -> None:
        """Record one agency's view as its row in the table would."""
        row = self.views_model.row_of(participant)
        self.views_model.setData(self.views_model.index(row, 2), view)
        if view is not None and reason:
            self.views_model.setData(self.views_model.index(row, 3), reason)

    def add_dissent(self) -> None:
        words = self.dissent_edit.text().strip()
        person = self.dissent_person.currentData()
        if not words or person is None:
            return
        dissent = [d for d in self.current()["dissent"] if d["participant"] != person]
        dissent.append({"participant": person, "reason": words})
        self._write({"dissent": dissent})
        self.dissent_edit.clear()

    def remove_dissent(self) -> None:
        row = self.dissent_table.currentIndex().row()
        if 0 <= row < len(self.dissent_model.rows):
            person = self.dissent_model.rows[row]["participant"]
            dissent = [d for d in self.current()["dissent"] if d["participant"] != person]
            self._write({"dissent": dissent})
