"""Before printing the family copy: what the plain-language check found, one action to accept each.

Printing is never blocked: the chair may print with findings left, the list only helps.
"Print…" opens the system print dialog and prints the pages; nothing is left in a temp folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from conference.errors import SfconfError
from conference.family_filter import family_members, family_view
from conference.language.leaks import Leak, find_leaks
from conference.language.plain_language import (
    DocumentFinding,
    apply_suggestion,
    check_document,
    readability,
)
from ui.controller import ConferenceController

_TOKEN = re.compile(r"(\w+)(?:\[(\d+)\])?")
_SCALING_FIELDS = {
    "question": "scaling_question",
    "zero_means": "scaling_zero_means",
    "ten_means": "scaling_ten_means",
}
_KINDS = {
    "children": "child",
    "participants": "participant",
    "items": "item",
    "danger_statements": "danger_statement",
    "safety_goals": "safety_goal",
    "next_steps": "next_step",
}


def _walk(doc: dict[str, Any], where: str) -> list[tuple[str, int | None]]:
    return [(m.group(1), int(m.group(2)) if m.group(2) else None) for m in _TOKEN.finditer(where)]


def text_at(doc: dict[str, Any], where: str) -> str:
    """The text an interchange path names, e.g. `items[3].text`."""
    node: Any = doc
    for name, index in _walk(doc, where):
        node = node[name]
        if index is not None:
            node = node[index]
    if isinstance(node, dict):  # a version 2 contingency: {"text", "restricted", ...}
        node = node.get("text")
    return str(node or "")


def place_name(doc: dict[str, Any], where: str, controller: ConferenceController) -> str:
    """Where a finding is, in the chair's words: 'What is going well, item 2'."""
    steps = _walk(doc, where)
    head, index = steps[0]
    n = (index or 0) + 1
    if head == "items":
        section = doc["items"][index or 0]["section"]
        # Numbered as the chair sees them: within their pane, not across the record.
        n = sum(1 for it in doc["items"][: (index or 0) + 1] if it["section"] == section)
        try:
            label = controller.template.section(section).label
        except KeyError:
            label = section
        return f"{label}, item {n}"
    if head == "scaling" and len(steps) > 1 and steps[1][0] == "scores":
        score = (doc.get("scaling") or {}).get("scores", [])[steps[1][1] or 0]
        who = {p["id"]: p["name"] for p in doc.get("participants", [])}.get(
            score.get("participant"), "?"
        )
        return f"Scaling, {who}'s reason"
    names = {
        "conference": "Why we met",
        "contingency": "If the plan does not work",
        "children": f"Child's view {n}",
        "participants": f"Who came, line {n}",
        "danger_statements": f"Danger statement {n}",
        "safety_goals": f"Safety goal {n}",
        "next_steps": f"Plan, step {n}",
        "decisions": f"Decision {n}",
        "scaling": "Scaling",
    }
    return names.get(head, where)


def apply_finding(controller: ConferenceController, finding: DocumentFinding) -> bool:
    """Write the plain words into the record through one undoable operation."""
    doc = controller.doc()
    old = text_at(doc, finding.where)
    new = apply_suggestion(old, finding)
    steps = _walk(doc, finding.where)
    head, index = steps[0]
    field = steps[-1][0]
    if head == "conference":
        return controller.update_conference({field: new}, text="Use plain words")
    if head == "contingency":
        return controller.update_conference({"contingency": new}, text="Use plain words")
    if head == "scaling":
        if field in _SCALING_FIELDS:
            return controller.update_conference(
                {_SCALING_FIELDS[field]: new}, text="Use plain words"
            )
        score = controller.rows("score")[steps[1][1] or 0]
        return controller.update("score", score["id"], {"reason": new}, text="Use plain words")
    if head == "decisions":
        decision = doc["decisions"][index or 0]
        child = decision["child"]
        if field == "rationale":
            return controller.update("decision", child, {"rationale": new}, text="Use plain words")
        listname, j = steps[1]
        entries = [dict(e) for e in decision[listname]]
        entries[j or 0]["reason"] = new
        return controller.update("decision", child, {listname: entries}, text="Use plain words")
    kind = _KINDS[head]
    obj = doc[head][index or 0]
    if len(steps) == 3 and steps[1][0] == "family_view":
        field = "family_comment"
    return controller.update(kind, obj["id"], {field: new}, text="Use plain words")


