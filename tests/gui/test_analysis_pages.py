"""The analysis, scaling, plan and decision pages build the example conference through the widgets."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListView, QPlainTextEdit

from conference.exchange.interchange import export_document, import_document
from conference.store.database import open_store
from conference.templates import get_template
from tests.helpers import activate
from ui.controller import ConferenceController

DS_FIELDS = ("text", "who_is_worried", "worried_about", "impact_if_nothing_changes")


# ---------------------------------------------------------------- helpers


@pytest.fixture
def blank(store: Any, example_doc: dict[str, Any]) -> ConferenceController:
    """The example conference with analysis, scaling, plan and decisions taken out."""
    doc = copy.deepcopy(example_doc)
    for key in ("danger_statements", "safety_goals", "next_steps", "decisions"):
        doc[key] = []
    default = get_template(doc["conference"]["template"]).scaling
    doc["scaling"] = {
        "question": default.question,
        "zero_means": default.zero_means,
        "ten_means": default.ten_means,
        "scores": [],
        "revealed": False,
    }
    doc["contingency"] = ""
    doc["core_group_first_meeting"] = None
    doc["review_conference"] = None
    cid = import_document(store, doc, actor="test")
    return ConferenceController(store, cid, actor="test")


@pytest.fixture
def reference(tmp_path: Path, example_doc: dict[str, Any]) -> dict[str, Any]:
    """The example as the app exports it (defaults filled in), from a store of its own."""
    s = open_store(tmp_path / "reference.db")
    try:
        cid = import_document(s, copy.deepcopy(example_doc), actor="test")
        return export_document(s, cid)
    finally:
        s.close()


def type_line(qtbot: Any, edit: QLineEdit, text: str) -> None:
    """Type as the chair does and press Enter (which saves)."""
    edit.setFocus()
    edit.selectAll()
    if edit.text():
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def type_date_time(qtbot: Any, entry: Any, day: str, time: str) -> None:
    """A meeting's date and time as the chair types them: the date, Tab, the time, Enter."""
    type_line(qtbot, entry.time_edit, time)
    type_line(qtbot, entry.edit, day)


def type_text(qtbot: Any, edit: QPlainTextEdit, text: str) -> None:
    """Type into a box and press Ctrl+Enter (which saves)."""
    edit.setFocus()
    edit.selectAll()
    if edit.toPlainText():
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def page(qtbot: Any, cls: Any, controller: ConferenceController) -> Any:
    w = cls(controller)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()  # shortcuts only reach the active window
    activate(qtbot, w)
    return w


def build_analysis(qtbot: Any, controller: ConferenceController, ref: dict[str, Any]) -> Any:
    from ui.pages.analysis import AnalysisPage

    p = page(qtbot, AnalysisPage, controller)
    for ds, goal in zip(ref["danger_statements"], ref["safety_goals"], strict=True):
        p.new_statement()
        type_line(qtbot, p.who_edit, ds["who_is_worried"])
        type_line(qtbot, p.about_edit, ds["worried_about"])
        type_line(qtbot, p.impact_edit, ds["impact_if_nothing_changes"])
        assert p.sentence_edit.toPlainText() == ds["text"]
        for child in ds["children"]:
            p.children_model.set_checked(child, True)
        agrees = ds["family_view"]["agrees"]
        p.ds_family_combo.setCurrentIndex(p.ds_family_combo.findData(agrees))
        if ds["family_view"]["comment"]:
            type_line(qtbot, p.ds_family_edit, ds["family_view"]["comment"])
        type_text(qtbot, p.goal_edit, goal["text"])
        type_line(qtbot, p.how_long_edit, goal["how_long"])
    return p


def strip_ids(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in ("id", *keys)} for r in rows]


# ---------------------------------------------------------------- analysis


def test_analysis_builds_the_example(
    qtbot: Any, blank: ConferenceController, reference: dict[str, Any], qtmodeltester: Any
) -> None:
    p = build_analysis(qtbot, blank, reference)
    out = export_document(blank.store, blank.cid)
    assert strip_ids(out["danger_statements"]) == strip_ids(reference["danger_statements"])
    ds_ids = [d["id"] for d in out["danger_statements"]]
    assert [g["danger_statement"] for g in out["safety_goals"]] == ds_ids
    assert strip_ids(out["safety_goals"], "danger_statement") == strip_ids(
        reference["safety_goals"], "danger_statement"
    )
    qtmodeltester.check(p.model)
    qtmodeltester.check(p.children_model)
    # The example's statements and goals are good ones: no warning on any of them.
    for ds_id in ds_ids:
        p.select_statement(ds_id)
        assert p.who_edit.text() and p.goal_edit.toPlainText()
        assert not p.ds_warnings.isVisible() and not p.goal_warnings.isVisible()
        assert not p.count_warning.isVisible()


