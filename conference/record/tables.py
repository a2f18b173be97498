"""The record's own tables: the room's snapshot, the audit chain and anchor, distribution, marks.

None of them has a foreign key to `conference`: like the audit, they outlive an
`import --replace` (which deletes and re-creates the conference row).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class RecordSnapshot(SQLModel, table=True):
    """What was on the record when the meeting ended ("as agreed in the room"); never edited."""

    __tablename__ = "record_snapshot"
    conference_id: str = Field(primary_key=True)
    taken_at: str
    document: Any = Field(default=None, sa_column=Column(JSON, nullable=False))


class AuditLink(SQLModel, table=True):
    """One audit entry's place in its conference's hash chain."""

    __tablename__ = "audit_link"
    entry_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    conference_id: str = Field(index=True)
    prev_hash: str
    entry_hash: str
    chain_hash: str


class AuditAnchor(SQLModel, table=True):
    """The head of a conference's chain with an HMAC keyed outside the store."""

    __tablename__ = "audit_anchor"
    conference_id: str = Field(primary_key=True)
    head_id: int
    head_hash: str
    mac: str


class RecordDistribution(SQLModel, table=True):
    """Who gets which copy of the record (full, partial or none), and when it was sent."""

    __tablename__ = "record_distribution"
    conference_id: str = Field(primary_key=True)
    participant_id: str = Field(primary_key=True)
    copy_kind: str = "full"
    sent_on: str | None = None


class RecordMark(SQLModel, table=True):
    """Something done after the meeting (letter sent, record sent, ...), cleared from `due`."""

    __tablename__ = "record_mark"
    conference_id: str = Field(primary_key=True)
    what: str = Field(primary_key=True)
    done_on: str
    done_by: str = ""