class _CellsModel(QAbstractTableModel):
    """A read-only table of words: one tuple of cells per row, under `HEADERS`."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.cells: list[tuple[str, ...]] = []

    def tooltip(self, row: int, column: int) -> str:
        """A cell's tooltip: its words, unless a model says more."""
        return self.cells[row][column]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cells):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index.row(), index.column())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None


class FindingsModel(_CellsModel):
    """The check's findings: where, the words found, the plain alternative."""

    HEADERS = ("Where", "Words found", "Plain words")

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.findings: list[DocumentFinding] = []

    @property
    def places(self) -> list[str]:
        """Where each finding is, as the chair reads it."""
        return [cells[0] for cells in self.cells]

    def refresh(self) -> None:
        self.beginResetModel()
        doc = self.controller.doc()
        self.findings = check_document(doc)
        self.cells = [
            (
                place_name(doc, f.where, self.controller),
                f.term if f.kind != "long_sentence" else "A long sentence",
                f.suggestion or ("Write this in plain words" if f.kind == "acronym" else ""),
            )
            for f in self.findings
        ]
        self.endResetModel()


class LeaksModel(_CellsModel):
    """The leak finder's unanswered findings: where, the words, what they repeat, kept back from whom."""

    HEADERS = ("Where", "Words found", "Repeats", "Kept back from")

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.leaks: list[Leak] = []

    def refresh(self) -> None:
        from ui.widgets.leak_marks import kept_from, leak_watch

        self.beginResetModel()
        doc = self.controller.doc()
        watch = leak_watch(self.controller)
        self.leaks = [leak for leak in find_leaks(doc) if not watch.is_fine(leak)]
        self.cells = [
            (
                place_name(doc, leak.where, self.controller),
                " ".join(leak.term.split()),
                place_name(doc, leak.kept_back, self.controller),
                kept_from(doc, leak),
            )
            for leak in self.leaks
        ]
        self.endResetModel()

    def tooltip(self, row: int, column: int) -> str:
        # Where it is: the whole text the reader sees, not only the place's name.
        return self.leaks[row].seen_text if column == 0 else super().tooltip(row, column)


