"""Times the family copy: the example conference (goal < 0.3 s) and a big one (goal < 2 s).

Run with `.venv/bin/python tests/benchmarks/bench_family_copy.py`; it is a script, not a test.
"""

from __future__ import annotations

import copy
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "tests" / "data" / "green-family-initial.json"
RUNS = 10
SECTIONS = (
    "harm",
    "complicating_factors",
    "strengths",
    "existing_safety",
    "grey_areas",
    "family_views",
)
SENTENCES = (
    "Mia told her teacher that Dad shouted at Mum in the kitchen last week.",
    "The health visitor saw that Leo was clean, fed and happy at home.",
    "Gran picks the children up from school on Mondays and Thursdays.",
    "We do not know yet whether the new flat has enough room for everyone.",
    "Mum said she wants help with money and with getting to appointments.",
)


def big_conference(items: int = 400, children: int = 6) -> dict[str, Any]:
    """The example grown to `items` pane items and `children` children, some kept back."""
    doc: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["conference"]["id"] = "bench-big"
    base_children = doc["children"]
    doc["children"] = []
    for n in range(children):
        child = copy.deepcopy(base_children[n % len(base_children)])
        child["id"] = f"c{n}"
        child["name"] = f"Child {n + 1} Green"
        doc["children"].append(child)
    child_ids = [c["id"] for c in doc["children"]]
    doc["items"] = [
        {
            "id": f"i{n}",
            "section": SECTIONS[n % len(SECTIONS)],
            "text": f"{SENTENCES[n % len(SENTENCES)]} (note {n})",
            "source": "p-sw",
            "children": [child_ids[n % children]],
            "restricted": n % 13 == 0,
            "withheld_from": ["p-dan"] if n % 17 == 0 else [],
        }
        for n in range(items)
    ]
    for step in doc["next_steps"]:
        step["children"] = [c for c in step.get("children", []) if c in child_ids]
    for d in doc["danger_statements"]:
        d["children"] = [c for c in d.get("children", []) if c in child_ids]
    doc["decisions"] = [
        {
            "child": cid,
            "outcome": "child_protection_plan",
            "categories": ["neglect"],
            "rationale": "The same worries apply to every child.",
        }
        for cid in child_ids
    ]
    return doc


def median_seconds(fn: Any, runs: int = RUNS) -> float:
    fn()  # warm up: fonts, templates, glossary
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    from reportlab import rl_config

    rl_config.invariant = 1
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SFCONF_CONFIG_DIR"] = str(Path(tmp) / "config")
        from conference.exchange.interchange import import_document
        from conference.reports.family_copy import write_family_copy
        from conference.store.database import open_store

        store = open_store(Path(tmp) / "bench.db")
        try:
            example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
            small = import_document(store, example, actor="bench")
            big = import_document(store, big_conference(), actor="bench")
            results = [
                ("example", small, 0.3),
                ("400 items, 6 children", big, 2.0),
            ]
            failed = False
            for label, cid, goal in results:
                t = median_seconds(lambda cid=cid: write_family_copy(store, cid))
                ok = t < goal
                failed |= not ok
                print(
                    f"{label:24} median {t:.3f} s over {RUNS} runs (goal < {goal} s) {'ok' if ok else 'SLOW'}"
                )
        finally:
            store.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
