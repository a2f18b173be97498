"""Each template has a review agenda, chosen by the conference's kind; councils change it by data."""

from __future__ import annotations

from pathlib import Path

import pytest

from conference.templates import all_templates, get_template

REVIEW_KINDS = [
    "welcome",
    "child_view",
    "progress",
    "revisit",
    "scaling",
    "plan",
    "decision",
    "close",
]


@pytest.mark.parametrize("key", sorted(all_templates()))
def test_every_template_has_a_review_agenda_in_the_issue_order(key: str) -> None:
    tpl = get_template(key)
    review = tpl.agenda_for("review")
    assert review == tpl.review_agenda and review
    kinds = [s.kind for s in review if s.kind != "pane"]
    assert kinds == REVIEW_KINDS
    # The template's panes sit between the progress and the worries looked at again.
    order = [s.kind for s in review]
    panes = [i for i, k in enumerate(order) if k == "pane"]
    assert panes and order.index("progress") < min(panes) and max(panes) < order.index("revisit")
    assert all(s.minutes for s in review)  # time boxes as today
    assert tpl.agenda_for("initial") == tpl.agenda
    assert "progress" not in [s.kind for s in tpl.agenda]


def test_a_council_renames_and_reorders_the_review_agenda_by_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    source = Path("resources/templates/three-columns.toml").read_text(encoding="utf-8")
    text = source.replace('label = "Progress on the plan"', 'label = "How the plan went"')
    # Move the child's view after the progress step.
    cv = text.index('[[review_agenda]]\nkey = "child_view"')
    pr = text.index('[[review_agenda]]\nkey = "progress"')
    after = text.index("[[review_agenda]]", pr + 5)
    text = text[:cv] + text[pr:after] + text[cv:pr] + text[after:]
    (folder / "mine.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("SFCONF_CONFIG_DIR", str(tmp_path))
    review = get_template("three-columns").agenda_for("review")
    assert [s.key for s in review][:3] == ["welcome", "progress", "child_view"]
    assert review[1].label == "How the plan went"


def test_a_template_without_a_review_agenda_gets_the_review_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    source = Path("resources/templates/three-columns.toml").read_text(encoding="utf-8")
    text = source[: source.index("# The agenda of a review conference")]
    (folder / "old.toml").write_text(
        text.replace('"three-columns"', '"old-style"', 1), encoding="utf-8"
    )
    monkeypatch.setenv("SFCONF_CONFIG_DIR", str(tmp_path))
    tpl = get_template("old-style")
    assert tpl.review_agenda == ()
    kinds = [s.kind for s in tpl.agenda_for("review")]
    assert kinds.index("child_view") + 1 == kinds.index("progress")
    assert kinds.index("revisit") < kinds.index("scaling")
