"""The chair's meeting from the keyboard: dates typed as written, focus where the typing goes."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conference.exchange.interchange import import_document
from tests.helpers import activate, focused
from ui.controller import ConferenceController


@pytest.fixture(autouse=True)
def no_earlier_meeting() -> None:
    """The tests share one settings file: no test picks up where another one stopped."""
    from ui import settings as ui_settings

    ui_settings.settings().remove("resume")


@pytest.fixture
def blank_plan(store: Any, example_doc: dict[str, Any]) -> ConferenceController:
    """The example conference with its next steps taken out."""
    doc = copy.deepcopy(example_doc)
    doc["next_steps"] = []
    doc["core_group_first_meeting"] = None
    doc["review_conference"] = None
    cid = import_document(store, doc, actor="test")
    return ConferenceController(store, cid, actor="test")


def plan_page(qtbot: Any, controller: ConferenceController) -> Any:
    from ui.pages.plan import PlanPage

    p = PlanPage(controller)
    qtbot.addWidget(p)
    p.show()
    p.activateWindow()
    activate(qtbot, p)
    return p


def keys(qtbot: Any, text: str) -> None:
    """Type as a person does: each key goes to whatever has the focus at that moment."""
    for ch in text:
        qtbot.keyClicks(focused(qtbot), ch)


def add_step_by_keys(qtbot: Any, p: Any, text: str) -> None:
    p.entry.setFocus()
    qtbot.keyClicks(p.entry, text)
    qtbot.keyClick(p.entry, Qt.Key.Key_Return)


def type_due_date(qtbot: Any, p: Any, text: str) -> None:
    """From the new step's row: Right to "By when" (3 cells on), type, Enter."""
    p.table.setFocus()
    for _ in range(3):
        qtbot.keyClick(p.table, Qt.Key.Key_Right)
    assert p.table.currentIndex().column() == 3
    keys(qtbot, text)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Return)


def test_typing_15_dec_2026_into_the_plan_saves_2026_12_15(
    qtbot: Any, blank_plan: ConferenceController
) -> None:
    p = plan_page(qtbot, blank_plan)
    add_step_by_keys(qtbot, p, "Lucy visits the family at home")
    type_due_date(qtbot, p, "15 Dec 2026")
    qtbot.waitUntil(lambda: blank_plan.doc()["next_steps"][0]["due"] is not None)
    assert blank_plan.doc()["next_steps"][0]["due"] == "2026-12-15"
    assert "Tue 15 Dec 2026" in p.model.index(0, 3).data()


def test_a_date_it_cannot_read_is_not_saved_and_says_why(
    qtbot: Any, blank_plan: ConferenceController
) -> None:
    p = plan_page(qtbot, blank_plan)
    add_step_by_keys(qtbot, p, "Lucy visits the family at home")
    type_due_date(qtbot, p, "31/02/2027")
    assert blank_plan.doc()["next_steps"][0]["due"] is None
    assert "not saved" in p.date_note.text()
    assert "February 2027 has no day 31" in p.date_note.text()
    assert "next_step" not in p.date_note.text() and "due" not in p.date_note.text().split()


def test_a_due_date_before_the_meeting_is_warned_about_not_refused(
    qtbot: Any, blank_plan: ConferenceController
) -> None:
    p = plan_page(qtbot, blank_plan)
    meeting = dt.date.fromisoformat(blank_plan.conference_row()["starts_at"][:10])
    before = meeting - dt.timedelta(days=3)
    add_step_by_keys(qtbot, p, "Lucy visits the family at home")
    type_due_date(qtbot, p, f"{before.day}/{before.month}/{before.year}")
    qtbot.waitUntil(lambda: blank_plan.doc()["next_steps"][0]["due"] == before.isoformat())
    assert "before this meeting" in p.warnings.text()
    # A core group later than 10 working days after the meeting is warned about too.
    blank_plan.update_conference(
        {"core_group_first_meeting": f"{(meeting + dt.timedelta(days=40)).isoformat()}T10:00:00"}
    )
    qtbot.waitUntil(lambda: "later than 10 working days" in p.warnings.text())
    blank_plan.update_conference(
        {"review_conference": f"{(meeting - dt.timedelta(days=1)).isoformat()}T10:00:00"}
    )
    qtbot.waitUntil(lambda: "review conference is before this meeting" in p.warnings.text())


