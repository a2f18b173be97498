"""The `sfconf` command's contract: version, list, export, store choice, one-line errors, crash logs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import conference.cli as cli
from conference import __version__
from conference.cli import main
from conference.exchange.interchange import export_document
from conference.store.database import Store, open_store
from tests.conftest import EXAMPLE, ROOT

Doc = dict[str, Any]
CID = "3f6d1c2e-8a41-4c1b-9a55-0d2f1e7b9c10"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"sfconf {__version__}\n"


def test_version_of_the_installed_command() -> None:
    sfconf = Path(sys.executable).parent / "sfconf"
    run = subprocess.run([str(sfconf), "--version"], capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (0, f"sfconf {__version__}\n")


def _doc(cid: str, starts_at: str, family: str, status: str = "planned") -> Doc:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["conference"].update(id=cid, starts_at=starts_at, family_name=family, status=status)
    return doc  # type: ignore[no-any-return]


def _import(doc: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str], *db: str) -> str:
    src = tmp_path / f"{doc['conference']['id']}.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run([*db, "import", str(src)], capsys)
    assert (code, err) == (0, "")
    assert out == doc["conference"]["id"] + "\n"
    return out.strip()


def test_list_is_tab_separated_newest_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(_doc("c-2026", "2026-11-20T10:00:00", "the Green family", "ended"), tmp_path, capsys)
    _import(
        _doc("c-2027", "2027-02-19T10:00", "the Wiśniewska family", "planned"), tmp_path, capsys
    )
    _import(
        _doc("c-2025", "2025-06-01T09:30:00", "the Haddad family", "finalised"), tmp_path, capsys
    )
    code, out, err = _run(["list"], capsys)
    assert (code, err) == (0, "")
    assert [line.split("\t") for line in out.splitlines()] == [
        ["c-2027", "2027-02-19T10:00", "initial", "the Wiśniewska family", "planned"],
        ["c-2026", "2026-11-20T10:00:00", "initial", "the Green family", "ended"],
        ["c-2025", "2025-06-01T09:30:00", "initial", "the Haddad family", "finalised"],
    ]


def test_list_keeps_one_line_per_conference_when_a_name_has_tabs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(_doc("c-odd", "2026-11-20T10:00", "the\tGreen\nfamily"), tmp_path, capsys)
    code, out, _ = _run(["list"], capsys)
    assert code == 0
    assert out.count("\n") == 1 and out.count("\t") == 4


def test_list_of_an_empty_store_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["list"], capsys) == (0, "", "")


def test_export_prints_the_json(
    example_store: tuple[Store, str], capsys: pytest.CaptureFixture[str]
) -> None:
    store, cid = example_store
    code, out, err = _run(["--db", str(store.location), "export", cid], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out) == export_document(store, cid)
    assert "Wiśniewska" not in out  # sanity: this is the example, not another conference


def test_export_to_a_file_prints_nothing(
    example_store: tuple[Store, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, cid = example_store
    target = tmp_path / "out" / "green.json"
    target.parent.mkdir()
    code, out, err = _run(["--db", str(store.location), "export", cid, "-o", str(target)], capsys)
    assert (code, out, err) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8")) == export_document(store, cid)
    assert [p.name for p in target.parent.iterdir()] == ["green.json"]  # no temporary left


def test_export_keeps_non_ascii_text_as_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc("c-utf8", "2026-11-20T10:00", "rodzina Wiśniewskich 👪 <&>")
    _import(doc, tmp_path, capsys)
    target = tmp_path / "x.json"
    assert _run(["export", "c-utf8", "-o", str(target)], capsys)[0] == 0
    assert "rodzina Wiśniewskich 👪 <&>" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["export", "check", "minutes", "family-copy", "open"])
def test_an_unknown_id_is_refused_in_one_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["-o", str(tmp_path / "x.pdf")] if command in ("minutes", "family-copy") else []
    code, out, err = _run([command, "no-such-conference", *extra], capsys)
    assert code == 3
    assert out == ""
    _one_line(err)
    assert "no-such-conference" in err


@pytest.mark.parametrize(
    "argv",
    [["frobnicate"], ["export"], ["import"], ["--no-such-option", "list"], ["export", "x", "-q"]],
)
def test_misuse_exits_2_in_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    _one_line(capsys.readouterr().err)


def test_db_option_beats_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env_db = tmp_path / "env" / "env.db"
    opt_db = tmp_path / "opt" / "opt.db"
    for folder in (env_db.parent, opt_db.parent):  # a named store's folder must exist
        folder.mkdir()
    monkeypatch.setenv("SFCONF_DB", str(env_db))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    _import(
        _doc("c-opt", "2026-11-20T10:00", "the Green family"), tmp_path, capsys, "--db", str(opt_db)
    )
    assert opt_db.exists()
    assert not env_db.exists()
    assert not (tmp_path / "xdg").exists()


def test_environment_beats_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env_db = tmp_path / "env" / "env.db"
    env_db.parent.mkdir()  # a named store's folder must exist
    monkeypatch.setenv("SFCONF_DB", str(env_db))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    _import(_doc("c-env", "2026-11-20T10:00", "the Green family"), tmp_path, capsys)
    assert env_db.exists()
    assert not (tmp_path / "xdg").exists()
    code, out, _ = _run(["--db", str(env_db), "list"], capsys)
    assert out.startswith("c-env\t")


def test_the_per_user_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SFCONF_DB")
    xdg = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    _import(_doc("c-default", "2026-11-20T10:00", "the Green family"), tmp_path, capsys)
    default = xdg / "sfconf" / "sfconf.db"
    assert default.exists()
    s = open_store(default, write=False)
    try:
        assert export_document(s, "c-default")["conference"]["id"] == "c-default"
    finally:
        s.close()


def test_the_per_user_default_in_a_fresh_interpreter(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg-data"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(xdg)}
    run = subprocess.run(
        [sys.executable, "-m", "conference", "demo"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert (xdg / "sfconf" / "sfconf.db").exists()


def test_a_store_in_a_missing_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in --db never makes a new empty store (cli.md, "Which store")."""
    db = tmp_path / "not" / "there" / "yet" / "sfconf.db"
    code, out, err = _run(["--db", str(db), "list"], capsys)
    assert (code, out) == (4, "")
    assert err.count("\n") == 1 and "does not exist" in err
    assert not (tmp_path / "not").exists()


