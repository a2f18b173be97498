"""The version the app reports is the one pyproject.toml and the installed metadata carry."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

import conference

ROOT = Path(__file__).resolve().parents[2]


def test_version_matches_pyproject_and_metadata() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert conference.__version__ == project["version"]
    assert importlib.metadata.version("sfconf") == project["version"]
