"""Screenshots of every step of the public example, chair and room, at 100% and 200% text.

A developer's tool, not a test: run it and look at the pictures.

    python scripts/screens.py /tmp/shots12 [--only chair-3] [--zoom 100]

Offscreen, with a 1920x1080 laptop and a 1280x720 projector (the screens of
tests/gui/projector_screens.json), it opens the example (status set to in progress, so no
record panel) in a conference window at 1920x1080, shows the room's screen full screen on the
projector, and for every step saves chair-<n>-<key>-<zoom>.png and room-<n>-<key>-<zoom>.png;
then it ends the example, starts its review and does the same for the review's steps
(review-chair-..., review-room-...). A fresh settings name, config folder, store and key each
run: no remembered zoom, geometry or room text size gets in.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "green-family-initial.json"
SCREENS = ROOT / "tests" / "gui" / "projector_screens.json"
ACTOR = "Screenshots"


def _fresh_environment() -> Path:
    """Everything the app remembers points at a new temporary folder (before Qt is imported)."""
    scratch = Path(tempfile.mkdtemp(prefix="sfconf-shots-"))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS}"
    os.environ["SFCONF_SETTINGS_ORG"] = f"sfconf-shots-{os.getpid()}-{secrets.token_hex(4)}"
    os.environ["SFCONF_CONFIG_DIR"] = str(scratch / "config")
    os.environ["SFCONF_LOG_DIR"] = str(scratch / "logs")
    os.environ["SFCONF_DB"] = str(scratch / "shots.db")
    os.environ["SFCONF_KEY"] = secrets.token_hex(32)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    sys.path.insert(0, str(ROOT))
    return scratch


def settle(ms: int = 120) -> None:
    """Let layout, timers and paints run before a grab."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def shoot(window: object, prefix: str, out: Path, only: str, zooms: list[int]) -> list[Path]:
    """Every step of the window's agenda, chair and room, at each zoom; the files written."""
    from ui.conference_window import ConferenceWindow

    assert isinstance(window, ConferenceWindow)
    projector = window.projector
    room = projector.projector  # type: ignore[union-attr]
    written: list[Path] = []
    for zoom in zooms:
        window.apply_zoom(zoom)  # what Ctrl+= / Ctrl+- reach, without remembering it
        projector.set_text_scale(zoom / 100)  # type: ignore[union-attr]  # View > Larger text
        for n, step in enumerate(window.controller.agenda, start=1):
            window.go_to_step(n - 1)
            settle()
            for who, widget in (("chair", window), ("room", room)):
                name = f"{prefix}{who}-{n:02d}-{step.key}-{zoom}.png"
                if only and not name.startswith(only):
                    continue
                widget.grab().save(str(out / name))
                written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the PNG files go")
    parser.add_argument("--only", default="", help="only files whose name starts with this")
    parser.add_argument("--zoom", type=int, action="append", help="only this zoom (repeatable)")
    parser.add_argument("--no-review", action="store_true", help="skip the review's steps")
    args = parser.parse_args(argv)
    _fresh_environment()
    args.folder.mkdir(parents=True, exist_ok=True)
    zooms = args.zoom or [100, 200]

    from conference import operations as ops
    from conference.exchange.interchange import import_document
    from conference.operations.review import start_review
    from conference.store.database import open_store
    from ui.app import _application
    from ui.conference_window import ConferenceWindow

    app = _application()
    store = open_store(os.environ["SFCONF_DB"])
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["conference"]["status"] = "in_progress"
    cid = import_document(store, doc, actor=ACTOR)

    written: list[Path] = []
    for prefix, conference_id in (("", cid), ("review-", "")):
        if prefix == "review-":
            if args.no_review:
                break
            ops.end_meeting(store, cid, ACTOR)
            conference_id = start_review(store, ACTOR, cid)
            ops.start_meeting(store, conference_id, ACTOR)
        window = ConferenceWindow(store, conference_id)
        window.move(0, 0)
        window.resize(1920, 1080)
        window.show()
        window.projector.show_projector()  # type: ignore[union-attr]
        settle(300)
        written += shoot(window, prefix, args.folder, args.only, zooms)
        window.projector.stop()  # type: ignore[union-attr]
        window.close()
        settle()
        window.deleteLater()
        settle()
    store.close()
    app.processEvents()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
