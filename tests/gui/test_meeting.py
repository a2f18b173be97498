"""A whole meeting driven through the chair's widgets and keys, checked against the example."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTableView

from conference.exchange.interchange import export_document
from conference.store.database import Store
from tests.helpers import activate
from ui.conference_window import ConferenceWindow
from ui.home_window import HomeWindow
from ui.pages.pane import ItemDetailsDialog, Pane

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def type_into(qtbot: Any, widget: QLineEdit, text: str, enter: bool = True) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def edit_cell(qtbot: Any, table: QTableView, row: int, col: int, value: Any) -> None:
    """Open a cell's editor with Enter, give it the value, commit with Enter."""
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, col))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    editor = QApplication.focusWidget()
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findData(value))
    else:
        assert isinstance(editor, QLineEdit), editor
        editor.selectAll()
        qtbot.keyClicks(editor, str(value))
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def tick_cell(qtbot: Any, table: QTableView, row: int, col: int) -> None:
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, col))
    qtbot.keyClick(table, Qt.Key.Key_Space)


def add_item(qtbot: Any, pane: Pane, text: str, who: str | None, child: str | None = None) -> str:
    pane.raised_by.setText("")
    if who:
        type_into(qtbot, pane.raised_by, who, enter=False)
    if child:
        pane.about.setCurrentIndex(pane.about.findText(f"Only {child}"))
    pane.entry.setFocus()
    qtbot.keyClicks(pane.entry, text)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    item_id = pane.current_item_id()
    assert item_id is not None and pane.model.item(pane.model.row_of(item_id))["text"] == text
    return item_id


def go_to_section(qtbot: Any, window: ConferenceWindow, section: str) -> Pane:
    target = next(n for n, s in enumerate(window.controller.agenda) if s.section == section)
    while window.controller.current_step < target:
        qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
    pane = window.current_pane()
    assert pane is not None and pane.section == section
    return pane


def short_name(p: dict[str, Any]) -> str:
    return str(p["name"])


