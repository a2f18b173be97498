"""Throwaway PostgreSQL databases for the tests, on the cluster named by $SFCONF_TEST_PG."""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

ENV = "SFCONF_TEST_PG"


def admin_url() -> str | None:
    """The test cluster's superuser URL (scripts/test-postgres.sh), or None when there is none."""
    return os.environ.get(ENV) or None


def with_database(
    url: str, name: str, *, user: str | None = None, password: str | None = None
) -> str:
    """`url` pointing at database `name` (and at another login when `user` is given)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if user is not None:
        host = netloc.rpartition("@")[2]
        netloc = f"{user}:{password}@{host}" if password else f"{user}@{host}"
    return urlunsplit((parts.scheme, netloc, f"/{name}", "", ""))


def create_database() -> str:
    """A new empty database on the test cluster; its URL."""
    import psycopg

    url = admin_url()
    assert url is not None
    name = f"sfconf_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str) -> None:
    """Remove a database made by create_database (its open connections are ended)."""
    import psycopg

    admin = admin_url()
    assert admin is not None
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
