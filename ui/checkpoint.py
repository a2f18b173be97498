"""Checkpoints and automatic backups for an open conference window (installed by one line).

A lost -wal (a sync tool, an over-keen clean-up) followed by a crash loses only what was
saved since the last checkpoint. So the store is checkpointed 2 s after the last edit,
at most 5 s after the first edit not yet checkpointed (typing never stops it for long),
and at every change of agenda step. When the meeting ends, and once a day, the store is
backed up into the backups folder (conference.store.backup).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from conference.errors import SfconfError

IDLE_MS = 2000
MAX_WAIT_MS = 5000


class Checkpointer(QObject):
    """Listens to the controller; checkpoints the store and backs it up when the meeting ends."""

    def __init__(self, controller: QObject, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.store = controller.store  # type: ignore[attr-defined]
        self.count = 0  # checkpoints made (tests)
        self.backups: list[object] = []  # automatic backups made (tests)
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._idle.timeout.connect(self.checkpoint)
        self._max = QTimer(self, singleShot=True, interval=MAX_WAIT_MS)
        self._max.timeout.connect(self.checkpoint)
        self._status = self._read_status()
        controller.saved.connect(self._edited)  # type: ignore[attr-defined]
        controller.step_changed.connect(self.checkpoint)  # type: ignore[attr-defined]
        controller.changed.connect(self._changed)  # type: ignore[attr-defined]
        QTimer.singleShot(0, self._daily)

    def _edited(self, *_args: object) -> None:
        self._idle.start()
        if not self._max.isActive():
            self._max.start()

    def checkpoint(self, *_args: object) -> None:
        self._idle.stop()
        self._max.stop()
        if self.store.checkpoint():
            self.count += 1

    def _read_status(self) -> str | None:
        try:
            with self.store.engine.connect() as conn:
                row = conn.exec_driver_sql(
                    "SELECT status FROM conference WHERE id = ?",
                    (self.controller.cid,),  # type: ignore[attr-defined]
                ).fetchone()
        except Exception:
            return None
        return str(row[0]) if row else None

    def _changed(self, kind: object = None, *_args: object) -> None:
        if kind != "conference":
            return
        before, self._status = self._status, self._read_status()
        if before != "ended" and self._status == "ended":
            self.checkpoint()
            self._backup(daily=False)

    def _daily(self) -> None:
        self._backup(daily=True)

    def _backup(self, *, daily: bool) -> None:
        from conference.store import backup

        if not self.store.writable or self.store.shared:
            return  # the shared store is backed up on the server (pg_dump), not by a laptop
        try:
            made = backup.daily(self.store) if daily else backup.automatic(self.store)
        except (SfconfError, OSError) as exc:
            failed = getattr(self.controller, "failed", None)
            if failed is not None:
                failed.emit(f"The automatic backup was not made: {getattr(exc, 'message', exc)}")
            return
        if made is not None:
            self.backups.append(made)


def install(window: QObject, controller: QObject) -> Checkpointer:
    """Attach a Checkpointer to the window (from ConferenceWindow.__init__)."""
    return Checkpointer(controller, window)
