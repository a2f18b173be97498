"""A helper process for test_crash: types items into a pane with real key events until killed.

Usage: python tests/gui/crash_driver.py DB CONFERENCE_ID SEED
Prints "READY" once the window is up, then "SAVED <id>" after each item is committed.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SFCONF_SETTINGS_ORG", "sfconf-tests")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from conference.store.database import open_store  # noqa: E402
from ui.conference_window import ConferenceWindow  # noqa: E402

WORDS = [
    "the",
    "children",
    "said",
    "that",
    "dad",
    "shouts",
    "when",
    "he",
    "drinks",
    "and",
    "mum",
    "is",
    "scared",
    "at",
    "night",
]


def main() -> int:
    db, cid, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    app = QApplication(sys.argv[:1])
    store = open_store(db)
    window = ConferenceWindow(store, cid)
    window.show()
    step = next(n for n, s in enumerate(window.controller.agenda) if s.kind == "pane")
    window.controller.set_step(step)
    pane = window.current_pane()
    assert pane is not None
    pane.item_added.connect(lambda item_id: print(f"SAVED {item_id}", flush=True))
    state = {"left": ""}

    def next_key() -> None:
        if not state["left"]:
            QTest.keyClick(pane.entry, Qt.Key.Key_Return)  # commits; prints SAVED
            state["left"] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
        else:
            QTest.keyClicks(pane.entry, state["left"][0])
            state["left"] = state["left"][1:]
        QTimer.singleShot(rng.randint(0, 4), next_key)

    state["left"] = "first words"
    print("READY", flush=True)
    QTimer.singleShot(0, next_key)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
