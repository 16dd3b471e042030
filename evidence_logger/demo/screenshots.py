"""Screenshots of a phone's message thread, drawn with Pillow in the shipped Chinese font.

Each picture looks like an Android Messages screen: a status bar with the clock, the thread's
title (the number), the messages as bubbles with their times, and the input bar. Stock Android
screenshots carry EXIF times with their offset (PNG eXIf chunk); MIUI's JPEGs carry only the
time in their name (``Screenshot_2026-10-13-23-06-12-345_com.android.mms.jpg``).
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evidence_logger.demo.scenario import Message, Screenshot
from evidence_logger.paths import resource

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 540, 1000
_MARGIN, _BUBBLE_MAX = 24, 360
_EXIF_IFD, _DATE_TIME_ORIGINAL = 0x8769, 36867
_OFFSET_TIME_ORIGINAL, _SUBSEC_ORIGINAL = 36881, 37521
_GREY, _BLUE, _INK, _FAINT = (236, 238, 241), (52, 120, 246), (20, 20, 20), (140, 140, 146)


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Noto Sans SC at ``size`` pixels."""
    data = BytesIO(resource("fonts", "NotoSansSC-Regular.ttf").read_bytes())
    return ImageFont.truetype(data, size)


def file_name(shot: Screenshot) -> str:
    """The name the phone gives the screenshot."""
    if shot.exif:
        return shot.at.strftime("Screenshot_%Y%m%d-%H%M%S.png")
    millis = (shot.at.second * 37 + shot.at.minute) % 1000  # phones add milliseconds
    return shot.at.strftime("Screenshot_%Y-%m-%d-%H-%M-%S-") + f"{millis:03d}_com.android.mms.jpg"


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (Chinese breaks between any characters)."""
    lines, line = [], ""
    for ch in text:
        if face.getlength(line + ch) > width and line:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def _spaced(number: str) -> str:
    return f"{number[:3]} {number[3:7]} {number[7:]}" if len(number) == 11 else number


def render(shot: Screenshot, thread: list[Message]) -> Image.Image:
    """The screen at ``shot.at`` showing the messages of ``thread`` sent up to then."""
    im = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(im)
    small, body, title = font(18), font(22), font(26)
    draw.text((_MARGIN, 10), shot.at.strftime("%H:%M"), font=small, fill=_INK)
    draw.rectangle((WIDTH - 70, 14, WIDTH - 34, 30), outline=_INK, width=2)  # battery
    draw.rectangle((WIDTH - 68, 16, WIDTH - 50, 28), fill=_INK)
    draw.text((WIDTH - 150, 10), "4G", font=small, fill=_INK)
    draw.line((0, 44, WIDTH, 44), fill=_GREY)
    draw.text((_MARGIN, 60), "←", font=title, fill=_INK)
    draw.text((_MARGIN + 44, 58), _spaced(shot.number), font=title, fill=_INK)
    draw.text((_MARGIN + 44, 94), "中国 · 手机号码", font=small, fill=_FAINT)
    draw.line((0, 130, WIDTH, 130), fill=_GREY)
    y = 150
    for message in thread:
        stamp = message.at.strftime("%m月%d日 %H:%M")
        draw.text(((WIDTH - small.getlength(stamp)) / 2, y), stamp, font=small, fill=_FAINT)
        y += 34
        lines = _wrap(message.text, body, _BUBBLE_MAX)
        box_w = max(body.getlength(line) for line in lines) + 28
        box_h = 34 * len(lines) + 16
        left = WIDTH - _MARGIN - box_w if message.sent else _MARGIN
        draw.rounded_rectangle((left, y, left + box_w, y + box_h), radius=18,
                               fill=_BLUE if message.sent else _GREY)
        for i, line in enumerate(lines):
            draw.text((left + 14, y + 6 + 34 * i), line, font=body,
                      fill="white" if message.sent else _INK)
        y += box_h + 24
    draw.rounded_rectangle((_MARGIN, HEIGHT - 70, WIDTH - _MARGIN, HEIGHT - 22), radius=24,
                           outline=_GREY, width=2)
    draw.text((_MARGIN + 20, HEIGHT - 60), "短信", font=body, fill=_FAINT)
    return im


def _exif(when: datetime) -> bytes:
    """EXIF as stock Android writes into a screenshot (time, milliseconds, offset)."""
    exif = Image.Exif()
    sub = exif.get_ifd(_EXIF_IFD)
    sub[_DATE_TIME_ORIGINAL] = when.strftime("%Y:%m:%d %H:%M:%S")
    sub[_SUBSEC_ORIGINAL] = "000"
    sub[_OFFSET_TIME_ORIGINAL] = "+08:00"
    return exif.tobytes()


def write_screenshot(folder: Path, shot: Screenshot, messages: list[Message]) -> Path:
    """Draw ``shot`` from the phone's ``messages`` and save it under the phone's name."""
    thread = [m for m in messages if m.number == shot.number and m.at <= shot.at]
    path = folder / file_name(shot)
    im = render(shot, thread)
    if shot.exif:
        im.save(path, "PNG", exif=_exif(shot.at), optimize=False)
    else:
        im.save(path, "JPEG", quality=82)
    log.debug("wrote %s (%d bytes)", path, path.stat().st_size)
    return path
