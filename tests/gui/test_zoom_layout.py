"""At 200% text the chair's steps grow with it: table columns, warnings, the scores, fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QScrollArea, QTableView, QWidget

from conference.store.database import Store
from tests.helpers import activate
from ui import settings as ui_settings
from ui.conference_window import ConferenceWindow
from ui.widgets.leak_marks import LeakMarkLabel
from ui.widgets.scaling_picture import ScalingPicture

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: Any, example_store: tuple[Store, str]) -> Iterator[ConferenceWindow]:
    store, cid = example_store
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_0, CTRL)  # 100%, whatever an earlier window left remembered
    assert w.zoom == 100
    yield w
    ui_settings.set_zoom(ui_settings.ZOOM_DEFAULT)  # the tests share one settings file


def open_step(qtbot: Any, window: ConferenceWindow, kind: str) -> QWidget:
    index = next(n for n, s in enumerate(window.controller.agenda) if s.kind == kind)
    window.go_to_step(index)
    page = window.stack.currentWidget()
    qtbot.waitUntil(page.isVisible)
    return page.widget() if isinstance(page, QScrollArea) else page


def zoom_to_200(qtbot: Any, window: ConferenceWindow) -> None:
    """Ctrl+= ten times, as a chair does it."""
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    assert window.zoom == 200


def sized_columns(table: QTableView) -> list[int]:
    """The columns a page sizes itself (not the stretching ones)."""
    header = table.horizontalHeader()
    last = header.count() - 1
    return [
        c
        for c in range(header.count())
        if header.sectionResizeMode(c) == header.ResizeMode.Interactive
        and not (header.stretchLastSection() and c == last)
    ]


def test_a_tables_columns_grow_with_the_text_and_show_their_headings(
    qtbot: Any, window: ConferenceWindow
) -> None:
    page = open_step(qtbot, window, "decision")
    views = next(
        t for t in page.findChildren(QTableView) if t.accessibleName() == "Each agency's view"
    )
    dissent = next(t for t in page.findChildren(QTableView) if t.accessibleName() == "Dissent")
    before = {c: views.columnWidth(c) for c in sized_columns(views)}
    assert before
    zoom_to_200(qtbot, window)
    header = views.horizontalHeader()
    # Wider (as wide as the window leaves room for: the stretching column keeps its share).
    qtbot.waitUntil(lambda: all(views.columnWidth(c) > 1.3 * w for c, w in before.items()))
    for table in (views, dissent):
        header = table.horizontalHeader()
        for c in sized_columns(table):
            # "Who disagrees" was cut to "o disagr" at 200%.
            assert table.columnWidth(c) >= header.sectionSizeFromContents(c).width(), (
                table.accessibleName(),
                c,
            )
    # Back to 100%: the widths the page set, not wider ones left over.
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    qtbot.waitUntil(lambda: all(abs(views.columnWidth(c) - w) <= 2 for c, w in before.items()))


def test_the_plans_table_keeps_room_for_its_rows_at_200_percent(
    qtbot: Any, window: ConferenceWindow
) -> None:
    """On a 1280x800 laptop at 200% the table was squashed to its heading: now the page scrolls."""
    window.resize(1280, 800)
    page = open_step(qtbot, window, "plan")
    table = page.table
    zoom_to_200(qtbot, window)
    lines = table.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: table.viewport().height() >= 4 * lines)
    # The step's own words keep a share of the table: not pushed off to the right.
    qtbot.waitUntil(lambda: table.columnWidth(0) >= table.viewport().width() // 5)


def test_warnings_and_the_picture_of_the_scores_follow_the_zoom(
    qtbot: Any, window: ConferenceWindow
) -> None:
    page = open_step(qtbot, window, "scaling")
    marks = page.findChildren(LeakMarkLabel)
    qtbot.waitUntil(lambda: any(lbl.isVisibleTo(page) for lbl in marks))  # found on a worker
    leak = next(lbl for lbl in marks if lbl.isVisibleTo(page))
    picture = page.findChild(ScalingPicture)
    assert picture is not None
    base = leak.font().pointSizeF()
    tall = picture.heightForWidth(900)
    zoom_to_200(qtbot, window)
    # A label with a style sheet of its own stayed at 100% before.
    assert leak.font().pointSizeF() == pytest.approx(base * 2, rel=0.05)
    assert picture.heightForWidth(900) > tall * 1.5
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    assert leak.font().pointSizeF() == pytest.approx(base, rel=0.05)


def test_a_stored_sentence_in_a_narrow_field_shows_from_its_start(
    qtbot: Any, window: ConferenceWindow
) -> None:
    page = open_step(qtbot, window, "analysis")
    zoom_to_200(qtbot, window)
    edits = [e for e in page.findChildren(QLineEdit) if e.text() and not e.hasFocus()]
    assert edits
    for edit in edits:
        assert edit.cursorPosition() == 0, (edit.accessibleName(), edit.text())


def test_the_agenda_is_read_at_the_same_size_as_the_step(
    qtbot: Any, window: ConferenceWindow
) -> None:
    base = window.agenda.font().pointSizeF()
    width = window.agenda.width()
    zoom_to_200(qtbot, window)
    assert window.agenda.font().pointSizeF() == pytest.approx(base * 2, rel=0.05)
    assert window.agenda.font().pointSizeF() == pytest.approx(
        window.stack.font().pointSizeF(), rel=0.01
    )
    qtbot.waitUntil(lambda: window.agenda.width() > width)  # wider, so a step fits on a line


def test_the_plans_boxes_keep_their_rows_whole_at_200_percent_on_a_laptop(
    qtbot: Any, window: ConferenceWindow
) -> None:
    """At 1280x800 and 200% the splitter squashed the boxes: now the page scrolls instead."""
    window.resize(1280, 800)
    page = open_step(qtbot, window, "plan")
    zoom_to_200(qtbot, window)
    contingency = page.contingency_edit
    lines = contingency.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: contingency.height() >= 3 * lines)
    for field in (page.core_group, page.review):
        edit = field.edit
        assert edit.height() >= edit.sizeHint().height() - 2, edit.accessibleName()


def test_every_warning_under_the_plan_shows_whole_at_200_percent(
    qtbot: Any, store: Store, example_doc: dict[str, Any]
) -> None:
    """A review's carried steps are all due before it: four warnings, cut at the third before."""
    from tests.gui.test_review_meeting import review_of_example

    rid = review_of_example(store, example_doc)
    w = ConferenceWindow(store, rid)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    try:
        page = open_step(qtbot, w, "plan")
        zoom_to_200(qtbot, w)
        label = page.warnings
        assert label.text().count("Check the date.") == 4

        def whole() -> bool:
            return label.height() >= label.heightForWidth(label.width())

        qtbot.waitUntil(whole)
    finally:
        ui_settings.set_zoom(ui_settings.ZOOM_DEFAULT)


def test_the_childrens_decisions_keep_whole_words_at_200_percent(
    qtbot: Any, window: ConferenceWindow
) -> None:
    """The list beside the decision was cut to "Child protec... plan (emoti..." at 200%."""
    page = open_step(qtbot, window, "decision")
    table = page.children_table
    zoom_to_200(qtbot, window)
    fm = table.fontMetrics()
    qtbot.waitUntil(
        lambda: (
            table.columnWidth(1) > fm.horizontalAdvance("protection")
            and table.columnWidth(0) > fm.horizontalAdvance("Mia Green")
        )
    )
