"""`sfconf check ID [--json]` exactly as cli.md specifies: findings, JSON shape, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conference.cli import main


def _import(doc: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    return capsys.readouterr().out.strip()


def test_check_json_findings_point_into_the_exported_text(
    example_doc: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example_doc["items"][0]["text"] = "The ICPC heard that the XQZW team saw Mia."
    cid = _import(example_doc, tmp_path, capsys)
    assert main(["check", cid, "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    base = {"where", "start", "end", "term", "kind", "suggestion"}
    # A leak finding also names what it repeats and who reads it (cli.md); no other kind does.
    assert all(
        set(f) == (base | {"kept_back", "reader"} if f["kind"] == "leak" else base)
        for f in findings
    )
    by_term = {f["term"]: f for f in findings}
    icpc = by_term["ICPC"]
    assert icpc["where"] == "items[0].text" and icpc["kind"] == "glossary"
    assert icpc["suggestion"] == "first child protection meeting"
    assert example_doc["items"][0]["text"][icpc["start"] : icpc["end"]] == "ICPC"
    assert by_term["XQZW"]["kind"] == "acronym"


def test_check_plain_lines_and_exit_codes(
    example_doc: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example_doc["contingency"] = "If it does not work, the CIN team will step in."
    cid = _import(example_doc, tmp_path, capsys)
    assert main(["check", cid]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert any(line.startswith("contingency.text:") and "CIN" in line for line in lines)


def test_check_clean_conference_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {
        "format": "sfconf-conference",
        "version": 1,
        "conference": {
            "kind": "initial",
            "starts_at": "2026-12-01T10:00:00",
            "chair": "Ann Lee",
            "family_name": "the Bell family",
            "reason": "Tom was hurt at home.",
        },
        "children": [{"id": "c1", "name": "Tom Bell"}],
        "participants": [{"id": "p1", "name": "Kim Bell", "role": "Mother", "is_family": True}],
        "items": [
            {"id": "i1", "section": "strengths", "text": "Kim takes Tom to school every day."}
        ],
        "scaling": {
            "question": "How safe is Tom?",
            "zero_means": "Not safe.",
            "ten_means": "Safe.",
        },
    }
    cid = _import(doc, tmp_path, capsys)
    assert main(["check", cid]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", "no-such-id"]) == 3
