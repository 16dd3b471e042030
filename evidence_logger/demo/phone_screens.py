"""Phone screens drawn with Pillow in the shipped font, each with what it shows (ground truth).

Three screens, at any size (1080x2400 by default; everything scales with the width):

- :func:`render_sms`: an Android Messages-style thread: the number (or contact) in the header,
  received bubbles grey at the left, sent bubbles blue at the right, centred grey time
  separators, the input bar.
- :func:`render_wechat`: a WeChat-style chat: grey page, the name centred in the header, avatars
  as coloured squares at both sides, white received and green sent bubbles, centred grey time
  separators such as ``昨天 21:03``.
- :func:`render_call_list`: a dialer's call list: a row per call or group (``(3)``), the name or
  number (red when missed), the place under it, the time at the right (``09:15``, ``昨天``,
  ``10-13``).

Each returns the image and its truth (:class:`ChatTruth` / :class:`CallListTruth`), which the
tests, the benchmark and the sample case compare the reading with. Messages that do not fit are
scrolled out at the top, as on a phone: the truth holds only what the screen shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from PIL import Image, ImageDraw, ImageFont

from evidence_logger.demo.screenshots import font

SIZE = (1080, 2400)
_WEEKDAYS = "一二三四五六日"
_INK, _FAINT, _RED = (25, 25, 25), (150, 150, 155), (228, 46, 46)


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """A message to draw: its text, whether the phone's owner sent it, when.

    ``stamp``: the time separator drawn above it: None draws one where a phone would (the first
    message, or five minutes after the one before) in the ``separators`` style of the renderer;
    "" draws none; any other text is drawn as it is."""

    text: str
    sent: bool
    at: datetime
    stamp: str | None = None


@dataclass(frozen=True, slots=True)
class TruthMessage:
    """A message the screen shows, with the time separator above it (None: none is visible)."""

    text: str
    direction: str  # "in" / "out"
    at: datetime  # when it was sent
    stamp: str | None  # the separator's text
    stamp_at: datetime | None  # the time the separator says (to the minute, or the day's start)


@dataclass(slots=True)
class ChatTruth:
    app: str  # "sms" / "wechat"
    number: str | None  # the header's number, digits only
    name: str | None  # the header's name
    captured: datetime
    messages: list[TruthMessage] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CallRow:
    """A call-list row to draw: a name or a number (or both: the name is shown), ``count`` calls,
    the latest at ``at``; ``missed`` rows are red. ``shown`` overrides the time text."""

    at: datetime
    number: str | None = None
    name: str | None = None
    count: int = 1
    missed: bool = False
    outgoing: bool = False
    place: str = "广东 深圳"
    shown: str | None = None


@dataclass(frozen=True, slots=True)
class TruthCall:
    number: str | None  # digits, when the row shows a number
    name: str | None  # when it shows a name
    count: int
    shown: str  # the time text of the row
    at: datetime  # what the time text says, resolved (the day's start when only a day is shown)
    precision_s: int  # 60 or 86400
    missed: bool
    direction: str | None  # "out" when the row shows 呼出, "in" for 呼入/未接, else None


@dataclass(slots=True)
class CallListTruth:
    captured: datetime
    calls: list[TruthCall] = field(default_factory=list)


# -- time texts as phones show them ---------------------------------------------------------


def chat_stamp(at: datetime, captured: datetime, style: str = "auto") -> str:
    """A chat's time separator for ``at`` seen at ``captured``.

    ``style``: "auto" as WeChat does (``10:32`` today, ``昨天 21:03``, ``星期二 09:15`` within a
    week, ``10月13日 下午3:05`` this year, ``2025年10月13日 15:05`` before); "date"
    (``10月13日 15:05`` always, as the SMS app); "full" (``2026-10-13 15:05``); "english"
    (``Yesterday 9:03 PM`` and the like)."""
    days = (captured.date() - at.date()).days
    hm = at.strftime("%H:%M")
    if style == "date":
        return f"{at.month}月{at.day}日 {hm}"
    if style == "full":
        return at.strftime("%Y-%m-%d %H:%M")
    if style == "english":
        twelve = f"{(at.hour + 11) % 12 + 1}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"
        if days == 0:
            return twelve
        if days == 1:
            return f"Yesterday {twelve}"
        return f"{at.strftime('%b')} {at.day} {twelve}"
    if days == 0:
        return hm
    if days == 1:
        return f"昨天 {hm}"
    if days < 7:
        return f"星期{_WEEKDAYS[at.weekday()]} {hm}"
    if at.year == captured.year:
        return f"{at.month}月{at.day}日 {_period(at)}"
    return f"{at.year}年{at.month}月{at.day}日 {hm}"


def _period(at: datetime) -> str:
    """``下午3:05``: the 12-hour clock with its period, as WeChat writes older times."""
    word = ("凌晨" if at.hour < 6 else "上午" if at.hour < 12 else "下午" if at.hour < 18
            else "晚上")
    return f"{word}{(at.hour + 11) % 12 + 1}:{at.minute:02d}"


def call_time(at: datetime, captured: datetime) -> tuple[str, datetime, int]:
    """A call list's time text for ``at``: ``09:15``, ``昨天``, ``星期二``, ``10-13``, with
    what it resolves to and its precision."""
    days = (captured.date() - at.date()).days
    midnight = datetime.combine(at.date(), datetime.min.time())
    if days == 0:
        return at.strftime("%H:%M"), at.replace(second=0, microsecond=0), 60
    if days == 1:
        return "昨天", midnight, 86400
    if days < 7:
        return f"星期{_WEEKDAYS[at.weekday()]}", midnight, 86400
    if at.year == captured.year:
        return at.strftime("%m-%d"), midnight, 86400
    return at.strftime("%Y-%m-%d"), midnight, 86400


# -- drawing helpers ------------------------------------------------------------------------


class _Canvas:
    """An image with its scale (width / 1080) and the faces at scaled sizes."""

    def __init__(self, size: tuple[int, int], background: tuple[int, int, int]) -> None:
        self.width, self.height = size
        self.s = self.width / 1080
        self.image = Image.new("RGB", size, background)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, value: float) -> int:
        return round(value * self.s)

    def face(self, size: float) -> ImageFont.FreeTypeFont:
        return font(max(8, self.px(size)))

    def status_bar(self, captured: datetime, ink: tuple[int, int, int] = _INK) -> None:
        small = self.face(34)
        y = self.px(22)
        self.draw.text((self.px(50), y), captured.strftime("%H:%M"), font=small, fill=ink)
        right = self.width - self.px(50)
        self.draw.rectangle((right - self.px(60), y + self.px(6), right, y + self.px(34)),
                            outline=ink, width=max(1, self.px(3)))
        self.draw.rectangle((right - self.px(56), y + self.px(10), right - self.px(18),
                             y + self.px(30)), fill=ink)
        self.draw.text((right - self.px(200), y), "5G", font=small, fill=ink)
        for i in range(4):  # signal bars
            x = right - self.px(120) + self.px(12) * i
            self.draw.rectangle((x, y + self.px(30 - 7 * i), x + self.px(7), y + self.px(34)),
                                fill=ink)

    def back_arrow(self, x: float, y: float, ink: tuple[int, int, int] = _INK) -> None:
        w = max(2, self.px(5))
        self.draw.line((self.px(x + 24), self.px(y), self.px(x), self.px(y + 24),
                        self.px(x + 24), self.px(y + 48)), fill=ink, width=w)


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and face.getlength(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def spaced(number: str) -> str:
    """``138 0013 8000``, as phones show an 11-digit mobile number."""
    return f"{number[:3]} {number[3:7]} {number[7:]}" if len(number) == 11 else number


@dataclass
class _Block:
    """A separator or a bubble, laid out at y=0; placed later (scrolled to the bottom)."""

    height: int
    message: ChatMessage | None = None
    stamp: str | None = None
    lines: list[str] = field(default_factory=list)
    width: float = 0


def _blocks(canvas: _Canvas, messages: Sequence[ChatMessage], captured: datetime,
            separators: str, body: ImageFont.FreeTypeFont, bubble_max: float,
            line_h: int, pad: int, gap: int, stamp_h: int) -> list[_Block]:
    blocks: list[_Block] = []
    previous: datetime | None = None
    for message in messages:
        stamp = message.stamp
        if stamp is None:
            due = previous is None or message.at - previous >= timedelta(minutes=5)
            stamp = chat_stamp(message.at, captured, separators) if due else ""
        previous = message.at
        if stamp:
            blocks.append(_Block(stamp_h, stamp=stamp))
        lines = _wrap(message.text, body, bubble_max - 2 * pad)
        width = max(body.getlength(line) for line in lines) + 2 * pad
        blocks.append(_Block(line_h * len(lines) + 2 * pad - (line_h - round(body.size)) + gap,
                             message=message, lines=lines, width=width))
    return blocks


def _visible(blocks: list[_Block], room: int) -> list[_Block]:
    """The last blocks that fit into ``room`` pixels (the chat scrolled to its end)."""
    kept: list[_Block] = []
    used = 0
    for block in reversed(blocks):
        if used + block.height > room:
            break
        kept.append(block)
        used += block.height
    return kept[::-1]


def _truth(blocks: list[_Block], captured: datetime, separators: str) -> list[TruthMessage]:
    truth = []
    stamp: str | None = None
    stamp_at: datetime | None = None
    for block in blocks:
        if block.stamp is not None:
            stamp = block.stamp
            stamp_at = None
            continue
        message = block.message
        assert message is not None
        if stamp is not None and stamp_at is None:
            stamp_at = message.at.replace(second=0, microsecond=0)
        truth.append(TruthMessage(message.text, "out" if message.sent else "in", message.at,
                                  stamp, stamp_at))
    return truth


# -- the screens ----------------------------------------------------------------------------


def render_sms(messages: Sequence[ChatMessage], captured: datetime, *,
               number: str | None = "13800138000", name: str | None = None,
               size: tuple[int, int] = SIZE, separators: str = "date",
               ) -> tuple[Image.Image, ChatTruth]:
    """An SMS thread as Android's Messages app shows it, scrolled to its end at ``captured``.

    The header shows ``name`` when given (the number under it), else the number spaced
    (``138 0013 8000``). A separator's ``stamp_at`` in the truth is the time of the first message
    under it (to the minute)."""
    c = _Canvas(size, (255, 255, 255))
    grey, blue = (236, 238, 242), (52, 120, 246)
    c.status_bar(captured)
    c.back_arrow(50, 150)
    title = c.face(54)
    c.draw.text((c.px(130), c.px(130)), name or spaced(number or ""), font=title, fill=_INK)
    sub = spaced(number) if name and number else "中国 · 手机号码"
    c.draw.text((c.px(130), c.px(204)), sub, font=c.face(32), fill=_FAINT)
    c.draw.line((0, c.px(262), c.width, c.px(262)), fill=grey, width=max(1, c.px(2)))
    body, small = c.face(46), c.face(34)
    line_h, pad, gap = c.px(64), c.px(26), c.px(30)
    blocks = _blocks(c, messages, captured, separators, body, c.width * 0.68, line_h, pad, gap,
                     c.px(80))
    bar_top = c.height - c.px(170)
    blocks = _visible(blocks, bar_top - c.px(300))
    y = bar_top - sum(b.height for b in blocks)
    for block in blocks:
        if block.stamp is not None:
            c.draw.text(((c.width - small.getlength(block.stamp)) / 2, y + c.px(14)),
                        block.stamp, font=small, fill=_FAINT)
        else:
            assert block.message is not None
            sent = block.message.sent
            left = c.width - c.px(40) - block.width if sent else c.px(40)
            bottom = y + block.height - gap
            c.draw.rounded_rectangle((left, y, left + block.width, bottom), radius=c.px(40),
                                     fill=blue if sent else grey)
            for i, line in enumerate(block.lines):
                c.draw.text((left + pad, y + pad - c.px(6) + line_h * i), line, font=body,
                            fill="white" if sent else _INK)
        y += block.height
    c.draw.rounded_rectangle((c.px(40), c.height - c.px(140), c.width - c.px(150),
                              c.height - c.px(40)), radius=c.px(50), outline=grey,
                             width=max(1, c.px(3)))
    c.draw.text((c.px(90), c.height - c.px(118)), "短信", font=body, fill=_FAINT)
    c.draw.ellipse((c.width - c.px(125), c.height - c.px(135), c.width - c.px(35),
                    c.height - c.px(45)), fill=blue)
    truth = ChatTruth("sms", number, name, captured, _truth(blocks, captured, separators))
    return c.image, truth


def render_wechat(messages: Sequence[ChatMessage], captured: datetime, *,
                  name: str = "速借金融-催收", size: tuple[int, int] = SIZE,
                  separators: str = "auto") -> tuple[Image.Image, ChatTruth]:
    """A WeChat-style chat with ``name`` at ``captured``: grey page, avatars at both sides."""
    page, bar = (237, 237, 237), (247, 247, 247)
    green, white = (149, 236, 105), (255, 255, 255)
    c = _Canvas(size, page)
    c.status_bar(captured)
    c.back_arrow(40, 150)
    title = c.face(50)
    c.draw.text(((c.width - title.getlength(name)) / 2, c.px(134)), name, font=title, fill=_INK)
    for i in range(3):  # the "..." menu
        x = c.width - c.px(110) + c.px(22) * i
        c.draw.ellipse((x, c.px(170), x + c.px(9), c.px(179)), fill=_INK)
    c.draw.line((0, c.px(262), c.width, c.px(262)), fill=(222, 222, 222), width=max(1, c.px(2)))
    body, small = c.face(48), c.face(34)
    line_h, pad, gap = c.px(66), c.px(30), c.px(40)
    avatar, margin = c.px(110), c.px(30)
    blocks = _blocks(c, messages, captured, separators, body, c.width * 0.64, line_h, pad, gap,
                     c.px(90))
    bar_top = c.height - c.px(190)
    blocks = _visible(blocks, bar_top - c.px(300))
    y = bar_top - sum(b.height for b in blocks)
    for block in blocks:
        if block.stamp is not None:
            c.draw.text(((c.width - small.getlength(block.stamp)) / 2, y + c.px(22)),
                        block.stamp, font=small, fill=_FAINT)
        else:
            assert block.message is not None
            sent = block.message.sent
            ax = c.width - margin - avatar if sent else margin
            c.draw.rounded_rectangle((ax, y, ax + avatar, y + avatar), radius=c.px(10),
                                     fill=(70, 130, 200) if sent else (235, 140, 60))
            left = (ax - c.px(20) - block.width) if sent else ax + avatar + c.px(20)
            bottom = y + block.height - gap
            c.draw.rounded_rectangle((left, y, left + block.width, bottom), radius=c.px(12),
                                     fill=green if sent else white)
            for i, line in enumerate(block.lines):
                c.draw.text((left + pad, y + pad - c.px(6) + line_h * i), line, font=body,
                            fill=_INK)
        y += block.height
    c.draw.rectangle((0, bar_top + c.px(10), c.width, c.height), fill=bar)
    c.draw.ellipse((c.px(30), bar_top + c.px(45), c.px(110), bar_top + c.px(125)),
                   outline=_INK, width=max(1, c.px(4)))
    c.draw.rounded_rectangle((c.px(135), bar_top + c.px(35), c.width - c.px(250),
                              bar_top + c.px(135)), radius=c.px(10), fill=white)
    for x in (c.width - c.px(210), c.width - c.px(110)):
        c.draw.ellipse((x, bar_top + c.px(45), x + c.px(80), bar_top + c.px(125)),
                       outline=_INK, width=max(1, c.px(4)))
    truth = ChatTruth("wechat", None, name, captured, _truth(blocks, captured, separators))
    return c.image, truth


def render_call_list(rows: Sequence[CallRow], captured: datetime, *,
                     size: tuple[int, int] = SIZE, words: bool = False,
                     ) -> tuple[Image.Image, CallListTruth]:
    """A dialer's call list at ``captured``, newest row first as given.

    ``words``: write 呼出 / 呼入 / 未接 after the place (some dialers do), so that the direction
    can be read; otherwise only the red colour marks a missed call."""
    c = _Canvas(size, (255, 255, 255))
    c.status_bar(captured)
    c.draw.text((c.px(60), c.px(130)), "通话记录", font=c.face(64), fill=_INK)
    c.draw.rounded_rectangle((c.px(50), c.px(250), c.width - c.px(50), c.px(340)),
                             radius=c.px(45), fill=(242, 242, 245))
    c.draw.text((c.px(110), c.px(268)), "搜索联系人", font=c.face(36), fill=_FAINT)
    main, small = c.face(50), c.face(34)
    row_h, y = c.px(190), c.px(380)
    bottom = c.height - c.px(200)
    truth = CallListTruth(captured)
    for row in rows:
        if y + row_h > bottom:
            break
        label = row.name or spaced(row.number or "")
        if row.count > 1:
            label += f" ({row.count})"
        ink = _RED if row.missed else _INK
        c.draw.text((c.px(60), y + c.px(30)), label, font=main, fill=ink)
        place_x = c.px(60)
        if row.outgoing:  # the arrow icon: up and to the right
            w = max(1, c.px(4))
            c.draw.line((place_x, y + c.px(140), place_x + c.px(24), y + c.px(116)), fill=_FAINT,
                        width=w)
            c.draw.line((place_x + c.px(10), y + c.px(116), place_x + c.px(24), y + c.px(116),
                         place_x + c.px(24), y + c.px(130)), fill=_FAINT, width=w)
            place_x += c.px(40)
        place = row.place
        direction = None
        if words:
            word = "呼出" if row.outgoing else "未接" if row.missed else "呼入"
            place = f"{place}  {word}" if place else word
            direction = "out" if row.outgoing else "in"
        if place:
            c.draw.text((place_x, y + c.px(108)), place, font=small, fill=_FAINT)
        shown, at, precision = call_time(row.at, captured)
        if row.shown is not None:
            shown = row.shown
        c.draw.text((c.width - c.px(150) - small.getlength(shown), y + c.px(70)), shown,
                    font=small, fill=_FAINT)
        cx, cy, r = c.width - c.px(80), y + c.px(92), c.px(24)
        c.draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(52, 120, 246),
                       width=max(1, c.px(3)))
        c.draw.line((0 + c.px(60), y + row_h - 1, c.width, y + row_h - 1), fill=(238, 238, 238))
        number = None if row.name else row.number
        truth.calls.append(TruthCall(number, row.name, row.count, shown, at, precision,
                                     row.missed, direction))
        y += row_h
    tabs = ("电话", "联系人", "收藏")
    tab_face = c.face(34)
    for i, tab in enumerate(tabs):
        x = c.width * (2 * i + 1) / 6 - tab_face.getlength(tab) / 2
        c.draw.text((x, c.height - c.px(90)), tab, font=tab_face,
                    fill=(52, 120, 246) if i == 0 else _FAINT)
    return c.image, truth
