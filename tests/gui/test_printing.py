"""Printing prints: the family copy's pages rendered at the printer's resolution, no temp copy.

The printer here is a QPrinter writing a PDF file at 100 dpi. Each printed page is compared
with the family copy's own page, both rendered by pdftoppm at that resolution in grey and
blurred by one pixel (Qt's PDF writer stores the page images as JPEG, and PDFium and Poppler
smooth glyph edges differently): the mean difference must stay under PIXEL_THRESHOLD grey
levels of 255. Measured on the example: 2.9 to 4.0 for the right pages, 19.5 for a wrong one.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from conference.reports.family_copy import write_family_copy
from ui.controller import ConferenceController
from ui.printing.preflight import PreflightDialog
from ui.printing.printing import new_printer, print_pdf

PIXEL_THRESHOLD = 6.0  # mean absolute grey-level difference per page, of 255
DPI = 100  # the printer's resolution, and pdftoppm's

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")


def pdf_printer(path: Path, dpi: int = 150) -> QPrinter:
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def pages_as_images(pdf: Path, folder: Path, prefix: str) -> list[Image.Image]:
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(folder / prefix)], check=True
    )
    files = sorted(folder.glob(f"{prefix}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    blur = ImageFilter.GaussianBlur(1)
    return [Image.open(p).convert("L").filter(blur) for p in files]


def difference(a: Image.Image, b: Image.Image) -> float:
    assert abs(a.width - b.width) <= 2 and abs(a.height - b.height) <= 2
    return float(ImageStat.Stat(ImageChops.difference(a, b.resize(a.size))).mean[0])


def page_differences(copy: Path, printed: Path, folder: Path) -> list[float]:
    expected = pages_as_images(copy, folder, "copy")
    got = pages_as_images(printed, folder, "printed")
    assert len(got) == len(expected)
    return [difference(a, b) for a, b in zip(expected, got, strict=True)]


def test_printed_pages_match_the_family_copy(
    qtbot: QtBot, example_store: tuple[Any, str], tmp_path: Path
) -> None:
    store, cid = example_store
    copy = tmp_path / "copy.pdf"
    data = write_family_copy(store, cid)
    copy.write_bytes(data)
    printed = tmp_path / "printed.pdf"
    pages = print_pdf(data, pdf_printer(printed, DPI))
    assert pages == len(PdfReader(copy).pages) == len(PdfReader(printed).pages)
    diffs = page_differences(copy, printed, tmp_path)
    assert max(diffs) < PIXEL_THRESHOLD, diffs
    # The check can fail: the next page, or the page moved down by 4.5 mm, differs by far more.
    images = pages_as_images(copy, tmp_path, "again")
    assert difference(images[0], images[1]) > 3 * PIXEL_THRESHOLD
    assert difference(images[0], ImageChops.offset(images[0], 0, 18)) > 2 * PIXEL_THRESHOLD


def test_print_button_opens_the_print_dialog_and_leaves_no_temp_copy(
    qtbot: QtBot,
    example_store: tuple[Any, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, cid = example_store
    dialog = PreflightDialog(ConferenceController(store, cid))
    qtbot.addWidget(dialog)
    printed = tmp_path / "printed.pdf"
    monkeypatch.setattr(dialog, "make_printer", lambda: pdf_printer(printed, 100))
    shown: list[QPrintDialog] = []

    def accept(self: QPrintDialog) -> int:
        shown.append(self)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    before = set(Path(tempfile.gettempdir()).iterdir())
    message = dialog.print_copy()
    pages = len(PdfReader(printed).pages)
    assert shown and shown[0].windowTitle() == "Print the family copy"
    assert message == f"Sent {pages} pages to {printed}."
    assert dialog.status.text() == message
    assert pages == len(PdfReader(io.BytesIO(write_family_copy(store, cid))).pages)
    after = set(Path(tempfile.gettempdir()).iterdir())
    assert not [p for p in after - before if "sfconf" in p.name]


def test_cancelled_print_dialog_prints_nothing(
    qtbot: QtBot, example_store: tuple[Any, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, cid = example_store
    dialog = PreflightDialog(ConferenceController(store, cid))
    qtbot.addWidget(dialog)
    printed = tmp_path / "printed.pdf"
    monkeypatch.setattr(dialog, "make_printer", lambda: pdf_printer(printed, 100))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    assert dialog.print_copy() == ""
    assert dialog.status.text() == "Printing cancelled."
    assert not printed.exists()


def test_print_dialog_screenshot(qtbot: QtBot, tmp_path: Path) -> None:
    """The system print dialog as the chair sees it (saved for a person to look at)."""
    printer = pdf_printer(tmp_path / "x.pdf")
    dialog = QPrintDialog(printer)
    dialog.setWindowTitle("Print the family copy")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot = dialog.grab()
    assert shot.width() > 200 and shot.height() > 150
    shot.save(str(tmp_path / "print-dialog.png"))
    folder = os.environ.get("SFCONF_SCREENSHOTS")
    if folder:
        shot.save(str(Path(folder) / "print-dialog.png"))
    dialog.reject()
