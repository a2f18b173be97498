"""Protected at rest: the store, its -wal and backups are encrypted, files are private, keys as cli.md says."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conference.cli import main
from conference.exchange.interchange import export_document, import_document
from conference.store import backup, keys
from conference.store.database import open_store
from tests import encrypted
from tests.conftest import EXAMPLE, ROOT, TEST_KEY

# Encryption at rest is about the file: under --engine postgresql these still use a file.
pytestmark = pytest.mark.file_store_only

CID = "3f6d1c2e-8a41-4c1b-9a55-0d2f1e7b9c10"
OTHER_KEY = "a1" * 32


def _case_texts() -> list[bytes]:
    """Words of the example case that must never be readable in a file the app keeps."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    texts = [doc["conference"]["family_name"], doc["conference"]["reason"][:40], "Orchard"]
    texts += [item["text"][:30] for item in doc["items"]]
    texts += [p["name"] for p in doc["participants"]]
    return [t.encode("utf-8") for t in texts]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert len(err) <= 301 and "Traceback" not in err


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _hashes(db: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(db.parent.iterdir())
        if p.name.startswith(db.name)
    }


def _doc_with_secret() -> dict[str, Any]:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["items"][0]["text"] = "Mum now lives at the refuge at 7 Orchard Mews."
    return doc  # type: ignore[no-any-return]


def test_store_wal_and_backup_hold_no_case_text(tmp_path: Path) -> None:
    db = tmp_path / "private" / "sfconf.db"
    store = open_store(db)
    try:
        import_document(store, _doc_with_secret(), actor="test")
        wal = Path(f"{db}-wal")
        assert wal.stat().st_size > 0  # the edit is still in the -wal while the store is open
        made = backup.automatic(store, folder=tmp_path / "backups")
        by_hand = backup.backup_to(store, tmp_path / "by-hand.sfbackup")
        files = [db, wal, made, by_hand]
        for path in files:
            data = path.read_bytes()
            assert not data.startswith(b"SQLite format 3"), path.name
            for text in _case_texts():
                assert text not in data, (path.name, text)
        # Modes: the app's own folders 0700, every file 0600.
        assert _mode(db.parent) == 0o700 and _mode(made.parent) == 0o700
        for path in files:
            assert _mode(path) == 0o600, path.name
    finally:
        store.close()


def test_a_wrong_key_is_refused_and_the_bytes_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    store = open_store(db)
    import_document(store, _doc_with_secret(), actor="test")
    store.close()
    before = _hashes(db)
    monkeypatch.setenv("SFCONF_KEY", OTHER_KEY)
    for command in (["list"], ["export", CID], ["import", str(EXAMPLE), "--as-copy"], ["demo"]):
        code, out, err = _run(["--db", str(db), *command], capsys)
        assert (code, out) == (4, ""), err
        _one_line(err)
        assert "key is wrong or the file is damaged" in err
    assert _hashes(db) == before
    monkeypatch.setenv("SFCONF_KEY", TEST_KEY)
    code, out, _ = _run(["--db", str(db), "list"], capsys)
    assert code == 0 and out.startswith(CID)


def test_a_bad_sfconf_key_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SFCONF_KEY", "not-hex")
    code, _, err = _run(["list"], capsys)
    assert code == 4
    _one_line(err)
    assert "SFCONF_KEY" in err and "64 hexadecimal" in err


def test_backup_and_restore_give_an_identical_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    assert _run(["--db", str(db), "import", str(EXAMPLE)], capsys)[0] == 0
    code, before, _ = _run(["--db", str(db), "export", CID], capsys)
    assert code == 0
    saved = tmp_path / "monday.sfbackup"
    assert _run(["--db", str(db), "backup", str(saved)], capsys) == (0, "", "")
    assert _mode(saved) == 0o600 and not saved.read_bytes().startswith(b"SQLite format 3")

    # Things change after the backup: a demo conference and an edited item.
    assert _run(["--db", str(db), "demo"], capsys)[0] == 0
    doc = json.loads(before)
    doc["items"][0]["text"] = "Changed after the backup."
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc), encoding="utf-8")
    assert _run(["--db", str(db), "import", str(changed), "--replace"], capsys)[0] == 0

    # Over a store with conferences, restore needs --replace.
    code, out, err = _run(["--db", str(db), "restore", str(saved)], capsys)
    assert (code, out) == (3, "")
    _one_line(err)
    assert "--replace" in err
    assert _run(["--db", str(db), "restore", str(saved), "--replace"], capsys) == (0, "", "")
    code, after, _ = _run(["--db", str(db), "export", CID], capsys)
    assert after == before
    code, listed, _ = _run(["--db", str(db), "list"], capsys)
    assert [line.split("\t")[0] for line in listed.splitlines()] == [CID]
    # The restore is in the audit trail.
    with encrypted.connect(db, read_only=True) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_entry ORDER BY id")]
    assert actions[-1] == "restore"


