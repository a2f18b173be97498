"""Throwaway PostgreSQL databases for the tests, on the cluster named by $SFCONF_TEST_PG."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
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


class OwnCluster:
    """A throwaway cluster of a test's own (scripts/test-postgres.sh), which it may stop and start.

    Used only where a test stops the server mid-meeting, so no other test's cluster is touched.
    """

    def __init__(self, data: str, port: int) -> None:
        self.data = data
        self.port = port
        self.admin = ""

    def _script(self, action: str) -> str:
        import subprocess
        from pathlib import Path

        env = {**os.environ, "SFCONF_PG_DATA": self.data, "SFCONF_PG_PORT": str(self.port)}
        script = Path(__file__).resolve().parent.parent / "scripts" / "test-postgres.sh"
        done = subprocess.run(
            ["bash", str(script), action], env=env, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"test-postgres.sh {action} failed: {done.stderr.strip()[:300]}")
        return done.stdout

    def start(self) -> None:
        for line in self._script("start").splitlines():
            if line.startswith(f"export {ENV}="):
                self.admin = line.split("=", 1)[1]

    def stop_server(self) -> None:
        """Stop the server only (its data stays), as a server going down mid-meeting."""
        import subprocess

        pg_ctl = f"{os.environ.get('PGBIN', '/usr/lib/postgresql/15/bin')}/pg_ctl"
        cmd = [pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop"]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def remove(self) -> None:
        self._script("stop")

    def create_database(self) -> str:
        import psycopg

        name = f"sfconf_t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return with_database(self.admin, name)


ROLES_SQL = Path(__file__).resolve().parents[1] / "resources" / "postgres" / "roles.sql"


def logins(pg_database: str) -> tuple[str, str, list[str]]:
    """A chair's and a minute-taker's login on the database (roles.sql applied); their URLs."""
    import psycopg

    name = pg_database.rsplit("/", 1)[1]
    tag = name[-8:]
    chair, taker = f"chair_{tag}", f"taker_{tag}"
    admin = admin_url()
    assert admin is not None
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(ROLES_SQL.read_text(encoding="utf-8"))
        conn.execute(f"CREATE ROLE {chair} LOGIN PASSWORD 'pw-{chair}' IN ROLE sfconf_chairs")
        conn.execute(
            f"CREATE ROLE {taker} LOGIN PASSWORD 'pw-{taker}' IN ROLE sfconf_minute_takers"
        )
    return (
        with_database(pg_database, name, user=chair, password=f"pw-{chair}"),
        with_database(pg_database, name, user=taker, password=f"pw-{taker}"),
        [chair, taker],
    )


def drop_logins(pg_database: str, logins: list[str]) -> None:
    """Drop the test database, then the logins made for it."""
    import psycopg

    admin = admin_url()
    assert admin is not None
    name = pg_database.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for login in logins:
            conn.execute(f"DROP ROLE IF EXISTS {login}")
