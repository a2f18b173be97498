"""The domain package never loads Qt: every module under conference/ imports in a fresh interpreter without it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import json, pkgutil, sys, importlib
import conference
names = []
for info in pkgutil.walk_packages(conference.__path__, "conference."):
    if info.name in ("conference.__main__", "conference.store.migrations.env"):
        continue  # running them runs the command, or needs a live Alembic context

    importlib.import_module(info.name)
    names.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"imported": names, "qt": qt}))
"""


def test_no_module_under_conference_loads_qt() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["qt"] == [], f"Qt loaded by importing conference: {found['qt']}"
    # The walk really went through the package, migrations included.
    assert {
        "conference.cli",
        "conference.store.database",
        "conference.exchange.interchange",
        "conference.operations",
        "conference.family_filter",
        "conference.store.migrations",
        "conference.store.migrations.versions.0001_initial",
    } <= set(found["imported"])


def test_the_command_runs_without_qt() -> None:
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['sfconf', 'list']\n"
        "try:\n"
        "    runpy.run_module('conference', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert run.returncode == 0, run.stderr
