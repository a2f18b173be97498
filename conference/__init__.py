"""The sfconf domain: conference model, store, interchange, timescales, language and reports (no Qt)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sfconf")
except PackageNotFoundError:  # running from a source tree or a bundle without metadata
    __version__ = "0.1.0"