# ---------------------------------------------------------------- the chair's window


@pytest.fixture
def window(qtbot: Any, example_store: tuple[Any, str]) -> Any:
    from ui.conference_window import ConferenceWindow

    store, cid = example_store
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    activate(qtbot, w)
    return w


CTRL = Qt.KeyboardModifier.ControlModifier


def test_every_step_opens_with_focus_in_its_first_entry(qtbot: Any, window: Any) -> None:
    from ui.conference_window import first_entry, takes_text

    qtbot.waitUntil(lambda: window.focus_log != [])
    seen: dict[int, Any] = {}
    for n in range(len(window.controller.agenda)):
        if n:
            qtbot.keyClick(focused(qtbot), Qt.Key.Key_PageDown, CTRL)
        qtbot.waitUntil(lambda n=n: window.controller.current_step == n)
        page = window.stack.currentWidget()
        focus = QApplication.focusWidget()
        assert page.isAncestorOf(focus), (n, focus)
        seen[n] = focus
        entry = first_entry(page)
        if entry is not None:  # a step that takes text: typing goes straight into it
            assert focus is entry and takes_text(focus), window.controller.agenda[n].label
    steps_with_text = [n for n, w in seen.items() if takes_text(w)]
    assert len(steps_with_text) >= 11  # all but Close
    # The focus log says the same, step by step.
    logged = {n: w for n, w in window.focus_log}
    assert all(logged[n] is seen[n] for n in steps_with_text)


def test_tab_goes_round_the_step_and_never_to_the_agenda(qtbot: Any, window: Any) -> None:
    from ui.conference_window import tab_stops

    for n in range(len(window.controller.agenda) - 1):
        window.go_to_step(n)
        page = window.stack.currentWidget()
        stops = tab_stops(page)
        for _ in range(len(stops) + 2):
            qtbot.keyClick(focused(qtbot), Qt.Key.Key_Tab)
            focus = QApplication.focusWidget()
            assert page.isAncestorOf(focus), (window.controller.agenda[n].label, focus)
            assert not window.agenda.hasFocus()


def test_ctrl_tab_leaves_a_table_and_a_letter_on_a_tick_box_is_not_lost(
    qtbot: Any, window: Any
) -> None:
    plan = next(n for n, s in enumerate(window.controller.agenda) if s.kind == "plan")
    window.go_to_step(plan)
    page = window.stack.currentWidget().widget()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Tab, CTRL)
    assert not page.table.hasFocus() and not page.table.isAncestorOf(QApplication.focusWidget())
    assert window.stack.currentWidget().isAncestorOf(QApplication.focusWidget())
    # Tab at the table's last cell leaves it too.
    page.table.setFocus()
    last = page.model.index(page.model.rowCount() - 1, page.model.columnCount() - 1)
    page.table.setCurrentIndex(last)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()
    # A letter typed on a tick box goes to the step's entry.
    page.restricted_check.setFocus()
    keys(qtbot, "Ring")
    assert page.entry.hasFocus() and page.entry.text() == "Ring"


# ---------------------------------------------------------------- picking up where it stopped


