"""A chat screenshot for the window's tests: an SMS chat drawn at 1080x2400 with the bundled
font, and a stand-in engine that "reads" it back exactly (the layout reader, the store, the
timeline and the rules run for real; onnxruntime does not)."""

from __future__ import annotations

import time
from pathlib import Path

from PIL import Image, ImageDraw

from evidence_logger.demo.screenshots import font
from evidence_logger.ocr.engine import EngineInfo
from evidence_logger.ocr.page import Box, OcrLine, PageText
from tests.ocr.test_layout import SMS

SIZE = (1080, 2400)
INFO = EngineInfo(engine="stand-in engine 1.0 (tests)", model="the test's own lines")
NAME = "Screenshot_2026-10-14-10-40-00.png"  # the capture time the times above resolve against


def draw_chat(path: Path, tag: int = 0) -> Path:
    """The SMS chat of ``tests.ocr.test_layout.SMS`` as a picture (``tag`` makes it distinct)."""
    image = Image.new("RGB", SIZE, (244, 244, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 270), fill=(255, 255, 255))
    for text, x0, y0, x1, y1 in SMS:
        if x1 - x0 > 300 and y0 > 900:  # a bubble: right of the middle is sent
            sent = x0 > SIZE[0] // 2
            draw.rounded_rectangle((x0 - 24, y0 - 14, x1 + 24, y1 + 14), 24,
                                   fill=(149, 236, 105) if sent else (255, 255, 255))
        draw.text((x0, y0), text, fill=(20, 20, 20), font=font(round((y1 - y0) * 0.8)))
    draw.point((tag % SIZE[0], SIZE[1] - 1), fill=(tag % 256, 0, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def chats(folder: Path, count: int, first: int = 0) -> list[Path]:
    """``count`` distinct chat screenshots (``first``: the first's tag), each named with the
    same capture time."""
    return [draw_chat(folder / f"{n:03d}" / NAME, n) for n in range(first, first + count)]


class StandInEngine:
    """Reads every picture as the SMS page; ``delay`` seconds a picture."""

    info = INFO

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def read(self, image: Image.Image) -> PageText:
        if self.delay:
            time.sleep(self.delay)
        return PageText(*SIZE, tuple(OcrLine(text, Box(*edges), 0.97)
                                     for text, *edges in SMS))
