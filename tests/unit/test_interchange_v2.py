"""Interchange version 2: the upgrade, --version 1, U+0000, the record's seal, the new references."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conference.cli import main
from conference.exchange.interchange import (
    complete_document,
    export_document,
    import_document,
    upgrade_document,
)
from conference.exchange.seal import seal_of
from conference.family_filter import family_view
from conference.store.database import Store
from tests.unit.test_interchange_roundtrip import assert_kept

Doc = dict[str, Any]


def _write(tmp_path: Path, doc: Doc, name: str = "doc.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _count(store: Store) -> int:
    from sqlmodel import select

    from conference.store.model import Conference

    with store.session() as session:
        return len(list(session.exec(select(Conference)).all()))


def test_a_version_1_document_upgrades_with_every_value(
    example_store: tuple[Store, str], example_doc: Doc
) -> None:
    store, cid = example_store
    out = export_document(store, cid)
    assert out["version"] == 2
    assert out["contingency"] == {
        "text": example_doc["contingency"],
        "restricted": False,
        "withheld_from": [],
    }
    assert out["scaling"]["scores"][0]["restricted"] is False
    assert out["children"][0]["view_withheld_from"] == []
    assert out["danger_statements"][0]["carried_from"] is None
    assert out["record"] is None and out["previous_scaling"] is None
    v1 = copy.deepcopy(example_doc)
    assert_kept(upgrade_document(v1), out)
    assert v1 == example_doc, "upgrading changed the document it was given"


def test_export_version_1_gives_back_the_version_1_document(
    example_store: tuple[Store, str],
    example_doc: Doc,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store, cid = example_store
    out = tmp_path / "v1.json"
    assert main(["--db", str(store.path), "export", cid, "--version", "1", "-o", str(out)]) == 0
    v1 = json.loads(out.read_text(encoding="utf-8"))
    assert v1["version"] == 1 and v1["contingency"] == example_doc["contingency"]
    assert "view_withheld_from" not in v1["children"][0]
    assert_kept(example_doc, v1)
    from jsonschema import Draft202012Validator

    from conference.exchange.interchange import schema

    Draft202012Validator(schema(1)).validate(v1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda d: d["scaling"]["scores"][0].update(restricted=True),
            "scaling.scores[0].restricted",
        ),
        (lambda d: d["children"][0].update(view_withheld_from=["p-dan"]), "view_withheld_from"),
        (lambda d: d["contingency"].update(withheld_from=["p-dan"]), "contingency.withheld_from"),
        (lambda d: d["danger_statements"][0].update(carried_from="old-d1"), "carried_from"),
    ],
)
def test_export_version_1_refuses_what_version_1_cannot_hold(
    store: Store,
    example_doc: Doc,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Any,
    field: str,
) -> None:
    doc = upgrade_document(example_doc)
    change(doc)
    cid = import_document(store, doc, actor="test")
    out = tmp_path / "v1.json"
    capsys.readouterr()
    assert main(["--db", str(store.path), "export", cid, "--version", "1", "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and field in err and "version 1" in err
    assert not out.exists()


def test_null_character_is_refused_anywhere(
    store: Store, example_doc: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example_doc["items"][2]["text"] = "before\x00after"
    capsys.readouterr()
    assert main(["--db", str(store.path), "import", str(_write(tmp_path, example_doc))]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "items[2].text" in err and "U+0000" in err
    assert _count(store) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["scaling"]["scores"][0].update(withheld_from=["p-sw"]),
            "scaling.scores[0].withheld_from: participant 'p-sw' is not a family member",
        ),
        (
            lambda d: d["children"][1].update(view_withheld_from=["p-nobody"]),
            "children[1].view_withheld_from: no participant 'p-nobody'",
        ),
        (
            lambda d: d["contingency"].update(withheld_from=["p-sw"]),
            "contingency.withheld_from: participant 'p-sw' is not a family member",
        ),
    ],
)
def test_withheld_from_must_name_family_members(
    example_store: tuple[Store, str],
    example_doc: Doc,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Any,
    message: str,
) -> None:
    store, cid = example_store
    before = export_document(store, cid)
    doc = upgrade_document(example_doc)
    doc["conference"]["id"] = "another"
    change(doc)
    capsys.readouterr()
    assert main(["--db", str(store.path), "import", str(_write(tmp_path, doc))]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert _count(store) == 1 and export_document(store, cid) == before


def _finalised(example_doc: Doc) -> Doc:
    doc = upgrade_document(example_doc)
    doc["conference"]["status"] = "finalised"
    doc["conference"]["ended_at"] = "2026-11-20T12:05:00"
    doc["record"] = {
        "sealed_at": "2026-11-23T09:30:00",
        "approved_by": "Priya Shah",
        "seal": "0" * 64,
        "corrections": [
            {
                "number": 1,
                "requested_by": "p-jade",
                "received_on": "2026-11-25",
                "text": "Leo's nursery is Little Acorns, not Little Oaks.",
                "made_at": "2026-11-25T14:00:00",
            }
        ],
    }
    doc["record"]["seal"] = seal_of(complete_document(doc))
    return doc


def test_a_sealed_record_round_trips_and_its_seal_checks(
    store: Store, example_doc: Doc, tmp_path: Path
) -> None:
    doc = _finalised(example_doc)
    cid = import_document(store, copy.deepcopy(doc), actor="test")
    out = export_document(store, cid)
    assert out["record"] == doc["record"]
    assert seal_of(out) == out["record"]["seal"]  # anyone can check it without sfconf


def test_a_record_whose_seal_does_not_match_is_refused(
    store: Store, example_doc: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _finalised(example_doc)
    doc["items"][0]["text"] = "Changed after it was sealed."
    capsys.readouterr()
    assert main(["--db", str(store.path), "import", str(_write(tmp_path, doc))]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "record.seal" in err
    assert _count(store) == 0


def test_a_copy_of_a_finalised_document_is_ended_with_no_record(
    store: Store, example_doc: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _finalised(example_doc)
    src = _write(tmp_path, doc)
    assert main(["--db", str(store.path), "import", str(src)]) == 0
    capsys.readouterr()
    assert main(["--db", str(store.path), "import", str(src), "--as-copy"]) == 0
    copied = capsys.readouterr().out.strip()
    out = export_document(store, copied)
    assert out["conference"]["status"] == "ended" and out["record"] is None
    assert out["conference"]["ended_at"] == "2026-11-20T12:05:00"


def test_kept_back_score_view_and_contingency_stay_out_of_the_family_view(
    example_doc: Doc,
) -> None:
    doc = upgrade_document(example_doc)
    doc["scaling"]["revealed"] = True
    doc["scaling"]["scores"][0]["withheld_from"] = ["p-dan"]  # Jade's "We go to Carol's"
    doc["children"][0]["view"] = "Mia says she hides in the wardrobe at Carol's."
    doc["children"][0]["view_withheld_from"] = ["p-dan"]
    doc["contingency"]["restricted"] = True
    for viewer in (None, "p-dan"):
        text = json.dumps(family_view(doc, viewer), ensure_ascii=False)
        assert "We go to Carol's" not in text and "wardrobe" not in text
        assert "staying with Carol" not in text
    jade = json.dumps(family_view(doc, "p-jade"), ensure_ascii=False)
    assert "We go to Carol's" in jade and "wardrobe" in jade and "staying with Carol" not in jade
    # Hidden scores stay hidden whatever their own flags say.
    doc["scaling"]["revealed"] = False
    assert family_view(doc, "p-jade")["scaling"]["scores"] == []
