"""The shared store on PostgreSQL: messages, schema refusal, append-only audit, two writers, parity."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest

from conference.exchange.interchange import export_document, import_document
from conference.operations.items import add_item, move_item, update_item
from conference.operations.unit_of_work import UnitOfWork
from conference.store.database import SCHEMA_HEAD, Store, open_store
from tests import pg
from tests.helpers import assert_one_line, run_cli

PASSWORD = "sfconf-test"


def _with_password(url: str, password: str) -> str:
    user = url.split("://", 1)[1].split(":", 1)[0]
    return pg.with_database(url, url.rsplit("/", 1)[1], user=user, password=password)


def test_a_url_in_sfconf_db_is_the_store_for_every_command(
    pg_database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    example_doc: dict[str, Any],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("SFCONF_DB", pg_database)
    src = tmp_path / "doc.json"
    src.write_text(json.dumps(example_doc), encoding="utf-8")
    code, out, err = run_cli(["import", str(src)], capsys)
    cid = example_doc["conference"]["id"]
    assert (code, out, err) == (0, f"{cid}\n", "")
    code, out, err = run_cli(["list"], capsys)
    assert code == 0 and out.startswith(cid + "\t") and "Green" in out
    code, out, err = run_cli(["export", cid], capsys)
    assert code == 0 and json.loads(out)["conference"]["id"] == cid
    code, out, err = run_cli(["verify"], capsys)
    assert (code, err) == (0, "") and out.strip().endswith("ok")
    # Nothing went into a file: the folder has no store in it.
    assert not list(tmp_path.glob("*.db"))


@pytest.mark.parametrize("command", [["backup", "x.bak"], ["restore", "x.bak"]])
def test_backup_and_restore_are_refused_on_postgresql_pointing_to_pg_dump(
    pg_database: str, capsys: pytest.CaptureFixture[str], command: list[str], tmp_path: Path
) -> None:
    code, out, err = run_cli(
        ["--db", pg_database, *command[:1], str(tmp_path / command[1])], capsys
    )
    assert code == 2 and out == ""
    assert_one_line(err)
    assert "pg_dump" in err
    assert PASSWORD not in err


def test_a_wrong_password_is_one_line_and_never_printed(
    pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "not-the-Password-42"
    code, out, err = run_cli(["--db", _with_password(pg_database, wrong), "list"], capsys)
    assert (code, out) == (4, "")
    assert_one_line(err)
    assert "user name or password is wrong" in err
    assert wrong not in err and PASSWORD not in err


def test_no_such_database_is_one_line(pg_database: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = pg.with_database(pg_database, "sfconf_no_such_db")
    code, out, err = run_cli(["--db", url, "list"], capsys)
    assert (code, out) == (4, "")
    assert_one_line(err)
    assert "no such database" in err and "sfconf_no_such_db" in err and PASSWORD not in err


def test_an_unreachable_server_is_one_line(
    pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    host = pg_database.split("@", 1)[1].split("/", 1)[0]
    url = pg_database.replace(host, "127.0.0.1:1")
    code, out, err = run_cli(["--db", url, "list"], capsys)
    assert (code, out) == (4, "")
    assert_one_line(err)
    assert "cannot be reached" in err and PASSWORD not in err


def test_a_login_without_rights_is_told_permission_denied(
    pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    name = pg_database.rsplit("/", 1)[1]
    role = f"r_{name[-8:]}"
    admin = pg.admin_url()
    assert admin is not None
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'")
        conn.execute(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
    try:
        url = pg.with_database(pg_database, name, user=role, password=f"pw-{role}")
        code, out, err = run_cli(["--db", url, "list"], capsys)
        assert (code, out) == (4, "")
        assert_one_line(err)
        assert "permission denied" in err and f"pw-{role}" not in err
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f"DROP ROLE IF EXISTS {role}")


def test_a_database_from_a_newer_sfconf_is_refused_and_left_unchanged(
    pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    open_store(pg_database).close()
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    code, out, err = run_cli(["--db", pg_database, "list"], capsys)
    assert (code, out) == (4, "")
    assert_one_line(err)
    assert "newer sfconf" in err and "9999_from_the_future" in err and PASSWORD not in err
    with psycopg.connect(pg_database) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert row == ("9999_from_the_future",)


def test_a_database_of_another_program_is_refused(
    pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (n int)")
    code, out, err = run_cli(["--db", pg_database, "list"], capsys)
    assert (code, out) == (4, "")
    assert "not an sfconf database" in err
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT to_regclass('alembic_version')").fetchone() == (None,)


def test_the_migrations_bring_an_empty_database_to_head(pg_database: str) -> None:
    open_store(pg_database).close()
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        }
    assert {"conference", "item", "audit_entry", "audit_link", "conference_record"} <= tables


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET actor = 'someone else'",
        "DELETE FROM audit_entry",
        "TRUNCATE audit_entry",
    ],
)
def test_the_audit_trail_is_append_only_in_postgresql_itself(
    pg_database: str, example_doc: dict[str, Any], statement: str
) -> None:
    store = open_store(pg_database)
    try:
        import_document(store, example_doc, actor="test")
    finally:
        store.close()
    with psycopg.connect(pg_database) as conn:
        before = conn.execute("SELECT * FROM audit_entry ORDER BY id").fetchall()
        assert before
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute(statement)
        conn.rollback()
        assert conn.execute("SELECT * FROM audit_entry ORDER BY id").fetchall() == before


def _documents(example_doc: dict[str, Any]) -> list[dict[str, Any]]:
    from conference.demo import demo_document_text

    return [example_doc, json.loads(demo_document_text())]


def test_every_test_document_exports_the_same_from_postgresql_as_from_sqlite(
    pg_database: str, example_doc: dict[str, Any], tmp_path: Path
) -> None:
    from hypothesis import HealthCheck, given, settings

    from tests.strategies import conference_documents

    file_store = open_store(tmp_path / "parity.db")
    shared = open_store(pg_database)
    try:
        docs = _documents(example_doc)

        @settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
        @given(conference_documents())
        def collect(doc: dict[str, Any]) -> None:
            if "\\u0000" not in json.dumps(doc):  # refused on PostgreSQL: see the test below
                docs.append(doc)

        collect()
        seen: set[str] = set()
        for n, doc in enumerate(docs):
            doc["conference"].setdefault("id", f"parity-{n}")
            cid = doc["conference"]["id"]
            if cid in seen:
                continue
            seen.add(cid)
            import_document(file_store, json.loads(json.dumps(doc)), actor="test")
            import_document(shared, json.loads(json.dumps(doc)), actor="test")
            assert export_document(shared, cid) == export_document(file_store, cid), cid
        assert len(seen) >= 3
    finally:
        file_store.close()
        shared.close()


def test_an_update_that_finds_the_version_moved_is_refused_as_a_conflict(
    pg_database: str, example_doc: dict[str, Any]
) -> None:
    from sqlmodel import select

    from conference.errors import RefusedInput
    from conference.store.model import Item

    a = open_store(pg_database)
    b = open_store(pg_database)
    try:
        cid = import_document(a, example_doc, actor="test")
        with a.session() as s:
            item = s.exec(select(Item).where(Item.conference_id == cid)).first()
            assert item is not None
            item_id, read_version = item.id, item.version
        with UnitOfWork(b, cid, "minute-taker") as uow:
            update_item(uow, item_id, {"text": "Hers, written first."}, expect=read_version)
        with (
            pytest.raises(RefusedInput, match="changed by someone else"),
            UnitOfWork(a, cid, "chair") as uow,
        ):
            update_item(uow, item_id, {"text": "His, over hers."}, expect=read_version)
        with a.session() as s:
            found = s.get(Item, (cid, item_id))
            assert found is not None and found.text == "Hers, written first."
    finally:
        a.close()
        b.close()


def _item_rows(store: Store, cid: str) -> list[tuple[str, str, int]]:
    from sqlmodel import select

    from conference.store.model import Item

    with store.session() as s:
        rows = s.exec(select(Item).where(Item.conference_id == cid)).all()
        return sorted((r.id, r.text, r.position) for r in rows)


def test_two_writers_at_once_lose_no_update_and_keep_positions_whole(
    pg_database: str, example_doc: dict[str, Any]
) -> None:
    """Two laptops add, edit and move items at the same time; every acknowledged change stays."""
    from conference.errors import RefusedInput
    from conference.store.model import Item

    setup = open_store(pg_database)
    cid = import_document(setup, example_doc, actor="test")
    setup.close()
    chair_url, taker_url, logins = pg.logins(pg_database)
    urls = {"chair": chair_url, "minute-taker": taker_url}
    written: dict[str, str] = {}
    conflicts: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def laptop(actor: str, seed: int) -> None:
        store = open_store(urls[actor])
        rnd = random.Random(seed)
        mine: list[str] = []
        try:
            for n in range(25):
                what = rnd.random()
                if what < 0.5 or not mine:
                    with UnitOfWork(store, cid, actor) as uow:
                        add_item(uow, section="harm", text=f"{actor} {n}")
                        new = [e.id for e in uow.events() if e.kind == "item" and e.action == "add"]
                    mine.extend(new)
                    with lock:
                        written.update({i: f"{actor} {n}" for i in new})
                elif what < 0.8:
                    target = rnd.choice(mine)
                    with store.session() as s:
                        row = s.get(Item, (cid, target))
                        assert row is not None
                        seen = row.version
                    try:
                        with UnitOfWork(store, cid, actor) as uow:
                            update_item(uow, target, {"text": f"{actor} edit {n}"}, expect=seen)
                        with lock:
                            written[target] = f"{actor} edit {n}"
                    except RefusedInput:
                        with lock:
                            conflicts.append(target)
                else:
                    with UnitOfWork(store, cid, actor) as uow:
                        move_item(uow, rnd.choice(mine), rnd.randrange(0, 8))
        except BaseException as exc:  # surfaced below, in the test's thread
            errors.append(exc)
        finally:
            store.close()

    threads = [
        threading.Thread(target=laptop, args=("chair", 1)),
        threading.Thread(target=laptop, args=("minute-taker", 2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    check = open_store(pg_database)
    try:
        rows = _item_rows(check, cid)
        texts = {i: text for i, text, _ in rows}
        for item_id, text in written.items():
            assert texts[item_id] == text, "an acknowledged change was lost"
        # One writer at a time renumbers: the positions stay 0..n-1, no two the same.
        assert sorted(p for _, _, p in rows) == list(range(len(rows)))
        with check.session() as s:
            from sqlmodel import select

            from conference.store.model import AuditEntry

            actors = set(s.exec(select(AuditEntry.actor).where(AuditEntry.conference_id == cid)))
        assert set(logins) <= actors  # the audit names both database logins
        from conference.record.verify import verify

        assert not any(v.changed for v in verify(check, cid)), "the audit chain forked"
    finally:
        check.close()
        pg.drop_logins(pg_database, logins)


def test_a_nul_character_is_refused_on_postgresql_in_one_line(
    pg_database: str,
    capsys: pytest.CaptureFixture[str],
    example_doc: dict[str, Any],
    tmp_path: Path,
) -> None:
    """PostgreSQL text cannot hold U+0000, and version 2 refuses it in any text: plainly, nothing half-written."""
    example_doc["items"][0]["text"] = "before\u0000after"
    src = tmp_path / "nul.json"
    src.write_text(json.dumps(example_doc), encoding="utf-8")
    code, out, err = run_cli(["--db", pg_database, "import", str(src)], capsys)
    assert (code, out) == (3, "")
    assert_one_line(err)
    assert "U+0000" in err  # refused on every engine by the interchange rules
    code, out, err = run_cli(["--db", pg_database, "list"], capsys)
    assert (code, out, err) == (0, "", "")


def test_a_minute_takers_login_cannot_approve_the_database_refuses(
    pg_database: str,
    capsys: pytest.CaptureFixture[str],
    example_doc: dict[str, Any],
    tmp_path: Path,
) -> None:
    open_store(pg_database).close()  # the owner makes the tables first
    chair_url, taker_url, logins = pg.logins(pg_database)
    try:
        example_doc["conference"]["status"] = "ended"
        src = tmp_path / "doc.json"
        src.write_text(json.dumps(example_doc), encoding="utf-8")
        cid = example_doc["conference"]["id"]
        assert run_cli(["--db", taker_url, "import", str(src)], capsys)[0] == 0
        by = ["--by", "Priya Shah"]  # the example's chair
        code, out, err = run_cli(["--db", taker_url, "approve", cid, *by], capsys)
        assert code == 4 and out == ""
        assert_one_line(err)
        assert "permission denied" in err
        # Not only the app: the login's own SQL is refused by the database.
        with psycopg.connect(taker_url) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("INSERT INTO conference_record VALUES (%s, 'x', 'x', 'x')", (cid,))
            conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a chair"):
                conn.execute("UPDATE conference SET status = 'finalised' WHERE id = %s", (cid,))
            conn.rollback()
        code, out, err = run_cli(["--db", chair_url, "approve", cid, *by], capsys)
        assert code == 0, err
        code, out, err = run_cli(["--db", chair_url, "audit", cid, "--json"], capsys)
        actors = {e["by"] for e in json.loads(out)}
        assert set(logins) <= actors  # the audit names the database logins
    finally:
        pg.drop_logins(pg_database, logins)
