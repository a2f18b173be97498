"""Conference templates as data: sections, agenda steps and the default scaling wording."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from conference.errors import RefusedInput

DEFAULT_TEMPLATE = "strengthening-families"
STEP_KINDS = frozenset(
    {"welcome", "child_view", "pane", "analysis", "scaling", "plan", "decision", "close"}
    # A review's own steps: progress on each step of the last plan, each worry looked at again.
    | {"progress", "revisit"}
)


@dataclass(frozen=True)
class Section:
    """One information-sharing pane: key, the chair's label, the family's label, the prompt."""

    key: str
    label: str
    plain_label: str
    prompt: str


@dataclass(frozen=True)
class AgendaStep:
    """One step of the guided agenda, with an optional time box in minutes."""

    key: str
    kind: str
    label: str
    plain_label: str
    minutes: int | None = None
    section: str | None = None


@dataclass(frozen=True)
class ScalingDefault:
    """The template's default scaling question and what 0 and 10 mean."""

    question: str
    zero_means: str
    ten_means: str


@dataclass(frozen=True)
class Template:
    """A conference template: its sections, agenda and scaling default."""

    key: str
    name: str
    description: str
    sections: tuple[Section, ...]
    agenda: tuple[AgendaStep, ...]
    scaling: ScalingDefault
    review_agenda: tuple[AgendaStep, ...] = ()

    def agenda_for(self, kind: str) -> tuple[AgendaStep, ...]:
        """The agenda a conference of this kind follows: a review has its own."""
        if kind == "review":
            return self.review_agenda or _default_review_agenda(self.agenda)
        return self.agenda

    @property
    def section_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections)

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)


def user_template_dir() -> Path:
    """Where a council puts its own template files."""
    override = os.environ.get("SFCONF_CONFIG_DIR")
    if override:
        return Path(override) / "templates"
    import platformdirs

    return Path(platformdirs.user_config_dir("sfconf", appauthor=False)) / "templates"


def _steps(entries: list[dict[str, object]], keys: set[str]) -> tuple[AgendaStep, ...]:
    steps = []
    for a in entries:
        step = AgendaStep(
            key=str(a["key"]),
            kind=str(a["kind"]),
            label=str(a["label"]),
            plain_label=str(a.get("plain_label", a["label"])),
            minutes=int(str(a["minutes"])) if a.get("minutes") is not None else None,
            section=str(a["section"]) if a.get("section") is not None else None,
        )
        if step.kind not in STEP_KINDS:
            raise ValueError(f"agenda step '{step.key}' has unknown kind '{step.kind}'")
        if step.kind == "pane" and step.section not in keys:
            raise ValueError(f"agenda step '{step.key}' names no section of this template")
        steps.append(step)
    return tuple(steps)


def _default_review_agenda(agenda: tuple[AgendaStep, ...]) -> tuple[AgendaStep, ...]:
    """A council's template without a review agenda: its agenda with the review's steps added."""
    progress = AgendaStep(
        "progress", "progress", "Progress on the plan", "What has been done since last time", 15
    )
    revisit = AgendaStep(
        "revisit", "revisit", "Danger statements looked at again", "Are we still worried?", 10
    )
    out: list[AgendaStep] = []
    for step in agenda:
        if step.kind in ("analysis", "scaling") and revisit not in out:
            out.append(revisit)
        out.append(step)
        if step.kind == "child_view":
            out.append(progress)
    if progress not in out:
        out.insert(min(1, len(out)), progress)
    if revisit not in out:
        out.append(revisit)
    return tuple(out)


def _parse(text: str, origin: str) -> Template:
    try:
        data = tomllib.loads(text)
        sections = tuple(
            Section(
                key=str(s["key"]),
                label=str(s["label"]),
                plain_label=str(s.get("plain_label", s["label"])),
                prompt=str(s.get("prompt", "")),
            )
            for s in data["sections"]
        )
        keys = {s.key for s in sections}
        agenda = _steps(data["agenda"], keys)
        review_agenda = _steps(data.get("review_agenda", []), keys)
        sc = data.get("scaling", {})
        scaling = ScalingDefault(
            question=str(sc.get("question", "On a scale of 0 to 10, how safe are the children?")),
            zero_means=str(sc.get("zero_means", "")),
            ten_means=str(sc.get("ten_means", "")),
        )
        return Template(
            key=str(data["key"]),
            name=str(data.get("name", data["key"])),
            description=str(data.get("description", "")),
            sections=sections,
            agenda=agenda,
            scaling=scaling,
            review_agenda=review_agenda,
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise RefusedInput(f"template {origin}: {exc}") from None


@cache
def _builtin() -> dict[str, Template]:
    found: dict[str, Template] = {}
    for entry in files("resources").joinpath("templates").iterdir():
        if entry.name.endswith(".toml"):
            t = _parse(entry.read_text(encoding="utf-8"), entry.name)
            found[t.key] = t
    return found


def all_templates() -> dict[str, Template]:
    """The built-in templates, then the council's own (which may replace a built-in one)."""
    found = dict(_builtin())
    folder = user_template_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            t = _parse(path.read_text(encoding="utf-8"), str(path))
            found[t.key] = t
    return found


def get_template(key: str) -> Template:
    """The template with this key, or RefusedInput naming it."""
    templates = all_templates()
    if key not in templates:
        known = ", ".join(sorted(templates))
        raise RefusedInput(f"unknown template '{key}' (known: {known})")
    return templates[key]
