"""How long the chair waits from Enter to a new item saved and painted, with 300 items already there.

Not a test: run `python tests/benchmarks/bench_add_item.py [--room-screen | --without-projector]`;
prints the median and 95th percentile in milliseconds (goal: p95 under 16 ms, one frame), and
the same for the store's write alone. `--room-screen` has the projector up (F5), following
every item; by default it is installed but not shown; `--without-projector` leaves it out.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SFCONF_SETTINGS_ORG", "sfconf-bench")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from conference import operations as ops  # noqa: E402
from conference.exchange.interchange import import_document  # noqa: E402
from conference.store.database import open_store  # noqa: E402
from ui.app import _application  # noqa: E402
from ui.conference_window import ConferenceWindow  # noqa: E402

EXISTING = 300
N = int(os.environ.get("BENCH_N", "200"))


class PaintSeen(QObject):
    """Notes each paint of the watched viewports, so a run waits for a real paint, not a forced one."""

    def __init__(self, *viewports: QObject) -> None:
        super().__init__()
        self.seen: set[int] = set()
        self.watched = viewports
        for v in viewports:
            v.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.seen.add(id(obj))
        return False

    def all_painted(self) -> bool:
        return all(id(v) in self.seen for v in self.watched)


def main() -> int:
    if "--without-projector" in sys.argv:
        # To tell the chair's own pane from the room's screen following each change.
        sys.modules["ui.room.control"] = None  # type: ignore[assignment]
    app = _application()  # the app's own, its style included
    with tempfile.TemporaryDirectory() as folder:
        # SFCONF_BENCH_DB=postgresql://... measures the chair's own pane on the shared store.
        store = open_store(os.environ.get("SFCONF_BENCH_DB") or Path(folder) / "bench.db")
        doc = json.loads((ROOT / "tests/data/green-family-initial.json").read_text("utf-8"))
        # The chair's live meeting: items are typed while it is in progress (the example is
        # stored as ended, which would also put the after-the-meeting record panel up).
        doc["conference"]["status"] = "in_progress"
        cid = import_document(store, doc, actor="bench")
        have = len(doc["items"])
        for n in range(EXISTING - have):
            ops.add(
                store,
                cid,
                "item",
                "bench",
                {
                    "section": "harm",
                    "text": f"Existing item {n}: something said earlier about the children",
                },
            )
        window = ConferenceWindow(store, cid)
        window.resize(1280, 800)
        window.show()
        step = next(i for i, s in enumerate(window.controller.agenda) if s.section == "harm")
        window.controller.set_step(step)
        pane = window.current_pane()
        assert pane is not None
        room = None
        if "--room-screen" in sys.argv:
            window.projector.show_projector()  # type: ignore[union-attr]
            room = window.projector.projector  # type: ignore[union-attr]
        app.processEvents()
        writes: list[float] = []
        for n in range(N // 4):
            start = time.perf_counter()
            ops.add(store, cid, "item", "bench", {"section": "strengths", "text": f"Write {n}"})
            writes.append((time.perf_counter() - start) * 1000)
        window.controller.invalidate()
        window.panes["strengths"].model.reload()
        views = [pane.view.viewport()] + ([room.list_view.viewport()] if room is not None else [])
        paints = PaintSeen(*views)
        times: list[float] = []
        cpu: list[
            float
        ] = []  # this process's own CPU time: what the others on the machine cannot add
        for n in range(N):
            pane.entry.setText(f"New item {n}: Mia said she hides under the bed when they shout")
            rows = pane.model.rowCount()
            app.processEvents()
            paints.seen.clear()
            start = time.perf_counter()
            cpu_start = time.process_time()
            QTest.keyClick(pane.entry, Qt.Key.Key_Return)
            # Until the new row is in the pane's model and the pane (and the room's screen)
            # have painted since Enter: the paint Qt does by itself, in its own event loop.
            while pane.model.rowCount() == rows or not paints.all_painted():
                app.processEvents()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
        window.close()
        store.close()
    print(
        f"items before: {EXISTING}, adds: {N}"
        + (" (no projector)" if "--without-projector" in sys.argv else "")
        + (" (room screen shown)" if "--room-screen" in sys.argv else "")
    )
    for label, values in (
        ("Enter to painted", times),
        ("CPU time of it", cpu),
        ("store write alone", writes),
    ):
        values.sort()
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(
            f"{label}: median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, "
            f"max {values[-1]:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
