"""Killing the app at any moment loses nothing it reported saved and never corrupts the store."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conference.exchange.interchange import import_document
from conference.store.database import open_store
from tests import encrypted

DRIVER = Path(__file__).with_name("crash_driver.py")
RUNS = 32
# One store per worker, its runs one after another; starting Python, Qt and the window is
# most of each run, so the workers follow the cores.
STORES = max(2, min(4, os.cpu_count() or 2))
RUNS_PER_STORE = -(-RUNS // STORES)


def _read_until(proc: subprocess.Popen[str], deadline: float, stop: Any) -> list[str]:
    """Lines from the driver until `stop(lines)` is true or the deadline passes."""
    lines: list[str] = []
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buf = ""
    while time.monotonic() < deadline and not stop(lines):
        ready, _, _ = select.select([fd], [], [], max(0.0, min(0.05, deadline - time.monotonic())))
        if not ready:
            continue
        chunk = os.read(fd, 4096).decode()
        if not chunk:
            break
        buf += chunk
        *done, buf = buf.split("\n")
        lines.extend(done)
    return lines


def _one_run(db: Path, cid: str, seed: int) -> tuple[list[str], str]:
    rng = random.Random(seed)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SFCONF_SETTINGS_ORG": "sfconf-tests"}
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(db), cid, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines = _read_until(proc, time.monotonic() + 30, lambda ls: "READY" in ls)
        assert "READY" in lines, proc.stderr.read() if proc.poll() is not None else "no READY"
        if seed % 2:
            # Right after the n-th item is reported saved.
            n = rng.randint(1, 4)
            lines += _read_until(
                proc,
                time.monotonic() + 20,
                lambda ls: sum(x.startswith("SAVED") for x in ls) >= n,
            )
            how = f"after SAVED #{n}"
        else:
            # At a random moment, usually in the middle of typing an item.
            delay = rng.uniform(0.02, 1.2)
            lines += _read_until(proc, time.monotonic() + delay, lambda ls: False)
            how = f"after {delay:.2f}s"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.stdout is not None
        rest = proc.stdout.read()
        lines += rest.split("\n")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    return [x.split()[1] for x in lines if x.startswith("SAVED ")], how


def _check(db: Path, saved: list[str], how: str) -> None:
    con = encrypted.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", how
        have = {row[0] for row in con.execute("SELECT id FROM item")}
    finally:
        con.close()
    lost = [i for i in saved if i not in have]
    assert not lost, f"killed {how}: lost {lost}"


def _make_store(base: Path, n: int, example_doc: dict[str, Any]) -> tuple[Path, str]:
    db = base / f"crash-{n}.db"
    store = open_store(db)  # Alembic is not thread-safe: the stores are made one by one
    cid = import_document(store, example_doc, actor="test")
    store.close()
    return db, cid


def _store_runs(db: Path, cid: str, n: int) -> list[str]:
    reports = []
    for run in range(RUNS_PER_STORE):
        seed = n * 100 + run
        saved, how = _one_run(db, cid, seed)
        _check(db, saved, how)
        reports.append(f"seed {seed}: killed {how}, {len(saved)} saved")
    return reports


@pytest.mark.slow
def test_sigkill_loses_nothing_reported_saved(tmp_path: Path, example_doc: dict[str, Any]) -> None:
    stores = [_make_store(tmp_path, n, example_doc) for n in range(STORES)]
    with ThreadPoolExecutor(max_workers=STORES) as pool:
        futures = [pool.submit(_store_runs, db, cid, n) for n, (db, cid) in enumerate(stores)]
        reports = [line for f in futures for line in f.result()]
    assert len(reports) == STORES * RUNS_PER_STORE
    # Some runs must have been killed with items saved, so the check means something.
    assert sum(not r.endswith(" 0 saved") for r in reports) >= RUNS_PER_STORE


# ---------------------------------------------------------------- a deleted -wal, then a kill

WAL_RUNS = 8
# ui/checkpoint.py: 2 s after the last edit, at most 5 s after the first one not yet
# checkpointed; the rest is the time the event loop and the test's reading take.
LOSS_BOUND_S = 6.0


def _wal_run(db: Path, cid: str, seed: int) -> tuple[int, int, float, int]:
    """Type, delete the -wal, type on, kill.

    Returns (saved, lost, the oldest lost edit's age in s, saved longer than the bound ago).
    """
    rng = random.Random(seed)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SFCONF_SETTINGS_ORG": "sfconf-tests"}
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(db), cid, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    saved_at: dict[str, float] = {}
    try:
        lines = _read_until(proc, time.monotonic() + 30, lambda ls: "READY" in ls)
        assert "READY" in lines, proc.stderr.read() if proc.poll() is not None else "no READY"

        def collect(seconds: float) -> None:
            for line in _read_until(proc, time.monotonic() + seconds, lambda ls: False):
                if line.startswith("SAVED "):
                    saved_at[line.split()[1]] = time.monotonic()

        collect(rng.uniform(3.0, 6.0))
        Path(f"{db}-wal").unlink()  # a sync tool or a clean-up removes it under the app
        collect(rng.uniform(1.0, 9.0))
        killed_at = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    con = encrypted.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", seed
        have = {row[0] for row in con.execute("SELECT id FROM item")}
    finally:
        con.close()
    lost = [i for i in saved_at if i not in have]
    oldest = max((killed_at - saved_at[i] for i in lost), default=0.0)
    old_enough = sum(killed_at - t > LOSS_BOUND_S for t in saved_at.values())
    return len(saved_at), len(lost), oldest, old_enough


@pytest.mark.slow
def test_a_deleted_wal_then_a_kill_loses_only_the_last_seconds(
    tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    stores = [_make_store(tmp_path, 100 + n, example_doc) for n in range(WAL_RUNS)]

    def runs(worker: int) -> list[tuple[int, int, float, int]]:
        return [
            _wal_run(db, cid, 1500 + n)
            for n, (db, cid) in enumerate(stores)
            if n % STORES == worker
        ]

    with ThreadPoolExecutor(max_workers=STORES) as pool:
        results = [r for f in [pool.submit(runs, w) for w in range(STORES)] for r in f.result()]
    assert len(results) == WAL_RUNS
    saved = sum(r[0] for r in results)
    lost = sum(r[1] for r in results)
    worst = max(r[2] for r in results)
    print(
        f"\n-wal deleted then killed: {WAL_RUNS} runs, {saved} saved, {lost} lost, "
        f"oldest lost edit {worst:.2f}s before the kill"
    )
    # Edits older than the bound were saved (and kept): without checkpoints they are lost too.
    assert sum(r[3] for r in results) > 0
    assert worst <= LOSS_BOUND_S, results
