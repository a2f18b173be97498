"""A change repaints only what changed, on the chair's pane and on the room's screen.

And what the room's screen shows after any sequence of edits, undos and redos is exactly
what a fresh build from the family filter shows: following changes row by row never lets
through what is kept back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conference.exchange.interchange import export_document, import_document
from conference.family_filter import family_view
from conference.store.database import Store, open_store
from conference.templates import get_template
from tests.helpers import examples
from ui.conference_window import ConferenceWindow
from ui.controller import ConferenceController, family_rows
from ui.room.content import scale_groups, step_blocks
from ui.room.window import ProjectorWindow


class Counter:
    """Counts a model's resets, inserted rows and changed rows."""

    def __init__(self, model: Any) -> None:
        self.resets = 0
        self.inserted: list[tuple[int, int]] = []
        self.removed = 0
        self.changed = 0
        model.modelReset.connect(self._reset)
        model.rowsInserted.connect(lambda _p, a, b: self.inserted.append((a, b)))
        model.rowsRemoved.connect(self._removed)
        model.dataChanged.connect(self._changed)

    def _reset(self) -> None:
        self.resets += 1

    def _removed(self, *_: Any) -> None:
        self.removed += 1

    def _changed(self, *_: Any) -> None:
        self.changed += 1


def _expected(store: Store, cid: str, c: ConferenceController, show_who: bool = True) -> Any:
    """What a fresh build of the current step from the whole family view gives."""
    doc = family_view(export_document(store, cid))
    template = get_template(doc["conference"]["template"])
    step = template.agenda[min(c.current_step, len(template.agenda) - 1)]
    groups = scale_groups(doc, template.scaling.question) if step.kind == "scaling" else []
    if groups:
        return (
            "scaling",
            [g.title for g in groups],
            [[ln.words() for ln in g.lines] for g in groups],
        )
    return ("blocks", step_blocks(doc, step, template, show_who))


def _shown(window: ProjectorWindow) -> Any:
    if window.body.currentWidget() is window.scaling_area:
        c = window.controller
        groups = scale_groups(c.family_doc(), c.template.scaling.question)
        texts = window.painted_texts()
        assert all(g.title in texts for g in groups)
        return (
            "scaling",
            [g.title for g in groups],
            [[ln.words() for ln in g.lines] for g in groups],
        )
    return ("blocks", window.model.blocks())


def test_a_new_item_inserts_one_row_on_the_pane_and_on_the_room_screen(
    qtbot: Any, example_store: tuple[Store, str], monkeypatch: Any
) -> None:
    store, cid = example_store
    window = ConferenceWindow(store, cid)
    qtbot.addWidget(window)
    window.show()
    c = window.controller
    c.set_step(next(i for i, s in enumerate(c.agenda) if s.section == "harm"))
    window.projector.show_projector()  # type: ignore[union-attr]
    room = window.projector.projector  # type: ignore[union-attr]
    qtbot.waitUntil(room.isVisible)
    pane = window.current_pane()
    assert pane is not None
    on_pane, on_room = Counter(pane.model), Counter(room.model)
    exports: list[int] = []
    real_export = export_document
    monkeypatch.setattr(
        "ui.controller.export_document", lambda *a: exports.append(1) or real_export(*a)
    )
    rebuilds: list[int] = []
    real_refresh = room.refresh
    monkeypatch.setattr(room, "refresh", lambda: rebuilds.append(1) or real_refresh())
    rows_before = room.model.rowCount()

    pane.entry.setText("Mia said the shouting woke her up")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: room.model.rowCount() == rows_before + 1)
    assert on_pane.resets == 0 and len(on_pane.inserted) == 1 and on_pane.changed == 0
    assert on_room.resets == 0 and len(on_room.inserted) == 1 and on_room.changed == 0
    assert on_room.inserted[0][0] == on_room.inserted[0][1] == rows_before  # one row, at the end
    assert not exports and not rebuilds  # no whole-document export, no rebuild of the step
    assert room.model.block(rows_before).text == "Mia said the shouting woke her up"
    assert _shown(room) == _expected(store, cid, c)

    # An item said while it is kept back reaches neither the room nor its model.
    c.set_blanked(True)
    pane.entry.setText("Dad's new partner has a conviction")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    c.set_blanked(False)
    assert room.model.rowCount() == rows_before + 1
    assert len(on_pane.inserted) == 2 and len(on_room.inserted) == 1
    assert _shown(room) == _expected(store, cid, c)

    # Editing one item's text changes that one row.
    item_id = pane.model.item_id(0)
    c.update("item", item_id, {"text": "Reworded by the chair"})
    assert on_room.changed == 1 and on_room.resets == 0 and on_pane.resets == 0
    assert _shown(room) == _expected(store, cid, c)
    assert not exports and not rebuilds


