"""Start-up time of the bundled `sfconf` against `python -m conference`, and the bundle's size.

Not a test: run it by hand after building the bundle.

    python -m PyInstaller --noconfirm --clean build.spec      # makes dist/sfconf/
    python tests/benchmarks/bench_startup.py [--bundle dist/sfconf] [--runs 15]

It times `sfconf --version` and `sfconf --db X list` (X holds one demo conference) with
time.perf_counter around subprocess.run, 15 runs each (bundle and python alternately, after one
warm-up run), and prints the medians, the ratio bundle/python, and the bundle's size on disk.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXE_NAME = "sfconf.exe" if sys.platform == "win32" else "sfconf"


def _once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _medians(a: list[str], b: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall times (s) of two commands, run alternately so load changes hit both alike."""
    for warm_up in (a, b):  # fill the file cache; not measured
        _once(warm_up, env)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(_once(a, env))
        times_b.append(_once(b, env))
    return statistics.median(times_a), statistics.median(times_b)


def _size_on_disk(folder: Path) -> int:
    """Bytes on disk (like `du -s`), falling back to apparent size where du is missing."""
    du = shutil.which("du")
    if du and sys.platform != "win32":
        out = subprocess.run([du, "-sk", str(folder)], check=True, capture_output=True, text=True)
        return int(out.stdout.split()[0]) * 1024
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "sfconf")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    exe = args.bundle / EXE_NAME
    if not exe.is_file():
        print(f"no bundle at {exe}: build it first (see this file's docstring)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="sfconf-bench-") as tmp:
        env = dict(os.environ)
        env.pop("SFCONF_DB", None)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            SFCONF_LOG_DIR=str(Path(tmp) / "logs"),
            SFCONF_CONFIG_DIR=str(Path(tmp) / "config"),
        )
        db = str(Path(tmp) / "bench.db")
        subprocess.run([str(exe), "--db", db, "demo"], env=env, check=True, capture_output=True)

        python = [sys.executable, "-m", "conference"]
        cases = {
            "--version": ([str(exe), "--version"], [*python, "--version"]),
            "list": ([str(exe), "--db", db, "list"], [*python, "--db", db, "list"]),
        }
        print(f"median of {args.runs} runs (s)   bundle   python -m   bundle/python")
        for label, (bundled, source) in cases.items():
            b, p = _medians(bundled, source, env, args.runs)
            print(f"sfconf {label:<22} {b:7.3f}   {p:8.3f}   {b / p:8.2f}")

    size = _size_on_disk(args.bundle)
    print(f"bundle size on disk: {size / 2**20:.1f} MiB ({args.bundle})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
