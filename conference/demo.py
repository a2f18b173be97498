"""The built-in demo conference: invented, it exercises every feature; each run adds a new copy."""

from __future__ import annotations

from importlib.resources import files

from conference.exchange.interchange import import_document, parse_document
from conference.store.database import Store


def demo_document_text() -> str:
    """The demo conference as interchange JSON text."""
    return files("resources").joinpath("demo/demo-conference.json").read_text(encoding="utf-8")


def add_demo(store: Store, *, actor: str) -> str:
    """Import the demo as a new copy (new ids every time); returns the conference id."""
    doc = parse_document(demo_document_text(), "built-in demo")
    return import_document(store, doc, actor=actor, as_copy=True)
