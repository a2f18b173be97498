"""The one declaration of every field (conference/fields.py) against the vendored v2 schema."""

from __future__ import annotations

import json
from typing import Any

from conference import fields
from conference.store import model
from tests.conftest import ROOT

SCHEMA = json.loads(
    (ROOT / "resources" / "interchange" / "conference.v2.schema.json").read_text(encoding="utf-8")
)
V1 = json.loads(
    (ROOT / "resources" / "interchange" / "conference.schema.json").read_text(encoding="utf-8")
)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    if "oneOf" in node:
        shaped = [_resolve(schema, n) for n in node["oneOf"]]
        objects = [n for n in shaped if n.get("type") in ("object", "array")]
        return objects[0] if objects else node
    return node


def _schema_paths(schema: dict[str, Any], node: dict[str, Any], where: str = "") -> dict[str, Any]:
    """Every property path the schema names, with its (resolved) schema node."""
    node = _resolve(schema, node)
    found: dict[str, Any] = {}
    if "properties" in node:
        for key, sub in node["properties"].items():
            path = f"{where}.{key}" if where else key
            found[path] = sub
            found.update(_schema_paths(schema, sub, path))
    elif "items" in node:
        found.update(_schema_paths(schema, node["items"], f"{where}[]"))
    return found


def test_every_schema_field_is_declared_and_nothing_else() -> None:
    declared = set(fields.paths())
    named = set(_schema_paths(SCHEMA, SCHEMA))
    assert named - declared == set(), "schema fields with no declaration"
    assert declared - named == set(), "declared fields the schema does not name"


def test_declared_order_is_the_schema_order() -> None:
    """Export writes keys in declaration order; it must be the schema's, object by object."""
    named = list(_schema_paths(SCHEMA, SCHEMA))
    declared = list(fields.paths())

    def by_parent(paths: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in paths:
            parent = p.rsplit(".", 1)[0] if "." in p else ""
            out.setdefault(parent, []).append(p)
        return out

    assert by_parent(declared) == by_parent(named)


def test_enums_and_defaults_match_the_schema() -> None:
    schema_nodes = _schema_paths(SCHEMA, SCHEMA)
    checked = 0
    for path, node in fields.paths().items():
        if not isinstance(node, fields.Field):
            continue
        sub = schema_nodes[path]
        raw = sub
        while "$ref" in raw:
            raw = SCHEMA["$defs"][raw["$ref"].rsplit("/", 1)[1]]
        if "enum" in raw:
            assert tuple(raw["enum"]) == node.enum, path
            checked += 1
        if "default" in raw and not node.required and not callable(node.default):
            assert raw["default"] == node.default, path
            checked += 1
    assert checked >= 20


def test_the_fields_version_2_brought_are_those_the_v1_schema_lacks() -> None:
    new = set(fields.paths(since=2))
    v1 = set(_schema_paths(V1, V1))
    declared = set(fields.paths())
    # contingency's text and its new flags: the v1 string became an object.
    added = declared - v1 - {"contingency.text"}
    top_new = {
        p
        for p in added
        if not any(p.startswith(q + ".") or p.startswith(q + "[]") for q in added if q != p)
    }
    assert top_new <= new
    assert new <= added


def test_every_declared_column_exists_in_the_model() -> None:
    tables = {
        "": model.Conference,
        "conference": model.Conference,
        "scaling": model.Conference,
        "contingency": model.Conference,
    }
    for path, node in fields.walk():
        if isinstance(node, fields.Many | fields.One):
            tables[path + ("[]" if isinstance(node, fields.Many) else "")] = node.table
    missing = []
    for path, node in fields.walk():
        if isinstance(node, fields.Field | fields.Shape) and node.column is not None:
            parent = path.rsplit(".", 1)[0] if "." in path else ""
            table = tables.get(parent)
            if table is None:
                continue  # inside a JSON-held shape, or a family_view group: checked below
            if node.column not in table.__table__.c:
                missing.append(path)
    for path, node in fields.walk():
        if isinstance(node, fields.Group) and node.name == "family_view":
            parent = path.rsplit(".", 1)[0]
            for f in node.fields:
                assert isinstance(f, fields.Field)
                assert f.column in tables[parent].__table__.c, path
    assert missing == []


def test_visibility_fields_are_declared() -> None:
    vis = set(fields.visibility_paths())
    assert {
        "items[].restricted",
        "items[].withheld_from",
        "children[].view_restricted",
        "children[].view_withheld_from",
        "scaling.scores[].restricted",
        "scaling.scores[].withheld_from",
        "scaling.revealed",
        "contingency.restricted",
        "contingency.withheld_from",
        "next_steps[].withheld_from",
    } <= vis
