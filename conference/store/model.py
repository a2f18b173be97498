"""The conference model: SQLModel tables for everything the interchange format holds, and the audit.

Every editable row carries `version`, raised by one on each change: an undo, or a second
writer, that finds the version moved is refused instead of writing over someone's change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, ForeignKeyConstraint, Index, Text
from sqlmodel import Field, SQLModel

# Dates and date-times are kept as the text the user or document gave ("2026-11-20T10:00"
# stays without seconds) so that a round trip is lossless; they are checked on the way in.

KINDS = ("initial", "review", "transfer_in", "pre_birth")
STATUSES = ("planned", "in_progress", "ended", "finalised")
ATTENDANCE = ("present", "part", "apologies", "absent", "excluded")
REPORTS = ("none", "submitted", "shared_with_family")
OUTCOMES = (
    "child_protection_plan",
    "child_in_need_plan",
    "no_further_action",
    "plan_continues",
    "plan_ends_child_in_need",
    "plan_ends_no_further_action",
)
CATEGORIES = ("neglect", "physical_abuse", "emotional_abuse", "sexual_abuse")
AGENCY_VIEWS = ("plan", "no_plan", "abstain")
STEP_STATUSES = ("open", "done", "partly_done", "not_done", "dropped")


def _conference_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["conference_id"], ["conference.id"], ondelete="CASCADE", name=f"fk_{table}_conference"
    )


class Conference(SQLModel, table=True):
    """One conference: its set-up, status, plan-level fields and scaling wording."""

    id: str = Field(primary_key=True, max_length=64)
    kind: str
    template: str = "strengthening-families"
    starts_at: str
    venue: str = ""
    chair: str
    minute_taker: str = ""
    family_name: str
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    strategy_discussion_on: str | None = None
    previous_conference_id: str | None = None
    status: str = "planned"
    language: str = "en-GB"
    lead_social_worker: str | None = None
    contingency: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    core_group_first_meeting: str | None = None
    review_conference: str | None = None
    ended_at: str | None = None
    enquiry_outcome: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    contingency_restricted: bool = False
    contingency_withheld_from: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    previous_scaling: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    scaling_question: str = ""
    scaling_zero_means: str = ""
    scaling_ten_means: str = ""
    scaling_revealed: bool = False
    created_at: str = ""
    updated_at: str = ""
    version: int = 1


class Child(SQLModel, table=True):
    """A child the conference is about, or an unborn baby with an expected date."""

    __table_args__ = (_conference_fk("child"),)
    conference_id: str = Field(primary_key=True)
    id: str = Field(primary_key=True, max_length=64)
    position: int = 0
    name: str
    known_as: str = ""
    date_of_birth: str | None = None
    expected_on: str | None = None
    view: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    view_restricted: bool = False
    view_withheld_from: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    version: int = 1


class Participant(SQLModel, table=True):
    """Someone invited: family member or professional, with attendance and report."""

    __table_args__ = (_conference_fk("participant"),)
    conference_id: str = Field(primary_key=True)
    id: str = Field(primary_key=True, max_length=64)
    position: int = 0
    name: str
    role: str
    agency: str = ""
    is_family: bool = False
    attendance: str = "present"
    attendance_note: str = ""
    report: str = "none"
    core_group: bool = False
    interpreter: str = ""
    seen_separately: bool = False
    remote: bool = False
    report_summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    version: int = 1


class Item(SQLModel, table=True):
    """Something said in an information-sharing pane."""

    __table_args__ = (
        _conference_fk("item"),
        Index("ix_item_conference_position", "conference_id", "position"),
    )
    conference_id: str = Field(primary_key=True)
    id: str = Field(primary_key=True, max_length=64)
    position: int = 0
    section: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    source: str | None = None
    children: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    restricted: bool = False
    withheld_from: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = 1


class DangerStatement(SQLModel, table=True):
    """Who is worried, about what behaviour, and what may happen if nothing changes."""

    __tablename__ = "danger_statement"
    __table_args__ = (_conference_fk("danger_statement"),)
    conference_id: str = Field(primary_key=True)
    id: str = Field(primary_key=True, max_length=64)
    position: int = 0
    text: str = Field(sa_column=Column(Text, nullable=False))
    who_is_worried: str = ""
    worried_about: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    impact_if_nothing_changes: str = Field(
        default="", sa_column=Column(Text, nullable=False, default="")
    )
    children: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    restricted: bool = False
    family_agrees: bool | None = None
    family_comment: str = ""
    withheld_from: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    carried_from: str | None = None
    review_status: str | None = None
    version: int = 1


class SafetyGoal(SQLModel, table=True):
    """What will be happening instead of the worry, and for how long."""

    __tablename__ = "safety_goal"
    __table_args__ = (_conference_fk("safety_goal"),)
    conference_id: str = Field(primary_key=True)
    id: str = Field(primary_key=True, max_length=64)
    position: int = 0
    danger_statement: str | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    how_long: str = ""
    family_agrees: bool | None = None
    family_comment: str = ""
    restricted: bool = False
    withheld_from: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    carried_from: str | None = None
    version: int = 1


class ScalingScore(SQLModel, table=True):
    """One person's 0-10 score, overall or for a danger statement, optionally for one child."""

    __tablename__ = "scaling_score"
    __table_args__ = (_conference_fk("scaling_score"),)
    conference_id: str = Field(primary_key=True)
    id: str = Field(primary_key=True, max_length=64)
    position: int = 0
    participant: str
    child: str | None = None
    danger_statement: str | None = None
    score: int
    reason: str = ""
    restricted: bool = False
    withheld_from: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = 1


