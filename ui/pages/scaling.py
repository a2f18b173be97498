"""The scaling step: scores entered hidden, revealed together, then shown as a picture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QHideEvent, QIntValidator, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from conference.language.analysis_checks import low_score_alert
from conference.reports.review_words import previous_score_of, trend_sentences
from ui.controller import ConferenceController
from ui.pages.analysis import (
    RowsTableModel,
    make_action,
    select_row,
    table_view,
)
from ui.widgets.debounce import TextCommitter
from ui.widgets.leak_marks import LeakMarkLabel, leak_watch
from ui.widgets.scaling_picture import ScalingPicture, ScorePoint

__all__ = ["HIDDEN", "ScalingPage", "ScoresModel"]

HIDDEN = "●"  # what a score shows before the chair reveals the scores
AnyIndex = QModelIndex | QPersistentModelIndex
_PRESENT = ("present", "part")


def _short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


class ScoresModel(RowsTableModel):
    """The scores entered so far; the numbers and reasons read ● until they are revealed."""

    headers = ("Person", "For", "Score", "Reason")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.revealed = False
        self.people: dict[str, dict[str, Any]] = {}
        self.statements: dict[str, str] = {}
        self.child_names: dict[str, str] = {}
        self.commit: Any = None  # (score id, changes) -> bool, set by the page
        self.marks: dict[str, str] = {}  # score id -> what its reason may give away

    def hidden_text(self, row: dict[str, Any]) -> str:
        """What the room will not see of this score, or "" if everyone sees it."""
        if row.get("restricted"):
            return "Restricted: the family will not see it"
        names = [str(self.people.get(p, {}).get("name", p)) for p in row.get("withheld_from") or []]
        return "Not shared with " + " and ".join(names) if names else ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and index.row() < len(self.rows)
            and self.hidden_text(self.rows[index.row()])
        ):
            return QBrush(QColor("#fff1c7"))  # the amber of a kept-back item in the panes
        mark = (
            self.marks.get(str(self.rows[index.row()]["id"]), "")
            if index.isValid() and index.column() == 3 and index.row() < len(self.rows)
            else ""
        )
        if mark and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#8a1c12"))
        if mark and role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{super().data(index, role)}. {mark}"
        return super().data(index, role)

    def set_doc(
        self, doc: dict[str, list[dict[str, Any]]], rows: list[dict[str, Any]], revealed: bool
    ) -> None:
        self.revealed = revealed
        self.people = {p["id"]: p for p in doc["participants"]}
        self.statements = {
            d["id"]: f"Danger statement {n}: {_short(d['text'], 40)}"
            for n, d in enumerate(doc["danger_statements"], 1)
        }
        self.child_names = {c["id"]: c.get("known_as") or c["name"] for c in doc["children"]}
        self.set_rows(rows)

    def about(self, row: dict[str, Any]) -> str:
        what = self.statements.get(row.get("danger_statement") or "", "Overall")
        child = row.get("child")
        return f"{what}, for {self.child_names.get(child, child)}" if child else what

    def display(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            person = self.people.get(row["participant"], {})
            return f"{person.get('name', '?')} ({person.get('role', '')})"
        if column == 1:
            hidden = self.hidden_text(row)
            return f"{self.about(row)} \u00b7 {hidden}" if hidden else self.about(row)
        if column == 2:
            return str(row["score"]) if self.revealed else HIDDEN
        reason = row.get("reason") or ""
        if self.revealed or not reason:
            return reason
        return "(hidden until the scores are revealed)"

    def edit_value(self, row: dict[str, Any], column: int) -> Any:
        if column == 2:
            return row["score"] if self.revealed else None
        return row.get("reason", "") if column == 3 else self.display(row, column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.revealed and index.column() in (2, 3):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(  # noqa: N802
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.revealed:
            return False
        row = self.rows[index.row()]
        if index.column() == 2:
            try:
                score = int(value)
            except (TypeError, ValueError):
                return False
            changes: dict[str, Any] = {"score": score}
        elif index.column() == 3:
            changes = {"reason": str(value)}
        else:
            return False
        return bool(self.commit and self.commit(row["id"], changes))


class ScalingPage(QWidget):
    """Question and wording, hidden score entry, Reveal / Hide, the picture, the danger alert."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName("Scaling")

        # The low-score alert: on the page, never a dialog that stops the meeting.
        self.alert = QLabel()
        self.alert.setWordWrap(True)
        self.alert.setTextFormat(Qt.TextFormat.PlainText)
        self.alert.setAccessibleName("Immediate danger alert")
        self.alert.setStyleSheet(
            "background: #b00020; color: white; font-weight: bold; padding: 8px;"
            " border-radius: 4px;"
        )
        self.alert.setVisible(False)

        self.question_edit = QLineEdit()
        self.zero_edit = QLineEdit()
        self.ten_edit = QLineEdit()
        self.committers = []
        for edit, field, name in (
            (self.question_edit, "scaling_question", "Scaling question"),
            (self.zero_edit, "scaling_zero_means", "What 0 means"),
            (self.ten_edit, "scaling_ten_means", "What 10 means"),
        ):
            edit.setAccessibleName(name)
            self.committers.append(TextCommitter(edit, self._wording_committer(field)))
        wording = QGroupBox("The question, and what 0 and 10 mean")
        wording_form = QFormLayout(wording)
        wording_form.addRow("Question:", self.question_edit)
        wording_form.addRow("0 means:", self.zero_edit)
        wording_form.addRow("10 means:", self.ten_edit)

        # Entering a score: hidden (●) until the chair reveals them all together.
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("Who is scoring")
        self.about_combo = QComboBox()
        self.about_combo.setAccessibleName("Score for")
        self.child_combo = QComboBox()
        self.child_combo.setAccessibleName("For which child")
        self.score_edit = QLineEdit()
        self.score_edit.setAccessibleName("Score from 0 to 10")
        self.score_edit.setValidator(QIntValidator(0, 10, self.score_edit))
        self.score_edit.setMaxLength(2)
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName("Reason for the score")
        self.reason_edit.setPlaceholderText("Why this score? (optional)")
        self.score_edit.returnPressed.connect(self.add_score)
        self.reason_edit.returnPressed.connect(self.add_score)
        # Ctrl+Shift+Enter: add the score already kept back, so the room never shows its reason.
        from ui.widgets.keep_back import install as install_keep_back

        self.keep_back_actions = [
            install_keep_back(
                edit,
                lambda: self.controller.rows("participant"),
                self.add_score,
                ready=lambda: bool(self.score_edit.text().strip()),
            )
            for edit in (self.reason_edit, self.score_edit)
        ]
        # Who, for what and which child on one row; the score and its reason on the next,
        # so neither is squeezed out at 200% zoom.
        entry = QVBoxLayout()
        who_row = QHBoxLayout()
        for label, w in (
            ("Who:", self.person_combo),
            ("For:", self.about_combo),
            ("Child:", self.child_combo),
        ):
            who_row.addWidget(QLabel(label))
            who_row.addWidget(w, 1)
        score_row = QHBoxLayout()
        score_row.addWidget(QLabel("Score:"))
        score_row.addWidget(self.score_edit)
        score_row.addWidget(QLabel("Why:"))
        score_row.addWidget(self.reason_edit, 1)
        entry.addLayout(who_row)
        entry.addLayout(score_row)

        self.add_action = make_action(self, "Add score", self.add_score, None, "Add this score")
        self.reveal_action = make_action(
            self, "Reveal scores", self.reveal, "Ctrl+Shift+R", "Show everyone's scores"
        )
        self.hide_action = make_action(
            self, "Hide scores", self.hide_scores, "Ctrl+Shift+H", "Hide the scores again"
        )
        self.model = ScoresModel(self)
        self.model.commit = lambda sid, changes: self.controller.update("score", sid, changes)
        self.table = table_view(self.model, "Scores")
        self.delete_action = make_action(
            self.table, "Remove score", self.delete_current, QKeySequence.StandardKey.Delete
        )
        # A score kept back afterwards: the same chooser, from the scores list.
        self.keep_back_action = make_action(
            self.table,
            "Keep back from...",
            self.keep_back_current,
            "Ctrl+Shift+Return",
            "Keep the selected score back from the family, or share it again",
        )
        self.keep_back_action.setShortcuts(
            [QKeySequence("Ctrl+Shift+Return"), QKeySequence("Ctrl+Shift+Enter")]
        )
        toolbar = QToolBar("Scaling")
        for a in (self.add_action, self.reveal_action, self.hide_action, self.delete_action):
            toolbar.addAction(a)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        self.picture = ScalingPicture()
        self.picture_for = QComboBox()
        self.picture_for.setAccessibleName("Picture of")
        self.picture_for.currentIndexChanged.connect(lambda _i: self._update_picture())
        self.names_check = QCheckBox("Names next to dots")
        self.names_check.toggled.connect(self.picture.set_show_labels)
        self.picture_box = QGroupBox("The scores")
        picture_layout = QVBoxLayout(self.picture_box)
        picture_row = QHBoxLayout()
        picture_row.addWidget(QLabel("Picture of:"))
        picture_row.addWidget(self.picture_for, 1)
        picture_row.addWidget(self.names_check)
        picture_layout.addLayout(picture_row)
        picture_layout.addWidget(self.picture)

        layout = QVBoxLayout(self)
        layout.addWidget(self.alert)
        layout.addWidget(wording)
        layout.addWidget(toolbar)
        layout.addLayout(entry)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        self.leak_mark = LeakMarkLabel(self)
        layout.addWidget(self.leak_mark)
        layout.addWidget(self.picture_box, 2)
        self.leaks = leak_watch(controller)
        self.leaks.updated.connect(self._show_leaks)

        controller.changed.connect(self._changed)
        self.refresh()

    # ------------------------------------------------------------ reading

    def _changed(self, kind: str, _ent_id: str, _action: str) -> None:
        if kind in ("score", "conference", "participant", "child", "danger_statement"):
            self.refresh()

    def score_rows(self) -> list[dict[str, Any]]:
        """The scores with their ids (the interchange document has none), in list order."""
        return [
            {
                k: r[k]
                for k in (
                    "id",
                    "participant",
                    "child",
                    "danger_statement",
                    "score",
                    "reason",
                    "restricted",
                    "withheld_from",
                )
            }
            for r in self.controller.rows("score")
        ]

    @property
    def revealed(self) -> bool:
        return bool(self.controller.read.conference.scaling_revealed)

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str, str | None]]) -> None:
        current = combo.currentData()
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == items:
            return
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def refresh(self) -> None:
        doc = self.controller.tables()
        conf = self.controller.conference_row()
        self.committers[0].set_text(conf["scaling_question"])
        self.committers[1].set_text(conf["scaling_zero_means"])
        self.committers[2].set_text(conf["scaling_ten_means"])
        people = [
            (f"{p['name']} ({p['role']})", p["id"])
            for p in doc["participants"]
            if p.get("attendance", "present") in _PRESENT
        ]
        self._fill_combo(self.person_combo, people)  # type: ignore[arg-type]
        statements: list[tuple[str, str | None]] = [("Overall", None)] + [
            (f"Danger statement {n}: {_short(d['text'])}", d["id"])
            for n, d in enumerate(doc["danger_statements"], 1)
        ]
        self._fill_combo(self.about_combo, statements)
        self._fill_combo(self.picture_for, statements)
        self._fill_combo(
            self.child_combo,
            [("All the children", None)]
            + [(c.get("known_as") or c["name"], c["id"]) for c in doc["children"]],
        )
        revealed = bool(conf["scaling_revealed"])
        self.model.set_doc(doc, self.score_rows(), revealed)
        self.score_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        )
        self.reveal_action.setEnabled(not revealed)
        self.hide_action.setEnabled(revealed)
        count = len(doc["scores"])
        if revealed:
            self.status_label.setText(f"Scores revealed ({count}).{self._trend_words()}")
        else:
            self.status_label.setText(
                f"Scores are hidden until you press Reveal: {count} entered so far. "
                "People score on their own, so nobody copies anyone else."
            )
        self._show_leaks()
        alert = low_score_alert(self.controller.doc())  # the checks read the interchange shape
        self.alert.setText(alert or "")
        self.alert.setVisible(alert is not None)
        self._update_picture()

    def _show_leaks(self) -> None:
        """Beside the scores: each reason that may give away something kept back."""
        if not hasattr(self, "leaks"):
            return
        self.model.marks = {
            ent_id: self.leaks.mark(kind, ent_id)
            for kind, ent_id in self.leaks.marks
            if kind == "score"
        }
        lines = []
        for row in self.model.rows:
            mark = self.model.marks.get(str(row["id"]))
            if not mark:
                continue
            name = self.model.people.get(row["participant"], {}).get("name", "?")
            reason = f" “{row.get('reason')}”" if self.model.revealed else ""
            lines.append(f"{name}'s reason{reason}: {mark}")
        self.leak_mark.show_lines(lines)
        if self.model.rowCount():
            self.model.dataChanged.emit(
                self.model.index(0, 3), self.model.index(self.model.rowCount() - 1, 3)
            )

    def _update_picture(self) -> None:
        doc = self.controller.tables()
        conf = self.controller.conference_row()
        if not conf["scaling_revealed"]:
            # Nothing that shows a score exists on screen before the reveal.
            self.picture.set_data([], "", "")
            self.picture_box.setVisible(False)
            return
        people = {p["id"]: p for p in doc["participants"]}
        statement = self.picture_for.currentData()
        points = [
            ScorePoint(
                label=people[s["participant"]]["name"].split()[0],
                score=s["score"],
                is_family=bool(people[s["participant"]].get("is_family")),
            )
            for s in doc["scores"]
            if s.get("danger_statement") == statement and not s.get("child")
        ]
        title = conf["scaling_question"] if statement is None else self.picture_for.currentText()
        self.picture.set_data(points, conf["scaling_zero_means"], conf["scaling_ten_means"], title)
        self.picture.set_previous(self._previous_points(statement))
        self.picture_box.setVisible(True)

    def _previous_points(self, statement: str | None) -> list[ScorePoint]:
        """A review: last time's round on the same scale (carried ids match)."""
        full = self.controller.doc()
        previous = (full.get("previous_scaling") or {}).get("scores") or []
        if not previous:
            return []
        was = None
        if statement is not None:
            was = next(
                (d.get("carried_from") for d in full["danger_statements"] if d["id"] == statement),
                None,
            )
            if was is None:
                return []
        people = {p["id"]: p for p in full["participants"]}
        return [
            ScorePoint(
                label=str(people.get(s["participant"], {}).get("name", "")).split(" ")[0],
                score=int(s["score"]),
                is_family=bool(people.get(s["participant"], {}).get("is_family")),
            )
            for s in previous
            if (s.get("danger_statement") or None) == was and not s.get("child")
        ]

    def _trend_words(self) -> str:
        """A review: each person's score last time beside this time, and the trend in words."""
        full = self.controller.doc()
        if not (full.get("previous_scaling") or {}).get("scores"):
            return ""
        people = {p["id"]: p["name"] for p in full["participants"]}
        lines = []
        for x in (full.get("scaling") or {}).get("scores", []):
            last = previous_score_of(full, x)
            if last is not None:
                lines.append(
                    f"{people.get(x['participant'], '')}: last time {last}, now {x['score']}"
                )
        trend = " ".join(trend_sentences(full))
        return (" " + trend if trend else "") + ("\n" + "; ".join(lines) if lines else "")

    # ------------------------------------------------------------ writing

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.commit_pending()  # the chair moved to another agenda step
        super().hideEvent(event)

    def commit_pending(self) -> None:
        for c in self.committers:
            c.flush()

    def _wording_committer(self, field: str) -> Callable[[str], None]:
        return lambda text: self._save_wording(field, text)

    def _save_wording(self, field: str, text: str) -> None:
        if self.controller.conference_row().get(field) != text:
            self.controller.update_conference({field: text}, merge=True)

    def first_entry(self) -> QWidget:
        """Where the step opens: the score, once there is a question to score."""
        return self.score_edit if self.question_edit.text().strip() else self.question_edit

    def add_score(self, keep_back: dict[str, Any] | None = None) -> None:
        """Add the score typed in the entry row (or change that person's earlier score).

        `keep_back` ({"restricted": True} or {"withheld_from": [...]}) adds it already kept back.
        """
        text = self.score_edit.text().strip()
        participant = self.person_combo.currentData()
        if not text or participant is None:
            return
        score = int(text)
        values: dict[str, Any] = {
            "participant": participant,
            "danger_statement": self.about_combo.currentData(),
            "child": self.child_combo.currentData(),
            "score": score,
            "reason": self.reason_edit.text().strip(),
            **(keep_back or {}),
        }
        existing = next(
            (
                r
                for r in self.score_rows()
                if r["participant"] == participant
                and r.get("danger_statement") == values["danger_statement"]
                and r.get("child") == values["child"]
            ),
            None,
        )
        if existing is not None:
            ok = self.controller.update(
                "score",
                existing["id"],
                {"score": score, "reason": values["reason"], **(keep_back or {})},
            )
        else:
            ok = self.controller.add("score", values) is not None
        if ok:
            self.score_edit.clear()
            self.reason_edit.clear()
            # Ready for the next person: most scores are entered one after another.
            next_index = self.person_combo.currentIndex() + 1
            if next_index < self.person_combo.count():
                self.person_combo.setCurrentIndex(next_index)
            self.score_edit.setFocus()

    def current_score(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def keep_back_current(self) -> None:
        """The keep-back chooser for the selected score (restricted first, or share it again)."""
        from ui.widgets.keep_back import KeepBackPopup

        row = self.current_score()
        if row is None:
            return
        score_id = str(row["id"])
        popup = KeepBackPopup(
            self.table,
            self.controller.rows("participant"),
            lambda values: self.controller.update(
                "score", score_id, values, text="Keep back score"
            ),
            share_again=True,
        )
        rect = self.table.visualRect(self.table.currentIndex())
        popup.popup(self.table.viewport().mapToGlobal(rect.bottomLeft()))

    def toggle_restricted(self) -> None:
        """Ctrl+R on the scaling step: restrict the selected score, or share it again."""
        row = self.current_score()
        if row is None:
            return
        stored = self.controller.row("score", str(row["id"])) or {}
        on = not stored.get("restricted")
        self.controller.update(
            "score",
            str(row["id"]),
            {"restricted": on},
            text="Restrict score" if on else "Share score",
        )

    def reveal(self) -> None:
        if not self.revealed:
            self.controller.update_conference({"scaling_revealed": True}, text="Reveal the scores")

    def hide_scores(self) -> None:
        if self.revealed:
            self.controller.update_conference({"scaling_revealed": False}, text="Hide the scores")

    def delete_current(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.rows):
            self.controller.delete("score", self.model.rows[row]["id"])
            select_row(self.table, min(row, len(self.model.rows) - 1))
