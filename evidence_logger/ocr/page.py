"""The plain types OCR hands on: lines of text with their boxes, and what a screen was read as.

:class:`PageText` is what the engine read (engine-neutral); :class:`ScreenReading` is what the
layout reader (:mod:`evidence_logger.ocr.layout`) made of it. Times in a reading are naive local
wall-clock times of the phone (the case's zone), like the names of recordings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

SCREEN_KINDS = ("chat", "call-list", "other")
# the app a screen comes from, where the reader can tell
SCREEN_APPS = ("sms", "wechat", "qq", "lender", "dialer")


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned box in image pixels (the engine's quadrilateral's bounds)."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def center_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One line of text the engine found: its text, box and confidence (0..1)."""

    text: str
    box: Box
    score: float


@dataclass(frozen=True, slots=True)
class PageText:
    """Everything the engine read on one image, lines top to bottom (then left to right)."""

    width: int
    height: int
    lines: tuple[OcrLine, ...]


@dataclass(frozen=True, slots=True)
class Counterpart:
    """Who a chat is with, as its header shows: a number, a name (contact or platform), or both."""

    number: str | None = None
    name: str | None = None
    line: int | None = None  # index of the header line in PageText.lines


@dataclass(frozen=True, slots=True)
class ReadTime:
    """A time shown on a screen, resolved against the screenshot's capture time.

    ``at`` is naive local time; ``precision_s`` how far it may be off (60: minute shown;
    86400: only the day); ``how`` says in English how it was derived (shown to the user, kept in
    the case) as a template whose fields ``how_params`` fills, e.g. "{where} shows '{shown}':
    the day before the capture ({at})" (see :mod:`evidence_logger.ocr.stamps`).
    ``relative``: it leans on the capture time (so it is only as good as that time)."""

    at: datetime
    precision_s: int
    how: str
    relative: bool
    line: int | None = None  # the separator or row line it was read from
    # the values of ``how``'s {fields}: ``how`` is an English template (translatable), see
    # evidence_logger.ocr.stamps.HOW_TEMPLATES; stamps.how_text() fills it in
    how_params: dict[str, str] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True, slots=True)
class ReadMessage:
    """One bubble of a chat screen."""

    lines: tuple[int, ...]  # indices into PageText.lines, top to bottom
    direction: str  # "in" (left, received) or "out" (right, sent)
    text: str  # the lines joined (Chinese without spaces)
    time: ReadTime | None  # None: no time can be derived at all


@dataclass(frozen=True, slots=True)
class ReadCall:
    """One row of a call list: a call, or a group of ``count`` calls (``(3)``)."""

    line: int  # the row's name or number line
    number: str | None
    name: str | None
    count: int
    time: ReadTime | None
    status: str | None  # "missed", "answered", "outgoing", or None when the row does not show
    direction: str | None  # "in" / "out" / None


@dataclass(slots=True)
class ScreenReading:
    """What one screen was read as."""

    kind: str  # one of SCREEN_KINDS
    app: str | None = None  # one of SCREEN_APPS, when it can be told
    counterpart: Counterpart | None = None  # chats
    messages: list[ReadMessage] = field(default_factory=list)
    calls: list[ReadCall] = field(default_factory=list)
    # what each line is: "status-bar", "header", "time", "message", "call", "chrome", "text"
    roles: dict[int, str] = field(default_factory=dict)
