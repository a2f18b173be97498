"""Cases for a laptop plus a projector; run by test_projector_two_screens.py in its own process."""

from __future__ import annotations

import os
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from ui.controller import ConferenceController
from ui.room.control import ProjectorController, install
from ui.room.window import BLANK_BACKGROUND

pytestmark = pytest.mark.skipif(
    not os.environ.get("SFCONF_TWO_SCREENS"), reason="run by test_projector_two_screens.py"
)


def _screen(name: str) -> QScreen:
    for screen in QGuiApplication.screens():
        if screen.name() == name:
            return screen
    raise AssertionError(f"no screen {name!r}: {[s.name() for s in QGuiApplication.screens()]}")


@pytest.fixture(autouse=True)
def clean_projector_settings() -> None:
    QSettings(os.environ.get("SFCONF_SETTINGS_ORG", "sfconf"), "sfconf").remove("projector")


@pytest.fixture
def controller(example_store: tuple[Any, str]) -> ConferenceController:
    store, cid = example_store
    return ConferenceController(store, cid, actor="test")


@pytest.fixture
def room(qtbot: Any, controller: ConferenceController) -> tuple[QMainWindow, ProjectorController]:
    chair = QMainWindow()
    chair.setCentralWidget(QLineEdit())
    qtbot.addWidget(chair)
    laptop = _screen("Laptop")
    chair.setScreen(laptop)
    chair.setGeometry(laptop.geometry().x() + 100, laptop.geometry().y() + 100, 900, 600)
    pc = install(chair, controller)
    qtbot.addWidget(pc.projector)
    chair.show()
    qtbot.waitExposed(chair)
    assert chair.screen().name() == "Laptop"
    return chair, pc


def _on_projector(pc: ProjectorController) -> bool:
    p = pc.projector
    return (
        p.isVisible()
        and p.isFullScreen()
        and p.screen().name() == "Projector"
        and _screen("Projector").geometry().contains(p.geometry())
    )


def test_the_platform_has_two_screens(qapp: Any) -> None:
    names = [s.name() for s in QGuiApplication.screens()]
    assert names == ["Laptop", "Projector"]
    assert _screen("Projector").size().width() == 1280


def test_opens_full_screen_on_the_second_screen(
    qtbot: Any, room: tuple[QMainWindow, ProjectorController]
) -> None:
    chair, pc = room
    pc.show_action.trigger()
    qtbot.waitUntil(lambda: _on_projector(pc))
    assert pc.projector.geometry() == _screen("Projector").geometry()
    assert chair.screen().name() == "Laptop" and chair.isVisible()
    assert pc.projector.base_px >= 28


