"""A call list read: a row per call or group of calls.

Rows are found from their time at the right (``09:15``, ``昨天``, ``星期二``, ``10-13``): each
time line anchors a row, which holds the left-hand lines around it, halfway to the rows above
and below. The row's top left line is the name or the number (with its count ``(3)``); the
line under it is the place, ignored. A row whose name is drawn in red is a missed call
(the colour of its darkest pixels in the image); the words 未接, 呼出, 呼入 (or 响铃) on the row
say the status and direction where a dialer writes them.
"""

from __future__ import annotations

import re
from datetime import datetime

from PIL import Image

from evidence_logger.ocr.frame import Frame, as_number
from evidence_logger.ocr.page import Box, PageText, ReadCall
from evidence_logger.ocr.stamps import WHERE_ROW, Stamp, parse_stamp, resolve

_COUNT = re.compile(r"\s*[(（]\s*(\d{1,3})\s*[)）]\s*$")
_COUNT_ALONE = re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]$")
_MISSED = ("未接", "响铃", "未接通", "拒接")
_OUTGOING = ("呼出", "去电", "已拨")
_INCOMING = ("呼入", "来电", "已接")
TITLE_WORDS = ("通话记录", "最近通话", "通话", "拨号", "电话")


def call_times(page: PageText, frame: Frame, body: list[int]) -> dict[int, Stamp]:
    """The body lines at the right that are a call's time alone."""
    found = {}
    for i in body:
        line = page.lines[i]
        if line.box.left > 0.55 * frame.width and line.box.width < 0.4 * frame.width:
            stamp = parse_stamp(line.text)
            if stamp is not None:
                found[i] = stamp
    return found


def looks_like_call_list(page: PageText, frame: Frame, body: list[int], header: list[int],
                         ) -> bool:
    """Times down the right with names or numbers at the left of the same rows (at least three
    rows, or two under a title such as 通话记录) and no chat separators in the middle."""
    times = call_times(page, frame, body)
    lefts = [i for i in body if page.lines[i].box.right < 0.55 * frame.width]
    rows = sum(1 for t in times if any(_near(page.lines[t].box, page.lines[i].box, frame)
                                       for i in lefts))
    titled = any(word in page.lines[i].text for i in header for word in TITLE_WORDS)
    return rows >= 3 or (titled and rows >= 2)


def _near(time: Box, left: Box, frame: Frame) -> bool:
    return abs(time.center_y - left.center_y) < 90 * frame.scale


def read_calls(page: PageText, frame: Frame, body: list[int], captured: datetime | None,
               image: Image.Image | None, roles: dict[int, str]) -> list[ReadCall]:
    """The rows of a call list's ``body`` lines; fills ``roles``."""
    times = call_times(page, frame, body)
    anchors = sorted(times, key=lambda i: page.lines[i].box.center_y)
    centres = [page.lines[i].box.center_y for i in anchors]
    lefts = [i for i in body if i not in times and page.lines[i].box.right < 0.75 * frame.width]
    calls = []
    for k, anchor in enumerate(anchors):
        y = centres[k]
        above = (y + centres[k - 1]) / 2 if k else y - 120 * frame.scale
        below = (y + centres[k + 1]) / 2 if k + 1 < len(centres) else y + 120 * frame.scale
        row = [i for i in lefts if above <= page.lines[i].box.center_y < below]
        roles[anchor] = "time"
        if not row:
            continue
        main = min(row, key=lambda i: page.lines[i].box.top)  # the name or number: on top
        for i in row:
            roles[i] = "call" if i == main else "text"
        text = page.lines[main].text
        count = 1
        match = _COUNT.search(text)
        if match:
            count, text = int(match.group(1)), text[:match.start()]
        else:
            for i in row:
                alone = _COUNT_ALONE.match(page.lines[i].text.strip())
                if alone and i != main:
                    count = int(alone.group(1))
                    roles[i] = "call"
        number = as_number(text)
        words = " ".join(page.lines[i].text for i in row)
        status, direction = _status(words)
        if image is not None and _red(image, page, page.lines[main].box):
            status, direction = "missed", "in"
        calls.append(ReadCall(main, number, None if number else text.strip() or None,
                              max(1, count),
                              resolve(times[anchor], captured, line=anchor, where=WHERE_ROW),
                              status, direction))
    return calls


def _status(words: str) -> tuple[str | None, str | None]:
    if any(word in words for word in _MISSED):
        return "missed", "in"
    if any(word in words for word in _OUTGOING):
        return "outgoing", "out"
    if any(word in words for word in _INCOMING):
        return "answered", "in"
    return None, None


def _red(image: Image.Image, page: PageText, box: Box) -> bool:
    """Whether the text in ``box`` is red: the hue of its darkest pixels (the glyphs' cores)."""
    import numpy as np

    sx, sy = image.width / page.width, image.height / page.height
    crop = image.crop((int(box.left * sx), int(box.top * sy), max(int(box.left * sx) + 1,
                       int(box.right * sx)), max(int(box.top * sy) + 1, int(box.bottom * sy))))
    pixels = np.asarray(crop.convert("RGB"), dtype=np.int16).reshape(-1, 3)
    if len(pixels) < 4:
        return False
    # the glyphs: the pixels well darker than the background (the crop's brightest), and of
    # those the darker half (their cores, not the anti-aliased edges)
    lightness = pixels.sum(axis=1)
    glyphs = lightness < lightness.max() - 150
    if glyphs.sum() < 8:  # no contrast: no text to judge
        return False
    cut = np.median(lightness[glyphs])
    ink = pixels[glyphs & (lightness <= cut)]
    r, g, b = ink.mean(axis=0)
    return bool(r > 140 and r - max(g, b) > 60)
