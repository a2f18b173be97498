"""Alembic migrations of the sfconf store."""
