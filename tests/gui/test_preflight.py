"""The family-copy preflight: findings listed, one action to accept each, printing never blocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from conference.exchange.interchange import import_document
from ui.controller import ConferenceController
from ui.printing.preflight import FindingsModel, PreflightDialog


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


def test_chair_window_offers_the_family_copy_and_minutes_in_the_file_menu(
    qtbot: QtBot, example_store: tuple[Any, str], tmp_path: Path
) -> None:
    from PySide6.QtGui import QKeySequence

    from ui.conference_window import ConferenceWindow
    from ui.printing.preflight import save_minutes

    store, cid = example_store
    window = ConferenceWindow(store, cid)
    qtbot.addWidget(window)
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    assert "&Family copy: check and print…" in texts and "Save the &minutes as PDF…" in texts
    assert window.family_copy_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    target = tmp_path / "minutes.pdf"
    assert save_minutes(window.controller, window, target, check=False).startswith(
        "Saved the minutes"
    )
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Larch Close" in text and "RESTRICTED" in text


def test_minutes_check_lists_what_is_missing_before_saving(
    qtbot: QtBot, store: Any, example_doc: dict[str, Any], tmp_path: Path, monkeypatch: Any
) -> None:
    from ui.printing.preflight import MinutesCheckDialog, save_minutes

    example_doc["decisions"][0]["agency_views"] = []
    cid = import_document(store, example_doc, actor="test")
    controller = ConferenceController(store, cid)
    seen: list[list[str]] = []

    def cancel(self: MinutesCheckDialog) -> int:
        seen.append([self.gaps.item(i).text() for i in range(self.gaps.count())])
        return 0

    monkeypatch.setattr(MinutesCheckDialog, "exec", cancel)
    target = tmp_path / "minutes.pdf"
    assert save_minutes(controller, None, target) == ""  # cancelled at the check
    assert not target.exists()
    assert "No agency views recorded for Mia Green." in seen[0]
    assert "The time the conference ended is not recorded." in seen[0]
    monkeypatch.setattr(MinutesCheckDialog, "exec", lambda self: 1)
    assert save_minutes(controller, None, target).startswith("Saved the minutes")
    assert target.exists()


def test_no_two_actions_in_the_chair_window_share_a_shortcut(
    qtbot: QtBot, example_store: tuple[Any, str]
) -> None:
    """Panes, pages, the projector and printing add actions from four places: keys must not clash."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    from ui.conference_window import ConferenceWindow

    store, cid = example_store
    window = ConferenceWindow(store, cid)
    qtbot.addWidget(window)
    # Qt calls a key ambiguous when two shortcuts live at once: window-wide ones always do,
    # one scoped to a widget (and its children) only while focus is inside that widget.
    window_keys: dict[str, list[str]] = {}
    scoped_keys: dict[tuple[int, str], list[str]] = {}
    for action in {id(a): a for a in window.findChildren(QAction)}.values():
        context = action.shortcutContext()
        for key in (k.toString() for k in action.shortcuts()):
            if context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
                scoped_keys.setdefault((id(action.parent()), key), []).append(action.text())
            elif context != Qt.ShortcutContext.WidgetShortcut:
                window_keys.setdefault(key, []).append(action.text())
    clashes = {key: names for key, names in window_keys.items() if len(set(names)) > 1}
    clashes.update({key: names for (_w, key), names in scoped_keys.items() if len(set(names)) > 1})
    clashes.update(
        {
            key: [*window_keys[key], *names]
            for (_w, key), names in scoped_keys.items()
            if key in window_keys
        }
    )
    assert "Ctrl+P" in window_keys and "Ctrl+Z" in window_keys  # the scan saw the actions
    assert clashes == {}
