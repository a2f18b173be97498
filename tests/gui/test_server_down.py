"""The shared store's server or live connection lost mid-meeting: told, nothing lost, caught up."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from conference import operations as ops
from conference.exchange.interchange import import_document
from conference.store.database import Store, open_store
from tests import pg
from tests.helpers import activate
from ui.conference_window import LIVE_LOST_NOTICE, ConferenceWindow
from ui.controller import ConferenceController
from ui.room.window import ProjectorWindow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def own_cluster() -> Iterator[pg.OwnCluster]:
    """A cluster of this test's own, on its own port, that the test may stop and start."""
    if pg.admin_url() is None:
        pytest.skip(f"no test PostgreSQL: set {pg.ENV} (bash scripts/test-postgres.sh)")
    cluster = pg.OwnCluster(f"/tmp/sfconf-pg-restart-{os.getpid()}", _free_port())
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.remove()


def _open_meeting(
    qtbot: Any, url: str, doc: dict[str, Any]
) -> tuple[Store, Store, str, ConferenceWindow, ProjectorWindow, ConferenceController]:
    chair_store, taker_store = open_store(url), open_store(url)
    doc["conference"]["status"] = "in_progress"
    cid = import_document(chair_store, doc, actor="test")
    window = ConferenceWindow(chair_store, cid)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    activate(qtbot, window)
    chair = window.controller
    chair.set_step(next(n for n, s in enumerate(chair.agenda) if s.section == "harm"))
    room = ProjectorWindow(chair)
    qtbot.addWidget(room)
    room.show()
    window.activateWindow()
    activate(qtbot, window)
    taker = ConferenceController(taker_store, cid)
    qtbot.waitUntil(lambda: chair._listener.connected.is_set(), timeout=5000)
    qtbot.waitUntil(lambda: taker._listener.connected.is_set(), timeout=5000)
    return chair_store, taker_store, cid, window, room, taker


def _room_text(room: ProjectorWindow) -> str:
    model = room.model
    return "\n".join(str(model.index(r, 0).data()) for r in range(model.rowCount()))


def _pane_texts(window: ConferenceWindow) -> list[str]:
    model = window.panes["harm"].model
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def test_the_server_stopped_mid_meeting_loses_nothing_and_the_window_catches_up(
    qtbot: Any, own_cluster: pg.OwnCluster, example_doc: dict[str, Any]
) -> None:
    url = own_cluster.create_database()
    chair_store, taker_store, cid, window, room, taker = _open_meeting(qtbot, url, example_doc)
    chair = window.controller
    pane = window.panes["harm"]
    try:
        # Acknowledged before the server goes: the chair's own item and the minute-taker's.
        pane.entry.setFocus()
        qtbot.keyClicks(pane.entry, "The chair wrote this before the server stopped.")
        qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
        assert window.saved_label.text().startswith("Saved")
        hers = "The minute-taker wrote this before the server stopped."
        assert taker.add("item", {"section": "harm", "text": hers}) is not None
        qtbot.waitUntil(lambda: any(hers in t for t in _pane_texts(window)), timeout=2000)

        own_cluster.stop_server()
        qtbot.waitUntil(lambda: not chair.live_up, timeout=5000)
        assert (
            window.live_label.isVisibleTo(window) and window.live_label.text() == LIVE_LOST_NOTICE
        )
        assert "Live connection lost" in window.saved_label.text()
        assert room.paused

        # Typed in place while it is down: kept on the laptop, and the chair is told so.
        row = next(i for i, t in enumerate(_pane_texts(window)) if "before the server" in t)
        pane.view.setFocus()
        pane.view.setCurrentIndex(pane.model.index(row, 0))
        qtbot.keyClick(pane.view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        editor.end(False)
        qtbot.keyClicks(editor, " Added while it was down.")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert len(chair.kept) == 1
        assert "kept on this laptop" in window.saved_label.text()
        edited_id = pane.model.item_id(row)
        edited = pane.model.item(row)["text"] + " Added while it was down."
        # A new item typed while it is down stays in the entry line, and is said not saved.
        pane.entry.setFocus()
        qtbot.keyClicks(pane.entry, "Typed while the server was down.")
        qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
        assert pane.entry.text() == "Typed while the server was down."
        assert "press Enter again" in window.saved_label.text()
        # The room's screen is unchanged (and no traceback) when the chair moves on and back.
        shown = _room_text(room)
        chair.next_step()
        chair.previous_step()
        assert _room_text(room) == shown

        own_cluster.start()
        # The minute-taker writes as soon as the server is back: the chair must catch up.
        later = "The minute-taker wrote this once the server was back."
        assert taker.add("item", {"section": "harm", "text": later}) is not None
        qtbot.waitUntil(lambda: chair.live_up, timeout=15000)
        qtbot.waitUntil(lambda: any(later in t for t in _pane_texts(window)), timeout=3000)
        assert not chair.kept
        assert not window.live_label.isVisibleTo(window)
        assert "kept change written" in window.saved_label.text()
        qtbot.keyClick(pane.entry, Qt.Key.Key_Return)  # the chair presses Enter again
        qtbot.waitUntil(lambda: later in _room_text(room), timeout=3000)

        # Nothing acknowledged or kept is lost: the store holds all of it.
        fresh = ConferenceController(taker_store, cid)
        fresh.stop_following()
        texts = [r["text"] for r in fresh.rows("item")]
        assert "The chair wrote this before the server stopped." in "\n".join(texts)
        assert hers in texts and later in texts
        assert "Typed while the server was down." in texts
        assert (fresh.row("item", edited_id) or {})["text"] == edited
        assert edited in _pane_texts(window)
    finally:
        room.close()
        chair.stop_following()
        taker.stop_following()
        window.close()
        chair_store.close()
        taker_store.close()


def test_while_the_live_connection_is_down_the_room_adds_nothing_new_and_the_chair_is_told(
    qtbot: Any, pg_database: str, example_doc: dict[str, Any]
) -> None:
    import psycopg

    chair_store, taker_store, cid, window, room, taker = _open_meeting(
        qtbot, pg_database, example_doc
    )
    chair = window.controller
    try:
        before = _room_text(room)
        # The live connection drops and cannot come back (the server itself stays up).
        good_url = chair._listener.url
        port = urlsplit(good_url).port
        chair._listener.url = good_url.replace(f":{port}/", ":1/")  # nothing listens there
        admin = pg.admin_url()
        assert admin is not None
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (chair._listener.backend_pid,))
        qtbot.waitUntil(lambda: not chair.live_up, timeout=5000)
        assert window.live_label.isVisibleTo(window)
        assert "the room's screen adds nothing new" in window.saved_label.text()
        # The minute-taker adds an item; the chair's window reads the store again on its own
        # (a step away and back): the room's screen still shows only what it showed.
        said = "Said on the other laptop while this one was not live."
        ops.add(taker_store, cid, "item", "minute-taker", {"section": "harm", "text": said})
        chair.invalidate()
        chair.next_step()
        chair.previous_step()
        assert said in "\n".join(r["text"] for r in chair.rows("item"))
        assert said not in _room_text(room)
        assert _room_text(room) == before
        # Back: the room's screen takes in what was added, by the family rule as always.
        chair._listener.url = good_url
        qtbot.waitUntil(lambda: chair.live_up, timeout=5000)
        qtbot.waitUntil(lambda: said in _room_text(room), timeout=2000)
        assert not window.live_label.isVisibleTo(window)
        assert not room.paused
    finally:
        room.close()
        chair.stop_following()
        taker.stop_following()
        window.close()
        chair_store.close()
        taker_store.close()
