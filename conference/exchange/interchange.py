"""The interchange format, version 1: validate, import (all or nothing) and export losslessly."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any

from sqlmodel import Session, select

from conference.errors import RefusedInput
from conference.exchange import strict_json
from conference.store.database import Store
from conference.store.model import (
    AuditEntry,
    Child,
    Conference,
    DangerStatement,
    Decision,
    Item,
    NextStep,
    Participant,
    SafetyGoal,
    ScalingScore,
)
from conference.templates import DEFAULT_TEMPLATE, all_templates

FORMAT = "sfconf-conference"
VERSION = 1
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


@cache
def schema() -> dict[str, Any]:
    """The vendored interchange schema."""
    text = files("resources").joinpath("interchange/conference.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


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


def validate_document(doc: Any) -> Doc:
    """Check a document against the schema and the README's rules; RefusedInput names field and id."""
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
    if version < 1:
        raise RefusedInput(f"version: {version} is not a version of the format")
    errors = sorted(
        _validator().iter_errors(doc), key=lambda e: (list(e.absolute_path), e.validator)
    )
    if errors:
        raise RefusedInput(_describe_schema_error(errors[0], doc))
    _check_dates(doc)
    _check_rules(doc)
    return doc


def _check_rules(doc: Doc) -> None:
    seen: dict[str, str] = {}
    for coll in ID_COLLECTIONS:
        for i, obj in enumerate(doc.get(coll, [])):
            where = f"{coll}[{i}].id"
            if obj["id"] in seen:
                raise RefusedInput(f"{where}: duplicate id '{obj['id']}' (also {seen[obj['id']]})")
            seen[obj["id"]] = where

    people = {p["id"]: p for p in doc.get("participants", [])}
    children = {c["id"] for c in doc.get("children", [])}
    statements = {d["id"] for d in doc.get("danger_statements", [])}
    goals = {g["id"] for g in doc.get("safety_goals", [])}

    def person(value: Any, where: str) -> None:
        if value is not None and value not in people:
            raise RefusedInput(f"{where}: no participant '{value}'")

    def kids(values: Any, where: str) -> None:
        for v in values or []:
            if v not in children:
                raise RefusedInput(f"{where}: no child '{v}'")

    def family(values: Any, where: str) -> None:
        for v in values or []:
            if v not in people:
                raise RefusedInput(f"{where}: no participant '{v}'")
            if not people[v].get("is_family"):
                raise RefusedInput(f"{where}: participant '{v}' is not a family member")

    conf = doc["conference"]
    template_key = conf.get("template", DEFAULT_TEMPLATE)
    templates = all_templates()
    if template_key not in templates:
        raise RefusedInput(
            f"conference.template: unknown template '{template_key}' "
            f"(known: {', '.join(sorted(templates))})"
        )
    sections = templates[template_key].section_keys
    person(conf.get("lead_social_worker"), "conference.lead_social_worker")

    for i, it in enumerate(doc.get("items", [])):
        w = f"items[{i}]"
        if it["section"] not in sections:
            raise RefusedInput(
                f"{w}.section (id '{it['id']}'): no section '{it['section']}' in template '{template_key}'"
            )
        person(it.get("source"), f"{w}.source")
        kids(it.get("children"), f"{w}.children")
        family(it.get("withheld_from"), f"{w}.withheld_from")
    for i, d in enumerate(doc.get("danger_statements", [])):
        kids(d.get("children"), f"danger_statements[{i}].children")
        family(d.get("withheld_from"), f"danger_statements[{i}].withheld_from")
    for i, g in enumerate(doc.get("safety_goals", [])):
        ds = g.get("danger_statement")
        if ds is not None and ds not in statements:
            raise RefusedInput(f"safety_goals[{i}].danger_statement: no danger statement '{ds}'")
        family(g.get("withheld_from"), f"safety_goals[{i}].withheld_from")
    scaling = doc.get("scaling") or {}
    seen_scores: set[tuple[Any, Any, Any]] = set()
    for i, s in enumerate(scaling.get("scores", [])):
        w = f"scaling.scores[{i}]"
        person(s["participant"], f"{w}.participant")
        kids([s["child"]] if s.get("child") is not None else [], f"{w}.child")
        ds = s.get("danger_statement")
        if ds is not None and ds not in statements:
            raise RefusedInput(f"{w}.danger_statement: no danger statement '{ds}'")
        key = (s["participant"], s.get("child"), ds)
        if key in seen_scores:
            raise RefusedInput(
                f"{w}: a second score from '{s['participant']}' for the same child and danger statement"
            )
        seen_scores.add(key)
    decided: set[str] = set()
    for i, d in enumerate(doc.get("decisions", [])):
        w = f"decisions[{i}]"
        kids([d["child"]], f"{w}.child")
        if d["child"] in decided:
            raise RefusedInput(f"{w}.child: a second decision for child '{d['child']}'")
        decided.add(d["child"])
        for j, v in enumerate(d.get("agency_views", [])):
            person(v["participant"], f"{w}.agency_views[{j}].participant")
        for j, v in enumerate(d.get("dissent", [])):
            person(v["participant"], f"{w}.dissent[{j}].participant")
    for i, s in enumerate(doc.get("next_steps", [])):
        w = f"next_steps[{i}]"
        person(s.get("owner_participant"), f"{w}.owner_participant")
        g = s.get("safety_goal")
        if g is not None and g not in goals:
            raise RefusedInput(f"{w}.safety_goal: no safety goal '{g}'")
        kids(s.get("children"), f"{w}.children")
        family(s.get("withheld_from"), f"{w}.withheld_from")


