"""The store: the SQLModel tables, the database (SQLite file), and the Alembic migrations."""