class PreflightDialog(QDialog):
    """Check the family copy before printing it; save it as a PDF or open it to print."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Family copy: check before printing")
        self.setAccessibleName("Family copy check before printing")
        self.resize(900, 680)
        layout = QVBoxLayout(self)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary of the plain-language check")
        layout.addWidget(self.summary)

        self.model = FindingsModel(controller, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Words the family may not understand")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.activated.connect(lambda _index: self.accept_selected())
        layout.addWidget(self.table, 3)

        row = QHBoxLayout()
        self.use_button = QPushButton("&Use plain words")
        self.use_button.setToolTip(
            "Write the plain words into the record (Enter on a row); Ctrl+Z undoes it"
        )
        self.use_button.clicked.connect(self.accept_selected)
        row.addWidget(self.use_button)
        row.addStretch(1)
        row.addWidget(QLabel("Copy for:"))
        self.for_box = QComboBox()
        self.for_box.setAccessibleName("Whose copy")
        row.addWidget(self.for_box)
        self.large = QCheckBox("&Large print")
        row.addWidget(self.large)
        layout.addLayout(row)

        # The leak finder: what the copy's reader will see that repeats something kept back.
        self.leak_summary = QLabel()
        self.leak_summary.setWordWrap(True)
        self.leak_summary.setStyleSheet("font-weight: bold;")
        self.leak_summary.setAccessibleName("What may give away something kept back")
        layout.addWidget(self.leak_summary)
        self.leak_model = LeaksModel(controller, self)
        self.leak_table = QTableView()
        self.leak_table.setModel(self.leak_model)
        self.leak_table.setAccessibleName("Text that may give away something kept back")
        self.leak_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.leak_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.leak_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.leak_table.verticalHeader().setVisible(False)
        layout.addWidget(self.leak_table, 2)
        leak_row = QHBoxLayout()
        # Window-wide actions (a button's own mnemonic is not reliably reachable from the list).
        self.keep_back_button = QPushButton("Keep this back too (Alt+K)")
        self.keep_back_button.setToolTip(
            "Keep the repeating text back from the same people; Ctrl+Z undoes it"
        )
        self.keep_back_button.clicked.connect(self.keep_back_selected)
        self.fine_button = QPushButton("It is fine (Alt+F)")
        self.fine_button.setToolTip("Remember that this one is fine: it is not shown again")
        self.fine_button.clicked.connect(self.fine_selected)
        for key, slot in (("Alt+K", self.keep_back_selected), ("Alt+F", self.fine_selected)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, f=slot: f())
            self.addAction(action)
        leak_row.addWidget(self.keep_back_button)
        leak_row.addWidget(self.fine_button)
        leak_row.addStretch(1)
        layout.addLayout(leak_row)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Choose a printer and print the family copy")
        self.print_button.clicked.connect(self.print_copy)
        self.print_button.setDefault(True)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        for b in (self.save_button, self.print_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setAccessibleName("What happened")
        layout.addWidget(self.status)

        controller.changed.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        chosen = self.for_box.currentData()
        self.model.refresh()
        self._refresh_leaks()
        self.for_box.blockSignals(True)
        self.for_box.clear()
        self.for_box.addItem("Everyone in the family", None)
        for p in family_members(self.controller.doc()):
            self.for_box.addItem(str(p["name"]), p["id"])
        found = self.for_box.findData(chosen)
        self.for_box.setCurrentIndex(max(found, 0))
        self.for_box.blockSignals(False)
        n = len(self.model.findings)
        ease = self.reading_ease()
        aim = "good" if ease >= 80 else "aim for 80 or more"
        words = (
            "nothing to change"
            if n == 0
            else f"{n} thing{'s' if n != 1 else ''} the family may not understand"
        )
        self.summary.setText(
            f"The check found {words}. Reading ease {ease:.0f} ({aim}). You can print at any time."
        )
        if n:
            self.table.selectRow(0)

    def _refresh_leaks(self) -> None:
        chosen = self.leak_table.currentIndex().row()
        self.leak_model.refresh()
        n = len(self.leak_model.leaks)
        self.leak_summary.setText(
            "Nothing in the copy repeats what is kept back."
            if n == 0
            else f"{n} place{'s' if n != 1 else ''} in the copy may give away something kept back:"
            " keep it back too, or say it is fine."
        )
        self.leak_table.setVisible(n > 0)
        self.keep_back_button.setEnabled(n > 0)
        self.fine_button.setEnabled(n > 0)
        if n:
            self.leak_table.selectRow(min(max(chosen, 0), n - 1))

    def _selected_leak(self) -> Leak | None:
        rows = self.leak_table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.leak_model.leaks):
            return None
        return self.leak_model.leaks[rows[0].row()]

    def keep_back_selected(self) -> bool:
        """Give the selected finding's text the same keep-back as what it repeats (one undo step)."""
        from ui.widgets.leak_marks import keep_back_too

        leak = self._selected_leak()
        if leak is None:
            return False
        message = keep_back_too(self.controller, leak)
        self.status.setText(
            message or "This text cannot be kept back on its own: rewrite it on its step."
        )
        self._refresh_leaks()
        return bool(message)

    def fine_selected(self) -> bool:
        """The chair says the selected finding is fine: remembered in the store, not shown again."""
        from ui.widgets.leak_marks import leak_watch

        leak = self._selected_leak()
        if leak is None:
            return False
        try:
            leak_watch(self.controller).answer_fine(leak)
        except SfconfError as exc:
            self.status.setText(f"Could not remember that: {exc}")
            return False
        self.status.setText(f"“{' '.join(leak.term.split())}” is fine: it is not shown again.")
        self._refresh_leaks()
        return True

    def reading_ease(self) -> float:
        """Flesch reading ease of the copy's body text as it will print (headings left out)."""
        from conference.reports.family_copy import body_text

        text = body_text(family_view(self.controller.doc()))
        return readability(text) if text else 100.0

    def accept_selected(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        finding = self.model.findings[rows[0].row()]
        if not finding.suggestion:
            self.status.setText(
                "There are no plain words to use for this one: rewrite it in the pane."
            )
            return False
        done = apply_finding(self.controller, finding)
        if done:
            self.status.setText(
                f"Used “{finding.suggestion}” for “{finding.term}”. Ctrl+Z undoes it."
            )
        return done

    def pdf_bytes(self) -> bytes:
        from conference.reports.family_copy import write_family_copy

        return write_family_copy(
            self.controller.store,
            self.controller.cid,
            for_participant=self.for_box.currentData(),
            large_print=self.large.isChecked(),
        )

    def save_to(self, path: Path) -> bool:
        try:
            path.write_bytes(self.pdf_bytes())
        except (OSError, SfconfError) as exc:
            self.status.setText(f"Could not save the family copy: {exc}")
            return False
        self.status.setText(f"Saved the family copy to {path}")
        return True

    def save_as(self) -> None:
        name = self.controller.conference["family_name"].replace(" ", "-")
        target, _ = QFileDialog.getSaveFileName(
            self, "Save the family copy", f"family-copy-{name}.pdf", "PDF (*.pdf)"
        )
        # The keyboard back where it was: Escape closes this check, Alt+P prints.
        self.activateWindow()
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if target:
            self.save_to(Path(target))

    def make_printer(self) -> QPrinter:
        from ui.printing.printing import new_printer

        return new_printer()

    def print_copy(self) -> str:
        """The system print dialog, then the family copy's pages to the printer; no temp file."""
        from ui.printing.printing import choose_and_print

        try:
            pdf = self.pdf_bytes()
        except SfconfError as exc:
            self.status.setText(f"Could not make the family copy: {exc}")
            return ""
        message = choose_and_print(pdf, self, self.make_printer())
        self.status.setText(message or "Printing cancelled.")
        return message


class MinutesCheckDialog(QDialog):
    """Before saving the minutes: what a council would find missing from them."""

    def __init__(self, gaps: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Minutes: check before saving")
        self.setAccessibleName("Minutes check before saving")
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "These are missing from the minutes. You can save them now and add the rest later."
            )
        )
        self.gaps = QListWidget()
        self.gaps.setAccessibleName("What is missing from the minutes")
        self.gaps.addItems(gaps)
        layout.addWidget(self.gaps, 1)
        buttons = QDialogButtonBox()
        save = buttons.addButton("&Save the minutes…", QDialogButtonBox.ButtonRole.AcceptRole)
        save.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def save_minutes(
    controller: ConferenceController,
    parent: QWidget | None,
    path: Path | None = None,
    *,
    check: bool = True,
) -> str:
    """Write the professional minutes (everything, kept-back parts marked); returns what happened.

    First shows what is missing from them (no agency views for a child, no quorum, ...).
    """
    from conference.reports.minutes import minutes_gaps, write_minutes

    if check:
        gaps = minutes_gaps(controller.doc())
        if gaps and MinutesCheckDialog(gaps, parent).exec() != QDialog.DialogCode.Accepted:
            return ""
    if path is None:
        name = controller.conference["family_name"].replace(" ", "-")
        target, _ = QFileDialog.getSaveFileName(
            parent, "Save the minutes", f"minutes-{name}.pdf", "PDF (*.pdf)"
        )
        if not target:
            return ""
        path = Path(target)
    try:
        path.write_bytes(write_minutes(controller.store, controller.cid))
    except (OSError, SfconfError) as exc:
        message = f"Could not save the minutes: {exc}"
        controller.failed.emit(message)
        return message
    return f"Saved the minutes to {path}"