def upgrade_document(doc: Doc) -> Doc:
    """Bring an older document to the current version (version 1 is the first: nothing to do)."""
    return doc


def parse_document(text: str, origin: str = "document") -> Doc:
    """Parse and validate JSON text; RefusedInput for anything wrong."""
    try:
        doc = strict_json.loads(text, origin)  # duplicate keys, surrogates, depth, huge numbers
    except json.JSONDecodeError as exc:
        raise RefusedInput(
            f"{origin}: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    return validate_document(upgrade_document(doc))


# ---------------------------------------------------------------- import


def _fv(obj: dict[str, Any]) -> tuple[bool | None, str]:
    fv = obj.get("family_view") or {}
    return fv.get("agrees"), fv.get("comment", "")


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
            for key in ("children", "withheld_from"):
                if key in obj:
                    obj[key] = [m(v) for v in obj[key]]
    for s in (new.get("scaling") or {}).get("scores", []):
        for key in ("participant", "child", "danger_statement"):
            if key in s:
                s[key] = m(s[key])
    for d in new.get("decisions", []):
        d["child"] = m(d["child"])
        for v in d.get("agency_views", []) + d.get("dissent", []):
            v["participant"] = m(v["participant"])
    return new


def _rows(doc: Doc, cid: str) -> list[Any]:
    template = all_templates()[doc["conference"].get("template", DEFAULT_TEMPLATE)]
    c = doc["conference"]
    scaling = doc.get("scaling") or {}
    stamp = now_text()
    rows: list[Any] = [
        Conference(
            id=cid,
            kind=c["kind"],
            template=c.get("template", DEFAULT_TEMPLATE),
            starts_at=c["starts_at"],
            venue=c.get("venue", ""),
            chair=c["chair"],
            minute_taker=c.get("minute_taker", ""),
            family_name=c["family_name"],
            reason=c.get("reason", ""),
            strategy_discussion_on=c.get("strategy_discussion_on"),
            previous_conference_id=c.get("previous_conference_id"),
            status=c.get("status", "planned"),
            language=c.get("language", "en-GB"),
            lead_social_worker=c.get("lead_social_worker"),
            contingency=doc.get("contingency", ""),
            core_group_first_meeting=doc.get("core_group_first_meeting"),
            review_conference=doc.get("review_conference"),
            scaling_question=scaling.get("question", template.scaling.question),
            scaling_zero_means=scaling.get("zero_means", template.scaling.zero_means),
            scaling_ten_means=scaling.get("ten_means", template.scaling.ten_means),
            scaling_revealed=scaling.get("revealed", False),
            created_at=stamp,
            updated_at=stamp,
        )
    ]
    for n, ch in enumerate(doc.get("children", [])):
        rows.append(
            Child(
                conference_id=cid,
                id=ch["id"],
                position=n,
                name=ch["name"],
                known_as=ch.get("known_as", ""),
                date_of_birth=ch.get("date_of_birth"),
                expected_on=ch.get("expected_on"),
                view=ch.get("view", ""),
                view_restricted=ch.get("view_restricted", False),
            )
        )
    for n, p in enumerate(doc.get("participants", [])):
        rows.append(
            Participant(
                conference_id=cid,
                id=p["id"],
                position=n,
                name=p["name"],
                role=p["role"],
                agency=p.get("agency", ""),
                is_family=p.get("is_family", False),
                attendance=p.get("attendance", "present"),
                attendance_note=p.get("attendance_note", ""),
                report=p.get("report", "none"),
                core_group=p.get("core_group", False),
                interpreter=p.get("interpreter", ""),
            )
        )
    for n, it in enumerate(doc.get("items", [])):
        rows.append(
            Item(
                conference_id=cid,
                id=it["id"],
                position=n,
                section=it["section"],
                text=it["text"],
                source=it.get("source"),
                children=list(it.get("children", [])),
                restricted=it.get("restricted", False),
                withheld_from=list(it.get("withheld_from", [])),
            )
        )
    for n, d in enumerate(doc.get("danger_statements", [])):
        agrees, comment = _fv(d)
        rows.append(
            DangerStatement(
                conference_id=cid,
                id=d["id"],
                position=n,
                text=d["text"],
                who_is_worried=d.get("who_is_worried", ""),
                worried_about=d.get("worried_about", ""),
                impact_if_nothing_changes=d.get("impact_if_nothing_changes", ""),
                children=list(d.get("children", [])),
                restricted=d.get("restricted", False),
                family_agrees=agrees,
                family_comment=comment,
                withheld_from=list(d.get("withheld_from", [])),
            )
        )
    for n, g in enumerate(doc.get("safety_goals", [])):
        agrees, comment = _fv(g)
        rows.append(
            SafetyGoal(
                conference_id=cid,
                id=g["id"],
                position=n,
                danger_statement=g.get("danger_statement"),
                text=g["text"],
                how_long=g.get("how_long", ""),
                family_agrees=agrees,
                family_comment=comment,
                restricted=g.get("restricted", False),
                withheld_from=list(g.get("withheld_from", [])),
            )
        )
    for n, s in enumerate(scaling.get("scores", [])):
        rows.append(
            ScalingScore(
                conference_id=cid,
                id=new_id(),
                position=n,
                participant=s["participant"],
                child=s.get("child"),
                danger_statement=s.get("danger_statement"),
                score=s["score"],
                reason=s.get("reason", ""),
            )
        )
    for n, d in enumerate(doc.get("decisions", [])):
        rows.append(
            Decision(
                conference_id=cid,
                child=d["child"],
                position=n,
                outcome=d["outcome"],
                categories=list(d.get("categories", [])),
                rationale=d.get("rationale", ""),
                agency_views=[
                    {
                        "participant": v["participant"],
                        "view": v["view"],
                        "reason": v.get("reason", ""),
                    }
                    for v in d.get("agency_views", [])
                ],
                dissent=[
                    {"participant": v["participant"], "reason": v["reason"]}
                    for v in d.get("dissent", [])
                ],
            )
        )
    for n, s in enumerate(doc.get("next_steps", [])):
        agrees, comment = _fv(s)
        rows.append(
            NextStep(
                conference_id=cid,
                id=s["id"],
                position=n,
                action=s["action"],
                owner=s.get("owner", ""),
                owner_participant=s.get("owner_participant"),
                due=s.get("due"),
                safety_goal=s.get("safety_goal"),
                children=list(s.get("children", [])),
                restricted=s.get("restricted", False),
                status=s.get("status", "open"),
                family_agrees=agrees,
                family_comment=comment,
                withheld_from=list(s.get("withheld_from", [])),
            )
        )
    return rows


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


def _fv_out(agrees: bool | None, comment: str) -> dict[str, Any]:
    return {"agrees": agrees, "comment": comment}


def _ordered(session: Session, table: Any, cid: str) -> list[Any]:
    # Plain rows (with attribute access), not ORM objects: building hundreds of mapped
    # objects was most of an export, and the projector exports after every change.
    t = table.__table__
    return list(
        session.execute(select(t).where(t.c.conference_id == cid).order_by(t.c.position)).all()
    )


def conference_or_refuse(session: Session, cid: str) -> Conference:
    """The conference with this id, or RefusedInput."""
    conf = session.get(Conference, cid)
    if conf is None:
        raise RefusedInput(f"no conference '{cid}' in the store")
    return conf


def export_from_session(session: Session, cid: str) -> Doc:
    """The whole conference as an interchange document, every schema field present."""
    c = conference_or_refuse(session, cid)
    return {
        "format": FORMAT,
        "version": VERSION,
        "conference": {
            "id": c.id,
            "kind": c.kind,
            "template": c.template,
            "starts_at": c.starts_at,
            "venue": c.venue,
            "chair": c.chair,
            "minute_taker": c.minute_taker,
            "family_name": c.family_name,
            "reason": c.reason,
            "strategy_discussion_on": c.strategy_discussion_on,
            "previous_conference_id": c.previous_conference_id,
            "status": c.status,
            "language": c.language,
            "lead_social_worker": c.lead_social_worker,
        },
        "children": [
            {
                "id": ch.id,
                "name": ch.name,
                "known_as": ch.known_as,
                "date_of_birth": ch.date_of_birth,
                "expected_on": ch.expected_on,
                "view": ch.view,
                "view_restricted": ch.view_restricted,
            }
            for ch in _ordered(session, Child, cid)
        ],
        "participants": [
            {
                "id": p.id,
                "name": p.name,
                "role": p.role,
                "agency": p.agency,
                "is_family": p.is_family,
                "attendance": p.attendance,
                "attendance_note": p.attendance_note,
                "report": p.report,
                "core_group": p.core_group,
                "interpreter": p.interpreter,
            }
            for p in _ordered(session, Participant, cid)
        ],
        "items": [
            {
                "id": it.id,
                "section": it.section,
                "text": it.text,
                "source": it.source,
                "children": list(it.children),
                "restricted": it.restricted,
                "withheld_from": list(it.withheld_from),
            }
            for it in _ordered(session, Item, cid)
        ],
        "danger_statements": [
            {
                "id": d.id,
                "text": d.text,
                "who_is_worried": d.who_is_worried,
                "worried_about": d.worried_about,
                "impact_if_nothing_changes": d.impact_if_nothing_changes,
                "children": list(d.children),
                "restricted": d.restricted,
                "family_view": _fv_out(d.family_agrees, d.family_comment),
                "withheld_from": list(d.withheld_from),
            }
            for d in _ordered(session, DangerStatement, cid)
        ],
        "safety_goals": [
            {
                "id": g.id,
                "danger_statement": g.danger_statement,
                "text": g.text,
                "how_long": g.how_long,
                "family_view": _fv_out(g.family_agrees, g.family_comment),
                "restricted": g.restricted,
                "withheld_from": list(g.withheld_from),
            }
            for g in _ordered(session, SafetyGoal, cid)
        ],
        "scaling": {
            "question": c.scaling_question,
            "zero_means": c.scaling_zero_means,
            "ten_means": c.scaling_ten_means,
            "scores": [
                {
                    "participant": s.participant,
                    "child": s.child,
                    "danger_statement": s.danger_statement,
                    "score": s.score,
                    "reason": s.reason,
                }
                for s in _ordered(session, ScalingScore, cid)
            ],
            "revealed": c.scaling_revealed,
        },
        "decisions": [
            {
                "child": d.child,
                "outcome": d.outcome,
                "categories": list(d.categories),
                "rationale": d.rationale,
                "agency_views": [
                    {
                        "participant": v["participant"],
                        "view": v["view"],
                        "reason": v.get("reason", ""),
                    }
                    for v in d.agency_views
                ],
                "dissent": [
                    {"participant": v["participant"], "reason": v.get("reason", "")}
                    for v in d.dissent
                ],
            }
            for d in _ordered(session, Decision, cid)
        ],
        "next_steps": [
            {
                "id": s.id,
                "action": s.action,
                "owner": s.owner,
                "owner_participant": s.owner_participant,
                "due": s.due,
                "safety_goal": s.safety_goal,
                "children": list(s.children),
                "restricted": s.restricted,
                "status": s.status,
                "family_view": _fv_out(s.family_agrees, s.family_comment),
                "withheld_from": list(s.withheld_from),
            }
            for s in _ordered(session, NextStep, cid)
        ],
        "contingency": c.contingency,
        "core_group_first_meeting": c.core_group_first_meeting,
        "review_conference": c.review_conference,
    }


def export_document(store: Store, cid: str) -> Doc:
    """Export one conference from the store."""
    with store.session() as session:
        return export_from_session(session, cid)


def dumps(doc: Doc) -> str:
    """The document as the command writes it: UTF-8 JSON, indented, non-ASCII kept."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
