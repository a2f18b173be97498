"""Start-up of the real app window against a bare PySide6 window, under Xvfb, alternated in one run.

Not a test: run it by hand on a quiet machine (it starts its own Xvfb).

    python tests/benchmarks/bench_window_startup.py [--runs 15] [--conferences 50]

The app is the installed `sfconf` command on a store of 50 conferences; a run ends when the
home list has painted with them (the app prints `sfconf-painted N` when SFCONF_STARTUP_PROBE
is set and checks N). The yardstick is tests/benchmarks/bare_window.py, a QWidget that
prints when it has painted. Each run is timed from launch with time.perf_counter; the two
commands alternate so load changes hit both alike. Prints both medians and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLE = ROOT / "tests" / "data" / "green-family-initial.json"


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise SystemExit("Xvfb is not installed (apt-get install xvfb)")
    read, write = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as fh:
        display = ":" + fh.readline().strip()
    return proc, display


def _make_store(path: Path, count: int) -> None:
    """A store of `count` conferences: copies of the public example under other family names."""
    from conference.exchange.interchange import import_document
    from conference.store.database import open_store

    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    store = open_store(path)
    try:
        for n in range(count):
            doc["conference"]["family_name"] = f"Family {n:02d} (invented)"
            import_document(store, doc, actor="bench", as_copy=True)
    finally:
        store.close()


def _time_until(cmd: list[str], env: dict[str, str], marker: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.decode().startswith(marker):
                elapsed = time.perf_counter() - start
                return elapsed if not marker.endswith(" ") else elapsed
        raise RuntimeError(f"{cmd[0]} ended before it painted (exit {proc.wait()})")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--conferences", type=int, default=50)
    args = parser.parse_args()

    sfconf = Path(sys.executable).with_name("sfconf")
    if not sfconf.exists():
        print(f"{sfconf} is missing: pip install -e . first", file=sys.stderr)
        return 2
    # An installed sfconf has its byte code compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module at each launch, which the bare
    # window (all in site-packages, compiled) never pays.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "conference"), str(ROOT / "ui")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    xvfb, display = _start_xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="sfconf-bench-") as tmp:
            db = Path(tmp) / "bench.db"
            env = dict(os.environ)
            env.update(
                DISPLAY=display,
                QT_QPA_PLATFORM="xcb",
                SFCONF_DB=str(db),
                SFCONF_LOG_DIR=str(Path(tmp) / "logs"),
                SFCONF_CONFIG_DIR=str(Path(tmp) / "config"),
                SFCONF_SETTINGS_ORG="sfconf-bench",
                SFCONF_STARTUP_PROBE="1",
            )
            os.environ.update({k: env[k] for k in ("SFCONF_CONFIG_DIR", "SFCONF_LOG_DIR")})
            _make_store(db, args.conferences)
            app = [str(sfconf)]
            bare = [sys.executable, str(HERE / "bare_window.py")]
            marker = f"sfconf-painted {args.conferences}"
            for _ in range(2):  # warm the file cache; not measured
                _time_until(app, env, marker)
                _time_until(bare, env, "bare-painted")
            app_times, bare_times = [], []
            for _ in range(args.runs):
                app_times.append(_time_until(app, env, marker))
                bare_times.append(_time_until(bare, env, "bare-painted"))
    finally:
        xvfb.terminate()
        xvfb.wait()
    a, b = statistics.median(app_times), statistics.median(bare_times)
    print(f"launch to painted, median of {args.runs} runs, alternated, under Xvfb:")
    print(f"  sfconf home list with {args.conferences} conferences: {a:.3f} s")
    print(f"  bare PySide6 window:                      {b:.3f} s")
    print(f"  ratio: {a / b:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
