"""Live plain-language hints in the chair's editors: underline, hover text, one key to accept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from ui.widgets.jargon import JargonLineEdit, attach_hints, hint_text, word_findings


def test_line_edit_underlines_jargon_and_ctrl_j_writes_it_out(qtbot: QtBot) -> None:
    edit = JargonLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClicks(edit, "Sam will book the ICPC")
    assert [f.term for f in edit.findings()] == ["ICPC"]
    edited: list[str] = []
    edit.textEdited.connect(edited.append)
    qtbot.keyClick(edit, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "Sam will book the first child protection meeting"
    assert edit.findings() == []
    assert edited == [edit.text()]  # the pane's auto-save hears the change
    assert edit.cursorPosition() == len(edit.text())


def test_context_words_are_suggested_not_rewritten_on_their_own(qtbot: QtBot) -> None:
    edit = JargonLineEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "Please contact the school")
    assert [f.term for f in edit.findings()] == ["contact"]
    # Nothing changes unless the chair presses the key.
    assert edit.text() == "Please contact the school"


def test_hover_text_names_the_plain_words_and_the_key() -> None:
    finding = word_findings("The CIN meeting")[0]
    text = hint_text(finding)
    assert "CIN" in text and finding.suggestion in text and "Ctrl+J" in text


def test_unknown_acronym_is_flagged_without_a_suggestion(qtbot: QtBot) -> None:
    edit = JargonLineEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "A message from the QXZT team")
    assert [(f.term, f.kind) for f in edit.findings()] == [("QXZT", "acronym")]
    qtbot.keyClick(edit, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert "QXZT" in edit.text()  # nothing to accept: the key does nothing harmful


def test_multi_line_editor_gets_the_same_hints(qtbot: QtBot) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    hints = attach_hints(editor)
    editor.setPlainText("First line.\nThe LAC review is on Friday.")
    cursor = editor.textCursor()
    cursor.setPosition(len("First line.\nThe LA"))
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText().startswith("First line.\nThe ")
    assert "LAC" not in editor.toPlainText()
    assert hints is not None
