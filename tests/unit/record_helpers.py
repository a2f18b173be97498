"""Helpers shared by the record tests: run the CLI, set up an ended meeting, read PDFs back."""

from __future__ import annotations

import copy
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conference.cli import main
from conference.store.database import Store, open_store

CHAIR = "Priya Shah"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `sfconf ARGV` on the test's store: (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's misuse (exit 2)
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def store_path() -> Path | str:
    value = os.environ["SFCONF_DB"]
    return value if value.startswith("postgresql://") else Path(value)


def the_store() -> Store:
    return open_store(store_path())


def write_doc(tmp_path: Path, doc: dict[str, Any], name: str = "doc.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def import_doc(capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: dict[str, Any]) -> str:
    code, out, err = run(capsys, "import", write_doc(tmp_path, doc))
    assert code == 0, err
    return out.strip()


def in_meeting(doc: dict[str, Any]) -> dict[str, Any]:
    """The example as it stands during the meeting (the minute-taker's edits come later)."""
    doc = copy.deepcopy(doc)
    doc["conference"]["status"] = "in_progress"
    return doc


# The operations layer is being rewritten (issue 10): these two wrappers are its only use here.
def end_meeting(cid: str, actor: str = "Tom Ellis") -> None:
    from conference import operations as ops

    store = the_store()
    try:
        ops.end_meeting(store, cid, actor)
    finally:
        store.close()


def edit(
    cid: str, kind: str, ent_id: str, changes: dict[str, Any], actor: str = "Tom Ellis"
) -> None:
    from conference import operations as ops

    store = the_store()
    try:
        if kind == "conference":
            ops.update_conference(store, cid, actor, changes)
        else:
            ops.update(store, cid, kind, ent_id, actor, changes)
    finally:
        store.close()


def ended_meeting(capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: dict[str, Any]) -> str:
    """The example imported during the meeting, then ended with End: returns its id."""
    cid = import_doc(capsys, tmp_path, in_meeting(doc))
    end_meeting(cid)
    return cid


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
