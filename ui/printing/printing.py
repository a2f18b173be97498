"""Printing a PDF for real: the system print dialog, then each page rendered at the printer's resolution.

PySide6-Essentials has no QtPdf, so the pages are rendered with pypdfium2 (PDFium, the
renderer in Chromium) straight from the PDF bytes in memory: no temporary copy is written.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


class PrintFailed(Exception):
    """The printer could not be started or a page could not be rendered (one-line message)."""


def new_printer() -> QPrinter:
    """A printer set up for the app's A4 pages, at the printer's own (high) resolution."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    # The PDF has its own margins: the page image goes on the whole sheet.
    printer.setFullPage(True)
    return printer


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page of `pdf` on `printer`, rendered at its resolution; the pages printed."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PrintFailed(f"the PDF could not be read for printing ({exc})") from None
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintFailed("the printer could not be started")
        dpi = printer.resolution()
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        printed = 0
        for index in range(len(document)):
            if index:
                printer.newPage()
            page = document[index]
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # own the pixels before PDFium frees its buffer
            bitmap.close()
            page.close()
            # The page at its true size from the sheet's corner (A4 on A4: the whole sheet).
            target = QRectF(paper.x(), paper.y(), width_pt / 72.0 * dpi, height_pt / 72.0 * dpi)
            painter.drawImage(target, image)
            printed += 1
        return printed
    finally:
        if painter.isActive():
            painter.end()
        document.close()


def choose_and_print(pdf: bytes, parent: QWidget | None, printer: QPrinter | None = None) -> str:
    """The system print dialog, then the pages printed; what happened, in one line ('' if cancelled)."""
    printer = printer or new_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the family copy")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return ""
    try:
        pages = print_pdf(pdf, printer)
    except PrintFailed as exc:
        return f"Could not print: {exc}."
    name = printer.printerName() or printer.outputFileName() or "the printer"
    return f"Sent {pages} page{'s' if pages != 1 else ''} to {name}."
