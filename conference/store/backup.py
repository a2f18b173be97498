"""Backups of the file store: SQLite's online backup API, encrypted with the user's key.

`backup_to` copies a consistent snapshot even while the window is editing. `restore_from`
puts one back into the live store through the same API (so other connections see it),
refusing over a store with conferences unless asked, and never rolling back a
finalised record. `automatic` is called at the end of a meeting and once a day.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
import uuid
from pathlib import Path
from typing import Any

from conference.errors import RefusedInput, StoreError, UsageError
from conference.store import database as db
from conference.store.keys import make_private, private_folder, store_key

KEEP = 30  # automatic backups kept per store
SUFFIX = ".sfbackup"
SETTING = "backups_folder"


def _cut(text: str) -> str:
    return db.cut(text)


def refuse_url(value: str) -> None:
    """A database URL has no file to copy: pg_dump is the tool there (exit 2)."""
    if db.looks_like_url(value):
        raise UsageError(
            "backup and restore work on a file store; for a database server use its own "
            "tools (pg_dump / pg_restore)"
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def is_store_file(candidate: Path, store_path: Path | str) -> bool:
    """True when `candidate` is the store or one of its -wal, -shm or -journal files."""
    if isinstance(store_path, str):
        return False  # a database URL has no file to overwrite
    return any(
        _same_file(candidate, Path(f"{store_path}{side}"))
        for side in ("", "-wal", "-shm", "-journal")
    )


def _copy(src: Any, target: Path, key: str) -> None:
    """Copy an open connection's database into a new file at `target`, atomically."""
    folder = target.parent if str(target.parent) else Path(".")
    tmp = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.part"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        dst = db._connect(tmp, key)
        try:
            src.backup(dst)
            # A backup is one file: no -wal beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
            db._check(dst, target, full=True)
        finally:
            dst.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        make_private(tmp)
        os.replace(tmp, target)
        db._fsync_folder(folder)
    except OSError as exc:
        raise RefusedInput(f"cannot write {_cut(str(target))} ({exc.strerror})") from None
    finally:
        for name in (tmp, Path(f"{tmp}-journal")):
            name.unlink(missing_ok=True)


def backup_to(store: db.Store, target: Path) -> Path:
    """A consistent, encrypted copy of the whole store in `target` (mode 0600)."""
    target = Path(target).expanduser()
    if is_store_file(target, store.path):
        raise UsageError(f"{_cut(str(target))} is the store itself; choose another file")
    if target.is_dir():
        raise UsageError(f"{_cut(str(target))} is a folder; name a file")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise RefusedInput(f"cannot write {_cut(str(target))}: the folder does not exist")
    key = store_key()
    dbapi = db._dbapi()
    try:
        src = db._connect(store.path, key, read_only=True)
        try:
            _copy(src, target, key)
        finally:
            src.close()
    except dbapi.Error as exc:
        raise db._explain(exc, store.path) from None
    return target


def _finalised(conn: Any) -> dict[str, str]:
    """Finalised conferences of an open connection: id -> seal ('' before seals existed)."""
    rows = conn.execute("SELECT id FROM conference WHERE status = 'finalised'").fetchall()
    seals: dict[str, str] = {str(r[0]): "" for r in rows}
    has_records = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='conference_record'"
    ).fetchone()
    if has_records:
        for cid, seal in conn.execute("SELECT conference_id, seal FROM conference_record"):
            if str(cid) in seals:
                seals[str(cid)] = str(seal)
    return seals


