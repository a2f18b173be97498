"""The interchange format, version 2 (reading version 1 too): validate, import (all or nothing), export."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any

from sqlmodel import Session, select

from conference import fields
from conference.errors import RefusedInput
from conference.exchange import strict_json
from conference.exchange.seal import seal_of
from conference.store.database import Store
from conference.store.model import AuditEntry, Conference
from conference.templates import DEFAULT_TEMPLATE, all_templates

FORMAT = "sfconf-conference"
VERSION = 2
OLDEST_VERSION = 1
Doc = dict[str, Any]

# The collections whose objects carry ids, in document order.
ID_COLLECTIONS = (
    "children",
    "participants",
    "items",
    "danger_statements",
    "safety_goals",
    "next_steps",
)


_SCHEMA_FILES = {1: "conference.schema.json", 2: "conference.v2.schema.json"}


@cache
def schema(version: int = VERSION) -> dict[str, Any]:
    """The vendored interchange schema of that version (the current one by default)."""
    name = _SCHEMA_FILES[version]
    text = files("resources").joinpath(f"interchange/{name}").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def _validator(version: int = VERSION) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(version))


def now_text() -> str:
    """The local time now, to the second, as the store writes it."""
    return dt.datetime.now().replace(microsecond=0).isoformat()


def new_id() -> str:
    """A fresh id for something the app creates."""
    return str(uuid.uuid4())


# ---------------------------------------------------------------- validation


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(document)"


def _owner_id(doc: Any, parts: list[Any]) -> str | None:
    """The id of the innermost object on the path that has one, to name it in messages."""
    found = None
    node = doc
    for p in parts:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def _describe_schema_error(err: Any, doc: Any) -> str:
    parts = list(err.absolute_path)
    where = _path(parts)
    defs = schema()["$defs"]
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        where = _path([*parts, extra[0]]) if extra else where
        msg = "unknown field (not in the interchange format)"
    elif err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        where = _path([*parts, missing])
        msg = "is required"
    elif err.validator == "oneOf" and err.schema in (defs["opt_date"],):
        msg = f"{err.instance!r} is not a date (YYYY-MM-DD)"
    elif err.validator == "oneOf" and err.schema in (defs["opt_datetime"],):
        msg = f"{err.instance!r} is not a local date-time (YYYY-MM-DDTHH:MM:SS)"
    elif err.validator == "oneOf" and err.schema in (defs["ref"],):
        msg = f"{err.instance!r} is not an id"
    elif err.validator == "pattern":
        kind = (
            "date (YYYY-MM-DD)"
            if "T" not in err.schema["pattern"]
            else "local date-time (YYYY-MM-DDTHH:MM:SS)"
        )
        msg = f"{err.instance!r} is not a {kind}"
    elif err.validator == "enum":
        allowed = ", ".join(str(v) for v in err.schema["enum"])
        msg = f"{err.instance!r} is not one of: {allowed}"
    elif err.validator == "minLength" and err.instance == "":
        msg = "must not be empty"
    else:
        msg = err.message
    owner = _owner_id(doc, parts)
    return f"{where} (id '{owner}'): {msg}" if owner else f"{where}: {msg}"


def _check_dates(doc: Doc) -> None:
    def real(value: Any, where: str, with_time: bool) -> None:
        if value is None:
            return
        try:
            if with_time:
                dt.datetime.fromisoformat(value)
            else:
                dt.date.fromisoformat(value)
        except ValueError:
            raise RefusedInput(f"{where}: {value!r} is not a real date") from None

    c = doc["conference"]
    real(c.get("starts_at"), "conference.starts_at", True)
    real(c.get("strategy_discussion_on"), "conference.strategy_discussion_on", False)
    # Name the object's id too, as the schema messages do, so the user can find it.
    for i, ch in enumerate(doc.get("children", [])):
        real(ch.get("date_of_birth"), f"children[{i}].date_of_birth (id '{ch['id']}')", False)
        real(ch.get("expected_on"), f"children[{i}].expected_on (id '{ch['id']}')", False)
    for i, s in enumerate(doc.get("next_steps", [])):
        real(s.get("due"), f"next_steps[{i}].due (id '{s['id']}')", False)
    real(doc.get("core_group_first_meeting"), "core_group_first_meeting", True)
    real(doc.get("review_conference"), "review_conference", True)


def _check_no_nul(node: Any, parts: list[Any], doc: Any) -> None:
    """U+0000 is refused in any text (neither store engine can hold it), keys included."""
    if isinstance(node, str):
        if "\x00" in node:
            owner = _owner_id(doc, parts)
            where = _path(parts) + (f" (id '{owner}')" if owner else "")
            raise RefusedInput(f"{where}: the text holds U+0000 (a null character); remove it")
    elif isinstance(node, dict):
        for key, value in node.items():
            if "\x00" in key:
                raise RefusedInput(f"{_path(parts)}: a field name holds U+0000; remove it")
            _check_no_nul(value, [*parts, key], doc)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            _check_no_nul(value, [*parts, n], doc)


def check_schema(doc: Doc, version: int = VERSION) -> None:
    """RefusedInput naming field and id when doc does not meet that version's schema."""
    errors = sorted(
        _validator(version).iter_errors(doc), key=lambda e: (list(e.absolute_path), e.validator)
    )
    if errors:
        raise RefusedInput(_describe_schema_error(errors[0], doc))


