"""Every rule of the interchange README, broken once, through the real command: exit 3, one line, store unchanged."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conference.cli import main
from conference.exchange.interchange import import_document
from conference.store.database import open_store
from tests import encrypted
from tests.conftest import ROOT

Doc = dict[str, Any]
Mutation = Callable[[Doc], None]


def _set(path: str, value: Any) -> Mutation:
    """A mutation that sets doc[path] (dots and [n] indexes) to value."""

    def apply(doc: Doc) -> None:
        parts: list[Any] = []
        for chunk in path.replace("]", "").split("."):
            name, *indexes = chunk.split("[")
            parts.append(name)
            parts.extend(int(i) for i in indexes)
        node: Any = doc
        for p in parts[:-1]:
            node = node[p]
        node[parts[-1]] = value

    return apply


def _append(path: str, value: Any) -> Mutation:
    def apply(doc: Doc) -> None:
        node: Any = doc
        for p in path.split("."):
            node = node[p]
        node.append(copy.deepcopy(value))

    return apply


def _both(*mutations: Mutation) -> Mutation:
    def apply(doc: Doc) -> None:
        for m in mutations:
            m(doc)

    return apply


# (name, mutation of the example, words the one-line message must hold)
BAD: list[tuple[str, Mutation, tuple[str, ...]]] = [
    ("duplicate id across collections", _set("items[2].id", "c-mia"), ("items[2].id", "'c-mia'")),
    ("duplicate id in one collection", _set("items[1].id", "i1"), ("items[1].id", "'i1'")),
    (
        "duplicate id between statement and goal",
        _set("safety_goals[0].id", "d2"),
        ("safety_goals[0].id", "'d2'"),
    ),
    ("item source", _set("items[3].source", "p-x"), ("items[3].source", "no participant 'p-x'")),
    (
        "score participant",
        _set("scaling.scores[2].participant", "p-x"),
        ("scaling.scores[2].participant", "'p-x'"),
    ),
    (
        "agency view participant",
        _set("decisions[1].agency_views[2].participant", "p-x"),
        ("decisions[1].agency_views[2].participant", "'p-x'"),
    ),
    (
        "dissent participant",
        _set("decisions[1].dissent[0].participant", "p-x"),
        ("decisions[1].dissent[0].participant", "'p-x'"),
    ),
    (
        "step owner participant",
        _set("next_steps[1].owner_participant", "p-x"),
        ("next_steps[1].owner_participant", "'p-x'"),
    ),
    (
        "lead social worker",
        _set("conference.lead_social_worker", "p-x"),
        ("conference.lead_social_worker", "'p-x'"),
    ),
    ("item children", _set("items[0].children", ["c-x"]), ("items[0].children", "'c-x'")),
    (
        "statement children",
        _set("danger_statements[1].children", ["c-leo", "c-x"]),
        ("danger_statements[1].children", "'c-x'"),
    ),
    (
        "step children",
        _set("next_steps[3].children", ["c-x"]),
        ("next_steps[3].children", "'c-x'"),
    ),
    ("score child", _set("scaling.scores[0].child", "c-x"), ("scaling.scores[0].child", "'c-x'")),
    ("decision child", _set("decisions[0].child", "c-x"), ("decisions[0].child", "'c-x'")),
    (
        "goal danger statement",
        _set("safety_goals[1].danger_statement", "d-x"),
        ("safety_goals[1].danger_statement", "'d-x'"),
    ),
    (
        "score danger statement",
        _set("scaling.scores[1].danger_statement", "d-x"),
        ("scaling.scores[1].danger_statement", "'d-x'"),
    ),
    (
        "step safety goal",
        _set("next_steps[0].safety_goal", "g-x"),
        ("next_steps[0].safety_goal", "'g-x'"),
    ),
    (
        "item withheld from a professional",
        _set("items[9].withheld_from", ["p-sw"]),
        ("items[9].withheld_from", "'p-sw'", "not a family member"),
    ),
    (
        "item withheld from nobody known",
        _set("items[9].withheld_from", ["p-x"]),
        ("items[9].withheld_from", "'p-x'"),
    ),
    (
        "statement withheld from a professional",
        _set("danger_statements[0].withheld_from", ["p-pol"]),
        ("danger_statements[0].withheld_from", "'p-pol'", "not a family member"),
    ),
    (
        "goal withheld from nobody known",
        _set("safety_goals[0].withheld_from", ["p-x"]),
        ("safety_goals[0].withheld_from", "'p-x'"),
    ),
    (
        "step withheld from a professional",
        _set("next_steps[0].withheld_from", ["p-gp"]),
        ("next_steps[0].withheld_from", "'p-gp'", "not a family member"),
    ),
    (
        "two decisions for one child",
        _set("decisions[1].child", "c-mia"),
        ("decisions[1].child", "'c-mia'"),
    ),
    (
        "two scores for one person, child and statement",
        _append("scaling.scores", {"participant": "p-jade", "score": 2}),
        ("scaling.scores[6]", "'p-jade'"),
    ),
    (
        "two scores for one person about the same child",
        _both(
            _append(
                "scaling.scores",
                {"participant": "p-hv", "child": "c-leo", "danger_statement": "d2", "score": 2},
            ),
            _append(
                "scaling.scores",
                {"participant": "p-hv", "child": "c-leo", "danger_statement": "d2", "score": 5},
            ),
        ),
        ("scaling.scores[7]", "'p-hv'"),
    ),
    (
        "unknown template",
        _set("conference.template", "no-such-template"),
        ("conference.template", "'no-such-template'"),
    ),
    (
        "section not in the template",
        _set("items[4].section", "worries"),
        ("items[4].section", "'i5'", "'worries'"),
    ),
    (
        "section of the other template",
        _set("conference.template", "three-columns"),
        ("items[0].section", "'i1'", "'harm'"),
    ),
    ("unknown field in an item", _set("items[2].colour", "red"), ("items[2].colour", "'i3'")),
    ("unknown top-level field", _set("notes", "typo"), ("notes", "unknown field")),
    (
        "unknown field in a family view",
        _set("danger_statements[0].family_view.agree", True),
        ("danger_statements[0].family_view.agree", "'d1'"),
    ),
    ("newer version", _set("version", 3), ("version", "version 3", "version 2")),
    ("wrong format", _set("format", "sfconf-minutes"), ("format", "'sfconf-minutes'")),
    (
        "impossible date of birth",
        _set("children[0].date_of_birth", "2026-02-30"),
        ("children[0].date_of_birth", "'c-mia'", "2026-02-30"),
    ),
    (
        "impossible start",
        _set("conference.starts_at", "2026-02-30T10:00:00"),
        ("conference.starts_at", "2026-02-30T10:00:00"),
    ),
    (
        "impossible due date",
        _set("next_steps[2].due", "2026-13-01"),
        ("next_steps[2].due", "'n3'", "2026-13-01"),
    ),
    (
        "impossible expected date",
        _set("children[1].expected_on", "2027-04-31"),
        ("children[1].expected_on", "'c-leo'", "2027-04-31"),
    ),
    (
        "impossible time",
        _set("review_conference", "2027-02-19T25:00:00"),
        ("review_conference", "2027-02-19T25:00:00"),
    ),
    ("date in another format", _set("next_steps[0].due", "04/12/2026"), ("next_steps[0].due",)),
    ("score out of range", _set("scaling.scores[0].score", 11), ("scaling.scores[0].score",)),
    ("empty item text", _set("items[5].text", ""), ("items[5].text", "'i6'")),
    ("missing children", _set("children", []), ("children",)),
]


def _db_state(db: Path) -> tuple[list[tuple[str, int]], list[str]]:
    """Row counts of every table and a dump of every row, read without writing."""
    conn = encrypted.connect(db, read_only=True)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        counts = [(t, conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables]
        # sqlcipher3 has no iterdump: the schema and every row, table by table.
        dump = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master ORDER BY name")]
        for t in tables:
            dump += [repr(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid')]
        return counts, dump
    finally:
        conn.close()


def _listing(db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--db", str(db), "list"]) == 0
    return capsys.readouterr().out


@pytest.fixture
def db(tmp_path: Path, example_doc: Doc) -> Path:
    """A store that already holds the example, so 'unchanged' is not trivially empty."""
    path = tmp_path / "rules.db"
    store = open_store(path)
    import_document(store, example_doc, actor="test")
    store.close()
    return path


def _refused(
    db: Path,
    file: Path,
    words: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    *extra: str,
) -> None:
    before = (_db_state(db), _listing(db, capsys))
    code = main(["--db", str(db), "import", str(file), *extra])
    err = capsys.readouterr().err
    assert code == 3, err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err
    for w in words:
        assert w in err, f"{w!r} not in {err!r}"
    assert (_db_state(db), _listing(db, capsys)) == before


@pytest.mark.parametrize(
    ("mutate", "words"), [(m, w) for _, m, w in BAD], ids=[n for n, _, _ in BAD]
)
def test_bad_document_is_refused_and_store_unchanged(
    db: Path,
    tmp_path: Path,
    example_doc: Doc,
    mutate: Mutation,
    words: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
) -> None:
    example_doc["conference"]["id"] = "another-conference"
    mutate(example_doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(example_doc, ensure_ascii=False), encoding="utf-8")
    _refused(db, bad, words, capsys)


def test_not_json_is_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sfconf-conference", "version": 1,', encoding="utf-8")
    _refused(db, bad, ("bad.json", "JSON"), capsys)


def test_not_an_object_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2, 3]", encoding="utf-8")
    _refused(db, bad, ("bad.json",), capsys)


def test_not_utf8_is_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "\xff\xfe"}')
    _refused(db, bad, ("bad.json", "UTF-8"), capsys)


def test_missing_file_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _refused(db, tmp_path / "nowhere.json", ("nowhere.json",), capsys)


def test_same_conference_twice_is_refused(
    db: Path, tmp_path: Path, example_doc: Doc, capsys: pytest.CaptureFixture[str]
) -> None:
    example_doc["items"][0]["text"] = "A different text that must not replace the first."
    again = tmp_path / "again.json"
    again.write_text(json.dumps(example_doc), encoding="utf-8")
    _refused(db, again, ("conference.id", example_doc["conference"]["id"], "--replace"), capsys)


def test_replace_with_as_copy_is_misuse(
    db: Path, tmp_path: Path, example_doc: Doc, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps(example_doc), encoding="utf-8")
    before = _db_state(db)
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(doc), "--replace", "--as-copy"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--replace" in err and "--as-copy" in err
    assert _db_state(db) == before


def test_a_late_failure_leaves_nothing_behind(
    db: Path, tmp_path: Path, example_doc: Doc, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last check of all (a step's goal) fails after everything else passed: still nothing written."""
    example_doc["conference"]["id"] = "late-failure"
    example_doc["next_steps"][-1]["safety_goal"] = "g-x"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(example_doc), encoding="utf-8")
    _refused(db, bad, ("next_steps[4].safety_goal", "'g-x'"), capsys)


@pytest.mark.parametrize(
    ("mutate", "words", "code"),
    [
        (_set("items[3].source", "p-x"), "items[3].source: no participant 'p-x'", 3),
        (_set("version", 7), "version 7", 3),
    ],
    ids=["reference", "newer"],
)
def test_refusal_through_a_fresh_interpreter(
    db: Path, tmp_path: Path, example_doc: Doc, mutate: Mutation, words: str, code: int
) -> None:
    example_doc["conference"]["id"] = "another-conference"
    mutate(example_doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(example_doc), encoding="utf-8")
    before = _db_state(db)
    run = subprocess.run(
        [sys.executable, "-m", "conference", "--db", str(db), "import", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == code, run.stderr
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1 and words in run.stderr
    assert _db_state(db) == before