def test_reopening_mid_meeting_returns_to_step_7_its_field_and_cursor_room_offered_blank(
    qtbot: Any, store: Any, example_doc: dict[str, Any]
) -> None:
    from ui.conference_window import ConferenceWindow

    doc = copy.deepcopy(example_doc)
    doc["conference"]["status"] = "in_progress"
    cid = import_document(store, doc, actor="test")

    def open_window() -> Any:
        w = ConferenceWindow(store, cid)
        qtbot.addWidget(w)
        w.resize(1920, 1080)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        activate(qtbot, w)
        qtbot.waitUntil(lambda: w.focus_log != [])
        return w

    w = open_window()
    assert w.room_offer is None  # nothing to offer the first time
    for _ in range(6):  # to step 7 (Grey areas) with Ctrl+PgDn
        qtbot.keyClick(focused(qtbot), Qt.Key.Key_PageDown, CTRL)
    assert w.controller.current_step == 6
    pane = w.current_pane()
    assert pane is not None and pane.entry.hasFocus()
    keys(qtbot, "Grandad may move in")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    keys(qtbot, "Uncle visits at weekends")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    rows = pane.model.rowCount()
    assert rows == 4
    qtbot.keyClick(pane.entry, Qt.Key.Key_Up)  # into the list, at the last item
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Up)  # one above it
    assert pane.view.hasFocus() and pane.view.currentIndex().row() == rows - 2
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_F5)  # the room's screen on
    qtbot.waitUntil(lambda: w.projector.projector.isVisible())
    w.activateWindow()  # the offscreen platform hands activation to the new window
    activate(qtbot, w)
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_B, CTRL)  # and blank
    assert w.controller.blanked
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_F4, CTRL)  # close (Ctrl+F4 here)
    qtbot.waitUntil(lambda: not w.isVisible())

    again = open_window()
    assert again.controller.current_step == 6
    pane = again.current_pane()
    assert pane is not None
    qtbot.waitUntil(lambda: pane.view.hasFocus())
    assert pane.view.currentIndex().row() == rows - 2
    assert again.room_offer == {"shown": True, "blank": True}
    assert again.controller.blanked  # still blank: nothing said now reaches the room
    assert "blank" in again.room_offer_label.text() and "F5" in again.room_offer_label.text()
    assert not again.projector.projector.isVisible()
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_F5)  # one key puts it back, blank
    qtbot.waitUntil(lambda: again.projector.projector.isVisible())
    assert again.controller.blanked and not again.room_offer_label.isVisible()


def test_reopening_returns_the_text_cursor_in_a_stored_text(
    qtbot: Any, store: Any, example_doc: dict[str, Any]
) -> None:
    from ui.conference_window import ConferenceWindow

    doc = copy.deepcopy(example_doc)
    doc["conference"]["status"] = "in_progress"
    cid = import_document(store, doc, actor="test")
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.focus_log != [])
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_PageDown, CTRL)  # the child's view
    edit = QApplication.focusWidget()
    assert edit.toPlainText()
    edit.moveCursor(edit.textCursor().MoveOperation.Start)
    for _ in range(5):
        qtbot.keyClick(edit, Qt.Key.Key_Right)
    w.close()
    again = ConferenceWindow(store, cid)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.focus_log != [] and again.focus_log[-1][1].hasFocus())
    focus = QApplication.focusWidget()
    assert again.controller.current_step == 1
    assert focus.accessibleName() == edit.accessibleName()
    assert focus.textCursor().position() == 5


# ---------------------------------------------------------------- the smaller points


def test_the_step_clock_starts_with_the_meeting(
    qtbot: Any, store: Any, example_doc: dict[str, Any]
) -> None:
    from ui.conference_window import ConferenceWindow

    doc = copy.deepcopy(example_doc)
    doc["conference"]["status"] = "planned"
    cid = import_document(store, doc, actor="test")
    t = [1000.0]
    w = ConferenceWindow(store, cid, clock=lambda: t[0])
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    activate(qtbot, w)
    t[0] += 300
    w.update_clock()
    assert "the clock starts with the meeting" in w.clock_label.text()
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_B, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert w.controller.conference["status"] == "in_progress"
    assert w.clock_label.text() == "00:00 of 10:00"
    t[0] += 61
    w.update_clock()
    assert w.clock_label.text() == "01:01 of 10:00"


def test_an_unborn_baby_is_not_told_us(qtbot: Any, store: Any, example_doc: dict[str, Any]) -> None:
    from ui.conference_window import ConferenceWindow

    doc = copy.deepcopy(example_doc)
    baby = dict(doc["children"][1], name="Baby Green", view="")
    del baby["date_of_birth"]
    baby["expected_on"] = "2027-03-14"
    doc["children"][1] = baby
    cid = import_document(store, doc, actor="test")
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    assert w.child_view is not None
    edit = w.child_view.editors[baby["id"]]
    assert "told us" not in edit.placeholderText()
    box = edit.parentWidget()
    assert box.title() == "Baby Green (due Sunday 14 March 2027)"