@pytest.fixture
def home(qtbot: Any, store: Store) -> HomeWindow:
    window = HomeWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_whole_meeting_matches_the_example(
    qtbot: Any, home: HomeWindow, store: Store, example_doc: dict[str, Any]
) -> None:
    ex = example_doc
    home.activateWindow()
    qtbot.keyClick(home, Qt.Key.Key_N, CTRL)
    assert len(home.windows) == 1
    window = next(iter(home.windows.values()))
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.activateWindow()
    activate(qtbot, window)
    c = window.controller
    setup = window.setup
    assert setup is not None and window.stack.currentWidget() is setup

    # ---------------------------------------------------------------- set-up by hand
    conf = ex["conference"]
    for field in ("family_name", "venue", "chair", "minute_taker"):
        type_into(qtbot, getattr(setup, field), conf[field])
    setup.reason.setFocus()
    qtbot.keyClicks(setup.reason, conf["reason"])
    type_into(qtbot, setup.starts_at.edit, "20/11/2026")  # also the reason's focus-out
    type_into(qtbot, setup.starts_at.time_edit, "10:00")
    setup.strategy.setFocus()
    qtbot.keyClicks(setup.strategy.edit, "2/11/2026")  # the date entry: as people write it
    qtbot.keyClick(setup.strategy.edit, Qt.Key.Key_Return)
    assert c.conference["strategy_discussion_on"] == "2026-11-02"
    assert c.conference["reason"] == conf["reason"]

    for child in ex["children"]:
        type_into(qtbot, setup.child_entry, child["name"])
    for row, child in enumerate(ex["children"]):
        edit_cell(qtbot, setup.children_table, row, 2, child["date_of_birth"])

    pcols = {col.field: n for n, col in enumerate(setup.participants_model.COLUMNS)}
    for p in ex["participants"]:
        setup.participant_name.setFocus()
        qtbot.keyClicks(setup.participant_name, p["name"])
        setup.participant_role.setFocus()
        qtbot.keyClicks(setup.participant_role, p["role"])
        setup.participant_agency.setFocus()
        qtbot.keyClicks(setup.participant_agency, p["agency"])
        qtbot.keyClick(setup.participant_agency, Qt.Key.Key_Return)
    table = setup.participants_table
    for row, p in enumerate(ex["participants"]):
        if p.get("attendance", "present") != "present":
            edit_cell(qtbot, table, row, pcols["attendance"], p["attendance"])
        if p.get("attendance_note"):
            edit_cell(qtbot, table, row, pcols["attendance_note"], p["attendance_note"])
        if p.get("report", "none") != "none":
            edit_cell(qtbot, table, row, pcols["report"], p["report"])
        if p.get("core_group"):
            tick_cell(qtbot, table, row, pcols["core_group"])
    setup.lead.setFocus()
    qtbot.keyClicks(setup.lead, "Sam")
    people = c.rows("participant")
    pid = {e["id"]: n["id"] for e, n in zip(ex["participants"], people, strict=True)}
    kid = {e["id"]: n["id"] for e, n in zip(ex["children"], c.rows("child"), strict=True)}
    assert c.conference["lead_social_worker"] == pid[conf["lead_social_worker"]]

    # ---------------------------------------------------------------- the meeting
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)
    assert c.conference["status"] == "in_progress"

    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
    views = window.child_view
    assert views is not None and window.stack.currentWidget() is views
    for child in ex["children"]:
        edit = views.editors[kid[child["id"]]]
        edit.setFocus()
        qtbot.keyClicks(edit, child["view"])
    # Mia's view was saved by the pause or the focus moving; Leo's by the debounce.
    qtbot.waitUntil(lambda: c.row("child", kid["c-leo"])["view"] == ex["children"][1]["view"])
    assert c.row("child", kid["c-mia"])["view"] == ex["children"][0]["view"]

    names = {e["id"]: short_name(e) for e in ex["participants"]}
    kid_names = {e["id"]: e["name"] for e in ex["children"]}
    by_section: dict[str, list[dict[str, Any]]] = {}
    for it in ex["items"]:
        by_section.setdefault(it["section"], []).append(it)

    def add_example(pane: Pane, it: dict[str, Any]) -> str:
        kids = it.get("children") or []
        return add_item(
            qtbot,
            pane,
            it["text"],
            names.get(it.get("source")),
            kid_names[kids[0]] if kids else None,
        )

    # Danger / harm: the first item typed with a slip, then corrected in place with F2.
    pane = go_to_section(qtbot, window, "harm")
    first, *rest = by_section["harm"]
    slip = first["text"].replace("teacher", "teachr")
    kids = first.get("children") or []
    add_item(qtbot, pane, slip, names[first["source"]], kid_names[kids[0]])
    for it in rest:
        add_example(pane, it)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Up)  # to the last item
    qtbot.keyClick(pane.view, Qt.Key.Key_Up)
    qtbot.keyClick(pane.view, Qt.Key.Key_Up)
    assert pane.view.currentIndex().row() == 0
    qtbot.keyClick(pane.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == slip
    editor.selectAll()
    qtbot.keyClicks(editor, first["text"])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert pane.model.item(0)["text"] == first["text"]
    # Undo and redo of that edit.
    pane.entry.setFocus()
    qtbot.keyClick(pane.entry, Qt.Key.Key_Z, CTRL)
    assert pane.model.item(0)["text"] == slip
    qtbot.keyClick(pane.entry, Qt.Key.Key_Z, CTRL | SHIFT)
    assert pane.model.item(0)["text"] == first["text"]
    qtbot.keyClick(pane.entry, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Y, CTRL)
    assert pane.model.item(0)["text"] == first["text"]

    # A stray item: Delete removes it, undo brings it back, redo removes it again.
    stray = add_item(qtbot, pane, "Said by mistake", None)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    assert pane.model.row_of(stray) < 0
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL)
    assert pane.model.row_of(stray) == 3
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert pane.model.row_of(stray) < 0

    # Complicating factors: the second is typed first and put right with Ctrl+Up; the
    # restricted one restricted with Ctrl+R; a strength typed here moved with Ctrl+M, 3.
    pane = go_to_section(qtbot, window, "complicating_factors")
    i4, i5, i6 = by_section["complicating_factors"]
    add_example(pane, i5)
    moved_up = add_example(pane, i4)
    pane.view.setFocus()
    assert pane.current_item_id() == moved_up
    qtbot.keyClick(pane.view, Qt.Key.Key_Up, CTRL)
    assert pane.model.item_id(0) == moved_up
    add_example(pane, i6)
    qtbot.keyClick(pane.entry, Qt.Key.Key_R, CTRL)
    assert pane.model.item(2)["restricted"] is True
    s1, s2, s3 = by_section["strengths"]
    wrong = add_example(pane, s1)
    qtbot.keyClick(pane.entry, Qt.Key.Key_M, CTRL)
    qtbot.keyClick(pane.entry, Qt.Key.Key_3)
    assert pane.model.row_of(wrong) < 0
    assert window.panes["strengths"].model.row_of(wrong) == 0

    pane = go_to_section(qtbot, window, "strengths")
    for it in (s2, s3):
        add_example(pane, it)

    # Existing safety: one item withheld from Daniel (Ctrl+H), one restricted.
    pane = go_to_section(qtbot, window, "existing_safety")
    i10, i11 = by_section["existing_safety"]
    add_example(pane, i10)
    qtbot.keyClick(pane.entry, Qt.Key.Key_H, CTRL)
    dialog = pane.findChild(ItemDetailsDialog)
    assert dialog is not None and dialog.isVisible()
    for n in range(dialog.withheld.count()):
        if dialog.withheld.item(n).text().startswith("Daniel Green"):
            dialog.withheld.item(n).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert pane.model.item(0)["withheld_from"] == [pid["p-dan"]]
    assert "Not shared with Daniel Green" in pane.model.data(
        pane.model.index(0, 0), Qt.ItemDataRole.AccessibleTextRole
    )
    add_example(pane, i11)
    qtbot.keyClick(pane.entry, Qt.Key.Key_R, CTRL)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Z, CTRL)
    assert pane.model.item(1)["restricted"] is False
    qtbot.keyClick(pane.entry, Qt.Key.Key_Y, CTRL)
    assert pane.model.item(1)["restricted"] is True

    for section in ("grey_areas", "family_views"):
        pane = go_to_section(qtbot, window, section)
        for it in by_section[section]:
            add_example(pane, it)

    qtbot.keyClick(window, Qt.Key.Key_E, CTRL | SHIFT)
    assert c.conference["status"] == "ended"
    window.close()

    # ---------------------------------------------------------------- the record
    doc = export_document(store, c.cid)
    got = doc["conference"]
    for field in (
        "kind",
        "template",
        "starts_at",
        "venue",
        "chair",
        "minute_taker",
        "family_name",
        "reason",
        "strategy_discussion_on",
        "status",
    ):
        want = conf[field] + (":00" if field == "starts_at" else "")
        assert got[field] in (conf[field], want), field
    assert got["lead_social_worker"] == pid[conf["lead_social_worker"]]

    assert len(doc["children"]) == len(ex["children"])
    for g, e in zip(doc["children"], ex["children"], strict=True):
        assert (g["name"], g["date_of_birth"], g["view"]) == (
            e["name"],
            e["date_of_birth"],
            e["view"],
        )
        assert g["view_restricted"] is False

    defaults = {
        "agency": "",
        "is_family": False,
        "attendance": "present",
        "attendance_note": "",
        "report": "none",
        "core_group": False,
        "interpreter": "",
    }
    assert len(doc["participants"]) == len(ex["participants"])
    for g, e in zip(doc["participants"], ex["participants"], strict=True):
        for field, default in {"name": None, "role": None, **defaults}.items():
            assert g[field] == e.get(field, default), (e["name"], field)

    assert len(doc["items"]) == len(ex["items"])
    for g, e in zip(doc["items"], ex["items"], strict=True):
        assert g["section"] == e["section"] and g["text"] == e["text"]
        assert g["source"] == (pid[e["source"]] if e.get("source") else None)
        assert g["children"] == [kid[k] for k in e.get("children", [])]
        assert g["restricted"] == e.get("restricted", False)
        assert g["withheld_from"] == [pid[p] for p in e.get("withheld_from", [])]
