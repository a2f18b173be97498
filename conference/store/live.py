"""Live changes between laptops on the shared store: NOTIFY on every write, a LISTEN thread.

Every audit entry a transaction writes (every change does write one) sends, at commit, a
notification on CHANNEL naming the conference and what changed. `Listener` holds a
connection of its own in a thread (never the GUI's): it hands each notification to a
callback, reports the connection lost or back, and reconnects by itself.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

CHANNEL = "sfconf_changes"
RETRY_S = 0.5


def payloads(entries: Iterable[Any], origin: str) -> list[str]:
    """One notification per conference for these new audit entries (`origin`: who wrote them)."""
    by_conference: dict[str, list[list[str]]] = {}
    for entry in entries:
        by_conference.setdefault(str(entry.conference_id), []).append(
            [str(entry.entity), str(entry.entity_id), str(entry.action)]
        )
    out = []
    for cid, changes in by_conference.items():
        payload = json.dumps({"conference": cid, "changes": changes[:50], "origin": origin})
        if len(payload) > 7000:  # NOTIFY payloads stop at 8000 bytes: then "re-read it all"
            payload = json.dumps({"conference": cid, "changes": None, "origin": origin})
        out.append(payload)
    return out


class Listener:
    """LISTEN on its own connection in a daemon thread; callbacks run in that thread."""

    def __init__(
        self,
        url: str,
        on_change: Callable[[dict[str, Any]], None],
        on_state: Callable[[bool], None] | None = None,
        ignore_origin: str | None = None,
    ) -> None:
        self.url = url
        self.on_change = on_change
        # Our own writes come back too: dropped here, not handed to the window to drop.
        self.ignore_origin = ignore_origin
        self.on_state = on_state or (lambda _up: None)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sfconf-live", daemon=True)
        self.connected = threading.Event()
        self.backend_pid: int | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg

        was_up: bool | None = None
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.backend_pid = conn.info.backend_pid
                    self.connected.set()
                    if was_up is not True:
                        was_up = True
                        self.on_state(True)
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.2):
                            self._deliver(note.payload)
            except psycopg.Error as exc:
                if "does not exist" in str(exc):
                    break  # the database itself is gone: nothing to follow any more
            except RuntimeError:
                break  # the window that listened is gone (its Qt object was deleted)
            self.connected.clear()
            if self._stop.is_set():
                break
            if was_up is not False:
                was_up = False
                try:
                    self.on_state(False)
                except RuntimeError:
                    break
            time.sleep(RETRY_S)

    def _deliver(self, payload: str) -> None:
        try:
            message = json.loads(payload)
        except ValueError:
            return
        if isinstance(message, dict) and (
            self.ignore_origin is None or message.get("origin") != self.ignore_origin
        ):
            self.on_change(message)
