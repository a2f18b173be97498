"""Gentle, never-blocking warnings for danger statements, safety goals, the plan and the decision."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_STATEMENTS",
    "compose_danger_statement",
    "danger_statement_warnings",
    "is_social_care",
    "load_wordlist",
    "low_score_alert",
    "plan_warnings",
    "quorum_warning",
    "safety_goal_warnings",
    "statement_count_warning",
    "user_wordlist_dir",
]

# Practice guidance: usually no more than three or four danger statements.
MAX_STATEMENTS = 4

_SOCIAL_CARE = ("children's services", "children's social care", "social care")
_PRESENT = ("present", "part")


# ---------------------------------------------------------------- word lists


def user_wordlist_dir() -> Path:
    """Where a council puts word lists that extend the built-in ones."""
    override = os.environ.get("SFCONF_CONFIG_DIR")
    if override:
        return Path(override) / "wordlists"
    import platformdirs

    return Path(platformdirs.user_config_dir("sfconf", appauthor=False)) / "wordlists"


def _phrases(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(_normalise(line))
    return out


def load_wordlist(name: str) -> list[str]:
    """The built-in list `name` plus the council's `<config>/wordlists/name*.txt`, no repeats."""
    phrases = _phrases(
        files("resources").joinpath("wordlists", f"{name}.txt").read_text(encoding="utf-8")
    )
    folder = user_wordlist_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.txt")):
            if path.stem == name or path.stem.startswith((f"{name}-", f"{name}_")):
                try:
                    phrases += _phrases(path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue  # a council's broken file must not stop the meeting
    return list(dict.fromkeys(phrases))


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def _find(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases that occur in text as whole words, longest first, without overlaps."""
    norm = _normalise(text)
    found: list[str] = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        pattern = r"(?<![\w'])" + re.escape(phrase) + r"(?![\w'])"
        if re.search(pattern, norm) and not any(phrase in f for f in found):
            found.append(phrase)
    return found


# ---------------------------------------------------------------- danger statements


def _plural(who: str) -> bool:
    words = _normalise(who).split()
    return bool(
        re.search(r"\band\b|,|&", _normalise(who))
        or (words and words[0] in ("we", "they", "both", "all"))
    )


def _clause(text: str) -> str:
    return text.strip().rstrip(".").strip()


def compose_danger_statement(who: str, about: str, impact: str) -> str:
    """ "{who} are/is worried that {about}. If this does not change, {impact}." """
    who, about, impact = _clause(who), _clause(about), _clause(impact)
    if not (who or about or impact):
        return ""
    verb = "are" if _plural(who) else "is"
    head = f"{who or '…'} {verb} worried that {about or '…'}."
    head = head[:1].upper() + head[1:]
    return f"{head} If this does not change, {impact or '…'}."


def danger_statement_warnings(
    ds: dict[str, Any], all_count: int, labels: Sequence[str] | None = None
) -> list[str]:
    """What might make a danger statement harder for the family to follow."""
    labels = load_wordlist("labels") if labels is None else labels
    out: list[str] = []
    for field, message in (
        ("who_is_worried", "Say who is worried."),
        ("worried_about", "Say what someone does that worries people."),
        (
            "impact_if_nothing_changes",
            "Say what may happen to the children if nothing changes.",
        ),
    ):
        if not str(ds.get(field) or "").strip():
            out.append(message)
    about = str(ds.get("worried_about") or "")
    for label in _find(about, labels):
        out.append(
            f'"{label}" is a label: say what someone does instead '
            '(for example "Dad hits Mum in the kitchen").'
        )
    count = statement_count_warning(all_count)
    if count:
        out.append(count)
    return out


def statement_count_warning(all_count: int) -> str | None:
    """More than four danger statements is usually too many for the family to hold."""
    if all_count <= MAX_STATEMENTS:
        return None
    return (
        f"There are {all_count} danger statements: most conferences keep to "
        f"{MAX_STATEMENTS - 1} or {MAX_STATEMENTS}."
    )


# ---------------------------------------------------------------- safety goals


def _first_sentence(text: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)
    return parts[0] if parts else ""


def safety_goal_warnings(goal: dict[str, Any], negatives: Sequence[str] | None = None) -> list[str]:
    """A goal should say what will be happening, and for how long."""
    negatives = load_wordlist("negatives") if negatives is None else negatives
    out: list[str] = []
    text = str(goal.get("text") or "")
    # Only the opening sentence: a goal that first says what will happen may go on to add a
    # limit ("... and Daniel will not look after the children when he has been drinking").
    found = _find(_first_sentence(text), negatives)
    if found:
        out.append(
            f'The goal starts with what will not happen ("{found[0]}"): say what will be '
            'happening instead (for example "sort out disagreements calmly").'
        )
    if not str(goal.get("how_long") or "").strip():
        out.append('Say for how long this must last (for example "for at least six months").')
    return out


# ---------------------------------------------------------------- plan


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def plan_warnings(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, message) for a safety goal without a next step and a step without owner or date."""
    steps = doc.get("next_steps") or []
    used = {s.get("safety_goal") for s in steps}
    out: list[tuple[str, str]] = []
    for goal in doc.get("safety_goals") or []:
        if goal["id"] not in used:
            out.append((goal["id"], f'No next step works towards "{_short(goal["text"])}".'))
    for step in steps:
        missing = []
        if not str(step.get("owner") or "").strip() and not step.get("owner_participant"):
            missing.append("who will do it")
        if not step.get("due"):
            missing.append("by when")
        if missing:
            out.append(
                (step["id"], f'"{_short(step["action"])}" does not say {" or ".join(missing)}.')
            )
    return out


# ---------------------------------------------------------------- decision


def is_social_care(participant: dict[str, Any]) -> bool:
    """Children's social care: by agency name, or a social worker by role."""
    agency = _normalise(str(participant.get("agency") or ""))
    role = _normalise(str(participant.get("role") or ""))
    return any(s in agency for s in _SOCIAL_CARE) or "social worker" in role


def quorum_warning(doc: dict[str, Any]) -> str | None:
    """None when children's social care and at least two other agencies are in the room."""
    here = [
        p
        for p in doc.get("participants") or []
        if not p.get("is_family") and p.get("attendance", "present") in _PRESENT
    ]
    social_care = [p for p in here if is_social_care(p)]
    others = sorted(
        {
            " ".join(str(p.get("agency") or p.get("role") or "").split())
            for p in here
            if not is_social_care(p)
        }
        - {""},
        key=str.lower,
    )
    distinct = list({o.lower(): o for o in others}.values())
    if social_care and len(distinct) >= 2:
        return None
    needs = []
    if not social_care:
        needs.append("children's social care is not here")
    if len(distinct) < 2:
        named = f" ({', '.join(distinct)})" if distinct else ""
        count = {0: "no other agency is", 1: "only one other agency is"}[len(distinct)]
        needs.append(f"{count} here{named}")
    return (
        "The conference may not be quorate: it needs children's social care and at least "
        f"two other agencies, and {' and '.join(needs)}."
    )


def low_score_alert(doc: dict[str, Any]) -> str | None:
    """A score of 0 or 1, revealed or not, means immediate danger: the chair must act now."""
    names = {p["id"]: p["name"] for p in doc.get("participants") or []}
    low = [s for s in (doc.get("scaling") or {}).get("scores") or [] if s.get("score", 10) <= 1]
    if not low:
        return None
    parts = [f"{s['score']} from {names.get(s['participant'], 'someone')}" for s in low]
    if len(parts) == 1:
        return f"A score of {parts[0]} means immediate danger: act on it now."
    return (
        f"Scores of {', '.join(parts[:-1])} and {parts[-1]} mean immediate danger: act on it now."
    )