# ---------------------------------------------------------------- scaling


def enter_score(qtbot: Any, p: Any, participant: str, score: int, reason: str = "") -> None:
    p.person_combo.setCurrentIndex(p.person_combo.findData(participant))
    p.score_edit.setFocus()
    qtbot.keyClicks(p.score_edit, str(score))
    if reason:
        qtbot.keyClicks(p.reason_edit, reason)
    qtbot.keyClick(p.score_edit, Qt.Key.Key_Return)


def test_scaling_builds_the_example_hidden_until_revealed(
    qtbot: Any, blank: ConferenceController, reference: dict[str, Any], qtmodeltester: Any
) -> None:
    from ui.pages.scaling import HIDDEN, ScalingPage

    p = page(qtbot, ScalingPage, blank)
    ref = reference["scaling"]
    assert p.question_edit.text() == ref["question"]  # the template's default is stored
    type_line(qtbot, p.ten_edit, ref["ten_means"])
    for s in ref["scores"]:
        enter_score(qtbot, p, s["participant"], s["score"], s["reason"])

    # Before the reveal: no number anywhere on the page, no picture, nothing in words.
    assert p.score_edit.echoMode() == QLineEdit.EchoMode.Password
    shown = [p.model.data(p.model.index(r, c)) for r in range(p.model.rowCount()) for c in range(4)]
    assert [p.model.data(p.model.index(r, 2)) for r in range(6)] == [HIDDEN] * 6
    assert not any("because" in str(t) or "Carol's" in str(t) for t in shown)
    assert p.picture.points() == [] and not p.picture_box.isVisible()
    assert p.picture.accessibleDescription() == "No scores to show."
    assert "Middle score" not in p.status_label.text()
    qtmodeltester.check(p.model)

    p.reveal_action.trigger()
    assert p.picture_box.isVisible()
    assert sorted(pt.score for pt in p.picture.points()) == [3, 3, 4, 4, 6, 7]
    assert "Middle score: 4." in p.picture.accessibleDescription()
    assert p.model.data(p.model.index(0, 2)) == "7"
    assert [pt.is_family for pt in p.picture.points()][:2] == [True, True]
    qtmodeltester.check(p.model)

    out = export_document(blank.store, blank.cid)["scaling"]
    assert out == ref

    p.hide_action.trigger()
    assert p.picture.points() == [] and not p.picture_box.isVisible()
    blank.undo_stack.undo()  # undo the hide
    assert p.picture_box.isVisible()


def test_low_score_raises_a_banner_not_a_dialog(qtbot: Any, blank: ConferenceController) -> None:
    from ui.pages.scaling import ScalingPage

    p = page(qtbot, ScalingPage, blank)
    assert not p.alert.isVisible()
    enter_score(qtbot, p, "p-jade", 1, "He came home drunk last night")
    assert p.alert.isVisible()
    assert p.alert.text() == ("A score of 1 from Jade Green means immediate danger: act on it now.")
    assert p.picture.points() == []  # still hidden: only the chair's alert says it
    # Changing Jade's score replaces it rather than adding a second one.
    enter_score(qtbot, p, "p-jade", 5)
    assert len(blank.doc()["scaling"]["scores"]) == 1
    assert not p.alert.isVisible()


# ---------------------------------------------------------------- plan


