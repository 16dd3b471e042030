#!/usr/bin/env python3
"""Regenerate every app icon from the one SVG source.

    .venv/bin/python packaging/make_icons.py

Reads  resources/icons/evidence-logger.svg
Writes resources/icons/evidence-logger-{16,24,32,48,64,128,256,512}.png  (window, Linux hicolor)
       packaging/icons/evidence-logger.ico   (Windows: 16, 20, 24, 32, 40, 48, 64, 128, 256)
       packaging/icons/evidence-logger.icns  (macOS: 16 ... 1024)

Each size is rendered straight from the SVG with Qt's QSvgRenderer (offscreen, no display
needed), so small sizes are drawn, not shrunk from a large bitmap. Pillow writes the PNG,
.ico and .icns files; the output is byte-for-byte reproducible for a given Qt and Pillow.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "evidence-logger.svg"
PNG_DIR = ROOT / "resources" / "icons"
ICO = ROOT / "packaging" / "icons" / "evidence-logger.ico"
ICNS = ROOT / "packaging" / "icons" / "evidence-logger.icns"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The SVG drawn at size x size pixels, as an RGBA Pillow image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt up)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"error: cannot read {SVG}", file=sys.stderr)
        return 1
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    images = {size: render(renderer, size) for size in sizes}

    written: list[Path] = []
    for size in PNG_SIZES:
        path = PNG_DIR / f"evidence-logger-{size}.png"
        images[size].save(path, "PNG", optimize=True)
        written.append(path)

    ICO.parent.mkdir(parents=True, exist_ok=True)
    # Pillow takes each listed size from append_images when one matches exactly.
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(ICO, "ICO", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    written.append(ICO)

    largest_icns = images[max(ICNS_SIZES)]
    largest_icns.save(ICNS, "ICNS",
                      append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)])
    written.append(ICNS)

    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
