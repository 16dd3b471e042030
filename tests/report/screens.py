"""A chat screenshot drawn for tests, imported into a case with a reading made by hand.

The reading is what an engine would have read, with the boxes the text was drawn in, so that
tests of the dossier and the bundle need no OCR: :func:`read_chat` stores it with
``ocr.store.save`` and the messages as observations of source ``screenshot`` through the
timeline's sink, as ``ocr.reading`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont

from evidence_logger.case import Case
from evidence_logger.db import transaction
from evidence_logger.importing import run
from evidence_logger.ocr.engine import EngineInfo
from evidence_logger.ocr.page import Box, Counterpart, OcrLine, PageText, ScreenReading
from evidence_logger.ocr.store import lines_locator, save, waiting
from evidence_logger.parties import set_party
from evidence_logger.paths import resource
from evidence_logger.records import TRUST_MEDIUM, MessageRecord
from evidence_logger.timeline import EventSink

COLLECTOR = "+8617100000001"
ENGINE = EngineInfo("rapidocr 3.4.2 (onnxruntime 1.22.0)", "PP-OCRv5_det_mobile + rec_mobile")
SIZE = (1080, 2340)
THREAT = ("你再不还钱，我们就", "爆你通讯录，上门找你家人")  # one bubble on two lines
# (text, role, x, y, direction of its bubble or None)
LAYOUT = [
    ("10:45", "status-bar", 40, 20, None),
    ("闪电借 17100000001", "header", 300, 120, None),
    ("10月13日 下午3:05", "time", 400, 300, None),
    ("您的借款已逾期三天", "message", 180, 420, "in"),
    (THREAT[0], "message", 180, 620, "in"),
    (THREAT[1], "message", 180, 690, "in"),
    ("我下周一定还", "message", 560, 880, "out"),
]
MESSAGES = [((3,), "in"), ((4, 5), "in"), ((6,), "out")]  # 0-based line indices


@dataclass(slots=True)
class Screen:
    path: Path
    lines: list[OcrLine]


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(BytesIO(resource("fonts", "NotoSansSC-Regular.ttf").read_bytes()),
                              size)


def draw_chat(path: Path) -> Screen:
    """A 1080x2340 SMS-style chat (grey bubbles left, green right); the drawn lines' boxes."""
    image = Image.new("RGB", SIZE, "#ededed")
    draw = ImageDraw.Draw(image)
    font = _font(44)
    draw.rectangle((0, 90, SIZE[0], 220), fill="#f7f7f7")
    lines = []
    for text, role, x, y, direction in LAYOUT:
        left, top, right, bottom = draw.textbbox((x, y), text, font=font)
        if direction is not None:
            fill = "#ffffff" if direction == "in" else "#95ec69"
            draw.rounded_rectangle((left - 24, top - 18, right + 24, bottom + 18), 16, fill=fill)
        draw.text((x, y), text, font=font, fill="#111111" if role != "time" else "#888888")
        lines.append(OcrLine(text, Box(round(left), round(top), round(right), round(bottom)),
                             0.97))
    image.save(path, "PNG")
    return Screen(path, lines)


def read_chat(case: Case, folder: Path, *, when: datetime = datetime(2026, 10, 13, 15, 5)
              ) -> Screen:
    """Draw a chat, import it, store a reading of it and its messages; the collector is
    marked as one (so the threat raises a lexicon finding)."""
    folder.mkdir(parents=True, exist_ok=True)
    screen = draw_chat(folder / "Screenshot_20261013-160000.png")
    report = run(case, [screen.path])
    assert report.complete, [p.message() for p in report.problems]
    set_party(case.db, COLLECTOR, "CN", role="collector", platform="闪电借")
    item = waiting(case.db)[0]
    page = PageText(SIZE[0], SIZE[1], tuple(screen.lines))
    reading = ScreenReading(kind="chat", app="sms",
                            counterpart=Counterpart(number="17100000001", name="闪电借", line=1),
                            roles={n: role for n, (_t, role, *_r) in enumerate(LAYOUT)})
    at_ms = int(when.replace(tzinfo=ZoneInfo(case.timezone)).timestamp() * 1000)
    times = []
    with transaction(case.db):
        sink = EventSink(case.db, owner="self", region=case.region,
                         evidence_id=item.evidence_id)
        for n, (indices, direction) in enumerate(MESSAGES):
            locator = lines_locator(indices)
            text = "".join(screen.lines[i].text for i in indices)
            sink.add_message(MessageRecord(locator, COLLECTOR, at_ms + n * 60_000, direction,
                                           text, time_source="screen", time_trust=TRUST_MEDIUM,
                                           time_precision_s=60), source="screenshot")
            times.append({"locator": locator, "at": f"2026-10-13T15:0{5 + n}",
                          "precision_s": 60, "how": "separator '10月13日 下午3:05' above",
                          "relative": False})
        sink.flush()
        save(case.db, item, ENGINE, page, reading, read_at_ms=at_ms + 3_600_000,
             meta={"unplaced": [], "times": times})
    return screen
