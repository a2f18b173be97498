"""The app's style draws scroll bars exactly as Fusion does, only faster."""

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


def test_the_app_and_the_tests_use_it(qapp: Any) -> None:
    assert isinstance(qapp.style(), QuickStyle)
