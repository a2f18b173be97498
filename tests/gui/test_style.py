"""The panes' scroll bars look exactly as Fusion draws them, only drawn faster."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollBar, QStyleFactory

from ui.widgets.style import QuickStyle


def _bar(qtbot: Any, value: int, maximum: int, style: Any) -> Any:
    bar = QScrollBar(Qt.Orientation.Vertical)
    qtbot.addWidget(bar)
    bar.setStyle(style)
    bar.resize(15, 640)
    bar.setRange(0, maximum)
    bar.setPageStep(600)
    bar.setValue(value)
    bar.show()
    return bar.grab().toImage()


def test_scroll_bars_look_as_fusion_draws_them_wherever_the_handle_is(qtbot: Any) -> None:
    fusion = QStyleFactory.create("Fusion")
    quick = QuickStyle()
    for value, maximum in ((0, 10000), (3000, 10000), (9000, 10000), (400, 800)):
        # The first drawing of a groove and a copied one both look as Fusion's own.
        assert _bar(qtbot, value, maximum, quick) == _bar(qtbot, value, maximum, fusion)
        assert _bar(qtbot, value, maximum, quick) == _bar(qtbot, value, maximum, fusion)
    assert _bar(qtbot, 0, 10000, quick) != _bar(qtbot, 9000, 10000, quick)  # the handle moved


def test_a_panes_list_has_it_and_nothing_else_does(qtbot: Any, qapp: Any) -> None:
    from ui.pages.pane import ItemListView

    view = ItemListView()
    qtbot.addWidget(view)
    assert isinstance(view.verticalScrollBar().style(), QuickStyle)
    assert not isinstance(view.style(), QuickStyle)
    assert not isinstance(qapp.style(), QuickStyle)  # the rest of the app is Fusion's own