def restore_from(store: db.Store, source: Path, *, replace: bool, actor: str) -> int:
    """Put a backup back into the store; returns how many conferences it holds."""
    source = Path(source).expanduser()
    if is_store_file(source, store.path):
        raise UsageError(f"{_cut(str(source))} is the store itself; name a backup file")
    if not source.is_file():
        raise RefusedInput(f"cannot read {_cut(str(source))}: no such file")
    store.require_writable()
    key = store_key()
    dbapi = db._dbapi()
    revision = db.read_schema_revision(source, key, full=True)
    if revision is not None and revision not in db.KNOWN_REVISIONS:
        raise RefusedInput(
            f"{_cut(str(source))} is a backup from a newer sfconf (schema {revision}); update sfconf"
        )
    if revision is None:
        raise RefusedInput(f"{_cut(str(source))} is not an sfconf backup (it holds no store)")

    staged_path = store.path.with_name(f".{store.path.name}.restore-{uuid.uuid4().hex[:8]}")
    try:
        try:
            src = db._connect(source, key, read_only=True)
            try:
                _copy(src, staged_path, key)
            finally:
                src.close()
        except dbapi.Error as exc:
            raise db._explain(exc, source) from None
        staged = db.open_store(staged_path)  # brings an older backup to this schema
        try:
            with staged.engine.connect() as conn:
                restored = conn.exec_driver_sql("SELECT id FROM conference").fetchall()
                kept = _finalised(conn.connection.dbapi_connection)
            live = db._connect(store.path, key)
            try:
                live.execute(f"PRAGMA busy_timeout={db.BUSY_TIMEOUT_MS}")
                here = live.execute("SELECT count(*) FROM conference").fetchone()[0]
                if here and not replace:
                    raise RefusedInput(
                        f"the store holds {here} conference(s); restoring would replace them: "
                        "add --replace to do so"
                    )
                for cid, seal in _finalised(live).items():
                    if kept.get(cid) != seal:
                        raise RefusedInput(
                            f"conference '{cid}' is finalised in the store but not in "
                            f"{_cut(str(source))}: a restore never rolls back a finalised record"
                        )
            finally:
                live.close()
            _audit(staged, [str(r[0]) for r in restored], actor, source, bool(here))
            with staged.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            staged.close()
        try:
            from_staged = db._connect(staged_path, key, read_only=True)
            live = db._connect(store.path, key)
            try:
                from_staged.backup(live)
            finally:
                live.close()
                from_staged.close()
        except dbapi.Error as exc:
            raise db._explain(exc, store.path) from None
        store.engine.dispose()  # pooled connections re-read the restored file
    finally:
        for side in ("", "-wal", "-shm", "-journal"):
            Path(f"{staged_path}{side}").unlink(missing_ok=True)
    return len(restored)


def _audit(
    staged: db.Store, conferences: list[str], actor: str, source: Path, replaced: bool
) -> None:
    from conference.store.model import AuditEntry

    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    group = uuid.uuid4().hex
    with staged.session() as session:
        for cid in conferences:
            session.add(
                AuditEntry(
                    conference_id=cid,
                    at=at,
                    actor=actor,
                    action="restore",
                    entity="conference",
                    entity_id=cid,
                    after={"from": source.name, "replaced_store": replaced},
                    group_id=group,
                )
            )
        session.commit()


def backups_folder(store_path: Path | None = None) -> Path:
    """The council's `backups_folder` setting (council.toml), else backups/ beside the store.

    For the default store that is the per-user data folder's backups/.
    """
    from conference.council import council_settings_path

    try:
        values = tomllib.loads(council_settings_path().read_text(encoding="utf-8"))
        chosen = values.get(SETTING)
        if isinstance(chosen, str) and chosen.strip():
            return Path(chosen.strip()).expanduser()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        pass
    return (store_path or db.default_db_path()).parent / "backups"


def automatic(store: db.Store, *, folder: Path | None = None, keep: int = KEEP) -> Path:
    """A backup into the backups folder (end of a meeting, daily), keeping the newest `keep`."""
    target_folder = folder if folder is not None else backups_folder(store.path)
    try:
        private_folder(target_folder)
    except OSError as exc:
        raise StoreError(
            f"backups folder {_cut(str(target_folder))} cannot be made ({exc.strerror})"
        ) from None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_to(store, target_folder / f"{store.path.stem}-{stamp}{SUFFIX}")
    ours = sorted(target_folder.glob(f"{store.path.stem}-*{SUFFIX}"))
    for old in ours[: max(0, len(ours) - keep)]:
        old.unlink(missing_ok=True)
    return target


def daily(store: db.Store, *, folder: Path | None = None, keep: int = KEEP) -> Path | None:
    """`automatic`, unless this store already has a backup from the last 24 hours."""
    target_folder = folder if folder is not None else backups_folder(store.path)
    newest = max(
        (p.stat().st_mtime for p in target_folder.glob(f"{store.path.stem}-*{SUFFIX}")),
        default=0.0,
    )
    if dt.datetime.now().timestamp() - newest < 24 * 3600:
        return None
    return automatic(store, folder=target_folder, keep=keep)
