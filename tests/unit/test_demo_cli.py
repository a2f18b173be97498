"""`sfconf demo` adds a fresh copy of the invented demo each time; list and export show it."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conference.cli import main
from conference.exchange.interchange import validate_document

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the command on the store from $SFCONF_DB; returns stdout, checking exit 0 and no stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    return out


def _schema() -> dict[str, Any]:
    text = files("resources").joinpath("interchange/conference.v2.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_demo_prints_only_the_new_id(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "demo")
    assert out.endswith("\n") and out.count("\n") == 1
    assert UUID.match(out.strip()), out


def test_demo_again_adds_a_second_copy(capsys: pytest.CaptureFixture[str]) -> None:
    first = _run(capsys, "demo").strip()
    second = _run(capsys, "demo").strip()
    assert first != second

    lines = _run(capsys, "list").splitlines()
    assert len(lines) == 2
    rows = [line.split("\t") for line in lines]
    assert {row[0] for row in rows} == {first, second}
    for row in rows:
        assert len(row) == 5
        assert "Demo" in row[3]


def test_exported_demo_is_a_valid_interchange_document(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "demo")  # another copy first, so the export must pick the right one
    cid = _run(capsys, "demo").strip()

    doc = json.loads(_run(capsys, "export", cid))

    errors = sorted(Draft202012Validator(_schema()).iter_errors(doc), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    validate_document(doc)  # the app's own rules beyond the schema; raises if refused
    assert doc["conference"]["id"] == cid
