"""LISTEN/NOTIFY between two stores on one PostgreSQL database: delivered, lost, back again."""

from __future__ import annotations

import queue
import statistics
import time
from typing import Any

import psycopg

from conference.exchange.interchange import import_document
from conference.operations.items import add_item
from conference.operations.unit_of_work import UnitOfWork
from conference.store.database import open_store
from conference.store.live import Listener
from tests import pg


def _wait(q: queue.Queue[Any], timeout: float = 5.0) -> Any:
    return q.get(timeout=timeout)


def test_a_change_on_one_laptop_reaches_the_others_listener_within_a_second(
    pg_database: str, example_doc: dict[str, Any]
) -> None:
    store = open_store(pg_database)
    cid = import_document(store, example_doc, actor="test")
    changes: queue.Queue[dict[str, Any]] = queue.Queue()
    states: queue.Queue[bool] = queue.Queue()
    listener = Listener(pg_database, changes.put, states.put)
    listener.start()
    try:
        assert _wait(states) is True
        latencies = []
        for n in range(30):
            start = time.perf_counter()
            with UnitOfWork(store, cid, "minute-taker") as uow:
                add_item(uow, section="harm", text=f"Said in the room, {n}.")
                added = [e.id for e in uow.events() if e.kind == "item" and e.action == "add"]
            message = _wait(changes)
            latencies.append(time.perf_counter() - start)
            assert message["conference"] == cid
            assert ["item", added[0], "add"] in message["changes"]
        assert max(latencies) < 1.0, latencies
        print(f"notify round trip: median {statistics.median(latencies) * 1000:.1f} ms")

        # The listener's connection is cut (as a network drop would): it says so, comes back,
        # and what is written after that still arrives.
        admin = pg.admin_url()
        assert admin is not None and listener.backend_pid is not None
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (listener.backend_pid,))
        assert _wait(states) is False
        assert _wait(states) is True
        with UnitOfWork(store, cid, "minute-taker") as uow:
            add_item(uow, section="harm", text="After the drop.")
        assert _wait(changes)["conference"] == cid
    finally:
        listener.stop()
        store.close()
