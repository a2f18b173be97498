"""Every field of the interchange format, declared once: name, column, type, default, visibility.

This one declaration drives the import mapping and the export (conference/exchange/
interchange.py), the reference checks of validation, the version 1 upgrade and downgrade,
and the test strategies' coverage check; tests/unit/test_fields.py compares it with the
vendored schema. The migrations are the only other place a column is spelt out.

The tree mirrors the document: a `Field` is one value held in one column of the row being
read or written; a `Group` is an object whose fields live in that same row (`family_view`,
`scaling`, `contingency`, the `conference` object of the root); a `Many` is an array of
rows of another table; a `One` an optional object held in one row of another table (the
record); a `Shape` a value kept whole in one JSON column (`previous_scaling`, agency views)
whose fields are declared here for defaults and coverage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from conference.store import model as m


class _Required:
    """The marker for "no default: the document must give it"."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()

# Reference targets: which collection a ref names. "family" is a participant with is_family.
PARTICIPANT = "participant"
CHILD = "child"
STATEMENT = "danger_statement"
GOAL = "safety_goal"
FAMILY = "family"


@dataclass(frozen=True)
class Field:
    """One value, held in one column of the current row (column None: not stored, e.g. format)."""

    name: str
    column: str | None
    type: str  # id text string bool int enum date datetime ref refs const list
    default: Any = REQUIRED  # a value, REQUIRED, or a callable(doc) -> value
    enum: tuple[Any, ...] = ()
    ref: str | None = None  # for ref/refs: PARTICIPANT, CHILD, STATEMENT, GOAL, FAMILY
    visibility: bool = False  # restricted / withheld_from and the like: who may see it
    nullable: bool = False
    since: int = 1  # the interchange version that brought it

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class Group:
    """An object whose fields live in the current row."""

    name: str
    fields: tuple[Node, ...]
    optional: bool = True
    since: int = 1


@dataclass(frozen=True)
class Many:
    """An array of rows of `table`, ordered by `order`; `key` is how a row is identified."""

    name: str
    table: type[Any]
    fields: tuple[Node, ...]
    optional: bool = True
    order: str = "position"
    generated_id: bool = False  # rows get a fresh UUID (scores have no interchange id)
    since: int = 1


@dataclass(frozen=True)
class One:
    """An optional object (null when absent) held in one row of `table`."""

    name: str
    table: type[Any]
    fields: tuple[Node, ...]
    since: int = 1


@dataclass(frozen=True)
class Shape:
    """A value kept whole in one JSON column: an object (or array of objects with many=True)."""

    name: str
    column: str | None  # None: nested inside an enclosing Shape
    fields: tuple[Node, ...]
    many: bool = False
    nullable: bool = False
    since: int = 1


Node = Field | Group | Many | One | Shape


def _text(name: str, column: str | None = None, *, since: int = 1) -> Field:
    return Field(name, column or name, "text", "", since=since)


def _bool(name: str, column: str | None = None, *, since: int = 1) -> Field:
    return Field(name, column or name, "bool", False, since=since)


def _opt_date(name: str, column: str | None = None) -> Field:
    return Field(name, column or name, "date", None, nullable=True)


def _opt_datetime(name: str, column: str | None = None, *, since: int = 1) -> Field:
    return Field(name, column or name, "datetime", None, nullable=True, since=since)


def _ref(name: str, target: str, column: str | None = None) -> Field:
    return Field(name, column or name, "ref", None, ref=target, nullable=True)


def _children(name: str = "children") -> Field:
    return Field(name, name, "refs", [], ref=CHILD)


def _restricted(name: str = "restricted", column: str | None = None, *, since: int = 1) -> Field:
    return Field(name, column or name, "bool", False, visibility=True, since=since)


def _withheld(name: str = "withheld_from", column: str | None = None, *, since: int = 1) -> Field:
    return Field(name, column or name, "refs", [], ref=FAMILY, visibility=True, since=since)


def _carried() -> Field:
    return Field("carried_from", "carried_from", "string", None, nullable=True, since=2)


def _family_view() -> Group:
    return Group(
        "family_view",
        (
            Field("agrees", "family_agrees", "bool", None, nullable=True),
            Field("comment", "family_comment", "text", ""),
        ),
    )