def test_restore_into_a_new_store_needs_no_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "old.db"
    assert _run(["--db", str(db), "import", str(EXAMPLE)], capsys)[0] == 0
    saved = tmp_path / "b.sfbackup"
    assert _run(["--db", str(db), "backup", str(saved)], capsys)[0] == 0
    fresh = tmp_path / "new-laptop.db"
    assert _run(["--db", str(fresh), "restore", str(saved)], capsys) == (0, "", "")
    code, out, _ = _run(["--db", str(fresh), "export", CID], capsys)
    assert code == 0 and json.loads(out)["conference"]["id"] == CID


def test_restore_never_rolls_back_a_finalised_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    assert _run(["--db", str(db), "import", str(EXAMPLE)], capsys)[0] == 0
    saved = tmp_path / "b.sfbackup"
    assert _run(["--db", str(db), "backup", str(saved)], capsys)[0] == 0
    with encrypted.connect(db) as conn:  # finalised after the backup (as `approve` does)
        conn.execute("UPDATE conference SET status = 'finalised'")
    before = _hashes(db)
    code, out, err = _run(["--db", str(db), "restore", str(saved), "--replace"], capsys)
    assert code == 3
    _one_line(err)
    assert "finalised" in err and CID in err
    assert _hashes(db)[db.name] == before[db.name]


def test_backup_and_restore_refuse_a_database_url(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["backup", "x.sfbackup"], ["restore", "x.sfbackup"]):
        code, out, err = _run(["--db", "postgresql://chair@council:5432/sfconf", *command], capsys)
        assert (code, out) == (2, "")
        _one_line(err)
        assert "pg_dump" in err


def test_restore_refuses_what_is_not_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.sfbackup"
    junk.write_bytes(os.urandom(8192))
    code, _, err = _run(["restore", str(junk)], capsys)
    assert code == 4
    _one_line(err)
    code, _, err = _run(["restore", str(tmp_path / "none.sfbackup")], capsys)
    assert code == 3
    _one_line(err)


