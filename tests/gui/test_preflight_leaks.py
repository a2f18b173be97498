"""The print preflight lists what may give away something kept back: "Keep this back too" or "It is fine", by keys."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from conference.cli import main
from conference.family_filter import family_view
from conference.store.database import Store, open_store
from tests.helpers import activate
from ui.controller import ConferenceController
from ui.printing.preflight import PreflightDialog
from ui.widgets.leak_marks import leak_watch

ALT = Qt.KeyboardModifier.AltModifier


def _dialog(qtbot: QtBot, controller: ConferenceController) -> PreflightDialog:
    dialog = PreflightDialog(controller)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    activate(qtbot, dialog)
    return dialog


def _jade_score(controller: ConferenceController) -> dict[str, Any]:
    return next(r for r in controller.rows("score") if r["participant"] == "p-jade")


def test_the_example_lists_jades_score_reason(
    qtbot: QtBot, example_store: tuple[Store, str]
) -> None:
    store, cid = example_store
    dialog = _dialog(qtbot, ConferenceController(store, cid))
    assert dialog.leak_table.isVisible()
    cells = dialog.leak_model.cells
    assert cells == [
        ("Scaling, Jade Green's reason", "Carol's", "Existing safety, item 1", "Daniel Green")
    ]
    assert "may give away something kept back" in dialog.leak_summary.text()
    dialog.grab().save("/tmp/h11_preflight_leaks.png")


def test_keep_this_back_too_withholds_the_reason_from_daniel_in_one_undo_step(
    qtbot: QtBot, example_store: tuple[Store, str]
) -> None:
    store, cid = example_store
    controller = ConferenceController(store, cid)
    dialog = _dialog(qtbot, controller)
    dialog.leak_table.setFocus()
    steps = controller.undo_stack.count()
    qtbot.keyClick(dialog.leak_table, Qt.Key.Key_K, ALT)
    score = _jade_score(controller)
    assert score["withheld_from"] == ["p-dan"] and score["restricted"] is False
    assert controller.undo_stack.count() == steps + 1
    daniel = json.dumps(family_view(controller.doc(), "p-dan"))
    assert "Carol's when it starts" not in daniel
    assert "Carol's when it starts" in json.dumps(family_view(controller.doc(), "p-jade"))
    assert dialog.leak_model.leaks == []
    assert "Nothing in the copy repeats" in dialog.leak_summary.text()
    assert "Kept back from Daniel Green too" in dialog.status.text()
    controller.undo_stack.undo()
    assert _jade_score(controller)["withheld_from"] == []
    assert len(dialog.leak_model.leaks) == 1  # the list follows the undo


def test_keep_this_back_too_restricts_what_repeats_a_restricted_item(
    qtbot: QtBot, store: Store, example_doc: dict[str, Any]
) -> None:
    from conference.exchange.interchange import import_document

    example_doc["items"][8]["text"] = "Carol looks after the children at Larch Close on Saturdays."
    cid = import_document(store, example_doc, actor="test")
    controller = ConferenceController(store, cid)
    dialog = _dialog(qtbot, controller)
    row = next(n for n, c in enumerate(dialog.leak_model.cells) if c[1] == "Larch Close")
    dialog.leak_table.selectRow(row)
    dialog.leak_table.setFocus()
    qtbot.keyClick(dialog.leak_table, Qt.Key.Key_K, ALT)
    item = controller.row("item", "i9")
    assert item is not None and item["restricted"] is True
    assert "Larch Close" not in json.dumps(family_view(controller.doc()))


def test_it_is_fine_is_remembered_across_a_reopen_and_check_still_reports_it(
    qtbot: QtBot, example_store: tuple[Store, str], capsys: pytest.CaptureFixture[str]
) -> None:
    store, cid = example_store
    controller = ConferenceController(store, cid)
    watch = leak_watch(controller)
    qtbot.waitUntil(lambda: bool(watch.open), timeout=5000)  # the window's mark is up
    dialog = _dialog(qtbot, controller)
    dialog.leak_table.setFocus()
    qtbot.keyClick(dialog.leak_table, Qt.Key.Key_F, ALT)
    assert dialog.leak_model.leaks == []
    assert "is fine" in dialog.status.text()
    assert watch.open == [] and watch.marks == {}  # silenced in the window too
    assert _jade_score(controller)["withheld_from"] == []  # nothing else changed
    dialog.close()

    again = open_store(store.path)
    try:
        later = ConferenceController(again, cid)
        reopened = _dialog(qtbot, later)
        assert reopened.leak_model.leaks == []
        watch2 = leak_watch(later)
        qtbot.waitUntil(lambda: bool(watch2.leaks), timeout=5000)
        assert watch2.open == [] and watch2.marks == {}
    finally:
        again.close()
    capsys.readouterr()
    assert main(["--db", str(store.path), "check", cid, "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    leaks = findings["findings"] if isinstance(findings, dict) else findings
    assert any(f["kind"] == "leak" and f["term"] == "Carol's" for f in leaks)
