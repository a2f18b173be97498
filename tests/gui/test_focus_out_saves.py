"""Every page editor saves what was typed the moment the chair leaves it, without waiting.

Typing is also saved after a pause, so a test that waits cannot tell; these move the focus
straight after typing, before the pause could end, and read the store back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from conference.exchange.interchange import export_document
from conference.store.database import Store
from tests.helpers import activate
from ui.controller import ConferenceController
from ui.pages.analysis import AnalysisPage
from ui.pages.decision import DecisionPage
from ui.pages.plan import PlanPage
from ui.pages.scaling import ScalingPage

Doc = dict[str, Any]
# (page, the editor, what the store then holds)
CASES: list[tuple[str, type[QWidget], str, Callable[[Doc], str]]] = [
    (
        "statement: who is worried",
        AnalysisPage,
        "who_edit",
        lambda d: d["danger_statements"][0]["who_is_worried"],
    ),
    ("safety goal", AnalysisPage, "goal_edit", lambda d: d["safety_goals"][0]["text"]),
    ("contingency", PlanPage, "contingency_edit", lambda d: d["contingency"]["text"]),
    ("scaling question", ScalingPage, "question_edit", lambda d: d["scaling"]["question"]),
    (
        "decision rationale",
        DecisionPage,
        "rationale_edit",
        lambda d: d["decisions"][0]["rationale"],
    ),
]


@pytest.mark.parametrize(
    ("cls", "editor", "stored"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_page_editor_saves_on_focus_out(
    qtbot: Any,
    example_store: tuple[Store, str],
    cls: type[QWidget],
    editor: str,
    stored: Callable[[Doc], str],
) -> None:
    store, cid = example_store
    controller = ConferenceController(store, cid, actor="test")
    page = cls(controller)  # type: ignore[call-arg]
    qtbot.addWidget(page)
    other = QLineEdit(page)  # somewhere else on the page to go to
    page.show()
    page.activateWindow()
    activate(qtbot, page)
    edit = getattr(page, editor)
    assert isinstance(edit, QLineEdit | QPlainTextEdit)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, " (typed)")
    assert " (typed)" not in stored(export_document(store, cid))  # not saved yet

    other.setFocus()

    assert " (typed)" in stored(export_document(store, cid))
