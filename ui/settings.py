"""Per-user window state in QSettings: geometry, splitters and the panes' zoom."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

ZOOM_MIN = 50
ZOOM_MAX = 300
ZOOM_STEP = 10
ZOOM_DEFAULT = 100


def settings() -> QSettings:
    """The app's settings; tests run under their own organisation so a user's are never touched."""
    return QSettings(os.environ.get("SFCONF_SETTINGS_ORG", "sfconf"), "sfconf")


def zoom() -> int:
    """The panes' zoom in percent, as this user last left it."""
    try:
        value = int(settings().value("view/zoom", ZOOM_DEFAULT))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        value = ZOOM_DEFAULT
    return max(ZOOM_MIN, min(ZOOM_MAX, value))


def set_zoom(percent: int) -> int:
    """Remember the zoom (clamped); returns the value kept."""
    percent = max(ZOOM_MIN, min(ZOOM_MAX, int(percent)))
    settings().setValue("view/zoom", percent)
    return percent


def save_window(name: str, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
    """Keep a window's geometry, dock/toolbar state and splitter positions."""
    s = settings()
    s.setValue(f"{name}/geometry", window.saveGeometry())
    s.setValue(f"{name}/state", window.saveState())
    for key, splitter in splitters.items():
        s.setValue(f"{name}/splitter/{key}", splitter.saveState())


def restore_window(name: str, window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
    """Put back what `save_window` kept; returns False when nothing was kept yet."""
    s = settings()
    geometry = s.value(f"{name}/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    state = s.value(f"{name}/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    for key, splitter in splitters.items():
        value = s.value(f"{name}/splitter/{key}")
        if isinstance(value, QByteArray) and not value.isEmpty():
            splitter.restoreState(value)
    return isinstance(geometry, QByteArray) and not geometry.isEmpty()
