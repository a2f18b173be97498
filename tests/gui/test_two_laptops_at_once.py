"""Two windows (two laptops, two logins) working on one PostgreSQL conference at the same time."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import Qt

from conference.exchange.interchange import import_document
from conference.store.database import open_store
from tests import pg
from tests.helpers import activate, focused


def _db_order(url: str, cid: str) -> list[tuple[str, str]]:
    """The harm pane's items as the database holds them: (id, text), in order."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT id, text FROM item WHERE conference_id = %s AND section = 'harm' "
            "ORDER BY position",
            (cid,),
        ).fetchall()
    return [(str(i), str(t)) for i, t in rows]


def _shown(window: Any) -> list[tuple[str, str]]:
    """The harm pane's items as this window shows them: (id, text), top to bottom."""
    model = window.panes["harm"].model
    return [(model.item_id(r), str(model.index(r, 0).data())) for r in range(model.rowCount())]


def test_two_windows_add_edit_and_move_at_once_and_end_up_the_same(
    qtbot: Any, pg_database: str, example_doc: dict[str, Any]
) -> None:
    from ui.conference_window import ConferenceWindow

    example_doc["conference"]["status"] = "in_progress"
    setup = open_store(pg_database)
    cid = import_document(setup, example_doc, actor="test")
    setup.close()
    chair_url, taker_url, logins = pg.logins(pg_database)
    stores = [open_store(chair_url), open_store(taker_url)]
    windows = [ConferenceWindow(store, cid) for store in stores]
    told: list[list[str]] = [[], []]
    try:
        for n, w in enumerate(windows):
            qtbot.addWidget(w)
            w.resize(1280, 800)
            w.show()
            w.controller.failed.connect(told[n].append)
            qtbot.waitUntil(lambda w=w: w.controller._listener.connected.is_set(), timeout=5000)
            w.controller.set_step(
                next(i for i, s in enumerate(w.controller.agenda) if s.section == "harm")
            )
        rnd = random.Random(20261202)
        acknowledged: dict[str, str] = {}  # item id -> the last text a window was told is saved
        refused = [0, 0]
        for n in range(40):
            who = rnd.randrange(2)
            w = windows[who]
            c = w.controller
            pane = w.panes["harm"]
            mine = [r["id"] for r in c.rows("item") if r["section"] == "harm"]
            what = rnd.random()
            if what < 0.4 or not mine:
                # Typed and entered, as the chair or the minute-taker does.
                activate(qtbot, w)
                pane.entry.setFocus()
                text = f"{'chair' if who == 0 else 'minute-taker'} said {n}"
                qtbot.keyClicks(focused(qtbot, w), text)
                qtbot.keyClick(focused(qtbot, w), Qt.Key.Key_Return)
                new = [r for r in c.rows("item") if r["text"] == text]
                assert len(new) == 1, f"{text!r} was not added"
                acknowledged[new[0]["id"]] = text
            elif what < 0.8:
                # An edit from what this window last read: refused if the other moved it since.
                # Every other time the other laptop edits the same item straight after, before
                # its window has heard of this change: an edit over a stale read.
                target = rnd.choice(mine)
                editors = [who, 1 - who] if n % 2 else [who]
                for k in editors:
                    text = f"{'chair' if k == 0 else 'minute-taker'} edit {n}"
                    if windows[k].controller.update("item", target, {"text": text}):
                        acknowledged[target] = text
                    else:
                        refused[k] += 1
            else:
                c.move("item", rnd.choice(mine), rnd.randrange(len(c.rows("item"))))
            # Sometimes the other laptop's change arrives before the next keystroke, sometimes
            # not: that is when an edit is made over a stale read.
            qtbot.wait(rnd.choice([0, 0, 30, 200]))
        assert sum(refused) > 0, "the run never edited over a stale read: it tests nothing"

        # Both windows catch up and show the same items, in the same order, as the database.
        def same() -> bool:
            want = _db_order(pg_database, cid)
            return all(_shown(w) == want for w in windows)

        qtbot.waitUntil(same, timeout=5000)
        held = dict(_db_order(pg_database, cid))
        for item_id, text in acknowledged.items():
            assert held.get(item_id) == text, f"an acknowledged change was lost: {text!r}"
        # Every refusal was told to the person whose edit it was, in words.
        for n in range(2):
            conflicts = [m for m in told[n] if "another laptop changed" in m]
            assert len(conflicts) >= refused[n], (refused[n], told[n])
        import psycopg

        with psycopg.connect(pg_database) as conn:
            actors = {
                str(a)
                for (a,) in conn.execute(
                    "SELECT DISTINCT actor FROM audit_entry WHERE conference_id = %s", (cid,)
                ).fetchall()
            }
        assert set(logins) <= actors  # the audit names both database logins
    finally:
        for w in windows:
            w.close()
        for store in stores:
            store.close()
        pg.drop_logins(pg_database, logins)