def test_follows_the_chair_and_shows_an_item_within_one_turn(
    qtbot: Any, room: tuple[QMainWindow, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = room
    pc.show_projector()
    qtbot.waitUntil(lambda: _on_projector(pc))
    p = pc.projector
    controller.set_step([s.key for s in controller.agenda].index("grey_areas"))
    assert p.heading.text() == "What we don't know yet"
    controller.add(
        "item", {"section": "grey_areas", "text": "Whether Carol can have the children."}
    )
    QApplication.processEvents()
    rows = [p.model.index(r, 0).data() for r in range(p.model.rowCount())]
    assert rows[-1] == "Whether Carol can have the children."


def test_blanks_and_unblanks_and_what_is_said_meanwhile_stays_off(
    qtbot: Any, room: tuple[QMainWindow, ProjectorController], controller: ConferenceController
) -> None:
    _chair, pc = room
    pc.show_projector()
    qtbot.waitUntil(lambda: _on_projector(pc))
    p = pc.projector
    controller.set_step([s.key for s in controller.agenda].index("harm"))
    pc.blank_action.trigger()
    assert controller.blanked and p.blanked
    image = p.grab().toImage()
    assert image.pixelColor(5, 5) == BLANK_BACKGROUND
    assert image.pixelColor(image.width() - 5, image.height() - 5) == BLANK_BACKGROUND
    assert pc.status_label.text().startswith("ROOM SCREEN BLANK")
    # The chair's window adds what is said now as restricted (controller.new_items_restricted).
    new_id = controller.add(
        "item",
        {
            "section": "harm",
            "text": "The police think Dad knows the new address.",
            "restricted": controller.new_items_restricted(),
        },
    )
    assert new_id is not None
    stored = next(i for i in controller.doc()["items"] if i["id"] == new_id)
    assert stored["restricted"] is True
    pc.blank_action.trigger()
    assert not controller.blanked and not p.blanked
    rows = [p.model.index(r, 0).data() for r in range(p.model.rowCount())]
    assert "The police think Dad knows the new address." not in rows
    assert any("Police were called" in r for r in rows)
    assert _on_projector(pc)


def test_survives_the_projector_going_away(
    qtbot: Any, room: tuple[QMainWindow, ProjectorController]
) -> None:
    chair, pc = room
    pc.show_projector()
    qtbot.waitUntil(lambda: _on_projector(pc))
    projector_screen = _screen("Projector")
    QGuiApplication.instance().screenRemoved.emit(projector_screen)
    QApplication.processEvents()
    p = pc.projector
    assert chair.isVisible()
    assert chair.screen().name() == "Laptop"
    # The only screen left is the chair's: the family's view is closed, not put on it.
    assert not p.isVisible() or p.screen().name() != "Projector"
    assert not p.isVisible()
    assert not pc.stop_action.isEnabled()


def test_moves_to_a_screen_plugged_in_while_shown_as_a_window(
    qtbot: Any,
    room: tuple[QMainWindow, ProjectorController],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chair, pc = room
    laptop, projector = _screen("Laptop"), _screen("Projector")
    # Start with the laptop alone: an ordinary window on the chair's screen.
    with monkeypatch.context() as m:
        m.setattr(QGuiApplication, "screens", staticmethod(lambda: [laptop]))
        pc.show_projector()
        qtbot.waitUntil(lambda: pc.projector.isVisible())
        assert not pc.projector.isFullScreen()
        assert pc.projector.screen().name() == "Laptop"
    QGuiApplication.instance().screenAdded.emit(projector)
    qtbot.waitUntil(lambda: _on_projector(pc))
    assert chair.isVisible() and chair.screen().name() == "Laptop"


def test_the_chosen_screen_is_remembered_and_never_the_chairs(
    qtbot: Any, room: tuple[QMainWindow, ProjectorController], controller: ConferenceController
) -> None:
    chair, pc = room
    pc._fill_screen_menu()
    labels = [a.text() for a in pc.screen_menu.actions()]
    assert "Projector — 1280×720" in labels and "Laptop — 1920×1080" in labels
    choice = next(a for a in pc.screen_menu.actions() if a.text() == "Projector — 1280×720")
    choice.trigger()
    assert pc.chosen_screen_name() == "Projector"
    pc.show_projector()
    qtbot.waitUntil(lambda: _on_projector(pc))
    # Choosing the chair's own screen cannot cover the chair's window.
    pc.choose_screen("Laptop")
    qtbot.waitUntil(lambda: _on_projector(pc))
    other = QMainWindow()
    qtbot.addWidget(other)
    pc2 = install(other, controller)
    qtbot.addWidget(pc2.projector)
    assert pc2.chosen_screen_name() == "Laptop"
    assert chair.isVisible()


def test_leaves_a_screen_the_chairs_window_moves_to(
    qtbot: Any, room: tuple[QMainWindow, ProjectorController]
) -> None:
    chair, pc = room
    pc.show_projector()
    qtbot.waitUntil(lambda: _on_projector(pc))
    projector = _screen("Projector")
    chair.setScreen(projector)
    chair.move(projector.geometry().topLeft())
    qtbot.waitUntil(lambda: chair.screen() is projector)
    qtbot.waitUntil(lambda: pc.projector.screen().name() == "Laptop")
    assert pc.projector.isFullScreen()
    assert chair.isVisible()