def validate_document(doc: Any) -> Doc:
    """Check a document against its schema and the README's rules; RefusedInput names field and id.

    Returns the document as version 2: a version 1 document comes back upgraded (a new
    object; the one given is never changed), a version 2 document as it was given.
    """
    if not isinstance(doc, dict):
        raise RefusedInput("the document is not a JSON object")
    if doc.get("format") != FORMAT:
        raise RefusedInput(f"format: expected '{FORMAT}', found {doc.get('format')!r}")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RefusedInput(f"version: expected a whole number, found {version!r}")
    if version > VERSION:
        raise RefusedInput(
            f"version: the document is version {version}, newer than this sfconf reads "
            f"(version {VERSION}); update sfconf"
        )
    if version < OLDEST_VERSION:
        raise RefusedInput(f"version: {version} is not a version of the format")
    _check_no_nul(doc, [], doc)
    if version < VERSION:
        check_schema(doc, version)
        doc = upgrade_document(doc)
    check_schema(doc, VERSION)
    _check_dates(doc)
    _check_rules(doc)
    checked: Doc = doc
    return checked


def _check_refs(
    nodes: tuple[fields.Node, ...],
    obj: dict[str, Any],
    where: str,
    known: dict[str, set[str]],
) -> None:
    """Every declared reference names an object of the right kind (conference/fields.py)."""
    what = {
        fields.PARTICIPANT: "participant",
        fields.CHILD: "child",
        fields.STATEMENT: "danger statement",
        fields.GOAL: "safety goal",
        fields.FAMILY: "participant",
    }
    for node in nodes:
        path = f"{where}.{node.name}" if where else node.name
        value = obj.get(node.name)
        if isinstance(node, fields.Field):
            if node.ref is None or value is None:
                continue
            for v in value if isinstance(value, list) else [value]:
                if v not in known[node.ref if node.ref != fields.FAMILY else fields.PARTICIPANT]:
                    raise RefusedInput(f"{path}: no {what[node.ref]} '{v}'")
                if node.ref == fields.FAMILY and v not in known[fields.FAMILY]:
                    raise RefusedInput(f"{path}: participant '{v}' is not a family member")
        elif isinstance(node, fields.Group) and isinstance(value, dict):
            _check_refs(node.fields, value, path, known)
        elif isinstance(node, fields.Many) or (isinstance(node, fields.Shape) and node.many):
            for n, entry in enumerate(value or []):
                _check_refs(node.fields, entry, f"{path}[{n}]", known)