def test_automatic_backups_are_bounded(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    try:
        import_document(store, _doc_with_secret(), actor="test")
        folder = tmp_path / "share"
        made = [backup.automatic(store, folder=folder, keep=3) for _ in range(5)]
        assert sorted(folder.iterdir()) == made[-3:]
        assert backup.daily(store, folder=folder, keep=3) is None  # one is less than a day old
    finally:
        store.close()


def test_the_backups_folder_is_a_council_setting(tmp_path: Path) -> None:
    config = Path(os.environ["SFCONF_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    share = tmp_path / "network-share" / "sfconf"
    (config / "council.toml").write_text(f'backups_folder = "{share}"\n', encoding="utf-8")
    assert backup.backups_folder() == share


def _plain_store(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A plain (unencrypted) SQLite store, as sfconf made them before encryption."""
    enc = tmp_path / "enc.db"
    store = open_store(enc)
    import_document(store, _doc_with_secret(), actor="test")
    demo_doc = export_document(store, CID)
    demo_doc["conference"]["id"] = "c-second"
    from conference.exchange.interchange import remap_ids

    second = import_document(store, remap_ids(demo_doc), actor="test")
    docs = {cid: export_document(store, cid) for cid in (CID, second)}
    store.close()
    plain = tmp_path / "plain" / "sfconf.db"
    plain.parent.mkdir()
    with encrypted.connect(enc) as conn:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    assert plain.read_bytes().startswith(b"SQLite format 3")
    return plain, docs


def test_a_plain_store_is_encrypted_on_first_open_keeping_every_conference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, docs = _plain_store(tmp_path)
    capsys.readouterr()
    code, out, err = _run(["--db", str(plain), "list"], capsys)
    assert code == 0
    _one_line(err)  # told once, in one line
    assert "encrypted" in err
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == sorted(docs)
    data = plain.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    for text in _case_texts():
        assert text not in data
    # No plain copy is left beside it, and the next open says nothing.
    assert sorted(p.name for p in plain.parent.iterdir() if not p.name.endswith("-shm")) in (
        ["sfconf.db"],
        ["sfconf.db", "sfconf.db-wal"],
    )
    for p in plain.parent.iterdir():
        assert not p.read_bytes().startswith(b"SQLite format 3"), p.name
    assert _mode(plain) == 0o600
    code, out, err = _run(["--db", str(plain), "list"], capsys)
    assert (code, err) == (0, "")
    store = open_store(plain, write=False)
    try:
        for cid, doc in docs.items():
            assert export_document(store, cid) == doc
    finally:
        store.close()


def test_without_a_keyring_a_private_key_file_is_made_once_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SFCONF_KEY")
    keys.forget_cache()
    config = Path(os.environ["SFCONF_CONFIG_DIR"])
    code, _, err = _run(["demo"], capsys)
    assert code == 0
    _one_line(err)
    key_file = config / keys.KEY_FILE
    assert str(key_file) in err and "no keyring" in err
    assert _mode(key_file) == 0o600 and _mode(config) == 0o700
    key = key_file.read_text(encoding="ascii").strip()
    assert len(key) == 64 and key != TEST_KEY

    # A fresh process finds the same key and says nothing.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SFCONF_KEY", None)
    run = subprocess.run(
        [sys.executable, "-m", "conference", "key", "--show-recovery"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, key + "\n", "")
    run = subprocess.run(
        [sys.executable, "-m", "conference", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0 and run.stderr == "" and len(run.stdout.splitlines()) == 1


def test_a_recovery_key_opens_the_store_on_a_new_laptop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SFCONF_KEY")
    keys.forget_cache()
    db = tmp_path / "s.db"
    assert _run(["--db", str(db), "import", str(EXAMPLE)], capsys)[0] == 0
    code, recovery, _ = _run(["key", "--show-recovery"], capsys)
    assert code == 0 and len(recovery.strip()) == 64
    # The new laptop: another config folder, so another key at first.
    monkeypatch.setenv("SFCONF_CONFIG_DIR", str(tmp_path / "new-laptop"))
    keys.forget_cache()
    code, _, err = _run(["--db", str(db), "list"], capsys)
    assert code == 4 and "key" in err
    code, out, err = _run(["key", "--use-recovery", "zz"], capsys)
    assert code == 2
    _one_line(err)
    assert _run(["key", "--use-recovery", recovery.strip()], capsys)[0] == 0
    keys.forget_cache()
    code, out, _ = _run(["--db", str(db), "list"], capsys)
    assert code == 0 and out.startswith(CID)


def test_output_onto_the_store_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.db"
    assert _run(["--db", str(db), "import", str(EXAMPLE)], capsys)[0] == 0
    code, before, _ = _run(["--db", str(db), "export", CID], capsys)
    for target in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        for command in (
            ["family-copy", CID, "-o", str(target)],
            ["minutes", CID, "-o", str(target)],
            ["export", CID, "-o", str(target)],
            ["backup", str(target)],
        ):
            code, out, err = _run(["--db", str(db), *command], capsys)
            assert (code, out) == (2, ""), command
            _one_line(err)
            assert "is the store itself" in err
    # A relative path naming the store is the store too.
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(["--db", "s.db", "family-copy", CID, "-o", "./s.db"], capsys)
    assert code == 2
    assert _run(["--db", str(db), "export", CID], capsys) == (0, before, "")


def test_control_characters_are_escaped_in_list_and_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["conference"]["family_name"] = "the Green family\x1b[2J\x07\u202e"
    src = tmp_path / "ctl.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    assert _run(["import", str(src)], capsys)[0] == 0
    code, out, _ = _run(["list"], capsys)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "the Green family\\x1b[2J\\x07\\u202e" in out
    # A refusal naming a huge bad value is one line of at most 300 characters.
    doc["conference"]["starts_at"] = "\x1b[31m" + "9" * 10_000_000
    src.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = _run(["import", str(src), "--as-copy"], capsys)
    assert (code, out) == (3, "")
    _one_line(err)
    assert "\x1b" not in err


@pytest.mark.parametrize("command", ["list", "export"])
def test_a_console_that_cannot_encode_never_fails(tmp_path: Path, command: str) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["conference"]["family_name"] = "the Nowak–Łukasiewicz family 🙂 ☃"
    src = tmp_path / "pl.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "cp1252"}

    def sfconf(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "conference", *args], capture_output=True, env=env, timeout=60
        )

    assert sfconf("import", str(src)).returncode == 0
    run = sfconf(command, *([CID] if command == "export" else []))
    assert run.returncode == 0, run.stderr
    assert b"Traceback" not in run.stderr
    if command == "export":  # UTF-8 JSON, whatever the console
        assert json.loads(run.stdout.decode("utf-8")) == {
            **json.loads(run.stdout.decode("utf-8")),
            "conference": {
                **json.loads(run.stdout.decode("utf-8"))["conference"],
                "family_name": "the Nowak–Łukasiewicz family 🙂 ☃",
            },
        }
    else:  # what cp1252 cannot show is replaced
        line = run.stdout.decode("cp1252")
        assert line.startswith(CID) and "the Nowak–" in line and "?" in line


def test_crash_logs_are_private_and_pruned(tmp_path: Path) -> None:
    from conference import crashlog

    folder = Path(os.environ["SFCONF_LOG_DIR"])
    paths = []
    secret = "case " + "text "  # built, so that no source line in the stack holds it
    for n in range(crashlog.KEEP + 5):
        try:
            raise ValueError(secret + str(n))
        except ValueError as exc:
            written = crashlog.write_crash_log(exc)
            assert written is not None
            paths.append(written)
    assert _mode(folder) == 0o700
    left = sorted(folder.iterdir())
    assert len(left) == crashlog.KEEP
    assert set(left) == set(paths[-crashlog.KEEP :])
    for p in left:
        assert _mode(p) == 0o600
        assert "case text" not in p.read_text(encoding="utf-8")


def test_integrity_check_for_verify(tmp_path: Path) -> None:
    from conference.errors import StoreError

    db = tmp_path / "s.db"
    store = open_store(db)
    import_document(store, _doc_with_secret(), actor="test")
    store.integrity_check()  # whole: nothing raised
    store.close()
    data = bytearray(db.read_bytes())
    data[len(data) - 100] ^= 0x40  # a byte of the last page
    db.write_bytes(bytes(data))
    store = _unopened_store(db)
    with pytest.raises(StoreError, match="damaged|key is wrong"):
        store.integrity_check()


def _unopened_store(db: Path) -> Any:
    """A Store on a file that no longer opens (open_store would refuse it), for the check alone."""
    from conference.store.database import Store

    return Store(path=db, engine=None, writable=False)  # type: ignore[arg-type]


def test_with_a_keyring_the_key_lives_there_and_no_file_is_made(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        """A keyring in memory (no test touches a real one)."""

        priority = 1  # type: ignore[assignment]
        entries: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.entries.pop((service, username), None)

    monkeypatch.delenv("SFCONF_KEY")
    keyring.set_keyring(Memory())
    keys.forget_cache()
    code, _, err = _run(["demo"], capsys)
    assert (code, err) == (0, "")
    stored = Memory.entries[(keys.KEYRING_SERVICE, keys.KEYRING_USER)]
    assert len(stored) == 64
    assert not (Path(os.environ["SFCONF_CONFIG_DIR"]) / keys.KEY_FILE).exists()
    assert _run(["key", "--show-recovery"], capsys)[1].strip() == stored
    keys.forget_cache()
    code, out, _ = _run(["list"], capsys)
    assert code == 0 and len(out.splitlines()) == 1
