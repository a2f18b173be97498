"""The family-copy preflight: findings listed, one action to accept each, printing never blocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from conference.interchange import import_document
from ui.controller import ConferenceController
from ui.preflight import FindingsModel, PreflightDialog


def _jargon_conference(store: Any, example_doc: dict[str, Any]) -> str:
    example_doc["items"][6]["text"] = "Mia goes to school every day; the ICPC heard she reads well."
    example_doc["contingency"] = "If the plan fails, Sam will arrange contact with Carol."
    return import_document(store, example_doc, actor="test")


def test_preflight_lists_findings_and_accepts_one_with_undo(
    qtbot: QtBot, store: Any, example_doc: dict[str, Any]
) -> None:
    cid = _jargon_conference(store, example_doc)
    controller = ConferenceController(store, cid)
    dialog = PreflightDialog(controller)
    qtbot.addWidget(dialog)
    terms = [f.term for f in dialog.model.findings]
    assert "ICPC" in terms and "contact" in terms
    assert "Strengths, item 1" in dialog.model.places
    row = terms.index("ICPC")
    dialog.table.selectRow(row)
    assert dialog.accept_selected()
    items = {i["id"]: i["text"] for i in controller.doc()["items"]}
    assert (
        items["i7"]
        == "Mia goes to school every day; the first child protection meeting heard she reads well."
    )
    assert "ICPC" not in [f.term for f in dialog.model.findings]  # the list refreshed
    controller.undo_stack.undo()
    assert {i["id"]: i["text"] for i in controller.doc()["items"]}["i7"].endswith(
        "the ICPC heard she reads well."
    )


def test_preflight_never_blocks_saving(
    qtbot: QtBot, store: Any, example_doc: dict[str, Any], tmp_path: Path
) -> None:
    cid = _jargon_conference(store, example_doc)
    dialog = PreflightDialog(ConferenceController(store, cid))
    qtbot.addWidget(dialog)
    assert dialog.model.findings  # findings left unaccepted
    dialog.for_box.setCurrentIndex(dialog.for_box.findData("p-jade"))
    target = tmp_path / "copy.pdf"
    assert dialog.save_to(target)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Carol" in text and "Larch Close" not in text
    assert "Saved the family copy" in dialog.status.text()


def test_findings_model_is_a_valid_model(
    qtmodeltester: Any, qtbot: QtBot, example_store: tuple[Any, str]
) -> None:
    store, cid = example_store
    model = FindingsModel(ConferenceController(store, cid))
    model.refresh()
    qtmodeltester.check(model)
