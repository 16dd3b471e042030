"""What a screen is, read from the engine's lines: a chat, a call list, or other text.

:func:`read_screen` is the entry point (pure, no Qt, no engine): the engine's
:class:`~evidence_logger.ocr.page.PageText`, optionally the image (for colours: a missed call's
red, WeChat's grey page) and the screenshot's capture time (naive local; relative times such as
``昨天 21:03`` are resolved against it) give a :class:`~evidence_logger.ocr.page.ScreenReading`.

The screen is split into zones (:mod:`evidence_logger.ocr.frame`): the status bar (its clock is
the capture time, never a message's), the header, the body and the input or tab bar. A body
with times down its right beside names or numbers is a call list
(:mod:`evidence_logger.ocr.call_list`); one with centred time separators, or with lines that
keep to one side or the other of the screen, is a chat (:mod:`evidence_logger.ocr.chat`);
anything else (a lender app's page, a form with labels and values side by side) is other, its
lines kept as text.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PIL import Image

from evidence_logger.ocr import call_list, chat
from evidence_logger.ocr.frame import Frame, frame_of
from evidence_logger.ocr.page import PageText, ScreenReading

log = logging.getLogger(__name__)


def read_screen(page: PageText, image: Image.Image | None = None,
                captured: datetime | None = None) -> ScreenReading:
    """What ``page`` shows: its kind, app, counterpart, messages or calls, and each line's role."""
    frame = frame_of(page)
    zones = {i: frame.zone(line) for i, line in enumerate(page.lines)}
    header = [i for i, zone in zones.items() if zone == "header"]
    body = [i for i, zone in zones.items() if zone == "body"]
    roles = {i: "status-bar" for i, zone in zones.items() if zone == "status-bar"}
    separated = bool(body) and bool(chat.separators(page, frame, body))
    if body and not separated and call_list.looks_like_call_list(page, frame, body, header):
        reading = ScreenReading("call-list", app="dialer", roles=roles)
        _chrome(zones, roles, header, page)
        reading.calls = call_list.read_calls(page, frame, body, captured, image, roles)
    elif body and (separated or _looks_like_chat(page, frame, body)):
        reading = ScreenReading("chat", roles=roles)
        reading.counterpart = chat.counterpart(page, header)
        title = reading.counterpart.line if reading.counterpart else None
        reading.app = chat.app_of(page, frame, title, image)
        _chrome(zones, roles, header, page, title)
        reading.messages = chat.read_messages(page, frame, body, captured, roles)
    else:
        reading = ScreenReading("other", roles=roles)
    for i in range(len(page.lines)):
        roles.setdefault(i, "text")
    log.debug("read a %s screen (%s): %d messages, %d calls", reading.kind, reading.app,
              len(reading.messages), len(reading.calls))
    return reading


def _chrome(zones: dict[int, str], roles: dict[int, str], header: list[int], page: PageText,
            title: int | None = None) -> None:
    """Header and footer lines: the title is the header, the rest chrome."""
    if title is None and header:
        tallest = max(page.lines[i].box.height for i in header)
        title = next(i for i in header if page.lines[i].box.height >= 0.8 * tallest)
    for i, zone in zones.items():
        if zone == "header":
            roles[i] = "header" if i == title else "chrome"
        elif zone == "footer":
            roles[i] = "chrome"


def _looks_like_chat(page: PageText, frame: Frame, body: list[int]) -> bool:
    """Body lines that keep to one side each: never a left and a right line on one row (that is
    a form: a label and its value)."""
    lines = [page.lines[i] for i in body]
    paired = 0
    for k, line in enumerate(lines):
        for other in lines[k + 1:k + 4]:
            overlap = min(line.box.bottom, other.box.bottom) - max(line.box.top, other.box.top)
            if overlap > 0.5 * min(line.box.height, other.box.height) and \
                    frame.side(line) != frame.side(other):
                paired += 1
    return len(lines) >= 2 and paired <= 0.1 * len(lines)
