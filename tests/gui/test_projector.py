"""The room's screen on one screen: what it shows, how it follows the chair, keys and settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.controller import ConferenceController
from ui.room.content import date_words, time_words, when_words
from ui.room.control import (
    BLANK_BANNER,
    ProjectorController,
    install,
    is_text_entry,
    screen_label,
)
from ui.room.window import BLANK_TEXT, ColumnsRole, DetailRole, ProjectorModel, ProjectorWindow

SHOTS = os.environ.get("SFCONF_SHOTS")  # set to a folder to keep the screenshots


def _settings() -> QSettings:
    return QSettings(os.environ.get("SFCONF_SETTINGS_ORG", "sfconf"), "sfconf")


@pytest.fixture(autouse=True)
def clean_projector_settings() -> Iterator[None]:
    _settings().remove("projector")
    yield
    _settings().remove("projector")


@pytest.fixture
def controller(example_store: tuple[Any, str]) -> ConferenceController:
    store, cid = example_store
    return ConferenceController(store, cid, actor="test")


class Chair(QMainWindow):
    """A bare stand-in for the chair's window: a text field and a button."""

    def __init__(self) -> None:
        super().__init__()
        body = QWidget()
        layout = QVBoxLayout(body)
        self.field = QLineEdit()
        self.button = QPushButton("Next")
        layout.addWidget(self.field)
        layout.addWidget(self.button)
        self.setCentralWidget(body)
        self.resize(700, 500)


@pytest.fixture
def room(qtbot: Any, controller: ConferenceController) -> tuple[Chair, ProjectorController]:
    chair = Chair()
    qtbot.addWidget(chair)
    pc = install(chair, controller)
    qtbot.addWidget(pc.projector)
    chair.show()
    qtbot.waitExposed(chair)
    return chair, pc


@pytest.fixture
def shown_room(
    qtbot: Any, room: tuple[Chair, ProjectorController]
) -> tuple[Chair, ProjectorController]:
    """The room screen is up (F5), as in a meeting: a hidden one only catches up when shown."""
    _chair, pc = room
    pc.show_projector()
    qtbot.waitExposed(pc.projector)
    return room


def _step(controller: ConferenceController, key: str) -> None:
    controller.set_step([s.key for s in controller.agenda].index(key))


def _shown(projector: ProjectorWindow) -> str:
    """Everything the projector holds in words: heading, model rows and scaling labels."""
    model = projector.model
    rows = []
    for r in range(model.rowCount()):
        index = model.index(r, 0)
        rows.append(str(index.data()))
        rows.append(str(index.data(DetailRole) or ""))
        rows.extend(index.data(ColumnsRole) or [])
    labels = [w.text() for w in projector.scaling_box.findChildren(QWidget) if hasattr(w, "text")]
    return "\n".join([projector.heading.text(), *rows, *labels, *projector.painted_texts()])


def test_model_is_a_well_behaved_model(
    qtbot: Any, qtmodeltester: Any, controller: ConferenceController
) -> None:
    window = ProjectorWindow(controller)
    qtbot.addWidget(window)
    _step(controller, "harm")
    qtmodeltester.check(window.model)
    assert isinstance(window.model, ProjectorModel)


def test_install_adds_the_room_screen_menu(room: tuple[Chair, ProjectorController]) -> None:
    chair, pc = room
    menus = {a.text().replace("&", ""): a.menu() for a in chair.menuBar().actions()}
    assert "Room screen" in menus
    texts = [a.text().replace("&", "") for a in menus["Room screen"].actions()]
    for wanted in (
        "Show on room screen",
        "Stop showing",
        "Blank the room's screen",
        "New items are restricted while blank",
        "Choose screen",
        "Larger text",
        "Smaller text",
        "Dark background",
        "Light background",
        "Show who said each item",
    ):
        assert wanted in texts
    assert pc.show_action.shortcut().toString() == "F5"
    assert pc.stop_action.shortcut().toString() == "Shift+F5"
    assert [k.toString() for k in pc.blank_action.shortcuts()] == ["Ctrl+B"]
    assert pc.restrict_action.isChecked()
    assert all(a.statusTip() for a in (pc.show_action, pc.stop_action, pc.blank_action))


def test_screen_menu_names_each_screen_by_name_and_size(
    room: tuple[Chair, ProjectorController],
) -> None:
    _chair, pc = room
    pc._fill_screen_menu()
    texts = [a.text() for a in pc.screen_menu.actions()]
    screen = QGuiApplication.primaryScreen()
    size = screen.size()
    assert f"{screen.name() or 'Screen'} — {size.width()}×{size.height()}" in texts
    assert screen_label(screen) in texts
    assert texts[0].startswith("Automatic")


