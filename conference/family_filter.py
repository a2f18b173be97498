"""The one filter for what the family may see: the projector and the family copy use nothing else.

It works on an interchange document (a dict as `conference.exchange.interchange.export_document`
returns it) and returns a new document that holds only what the viewer may see: what
*every* family member may see (`for_participant=None`, the projector and the general
family copy), or that plus what one family member may see. Nothing kept back survives in
any form: not its text, a placeholder, a count or a flag that says something is missing.
"""

from __future__ import annotations

from typing import Any

from conference.errors import RefusedInput

Doc = dict[str, Any]


def _clone(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, scalars), several times faster than deepcopy."""
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def _visible(obj: dict[str, Any], viewer: str | None) -> bool:
    if obj.get("restricted"):
        return False
    withheld = obj.get("withheld_from") or []
    if viewer is None:
        return not withheld
    return viewer not in withheld


def _cleaned(obj: dict[str, Any]) -> dict[str, Any]:
    # What is left is visible to the viewer, so who it is withheld from is nobody's business here.
    if "restricted" in obj:
        obj["restricted"] = False
    if "withheld_from" in obj:
        obj["withheld_from"] = []
    return obj


def family_members(doc: Doc) -> list[dict[str, Any]]:
    """The participants who are family."""
    return [p for p in doc.get("participants", []) if p.get("is_family")]


def resolve_family_member(doc: Doc, who: str) -> str:
    """A family member's id from their id or their name (case-insensitive), or RefusedInput."""
    members = family_members(doc)
    for p in members:
        if p["id"] == who:
            return str(p["id"])
    folded = who.casefold().strip()
    named = [p for p in members if str(p.get("name", "")).casefold().strip() == folded]
    if len(named) == 1:
        return str(named[0]["id"])
    if any(p["id"] == who for p in doc.get("participants", [])):
        raise RefusedInput(f"--for: participant '{who}' is not a family member")
    raise RefusedInput(f"--for: no family member '{who}'")


def family_view(doc: Doc, for_participant: str | None = None) -> Doc:
    """What the family may see of this conference; `for_participant` adds one member's view."""
    if for_participant is not None and for_participant not in {
        p["id"] for p in family_members(doc)
    }:
        raise RefusedInput(f"--for: no family member '{for_participant}'")
    out: Doc = _clone(doc)
    viewer = for_participant

    for child in out.get("children", []):
        kept = {
            "restricted": child.get("view_restricted"),
            "withheld_from": child.get("view_withheld_from"),
        }
        if not _visible(kept, viewer):
            child["view"] = ""
        child["view_restricted"] = False
        if "view_withheld_from" in child:
            child["view_withheld_from"] = []

    for person in out.get("participants", []):
        person["attendance_note"] = ""
        if "report_summary" in person:
            person["report_summary"] = ""  # what a report said is for the minutes
    if "enquiry_outcome" in out.get("conference", {}):
        out["conference"]["enquiry_outcome"] = ""  # for the minutes

    out["items"] = [_cleaned(i) for i in out.get("items", []) if _visible(i, viewer)]

    statements = [_cleaned(d) for d in out.get("danger_statements", []) if _visible(d, viewer)]
    out["danger_statements"] = statements
    shown_statements = {d["id"] for d in statements}

    # A goal is kept back with its danger statement.
    goals = [
        _cleaned(g)
        for g in out.get("safety_goals", [])
        if _visible(g, viewer)
        and (g.get("danger_statement") is None or g["danger_statement"] in shown_statements)
    ]
    out["safety_goals"] = goals
    shown_goals = {g["id"] for g in goals}

    # A step tied to a kept-back goal is kept back too: its words would tell of the worry.
    out["next_steps"] = [
        _cleaned(s)
        for s in out.get("next_steps", [])
        if _visible(s, viewer) and (s.get("safety_goal") is None or s["safety_goal"] in shown_goals)
    ]

    scaling = out.get("scaling")
    if isinstance(scaling, dict):
        if not scaling.get("revealed"):
            # Hidden scores stay hidden, whatever their own flags say.
            scaling["scores"] = []
        else:
            scaling["scores"] = [
                _cleaned(s)
                for s in scaling.get("scores", [])
                if _visible(s, viewer)
                and (s.get("danger_statement") is None or s["danger_statement"] in shown_statements)
            ]

    contingency = out.get("contingency")
    if isinstance(contingency, dict):
        if not _visible(contingency, viewer):
            contingency["text"] = ""
        _cleaned(contingency)
    elif isinstance(contingency, str):  # a version 1 shape, from older callers
        out["contingency"] = {"text": contingency}

    previous = out.get("previous_scaling")
    if isinstance(previous, dict):
        # A score last time about a worry kept back now is kept back with it.
        hidden = {
            key
            for d in doc.get("danger_statements", [])
            if d["id"] not in shown_statements
            for key in (d["id"], d.get("carried_from"))
            if key is not None
        }
        previous["scores"] = [
            s for s in previous.get("scores", []) if s.get("danger_statement") not in hidden
        ]
    return out
