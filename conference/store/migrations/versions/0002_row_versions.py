"""Row versions on every editable table, an audit group per unit of work, the record tables."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_row_versions"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

_TABLES = (
    "conference",
    "child",
    "participant",
    "item",
    "danger_statement",
    "safety_goal",
    "scaling_score",
    "decision",
    "next_step",
)


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild: the audit table's append-only triggers stay.
    for table in _TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column(
        "audit_entry", sa.Column("group_id", sa.String(), nullable=False, server_default="")
    )
    op.add_column("conference", sa.Column("ended_at", sa.String(), nullable=True))
    op.create_table(
        "conference_record",
        sa.Column("conference_id", sa.String(), nullable=False),
        sa.Column("sealed_at", sa.String(), nullable=False),
        sa.Column("approved_by", sa.String(), nullable=False),
        sa.Column("seal", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name="fk_conference_record_conference",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conference_id"),
    )
    op.create_table(
        "record_correction",
        sa.Column("conference_id", sa.String(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(), nullable=False),
        sa.Column("received_on", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("made_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name="fk_record_correction_conference",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conference_id", "number"),
    )


def downgrade() -> None:
    raise NotImplementedError("sfconf never downgrades a store")
