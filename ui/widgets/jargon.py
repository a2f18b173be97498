"""Live plain-language hints: jargon underlined as it is typed, plain words on hover, Ctrl+J to accept.

Never blocking: the hints only underline and suggest; nothing stops the chair typing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from conference.language.plain_language import (
    Finding,
    Glossary,
    apply_suggestion,
    find_issues,
    load_glossary,
)

ACCEPT_KEY = QKeySequence("Ctrl+J")
_glossary: Glossary | None = None


def glossary() -> Glossary:
    """The glossary the hints use, loaded once per run (a council file is read at start)."""
    global _glossary
    if _glossary is None:
        _glossary = load_glossary()
    return _glossary


def word_findings(text: str) -> list[Finding]:
    """The findings a hint underlines: jargon and unknown acronyms (long sentences are not underlined)."""
    return [f for f in find_issues(text, glossary()) if f.kind != "long_sentence"]


def hint_text(finding: Finding) -> str:
    """What the hover says about one finding."""
    if finding.kind == "acronym" and not finding.suggestion:
        return f"“{finding.term}”: the family may not know this. Write it out in plain words."
    return f"“{finding.term}”: in plain words, “{finding.suggestion}”. Press Ctrl+J to use them."


def _finding_near(findings: list[Finding], position: int) -> Finding | None:
    for f in findings:
        if f.start <= position <= f.end and f.suggestion:
            return f
    for f in findings:
        if f.suggestion:
            return f
    return None


def _underline() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor("#c05800"))
    return fmt


class JargonLineEdit(QLineEdit):
    """A line edit that underlines jargon, explains it on hover, and writes it out on Ctrl+J."""

    suggestion_accepted = Signal(str, str)  # term, plain words

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self.hints_enabled = True
        self.textChanged.connect(self._refresh)

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def _refresh(self, text: str) -> None:
        self._findings = word_findings(text) if self.hints_enabled and text else []
        # QLineEdit has no rich text; formats sent as an input-method event underline spans.
        attrs = [
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat,
                f.start - self.cursorPosition(),
                f.end - f.start,
                _underline(),
            )
            for f in self._findings
        ]
        QCoreApplication.sendEvent(self, QInputMethodEvent("", attrs))

    def accept_suggestion(self) -> bool:
        """Write out the jargon at (or else nearest after) the cursor; True if anything changed."""
        found = _finding_near(self._findings, self.cursorPosition())
        if found is None:
            return False
        old = self.text()
        new = apply_suggestion(old, found)
        self.setText(new)
        self.setCursorPosition(len(new) - (len(old) - found.end))
        self.textEdited.emit(new)
        self.suggestion_accepted.emit(found.term, found.suggestion)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if QKeySequence(event.keyCombination()) == ACCEPT_KEY and self.accept_suggestion():
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = self.cursorPositionAt(event.pos())
            for f in self._findings:
                if f.start <= pos <= f.end:
                    QToolTip.showText(event.globalPos(), hint_text(f), self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().event(event)


class JargonHighlighter(QSyntaxHighlighter):
    """Underlines jargon in a text document (the multi-line editors)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._fmt = _underline()

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        for f in word_findings(text):
            self.setFormat(f.start, f.end - f.start, self._fmt)


class _TextEditHints(QObject):
    """Hover and Ctrl+J for a QTextEdit / QPlainTextEdit with a JargonHighlighter."""

    def __init__(self, editor: QTextEdit | QPlainTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        self.highlighter = JargonHighlighter(editor.document())
        editor.installEventFilter(self)
        editor.viewport().installEventFilter(self)

    def accept(self) -> bool:
        """Write out the jargon at (or else after) the cursor in its paragraph: one undo step."""
        cursor = self.editor.textCursor()
        block = cursor.block()
        old = block.text()
        found = _finding_near(word_findings(old), cursor.position() - block.position())
        if found is None:
            return False
        new = apply_suggestion(old, found)
        edit = QTextCursor(block)
        edit.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        edit.insertText(new)
        edit.setPosition(block.position() + len(new) - (len(old) - found.end))
        self.editor.setTextCursor(edit)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and watched is self.editor:
            key = event if isinstance(event, QKeyEvent) else None
            if (
                key is not None
                and QKeySequence(key.keyCombination()) == ACCEPT_KEY
                and self.accept()
            ):
                return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.editor.cursorForPosition(event.pos())
            pos = cursor.position() - cursor.block().position()
            for f in word_findings(cursor.block().text()):
                if f.start <= pos <= f.end:
                    QToolTip.showText(event.globalPos(), hint_text(f), self.editor)
                    return True
            QToolTip.hideText()
            return True
        return False


def attach_hints(editor: QTextEdit | QPlainTextEdit) -> QObject:
    """Give a multi-line editor jargon underlining, hover explanations and Ctrl+J."""
    return _TextEditHints(editor)


__all__ = ["JargonLineEdit", "JargonHighlighter", "attach_hints", "hint_text", "word_findings"]