class Decision(SQLModel, table=True):
    """The decision for one child, with agency views and dissent."""

    __table_args__ = (_conference_fk("decision"),)
    conference_id: str = Field(primary_key=True)
    child: str = Field(primary_key=True, max_length=64)
    position: int = 0
    outcome: str
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rationale: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    agency_views: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    dissent: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    version: int = 1


class NextStep(SQLModel, table=True):
    """One step of the plan: what, who, by when."""

    __tablename__ = "next_step"
    __table_args__ = (_conference_fk("next_step"),)
    conference_id: str = Field(primary_key=True)
    id: str = Field(primary_key=True, max_length=64)
    position: int = 0
    action: str = Field(sa_column=Column(Text, nullable=False))
    owner: str = ""
    owner_participant: str | None = None
    due: str | None = None
    safety_goal: str | None = None
    children: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    restricted: bool = False
    status: str = "open"
    family_agrees: bool | None = None
    family_comment: str = ""
    withheld_from: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    carried_from: str | None = None
    version: int = 1


class AuditEntry(SQLModel, table=True):
    """One change: when, who, what, which field, before and after. Append-only (triggers)."""

    __tablename__ = "audit_entry"
    # No foreign key: the trail outlives a replaced or deleted conference.
    id: int | None = Field(default=None, primary_key=True)
    conference_id: str = Field(index=True)
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str = ""
    field: str = ""
    before: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    # Entries written by one unit of work (one user action) share a group.
    group_id: str = ""


class ConferenceRecord(SQLModel, table=True):
    """The approved record of a finalised conference: when, by whom, and its seal."""

    __tablename__ = "conference_record"
    __table_args__ = (_conference_fk("conference_record"),)
    conference_id: str = Field(primary_key=True)
    sealed_at: str
    approved_by: str
    seal: str


class RecordCorrection(SQLModel, table=True):
    """A numbered correction (addendum) to a finalised record; the sealed record never changes."""

    __tablename__ = "record_correction"
    __table_args__ = (_conference_fk("record_correction"),)
    conference_id: str = Field(primary_key=True)
    number: int = Field(primary_key=True)
    requested_by: str
    received_on: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    made_at: str


class LeakAnswer(SQLModel, table=True):
    """The chair's "it is fine" for one leak finding; kept in the store, never exported.

    Keyed by the words, not by positions: the kept-back text, the text that repeats it, the
    telling words and the reader. If either text changes the answer no longer applies.
    """

    __tablename__ = "leak_answer"
    __table_args__ = (_conference_fk("leak_answer"),)
    id: int | None = Field(default=None, primary_key=True)
    conference_id: str = Field(index=True)
    reader: str = ""
    term: str
    kept_back_text: str = Field(sa_column=Column(Text, nullable=False))
    seen_text: str = Field(sa_column=Column(Text, nullable=False))
    answered_at: str = ""


# The kinds of object the operations layer adds, changes, removes and reorders.
ENTITY_TABLES: dict[str, type[SQLModel]] = {
    "child": Child,
    "participant": Participant,
    "item": Item,
    "danger_statement": DangerStatement,
    "safety_goal": SafetyGoal,
    "score": ScalingScore,
    "decision": Decision,
    "next_step": NextStep,
}
