"""The shared cell editors: one combo delegate for every choice column, one date delegate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.widgets.roles import ChoicesRole

Index = QModelIndex | QPersistentModelIndex
# Below every real date (a date of birth included): a date editor shows it as "No date".
NO_DATE = QDate(1900, 1, 1)
NO_DATETIME = QDateTime(NO_DATE, QTime(0, 0))


def commit_on_enter(delegate: QAbstractItemDelegate, watched: QObject, event: QEvent) -> bool:
    """Enter in a cell editor saves and closes at once (Qt would queue it); True if handled."""
    if (
        isinstance(watched, QWidget)
        and event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
    ):
        delegate.commitData.emit(watched)
        delegate.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
        return True
    return False


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for a cell holding one of a few values, each choice a (value, label).

    The choices come from `choices` when given, else from the cell's ChoicesRole; a cell
    with neither gets the usual editor.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        choices: Callable[[], list[tuple[Any, str]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._choices = choices

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if commit_on_enter(self, watched, event):
            return True
        return super().eventFilter(watched, event)

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        choices = self._choices() if self._choices is not None else index.data(ChoicesRole)
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        header = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        if header:
            combo.setAccessibleName(str(header))
        for value, label in choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class DateDelegate(QStyledItemDelegate):
    """Edit a date with a calendar; NO_DATE, the lowest, means "no date"."""

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("ddd d MMM yyyy")
        editor.setMinimumDate(NO_DATE)
        editor.setSpecialValueText("No date")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QDateEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setDate(QDate.fromString(value, Qt.DateFormat.ISODate) if value else NO_DATE)
        if not value:
            editor.calendarWidget().setSelectedDate(QDate.currentDate())

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, QDateEdit)
        date = editor.date()
        value = None if date == NO_DATE else date.toString(Qt.DateFormat.ISODate)
        model.setData(index, value, Qt.ItemDataRole.EditRole)
