"""Every bad input is refused, never a crash: mutated documents and byte strings fed to import.

In CI the counts below keep the module well under 60 s; SFCONF_FUZZ_LONG=1 runs ten times
as many (the figures of the closing note).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conference.cli import main, one_line
from conference.errors import SfconfError
from conference.exchange.interchange import import_document, parse_document
from conference.store.database import Store, open_store
from tests.conftest import EXAMPLE, ROOT

LONG = os.environ.get("SFCONF_FUZZ_LONG") == "1"
DOCS = 20_000 if LONG else 2_000
BYTES = 10_000 if LONG else 1_000
COMMANDS = 300 if LONG else 200
PROCESSES = 300 if LONG else 20
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
EXAMPLE_DOC: dict[str, Any] = json.loads(EXAMPLE_TEXT)
HOLE = "@@HOLE@@"

# Raw JSON (or not-quite JSON) put where a value was: what a red team tries.
NASTY = [
    "1" * 5000,
    "-" + "9" * 4301,
    "1e999",
    "NaN",
    "-Infinity",
    '"\\ud800"',
    '"a\\udfffb"',
    '"\\u0000"',
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    "[" * 100,
    '"' + "x" * 300_000 + '"',
    '"\\u001b[2J\\u0007"',
    "null",
    "true",
    "[]",
    "{}",
    '{"id": "x", "id": "y"}',
    '"2026-02-30"',
    '"9999-99-99T99:99"',
    '"' + "9" * 100_000 + '"',
    "0.1e-99999",
    "1.7976931348623157e309",
    "-0",
    '"\ufeff"',
    "'single'",
    '"unterminated',
]


def _paths(node: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield where
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*where, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*where, i))


PATHS = [p for p in _paths(EXAMPLE_DOC) if p]


def _with_hole(path: tuple[Any, ...]) -> str:
    doc = json.loads(EXAMPLE_TEXT)
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = HOLE
    return json.dumps(doc, ensure_ascii=False)


fragments = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=50).map(lambda t: json.dumps(t, ensure_ascii=False)),
    st.text(max_size=20),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.recursive(
        st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
        max_leaves=10,
    ).map(json.dumps),
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    """The example with one value replaced by a nasty fragment, or a key duplicated, or trimmed."""
    kind = draw(st.sampled_from(["replace", "replace", "duplicate", "delete", "truncate"]))
    if kind == "replace":
        path = draw(st.sampled_from(PATHS))
        return _with_hole(path).replace(json.dumps(HOLE), draw(fragments), 1)
    if kind == "duplicate":
        # "restricted": true, "restricted": false — and any other key of any object.
        path = draw(st.sampled_from([p for p in PATHS if isinstance(p[-1], str)]))
        text = _with_hole(path)
        key = json.dumps(path[-1])
        return text.replace(f"{key}: {json.dumps(HOLE)}", f"{key}: true, {key}: false", 1)
    if kind == "delete":
        path = draw(st.sampled_from([p for p in PATHS if isinstance(p[-1], str)]))
        doc = json.loads(EXAMPLE_TEXT)
        node = doc
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]
        return json.dumps(doc)
    cut = draw(st.integers(0, len(EXAMPLE_TEXT)))
    return EXAMPLE_TEXT[:cut]


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """The example's bytes with flips, insertions and deletions, or bytes from nowhere."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=2000))
    data = bytearray(EXAMPLE_TEXT.encode("utf-8"))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "insert", "delete"]))
        if how == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at : at + draw(st.integers(1, 16))]
    return bytes(data)


def _fingerprint(store: Store) -> list[tuple[str, int]]:
    with store.engine.connect() as conn:
        tables = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        return [
            (t, conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() or 0) for t in tables
        ]


def _check_refusal(exc: SfconfError) -> None:
    assert exc.exit_code in (3, 4), exc
    line = one_line(f"sfconf: refused document: {exc.message}")
    assert "\n" not in line and "\r" not in line and len(line) <= 300


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "fuzz.db")
    import_document(store, json.loads(EXAMPLE_TEXT), actor="test")
    yield store
    store.close()


