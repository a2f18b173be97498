"""The sfconf domain: conference model, store, interchange, timescales, language and reports (no Qt)."""

from __future__ import annotations

# Kept equal to pyproject.toml's version by tests/unit/test_version.py. A constant, not
# importlib.metadata: reading the installed metadata costs ~25 ms of every start-up.
__version__ = "0.1.0"