def _template_scaling(key: str) -> Callable[[dict[str, Any]], str]:
    """The default wording of the conference template's scaling question."""

    def default(doc: dict[str, Any]) -> str:
        from conference.templates import DEFAULT_TEMPLATE, all_templates

        key_ = doc.get("conference", {}).get("template", DEFAULT_TEMPLATE)
        return str(getattr(all_templates()[key_].scaling, key))

    return default


ID = Field("id", "id", "id")

CONFERENCE = Group(
    "conference",
    (
        Field("id", "id", "id", None),  # absent: the import gives it a new UUID
        Field("kind", "kind", "enum", enum=m.KINDS),
        Field("template", "template", "string", "strengthening-families"),
        Field("starts_at", "starts_at", "datetime"),
        _text("venue"),
        Field("chair", "chair", "text"),
        _text("minute_taker"),
        Field("family_name", "family_name", "text"),
        _text("reason"),
        _opt_date("strategy_discussion_on"),
        Field("previous_conference_id", "previous_conference_id", "string", None, nullable=True),
        Field("status", "status", "enum", "planned", enum=m.STATUSES),
        Field("language", "language", "string", "en-GB"),
        _ref("lead_social_worker", PARTICIPANT),
        _opt_datetime("ended_at", since=2),
        _text("enquiry_outcome", since=2),
    ),
    optional=False,
)

CHILDREN = Many(
    "children",
    m.Child,
    (
        ID,
        Field("name", "name", "text"),
        _text("known_as"),
        _opt_date("date_of_birth"),
        _opt_date("expected_on"),
        _text("view"),
        _restricted("view_restricted"),
        _withheld("view_withheld_from", since=2),
    ),
    optional=False,
)

PARTICIPANTS = Many(
    "participants",
    m.Participant,
    (
        ID,
        Field("name", "name", "text"),
        Field("role", "role", "text"),
        _text("agency"),
        _bool("is_family"),
        Field("attendance", "attendance", "enum", "present", enum=m.ATTENDANCE),
        _text("attendance_note"),
        Field("report", "report", "enum", "none", enum=m.REPORTS),
        _bool("core_group"),
        _text("interpreter"),
        _bool("seen_separately", since=2),
        _bool("remote", since=2),
        _text("report_summary", since=2),
    ),
    optional=False,
)

ITEMS = Many(
    "items",
    m.Item,
    (
        ID,
        Field("section", "section", "string"),
        Field("text", "text", "text"),
        _ref("source", PARTICIPANT),
        _children(),
        _restricted(),
        _withheld(),
    ),
    optional=False,
)

DANGER_STATEMENTS = Many(
    "danger_statements",
    m.DangerStatement,
    (
        ID,
        Field("text", "text", "text"),
        _text("who_is_worried"),
        _text("worried_about"),
        _text("impact_if_nothing_changes"),
        _children(),
        _restricted(),
        _family_view(),
        _withheld(),
        _carried(),
        Field(
            "review_status",
            "review_status",
            "enum",
            None,
            enum=(None, "still_a_worry", "changed", "no_longer_a_worry"),
            nullable=True,
            since=2,
        ),
    ),
)

SAFETY_GOALS = Many(
    "safety_goals",
    m.SafetyGoal,
    (
        ID,
        _ref("danger_statement", STATEMENT),
        Field("text", "text", "text"),
        _text("how_long"),
        _family_view(),
        _restricted(),
        _withheld(),
        _carried(),
    ),
)

SCORE_FIELDS: tuple[Node, ...] = (
    Field("participant", "participant", "ref", ref=PARTICIPANT),
    _ref("child", CHILD),
    _ref("danger_statement", STATEMENT),
    Field("score", "score", "int"),
    _text("reason"),
)

SCALING = Group(
    "scaling",
    (
        Field("question", "scaling_question", "text", _template_scaling("question")),
        Field("zero_means", "scaling_zero_means", "text", _template_scaling("zero_means")),
        Field("ten_means", "scaling_ten_means", "text", _template_scaling("ten_means")),
        Many(
            "scores",
            m.ScalingScore,
            (*SCORE_FIELDS, _restricted(since=2), _withheld(since=2)),
            generated_id=True,
        ),
        Field("revealed", "scaling_revealed", "bool", False, visibility=True),
    ),
)

