"""Render resources/icons/sfconf.svg to the PNG, ICO and ICNS files the bundle and window use.

Run by hand after changing the SVG (``python packaging/make_icons.py``); the outputs are
committed so a build needs neither a display nor Pillow. Qt renders the SVG (offscreen);
Pillow, when installed, packs the Windows .ico and macOS .icns from the PNG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "sfconf.svg"
PNG_SIZE = 1024  # .icns wants up to 1024 px; Pillow scales down for the smaller entries
# The running window's icon: small files, so that showing the first window decodes no
# 1024 px image (that alone was some 35 ms of start-up under X11).
WINDOW_SIZES = (64, 256)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def render_png(size: int = PNG_SIZE, name: str = "sfconf.png") -> Path:
    """Render the SVG to a square transparent PNG with Qt's SVG renderer."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot render {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    out = ICONS / name
    if not image.save(str(out)):  # the format follows the .png suffix
        raise SystemExit(f"cannot write {out}")
    del _app
    return out


def pack_ico_icns(png: Path) -> list[Path]:
    """Pack .ico and .icns from the PNG with Pillow; skipped (with a note) without Pillow."""
    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: sfconf.ico and sfconf.icns were not made", file=sys.stderr)
        return []
    made = []
    with Image.open(png) as img:
        rgba = img.convert("RGBA")
        ico = ICONS / "sfconf.ico"
        rgba.save(ico, format="ICO", sizes=ICO_SIZES)
        made.append(ico)
        icns = ICONS / "sfconf.icns"
        rgba.save(icns, format="ICNS")
        made.append(icns)
    return made


def main() -> int:
    png = render_png()
    window = [render_png(size, f"sfconf-{size}.png") for size in WINDOW_SIZES]
    for path in [png, *window, *pack_ico_icns(png)]:
        print(f"{path.relative_to(ICONS.parent.parent)}\t{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
