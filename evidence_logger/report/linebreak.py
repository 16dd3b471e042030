"""Line breaking of the dossier's CJK paragraphs, with the rule reportlab leaves out.

reportlab's CJK wrap (``paragraph.cjkFragSplit``) keeps a closing mark off the start of a
line but lets an opening one end a line ("（" or "“" left at a line's end, its text on the
next). :func:`install` puts a copy of that function in its place which also carries an
opening mark down to the next line.

It also mends a paragraph of one style split across two pages: reportlab keeps its lines
as strings and joins them again without the space each Latin line break had consumed
("fox" + "jumps" -> "foxjumps" in the English dossier); the split halves get it back.
"""

from __future__ import annotations

from typing import Any
from unicodedata import category

from reportlab.lib import textsplit
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus import paragraph

_FUZZ = 1e-6


def _split(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
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
    max_width = max_widths[0]
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
                        if (uj and category(uj) == "Zs") or ord(uj) >= 0x3000:
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
                                                   extra, line_break, calc_bounds))
            try:
                max_width = max_widths[len(lines)]
            except IndexError:
                max_width = max_widths[-1]
            start = i
            width_used = 0
    if width_used > 0:
        lines.append(paragraph.makeCJKParaLine(units[start:], max_width, width_used,
                                               max_width - width_used, False, calc_bounds))
    return paragraph.ParaLines(kind=1, lines=lines)


def _dumb_split(word: str, widths: list[float], max_widths: Any) -> list[list[Any]]:
    """reportlab 4's ``textsplit.dumbSplit`` (a paragraph of one style) plus: a line never
    ends with an opening mark."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    lines: list[list[Any]] = []
    i = start = 0
    width_used = 0.0
    max_width = max_widths[0]
    count = len(word)
    while i < count:
        w = widths[i]
        c = word[i]
        width_used += w
        i += 1
        if width_used > max_width + _FUZZ and width_used > 0:
            extra = max_width - width_used
            if ord(c) < 0x3000:  # inside a run of Latin text: back to a space or CJK
                limit = (start + i) >> 1
                for j in range(i - 1, limit, -1):
                    cj = word[j]
                    if category(cj) == "Zs" or ord(cj) >= 0x3000:
                        k = j + 1
                        if k < i:
                            j = k + 1
                            extra += sum(widths[j:i])
                            w = widths[k]
                            c = word[k]
                            i = j
                            break
            if c not in ALL_CANNOT_START and i > start + 1:
                i -= 1
                extra += w
            while i - 1 > start + 1 and word[i - 1] in ALL_CANNOT_END:
                i -= 1
                extra += widths[i]
            lines.append([extra, word[start:i].strip()])
            try:
                max_width = max_widths[len(lines)]
            except IndexError:
                max_width = max_widths[-1]
            start = i
            width_used = 0
    if width_used > 0:
        lines.append([max_width - width_used, word[start:]])
    return lines


def _latin(ch: str) -> bool:
    return ord(ch) < 0x2E80 and not ch.isspace()


def _spaced(words: list[str]) -> list[str]:
    """The lines of a split paragraph with the space between two Latin lines put back."""
    out = list(words)
    for i in range(len(out) - 1):
        if out[i] and out[i + 1] and _latin(out[i][-1]) and _latin(out[i + 1][0]):
            out[i] += " "
    return out


def _split_paragraph(self: Any, avail_width: float, avail_height: float) -> Any:
    parts = _ORIGINAL_SPLIT(self, avail_width, avail_height)
    if getattr(self.style, "wordWrap", None) == "CJK":
        for part in parts:
            frags: list[Any] = list(getattr(part, "frags", ()))
            words = getattr(frags[0], "words", None) if len(frags) == 1 else None
            if words and all(isinstance(w, str) for w in words):
                frags[0].words = _spaced(words)
    return parts


_ORIGINAL_SPLIT = paragraph.Paragraph.split


def install() -> None:
    """Make every CJK paragraph break lines by :func:`_split` (several styles) or
    :func:`_dumb_split` (one) and split across pages by :func:`_split_paragraph`
    (idempotent)."""
    paragraph.cjkFragSplit = _split
    textsplit.dumbSplit = _dumb_split
    paragraph.Paragraph.split = _split_paragraph
