"""Line breaking of the dossier's CJK paragraphs, with the rule reportlab leaves out.

reportlab's CJK wrap (``paragraph.cjkFragSplit``) keeps a closing mark off the start of a
line but lets an opening one end a line ("（" or "“" left at a line's end, its text on the
next). :func:`install` puts a copy of that function in its place which also carries an
opening mark down to the next line; nothing else changes.
"""

from __future__ import annotations

from typing import Any
from unicodedata import category

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus import paragraph

_FUZZ = 1e-6


def _split(frags: Any, maxWidths: Any, calcBounds: Any, encoding: str = "utf8") -> Any:
    """reportlab 4's ``cjkFragSplit`` plus: a line never ends with an opening mark."""
    units = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend([paragraph.cjkU(t, f, encoding) for t in text])
        else:
            units.append(paragraph.cjkU(text, f, encoding))
    lines = []
    i = width_used = start = 0
    max_width = maxWidths[0]
    count = len(units)
    while i < count:
        u = units[i]
        i += 1
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        width_used += w
        line_break = hasattr(u.frag, "lineBreak")
        if (width_used > max_width + _FUZZ and width_used > 0) or line_break:
            extra = max_width - width_used
            if not line_break:
                if ord(u) < 0x3000:  # inside a run of Latin text: back to a space or CJK
                    limit = (start + i) >> 1
                    for j in range(i - 1, limit, -1):
                        uj = units[j]
                        if uj and category(uj) == "Zs" or ord(uj) >= 0x3000:
                            k = j + 1
                            if k < i:
                                j = k + 1
                                extra += sum(units[n].width for n in range(j, i))
                                w = units[k].width
                                u = units[k]
                                i = j
                                break
                if u not in ALL_CANNOT_START and i > start + 1:
                    i -= 1
                    extra += w
                # an opening mark goes down with what it opens
                while i - 1 > start + 1 and units[i - 1] in ALL_CANNOT_END:
                    i -= 1
                    extra += units[i].width
            lines.append(paragraph.makeCJKParaLine(units[start:i], max_width, width_used,
                                                   extra, line_break, calcBounds))
            try:
                max_width = maxWidths[len(lines)]
            except IndexError:
                max_width = maxWidths[-1]
            start = i
            width_used = 0
    if width_used > 0:
        lines.append(paragraph.makeCJKParaLine(units[start:], max_width, width_used,
                                               max_width - width_used, False, calcBounds))
    return paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    """Make every CJK paragraph break lines by :func:`_split` (idempotent)."""
    paragraph.cjkFragSplit = _split
