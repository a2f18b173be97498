"""What a value must be before it is stored: shared checks, then one check per area.

Every refusal is one line naming the field; nothing is written when a check refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from sqlmodel import col, select

from conference.errors import RefusedInput
from conference.operations.unit_of_work import UnitOfWork, table_of
from conference.store.model import (
    AGENCY_VIEWS,
    ATTENDANCE,
    CATEGORIES,
    KINDS,
    OUTCOMES,
    REPORTS,
    STEP_STATUSES,
    Participant,
    ScalingScore,
)
from conference.templates import get_template

DATE_FIELDS = frozenset({"strategy_discussion_on", "date_of_birth", "expected_on", "due"})
DATETIME_FIELDS = frozenset({"starts_at", "core_group_first_meeting", "review_conference"})
ENUMS: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "attendance": ATTENDANCE,
    "report": REPORTS,
    "outcome": OUTCOMES,
}
NOT_EMPTY: dict[str, tuple[str, ...]] = {
    "item": ("text", "section"),
    "danger_statement": ("text",),
    "safety_goal": ("text",),
    "next_step": ("action",),
    "child": ("name",),
    "participant": ("name", "role"),
    "conference": ("chair", "family_name", "starts_at"),
}
# The interchange schema's patterns: fromisoformat alone also takes 20261120, 2026-W47-5 and
# time zones, which would make the next export an invalid document.
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?")


def check_date(field: str, value: Any) -> None:
    if value is None:
        return
    try:
        if field in DATETIME_FIELDS:
            if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
                raise ValueError
            dt.datetime.fromisoformat(value)
        else:
            if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
                raise ValueError
            dt.date.fromisoformat(value)
    except ValueError:
        raise RefusedInput(f"{field}: {value!r} is not a real date") from None


def fields_of(kind: str) -> set[str]:
    """The fields a user may set on an object of this kind."""
    return set(table_of(kind).model_fields) - {"conference_id", "position", "version"}


def check_common(kind: str, values: dict[str, Any], allowed: set[str] | None = None) -> None:
    """Known fields, nothing empty that must be said, no repeats, real dates, known enums."""
    allowed = fields_of(kind) if allowed is None else allowed
    for key in values:
        if key not in allowed:
            raise RefusedInput(f"{kind}.{key}: unknown field")
    for key in NOT_EMPTY.get(kind, ()):
        if key in values and not str(values[key] or "").strip():
            raise RefusedInput(f"{kind}.{key}: must not be empty")
    for key in ("children", "withheld_from", "categories"):
        # The schema says uniqueItems: a repeat would make the next export an invalid document.
        listed = list(values.get(key) or [])
        if len(set(listed)) != len(listed):
            raise RefusedInput(f"{kind}.{key}: names the same one twice")
    for key, value in values.items():
        if key in DATE_FIELDS or key in DATETIME_FIELDS:
            check_date(key, value)
        if key in ENUMS and value not in ENUMS[key]:
            raise RefusedInput(f"{kind}.{key}: {value!r} is not one of {', '.join(ENUMS[key])}")


class _Refs:
    """Reference checks against this conference's rows, each list read at most once."""

    def __init__(self, uow: UnitOfWork, kind: str) -> None:
        self.uow = uow
        self.kind = kind
        self._ids: dict[str, set[str]] = {}

    def known(self, ref_kind: str) -> set[str]:
        if ref_kind not in self._ids:
            self._ids[ref_kind] = self.uow.ids(ref_kind)
        return self._ids[ref_kind]

    def person(self, value: Any, field: str) -> None:
        if value is not None and value not in self.known("participant"):
            raise RefusedInput(f"{self.kind}.{field}: no participant '{value}'")

    def children(self, values: Any, field: str = "children") -> None:
        for c in values or []:
            if c not in self.known("child"):
                raise RefusedInput(f"{self.kind}.{field}: no child '{c}'")

    def withheld(self, values: Any, field: str = "withheld_from") -> None:
        if not values:
            return
        family = set(
            self.uow.session.exec(
                select(Participant.id).where(
                    Participant.conference_id == self.uow.cid,
                    col(Participant.is_family).is_(True),
                )
            ).all()
        )
        for p in values:
            if p not in family:
                raise RefusedInput(f"{self.kind}.{field}: '{p}' is not a family member")

    def statement(self, value: Any) -> None:
        if value is not None and value not in self.known("danger_statement"):
            raise RefusedInput(f"{self.kind}.danger_statement: no danger statement '{value}'")

    def goal(self, value: Any) -> None:
        if value is not None and value not in self.known("safety_goal"):
            raise RefusedInput(f"{self.kind}.safety_goal: no safety goal '{value}'")