def build_plan(qtbot: Any, controller: ConferenceController, ref: dict[str, Any]) -> Any:
    from ui.pages.plan import PlanPage

    p = page(qtbot, PlanPage, controller)
    goal_ids = [g["id"] for g in controller.doc()["safety_goals"]]
    ref_goals = [g["id"] for g in ref["safety_goals"]]
    for row, step in enumerate(ref["next_steps"]):
        p.entry.setFocus()
        qtbot.keyClicks(p.entry, step["action"])
        qtbot.keyClick(p.entry, Qt.Key.Key_Return)
        assert p.model.rowCount() == row + 1 and p.entry.text() == ""
        assert p.table.currentIndex().row() == row
        assert p.set_cell(row, 2, step["owner_participant"])
        assert p.set_cell(row, 1, step["owner"])
        if step["due"]:
            assert p.set_cell(row, 3, step["due"])
        if step["safety_goal"]:
            assert p.set_cell(row, 4, goal_ids[ref_goals.index(step["safety_goal"])])
        for child in step["children"]:
            p.children_model.set_checked(child, True)
        if step["restricted"]:
            p.restricted_check.setChecked(True)
    type_text(qtbot, p.contingency_edit, ref["contingency"]["text"])  # version 2: an object
    return p


def test_plan_builds_the_example(
    qtbot: Any, blank: ConferenceController, reference: dict[str, Any], qtmodeltester: Any
) -> None:
    build_analysis(qtbot, blank, reference)
    p = build_plan(qtbot, blank, reference)
    qtmodeltester.check(p.model)

    # The review: "Use suggested" gives 3 months on, back to a working day (Fri 19 Feb 2027).
    assert "Friday 19 February 2027" in p.review.suggestion.text()
    p.review.use_action.trigger()
    # The first core group: the chair picks another time in the date-time editor.
    type_date_time(qtbot, p.core_group.edit, "3/12/2026", "14:00")
    qtbot.waitUntil(lambda: blank.doc()["core_group_first_meeting"] is not None)

    out = export_document(blank.store, blank.cid)
    goals = {g["id"]: n for n, g in enumerate(out["safety_goals"])}
    ref_goals = {g["id"]: n for n, g in enumerate(reference["safety_goals"])}
    ours = [dict(s, safety_goal=goals.get(s["safety_goal"])) for s in out["next_steps"]]
    theirs = [dict(s, safety_goal=ref_goals.get(s["safety_goal"])) for s in reference["next_steps"]]
    assert strip_ids(ours) == strip_ids(theirs)
    for key in ("contingency", "core_group_first_meeting", "review_conference"):
        assert out[key] == reference[key], key

    # The warnings: the police step has no date; every goal has a step.
    assert "does not say by when" in p.warnings.text()
    assert "No next step" not in p.warnings.text()


