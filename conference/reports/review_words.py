"""A review in plain words: what was done since last time, what is still to do, how the scores moved."""

from __future__ import annotations

from collections import Counter
from statistics import mean
from typing import Any

Doc = dict[str, Any]

REVIEW_STATUS_WORDS = {
    "still_a_worry": "We are still worried about this.",
    "changed": "This worry has changed.",
    "no_longer_a_worry": "We are no longer worried about this.",
}
REVIEW_STATUS_LABELS = {
    "still_a_worry": "Still a worry",
    "changed": "Changed",
    "no_longer_a_worry": "No longer a worry",
}
# Carried steps still to do: not done, partly done, or not marked yet.
STILL_TO_DO = ("not_done", "partly_done", "open")


def is_review(doc: Doc) -> bool:
    return (doc.get("conference") or {}).get("kind") == "review"


def carried_steps(doc: Doc) -> list[dict[str, Any]]:
    """The steps of the last plan carried into this review (dropped ones are left out)."""
    return [
        s
        for s in doc.get("next_steps", [])
        if s.get("carried_from") and s.get("status") != "dropped"
    ]


def done_since_last_time(doc: Doc) -> list[dict[str, Any]]:
    return [s for s in carried_steps(doc) if s.get("status") == "done"]


def still_to_do(doc: Doc) -> list[dict[str, Any]]:
    """Carried steps not yet done; a done or dropped step is never here."""
    return [s for s in carried_steps(doc) if s.get("status") in STILL_TO_DO]


def _overall(scores: list[dict[str, Any]]) -> list[int]:
    """The scores about all the worries (about one statement only if there are none)."""
    overall = [int(s["score"]) for s in scores if not s.get("danger_statement")]
    return overall or [int(s["score"]) for s in scores]


def round_in_words(scores: list[int]) -> str:
    """ "most people said 3", "one person said 4", "the scores went from 2 to 6"."""
    if not scores:
        return ""
    if len(scores) == 1:
        return f"one person said {scores[0]}"
    counts = Counter(scores).most_common()
    if counts[0][1] > 1 and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        if counts[0][1] == len(scores):
            return f"everyone said {counts[0][0]}"
        return f"most people said {counts[0][0]}"
    return f"the scores went from {min(scores)} to {max(scores)}"


def trend_sentences(doc: Doc) -> list[str]:
    """How the scores moved, from the document as the reader may see it (already filtered).

    A family view has no unrevealed scores and no scores about worries kept back, so the
    trend counts only the scores the reader may see.
    """
    previous = doc.get("previous_scaling") or {}
    before = _overall(list(previous.get("scores") or []))
    sc = doc.get("scaling") or {}
    now = _overall(list(sc.get("scores") or [])) if sc.get("revealed", True) else []
    if not before:
        return []
    out = [f"Last time {round_in_words(before)}."]
    if not now:
        return out
    out.append(f"This time {round_in_words(now)}.")
    change = mean(now) - mean(before)
    if change >= 0.5:
        out.append("The scores have gone up. A higher score means the children are safer.")
    elif change <= -0.5:
        out.append("The scores have gone down. A lower score means more worry.")
    else:
        out.append("The scores are about the same as last time.")
    return out


def previous_score_of(doc: Doc, score: dict[str, Any]) -> int | None:
    """This person's score last time about the same thing (carried ids match), or None."""
    carried = {d["id"]: d.get("carried_from") for d in doc.get("danger_statements", [])}
    ds = score.get("danger_statement")
    want = carried.get(ds) if ds else None
    if ds and want is None:
        return None  # a new worry: there was no score about it last time
    for s in (doc.get("previous_scaling") or {}).get("scores") or []:
        if (
            s.get("participant") == score.get("participant")
            and s.get("child") == score.get("child")
            and (s.get("danger_statement") or None) == want
        ):
            return int(s["score"])
    return None