def check_and_print(controller: ConferenceController, window: QMainWindow) -> None:
    """The check before printing; then the keyboard back in the field it came from."""
    came_from = QApplication.focusWidget()
    PreflightDialog(controller, window).exec()
    window.activateWindow()
    if came_from is not None and window.isAncestorOf(came_from):
        came_from.setFocus(Qt.FocusReason.OtherFocusReason)


def install(window: QMainWindow, controller: ConferenceController) -> tuple[QAction, QAction]:
    """Add 'Family copy: check and print…' (Ctrl+P) and 'Minutes…' (Ctrl+Shift+P) to the File menu."""
    family = QAction("&Family copy: check and print…", window)
    family.setShortcut(QKeySequence.StandardKey.Print)
    family.setStatusTip("Check the family copy for jargon, then save it as a PDF or print it")
    family.triggered.connect(lambda: check_and_print(controller, window))
    minutes = QAction("Save the &minutes as PDF…", window)
    minutes.setShortcut(QKeySequence("Ctrl+Shift+P"))
    minutes.setStatusTip("The professional record: everything, with what was kept back marked")
    minutes.triggered.connect(
        lambda: window.statusBar().showMessage(save_minutes(controller, window), 8000)
    )
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    file_menu = next((m for m in menus if m.title().replace("&", "") == "File"), None)
    menu = file_menu or window.menuBar().addMenu("&File")
    first = menu.actions()[0] if menu.actions() else None
    menu.insertActions(first, [family, minutes])
    if first is not None:
        menu.insertSeparator(first)
    return family, minutes
