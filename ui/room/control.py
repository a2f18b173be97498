"""The chair's control of the room's screen: the Room screen menu, the screen it uses, blanking."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeyEvent, QKeySequence, QScreen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.controller import ConferenceController
from ui.room.window import ProjectorWindow
from ui.settings import settings

__all__ = ["ProjectorController", "ProjectorWindow", "install", "is_text_entry", "screen_label"]

TEXT_SCALE_MIN = 0.6
TEXT_SCALE_MAX = 2.0
TEXT_SCALE_STEP = 0.1
BLANK_BANNER = "ROOM SCREEN BLANK — new items are restricted"
BLANK_BANNER_UNRESTRICTED = "ROOM SCREEN BLANK"
SHOWING_BANNER = "On the room screen"


def screen_label(screen: QScreen) -> str:
    """How a screen is named in the menu: 'Projector — 1280×720'."""
    size = screen.size()
    return f"{screen.name() or 'Screen'} — {size.width()}×{size.height()}"


def is_text_entry(widget: QWidget | None) -> bool:
    """Whether typing in this widget enters text (so a plain key must reach it)."""
    for w in (widget, widget.parentWidget() if widget is not None else None):
        if isinstance(w, QLineEdit | QAbstractSpinBox | QTextEdit | QPlainTextEdit):
            return not w.isReadOnly()
        if isinstance(w, QComboBox) and w.isEditable():
            return True
    return False


class ProjectorController(QObject):
    """Shows the projector on the room's screen and keeps it there; owns the Room screen menu."""

    def __init__(self, window: QMainWindow, controller: ConferenceController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.projector = ProjectorWindow(controller)
        self._guarded: QWidget | None = None
        self._read_settings()
        self._create_actions()
        self._create_menu()
        self._create_status()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.screenAdded.connect(self._on_screen_added)
        app.screenRemoved.connect(self._on_screen_removed)
        app.focusChanged.connect(self._on_focus_changed)
        window.installEventFilter(self)
        # The room's screen has no parent (it is its own top-level window): it goes with the chair's.
        window.destroyed.connect(self.projector.deleteLater)
        controller.blanked_changed.connect(self._update_state)
        self.projector.shown_changed.connect(self._update_state)
        self._watched_handle: object | None = None
        self._watch_chair_screen()
        self._update_state()

    # ------------------------------------------------------------ settings

    def _read_settings(self) -> None:
        s = settings()
        try:
            scale = float(s.value("projector/text_scale", 1.0))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            scale = 1.0
        self.projector.set_text_scale(min(TEXT_SCALE_MAX, max(TEXT_SCALE_MIN, scale)))
        self.projector.set_theme(str(s.value("projector/theme", "dark")) != "light")
        self.projector.set_show_who(_as_bool(s.value("projector/show_who", True)))
        self.controller.restrict_while_blanked = _as_bool(
            s.value("projector/restrict_while_blank", True)
        )

    def chosen_screen_name(self) -> str:
        """The screen the chair chose ('' for the automatic choice)."""
        return str(settings().value("projector/screen", "") or "")

    # ------------------------------------------------------------ actions and menus

    def _action(self, text: str, tip: str, shortcuts: list[QKeySequence] | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        if shortcuts:
            action.setShortcuts(shortcuts)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        return action

    def _create_actions(self) -> None:
        self.show_action = self._action(
            "&Show on room screen",
            "Show the family's view full screen on the room's screen",
            [QKeySequence(Qt.Key.Key_F5)],
        )
        self.show_action.triggered.connect(lambda: self.show_projector())
        self.stop_action = self._action(
            "S&top showing",
            "Close the room's screen",
            [QKeySequence(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_F5)],
        )
        self.stop_action.triggered.connect(self.stop)
        # No Esc: a chair pressing Esc in a list or a table must never close the room's
        # screen. Closing it takes its own action (Shift+F5 or the menu).
        self.blank_action = self._action(
            "&Blank the room's screen",
            "Pause the room's screen; what is said meanwhile starts restricted",
            # Ctrl+B only: a plain B fired while the chair typed with the focus off a field.
            [QKeySequence("Ctrl+B")],
        )
        self.blank_action.setCheckable(True)
        self.blank_action.toggled.connect(self.controller.set_blanked)
        self.restrict_action = self._action(
            "New items are &restricted while blank",
            "While the room's screen is blank, new items start restricted",
        )
        self.restrict_action.setCheckable(True)
        self.restrict_action.setChecked(self.controller.restrict_while_blanked)
        self.restrict_action.toggled.connect(self._set_restrict_while_blank)

        self.larger_action = self._action("&Larger text", "Make the room's text larger")
        self.larger_action.triggered.connect(
            lambda: self.set_text_scale(self.text_scale + TEXT_SCALE_STEP)
        )
        self.smaller_action = self._action("S&maller text", "Make the room's text smaller")
        self.smaller_action.triggered.connect(
            lambda: self.set_text_scale(self.text_scale - TEXT_SCALE_STEP)
        )

        self.scroll_down_action = self._action(
            "Scroll the room's screen &down",
            "Show the next part of a long page on the room's screen",
            [QKeySequence("Alt+PgDown")],
        )
        self.scroll_down_action.triggered.connect(lambda: self.projector.scroll_pages(1))
        self.scroll_up_action = self._action(
            "Scroll the room's screen &up",
            "Show the part before on the room's screen",
            [QKeySequence("Alt+PgUp")],
        )
        self.scroll_up_action.triggered.connect(lambda: self.projector.scroll_pages(-1))

        self.theme_group = QActionGroup(self)
        self.dark_action = self._action("&Dark background", "Light text on a dark background")
        self.light_action = self._action("Li&ght background", "Dark text on a light background")
        for action in (self.dark_action, self.light_action):
            action.setCheckable(True)
            self.theme_group.addAction(action)
        (self.dark_action if self.projector.theme.dark else self.light_action).setChecked(True)
        self.dark_action.triggered.connect(lambda: self.set_theme(True))
        self.light_action.triggered.connect(lambda: self.set_theme(False))

        self.who_action = self._action("Show &who said each item", "Name who said each item")
        self.who_action.setCheckable(True)
        self.who_action.setChecked(self.projector.show_who)
        self.who_action.toggled.connect(self.set_show_who)

        self.screen_group = QActionGroup(self)
        self.screen_group.setExclusive(True)

        for action in (
            self.show_action,
            self.stop_action,
            self.blank_action,
            self.scroll_down_action,
            self.scroll_up_action,
        ):
            self.window.addAction(action)
            # So the keys work when the chair has clicked on a windowed room screen too.
            self.projector.addAction(action)

    def _create_menu(self) -> None:
        self.menu = QMenu("&Room screen", self.window)
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.stop_action)
        self.menu.addSeparator()
        self.menu.addAction(self.blank_action)
        self.menu.addAction(self.restrict_action)
        self.menu.addAction(self.scroll_down_action)
        self.menu.addAction(self.scroll_up_action)
        self.menu.addSeparator()
        self.screen_menu = self.menu.addMenu("&Choose screen")
        self.screen_menu.aboutToShow.connect(self._fill_screen_menu)
        self._fill_screen_menu()
        self.menu.addAction(self.larger_action)
        self.menu.addAction(self.smaller_action)
        self.menu.addAction(self.dark_action)
        self.menu.addAction(self.light_action)
        self.menu.addAction(self.who_action)
        self.window.menuBar().addMenu(self.menu)

    def _fill_screen_menu(self) -> None:
        self.screen_menu.clear()
        for action in self.screen_group.actions():
            self.screen_group.removeAction(action)
        chosen = self.chosen_screen_name()
        names = [s.name() for s in QGuiApplication.screens()]
        entries = [("", "Automatic (the screen the chair is not using)")]
        entries += [(s.name(), screen_label(s)) for s in QGuiApplication.screens()]
        for name, text in entries:
            action = QAction(text, self.screen_menu)
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == chosen or (not name and chosen not in names))
            action.triggered.connect(lambda _=False, n=name: self.choose_screen(n))
            self.screen_group.addAction(action)
            self.screen_menu.addAction(action)

    def _create_status(self) -> None:
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Room screen state")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.window.statusBar().addPermanentWidget(self.status_label)

    # ------------------------------------------------------------ what the chair does

    @property
    def text_scale(self) -> float:
        return self.projector.text_scale

    def set_text_scale(self, factor: float) -> None:
        factor = round(min(TEXT_SCALE_MAX, max(TEXT_SCALE_MIN, factor)), 2)
        self.projector.set_text_scale(factor)
        settings().setValue("projector/text_scale", factor)

    def set_theme(self, dark: bool) -> None:
        self.projector.set_theme(dark)
        (self.dark_action if dark else self.light_action).setChecked(True)
        settings().setValue("projector/theme", "dark" if dark else "light")

    def set_show_who(self, show: bool) -> None:
        self.projector.set_show_who(show)
        self.who_action.setChecked(show)
        settings().setValue("projector/show_who", show)

    def _set_restrict_while_blank(self, on: bool) -> None:
        self.controller.restrict_while_blanked = on
        settings().setValue("projector/restrict_while_blank", on)
        self._update_state()

    def choose_screen(self, name: str) -> None:
        """Remember the room's screen by name ('' = automatic) and move there if showing."""
        settings().setValue("projector/screen", name)
        if self.projector.isVisible():
            self.show_projector()

    def target_screen(self, gone: QScreen | None = None) -> QScreen | None:
        """The screen to project on: the chosen one, else any but the chair's; None if none."""
        chair = self.window.screen()
        others = [s for s in QGuiApplication.screens() if s is not gone and s is not chair]
        chosen = self.chosen_screen_name()
        for screen in others:
            if chosen and screen.name() == chosen:
                return screen
        return others[0] if others else None

    def show_projector(self, gone: QScreen | None = None) -> None:
        """Full screen on the room's screen; with one screen, a window the chair can drag."""
        p = self.projector
        target = self.target_screen(gone)
        if p.isFullScreen():
            p.showNormal()  # leave full screen before moving, or the move is ignored
        if target is not None:
            p.setScreen(target)
            p.setGeometry(target.geometry())
            p.showFullScreen()
        else:
            chair = self.window.screen()
            area = chair.availableGeometry()
            size = QSize(min(1280, area.width() * 2 // 3), min(720, area.height() * 2 // 3))
            p.setScreen(chair)
            p.resize(size)
            p.move(area.right() - size.width() - 20, area.top() + 40)
            p.show()
        p.raise_()
        self._update_state()

    def stop(self) -> None:
        self.projector.hide()
        self._update_state()

    def is_projecting_full_screen(self) -> bool:
        return self.projector.isVisible() and self.projector.isFullScreen()

    def _update_state(self, *_: object) -> None:
        blanked = self.controller.blanked
        showing = self.projector.isVisible()
        self.stop_action.setEnabled(showing)
        if self.blank_action.isChecked() != blanked:
            self.blank_action.setChecked(blanked)
        if blanked:
            restrict = self.controller.restrict_while_blanked
            self.status_label.setText(BLANK_BANNER if restrict else BLANK_BANNER_UNRESTRICTED)
            self.status_label.setStyleSheet(
                "QLabel { background: #b00020; color: white; font-weight: bold;"
                " padding: 3px 10px; border-radius: 3px; }"
            )
            self.status_label.show()
        elif showing:
            self.status_label.setText(SHOWING_BANNER)
            self.status_label.setStyleSheet(
                "QLabel { background: #1b5e20; color: white; padding: 3px 10px;"
                " border-radius: 3px; }"
            )
            self.status_label.show()
        else:
            self.status_label.hide()

    # ------------------------------------------------------------ screens coming and going

    def _watch_chair_screen(self) -> None:
        # The chair's window has a native window only once shown; watch it from then on.
        handle = self.window.windowHandle()
        if handle is not None and handle is not self._watched_handle:
            handle.screenChanged.connect(self._on_chair_screen_changed)
            self._watched_handle = handle

    def _on_chair_screen_changed(self, screen: QScreen) -> None:
        # The chair's window moved (or its screen went away) onto the room's screen: the
        # family's view must not cover it, so project elsewhere or as a window.
        p = self.projector
        if p.isVisible() and p.isFullScreen() and p.screen() is screen:
            self.show_projector()

    def _on_screen_removed(self, screen: QScreen) -> None:
        self._fill_screen_menu()
        if not self.projector.isVisible():
            return
        on_gone = self.projector.screen() is screen or self.projector.windowHandle() is None
        if not on_gone:
            return
        if self.target_screen(gone=screen) is not None:
            self.show_projector(gone=screen)
        else:
            # Never let the family's view fall onto the chair's screen full size: close it.
            self.stop()

    def _on_screen_added(self, screen: QScreen) -> None:
        self._fill_screen_menu()
        if not self.projector.isVisible():
            return
        on_chair = self.projector.screen() is self.window.screen()
        wanted = (
            self.chosen_screen_name() == screen.name() and self.projector.screen() is not screen
        )
        if on_chair or wanted:
            self.show_projector()

    # ------------------------------------------------------------ keys

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # Watch only the focused text field (not every event in the app) so a plain B or Esc
        # reaches the field as typing instead of blanking or stopping the room's screen.
        if self._guarded is not None:
            with contextlib.suppress(RuntimeError):  # the field may be gone already
                self._guarded.removeEventFilter(self)
            self._guarded = None
        if new is not None and is_text_entry(new):
            new.installEventFilter(self)
            self._guarded = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window:
            if event.type() == QEvent.Type.Close:
                self.stop()
            elif event.type() == QEvent.Type.Show:
                self._watch_chair_screen()
            return False
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and watched is self._guarded
            and isinstance(event, QKeyEvent)
        ):
            mods = event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if event.key() == Qt.Key.Key_Escape or (
                mods == Qt.KeyboardModifier.NoModifier
                and event.text().isprintable()
                and event.text()
            ):
                event.accept()  # the field gets the key as typing; no shortcut fires
                return True
        return False


def _as_bool(value: object) -> bool:
    # QSettings gives back "true"/"false" strings from an ini file.
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def install(window: QMainWindow, controller: ConferenceController) -> ProjectorController:
    """Add the Room screen menu to the chair's window; returns the projector's controller."""
    return ProjectorController(window, controller)
