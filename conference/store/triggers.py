"""Append-only guards for the audit tables, written for each engine (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

MESSAGE = "the audit trail is append-only"


def append_only(op: Any, table: str) -> None:
    """Make the database itself refuse any UPDATE or DELETE of `table`'s rows (in a migration)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION sfconf_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
        )
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sfconf_append_only()"
            )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION sfconf_append_only()"
        )
        return
    for what in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def drop_append_only(op: Any, table: str) -> None:
    """Remove the guards of `append_only` (a downgrade)."""
    for what in ("update", "delete"):
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{what} ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{what}")