def _check_rules(doc: Doc) -> None:
    seen: dict[str, str] = {}
    for coll in ID_COLLECTIONS:
        for i, obj in enumerate(doc.get(coll, [])):
            where = f"{coll}[{i}].id"
            if obj["id"] in seen:
                raise RefusedInput(f"{where}: duplicate id '{obj['id']}' (also {seen[obj['id']]})")
            seen[obj["id"]] = where

    conf = doc["conference"]
    template_key = conf.get("template", DEFAULT_TEMPLATE)
    templates = all_templates()
    if template_key not in templates:
        raise RefusedInput(
            f"conference.template: unknown template '{template_key}' "
            f"(known: {', '.join(sorted(templates))})"
        )
    sections = templates[template_key].section_keys
    for i, it in enumerate(doc.get("items", [])):
        if it["section"] not in sections:
            raise RefusedInput(
                f"items[{i}].section (id '{it['id']}'): no section '{it['section']}' "
                f"in template '{template_key}'"
            )

    people = doc.get("participants", [])
    known = {
        fields.PARTICIPANT: {p["id"] for p in people},
        fields.FAMILY: {p["id"] for p in people if p.get("is_family")},
        fields.CHILD: {c["id"] for c in doc.get("children", [])},
        fields.STATEMENT: {d["id"] for d in doc.get("danger_statements", [])},
        fields.GOAL: {g["id"] for g in doc.get("safety_goals", [])},
    }
    _check_refs(fields.DOCUMENT, doc, "", known)

    seen_scores: set[tuple[Any, Any, Any]] = set()
    for i, s in enumerate((doc.get("scaling") or {}).get("scores", [])):
        key = (s["participant"], s.get("child"), s.get("danger_statement"))
        if key in seen_scores:
            raise RefusedInput(
                f"scaling.scores[{i}]: a second score from '{s['participant']}' "
                "for the same child and danger statement"
            )
        seen_scores.add(key)
    decided: set[str] = set()
    for i, d in enumerate(doc.get("decisions", [])):
        if d["child"] in decided:
            raise RefusedInput(f"decisions[{i}].child: a second decision for child '{d['child']}'")
        decided.add(d["child"])
    record = doc.get("record")
    if isinstance(record, dict):
        numbers = [c["number"] for c in record.get("corrections", [])]
        if len(set(numbers)) != len(numbers):
            raise RefusedInput("record.corrections: two corrections have the same number")
        if conf.get("status") != "finalised":
            raise RefusedInput(
                "record: only a finalised conference has a record "
                f"(conference.status is '{conf.get('status', 'planned')}')"
            )


def upgrade_document(doc: Doc) -> Doc:
    """A version 1 document as version 2 (a new object), every value kept; a newer one as it is."""
    if doc.get("version") != 1:
        return doc
    new: Doc = _copy(doc)
    new["version"] = 2
    if "contingency" in new:
        new["contingency"] = {"text": new["contingency"], "restricted": False, "withheld_from": []}
    return new


def downgrade_document(doc: Doc) -> Doc:
    """A version 2 export as version 1, or RefusedInput naming the first value version 1 cannot hold."""
    out: Doc = _copy(doc)
    for path, node in fields.walk():
        if node.since != 2:
            continue
        _drop(out, path.split("."), node)
    out["version"] = 1
    contingency = out.get("contingency")
    if isinstance(contingency, dict):
        out["contingency"] = contingency.get("text", "")
    return out


def _is_default(node: fields.Node, value: Any) -> bool:
    if isinstance(node, fields.Field):
        return bool(value == fields.default_of(node, {"conference": {}}) or value is None)
    if isinstance(node, fields.Shape | fields.One):
        return value is None or value == []
    return False