DECISIONS = Many(
    "decisions",
    m.Decision,
    (
        Field("child", "child", "ref", ref=CHILD),
        Field("outcome", "outcome", "enum", enum=m.OUTCOMES),
        Field("categories", "categories", "list", []),
        _text("rationale"),
        Shape(
            "agency_views",
            "agency_views",
            (
                Field("participant", None, "ref", ref=PARTICIPANT),
                Field("view", None, "enum", enum=m.AGENCY_VIEWS),
                _text("reason"),
            ),
            many=True,
        ),
        Shape(
            "dissent",
            "dissent",
            (
                Field("participant", None, "ref", ref=PARTICIPANT),
                Field("reason", None, "text"),
            ),
            many=True,
        ),
    ),
)

NEXT_STEPS = Many(
    "next_steps",
    m.NextStep,
    (
        ID,
        Field("action", "action", "text"),
        _text("owner"),
        _ref("owner_participant", PARTICIPANT),
        _opt_date("due"),
        _ref("safety_goal", GOAL),
        _children(),
        _restricted(),
        Field("status", "status", "enum", "open", enum=m.STEP_STATUSES),
        _family_view(),
        _withheld(),
        _carried(),
    ),
)

CONTINGENCY = Group(
    "contingency",
    (
        Field("text", "contingency", "text", ""),  # required in the object; "" when absent
        _restricted("restricted", "contingency_restricted", since=2),
        _withheld("withheld_from", "contingency_withheld_from", since=2),
    ),
)

PREVIOUS_SCALING = Shape(
    "previous_scaling",
    "previous_scaling",
    (
        Field("question", None, "text"),
        Field("zero_means", None, "text"),
        Field("ten_means", None, "text"),
        Shape(
            "scores",
            None,
            (
                Field("participant", None, "string"),
                Field("child", None, "string", None, nullable=True),
                Field("danger_statement", None, "string", None, nullable=True),
                Field("score", None, "int"),
                _text("reason"),
            ),
            many=True,
        ),
    ),
    nullable=True,
    since=2,
)

RECORD = One(
    "record",
    m.ConferenceRecord,
    (
        Field("sealed_at", "sealed_at", "datetime"),
        Field("approved_by", "approved_by", "text"),
        Field("seal", "seal", "string"),
        Many(
            "corrections",
            m.RecordCorrection,
            (
                Field("number", "number", "int"),
                Field("requested_by", "requested_by", "text"),
                Field("received_on", "received_on", "date"),
                Field("text", "text", "text"),
                Field("made_at", "made_at", "datetime"),
            ),
            optional=False,
            order="number",
        ),
    ),
    since=2,
)

# The whole document: the root object is held in the conference row.
DOCUMENT: tuple[Node, ...] = (
    Field("format", None, "const"),
    Field("version", None, "const"),
    CONFERENCE,
    CHILDREN,
    PARTICIPANTS,
    ITEMS,
    DANGER_STATEMENTS,
    SAFETY_GOALS,
    SCALING,
    DECISIONS,
    NEXT_STEPS,
    CONTINGENCY,
    _opt_datetime("core_group_first_meeting"),
    _opt_datetime("review_conference"),
    PREVIOUS_SCALING,
    RECORD,
)


def walk(nodes: tuple[Node, ...] = DOCUMENT, where: str = "") -> Iterator[tuple[str, Node]]:
    """Every node with its schema path ("items[].source", "scaling.scores[].reason")."""
    for node in nodes:
        path = f"{where}.{node.name}" if where else node.name
        yield path, node
        if isinstance(node, Group | One):
            yield from walk(node.fields, path)
        elif isinstance(node, Many) or (isinstance(node, Shape) and node.many):
            yield from walk(node.fields, f"{path}[]")
        elif isinstance(node, Shape):
            yield from walk(node.fields, path)


def paths(since: int | None = None) -> dict[str, Node]:
    """Every declared path; with `since`, only those that version brought."""
    return {p: n for p, n in walk() if since is None or n.since == since}


def visibility_paths() -> list[str]:
    """The fields that say who may see something (restricted, withheld_from, revealed)."""
    return [p for p, n in walk() if isinstance(n, Field) and n.visibility]


def default_of(node: Field, doc: dict[str, Any]) -> Any:
    """The default for an absent field (a fresh copy of a list)."""
    d = node.default
    if callable(d) and not isinstance(d, _Required):
        return d(doc)
    return list(d) if isinstance(d, list) else d