def test_follows_the_chairs_step_and_shows_the_pane(
    shown_room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = shown_room
    p = pc.projector
    _step(controller, "harm")
    assert p.heading.text() == "What has happened"
    assert "Police were called to the house twice" in _shown(p)
    _step(controller, "existing_safety")
    assert p.heading.text() == "What is already keeping the children safe"
    shown = _shown(p)
    # i10 is withheld from Daniel, i11 (the address) is restricted: neither reaches the shown_room.
    assert "Carol's flat" not in shown
    assert "Larch Close" not in shown
    assert p.model.rowCount() == 0


def test_new_item_appears_at_once_and_is_kept_in_view(
    qtbot: Any, room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = room
    p = pc.projector
    p.resize(1280, 720)
    p.show()
    qtbot.waitExposed(p)
    _step(controller, "strengths")
    for n in range(8):
        controller.add("item", {"section": "strengths", "text": f"Strength number {n} " * 6})
    new_id = controller.add("item", {"section": "strengths", "text": "Carol walks Mia to school."})
    # No event-loop turn yet: the slot updated the model synchronously.
    assert p.model.index(p.model.rowCount() - 1, 0).data() == "Carol walks Mia to school."
    QApplication.processEvents()
    last = p.list_view.visualRect(p.model.index(p.model.row_of(str(new_id)), 0))
    assert p.list_view.viewport().rect().contains(last)
    assert p.list_view.verticalScrollBar().value() > 0


def test_restricted_and_withheld_items_never_show(
    shown_room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = shown_room
    p = pc.projector
    _step(controller, "harm")
    controller.add(
        "item", {"section": "harm", "text": "Victim lives at 9 Elm Row", "restricted": True}
    )
    controller.add(
        "item",
        {"section": "harm", "text": "Mum's safety plan: go to Nan's", "withheld_from": ["p-dan"]},
    )
    shown_id = controller.add("item", {"section": "harm", "text": "Mia was frightened."})
    shown = _shown(p)
    assert "Elm Row" not in shown and "Nan's" not in shown
    assert "Mia was frightened." in shown
    # Restricting an item that was on screen takes it off at once.
    controller.update("item", str(shown_id), {"restricted": True})
    assert "Mia was frightened." not in _shown(p)


def test_hidden_scores_are_not_shown_until_revealed(
    shown_room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = shown_room
    p = pc.projector
    controller.update_conference({"scaling_revealed": False})
    _step(controller, "scaling")
    shown = _shown(p)
    assert "Carol's when it starts" not in shown
    assert "Jade Green" not in shown
    assert "0 means: The children are not safe" in shown
    assert p.body.currentWidget() is p.list_view
    controller.update_conference({"scaling_revealed": True})
    assert p.body.currentWidget() is p.scaling_area
    assert "Jade Green: 7 — We go to Carol's when it starts." in _shown(p)


def test_plan_is_who_what_by_when_with_dates_in_words(
    shown_room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = shown_room
    _step(controller, "plan")
    rows = [
        pc.projector.model.index(r, 0).data(ColumnsRole)
        for r in range(pc.projector.model.rowCount())
    ]
    assert ["Who", "What", "By when"] in rows
    assert [
        "Daniel",
        "Go to the alcohol service at Kingsland Place and keep going every week.",
        "Friday 4 December 2026",
    ] in rows
    assert "police call-outs" not in _shown(pc.projector)  # n5 is restricted


def test_welcome_child_view_and_close(
    shown_room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = shown_room
    p = pc.projector
    _step(controller, "welcome")
    shown = _shown(p)
    assert "The Green family" in shown
    assert "Friday 20 November 2026 at 10am" in shown
    assert "Why we are here" in shown and "hides under the bed" in shown
    mia = controller.doc()["children"][0]["id"]
    controller.update("child", mia, {"view_restricted": True})
    _step(controller, "child_view")
    p.clear_painted()  # what the welcome painted is gone from the room's screen
    shown = _shown(p)
    assert "I get scared when Dad shouts" not in shown
    assert "Mia Green" not in shown  # no name with a gap where the view was
    assert "sand pit" in shown
    _step(controller, "close")
    shown = _shown(p)
    assert "Thursday 3 December 2026 at 2pm" in shown
    assert "Friday 19 February 2027 at 10am" in shown


def test_words_for_dates_and_times() -> None:
    import datetime as dt

    assert date_words("2026-12-04") == "Friday 4 December 2026"
    assert date_words(None) == ""
    assert time_words(dt.datetime(2026, 1, 1, 14, 30)) == "2:30pm"
    assert time_words(dt.datetime(2026, 1, 1, 12, 0)) == "12 noon"
    assert when_words("2026-11-20T10:00:00") == "Friday 20 November 2026 at 10am"


def test_one_screen_gives_an_ordinary_window_and_stop_closes_it(
    qtbot: Any, room: tuple[Chair, ProjectorController]
) -> None:
    chair, pc = room
    assert len(QGuiApplication.screens()) == 1
    assert not pc.stop_action.isEnabled()
    pc.show_action.trigger()
    qtbot.waitExposed(pc.projector)
    assert pc.projector.isVisible() and not pc.projector.isFullScreen()
    assert pc.projector.screen() is chair.screen()
    assert pc.stop_action.isEnabled()
    assert pc.status_label.text() == "On the room screen"
    pc.stop_action.trigger()
    assert not pc.projector.isVisible()
    assert chair.isVisible()
    assert not pc.stop_action.isEnabled()


def test_blank_pauses_the_room_and_the_chair_sees_it(
    room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = room
    p = pc.projector
    _step(controller, "harm")
    pc.blank_action.trigger()
    assert controller.blanked
    assert p.blanked and p.pages.currentWidget() is p.blank
    assert p.blank.text() == BLANK_TEXT
    assert pc.status_label.isVisibleTo(pc.window)
    assert pc.status_label.text() == BLANK_BANNER
    # What is said while blank starts restricted, so it does not appear when unblanked.
    assert controller.new_items_restricted()
    controller.add(
        "item",
        {
            "section": "harm",
            "text": "Said while blank",
            "restricted": controller.new_items_restricted(),
        },
    )
    pc.blank_action.trigger()
    assert not controller.blanked and not p.blanked
    assert "Said while blank" not in _shown(p)
    assert not pc.status_label.isVisibleTo(pc.window)


def test_restrict_while_blank_is_bound_and_remembered(
    qtbot: Any, room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = room
    pc.restrict_action.setChecked(False)
    assert controller.restrict_while_blanked is False
    controller.set_blanked(True)
    assert pc.status_label.text() == "ROOM SCREEN BLANK"
    controller.set_blanked(False)
    other = Chair()
    qtbot.addWidget(other)
    pc2 = install(other, controller)
    qtbot.addWidget(pc2.projector)
    assert not pc2.restrict_action.isChecked()
    assert controller.restrict_while_blanked is False


def test_look_is_remembered(
    qtbot: Any, room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = room
    before = pc.projector.base_px
    pc.larger_action.trigger()
    pc.larger_action.trigger()
    assert pc.projector.base_px > before
    pc.light_action.trigger()
    pc.who_action.setChecked(False)
    pc.choose_screen("Projector")
    other = Chair()
    qtbot.addWidget(other)
    pc2 = install(other, controller)
    qtbot.addWidget(pc2.projector)
    assert pc2.text_scale == pytest.approx(1.2)
    assert not pc2.projector.theme.dark and pc2.light_action.isChecked()
    assert not pc2.projector.show_who and not pc2.who_action.isChecked()
    assert pc2.chosen_screen_name() == "Projector"
    _step(controller, "harm")
    assert "Class teacher" not in _shown(pc2.projector)


def test_only_ctrl_b_blanks_and_a_plain_b_never_does(
    qtbot: Any, room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    chair, pc = room
    pc.show_projector()
    chair.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is chair)
    chair.field.setFocus()
    qtbot.waitUntil(lambda: chair.field.hasFocus())
    qtbot.keyClicks(chair.field, "bob")
    assert chair.field.text() == "bob"
    assert not controller.blanked
    # Ctrl+B works everywhere, even in a text field.
    qtbot.keyClick(chair.field, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert controller.blanked
    qtbot.keyClick(chair.field, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not controller.blanked
    # A plain B off a text field (after Ctrl+PgDn the focus is on the page) does nothing.
    chair.button.setFocus()
    qtbot.waitUntil(lambda: chair.button.hasFocus())
    qtbot.keyClick(chair.button, Qt.Key.Key_B)
    assert not controller.blanked
    assert pc.projector.isVisible()


def test_esc_never_closes_the_room_screen_its_own_action_does(
    qtbot: Any, room: tuple[Chair, ProjectorController]
) -> None:
    chair, pc = room
    pc.show_projector()
    chair.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is chair)
    for widget in (chair.field, chair.button):
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
        assert pc.projector.isVisible()
    qtbot.keyClick(chair.button, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert not pc.projector.isVisible()
    assert chair.isVisible()


def test_closing_the_chairs_window_closes_the_room_screen(
    qtbot: Any, room: tuple[Chair, ProjectorController]
) -> None:
    chair, pc = room
    pc.show_projector()
    assert pc.projector.isVisible()
    chair.close()
    assert not pc.projector.isVisible()


@pytest.mark.parametrize("dark", [True, False], ids=["dark", "light"])
def test_every_step_renders_at_projector_size(
    shown_room: tuple[Chair, ProjectorController], controller: ConferenceController, dark: bool
) -> None:
    _chair, pc = shown_room
    p = pc.projector
    pc.set_theme(dark)
    p.resize(1280, 720)
    p.grab()  # delivers the pending resize to a hidden window
    assert p.base_px >= 28  # readable from the back of a shown_room at 720 lines
    theme = "dark" if dark else "light"
    for i, step in enumerate(controller.agenda):
        controller.set_step(i)
        p.clear_painted()
        image = p.grab().toImage()
        assert image.width() == 1280 and image.height() == 720
        assert p.heading.text()
        if step.key == "harm":
            assert any("Police were called" in t for t in p.painted_texts())
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            image.save(str(Path(SHOTS) / f"projector-{step.key}-{theme}.png"))
    controller.set_blanked(True)
    if SHOTS:
        p.grab().save(str(Path(SHOTS) / f"projector-blank-{theme}.png"))
    controller.set_blanked(False)


def test_the_chair_can_scroll_a_long_page(
    qtbot: Any, shown_room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = shown_room
    p = pc.projector
    p.resize(1280, 720)
    p.show()
    qtbot.waitExposed(p)
    _step(controller, "grey_areas")
    for n in range(10):
        controller.add("item", {"section": "grey_areas", "text": f"Something unknown {n}."})
    bar = p.list_view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()  # the newest is in view
    pc.scroll_up_action.trigger()
    assert 0 <= bar.value() < bar.maximum()
    pc.scroll_down_action.trigger()
    assert bar.value() == bar.maximum()
    _step(controller, "plan")
    assert bar.value() == 0  # a new step starts at its top


def test_more_below_sits_under_the_text_never_over_it_on_a_list_or_the_scores(
    qtbot: Any, shown_room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    """At double text the welcome and the scores run past the screen: the cue has its own strip."""
    _chair, pc = shown_room
    p = pc.projector
    p.resize(1280, 720)
    pc.set_text_scale(2.0)
    for key, view in (("welcome", p.list_view), ("scaling", p.scaling_area)):
        _step(controller, key)
        port = view.viewport()

        def cue_in_its_strip(port: QWidget = port) -> bool:
            text_area = QRect(port.mapTo(p.body, QPoint(0, 0)), port.size())
            cue = p.more_label.geometry()
            return (
                p.more_label.isVisible()
                and p.body.rect().contains(cue)
                and not cue.intersects(text_area)
            )

        qtbot.waitUntil(cue_in_its_strip)
        bar = view.verticalScrollBar()
        for _ in range(20):
            if bar.value() == bar.maximum():
                break
            pc.scroll_down_action.trigger()
        qtbot.waitUntil(lambda: not p.more_label.isVisible())
        assert view.viewportMargins().bottom() == 0, key  # at the end the strip is text again


def test_a_step_that_is_not_a_pane_shrinks_a_little_to_fit(
    qtbot: Any, room: tuple[Chair, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = room
    p = pc.projector
    p.resize(1280, 720)
    p.show()
    qtbot.waitExposed(p)
    _step(controller, "harm")
    full = p.base_px
    _step(controller, "analysis")  # two long statements and their goals
    assert full * 0.8 <= p.base_px < full
    assert p.list_view.verticalScrollBar().maximum() == 0
    _step(controller, "harm")
    assert p.base_px == full


def test_closing_the_room_window_itself_updates_the_chairs_window(
    qtbot: Any, room: tuple[Chair, ProjectorController]
) -> None:
    _chair, pc = room
    pc.show_projector()
    qtbot.waitExposed(pc.projector)
    assert pc.stop_action.isEnabled()
    pc.projector.close()  # the chair clicked the window's own close button
    assert not pc.stop_action.isEnabled()
    assert not pc.status_label.isVisibleTo(pc.window)


def test_which_widgets_count_as_typing(qtbot: Any) -> None:
    from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QSpinBox

    editable = QComboBox()
    editable.setEditable(True)
    fixed = QComboBox()
    read_only = QLineEdit()
    read_only.setReadOnly(True)
    notes = QPlainTextEdit()
    for w in (editable, fixed, read_only, notes):
        qtbot.addWidget(w)
    assert is_text_entry(QLineEdit()) and is_text_entry(QSpinBox()) and is_text_entry(notes)
    assert is_text_entry(editable) and is_text_entry(editable.lineEdit())
    assert not is_text_entry(fixed) and not is_text_entry(read_only) and not is_text_entry(None)
