"""Interchange version 2: kept-back scores, views and contingency; review fields; leak answers."""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_interchange_v2"
down_revision = "0002_row_versions"
branch_labels = None
depends_on = None


def _bool(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def _list(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.JSON(), nullable=False, server_default="[]")


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def _opt(name: str) -> sa.Column[str]:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=True)


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch rebuild: the audit table's append-only triggers stay.
    op.add_column("scaling_score", _bool("restricted"))
    op.add_column("scaling_score", _list("withheld_from"))
    op.add_column("child", _list("view_withheld_from"))
    op.add_column("conference", _text("enquiry_outcome"))
    op.add_column("conference", _bool("contingency_restricted"))
    op.add_column("conference", _list("contingency_withheld_from"))
    op.add_column("conference", sa.Column("previous_scaling", sa.JSON(), nullable=True))
    op.add_column("participant", _bool("seen_separately"))
    op.add_column("participant", _bool("remote"))
    op.add_column("participant", _text("report_summary"))
    op.add_column("danger_statement", _opt("carried_from"))
    op.add_column("danger_statement", _opt("review_status"))
    op.add_column("safety_goal", _opt("carried_from"))
    op.add_column("next_step", _opt("carried_from"))
    op.create_table(
        "leak_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reader", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("term", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kept_back_text", sa.Text(), nullable=False),
        sa.Column("seen_text", sa.Text(), nullable=False),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name="fk_leak_answer_conference",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_leak_answer_conference_id", "leak_answer", ["conference_id"])


def downgrade() -> None:
    raise NotImplementedError("sfconf never downgrades a store")
