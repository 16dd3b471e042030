"""Reading PDFs back in tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader


def text_of_pdf(path: Path) -> str:
    """The text of every page, its runs of white space made one space (pypdf: no poppler
    needed on the machine that runs the tests)."""
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def fonts_of(reader: PdfReader) -> dict[str, bool]:  # pypdf's objects: checked at run time
    """Each font the pages use, and whether the PDF embeds it (a TrueType font file)."""
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant.get("/FontDescriptor")  # none: a standard 14 font
            fonts[str(font["/BaseFont"])] = descriptor is not None and \
                "/FontFile2" in descriptor.get_object()
    return fonts