def test_plan_keyboard_delete_reorder_and_warnings(
    qtbot: Any, blank: ConferenceController, qtmodeltester: Any
) -> None:
    from ui.pages.plan import PlanPage

    p = page(qtbot, PlanPage, blank)
    for text in ("First step", "Second step", "Third step"):
        p.entry.setFocus()
        qtbot.keyClicks(p.entry, text)
        qtbot.keyClick(p.entry, Qt.Key.Key_Return)
    assert "does not say who will do it or by when" in p.warnings.text()
    p.table.setFocus()
    qtbot.keyClick(p.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [s["action"] for s in blank.doc()["next_steps"]] == [
        "First step",
        "Third step",
        "Second step",
    ]
    assert p.table.currentIndex().row() == 1
    qtbot.keyClick(p.table, Qt.Key.Key_Delete)
    assert [s["action"] for s in blank.doc()["next_steps"]] == ["First step", "Second step"]
    qtmodeltester.check(p.model)
    blank.undo_stack.undo()
    assert len(blank.doc()["next_steps"]) == 3
    # The date cell is the one date entry: typed as written, emptied for "no date".
    index = p.model.index(0, 3)
    editor = p.date_delegate.createEditor(p.table.viewport(), None, index)  # type: ignore[arg-type]
    editor.edit.setText("4/12/2026")
    p.date_delegate.setModelData(editor, p.model, index)
    assert blank.doc()["next_steps"][0]["due"] == "2026-12-04"
    p.date_delegate.setEditorData(editor, index)
    editor.edit.setText("")
    p.date_delegate.setModelData(editor, p.model, index)
    assert blank.doc()["next_steps"][0]["due"] is None


def test_suggested_dates_skip_christmas_bank_holidays(
    qtbot: Any, blank: ConferenceController
) -> None:
    from ui.pages.plan import PlanPage

    blank.update_conference({"starts_at": "2026-12-18T10:00:00"})  # a Friday
    p = page(qtbot, PlanPage, blank)
    # Ten working days, skipping Fri 25 and Mon 28 December and Fri 1 January.
    assert p.suggested_core_group() == dt.datetime(2027, 1, 6, 10, 0)
    assert "Wednesday 6 January 2027" in p.core_group.suggestion.text()
    p.core_group.use_action.trigger()
    assert blank.doc()["core_group_first_meeting"] == "2027-01-06T10:00:00"
    assert p.core_group.edit.value() == dt.datetime(2027, 1, 6, 10, 0)
    assert p.core_group.edit.reading.text() == "Wednesday 6 January 2027"
    # 18 March 2027 is a Thursday, a working day.
    assert blank.doc()["review_conference"] is None
    p.review.use_action.trigger()
    assert blank.doc()["review_conference"] == "2027-03-18T10:00:00"


# ---------------------------------------------------------------- decision


def test_decisions_build_the_example(
    qtbot: Any, blank: ConferenceController, reference: dict[str, Any], qtmodeltester: Any
) -> None:
    from ui.pages.decision import DecisionPage

    p = page(qtbot, DecisionPage, blank)
    assert not p.quorum_label.isVisible()  # social care, NHS, school and police are here
    for d in reference["decisions"]:
        p.select_child(d["child"])
        for v in d["agency_views"]:
            p.set_view(v["participant"], v["view"], v["reason"])
        type_text(qtbot, p.rationale_edit, d["rationale"])
        p.set_outcome(d["outcome"])
        # A plan with no category is not saved, and the page says why.
        assert all(x["child"] != d["child"] for x in blank.doc()["decisions"])
        assert p.message.isVisible() and "needs at least one category" in p.message.text()
        for c in d["categories"]:
            p.category_checks[c].setChecked(True)
        assert not p.message.isVisible()
        for x in d["dissent"]:
            p.dissent_person.setCurrentIndex(p.dissent_person.findData(x["participant"]))
            p.dissent_edit.setFocus()
            qtbot.keyClicks(p.dissent_edit, x["reason"])
            qtbot.keyClick(p.dissent_edit, Qt.Key.Key_Return)
        qtmodeltester.check(p.views_model)
        qtmodeltester.check(p.dissent_model)
    qtmodeltester.check(p.children_model)
    out = export_document(blank.store, blank.cid)
    assert out["decisions"] == reference["decisions"]
    assert "Child protection plan (emotional abuse, neglect)" in p.children_model.data(
        p.children_model.index(1, 1)
    )


def test_category_required_and_outcomes_by_kind(qtbot: Any, blank: ConferenceController) -> None:
    from ui.pages.decision import DecisionPage

    p = page(qtbot, DecisionPage, blank)
    p.select_child("c-mia")
    p.set_outcome("child_protection_plan")
    assert blank.doc()["decisions"] == []
    assert "needs at least one category" in p.message.text()
    p.category_checks["neglect"].setChecked(True)
    assert blank.doc()["decisions"][0]["categories"] == ["neglect"]
    # Unticking the only category is not saved either.
    p.category_checks["neglect"].setChecked(False)
    assert blank.doc()["decisions"][0]["categories"] == ["neglect"]
    assert p.message.isVisible()
    # A child in need plan has no category.
    p.set_outcome("child_in_need_plan")
    assert blank.doc()["decisions"][0] == {**blank.doc()["decisions"][0], "categories": []}
    assert blank.doc()["decisions"][0]["outcome"] == "child_in_need_plan"
    assert not p.category_checks["neglect"].isEnabled() and not p.message.isVisible()
    blank.update_conference({"kind": "review"})
    outcomes = [p.outcome_combo.itemData(i) for i in range(p.outcome_combo.count())]
    assert outcomes == [
        None,
        "plan_continues",
        "plan_ends_child_in_need",
        "plan_ends_no_further_action",
    ]


def test_quorum_warning_with_only_one_other_agency(qtbot: Any, blank: ConferenceController) -> None:
    from ui.pages.decision import DecisionPage

    p = page(qtbot, DecisionPage, blank)
    assert not p.quorum_label.isVisible()
    rows = {r["id"]: r for r in blank.rows("participant")}
    for pid in ("p-teach", "p-pol"):
        assert rows[pid]
        blank.update("participant", pid, {"attendance": "apologies"})
    assert p.quorum_label.isVisible()
    assert "only one other agency is here (NHS)" in p.quorum_label.text()
    # Only the professionals in the room give a view.
    assert [r["id"] for r in p.views_model.rows] == ["p-sw", "p-hv"]


# ---------------------------------------------------------------- analysis details


def test_warnings_are_gentle_and_fire_on_bad_statements(
    qtbot: Any, blank: ConferenceController
) -> None:
    from ui.pages.analysis import AnalysisPage

    p = page(qtbot, AnalysisPage, blank)
    p.new_statement()
    type_line(qtbot, p.who_edit, "Sam (social worker)")
    type_line(qtbot, p.about_edit, "there is domestic violence")
    assert p.ds_warnings.isVisible()
    text = p.ds_warnings.text()
    assert '"domestic violence" is a label' in text
    assert "what may happen to the children" in text
    # Never blocking: the statement is saved all the same.
    assert blank.doc()["danger_statements"][0]["worried_about"] == "there is domestic violence"
    type_line(qtbot, p.about_edit, "Daniel hits Jade in the kitchen")
    type_line(qtbot, p.impact_edit, "Mia could be hurt")
    assert not p.ds_warnings.isVisible()

    type_text(qtbot, p.goal_edit, "Daniel won't hit Jade.")
    assert p.goal_warnings.isVisible() and "instead" in p.goal_warnings.text()
    assert "how long" in p.goal_warnings.text()
    assert blank.doc()["safety_goals"][0]["text"] == "Daniel won't hit Jade."
    type_text(qtbot, p.goal_edit, "Jade and the children will feel safe at home.")
    type_line(qtbot, p.how_long_edit, "for six months")
    assert not p.goal_warnings.isVisible()

    for n in range(4):
        p.new_statement()
        type_line(qtbot, p.who_edit, f"Person {n}")
    assert p.count_warning.isVisible() and "5 danger statements" in p.count_warning.text()


def test_free_editing_the_sentence_stops_composing(qtbot: Any, blank: ConferenceController) -> None:
    from ui.pages.analysis import AnalysisPage

    p = page(qtbot, AnalysisPage, blank)
    p.new_statement()
    type_line(qtbot, p.who_edit, "Lucy")
    type_line(qtbot, p.about_edit, "Leo misses health checks")
    type_line(qtbot, p.impact_edit, "Leo could become ill")
    own = "We know Jade has tried hard. Lucy is worried that Leo misses health checks."
    type_text(qtbot, p.sentence_edit, own)
    type_line(qtbot, p.impact_edit, "Leo could become seriously ill")
    ds = blank.doc()["danger_statements"][0]
    assert ds["text"] == own and ds["impact_if_nothing_changes"] == "Leo could become seriously ill"
    p.compose_action.trigger()
    assert blank.doc()["danger_statements"][0]["text"] == (
        "Lucy is worried that Leo misses health checks. "
        "If this does not change, Leo could become seriously ill."
    )


def test_typing_is_saved_after_a_pause_as_one_undo_step(
    qtbot: Any, blank: ConferenceController
) -> None:
    from ui.pages.analysis import AnalysisPage

    p = page(qtbot, AnalysisPage, blank)
    p.new_statement()
    type_line(qtbot, p.who_edit, "Sam")
    steps = blank.undo_stack.count()
    p.who_edit.setFocus()
    qtbot.keyClicks(p.who_edit, " and Mark")  # no Enter: the debounce saves it
    qtbot.waitUntil(lambda: blank.doc()["danger_statements"][0]["who_is_worried"] == "Sam and Mark")
    assert blank.doc()["danger_statements"][0]["text"].startswith("Sam and Mark are worried")
    assert blank.undo_stack.count() == steps + 1


def test_statements_reorder_restrict_and_withhold(
    qtbot: Any, blank: ConferenceController, qtmodeltester: Any
) -> None:
    from ui.pages.analysis import AnalysisPage

    p = page(qtbot, AnalysisPage, blank)
    for who in ("First", "Second"):
        p.new_statement()
        type_line(qtbot, p.who_edit, who)
    p.restricted_check.setChecked(True)
    p.withheld_model.set_checked("p-dan", True)
    ds = blank.doc()["danger_statements"][1]
    assert ds["restricted"] and ds["withheld_from"] == ["p-dan"]
    qtmodeltester.check(p.withheld_model)
    assert "[restricted]" in p.model.data(p.model.index(1, 0))
    p.table.setFocus()
    qtbot.keyClick(p.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [d["who_is_worried"] for d in blank.doc()["danger_statements"]] == ["Second", "First"]
    assert p.who_edit.text() == "Second"
    p.delete_action.trigger()
    assert [d["who_is_worried"] for d in blank.doc()["danger_statements"]] == ["First"]
    assert p.who_edit.text() == "First"
    blank.undo_stack.undo()
    assert len(blank.doc()["danger_statements"]) == 2
    qtmodeltester.check(p.model)


def test_pages_are_registered_for_the_agenda() -> None:
    from ui.pages import page_class

    names = {
        k: getattr(page_class(k), "__name__", None)
        for k in ("analysis", "scaling", "plan", "decision")
    }
    assert names == {
        "analysis": "AnalysisPage",
        "scaling": "ScalingPage",
        "plan": "PlanPage",
        "decision": "DecisionPage",
    }


# ---------------------------------------------------------------- the whole example


def test_all_pages_together_rebuild_the_example(
    qtbot: Any, blank: ConferenceController, reference: dict[str, Any]
) -> None:
    from ui.pages.decision import DecisionPage
    from ui.pages.scaling import ScalingPage

    build_analysis(qtbot, blank, reference)
    scaling = page(qtbot, ScalingPage, blank)
    type_line(qtbot, scaling.ten_edit, reference["scaling"]["ten_means"])
    for s in reference["scaling"]["scores"]:
        enter_score(qtbot, scaling, s["participant"], s["score"], s["reason"])
    scaling.reveal_action.trigger()
    plan = build_plan(qtbot, blank, reference)
    plan.review.use_action.trigger()
    type_date_time(qtbot, plan.core_group.edit, "3/12/2026", "14:00")
    decisions = page(qtbot, DecisionPage, blank)
    for d in reference["decisions"]:
        decisions.select_child(d["child"])
        for v in d["agency_views"]:
            decisions.set_view(v["participant"], v["view"], v["reason"])
        type_text(qtbot, decisions.rationale_edit, d["rationale"])
        decisions.set_outcome(d["outcome"])
        for c in d["categories"]:
            decisions.category_checks[c].setChecked(True)
        for x in d["dissent"]:
            decisions.dissent_person.setCurrentIndex(
                decisions.dissent_person.findData(x["participant"])
            )
            decisions.dissent_edit.setText(x["reason"])
            decisions.add_dissent()

    out = export_document(blank.store, blank.cid)
    # Map the new ids onto the example's, by order, and the documents must be equal.
    ids: dict[str, str] = {}
    for key in ("danger_statements", "safety_goals", "next_steps"):
        assert len(out[key]) == len(reference[key]), key
        ids.update({o["id"]: r["id"] for o, r in zip(out[key], reference[key], strict=True)})

    def mapped(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: mapped(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mapped(v) for v in value]
        return ids.get(value, value) if isinstance(value, str) else value

    for key in (
        "danger_statements",
        "safety_goals",
        "scaling",
        "next_steps",
        "decisions",
        "contingency",
        "core_group_first_meeting",
        "review_conference",
    ):
        assert mapped(out[key]) == reference[key], key
    # Every change was its own audited step, all undoable.
    assert blank.undo_stack.count() > 40


def test_leaving_the_page_saves_typing_and_delete_stays_in_fields(
    qtbot: Any, blank: ConferenceController
) -> None:
    from ui.pages.plan import PlanPage

    p = page(qtbot, PlanPage, blank)
    p.entry.setFocus()
    qtbot.keyClicks(p.entry, "Only step")
    qtbot.keyClick(p.entry, Qt.Key.Key_Return)
    # Delete while a tick list has focus does not remove the step.
    ticks = [
        w for w in p.step_box.findChildren(QListView) if w.accessibleName() == "Which children"
    ][0]
    ticks.setFocus()
    qtbot.keyClick(ticks, Qt.Key.Key_Delete)
    assert len(blank.doc()["next_steps"]) == 1
    p.contingency_edit.setFocus()
    qtbot.keyClicks(p.contingency_edit, "Sam will call a meeting")
    p.hide()  # the chair moves to the next agenda step before the pause is over
    assert blank.doc()["contingency"]["text"] == "Sam will call a meeting"