# ---------------------------------------------------------------- one check per area


def _item(uow: UnitOfWork, refs: _Refs, v: dict[str, Any]) -> None:
    if "section" in v and v["section"] not in get_template(uow.template).section_keys:
        raise RefusedInput(f"item.section: no section '{v['section']}' in this template")
    if "source" in v:
        refs.person(v["source"], "source")
    refs.children(v.get("children"))
    refs.withheld(v.get("withheld_from"))


def _statement(uow: UnitOfWork, refs: _Refs, v: dict[str, Any]) -> None:
    refs.children(v.get("children"))
    refs.withheld(v.get("withheld_from"))


def _goal(uow: UnitOfWork, refs: _Refs, v: dict[str, Any]) -> None:
    refs.statement(v.get("danger_statement"))
    refs.withheld(v.get("withheld_from"))


def _step(uow: UnitOfWork, refs: _Refs, v: dict[str, Any]) -> None:
    if "status" in v and v["status"] not in STEP_STATUSES:
        raise RefusedInput(f"next_step.status: {v['status']!r} is not a step status")
    if "owner_participant" in v:
        refs.person(v["owner_participant"], "owner_participant")
    refs.children(v.get("children"))
    refs.goal(v.get("safety_goal"))
    refs.withheld(v.get("withheld_from"))


def _score(uow: UnitOfWork, refs: _Refs, v: dict[str, Any]) -> None:
    if "score" in v:
        s = v["score"]
        if not isinstance(s, int) or isinstance(s, bool) or not 0 <= s <= 10:
            raise RefusedInput(f"score.score: {s!r} is not a whole number from 0 to 10")
    if "participant" in v:
        refs.person(v["participant"], "participant")
    if v.get("child") is not None:
        refs.children([v["child"]])
    refs.statement(v.get("danger_statement"))
    refs.withheld(v.get("withheld_from"))


def _child(uow: UnitOfWork, refs: _Refs, v: dict[str, Any]) -> None:
    refs.withheld(v.get("view_withheld_from"), "view_withheld_from")


def _decision(uow: UnitOfWork, refs: _Refs, v: dict[str, Any]) -> None:
    for c in v.get("categories", []) or []:
        if c not in CATEGORIES:
            raise RefusedInput(f"decision.categories: {c!r} is not a category")
    for view in v.get("agency_views", []) or []:
        if view.get("view") not in AGENCY_VIEWS:
            raise RefusedInput(f"decision.agency_views: {view.get('view')!r} is not a view")
    for field in ("agency_views", "dissent"):
        for entry in v.get(field, []) or []:
            refs.person(entry.get("participant"), field)
    if "child" in v and v["child"] not in refs.known("child"):
        raise RefusedInput(f"decision.child: no child '{v['child']}'")


def _nothing(uow: UnitOfWork, refs: _Refs, v: dict[str, Any]) -> None:
    return None


AREA_CHECKS: dict[str, Callable[[UnitOfWork, _Refs, dict[str, Any]], None]] = {
    "item": _item,
    "danger_statement": _statement,
    "safety_goal": _goal,
    "next_step": _step,
    "score": _score,
    "decision": _decision,
    "child": _child,
    "participant": _nothing,
}


def check_values(uow: UnitOfWork, kind: str, values: dict[str, Any]) -> None:
    """Refuse values an object of this kind may not have, before anything is written."""
    check_common(kind, values)
    AREA_CHECKS[kind](uow, _Refs(uow, kind), values)


def check_unique(uow: UnitOfWork, kind: str, row: Any, ignore: str | None = None) -> None:
    """One score per person, child and statement; one decision per child."""
    if kind == "score":
        for other in uow.session.exec(
            select(ScalingScore).where(
                ScalingScore.conference_id == uow.cid,
                ScalingScore.participant == row.participant,
            )
        ).all():
            if (
                other.id != ignore
                and other.child == row.child
                and other.danger_statement == row.danger_statement
            ):
                raise RefusedInput(
                    "score: this person already has a score for that child and danger statement"
                )
    elif kind == "decision" and ignore is None and uow.get("decision", row.child) is not None:
        raise RefusedInput(f"decision.child: a decision for child '{row.child}' already exists")
