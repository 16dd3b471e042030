"""Reading PDFs back in tests."""

from __future__ import annotations

from pypdf import PdfReader


def fonts_of(reader: PdfReader) -> dict[str, bool]:
    """Each font the pages use, and whether the PDF embeds it (a TrueType font file)."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant.get("/FontDescriptor")  # none: a standard 14 font
            fonts[str(font["/BaseFont"])] = descriptor is not None and \
                "/FontFile2" in descriptor.get_object()
    return fonts
