"""docs/architecture.md stays true: what it names exists, and the layers import only downwards."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _diagram_names() -> list[Path]:
    """Every file or folder the diagram lists, under the section (and folder) it is listed in."""
    block = DOC.split("```")[1]
    found: list[Path] = []
    section: str | None = None
    folder = ""
    for line in block.splitlines():
        if re.fullmatch(r"\s*\+-+\+\s*", line):
            section = None  # the box has closed
            continue
        head = re.search(r"\|\s(ui|conference)/\s", line)
        if head:
            section, folder = head.group(1), ""
            continue
        inner = re.match(r"\s*(?:\w+\s+)?\|\s\s(.*?)\|?\s*$", line)
        if section is None or inner is None:
            continue
        content = inner.group(1)
        names = re.findall(r"(?<![\w./(])([a-z_]+(?:\.py|/))(?=[\s.,)]|$)", content)
        if not content.startswith(" "):  # a new entry: a folder's names follow on its lines
            first = content.split()[0] if content.split() else ""
            folder = first if first.endswith("/") else ""
            if folder:
                found.append(ROOT / section / folder.rstrip("/"))
                names = names[1:]
        for name in names:
            found.append(ROOT / section / folder / name.rstrip("/"))
    return found


def test_every_module_the_doc_names_exists() -> None:
    named = _diagram_names()
    assert len(named) > 20
    named += [ROOT / p for p in re.findall(r"`((?:conference|ui|tests)/[\w/.]+?\.py)`", DOC)]
    missing = [str(p.relative_to(ROOT)) for p in named if not p.exists()]
    assert not missing, f"docs/architecture.md names what is not there: {missing}"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_the_domain_never_imports_the_user_interface() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "conference").rglob("*.py")
        if any(m == "ui" or m.startswith(("ui.", "PySide6", "shiboken6")) for m in _imports(p))
    ]
    assert not offenders, offenders
