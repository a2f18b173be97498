"""The record after the meeting: the room's snapshot, the audit chain and anchor, distribution, marks."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_record_lifecycle"
down_revision = "0003_interchange_v2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain CREATE TABLE only: audit_entry is not rebuilt, so its append-only triggers stay.
    op.create_table(
        "record_snapshot",
        sa.Column("conference_id", sa.String(), nullable=False),
        sa.Column("taken_at", sa.String(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("conference_id"),
    )
    op.create_table(
        "audit_link",
        sa.Column("entry_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("conference_id", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("entry_hash", sa.String(), nullable=False),
        sa.Column("chain_hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    op.create_index("ix_audit_link_conference_id", "audit_link", ["conference_id"])
    op.create_table(
        "audit_anchor",
        sa.Column("conference_id", sa.String(), nullable=False),
        sa.Column("head_id", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(), nullable=False),
        sa.Column("mac", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("conference_id"),
    )
    op.create_table(
        "record_distribution",
        sa.Column("conference_id", sa.String(), nullable=False),
        sa.Column("participant_id", sa.String(), nullable=False),
        sa.Column("copy_kind", sa.String(), nullable=False),
        sa.Column("sent_on", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("conference_id", "participant_id"),
    )
    op.create_table(
        "record_mark",
        sa.Column("conference_id", sa.String(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("done_on", sa.String(), nullable=False),
        sa.Column("done_by", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("conference_id", "what"),
    )
    # The chain's links are append-only like the entries they guard.
    from conference.store.triggers import append_only

    for table in ("audit_link",):
        append_only(op, table)
    from conference.record.audit_chain import link_existing_entries

    link_existing_entries(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("sfconf never downgrades a store")
