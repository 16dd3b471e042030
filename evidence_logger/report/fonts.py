"""The font every PDF uses: Noto Sans SC (OFL 1.1), shipped in ``resources/fonts`` and embedded
(subset) in each PDF, so that Chinese renders on any reader without fonts of its own.

reportlab embeds only TrueType (glyf) outlines, which is why the TrueType build of Noto Sans SC
is shipped rather than the OpenType/CFF Noto Sans CJK. Pitfalls the report must respect:
reportlab's canvas and plain table cells default to Helvetica (set ``initialFontName`` and a
``FONTNAME`` table style), and a character the font lacks (emoji, CJK extension B) silently
becomes a box: check text with :func:`missing_glyphs`.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

import reportlab.lib.textsplit as _textsplit
import reportlab.platypus.paragraph as _paragraph
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from evidence_logger.paths import resource

REGULAR, BOLD = "NotoSansSC", "NotoSansSC-Bold"
_registered = False
# Chinese punctuation that must not start a line (reportlab's own list lacks these)
_NO_LINE_START = "，：；？！”’》〉』」）】〗…—·％‰℃、。"


def register() -> None:
    """Register the regular and bold faces (once per process)."""
    global _registered
    if _registered:
        return
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        _registered = True
        return
    pdfmetrics.registerFont(TTFont(REGULAR, _font_file("NotoSansSC-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, _font_file("NotoSansSC-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)
    for module in (_textsplit, _paragraph):  # both line breakers keep their own copy
        if "，" not in module.ALL_CANNOT_START:
            module.ALL_CANNOT_START += _NO_LINE_START
    _registered = True


def _font_file(name: str) -> BytesIO:
    """The shipped font's bytes as a file reportlab reads (it keeps them; the font may be inside
    a zip or a frozen bundle, where there is no file path to give)."""
    data = BytesIO(resource("fonts", name).read_bytes())
    data.name = name  # reportlab names the font's file in its errors
    return data


def missing_glyphs(text: str, font: str = REGULAR) -> set[str]:
    """The characters of ``text`` the font cannot draw (they would come out as boxes)."""
    register()
    cmap = pdfmetrics.getFont(font).face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


def printable(text: str) -> tuple[str, set[str]]:
    """``text`` with each character the font lacks written as its code point (``[U+1F620]``),
    so that it shows as something a reader can look up instead of a box; and those characters."""
    lacking = missing_glyphs(text)
    if not lacking:
        return text, lacking
    return "".join(f"[U+{ord(ch):04X}]" if ch in lacking else ch for ch in text), lacking


def markup(text: str) -> str:
    """Evidence text made safe for a reportlab Paragraph (``&``, ``<``, line breaks)."""
    return escape(text).replace("\n", "<br/>")
