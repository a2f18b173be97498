"""From one laptop's change to a row painted in the other laptop's pane, on PostgreSQL.

Not a test: `SFCONF_TEST_PG=postgresql://... python tests/benchmarks/bench_live.py [N]` makes a
fresh database, opens the chair's window (a real ConferenceWindow, the harm pane shown) and
the minute-taker's controller (the other laptop) on one conference, has the minute-taker
add N items (default 200) at the top of the pane, and prints the median and p95 of the time
from her write until the chair's QListView has painted that row (goal p95 under 250 ms on
loopback), and until the chair's controller signalled it (the part before the paint).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SFCONF_SETTINGS_ORG", "sfconf-bench")
os.environ.setdefault("SFCONF_KEY", "5f" * 32)  # never a key file in the user's folder
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from conference.exchange.interchange import import_document  # noqa: E402
from conference.store.database import open_store  # noqa: E402
from tests import pg  # noqa: E402
from ui.conference_window import ConferenceWindow  # noqa: E402
from ui.controller import ConferenceController  # noqa: E402
from ui.pages.pane import ItemDelegate  # noqa: E402

painted: dict[str, float] = {}


class TimingDelegate(ItemDelegate):
    """The pane's own delegate, noting when each item's text is first painted."""

    def paint(self, painter: Any, option: Any, index: Any) -> None:
        super().paint(painter, option, index)
        painted.setdefault(str(index.data()), time.perf_counter())


def _summary(label: str, took: list[float]) -> str:
    took = sorted(took)
    p95 = took[max(0, int(len(took) * 0.95) - 1)]
    return (
        f"{label}: median {statistics.median(took):.1f} ms, p95 {p95:.1f} ms, "
        f"max {took[-1]:.1f} ms over {len(took)} changes"
    )


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    app = QApplication(sys.argv[:1])
    url = pg.create_database()
    try:
        chair_store, taker_store = open_store(url), open_store(url)
        doc = json.loads((ROOT / "tests/data/green-family-initial.json").read_text("utf-8"))
        doc["conference"]["status"] = "in_progress"
        cid = import_document(chair_store, doc, actor="bench")
        window = ConferenceWindow(chair_store, cid)
        window.resize(1280, 800)
        window.show()
        chair = window.controller
        chair.set_step(next(i for i, s in enumerate(chair.agenda) if s.section == "harm"))
        pane = window.panes["harm"]
        pane.view.setItemDelegate(TimingDelegate(pane.view))
        taker = ConferenceController(taker_store, cid)
        signalled: dict[str, float] = {}

        def on_changed(kind: str, ent_id: str, action: str) -> None:
            if kind == "item" and action == "add":
                signalled.setdefault(ent_id, time.perf_counter())

        chair.changed.connect(on_changed)
        while not (chair._listener.connected.is_set() and taker._listener.connected.is_set()):
            app.processEvents()
        to_paint: list[float] = []
        to_signal: list[float] = []
        for n in range(count):
            said = f"Item {n} typed by the minute-taker"
            top = min(r["position"] for r in taker.rows("item") if r["section"] == "harm")
            start = time.perf_counter()
            new_id = taker.add("item", {"section": "harm", "text": said}, position=top)
            assert new_id is not None
            while said not in painted:
                app.processEvents()
                if time.perf_counter() - start > 5:
                    raise SystemExit(f"item {n} was never painted in the other laptop's pane")
            to_paint.append((painted[said] - start) * 1000)
            to_signal.append((signalled[new_id] - start) * 1000)
        print(
            _summary("other laptop's change painted in the pane", to_paint) + " (goal p95 < 250 ms)"
        )
        print(_summary("  of which until its controller signalled", to_signal))
        chair.stop_following()
        taker.stop_following()
        window.close()
        chair_store.close()
        taker_store.close()
    finally:
        pg.drop_database(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
