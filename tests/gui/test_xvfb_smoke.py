"""The real `sfconf` command opens its window on a real X server (Xvfb) and stays up."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _free_display() -> int:
    for n in range(99, 200):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display number")


def _pause(proc: subprocess.Popen[bytes], seconds: float) -> None:
    """Wait a little without sleeping: wait on a process that should keep running."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=seconds)


@pytest.fixture
def xvfb() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is not installed (CI must install it: see .ci/run)")
        pytest.skip("Xvfb is not installed")
    n = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        assert server.poll() is None, "Xvfb stopped at start"
        assert time.monotonic() < deadline, "Xvfb did not start"
        _pause(server, 0.1)
    try:
        yield f":{n}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _windows(display: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    if shutil.which("xdotool"):
        out = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "sfconf"],
            env=env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return out.stdout.strip()
    out = subprocess.run(
        ["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True, timeout=10
    )
    return "\n".join(line for line in out.stdout.splitlines() if "sfconf" in line)


@pytest.mark.xvfb
def test_sfconf_window_appears_and_stays_up(xvfb: str, tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("sfconf")
    assert script.exists(), f"{script} is missing: run pip install -e ."
    env = {
        **os.environ,
        "DISPLAY": xvfb,
        "QT_QPA_PLATFORM": "xcb",
        "SFCONF_DB": str(tmp_path / "smoke.db"),
        "SFCONF_SETTINGS_ORG": "sfconf-tests",
    }
    app = subprocess.Popen([str(script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not _windows(xvfb):
            if app.poll() is not None:
                out, err = app.communicate(timeout=10)
                pytest.fail(f"sfconf exited with {app.returncode}: {err.decode()[-2000:]}")
            assert time.monotonic() < deadline, "no sfconf window within 30 s"
            _pause(app, 0.2)
        # It must stay up: no crash just after the first paint.
        _pause(app, 2.0)
        assert app.poll() is None, app.communicate(timeout=10)[1].decode()[-2000:]
        assert _windows(xvfb)
    finally:
        if app.poll() is None:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(timeout=10)
        for stream in (app.stdout, app.stderr):
            if stream is not None:
                stream.close()
    assert app.returncode == 0, app.returncode  # SIGTERM closes the windows and exits cleanly
