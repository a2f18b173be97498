"""The leak finder: the committed corpus, the public example, the demo, and `sfconf check`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conference.cli import main
from conference.demo import demo_document_text
from conference.exchange.interchange import (
    export_document,
    import_document,
    parse_document,
    upgrade_document,
)
from conference.language.leaks import answer_fine, find_leaks, repeats, unanswered
from conference.store.database import Store
from tests.conftest import DATA

CORPUS = json.loads((DATA / "leaks" / "corpus.json").read_text(encoding="utf-8"))
JADE = "We go to Carol's when it starts."


def test_the_corpus_is_big_enough() -> None:
    kinds = Counter(case["kind"] for case in CORPUS["leaks"])
    assert len(CORPUS["leaks"]) >= 100 and len(kinds) >= 8
    assert len(CORPUS["non_leaks"]) >= 100


def test_recall_is_at_least_90_percent_in_every_kind() -> None:
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    missed = []
    for case in CORPUS["leaks"]:
        total[case["kind"]] += 1
        hits = repeats(case["kept_back"], case["seen"], CORPUS["people"])
        # The finding must point at the repeated words, not somewhere else in the text.
        norm = "".join(c for c in case["term"].lower() if c.isalnum())
        if any(
            norm in "".join(c for c in h.term.lower() if c.isalnum())
            or "".join(c for c in h.term.lower() if c.isalnum()) in norm
            for h in hits
        ):
            found[case["kind"]] += 1
        else:
            missed.append(case)
    recall = {k: found[k] / total[k] for k in total}
    print("recall per kind:", {k: f"{found[k]}/{total[k]}" for k in sorted(total)})
    assert all(r >= 0.9 for r in recall.values()), (recall, missed)


def test_at_most_5_false_alarms_on_the_non_leaks() -> None:
    alarms = [
        (case, hits)
        for case in CORPUS["non_leaks"]
        if (hits := repeats(case["kept_back"], case["seen"], CORPUS["people"]))
    ]
    print("false alarms:", len(alarms), "of", len(CORPUS["non_leaks"]))
    assert len(alarms) <= 5, alarms


def test_jades_score_reason_is_found_against_the_carols_flat_item(example_doc: Any) -> None:
    doc = parse_document(json.dumps(example_doc))
    leaks = find_leaks(doc)
    jade = [leak for leak in leaks if leak.seen_text == JADE]
    assert jade, leaks
    item = next(i for i, it in enumerate(doc["items"]) if "Carol's flat" in it["text"])
    assert doc["items"][item]["withheld_from"] == ["p-dan"]
    found = jade[0]
    assert found.kept_back == f"items[{item}].text" and found.term == "Carol's"
    where = doc["scaling"]["scores"][0]
    assert found.where == "scaling.scores[0].reason" and where["reason"] == JADE
    assert JADE[found.start : found.end] == "Carol's"
    assert found.reader == ""  # everyone's view holds the score: reported once, for everyone


def test_few_false_alarms_on_the_example_and_the_demo(example_doc: Any) -> None:
    example = find_leaks(parse_document(json.dumps(example_doc)))
    demo = find_leaks(parse_document(demo_document_text()))
    alarms = [leak for leak in example + demo if leak.seen_text != JADE]
    print("example findings:", len(example), "demo findings:", len(demo))
    assert len(alarms) <= 2, [str(a) for a in alarms]


def test_a_repeat_for_one_parent_is_reported_for_that_parent(example_doc: Any) -> None:
    doc = upgrade_document(example_doc)
    # Jade's reason is withheld from Daniel too: the room does not see it, Jade and Carol do.
    doc["scaling"]["scores"][0]["withheld_from"] = ["p-dan"]
    leaks = find_leaks(parse_document(json.dumps(doc)))
    assert not [leak for leak in leaks if leak.seen_text == JADE]
    # Now a text only Daniel sees repeats the Carol's-flat item kept back from him... none:
    # and the room sees no repeat either. A step for everyone that says it leaks for all.
    doc["next_steps"][0]["action"] = "Jade will keep a bag packed at Carol's."
    leaks = find_leaks(parse_document(json.dumps(doc)))
    step = [leak for leak in leaks if leak.where == "next_steps[0].action"]
    assert step and step[0].reader == "" and step[0].term == "Carol's"
    only_dan = find_leaks(parse_document(json.dumps(doc)), "p-dan")
    assert {leak.reader for leak in only_dan} == {"p-dan"}
    assert any(leak.where == "next_steps[0].action" for leak in only_dan)
    assert not find_leaks(parse_document(json.dumps(doc)), "p-jade")


def _import(doc: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    src = tmp_path / "doc.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(src)]) == 0
    return capsys.readouterr().out.strip()


def test_check_reports_leaks_as_the_contract_says(
    example_doc: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = _import(example_doc, tmp_path, capsys)
    assert main(["check", cid, "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    leaks = [f for f in findings if f["kind"] == "leak"]
    assert leaks == [
        {
            "where": "scaling.scores[0].reason",
            "start": 9,
            "end": 16,
            "term": "Carol's",
            "kind": "leak",
            "suggestion": "",
            "kept_back": "items[9].text",
            "reader": "",
        }
    ]
    assert all("kept_back" not in f and "reader" not in f for f in findings if f["kind"] != "leak")
    assert main(["check", cid]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("scaling.scores[0].reason:9-16: leak") for line in lines)
    assert main(["check", cid, "--json", "--for", "Daniel Green"]) == 1
    for_dan = [f for f in json.loads(capsys.readouterr().out) if f["kind"] == "leak"]
    assert for_dan and {f["reader"] for f in for_dan} == {"p-dan"}
    assert main(["check", cid, "--json", "--for", "p-sw"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a family member" in err


def test_it_is_fine_is_remembered_not_exported_and_check_still_reports(
    example_store: tuple[Store, str], capsys: pytest.CaptureFixture[str]
) -> None:
    store, cid = example_store
    leaks = find_leaks(export_document(store, cid))
    assert unanswered(store, cid, leaks) == leaks
    answer_fine(store, cid, leaks[0])
    answer_fine(store, cid, leaks[0])  # twice is once
    assert unanswered(store, cid, leaks) == leaks[1:]
    doc = export_document(store, cid)
    assert "leak" not in json.dumps(doc).lower()
    # A fresh store from the export has no answers: they never travel in a document.
    assert main(["--db", str(store.path), "check", cid, "--json"]) == 1
    assert any(f["kind"] == "leak" for f in json.loads(capsys.readouterr().out))


def test_an_answer_no_longer_applies_once_the_text_changes(store: Store, example_doc: Any) -> None:
    cid = import_document(store, example_doc, actor="test")
    leaks = find_leaks(export_document(store, cid))
    answer_fine(store, cid, leaks[0])
    doc = upgrade_document(example_doc)
    doc["scaling"]["scores"][0]["reason"] = "We go to Carol's when it starts, every time."
    changed = find_leaks(parse_document(json.dumps(doc)))
    assert unanswered(store, cid, changed) == changed


def test_a_second_look_finds_the_same_and_sees_a_changed_text_or_name(example_doc: Any) -> None:
    # The live window looks again after each pause and keeps the answers for unchanged texts.
    doc = parse_document(json.dumps(example_doc))
    first = find_leaks(doc)
    assert find_leaks(parse_document(json.dumps(doc))) == first
    score = doc["scaling"]["scores"][0]
    score["reason"] = "Jade says the children are calmer now."
    assert not [leak for leak in find_leaks(doc) if leak.where == "scaling.scores[0].reason"]
    score["reason"] = JADE
    assert [leak for leak in find_leaks(doc) if leak.where == "scaling.scores[0].reason"]