def _drop(obj: Any, parts: list[str], node: fields.Node, where: str = "") -> None:
    """Remove a version 2 field at parts (walking arrays), refusing a value that is not its default."""
    head, rest = parts[0], parts[1:]
    many = head.endswith("[]")
    key = head[:-2] if many else head
    if not isinstance(obj, dict) or key not in obj:
        return
    here = f"{where}.{key}" if where else key
    if not rest:
        if not _is_default(node, obj[key]):
            raise RefusedInput(
                f"{here}: version 1 cannot hold this (it is new in version 2); "
                "export version 2 instead"
            )
        del obj[key]
        return
    if many:
        for n, entry in enumerate(obj[key] or []):
            _drop(entry, rest, node, f"{here}[{n}]")
    else:
        _drop(obj[key], rest, node, here)


def parse_document(text: str, origin: str = "document") -> Doc:
    """Parse and validate JSON text; RefusedInput for anything wrong."""
    try:
        doc = strict_json.loads(text, origin)  # duplicate keys, surrogates, depth, huge numbers
    except json.JSONDecodeError as exc:
        raise RefusedInput(
            f"{origin}: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    return validate_document(doc)


# ---------------------------------------------------------------- import


def remap_ids(doc: Doc) -> Doc:
    """A copy of the document with new UUIDs for the conference and every object in it."""
    new: Doc = json.loads(json.dumps(doc))
    mapping = {obj["id"]: new_id() for coll in ID_COLLECTIONS for obj in new.get(coll, [])}

    def m(v: Any) -> Any:
        return mapping.get(v, v) if v is not None else None

    conf = new["conference"]
    conf["id"] = new_id()
    conf["lead_social_worker"] = m(conf.get("lead_social_worker"))
    for coll in ID_COLLECTIONS:
        for obj in new.get(coll, []):
            obj["id"] = mapping[obj["id"]]
            for key in ("source", "owner_participant", "danger_statement", "safety_goal"):
                if key in obj:
                    obj[key] = m(obj[key])
            for key in ("children", "withheld_from", "view_withheld_from"):
                if key in obj:
                    obj[key] = [m(v) for v in obj[key]]
    for s in (new.get("scaling") or {}).get("scores", []):
        for key in ("participant", "child", "danger_statement"):
            if key in s:
                s[key] = m(s[key])
        if "withheld_from" in s:
            s["withheld_from"] = [m(v) for v in s["withheld_from"]]
    previous = new.get("previous_scaling")
    if isinstance(previous, dict):
        # Carried participants and children keep matching; outside ids stay as they are.
        for s in previous.get("scores", []):
            for key in ("participant", "child", "danger_statement"):
                if s.get(key) is not None:
                    s[key] = m(s[key])
    if isinstance(new.get("contingency"), dict) and "withheld_from" in new["contingency"]:
        new["contingency"]["withheld_from"] = [m(v) for v in new["contingency"]["withheld_from"]]
    for d in new.get("decisions", []):
        d["child"] = m(d["child"])
        for v in d.get("agency_views", []) + d.get("dissent", []):
            v["participant"] = m(v["participant"])
    return new


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _shape_value(node: fields.Shape, value: Any, doc: Doc) -> Any:
    """A JSON-held value with every declared field present (defaults filled), in declared order."""
    if value is None:
        return [] if node.many else None
    if node.many:
        return [_shape_object(node.fields, v, doc) for v in value]
    return _shape_object(node.fields, value, doc)


def _shape_object(nodes: tuple[fields.Node, ...], obj: dict[str, Any], doc: Doc) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for node in nodes:
        if isinstance(node, fields.Field):
            out[node.name] = (
                _copy(obj[node.name]) if node.name in obj else fields.default_of(node, doc)
            )
        elif isinstance(node, fields.Shape):
            out[node.name] = _shape_value(node, obj.get(node.name), doc)
    return out


def _complete(nodes: tuple[fields.Node, ...], obj: dict[str, Any], doc: Doc) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for node in nodes:
        value = obj.get(node.name)
        if isinstance(node, fields.Field):
            if node.column is None:
                out[node.name] = _CONSTANTS[node.name]
            else:
                out[node.name] = _copy(value) if node.name in obj else fields.default_of(node, doc)
        elif isinstance(node, fields.Group):
            out[node.name] = _complete(node.fields, value if isinstance(value, dict) else {}, doc)
        elif isinstance(node, fields.Shape):
            out[node.name] = _shape_value(node, value, doc)
        elif isinstance(node, fields.Many):
            out[node.name] = [_complete(node.fields, v, doc) for v in value or []]
        else:
            out[node.name] = _complete(node.fields, value, doc) if isinstance(value, dict) else None
    return out


def complete_document(doc: Doc) -> Doc:
    """A valid document as export will write it: version 2, every field, defaults filled in.

    Needs `conference.id` (an import without one gets a new id, which no one can know).
    """
    doc = validate_document(doc)
    return _complete(fields.DOCUMENT, doc, doc)


def _columns(
    nodes: tuple[fields.Node, ...],
    obj: dict[str, Any],
    doc: Doc,
    cid: str,
    cols: dict[str, Any],
    rows: list[Any],
) -> None:
    """Fill cols (the current row's columns) from obj; rows of other tables go to rows."""
    for node in nodes:
        if isinstance(node, fields.Field):
            if node.column is None:
                continue
            if node.name in obj:
                cols[node.column] = _copy(obj[node.name])
            else:
                cols[node.column] = fields.default_of(node, doc)
        elif isinstance(node, fields.Group):
            sub = obj.get(node.name)
            _columns(node.fields, sub if isinstance(sub, dict) else {}, doc, cid, cols, rows)
        elif isinstance(node, fields.Shape):
            assert node.column is not None
            cols[node.column] = _shape_value(node, obj.get(node.name), doc)
        elif isinstance(node, fields.Many):
            for n, entry in enumerate(obj.get(node.name) or []):
                sub_cols: dict[str, Any] = {"conference_id": cid}
                if node.order == "position":
                    sub_cols["position"] = n
                if node.generated_id:
                    sub_cols["id"] = new_id()
                _columns(node.fields, entry, doc, cid, sub_cols, rows)
                rows.append(node.table(**sub_cols))
        elif isinstance(node, fields.One):
            value = obj.get(node.name)
            if isinstance(value, dict):
                one_cols: dict[str, Any] = {"conference_id": cid}
                _columns(node.fields, value, doc, cid, one_cols, rows)
                rows.append(node.table(**one_cols))


def _rows(doc: Doc, cid: str) -> list[Any]:
    """The conference row first, then every other row, as the declaration in conference/fields.py maps them."""
    stamp = now_text()
    cols: dict[str, Any] = {"created_at": stamp, "updated_at": stamp}
    others: list[Any] = []
    _columns(fields.DOCUMENT, doc, doc, cid, cols, others)
    cols["id"] = cid
    # The record row names its corrections' table only through the conference: put the
    # record before its corrections (the declaration already walks it that way).
    return [Conference(**cols), *others]


def import_document(
    store: Store, doc: Doc, *, actor: str, replace: bool = False, as_copy: bool = False
) -> str:
    """Import a validated document in one transaction; returns the conference id."""
    if replace and as_copy:
        from conference.errors import UsageError

        raise UsageError("--replace and --as-copy cannot be used together")
    store.require_writable()
    doc = validate_document(doc)
    if as_copy:
        doc = remap_ids(doc)
        if doc["conference"].get("status") == "finalised":
            # A copy is not the sealed record: it is an ended conference with no record.
            doc["conference"]["status"] = "ended"
            doc["record"] = None
    cid = doc["conference"].get("id") or new_id()
    with store.session() as session:
        existing = session.get(Conference, cid)
        action = "import"
        if existing is not None:
            if not replace:
                raise RefusedInput(
                    f"conference.id: conference '{cid}' is already in the store "
                    "(use --replace to replace it or --as-copy to import a copy)"
                )
            if existing.status == "finalised":
                raise RefusedInput(
                    f"conference.id: conference '{cid}' is finalised and cannot be replaced"
                )
            session.delete(existing)
            session.flush()
            action = "replace"
        rows = _rows(doc, cid)
        session.add(rows[0])
        session.flush()  # the conference row first: the others name it in a foreign key
        session.add_all(rows[1:])
        record = doc.get("record")
        if isinstance(record, dict):
            session.flush()
            if seal_of(export_from_session(session, cid)) != record["seal"]:
                session.rollback()
                raise RefusedInput(
                    "record.seal: the seal does not match the document "
                    "(it was changed after it was sealed); the store is unchanged"
                )
        session.add(
            AuditEntry(
                conference_id=cid,
                at=now_text(),
                actor=actor,
                action=action,
                entity="conference",
                entity_id=cid,
                field="",
                before=None,
                after={"items": len(doc.get("items", [])), "as_copy": as_copy},
            )
        )
        session.commit()
    return cid


# ---------------------------------------------------------------- export


def _ordered(session: Session, table: Any, cid: str, order: str = "position") -> list[Any]:
    # Plain rows (with attribute access), not ORM objects: building hundreds of mapped
    # objects was most of an export, and the projector exports after every change.
    t = table.__table__
    return list(
        session.execute(select(t).where(t.c.conference_id == cid).order_by(t.c[order])).all()
    )


def conference_or_refuse(session: Session, cid: str) -> Conference:
    """The conference with this id, or RefusedInput."""
    conf = session.get(Conference, cid)
    if conf is None:
        raise RefusedInput(f"no conference '{cid}' in the store")
    return conf


def _tables(nodes: tuple[fields.Node, ...]) -> list[tuple[Any, str]]:
    found: list[tuple[Any, str]] = []
    for node in nodes:
        if isinstance(node, fields.Many):
            found.append((node.table, node.order))
            found += _tables(node.fields)
        elif isinstance(node, fields.One):
            found.append((node.table, "conference_id"))
            found += _tables(node.fields)
        elif isinstance(node, fields.Group):
            found += _tables(node.fields)
    return found


_CONSTANTS = {"format": FORMAT, "version": VERSION}


def _export(
    nodes: tuple[fields.Node, ...], row: Any, data: dict[Any, list[Any]], doc: Doc
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for node in nodes:
        if isinstance(node, fields.Field):
            if node.column is None:
                out[node.name] = _CONSTANTS[node.name]
            else:
                out[node.name] = _copy(getattr(row, node.column))
        elif isinstance(node, fields.Group):
            out[node.name] = _export(node.fields, row, data, doc)
        elif isinstance(node, fields.Shape):
            assert node.column is not None
            out[node.name] = _shape_value(node, getattr(row, node.column), doc)
        elif isinstance(node, fields.Many):
            out[node.name] = [_export(node.fields, r, data, doc) for r in data[node.table]]
        else:
            found = data[node.table]
            out[node.name] = _export(node.fields, found[0], data, doc) if found else None
    return out


def export_from_session(session: Session, cid: str) -> Doc:
    """The whole conference as a version 2 document, every schema field present."""
    c = conference_or_refuse(session, cid)
    data = {table: _ordered(session, table, cid, order) for table, order in _TABLES}
    return _export(fields.DOCUMENT, c, data, {"conference": {"template": c.template}})


_TABLES = _tables(fields.DOCUMENT)


def export_document(store: Store, cid: str) -> Doc:
    """Export one conference from the store."""
    with store.session() as session:
        return export_from_session(session, cid)


def dumps(doc: Doc) -> str:
    """The document as the command writes it: UTF-8 JSON, indented, non-ASCII kept."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
