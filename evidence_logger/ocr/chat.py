"""A chat screen read: who it is with, its bubbles, their directions and times.

The header's largest line names the counterpart (a number, a contact or a platform). In the
body, a centred line that is a time alone is a separator (:mod:`evidence_logger.ocr.stamps`);
every other line belongs to a bubble: lines closer than about their own height and aligned at
the left are one bubble, and the bubble's side of the screen gives its direction (hugging the
left edge: received; the right edge: sent; the smaller of the two margins of all its lines
wins, which also holds for WeChat's avatars at both sides and for a sent bubble's short last
line). A message's time is the nearest
separator above it; with none above, it is on or before the next one below (or the capture):
see :func:`evidence_logger.ocr.stamps.before`. A bubble's own small time (beside its last line
or under it, as some SMS apps show it) is that message's time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from PIL import Image

from evidence_logger.ocr.frame import Frame, as_number, strip_chrome
from evidence_logger.ocr.page import Counterpart, OcrLine, PageText, ReadMessage, ReadTime
from evidence_logger.ocr.stamps import (
    HOW_BEFORE_CAPTURE,
    HOW_BEFORE_STAMP,
    HOW_DAY_OF_ABOVE,
    PRECISION_MINUTE,
    WHERE_BESIDE,
    Stamp,
    before,
    parse_stamp,
    resolve,
)
from evidence_logger.ocr.text import join_lines

BUBBLE_GAP = 0.75  # lines of one bubble: the gap between them under this share of their height
ALIGN_SHARE = 0.08  # ... and their left edges within this share of the width
WECHAT_GREY = (237, 237, 237)
SMALL_TIME = 0.85  # a bubble's own time is smaller than its text


@dataclass
class _Row:
    """Lines of one bubble side by side (OCR may cut a line in two)."""

    indices: list[int]
    lines: list[OcrLine]

    @property
    def top(self) -> int:
        return min(line.box.top for line in self.lines)

    @property
    def bottom(self) -> int:
        return max(line.box.bottom for line in self.lines)

    @property
    def left(self) -> int:
        return min(line.box.left for line in self.lines)

    @property
    def right(self) -> int:
        return max(line.box.right for line in self.lines)

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return join_lines([line.text for line in sorted(self.lines, key=lambda x: x.box.left)])


def separators(page: PageText, frame: Frame, indices: list[int]) -> dict[int, Stamp]:
    """The body lines (of ``indices``) that are time separators: centred, a time alone."""
    found = {}
    for i in indices:
        line = page.lines[i]
        if frame.centred(line) and line.box.width < 0.6 * frame.width:
            stamp = parse_stamp(line.text)
            if stamp is not None:
                found[i] = stamp
    return found


def counterpart(page: PageText, header: list[int]) -> Counterpart | None:
    """Who the chat is with: the header's largest line, and a number from another header line
    when that one is a name."""
    named = [i for i in header if _a_name(strip_chrome(page.lines[i].text))]
    if not named:
        return None
    tallest = max(page.lines[i].box.height for i in named)
    tall = [i for i in named if page.lines[i].box.height >= 0.8 * tallest]
    centred = [i for i in tall if abs(page.lines[i].box.center_x - page.width / 2)
               < 0.1 * page.width]
    title = (centred or tall)[0]  # WeChat's centred name, not the unread count beside "<"
    text = strip_chrome(page.lines[title].text)
    number = as_number(text)
    if number is not None:
        return Counterpart(number=number, line=title)
    others = (as_number(strip_chrome(page.lines[i].text)) for i in named if i != title)
    return Counterpart(number=next((n for n in others if n), None), name=text, line=title)


def _a_name(text: str) -> bool:
    """Whether a header line can be a name or number: not a lone glyph (the back arrow read as
    ``√`` or ``V``, the menu's dots)."""
    if not any(ch.isalnum() for ch in text):
        return False
    return len(text) >= 2 or not text.isascii()


def app_of(page: PageText, frame: Frame, title: int | None, image: Image.Image | None) -> str:
    """sms, wechat, qq or lender, from the header's alignment, words and the page's colour."""
    words = " ".join(page.lines[i].text for i in range(len(page.lines))
                     if frame.zone(page.lines[i]) in ("header", "footer"))
    if "QQ" in words.upper():
        return "qq"
    if title is None or not frame.centred(page.lines[title], 0.1):
        return "sms"
    if image is not None and _grey_page(image):
        return "wechat"
    text = page.lines[title].text
    return "lender" if "客服" in text and image is not None else "wechat"


def _grey_page(image: Image.Image) -> bool:
    """WeChat's page is light grey (237, 237, 237): sampled at the left edge, mid-height."""
    rgb = image.convert("RGB") if image.mode != "RGB" else image
    x = max(0, int(rgb.width * 0.01))
    samples = [rgb.getpixel((x, int(rgb.height * share))) for share in (0.3, 0.5, 0.7)]
    return sum(all(abs(int(c) - g) <= 8 for c, g in zip(pixel, WECHAT_GREY, strict=True))
               for pixel in samples if isinstance(pixel, tuple)) >= 2


def bubbles(page: PageText, frame: Frame, indices: list[int]) -> list[list[_Row]]:
    """The body's lines (not separators) as bubbles, top to bottom: each a list of rows."""
    rows: list[_Row] = []
    for i in indices:
        line = page.lines[i]
        last = rows[-1] if rows else None
        if last is not None and _same_row(last, line):
            last.indices.append(i)
            last.lines.append(line)
        else:
            rows.append(_Row([i], [line]))
    groups: list[list[_Row]] = []
    for row in rows:
        if groups and _same_bubble(groups[-1][-1], row, frame):
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def direction_of(rows: list[_Row], frame: Frame) -> str:
    """"in" when the bubble (all its lines: a sent bubble's short last line alone would lean
    left) keeps nearer the left edge than the right, else "out"."""
    left = min(row.left for row in rows)
    right = max(row.right for row in rows)
    return "in" if left < frame.width - right else "out"


def _same_row(row: _Row, line: OcrLine) -> bool:
    overlap = min(row.bottom, line.box.bottom) - max(row.top, line.box.top)
    return overlap > 0.5 * min(row.height, line.box.height)


def _same_bubble(above: _Row, below: _Row, frame: Frame) -> bool:
    gap = below.top - above.bottom
    height = min(above.height, below.height)
    return gap < BUBBLE_GAP * height and abs(below.left - above.left) < ALIGN_SHARE * frame.width


def read_messages(page: PageText, frame: Frame, body: list[int], captured: datetime | None,
                  roles: dict[int, str]) -> list[ReadMessage]:
    """The messages of a chat's ``body`` lines (indices in reading order); fills ``roles``."""
    stamps = separators(page, frame, body)
    times: dict[int, ReadTime | None] = {i: resolve(stamp, captured, line=i)
                                         for i, stamp in stamps.items()}
    for i in stamps:
        roles[i] = "time"
    # a separator cuts bubbles apart: read each stretch between separators on its own
    stretches: list[tuple[int | None, list[int]]] = [(None, [])]
    for i in body:
        if i in stamps:
            stretches.append((i, []))
        elif frame.centred(page.lines[i], 0.02) and page.lines[i].box.width < 0.5 * frame.width:
            roles[i] = "text"  # a centred notice ("以下为新消息"), not a bubble
        else:
            stretches[-1][1].append(i)
    messages: list[ReadMessage] = []
    for k, (stamp_line, lines) in enumerate(stretches):
        if stamp_line is not None:
            time = times[stamp_line]
        else:
            below = next((times[s] for s, _ in stretches[k + 1:] if s is not None), None)
            time = before(below, captured)
        previous: list[_Row] | None = None
        for rows in bubbles(page, frame, lines):
            own = _own_time(page, rows, previous)
            if own is not None and not rows and messages and previous is not None:
                # a small time under the bubble before: that bubble's own time
                roles[own] = "time"
                messages[-1] = replace(messages[-1], time=_beside(page, own, time, captured)
                                       or messages[-1].time)
                continue
            if not rows:
                continue
            indices = tuple(i for row in rows for i in sorted(row.indices,
                                                              key=lambda j: page.lines[j].box.left))
            for i in indices:
                roles[i] = "message"
            read = time
            if own is not None:
                roles[own] = "time"
                read = _beside(page, own, time, captured) or time
            messages.append(ReadMessage(indices, direction_of(rows, frame),
                                        join_lines([row.text for row in rows]), read))
            previous = rows
    return messages


def _beside(page: PageText, line: int, above: ReadTime | None, captured: datetime | None,
            ) -> ReadTime | None:
    """A bubble's own time: a time of day alone is on the day of the separator above it."""
    stamp = parse_stamp(page.lines[line].text)
    if stamp is None:
        return None
    if stamp.has_day or above is None or stamp.hour is None or stamp.minute is None or \
            above.how in (HOW_BEFORE_STAMP, HOW_BEFORE_CAPTURE):
        return resolve(stamp, captured, line=line, where=WHERE_BESIDE)
    at = above.at.replace(hour=stamp.hour, minute=stamp.minute)
    return ReadTime(at, PRECISION_MINUTE, HOW_DAY_OF_ABOVE, above.relative, line,
                    {"shown": stamp.text, "where": WHERE_BESIDE,
                     "above": above.how_params.get("shown", ""),
                     "at": at.strftime("%Y-%m-%d %H:%M")})


def _own_time(page: PageText, rows: list[_Row], previous: list[_Row] | None) -> int | None:
    """A bubble's own small time (``10:32`` beside its last line, or under it), taken out of
    ``rows``; its line, or None. A bubble that is such a time alone leaves ``rows`` empty: it
    is the time of the bubble above it."""
    last = rows[-1]
    others = [line for row in rows for line in row.lines]
    for i, line in zip(list(last.indices), list(last.lines), strict=True):
        if parse_stamp(line.text) is None:
            continue
        rest = [other for other in others if other is not line]
        if not rest and previous:
            rest = [other for row in previous for other in row.lines]
        if rest and line.box.height < SMALL_TIME * max(o.box.height for o in rest):
            last.indices.remove(i)
            last.lines.remove(line)
            if not last.lines:
                rows.pop()
            return i
    return None
