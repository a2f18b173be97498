"""Two windows' controllers on one PostgreSQL conference: each follows the other within 1 s."""

from __future__ import annotations

import time
from typing import Any

import psycopg

from conference.exchange.interchange import import_document
from conference.store.database import open_store
from tests import pg


def test_each_controller_follows_the_others_changes_and_says_when_live_is_lost(
    qtbot: Any, pg_database: str, example_doc: dict[str, Any]
) -> None:
    from ui.controller import ConferenceController

    chair_store = open_store(pg_database)
    taker_store = open_store(pg_database)
    cid = import_document(chair_store, example_doc, actor="test")
    chair = ConferenceController(chair_store, cid)
    taker = ConferenceController(taker_store, cid)
    try:
        qtbot.waitUntil(lambda: chair._listener.connected.is_set(), timeout=5000)
        qtbot.waitUntil(lambda: taker._listener.connected.is_set(), timeout=5000)
        before = len(chair.rows("item"))
        start = time.perf_counter()
        new_id = taker.add("item", {"section": "harm", "text": "Typed by the minute-taker."})
        assert new_id is not None
        qtbot.waitUntil(lambda: any(r["id"] == new_id for r in chair.rows("item")), timeout=1000)
        assert time.perf_counter() - start < 1.0
        assert len(chair.rows("item")) == before + 1
        # And the other way round: the chair edits it, the minute-taker sees the edit.
        assert chair.update("item", new_id, {"text": "Corrected by the chair."})
        qtbot.waitUntil(
            lambda: (taker.row("item", new_id) or {}).get("text") == "Corrected by the chair.",
            timeout=1000,
        )
        # A restriction made on the minute-taker's laptop is off what the chair's room screen
        # may show (family_doc, the only thing the projector reads) within 1 s.
        assert any(i["id"] == new_id for i in chair.family_doc()["items"])
        start = time.perf_counter()
        assert taker.update("item", new_id, {"restricted": True})
        qtbot.waitUntil(
            lambda: all(i["id"] != new_id for i in chair.family_doc()["items"]), timeout=1000
        )
        assert time.perf_counter() - start < 1.0
        # A lost live connection is told (the status bar shows `failed`), and caught up after.
        messages: list[str] = []
        chair.failed.connect(messages.append)
        admin = pg.admin_url()
        assert admin is not None
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (chair._listener.backend_pid,))
        qtbot.waitUntil(lambda: any("live connection" in m for m in messages), timeout=3000)
        qtbot.waitUntil(lambda: chair.live_up, timeout=5000)
    finally:
        chair.stop_following()
        taker.stop_following()
        chair_store.close()
        taker_store.close()


def test_the_room_screen_follows_the_other_laptop_and_a_restriction_leaves_it_within_1s(
    qtbot: Any, pg_database: str, example_doc: dict[str, Any]
) -> None:
    from ui.controller import ConferenceController
    from ui.room.window import ProjectorWindow

    def shown(room: Any) -> str:
        model = room.model
        return "\n".join(str(model.index(r, 0).data()) for r in range(model.rowCount()))

    chair_store = open_store(pg_database)
    taker_store = open_store(pg_database)
    example_doc["conference"]["status"] = "in_progress"
    cid = import_document(chair_store, example_doc, actor="test")
    chair = ConferenceController(chair_store, cid)
    taker = ConferenceController(taker_store, cid)
    room = ProjectorWindow(chair)
    qtbot.addWidget(room)
    try:
        chair.set_step([s.key for s in chair.agenda].index("harm"))
        room.show()
        qtbot.waitUntil(lambda: chair._listener.connected.is_set(), timeout=5000)
        said = "Jade says the window latch is broken again."
        new_id = taker.add("item", {"section": "harm", "text": said, "restricted": False})
        assert new_id is not None
        qtbot.waitUntil(lambda: said in shown(room), timeout=1000)
        start = time.perf_counter()
        assert taker.update("item", new_id, {"restricted": True})
        qtbot.waitUntil(lambda: said not in shown(room), timeout=1000)
        assert time.perf_counter() - start < 1.0
    finally:
        room.close()
        chair.stop_following()
        taker.stop_following()
        chair_store.close()
        taker_store.close()