def test_who_as_written_follows_person_until_the_chair_writes_it(
    qtbot: Any, blank_plan: ConferenceController
) -> None:
    p = plan_page(qtbot, blank_plan)
    add_step_by_keys(qtbot, p, "Lucy visits the family at home")
    people = {x["name"]: x["id"] for x in blank_plan.rows("participant")}
    assert p.set_cell(0, 2, people["Lucy Brennan"])
    assert blank_plan.doc()["next_steps"][0]["owner"] == "Lucy (health visitor)"
    assert p.set_cell(0, 2, people["Sam Okafor"])  # chosen again: the written name follows
    assert blank_plan.doc()["next_steps"][0]["owner"] == "Sam (social worker)"
    assert p.set_cell(0, 1, "Sam and Lucy")
    assert p.set_cell(0, 2, people["Lucy Brennan"])  # written by hand: it stays
    assert blank_plan.doc()["next_steps"][0]["owner"] == "Sam and Lucy"


def test_the_focus_ring_follows_the_keyboard_at_100_and_200_percent(
    qtbot: Any, window: Any
) -> None:
    for zoom in (100, 200):
        window.apply_zoom(zoom)
        window.go_to_step(10)
        focus = QApplication.focusWidget()
        qtbot.waitUntil(
            lambda f=focus: window.focus_ring.isVisible() and window.focus_ring.target is f
        )

        def round_the_control(f: Any = focus) -> bool:
            # Round the part of the control that shows (at 200% a wide one runs under the
            # scroll area's edge): never drawn over what is beside the step. Waited for:
            # the zoom widens the agenda too, and the step moves once the layout settles.
            ring = window.focus_ring.geometry()
            at = f.mapTo(window, f.rect().topLeft())
            shown = f.visibleRegion().boundingRect()
            return bool(ring.contains(at) and ring.width() == shown.width() + 6)

        qtbot.waitUntil(round_the_control)
        ring = window.focus_ring.geometry()
        assert ring.right() <= window.stack.mapTo(window, window.stack.rect().topRight()).x() + 3
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        nxt = QApplication.focusWidget()
        qtbot.waitUntil(lambda n=nxt: window.focus_ring.target is n)


