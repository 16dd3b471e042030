"""Where matched words stand on a screenshot: the region to crop around lines read by OCR, and
each word's box estimated from its characters' positions within its line's box.

Pure geometry on the reading's boxes (image pixels, ``[x0, y0, x1, y1]``); the drawing is
:class:`evidence_logger.report.screens.ScreenCrop`'s. A line's box holds its text only, so a
character's place in it is estimated in proportion to the widths of the characters before it
(a Chinese or full-width character counts 1, anything else about half): close enough to put a
box round a word, and said to be an estimate wherever it is shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

BoxT = tuple[float, float, float, float]
_LOCATOR = re.compile(r"^lines? (\d+)(?:-(\d+))?")


def locator_lines(locator: str) -> list[int]:
    """The 1-based line numbers an observation's locator names ("line 5", "lines 5-7", "line 5
    (call 2 of 3)"); none for another kind of locator."""
    found = _LOCATOR.match(locator or "")
    if not found:
        return []
    first = int(found.group(1))
    last = int(found.group(2) or first)
    return list(range(first, min(last, first + 200) + 1)) if last >= first else []


def char_weight(ch: str) -> float:
    """How wide a character is, in em: wide (CJK, full-width) 1, others about half."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


def word_box(text: str, box: Sequence[float], start: int, end: int) -> BoxT:
    """The box of ``text[start:end]`` within the line's ``box``, estimated from character
    widths."""
    x0, y0, x1, y1 = box
    weights = [char_weight(ch) for ch in text]
    total = sum(weights) or 1.0
    left = sum(weights[:start]) / total
    right = sum(weights[:end]) / total
    return (x0 + (x1 - x0) * left, y0, x0 + (x1 - x0) * right, y1)


def word_boxes(lines: Sequence[dict[str, Any]], words: Iterable[str]) -> list[BoxT]:
    """Boxes of every occurrence of ``words`` in ``lines`` (reading lines with "text" and
    "box", in order), read as one text: a word that runs on to the next line gets a box on each."""
    joined = "".join(line["text"] for line in lines)
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line["text"])
    wanted = sorted({w for w in words if w}, key=len, reverse=True)
    if not wanted or not joined:
        return []
    out: list[BoxT] = []
    for hit in re.finditer("|".join(re.escape(w) for w in wanted), joined):
        for line, first in zip(lines, starts, strict=True):
            last = first + len(line["text"])
            lo, hi = max(hit.start(), first), min(hit.end(), last)
            if lo < hi:
                out.append(word_box(line["text"], line["box"], lo - first, hi - first))
    return out


def union(boxes: Iterable[Sequence[float]]) -> BoxT | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def crop_region(boxes: Sequence[Sequence[float]], size: tuple[int, int], *,
                context: float = 1.5) -> tuple[int, int, int, int] | None:
    """The region to crop around line ``boxes`` on an image of ``size``: the screen's whole
    width (which side a bubble is on tells who sent it) and the lines' height with
    ``context`` line heights above and below, inside the image."""
    around = union(boxes)
    if around is None:
        return None
    width, height = size
    tallest = max(b[3] - b[1] for b in boxes)
    pad = max(tallest * context, 12)
    top = max(0, int(around[1] - pad))
    bottom = min(height, int(around[3] + pad + 0.999))
    if bottom <= top:
        return None
    return (0, top, width, bottom)