def test_the_chairs_pane_shows_the_minute_takers_item_and_keeps_the_chairs_typing(
    qtbot: Any, pg_database: str, example_doc: dict[str, Any]
) -> None:
    from PySide6.QtCore import Qt

    from ui.conference_window import ConferenceWindow
    from ui.controller import ConferenceController

    chair_store = open_store(pg_database)
    taker_store = open_store(pg_database)
    example_doc["conference"]["status"] = "in_progress"
    cid = import_document(chair_store, example_doc, actor="test")
    window = ConferenceWindow(chair_store, cid)
    qtbot.addWidget(window)
    window.show()
    chair = window.controller
    taker = ConferenceController(taker_store, cid)
    try:
        chair.set_step(next(i for i, s in enumerate(chair.agenda) if s.section == "harm"))
        pane = window.current_pane()
        assert pane is not None
        qtbot.waitUntil(lambda: chair._listener.connected.is_set(), timeout=5000)
        pane.entry.setText("The chair is still typing th")
        said = "Mia's teacher noticed a bruise on Monday."
        assert taker.add("item", {"section": "harm", "text": said}) is not None

        def pane_texts() -> list[str]:
            m = pane.model
            return [str(m.index(r, 0).data()) for r in range(m.rowCount())]

        qtbot.waitUntil(lambda: any(said in t for t in pane_texts()), timeout=1000)
        assert pane.entry.text() == "The chair is still typing th"  # nothing typed is lost
        pane.entry.setText("The chair's own item.")
        qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: any(r["text"] == "The chair's own item." for r in taker.rows("item")),
            timeout=1000,
        )
        texts = pane_texts()
        assert any(said in t for t in texts) and any("chair's own" in t for t in texts)
    finally:
        chair.stop_following()
        taker.stop_following()
        window.close()
        chair_store.close()
        taker_store.close()


def test_typing_on_in_a_field_after_the_other_laptops_change_arrived_is_refused(
    qtbot: Any, pg_database: str, example_doc: dict[str, Any]
) -> None:
    from ui.controller import ConferenceController

    chair_store = open_store(pg_database)
    taker_store = open_store(pg_database)
    cid = import_document(chair_store, example_doc, actor="test")
    chair = ConferenceController(chair_store, cid)
    taker = ConferenceController(taker_store, cid)
    told: list[str] = []
    chair.failed.connect(told.append)
    try:
        qtbot.waitUntil(lambda: chair._listener.connected.is_set(), timeout=5000)
        sid = chair.rows("danger_statement")[0]["id"]
        # The chair is typing the statement (each pause saves and folds into one undo step).
        assert chair.update("danger_statement", sid, {"family_comment": "We"}, merge=True)
        qtbot.waitUntil(
            lambda: (taker.row("danger_statement", sid) or {}).get("family_comment") == "We",
            timeout=2000,
        )
        # The minute-taker changes the same statement; her change reaches the chair live.
        assert taker.update("danger_statement", sid, {"family_comment": "Dad disagrees."})
        qtbot.waitUntil(
            lambda: (
                (chair.row("danger_statement", sid) or {}).get("family_comment") == "Dad disagrees."
            ),
            timeout=2000,
        )
        # The chair's typing goes on from what he had: refused, never written over hers.
        assert not chair.update("danger_statement", sid, {"family_comment": "We agree"}, merge=True)
        assert told and "another laptop changed this danger statement" in told[-1]
        assert (chair.row("danger_statement", sid) or {})["family_comment"] == "Dad disagrees."
        with taker_store.session() as session:
            from conference.store.model import DangerStatement

            row = session.get(DangerStatement, (cid, sid))
            assert row is not None and row.family_comment == "Dad disagrees."
        # Typing again from her version is saved.
        assert chair.update(
            "danger_statement", sid, {"family_comment": "Dad disagrees; Mum agrees."}, merge=True
        )
        # And the same for the conference's own fields.
        assert chair.update_conference({"contingency": "If"}, merge=True)
        qtbot.waitUntil(lambda: taker.conference_row()["contingency"] == "If", timeout=2000)
        assert taker.update_conference({"contingency": "Her plan B."})
        qtbot.waitUntil(
            lambda: chair.conference_row()["contingency"] == "Her plan B.", timeout=2000
        )
        assert not chair.update_conference({"contingency": "If Gran"}, merge=True)
        assert chair.conference_row()["contingency"] == "Her plan B."
    finally:
        chair.stop_following()
        taker.stop_following()
        chair_store.close()
        taker_store.close()
