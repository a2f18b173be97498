"""The home list, set-up tables, panes, clock, zoom and auto-save of the chair's windows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from conference import operations as ops
from conference.exchange.interchange import export_document
from conference.store.database import Store
from tests.helpers import activate
from ui import settings as ui_settings
from ui.conference_window import ConferenceWindow, StepClock
from ui.home_window import HomeWindow
from ui.pages.pane import MIME_ITEM, ItemListModel
from ui.widgets.conference_list import ConferenceListModel
from ui.widgets.models import AgendaModel, ChildrenModel, ParticipantsModel

CTRL = Qt.KeyboardModifier.ControlModifier


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def window(qtbot: Any, example_store: tuple[Store, str]) -> ConferenceWindow:
    store, cid = example_store
    w = ConferenceWindow(store, cid, clock=FakeClock())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    activate(qtbot, w)
    return w


def step_of(window: ConferenceWindow, section: str) -> int:
    return next(n for n, s in enumerate(window.controller.agenda) if s.section == section)


# -------------------------------------------------------------------- models


def test_models_pass_the_model_tester(
    qtmodeltester: Any, window: ConferenceWindow, example_store: tuple[Store, str]
) -> None:
    store, _cid = example_store
    c = window.controller
    qtmodeltester.check(ConferenceListModel(ops.list_conferences(store)))
    qtmodeltester.check(ConferenceListModel([]))
    qtmodeltester.check(ChildrenModel(c))
    qtmodeltester.check(ParticipantsModel(c))
    qtmodeltester.check(AgendaModel(c))
    for section in c.template.section_keys:
        qtmodeltester.check(ItemListModel(c, section))


def test_item_model_stays_valid_through_changes(
    qtmodeltester: Any, window: ConferenceWindow
) -> None:
    c = window.controller
    model = ItemListModel(c, "harm")
    qtmodeltester.check(model, force_py=True)
    new = c.add("item", {"section": "harm", "text": "Something new"})
    assert new is not None and model.row_of(new) == 3
    c.update("item", new, {"restricted": True})
    c.move("item", new, 0)
    assert model.item_id(0) == new
    c.delete("item", new)
    c.undo_stack.undo()
    assert model.row_of(new) == 0
    c.move_item_to_section(new, "strengths")
    assert model.row_of(new) < 0
    qtmodeltester.check(model, force_py=True)


# -------------------------------------------------------------------- home


@pytest.fixture
def home(
    qtbot: Any, example_store: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> HomeWindow:
    store, _cid = example_store
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: messages.append(text))
    ops.create_conference(
        store, "t", starts_at="2025-03-01T09:30:00", chair="A", family_name="the Blue family"
    )
    h = HomeWindow(store)
    h.messages = messages  # type: ignore[attr-defined]
    qtbot.addWidget(h)
    h.show()
    qtbot.waitExposed(h)
    return h


def test_home_lists_newest_first_and_filters_as_you_type(qtbot: Any, home: HomeWindow) -> None:
    assert home.proxy.rowCount() == 2
    assert home.proxy.index(0, 0).data() == "the Green family"
    assert "Mia Green" in home.proxy.index(0, 1).data()
    home.filter.setFocus()
    qtbot.keyClicks(home.filter, "blue")
    assert home.proxy.rowCount() == 1
    qtbot.keyClick(home.filter, Qt.Key.Key_Return)
    assert len(home.windows) == 1
    window = next(iter(home.windows.values()))
    qtbot.addWidget(window)
    assert window.controller.conference["family_name"] == "the Blue family"


def test_home_keyboard_down_and_enter_opens(qtbot: Any, home: HomeWindow) -> None:
    home.filter.setFocus()
    qtbot.keyClick(home.filter, Qt.Key.Key_Down)
    assert home.table.hasFocus()
    qtbot.keyClick(home.table, Qt.Key.Key_Down)
    qtbot.keyClick(home.table, Qt.Key.Key_Return)
    window = next(iter(home.windows.values()))
    qtbot.addWidget(window)
    assert window.controller.conference["family_name"] == "the Blue family"


def test_import_bad_file_changes_nothing(
    home: HomeWindow, tmp_path: Path, example_store: tuple[Store, str]
) -> None:
    store, _ = example_store
    before = ops.list_conferences(store)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sfconf-conference", "version": 1, "conference": {}}')
    assert home.import_file(str(bad)) is None
    assert len(home.messages) == 1 and "\n" not in home.messages[0]  # type: ignore[attr-defined]
    nonsense = tmp_path / "nonsense.json"
    nonsense.write_text("not json at all")
    assert home.import_file(str(nonsense)) is None
    assert "not valid JSON" in home.messages[-1]  # type: ignore[attr-defined]
    assert ops.list_conferences(store) == before


def test_import_and_export_round_trip(
    home: HomeWindow, tmp_path: Path, example_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(example_doc))
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(path), "")
    )
    home.import_action.trigger()  # already in the store: comes in as a copy
    assert home.proxy.rowCount() == 3
    out = tmp_path / "out.json"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    home.select(example_doc["conference"]["id"])
    home.export_action.trigger()
    assert json.loads(out.read_text())["conference"]["id"] == example_doc["conference"]["id"]


# -------------------------------------------------------------------- panes


def test_empty_pane_shows_prompt_and_new_items_follow_blank_screen(
    qtbot: Any, window: ConferenceWindow
) -> None:
    c = window.controller
    pane = window.panes["grey_areas"]
    for item_id in [pane.model.item_id(r) for r in range(pane.model.rowCount())]:
        c.delete("item", item_id)
    assert pane.model.rowCount() == 0
    assert pane.view.prompt == c.template.section("grey_areas").prompt
    c.set_step(step_of(window, "grey_areas"))
    c.set_blanked(True)
    assert pane.restrict_note.isVisible()
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, "Said while the screen was blank")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    assert pane.model.item(0)["restricted"] is True
    assert "Restricted" in pane.model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_raised_by_completes_and_names_the_participant(
    qtbot: Any, window: ConferenceWindow
) -> None:
    c = window.controller
    c.set_step(step_of(window, "harm"))
    pane = window.panes["harm"]
    completer = pane.raised_by.completer()
    completer.setCompletionPrefix("Luc")
    assert completer.currentCompletion() == "Lucy Brennan (Health visitor)"
    pane.raised_by.setFocus()
    qtbot.keyClicks(pane.raised_by, "lucy")
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, "Leo is behind with his weight")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    assert c.row("item", pane.current_item_id() or "")["source"] == "p-hv"


def test_drag_and_drop_moves_between_panes_and_within(window: ConferenceWindow) -> None:
    harm = window.panes["harm"].model
    strengths = window.panes["strengths"].model
    moving = harm.item_id(2)
    data = harm.mimeData([harm.index(2, 0)])
    assert data.hasFormat(MIME_ITEM)
    assert strengths.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    strengths.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert harm.row_of(moving) < 0 and strengths.row_of(moving) == 1
    data = strengths.mimeData([strengths.index(3, 0)])
    last = strengths.item_id(3)
    strengths.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert strengths.item_id(0) == last
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    assert harm.row_of(moving) == 2


def test_typing_in_place_saves_on_a_pause_as_one_undo_step(
    qtbot: Any, window: ConferenceWindow
) -> None:
    c = window.controller
    c.set_step(step_of(window, "strengths"))
    pane = window.panes["strengths"]
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(0, 0))
    before = pane.model.item(0)["text"]
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.end(False)
    depth = c.undo_stack.count()
    qtbot.keyClicks(editor, " She")
    qtbot.waitUntil(lambda: c.row("item", pane.model.item_id(0))["text"].endswith(" She"))
    qtbot.keyClicks(editor, " reads well.")
    qtbot.waitUntil(lambda: c.row("item", pane.model.item_id(0))["text"].endswith("reads well."))
    assert editor.hasFocus() and editor.text().endswith("She reads well.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert c.undo_stack.count() == depth + 1
    c.undo_stack.undo()
    assert pane.model.item(0)["text"] == before


def test_close_commits_what_is_typed(qtbot: Any, window: ConferenceWindow) -> None:
    c = window.controller
    c.set_step(step_of(window, "harm"))
    pane = window.panes["harm"]
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, "Half a sentence when the laptop lid closed")
    c.set_step(1)
    view = window.child_view
    assert view is not None
    edit = view.editors["c-mia"]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(edit, " And she likes drawing.")
    window.close()
    doc = export_document(c.store, c.cid)
    assert doc["items"][-1]["text"] == "Half a sentence when the laptop lid closed"
    assert doc["children"][0]["view"].endswith("And she likes drawing.")


def test_child_view_keep_back(qtbot: Any, window: ConferenceWindow) -> None:
    c = window.controller
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
    view = window.child_view
    assert view is not None and window.stack.currentWidget() is view
    view.keep_back["c-leo"].setFocus()
    qtbot.keyClick(view.keep_back["c-leo"], Qt.Key.Key_Space)
    assert c.row("child", "c-leo")["view_restricted"] is True
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert c.row("child", "c-leo")["view_restricted"] is False
    assert view.keep_back["c-leo"].isChecked() is False


# -------------------------------------------------------------------- agenda, clock, zoom


def test_agenda_steps_and_clock(qtbot: Any, window: ConferenceWindow) -> None:
    c = window.controller
    clock = window.clock.now
    assert isinstance(clock, FakeClock)
    assert window.agenda_model.index(0).data().startswith("\u25b6")
    clock.t += 61
    window.update_clock()
    assert window.clock_label.text() == "01:01 of 10:00"
    assert window.clock_label.property("over") is False
    clock.t += 600
    window.update_clock()
    assert window.clock_label.property("over") is True
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
    assert c.current_step == 1 and window.clock_label.text() == "00:00 of 5:00"
    qtbot.keyClick(window, Qt.Key.Key_PageUp, CTRL)
    assert window.clock.elapsed() == pytest.approx(661)
    window.agenda.setFocus()
    window.agenda.setCurrentIndex(window.agenda_model.index(4))
    qtbot.keyClick(window.agenda, Qt.Key.Key_Return)
    assert c.current_step == 4
    assert window.stack.currentWidget() is window.panes["strengths"]
    assert StepClock.text(3599) == "59:59"


def test_zoom_is_remembered(qtbot: Any, window: ConferenceWindow) -> None:
    base = window.panes["harm"].view.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    assert window.zoom == 120 and ui_settings.zoom() == 120
    assert window.panes["harm"].view.font().pointSizeF() == pytest.approx(base * 1.2)
    qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL)
    assert ui_settings.zoom() == 110
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    assert ui_settings.zoom() == 100


def test_start_and_end_are_undoable_and_lock_nothing(qtbot: Any, window: ConferenceWindow) -> None:
    c = window.controller
    assert c.conference["status"] == "ended"
    c.undo_stack.clear()
    ops.restore_status(c.store, c.cid, "t", "planned")
    c.invalidate()
    window._update_meeting_actions()
    window.start_action.trigger()
    assert c.conference["status"] == "in_progress"
    assert c.add("item", {"section": "harm", "text": "Still editable"}) is not None
    window.end_action.trigger()
    assert c.conference["status"] == "ended"
    assert c.add("item", {"section": "harm", "text": "Still editable after"}) is not None
    c.undo_stack.undo()
    c.undo_stack.undo()
    assert c.conference["status"] == "in_progress"


def test_every_control_has_an_accessible_name(window: ConferenceWindow) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
    )

    ours = (window.setup, window.child_view, *window.panes.values())
    missing = []
    for kind in (QLineEdit, QComboBox, QAbstractItemView, QAbstractButton, QAbstractSpinBox):
        for w in window.findChildren(kind):
            chain = _ancestors(w)
            if not any(p in ours for p in chain) or any(p.isWindow() for p in chain[:-1]):
                continue  # another engineer's page, or a completer's or combo's popup
            if isinstance(w, QHeaderView) or isinstance(
                w.parent(), QAbstractSpinBox | QComboBox | QLineEdit
            ):
                continue  # parts of a control that has its own name
            if not w.accessibleName() and not w.objectName().startswith("qt_"):
                missing.append(
                    f"{type(w).__name__} {w.objectName()} in {type(w.parent()).__name__}"
                )
    assert not missing


def _ancestors(w: Any) -> list[Any]:
    out = []
    while w is not None:
        out.append(w)
        w = w.parent()
    return out


def test_restricted_items_look_different(qtbot: Any, window: ConferenceWindow) -> None:
    c = window.controller
    c.set_step(step_of(window, "complicating_factors"))
    pane = window.panes["complicating_factors"]
    view = pane.view
    view.setCurrentIndex(pane.model.index(0, 0))
    qtbot.waitUntil(lambda: view.visualRect(pane.model.index(2, 0)).height() > 0)
    image = view.viewport().grab().toImage()

    def colours(row: int) -> set[str]:
        rect = view.visualRect(pane.model.index(row, 0))
        return {
            image.pixelColor(x, rect.center().y() + 2).name()
            for x in range(rect.left() + 1, rect.left() + 120)
        }

    assert pane.model.item(2)["restricted"] is True
    assert "#fff1c7" in colours(2) and "#b7791f" in colours(2)  # amber, edge
    assert "#fff1c7" not in colours(1)


def test_the_selected_item_alone_is_highlighted_as_the_selection_moves(
    qtbot: Any, window: ConferenceWindow
) -> None:
    # Rows are copied from pictures drawn once: the selection must still follow the chair.
    c = window.controller
    c.set_step(step_of(window, "complicating_factors"))
    pane = window.panes["complicating_factors"]
    view = pane.view
    qtbot.waitUntil(lambda: view.visualRect(pane.model.index(1, 0)).height() > 0)

    def edge(row: int) -> str:
        # The selection's frame runs along the row's top edge (an unselected row has none).
        image = view.viewport().grab().toImage()
        rect = view.visualRect(pane.model.index(row, 0))
        return image.pixelColor(rect.center().x(), rect.top() + 1).name()

    plain = edge(0)
    view.setCurrentIndex(pane.model.index(0, 0))
    qtbot.waitUntil(lambda: edge(0) != plain)
    selected = edge(0)
    assert edge(1) == plain
    view.setCurrentIndex(pane.model.index(1, 0))
    qtbot.waitUntil(lambda: edge(1) == selected)
    assert edge(0) == plain


def test_a_row_drawn_ahead_while_idle_looks_as_one_drawn_when_needed(
    qtbot: Any, window: ConferenceWindow
) -> None:
    # A new item is shown selected; its plain picture is drawn while the app is idle, ready
    # for when the next item takes the selection. It must be the picture Enter would draw.
    from PySide6.QtTest import QTest

    from ui.pages import pane as pane_module

    c = window.controller
    c.set_step(step_of(window, "strengths"))
    pane = window.panes["strengths"]
    for said in ("Gran picks the children up from school", "Dad has kept every contact visit"):
        pane.entry.setFocus()
        pane.entry.setText(said)
        QTest.keyClick(pane.entry, Qt.Key.Key_Return)
        pane.view.viewport().repaint()  # the new row, drawn selected
        # Idle: the timer draws the plain picture of the selected row.
        qtbot.waitUntil(lambda: not pane.view.itemDelegate()._later)
    view = pane.view
    first = pane.model.row_of(pane.model.item(pane.model.rowCount() - 2)["id"])
    assert pane.model.item(first)["text"] == "Gran picks the children up from school"

    def picture() -> Any:
        view.viewport().repaint()
        rect = view.visualRect(pane.model.index(first, 0))
        return view.viewport().grab(rect).toImage()

    ahead = picture()
    pane_module._ROWS._pixmaps.clear()  # what is drawn now is drawn for the paint itself
    pane_module._ROWS._used = 0
    assert picture() == ahead


def test_unborn_baby_and_excluded_participant(qtbot: Any, store: Store) -> None:
    cid = ops.create_conference(
        store,
        "t",
        kind="pre_birth",
        starts_at="2026-12-01T09:30:00",
        chair="P",
        family_name="Baby T",
    )
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.show()
    setup = w.setup
    assert setup is not None
    setup.child_entry.setFocus()
    qtbot.keyClicks(setup.child_entry, "Baby Taylor")
    qtbot.keyClick(setup.child_entry, Qt.Key.Key_Return)
    model = setup.children_model
    assert model.setData(model.index(0, 3), "2027-01-15")
    assert (
        model.setData(model.index(0, 2), "not a date") is False
    )  # refused, said in the status bar
    assert "not a real date" in w.saved_label.text()
    setup.participant_name.setFocus()
    qtbot.keyClicks(setup.participant_name, "Kyle Taylor")
    qtbot.keyClicks(setup.participant_role, "Father")
    qtbot.keyClicks(setup.participant_agency, "Family")
    qtbot.keyClick(setup.participant_agency, Qt.Key.Key_Return)
    p = setup.participants_model
    cols = {col.field: n for n, col in enumerate(p.COLUMNS)}
    assert p.setData(p.index(0, cols["attendance"]), "excluded")
    assert p.setData(p.index(0, cols["attendance_note"]), "Excluded for the first hour")
    assert p.setData(p.index(0, cols["interpreter"]), "Polish")
    doc = export_document(store, cid)
    assert doc["children"][0]["expected_on"] == "2027-01-15"
    assert doc["children"][0]["date_of_birth"] is None
    kyle = doc["participants"][0]
    assert (
        kyle["is_family"],
        kyle["attendance"],
        kyle["attendance_note"],
        kyle["interpreter"],
    ) == (
        True,
        "excluded",
        "Excluded for the first hour",
        "Polish",
    )


def test_changing_the_template_rebuilds_the_panes(qtbot: Any, store: Store) -> None:
    cid = ops.create_conference(
        store, "t", starts_at="2026-12-01T09:30:00", chair="P", family_name="F"
    )
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.show()
    setup = w.setup
    assert setup is not None
    setup.template.setFocus()
    setup.template.setCurrentIndex(setup.template.findData("three-columns"))
    setup.template.activated.emit(setup.template.currentIndex())
    assert w.controller.conference["template"] == "three-columns"
    assert set(w.panes) == set(w.controller.template.section_keys)
    assert len(w.move_actions) == len(w.panes)
    w.controller.undo_stack.undo()
    assert "harm" in w.panes


def test_each_visit_to_an_editor_is_its_own_undo_step(qtbot: Any, window: ConferenceWindow) -> None:
    c = window.controller
    c.set_step(step_of(window, "strengths"))
    pane = window.panes["strengths"]
    original = pane.model.item(0)["text"]
    for extra in (" One.", " Two."):
        pane.view.setFocus()
        pane.view.setCurrentIndex(pane.model.index(0, 0))
        qtbot.keyClick(pane.view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        editor.end(False)
        qtbot.keyClicks(editor, extra)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert pane.model.item(0)["text"] == original + " One. Two."
    c.undo_stack.undo()
    assert pane.model.item(0)["text"] == original + " One."
    c.undo_stack.undo()
    assert pane.model.item(0)["text"] == original


def test_window_state_is_remembered(qtbot: Any, example_store: tuple[Store, str]) -> None:
    store, cid = example_store
    first = ConferenceWindow(store, cid)
    qtbot.addWidget(first)
    first.resize(760, 540)
    first.show()
    first.splitter.setSizes([300, 460])
    agenda_width = first.splitter.sizes()[0]
    first.close()
    assert ui_settings.settings().value("conference/geometry") is not None
    again = ConferenceWindow(store, cid)
    qtbot.addWidget(again)
    again.show()
    assert again.size() == first.size()
    assert abs(again.splitter.sizes()[0] - agenda_width) <= 2


def test_setup_window_does_not_move_the_agenda(qtbot: Any, window: ConferenceWindow) -> None:
    c = window.controller
    c.set_step(step_of(window, "strengths"))
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)
    dialog = window.setup_dialog
    assert dialog is not None and dialog.isVisible()
    assert c.current_step == step_of(window, "strengths")
    venue = dialog.page.venue
    venue.setFocus()
    venue.selectAll()
    qtbot.keyClicks(venue, "Civic Centre, Room 5")
    qtbot.waitUntil(lambda: c.conference["venue"] == "Civic Centre, Room 5")
    assert window.setup is not None and window.setup.venue.text() == "Civic Centre, Room 5"
    dialog.close()


def test_item_details_change_who_and_which_children(qtbot: Any, window: ConferenceWindow) -> None:
    from ui.pages.pane import ItemDetailsDialog

    c = window.controller
    c.set_step(step_of(window, "grey_areas"))
    pane = window.panes["grey_areas"]
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(0, 0))
    qtbot.keyClick(pane.view, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    dialog = pane.findChild(ItemDetailsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.raised_by.setFocus()
    dialog.raised_by.selectAll()
    qtbot.keyClicks(dialog.raised_by, "Carol")
    dialog.children_list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    row = c.row("item", pane.model.item_id(0)) or {}
    assert row["source"] == "p-nan" and row["children"] == ["c-mia"]
    assert "Raised by Carol Green" in pane.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    c.undo_stack.undo()
    row = c.row("item", pane.model.item_id(0)) or {}
    assert row["source"] == "p-sw" and row["children"] == []


def test_the_roles_written_as_numbers_are_qts_own() -> None:
    """ui/widgets/roles.py spells Qt's roles as numbers (the first paint never imports `Qt`)."""
    from ui.widgets import roles

    assert Qt.ItemDataRole.UserRole.value == roles.USER_ROLE
    assert Qt.ItemDataRole.AccessibleTextRole.value == roles.ACCESSIBLE_TEXT_ROLE
    assert Qt.ItemDataRole.ToolTipRole.value == roles.TOOLTIP_ROLE