def test_the_fast_path_filters_one_item_as_the_whole_filter_does(
    qtbot: Any, example_store: tuple[Store, str]
) -> None:
    store, cid = example_store
    c = ConferenceController(store, cid)
    whole = family_view(export_document(store, cid))
    every_item = c.read.rows("item")
    one_by_one = [i for row in every_item for i in family_rows(c, [row])["items"]]
    assert one_by_one == whole["items"]
    assert len(one_by_one) < len(every_item)  # the example keeps some back
    assert family_rows(c, every_item)["participants"] == whole["participants"]


class RoomFollowsEdits(RuleBasedStateMachine):
    """Random edits with the room's screen shown; after each, the room equals a fresh build."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(__import__("tempfile").mkdtemp(prefix="sfconf-room-"))
        self.store = open_store(self.folder / "room.db")
        doc = __import__("json").loads(
            (Path(__file__).resolve().parents[1] / "data/green-family-initial.json").read_text(
                "utf-8"
            )
        )
        doc["conference"]["status"] = "in_progress"
        self.cid = import_document(self.store, doc, actor="test")
        self.c = ConferenceController(self.store, self.cid, actor="test")
        self.room = ProjectorWindow(self.c)
        self.room.resize(960, 540)
        self.room.show()
        self.counter = Counter(self.room.model)
        self.n = 0

    def teardown(self) -> None:
        self.room.close()
        self.room.deleteLater()
        QApplication.processEvents()
        self.store.close()

    def _ids(self, kind: str) -> list[str]:
        return [r["id"] for r in self.c.rows(kind)]

    @initialize(step=st.integers(0, 20))
    def start(self, step: int) -> None:
        self.c.set_step(step)

    @rule(step=st.integers(0, 20))
    def go_to_step(self, step: int) -> None:
        self.c.set_step(step)

    @rule(
        section=st.sampled_from(
            ["harm", "strengths", "grey_areas", "complicating_factors", "existing_safety"]
        ),
        restricted=st.booleans(),
        withhold=st.booleans(),
    )
    def add_item(self, section: str, restricted: bool, withhold: bool) -> None:
        self.n += 1
        values: dict[str, Any] = {
            "section": section,
            "text": f"Said {self.n}",
            "restricted": restricted,
        }
        if withhold:
            values["withheld_from"] = ["p-dan"]
        self.c.add("item", values)

    @rule(pick=st.integers(0, 200))
    def edit_item(self, pick: int) -> None:
        ids = self._ids("item")
        self.n += 1
        self.c.update("item", ids[pick % len(ids)], {"text": f"Edited {self.n}"}, merge=True)

    @rule(pick=st.integers(0, 200))
    def restrict_or_unrestrict_item(self, pick: int) -> None:
        ids = self._ids("item")
        row = self.c.row("item", ids[pick % len(ids)])
        assert row is not None
        self.c.update("item", row["id"], {"restricted": not row["restricted"]})

    @rule(
        pick=st.integers(0, 200),
        who=st.sampled_from([[], ["p-dan"], ["p-jade"], ["p-dan", "p-jade"]]),
    )
    def withhold_item(self, pick: int, who: list[str]) -> None:
        ids = self._ids("item")
        self.c.update("item", ids[pick % len(ids)], {"withheld_from": who})

    @rule(
        pick=st.integers(0, 200),
        section=st.sampled_from(["harm", "strengths", "grey_areas"]),
        before=st.integers(-1, 200),
    )
    def move_between_panes(self, pick: int, section: str, before: int) -> None:
        ids = self._ids("item")
        item_id = ids[pick % len(ids)]
        there = [
            r["id"] for r in self.c.rows("item") if r["section"] == section and r["id"] != item_id
        ]
        target = there[before % len(there)] if there and before >= 0 else None
        self.c.move_item_to_section(item_id, section, target)

    @rule(pick=st.integers(0, 20))
    def restrict_or_unrestrict_statement(self, pick: int) -> None:
        ids = self._ids("danger_statement")
        row = self.c.row("danger_statement", ids[pick % len(ids)])
        assert row is not None
        self.c.update("danger_statement", row["id"], {"restricted": not row["restricted"]})

    @rule(who=st.sampled_from(["p-dan", "p-jade", "p-nan", "p-sw"]), family=st.booleans())
    def switch_family(self, who: str, family: bool) -> None:
        self.c.update("participant", who, {"is_family": family})  # may be refused: fine

    @rule(revealed=st.booleans())
    def reveal_or_hide_scores(self, revealed: bool) -> None:
        self.c.update_conference({"scaling_revealed": revealed})

    @precondition(lambda self: self.c.undo_stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.c.undo_stack.undo()

    @precondition(lambda self: self.c.undo_stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.c.undo_stack.redo()

    @invariant()
    def room_equals_a_fresh_build(self) -> None:
        assert _shown(self.room) == _expected(self.store, self.cid, self.c)

    @invariant()
    def the_room_model_never_resets(self) -> None:
        assert self.counter.resets == 0


RoomFollowsEdits.TestCase.settings = settings(
    max_examples=examples(int(__import__("os").environ.get("ROOM_EXAMPLES", "12"))),
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_room_follows_random_edits(qtbot: Any) -> None:
    RoomFollowsEdits.TestCase("runTest").runTest()