@pytest.mark.slow  # about 15-20 s
def test_mutated_documents_are_refused_in_process(filled: Store) -> None:
    counts = {"refused": 0, "accepted": 0}
    started = time.monotonic()

    @settings(
        max_examples=DOCS,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(text=mutated_documents())
    def one(text: str) -> None:
        before = _fingerprint(filled)
        try:
            doc = parse_document(text, "fuzz.json")
            import_document(filled, doc, actor="fuzz", as_copy=True)
        except SfconfError as exc:
            _check_refusal(exc)
            counts["refused"] += 1
            assert _fingerprint(filled) == before, "a refused import changed the store"
        else:
            counts["accepted"] += 1  # a harmless change under a fresh id: a new conference

    one()
    elapsed = time.monotonic() - started
    print(f"\nfuzz documents: {counts} in {elapsed:.1f}s")
    assert counts["refused"] + counts["accepted"] >= DOCS * 0.9
    assert counts["refused"] > counts["accepted"]


def _run_main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.slow  # about 10-15 s
def test_mutated_bytes_are_refused_by_the_command(filled: Store, tmp_path: Path) -> None:
    """Through `sfconf import` (its main(), in this process): byte strings of any kind."""
    counts: dict[int, int] = {}
    source = tmp_path / "fuzz.json"
    db = ["--db", str(filled.path)]
    started = time.monotonic()

    @settings(
        max_examples=BYTES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=mutated_bytes())
    def one(data: bytes) -> None:
        source.write_bytes(data)
        before = _fingerprint(filled)
        code, out, err = _run_main([*db, "import", str(source), "--as-copy"])
        counts[code] = counts.get(code, 0) + 1
        assert code != 70, err
        if code:
            assert code == 3, err
            assert err.endswith("\n") and err.count("\n") == 1 and len(err) <= 301, err
            assert out == ""
            assert _fingerprint(filled) == before

    one()
    print(f"\nfuzz bytes: {counts} in {time.monotonic() - started:.1f}s")
    assert counts.get(70, 0) == 0


def test_nasty_values_through_the_command(filled: Store, tmp_path: Path) -> None:
    """Every nasty fragment at many places, through main(): refused in one line, store unchanged."""
    db = ["--db", str(filled.path)]
    source = tmp_path / "nasty.json"
    seen = 0
    step = max(1, len(PATHS) * len(NASTY) // COMMANDS)
    cases = [(p, n) for p in PATHS for n in NASTY][::step]
    for path, nasty in cases:
        source.write_text(_with_hole(path).replace(json.dumps(HOLE), nasty, 1), encoding="utf-8")
        before = _fingerprint(filled)
        code, _, err = _run_main([*db, "import", str(source), "--as-copy"])
        assert code in (0, 3), (path, nasty[:40], err)
        if code == 3:
            assert err.count("\n") == 1 and len(err) <= 301
            assert _fingerprint(filled) == before
        seen += 1
    assert seen >= min(COMMANDS, len(cases))


@pytest.mark.parametrize("worker", range(2))
def test_bad_documents_through_the_real_command(tmp_path: Path, worker: int) -> None:
    """A sample through `python -m conference import` in a fresh process: zero exit 70."""
    db = tmp_path / "cmd.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SFCONF_DB": str(db)}
    for n in range(PROCESSES // 2):
        fragment = NASTY[(2 * n + worker) % len(NASTY)]
        path = PATHS[(n * 37 + worker) % len(PATHS)]
        source = tmp_path / f"bad-{n}.json"
        source.write_text(_with_hole(path).replace(json.dumps(HOLE), fragment, 1), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-m", "conference", "import", str(source)],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert run.returncode in (0, 3), run.stderr
        err = run.stderr.decode("utf-8")
        if run.returncode == 3:
            assert err.count("\n") == 1 and len(err) <= 301 and "Traceback" not in err
