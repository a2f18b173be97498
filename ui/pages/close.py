"""The Close step: what happens next, how to disagree or complain, a check list, End the meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from conference.reports.minutes import quorum
from conference.written_dates import date_in_words
from ui.controller import ConferenceController

__all__ = ["ClosePage", "close_checks"]

DONE, TODO = "\u2713", "\u2717"


def _when(value: str | None) -> str:
    if not value:
        return ""
    stamp = dt.datetime.fromisoformat(value)
    words = date_in_words(stamp.date())
    return f"{words} at {stamp:%H:%M}" if (stamp.hour, stamp.minute) != (0, 0) else words


def close_checks(doc: dict[str, Any], printed: bool) -> list[tuple[bool, str]]:
    """What to check before ending: (done, what it says), in the order the chair reads it."""
    children = doc.get("children", [])
    decided = {d.get("child") for d in doc.get("decisions", []) if d.get("outcome")}
    missing = [c.get("known_as") or c["name"] for c in children if c["id"] not in decided]
    quorate, quorum_words = quorum(doc)
    dates = [
        label
        for key, label in (
            ("core_group_first_meeting", "the first core group"),
            ("review_conference", "the review conference"),
        )
        if not doc.get(key)
    ]
    return [
        (
            not missing,
            "A decision for every child"
            if not missing
            else f"No decision yet for {', '.join(missing)} (step Decision)",
        ),
        (quorate, f"Quorum. {quorum_words}"),
        (
            not dates,
            "The next meetings have dates"
            if not dates
            else f"No date yet for {' or '.join(dates)} (step Plan)",
        ),
        (
            printed,
            "The family copy is printed"
            if printed
            else "The family copy is not printed yet (Ctrl+P)",
        ),
    ]


class ClosePage(QWidget):
    """What the chair says at the end, and what to check before ending the meeting."""

    def __init__(self, controller: ConferenceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName("Close")
        # The step itself takes the focus, not End: a stray Space or Enter ends nothing.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.printed = False
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.disagree_label = QLabel()
        self.disagree_label.setWordWrap(True)
        self.checks_label = QLabel()
        self.checks_label.setWordWrap(True)
        self.checks_label.setAccessibleName("Before ending the meeting")
        self.end_button = QPushButton("&End the meeting (Ctrl+Shift+E)")
        self.end_button.setAccessibleName("End the meeting")
        self.end_button.clicked.connect(self.end_meeting)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.hint = QLabel(
            "Nothing to type on this step: read out what happens next, check the list, "
            "then End the meeting."
        )
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        for title, body in (
            ("What happens next", self.next_label),
            ("If the family does not agree, or wants to complain", self.disagree_label),
            ("Before ending the meeting", self.checks_label),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(body)
            layout.addWidget(box)
        layout.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status_label)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        # Read the whole conference only while the step is shown: typing elsewhere stays cheap.
        controller.changed.connect(lambda *_: self.refresh() if self.isVisible() else None)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.refresh()
        super().showEvent(event)

    def mark_printed(self) -> None:
        """The family copy was opened for printing in this session."""
        self.printed = True
        self.refresh()

    def refresh(self) -> None:
        doc = self.controller.doc()
        conf = doc["conference"]
        lines = []
        core, review = (
            _when(doc.get("core_group_first_meeting")),
            _when(doc.get("review_conference")),
        )
        lines.append(
            f"The first core group meets on {core}."
            if core
            else "The first core group has no date yet."
        )
        lines.append(
            f"The review conference is on {review}." if review else "The review has no date yet."
        )
        lead = next(
            (p for p in doc["participants"] if p["id"] == conf.get("lead_social_worker")), None
        )
        lines.append(
            f"The lead social worker is {lead['name']}."
            if lead
            else "No lead social worker is chosen (set-up, Ctrl+,)."
        )
        self.next_label.setText("\n".join(lines))
        try:
            from conference.council import load_council_settings

            council = load_council_settings()
            self.disagree_label.setText(
                f"{council.how_to_disagree.strip()}\n\n{council.how_to_complain.strip()}"
            )
        except Exception:  # the council's file is broken: say so here, not in a dialog
            self.disagree_label.setText(
                "The council's settings cannot be read, so how to disagree or complain "
                "is not shown. Tell the family who to contact."
            )
        checks = close_checks(doc, self.printed)
        self.checks_label.setText(
            "\n".join(f"{DONE if ok else TODO}  {words}" for ok, words in checks)
        )
        status = conf["status"]
        self.end_button.setEnabled(status == "in_progress")
        self.status_label.setText(
            "The meeting has ended."
            if status in ("ended", "finalised")
            else "Start the meeting first (Ctrl+Shift+B)."
            if status == "planned"
            else ""
        )

    def end_meeting(self) -> None:
        if self.controller.end_meeting():
            self.refresh()
