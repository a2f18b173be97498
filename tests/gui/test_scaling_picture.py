"""The scaling picture: plain data in, a readable picture and a description in words out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from ui.widgets.scaling_picture import ScalingPicture, ScorePoint, describe_scores, format_score

ZERO = "The children are not safe at home and must be protected now."
TEN = "Everyone is confident the children are safe and well."

TWELVE = [
    ScorePoint("Jade", 7, True),
    ScorePoint("Daniel", 6, True),
    ScorePoint("Carol", 7, True),
    ScorePoint("Sam", 3, False),
    ScorePoint("Lucy", 4, False),
    ScorePoint("Mark", 4, False),
    ScorePoint("Anna", 3, False),
    ScorePoint("Ian", 4, False),
    ScorePoint("Nursery", 5, False),
    ScorePoint("Housing", 4, False),
    ScorePoint("Probation", 2, False),
    ScorePoint("School nurse", 5, False),
]


def _distinct_colours(image: QImage) -> set[int]:
    return {
        image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }


def test_description_in_words(qtbot: Any) -> None:
    w = ScalingPicture()
    qtbot.addWidget(w)
    assert w.accessibleDescription() == "No scores to show."
    w.set_data(TWELVE, ZERO, TEN, "How safe are the children?")
    text = w.accessibleDescription()
    assert "12 people" in text
    assert "Middle score: 4." in text
    assert "Spread: 2 to 7." in text
    assert "Family: Jade 7, Daniel 6, Carol 7." in text
    assert "Probation 2" in text
    assert ZERO in text and TEN in text
    assert w.points() == TWELVE


def test_median_between_two_scores() -> None:
    pts = [ScorePoint("a", 3, False), ScorePoint("b", 6, True)]
    assert "Middle score: 4.5." in describe_scores(pts)
    assert format_score(4.0) == "4"


def test_draws_in_both_themes_and_scales(qtbot: Any, tmp_path: Path) -> None:
    w = ScalingPicture()
    qtbot.addWidget(w)
    w.set_data(TWELVE, ZERO, TEN, "How safe are the children?")
    w.set_show_labels(True)
    small = w.sizeHint()
    assert small.width() > 300 and small.height() > 150
    w.resize(small)
    w.show()
    qtbot.waitExposed(w)
    light = w.grab().toImage()
    assert len(_distinct_colours(light)) > 10  # text, dots, band and line all drawn
    w.set_theme(True)
    dark = w.grab().toImage()
    assert dark.pixel(2, 2) != light.pixel(2, 2)
    w.set_scale(2.0)
    big = w.sizeHint()
    assert big.width() > small.width() and big.height() > small.height()
    assert w.heightForWidth(400) > w.heightForWidth(1600)  # the meanings wrap
    w.set_theme(False)
    w.set_scale(1.0)
    w.resize(w.sizeHint())
    assert w.grab().save(str(tmp_path / "scaling.png"))


def test_empty_picture_paints(qtbot: Any) -> None:
    w = ScalingPicture()
    qtbot.addWidget(w)
    w.set_data([], ZERO, TEN)
    w.resize(w.sizeHint())
    assert not w.grab().isNull()


def test_host_background_is_respected(qtbot: Any) -> None:
    from PySide6.QtGui import QColor, QPalette

    w = ScalingPicture()
    qtbot.addWidget(w)
    w.set_data(TWELVE, ZERO, TEN)
    w.resize(w.sizeHint())
    assert QColor(w.grab().toImage().pixel(1, 1)) == QColor("#ffffff")
    pal = w.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#202830"))
    w.setPalette(pal)
    assert QColor(w.grab().toImage().pixel(1, 1)) == QColor("#202830")
