"""From one laptop's change to the other laptop's read model and `changed` signal, on PostgreSQL.

Not a test: `SFCONF_KEY=... SFCONF_TEST_PG=postgresql://... python tests/benchmarks/bench_live.py [N]` makes a
fresh database, opens two controllers (two laptops) on one conference, has the minute-taker
add N items (default 200) and prints the median and p95 of the time until the chair's
controller has re-read the item and signalled the pane (goal p95 under 250 ms on loopback).
It stops at the signal: the pane's own repaint is measured by bench_add_item.py.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SFCONF_SETTINGS_ORG", "sfconf-bench")
os.environ.setdefault("SFCONF_KEY", "5f" * 32)  # never a key file in the user's folder
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from conference.exchange.interchange import import_document  # noqa: E402
from conference.store.database import open_store  # noqa: E402
from tests import pg  # noqa: E402
from ui.controller import ConferenceController  # noqa: E402


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    app = QApplication(sys.argv[:1])
    url = pg.create_database()
    try:
        chair_store, taker_store = open_store(url), open_store(url)
        doc = json.loads((ROOT / "tests/data/green-family-initial.json").read_text("utf-8"))
        cid = import_document(chair_store, doc, actor="bench")
        chair = ConferenceController(chair_store, cid)
        taker = ConferenceController(taker_store, cid)
        seen: dict[str, float] = {}

        def on_changed(kind: str, ent_id: str, action: str) -> None:
            if kind == "item" and action == "add" and chair.row("item", ent_id) is not None:
                seen.setdefault(ent_id, time.perf_counter())

        chair.changed.connect(on_changed)
        while not (chair._listener.connected.is_set() and taker._listener.connected.is_set()):
            app.processEvents()
        took = []
        for n in range(count):
            start = time.perf_counter()
            new_id = taker.add("item", {"section": "harm", "text": f"Item {n}"})
            assert new_id is not None
            while new_id not in seen:
                app.processEvents()
                if time.perf_counter() - start > 5:
                    raise SystemExit(f"item {n} never reached the other controller")
            took.append((seen[new_id] - start) * 1000)
        took.sort()
        p95 = took[int(len(took) * 0.95) - 1]
        print(
            f"other laptop's change re-read and signalled: median {statistics.median(took):.1f} ms, "
            f"p95 {p95:.1f} ms over {count} changes (goal p95 < 250 ms)"
        )
        chair.stop_following()
        taker.stop_following()
        chair_store.close()
        taker_store.close()
    finally:
        pg.drop_database(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
