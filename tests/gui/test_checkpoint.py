"""The window checkpoints the store soon after an edit and backs it up when the meeting ends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from conference.exchange.interchange import import_document
from conference.store.database import Store
from tests import encrypted
from tests.conftest import EXAMPLE
from ui import checkpoint
from ui.conference_window import ConferenceWindow


def _items_in_main_file(db: Path, tmp_path: Path) -> set[str]:
    """The items a reader finds in the store file alone, as if its -wal had been deleted."""
    alone = tmp_path / "alone.db"
    shutil.copy(db, alone)
    conn = encrypted.connect(alone, read_only=True)
    try:
        return {r[0] for r in conn.execute("SELECT text FROM item")}
    finally:
        conn.close()


def test_an_edit_reaches_the_store_file_within_seconds(
    qtbot: Any, store: Store, tmp_path: Path
) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["conference"]["status"] = "in_progress"
    cid = import_document(store, doc, actor="test")
    window = ConferenceWindow(store, cid)
    qtbot.addWidget(window)
    window.show()
    step = next(n for n, s in enumerate(window.controller.agenda) if s.kind == "pane")
    window.controller.set_step(step)
    pane = window.current_pane()
    assert pane is not None
    text = "Gran picks the children up from school on Fridays."
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, text)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    assert text not in _items_in_main_file(store.path, tmp_path)  # only in the -wal so far
    made = window.checkpointer.count
    qtbot.waitUntil(lambda: window.checkpointer.count > made, timeout=checkpoint.IDLE_MS + 2000)
    assert text in _items_in_main_file(store.path, tmp_path)

    # The day's first opening made a backup; ending the meeting makes another, in backups/.
    assert len(window.checkpointer.backups) == 1
    assert window.controller.end_meeting()
    qtbot.waitUntil(lambda: len(window.checkpointer.backups) == 2, timeout=5000)
    assert len(list((store.path.parent / "backups").iterdir())) == 2
    backup = Path(str(window.checkpointer.backups[-1]))
    assert backup.parent == store.path.parent / "backups"
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    assert text.encode() not in backup.read_bytes()
