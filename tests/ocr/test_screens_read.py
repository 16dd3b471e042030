"""End to end: screens rendered with the bundled font, read by the real engine, then by the
layout reader; what was drawn must come back (a handful of images, ~0.5-2 s each)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PIL import Image

from evidence_logger.demo.phone_screens import (
    CallListTruth,
    CallRow,
    ChatMessage,
    ChatTruth,
    render_call_list,
    render_sms,
    render_wechat,
)
from evidence_logger.ocr.engine import OcrEngine, engine
from evidence_logger.ocr.layout import read_screen
from evidence_logger.ocr.page import ScreenReading
from evidence_logger.ocr.text import normalise

CAPTURED = datetime(2026, 10, 14, 10, 40)  # a Wednesday


@pytest.fixture(scope="module")
def ocr() -> OcrEngine:
    return engine()  # loaded once per process


def _read(ocr: OcrEngine, image: Image.Image) -> ScreenReading:
    return read_screen(ocr.read(image), image, CAPTURED)


def _thread(start: datetime) -> list[ChatMessage]:
    return [
        ChatMessage("您好，您在速借金融的借款已逾期15天，请于今天18:00前还款5,326.50元。", False,
                    start),
        ChatMessage("我下周发工资就还", True, start + timedelta(minutes=2)),
        ChatMessage("再不还款就联系你的家人和单位", False, start + timedelta(days=1, hours=3)),
        ChatMessage("好", True, start + timedelta(days=1, hours=3, minutes=1)),
        ChatMessage("我们是法院的，明天上门", False, start + timedelta(days=2, hours=1)),
        ChatMessage("请问你们是哪个公司的？", True, start + timedelta(days=2, hours=1, minutes=9)),
    ]


def _check_chat(reading: ScreenReading, truth: ChatTruth) -> None:
    assert reading.kind == "chat"
    assert reading.app == truth.app
    assert reading.counterpart is not None
    assert reading.counterpart.number == truth.number
    if truth.app == "wechat":
        assert reading.counterpart.name == truth.name
    assert len(truth.messages) >= 4
    assert [m.direction for m in reading.messages] == [t.direction for t in truth.messages]
    assert [normalise(m.text) for m in reading.messages] == [
        normalise(t.text) for t in truth.messages]
    for message, expected in zip(reading.messages, truth.messages, strict=True):
        assert message.time is not None
        assert expected.stamp_at is not None
        assert (message.time.at, message.time.precision_s) == (expected.stamp_at, 60)


def test_sms_thread(ocr: OcrEngine) -> None:
    image, truth = render_sms(_thread(datetime(2026, 10, 12, 9, 5)), CAPTURED)
    _check_chat(_read(ocr, image), truth)


def test_sms_thread_small_with_full_dates(ocr: OcrEngine) -> None:
    image, truth = render_sms(_thread(datetime(2026, 10, 12, 21, 5)), CAPTURED,
                              size=(540, 1000), separators="full")
    reading = _read(ocr, image)
    _check_chat(reading, truth)
    assert all(m.time and not m.time.relative for m in reading.messages)


def test_wechat_chat_with_relative_separators(ocr: OcrEngine) -> None:
    # 10月2日 下午3:05 (over a week), then 星期一, then 昨天, then today's times
    messages = [
        ChatMessage("借款已逾期，请尽快处理", False, datetime(2026, 10, 2, 15, 5)),
        ChatMessage("我在想办法", True, datetime(2026, 10, 2, 15, 7)),
        ChatMessage("今天不还就上门催收", False, datetime(2026, 10, 12, 9, 15)),
        ChatMessage("不要打我家人电话", True, datetime(2026, 10, 13, 21, 3)),
        ChatMessage("我们是法院的", False, datetime(2026, 10, 14, 10, 32)),
        ChatMessage("你们违法了", True, datetime(2026, 10, 14, 10, 33)),
    ]
    image, truth = render_wechat(messages, CAPTURED, name="速借金融-催收")
    assert [t.stamp for t in truth.messages if t.stamp] == [
        "10月2日 下午3:05", "10月2日 下午3:05", "星期一 09:15", "昨天 21:03", "10:32", "10:32"]
    _check_chat(_read(ocr, image), truth)


def test_call_list(ocr: OcrEngine) -> None:
    rows = [
        CallRow(CAPTURED - timedelta(minutes=20), number="13800138000", count=3, missed=True),
        CallRow(CAPTURED - timedelta(hours=3), name="张三"),
        CallRow(CAPTURED - timedelta(days=1), number="13900139000", count=12, missed=True),
        CallRow(CAPTURED - timedelta(days=1, hours=2), number="02188886666", outgoing=True),
        CallRow(CAPTURED - timedelta(days=3), number="95588", place="北京"),
        CallRow(CAPTURED - timedelta(days=30), number="13912345678", count=2, missed=True),
    ]
    image, truth = render_call_list(rows, CAPTURED)
    _check_calls(_read(ocr, image), truth, words=False)


def test_call_list_small_with_words(ocr: OcrEngine) -> None:
    rows = [
        CallRow(CAPTURED - timedelta(minutes=5), number="17100000001", missed=True),
        CallRow(CAPTURED - timedelta(hours=1), number="17100000002", outgoing=True),
        CallRow(CAPTURED - timedelta(days=2), name="李四", count=4),
        CallRow(datetime(2025, 12, 30, 8, 0), number="13800138000", count=2, missed=True),
    ]
    image, truth = render_call_list(rows, CAPTURED, size=(720, 1600), words=True)
    _check_calls(_read(ocr, image), truth, words=True)


def _check_calls(reading: ScreenReading, truth: CallListTruth, *, words: bool) -> None:
    assert (reading.kind, reading.app) == ("call-list", "dialer")
    got = [(c.number, c.name, c.count, c.status == "missed") for c in reading.calls]
    assert got == [(t.number, t.name, t.count, t.missed) for t in truth.calls]
    assert [(c.time.at, c.time.precision_s) if c.time else None for c in reading.calls] == [
        (t.at, t.precision_s) for t in truth.calls]
    if words:
        assert [c.direction for c in reading.calls] == [t.direction for t in truth.calls]
    else:
        assert all(c.status in ("missed", None) for c in reading.calls)