class KeyCount:
    """Counts the keys and chords pressed besides the text typed."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.n = 0

    def press(
        self, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.n += 1
        self.qtbot.keyClick(focused(self.qtbot), key, mods)

    def text(self, text: str) -> None:
        keys(self.qtbot, text)


def test_keystroke_counts_for_the_common_acts(
    qtbot: Any, store: Any, example_doc: dict[str, Any]
) -> None:
    from ui.conference_window import ConferenceWindow

    doc = copy.deepcopy(example_doc)
    doc["conference"]["status"] = "in_progress"
    doc["scaling"]["revealed"] = False
    cid = import_document(store, doc, actor="test")
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    w.activateWindow()
    activate(qtbot, w)
    qtbot.waitUntil(lambda: w.focus_log != [])
    counts: dict[str, int] = {}

    k = KeyCount(qtbot)  # next step
    k.press(Qt.Key.Key_PageDown, CTRL)
    assert w.controller.current_step == 1
    counts["next step"] = k.n
    w.go_to_step(2)
    k = KeyCount(qtbot)  # add an item (the step opens in its entry)
    before = len(w.controller.doc()["items"])
    k.text("Dad shouted at Mia on Sunday")
    k.press(Qt.Key.Key_Return)
    assert len(w.controller.doc()["items"]) == before + 1
    counts["add an item"] = k.n
    k = KeyCount(qtbot)  # reach the next field of a step
    k.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not w.current_pane().entry
    counts["reach the next field"] = k.n
    k = KeyCount(qtbot)  # blank the room
    k.press(Qt.Key.Key_B, CTRL)
    assert w.controller.blanked
    counts["blank the room"] = k.n
    scaling = next(n for n, s in enumerate(w.controller.agenda) if s.kind == "scaling")
    w.go_to_step(scaling)
    k = KeyCount(qtbot)  # reveal scores
    k.press(Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert w.controller.doc()["scaling"]["revealed"] is True
    counts["reveal scores"] = k.n
    plan = next(n for n, s in enumerate(w.controller.agenda) if s.kind == "plan")
    w.go_to_step(plan)
    k = KeyCount(qtbot)  # enter a due date: Ctrl+D, the date, Enter
    k.text("Ring the school")
    k.press(Qt.Key.Key_Return)
    counts["add a next step"] = k.n
    k = KeyCount(qtbot)
    k.press(Qt.Key.Key_D, CTRL)
    k.text("15 Dec 2026")
    k.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.controller.doc()["next_steps"][-1]["due"] == "2026-12-15")
    counts["enter a due date"] = k.n
    opened: list[bool] = []
    w.family_copy_action.triggered.disconnect()
    w.family_copy_action.triggered.connect(lambda *_: opened.append(True))
    k = KeyCount(qtbot)  # start printing the family copy
    k.press(Qt.Key.Key_P, CTRL)
    assert opened
    counts["start printing the family copy"] = k.n
    print("KEYS", counts)
    assert all(n <= 2 for n in counts.values()), counts


def test_close_is_a_real_step_with_a_check_list_and_end(
    qtbot: Any, store: Any, example_doc: dict[str, Any]
) -> None:
    from ui.conference_window import ConferenceWindow

    doc = copy.deepcopy(example_doc)
    doc["conference"]["status"] = "in_progress"
    doc["review_conference"] = None
    cid = import_document(store, doc, actor="test")
    w = ConferenceWindow(store, cid)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    activate(qtbot, w)
    w.go_to_step(len(w.controller.agenda) - 1)
    page = w.stack.currentWidget().widget()
    assert "The lead social worker is Sam Okafor." in page.next_label.text()
    assert "The review has no date yet" in page.next_label.text()
    assert "Parents can complain" in page.disagree_label.text()
    checks = page.checks_label.text()
    assert "\u2713  A decision for every child" in checks
    assert "\u2717  No date yet for the review conference (step Plan)" in checks
    assert "\u2717  The family copy is not printed yet" in checks
    # A letter typed here is not lost: the page says where typing goes.
    keys(qtbot, "x")
    assert "no box to type in" in w.saved_label.text()
    assert w.controller.conference["status"] == "in_progress"
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Space)  # a stray Space ends nothing
    assert w.controller.conference["status"] == "in_progress"
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_E, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: w.controller.conference["status"] == "ended")
    assert "The meeting has ended" in page.status_label.text()


def test_setup_strategy_date_reads_as_written_and_quorum_is_always_shown(
    qtbot: Any, example_store: tuple[Any, str]
) -> None:
    from ui.setup_dialog import SetupPage

    store, cid = example_store
    c = ConferenceController(store, cid, actor="test")
    page = SetupPage(c)
    qtbot.addWidget(page)
    page.show()
    assert page.quorum_label.text().startswith("Quorum met.")
    page.strategy.edit.setFocus()
    page.strategy.edit.selectAll()
    qtbot.keyClicks(page.strategy.edit, "31/02/2027")
    qtbot.keyClick(page.strategy.edit, Qt.Key.Key_Return)
    assert c.conference["strategy_discussion_on"] == "2026-11-02"  # unchanged
    assert "February 2027 has no day 31" in page.strategy.reading.text()
    assert page.strategy.edit.text() == "31/02/2027"  # stays in the box, marked
    page.strategy.edit.selectAll()
    qtbot.keyClicks(page.strategy.edit, "3 Nov")  # the past is preferred: last 3 November
    qtbot.keyClick(page.strategy.edit, Qt.Key.Key_Return)
    assert c.conference["strategy_discussion_on"].endswith("-11-03")
    # Take the other agencies away: the set-up says quorum is not met, and why.
    for p in c.rows("participant"):
        if p.get("agency") in ("NHS", "Police", "Hillside Primary School"):
            c.update("participant", p["id"], {"attendance": "apologies"})
    qtbot.waitUntil(lambda: page.quorum_label.text().startswith("Quorum not met."))
    assert "other agenc" in page.quorum_label.text()


def test_a_uk_date_of_birth_typed_in_the_children_table_is_saved(qtbot: Any, window: Any) -> None:
    setup = window.setup
    table = setup.children_table
    column = next(
        n for n, col in enumerate(setup.children_model.COLUMNS) if col.field == "date_of_birth"
    )
    table.setFocus()
    table.setCurrentIndex(setup.children_model.index(0, column))
    keys(qtbot, "14/03/2019")
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.rows("child")[0]["date_of_birth"] == "2019-03-14")
    # A date that is not a date stays out of the store, with the reason beside the table.
    table.setFocus()
    table.setCurrentIndex(setup.children_model.index(1, column))
    keys(qtbot, "31/02/2019")
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Return)
    assert window.controller.rows("child")[1]["date_of_birth"] == "2023-01-09"
    assert setup.children_note.text().startswith("Date of birth: not saved.")
    assert "date_of_birth" not in setup.children_note.text()


def test_a_long_step_on_the_room_screen_says_there_is_more_and_scrolls_from_the_keyboard(
    qtbot: Any, window: Any
) -> None:
    room = window.projector.projector
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_F5)
    qtbot.waitUntil(room.isVisible)
    room.resize(1280, 720)
    window.activateWindow()
    activate(qtbot, window)
    window.go_to_step(len(window.controller.agenda) - 1)  # Close: how to disagree, complain
    qtbot.waitUntil(room.more_label.isVisible)
    bar = room.list_view.verticalScrollBar()
    for _ in range(10):
        if bar.value() == bar.maximum():
            break
        qtbot.keyClick(focused(qtbot), Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert bar.value() == bar.maximum()
    assert not room.more_label.isVisible()


def test_a_refused_set_up_field_says_so_in_the_set_up_in_its_screen_words(
    qtbot: Any, window: Any
) -> None:
    qtbot.keyClick(focused(qtbot), Qt.Key.Key_Comma, CTRL)  # the set-up window
    dialog = window.setup_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    page = dialog.page
    page.family_name.setFocus()
    page.family_name.selectAll()
    qtbot.keyClick(page.family_name, Qt.Key.Key_Delete)
    qtbot.keyClick(page.family_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.text() != "")
    assert page.message.text() == "Not saved: Family named as: please fill this in."
    assert "conference." not in window.saved_label.text()
    assert window.controller.conference["family_name"] == "the Green family"


def test_agency_views_are_entered_once_for_all_children_with_exceptions(
    qtbot: Any, store: Any, example_doc: dict[str, Any]
) -> None:
    from ui.pages.decision import DecisionPage

    doc = copy.deepcopy(example_doc)
    doc["decisions"] = []
    cid = import_document(store, doc, actor="test")
    c = ConferenceController(store, cid, actor="test")
    p = DecisionPage(c)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    p.activateWindow()
    activate(qtbot, p)
    people = [r["name"] for r in p.views_model.rows]
    teacher = people.index("Mark Hughes")

    def set_view(row: int, label: str) -> None:
        p.views_table.setFocus()
        p.views_table.setCurrentIndex(p.views_model.index(row, 2))
        qtbot.keyClick(p.views_table, Qt.Key.Key_F2)
        combo = QApplication.focusWidget()
        while combo.currentText() != label:
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.keyClick(combo, Qt.Key.Key_Return)

    p.outcome_combo.setFocus()  # Mia: a plan, and every agency's view once
    while p.outcome_combo.currentText() != "Child protection plan":
        qtbot.keyClick(p.outcome_combo, Qt.Key.Key_Down)
    p.category_checks["emotional_abuse"].setFocus()
    qtbot.keyClick(p.category_checks["emotional_abuse"], Qt.Key.Key_Space)
    for row in range(len(people)):
        set_view(row, "Plan")
    p.children_table.setFocus()
    qtbot.keyClick(p.children_table, Qt.Key.Key_Down)  # Leo: the views are there already
    shown = [p.views_model.index(r, 2).data() for r in range(len(people))]
    assert shown == ["Plan"] * len(people)
    set_view(teacher, "No plan")  # the one agency that differs for Leo
    p.outcome_combo.setFocus()
    while p.outcome_combo.currentText() != "Child protection plan":
        qtbot.keyClick(p.outcome_combo, Qt.Key.Key_Down)
    p.category_checks["neglect"].setFocus()
    qtbot.keyClick(p.category_checks["neglect"], Qt.Key.Key_Space)
    views = {
        d["child"]: {v["participant"]: v["view"] for v in d["agency_views"]}
        for d in c.doc()["decisions"]
    }
    pid = {r["name"]: r["id"] for r in c.rows("participant")}
    kid = {r["name"]: r["id"] for r in c.rows("child")}
    assert views[kid["Leo Green"]][pid["Mark Hughes"]] == "no_plan"
    assert views[kid["Mia Green"]][pid["Mark Hughes"]] == "plan"  # the exception stays Leo's
    assert len(views[kid["Leo Green"]]) == len(people)
