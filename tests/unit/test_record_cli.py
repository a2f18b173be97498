"""The record after the meeting by the command line: snapshot, changes, approve, correct, audit."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conference.record.snapshot import room_snapshot
from tests.unit.record_helpers import (
    CHAIR,
    edit,
    end_meeting,
    ended_meeting,
    import_doc,
    in_meeting,
    run,
    the_store,
    write_doc,
)

Cap = pytest.CaptureFixture[str]


def one_line(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("sfconf: ") and len(err) <= 310, err
    assert "Traceback" not in err


# ---------------------------------------------------------------- as agreed in the room


def test_ending_the_meeting_keeps_the_room_snapshot_and_sets_ended_at(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = import_doc(capsys, tmp_path, in_meeting(example_doc))
    store = the_store()
    assert room_snapshot(store, cid) is None
    end_meeting(cid)
    snap = room_snapshot(store, cid)
    assert snap is not None and snap["conference"]["status"] == "ended"
    first = example_doc["items"][0]
    assert snap["items"][0]["text"] == first["text"]
    edit(cid, "item", first["id"], {"text": "Mia said it happened twice, not once."})
    # The snapshot is never edited: it still says what the room agreed.
    assert room_snapshot(store, cid)["items"][0]["text"] == first["text"]  # type: ignore[index]
    from conference.store.model import Conference

    with store.session() as session:
        ended_at = session.get(Conference, cid).ended_at  # type: ignore[union-attr]
    assert ended_at is not None and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", ended_at)
    store.close()


# ---------------------------------------------------------------- tracked changes


def test_changes_after_the_end_are_listed_field_by_field(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = import_doc(capsys, tmp_path, in_meeting(example_doc))
    item = example_doc["items"][0]["id"]
    edit(cid, "item", item, {"text": "Typed live, in the room."})  # before End: not listed
    end_meeting(cid)
    ds = example_doc["danger_statements"][0]
    edit(cid, "item", item, {"text": "Mia said it happened twice."})
    edit(cid, "danger_statement", ds["id"], {"who_is_worried": "Sam and the school"})
    edit(cid, "conference", cid, {"contingency": "If Daniel drinks again, Sam calls a meeting."})

    code, out, err = run(capsys, "changes", cid, "--json")
    assert code == 0, err
    found = json.loads(out)
    assert [(c["kind"], c["field"]) for c in found] == [
        ("item", "text"),
        ("danger_statement", "who_is_worried"),
        ("conference", "contingency"),
    ]
    assert found[0]["before"] == "Typed live, in the room."
    assert found[0]["after"] == "Mia said it happened twice."
    assert found[0]["id"] == item and found[0]["by"] == "Tom Ellis"
    assert set(found[0]) == {"at", "by", "kind", "id", "field", "before", "after"}

    code, out, _ = run(capsys, "changes", cid)
    lines = out.splitlines()
    assert len(lines) == 3
    assert (
        "\tWhat was said: the words\tTyped live, in the room.\tMia said it happened twice."
        in lines[0]
    )
    assert "Danger statement: who is worried" in lines[1]
    assert "Conference: what happens if this does not work" in lines[2]


def test_import_replace_of_an_ended_conference_is_tracked_and_keeps_the_old_content(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    new = copy.deepcopy(example_doc)
    new["items"][1]["text"] = "Leo missed two health checks, not three."
    removed = new["next_steps"].pop(3)
    new["next_steps"][0]["due"] = "2026-12-11"
    new["danger_statements"][0]["family_view"] = {"agrees": False, "comment": "We agree."}
    code, out, err = run(capsys, "import", write_doc(tmp_path, new, "new.json"), "--replace")
    assert code == 0, err

    code, out, _ = run(capsys, "changes", cid, "--json")
    found = {(c["kind"], c["id"], c["field"]): c for c in json.loads(out)}
    assert found[("item", new["items"][1]["id"], "text")]["after"] == new["items"][1]["text"]
    assert found[("next_step", removed["id"], "")]["after"] is None
    assert found[("next_step", new["next_steps"][0]["id"], "due")]["before"] == "2026-12-04"
    assert (
        found[("danger_statement", new["danger_statements"][0]["id"], "family_view.agrees")][
            "after"
        ]
        is False
    )
    # The snapshot survives the replace; the old content stays in the audit.
    store = the_store()
    snap = room_snapshot(store, cid)
    assert snap is not None and snap["items"][1]["text"] == example_doc["items"][1]["text"]
    store.close()
    code, out, _ = run(capsys, "audit", cid, "--json")
    kept = [e for e in json.loads(out) if e["action"] == "replaced content"]
    assert (
        len(kept) == 1 and kept[0]["before"]["items"][1]["text"] == example_doc["items"][1]["text"]
    )


def test_changes_of_an_unknown_conference_is_refused(capsys: Cap) -> None:
    code, _, err = run(capsys, "changes", "no-such-id")
    assert code == 3
    one_line(err)


# ---------------------------------------------------------------- approve and seal


def test_approve_seals_the_record_and_the_seal_is_checkable_with_the_standard_library(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    code, out, err = run(capsys, "approve", cid, "--by", CHAIR)
    assert code == 0, err
    seal = out.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", seal) and out == seal + "\n"

    code, out, _ = run(capsys, "export", cid)
    doc = json.loads(out)
    assert doc["conference"]["status"] == "finalised"
    # The contract, with nothing but the standard library.
    doc["conference"]["status"] = "finalised"
    doc["record"] = None
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == seal

    code, out, _ = run(capsys, "list")
    assert out.split("\t")[4].strip() == "finalised"
    # A finalised record refuses a second approval and every edit.
    code, _, err = run(capsys, "approve", cid, "--by", CHAIR)
    assert code == 3 and "finalised" in err
    one_line(err)


@pytest.mark.parametrize("status", ["planned", "in_progress"])
def test_approve_of_a_meeting_not_ended_is_refused(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any], status: str
) -> None:
    doc = copy.deepcopy(example_doc)
    doc["conference"]["status"] = status
    cid = import_doc(capsys, tmp_path, doc)
    code, out, err = run(capsys, "approve", cid, "--by", CHAIR)
    assert code == 3 and out == ""
    assert status.replace("_", " ") in err and "ended" in err
    one_line(err)


def test_approve_by_someone_who_is_not_the_chair_is_refused(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    code, out, err = run(capsys, "approve", cid, "--by", "Tom Ellis")
    assert code == 3 and out == "" and "not the chair" in err and CHAIR in err
    one_line(err)
    code, _, err = run(capsys, "approve", "no-such-id", "--by", CHAIR)
    assert code == 3
    one_line(err)
    code, _, err = run(capsys, "approve", cid)
    assert code == 2  # --by is required


def test_an_imported_record_whose_seal_does_not_match_is_refused(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    # A version 2 document, as sfconf exports it, under another id, claiming a seal it lacks.
    cid = import_doc(capsys, tmp_path, example_doc)
    code, exported, _ = run(capsys, "export", cid)
    doc = json.loads(exported)
    doc["conference"]["id"] = "a-tampered-copy"
    doc["conference"]["status"] = "finalised"
    doc["record"] = {
        "sealed_at": "2026-11-23T09:00:00",
        "approved_by": CHAIR,
        "seal": "0" * 64,
        "corrections": [],
    }
    code, out, err = run(capsys, "import", write_doc(tmp_path, doc))
    assert code == 3 and out == "" and "seal" in err and "does not match" in err
    one_line(err)
    code, out, _ = run(capsys, "list")
    assert [line.split("\t")[0] for line in out.splitlines()] == [cid]


# ---------------------------------------------------------------- corrections


def test_corrections_are_numbered_and_never_change_the_seal(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    code, _, err = run(
        capsys, "correct", cid, "--requested-by", "p-jade", "--received", "2026-11-24",
        "--text", "Jade says the move was in October, not September.",
    )  # fmt: skip
    assert code == 3 and "not finalised" in err  # before approval the record itself changes
    one_line(err)
    _, seal, _ = run(capsys, "approve", cid, "--by", CHAIR)
    code, out, err = run(
        capsys, "correct", cid, "--requested-by", "p-jade", "--received", "2026-11-24",
        "--text", "Jade says the move was in October, not September.",
    )  # fmt: skip
    assert (code, out) == (0, "1\n"), err
    code, out, err = run(
        capsys, "correct", cid, "--requested-by-name", "Westmoor Housing", "--received",
        "2026-11-25", "--text", "The flat is managed by Westmoor Housing, not a landlord.",
    )  # fmt: skip
    assert (code, out) == (0, "2\n"), err
    code, out, _ = run(capsys, "verify", cid)
    assert (code, out) == (0, f"{cid}\tok\n")
    from conference.record.approval import record_for

    store = the_store()
    record = record_for(store, cid)
    store.close()
    assert record is not None and record["seal"] == seal.strip()
    assert [c["number"] for c in record["corrections"]] == [1, 2]
    assert record["corrections"][0]["requested_by"] == "p-jade"
    assert record["corrections"][1]["requested_by"] == "Westmoor Housing"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--requested-by", "p-nobody", "--received", "2026-11-24"], "no participant 'p-nobody'"),
        (["--requested-by", "p-jade", "--received", "24/11/2026"], "is not a date"),
        (["--requested-by", "p-jade", "--received", "2026-02-30"], "is not a date"),
        (["--requested-by", "p-jade", "--received", "2999-01-01"], "after today"),
    ],
)
def test_bad_corrections_are_refused_in_one_line(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any], args: list[str], words: str
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    run(capsys, "approve", cid, "--by", CHAIR)
    code, out, err = run(capsys, "correct", cid, *args, "--text", "Something is wrong.")
    assert code == 3 and out == "" and words in err
    one_line(err)
    code, _, _ = run(capsys, "correct", cid, "--received", "2026-11-24", "--text", "x")
    assert code == 2  # who asked is required


# ---------------------------------------------------------------- audit


def test_audit_prints_the_trail_oldest_first(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    cid = ended_meeting(capsys, tmp_path, example_doc)
    run(capsys, "approve", cid, "--by", CHAIR)
    code, out, err = run(capsys, "audit", cid, "--json")
    assert code == 0, err
    entries = json.loads(out)
    assert [e["action"] for e in entries] == ["import", "end", "approve"]
    assert set(entries[0]) == {"at", "by", "action", "kind", "id", "field", "before", "after"}
    assert entries[2]["by"].startswith(CHAIR)
    code, out, _ = run(capsys, "audit", cid)
    lines = out.splitlines()
    assert len(lines) == 3 and lines[1].split("\t")[2:4] == ["end", "conference"]
    code, _, err = run(capsys, "audit", "no-such-id")
    assert code == 3
    one_line(err)


# ---------------------------------------------------------------- minutes for one reader


def test_minutes_for_a_family_member_leave_out_what_is_kept_back_from_them(
    capsys: Cap, tmp_path: Path, example_doc: dict[str, Any]
) -> None:
    from tests.unit.record_helpers import pdf_text

    cid = import_doc(capsys, tmp_path, example_doc)
    withheld = next(i for i in example_doc["items"] if i.get("withheld_from"))
    restricted = next(i for i in example_doc["items"] if i.get("restricted"))
    dan, jade = tmp_path / "dan.pdf", tmp_path / "jade.pdf"
    assert run(capsys, "minutes", cid, "-o", str(dan), "--for", "p-dan")[0] == 0
    assert run(capsys, "minutes", cid, "-o", str(jade), "--for", "Jade Green")[0] == 0
    full = tmp_path / "full.pdf"
    assert run(capsys, "minutes", cid, "-o", str(full))[0] == 0
    snippet = " ".join(withheld["text"].split()[:6])
    secret = " ".join(restricted["text"].split()[:5])
    assert snippet in pdf_text(full.read_bytes()) and secret in pdf_text(full.read_bytes())
    assert snippet not in pdf_text(dan.read_bytes()) and secret not in pdf_text(dan.read_bytes())
    assert snippet in pdf_text(jade.read_bytes()) and secret not in pdf_text(jade.read_bytes())
    code, _, err = run(capsys, "minutes", cid, "-o", str(tmp_path / "x.pdf"), "--for", "p-nobody")
    assert code == 3 and not (tmp_path / "x.pdf").exists()
    one_line(err)