SECRET = "Jade " + "Green secret"  # built, so that no source line in a traceback holds it


def _crash(_args: Any) -> int:
    details = {"family": SECRET}
    raise ValueError(details["family"])


def test_a_crash_prints_one_line_and_logs_no_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "list", _crash)
    code, out, err = _run(["list"], capsys)
    assert code not in (0, 1, 2, 3, 4)
    _one_line(err)
    assert "Jade" not in err
    logs = list((tmp_path / "logs").iterdir())
    assert len(logs) == 1
    assert str(logs[0]) in err
    log = logs[0].read_text(encoding="utf-8")
    assert "_crash" in log and "test_cli.py" in log  # the frames are there
    assert "ValueError" in log
    assert "Jade Green" not in log and "secret" not in log


def test_import_prints_the_id_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _doc("c-alone", "2026-11-20T10:00", "the Green family")
    del doc["conference"]["id"]
    src = tmp_path / "no-id.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = _run(["import", str(src)], capsys)
    assert (code, err) == (0, "")
    new_id = out.strip()
    assert out == new_id + "\n" and len(new_id) == 36  # a UUID the app made
    assert _run(["list"], capsys)[1].startswith(new_id + "\t")


def test_import_accepts_a_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Windows tools often write UTF-8 with a BOM; it is still UTF-8."""
    doc = _doc("c-bom", "2026-11-20T10:00", "rodzina Wiśniewskich")
    src = tmp_path / "bom.json"
    src.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    code, out, err = _run(["import", str(src)], capsys)
    assert (code, out, err) == (0, "c-bom\n", "")


def test_demo_adds_a_new_copy_each_time(capsys: pytest.CaptureFixture[str]) -> None:
    first = _run(["demo"], capsys)
    second = _run(["demo"], capsys)
    assert first[0] == second[0] == 0
    assert first[1] != second[1]
    assert len(_run(["list"], capsys)[1].splitlines()) == 2


def test_export_file_is_private_and_list_keeps_one_line_per_conference(
    example_doc: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A council's script reads `list` by lines and tabs; an export is the user's alone."""
    import os

    example_doc["conference"]["family_name"] = "the Green\tfamily\nof Shirley"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(example_doc), encoding="utf-8")
    assert main(["import", str(source)]) == 0
    cid = capsys.readouterr().out.strip()
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{cid}\t2026-11-20T10:00:00\tinitial\tthe Green family of Shirley\tended"]
    mask = os.umask(0o022)
    try:
        target = tmp_path / "out.json"
        assert main(["export", cid, "-o", str(target)]) == 0
        # It holds case data: readable by its owner only, whatever the umask.
        assert target.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(mask)
