"""Time texts as phones show them, read and resolved against the capture time."""

from __future__ import annotations

from datetime import datetime

import pytest

from evidence_logger.ocr import stamps
from evidence_logger.ocr.page import ReadTime
from evidence_logger.ocr.stamps import how_text, parse_stamp, resolve

CAPTURED = datetime(2026, 10, 14, 10, 40)  # a Wednesday
DAY, MINUTE = 86400, 60


@pytest.mark.parametrize(("text", "at", "precision", "relative"), [
    ("10:32", datetime(2026, 10, 14, 10, 32), MINUTE, True),
    ("1O:3O", datetime(2026, 10, 14, 10, 30), MINUTE, True),  # O read for 0
    ("10：32", datetime(2026, 10, 14, 10, 32), MINUTE, True),  # full-width colon
    ("昨天 21:03", datetime(2026, 10, 13, 21, 3), MINUTE, True),
    ("昨天21:03", datetime(2026, 10, 13, 21, 3), MINUTE, True),  # the space dropped
    ("昨天", datetime(2026, 10, 13), DAY, True),
    ("前天", datetime(2026, 10, 12), DAY, True),
    ("今天 08:00", datetime(2026, 10, 14, 8, 0), MINUTE, True),
    ("星期二 09:15", datetime(2026, 10, 13, 9, 15), MINUTE, True),
    ("星期一", datetime(2026, 10, 12), DAY, True),
    ("周二", datetime(2026, 10, 13), DAY, True),
    ("星期三", datetime(2026, 10, 7), DAY, True),  # the capture's weekday: a week before
    ("星期四 23:59", datetime(2026, 10, 8, 23, 59), MINUTE, True),
    ("星期日", datetime(2026, 10, 11), DAY, True),
    ("10月13日 下午3:05", datetime(2026, 10, 13, 15, 5), MINUTE, True),
    ("10月13日下午3:05", datetime(2026, 10, 13, 15, 5), MINUTE, True),
    ("10月13日 上午9:05", datetime(2026, 10, 13, 9, 5), MINUTE, True),
    ("9月1日 晚上11:20", datetime(2026, 9, 1, 23, 20), MINUTE, True),
    ("9月1日 凌晨12:20", datetime(2026, 9, 1, 0, 20), MINUTE, True),
    ("9月1日 中午12:20", datetime(2026, 9, 1, 12, 20), MINUTE, True),
    ("10月13日 15:05", datetime(2026, 10, 13, 15, 5), MINUTE, True),
    ("10月13日", datetime(2026, 10, 13), DAY, True),
    ("10-13", datetime(2026, 10, 13), DAY, True),
    ("10/13", datetime(2026, 10, 13), DAY, True),
    ("2026年10月13日 15:05", datetime(2026, 10, 13, 15, 5), MINUTE, False),
    ("2026年10月13日", datetime(2026, 10, 13), DAY, False),
    ("2026-10-13 15:05", datetime(2026, 10, 13, 15, 5), MINUTE, False),
    ("2025/1/5 08:00", datetime(2025, 1, 5, 8, 0), MINUTE, False),
    ("下午3:05", datetime(2026, 10, 14, 15, 5), MINUTE, True),
    ("晚上9:30", datetime(2026, 10, 14, 21, 30), MINUTE, True),
    ("Yesterday 9:03 PM", datetime(2026, 10, 13, 21, 3), MINUTE, True),
    ("Yesterday9:03PM", datetime(2026, 10, 13, 21, 3), MINUTE, True),
    ("9:03 AM", datetime(2026, 10, 14, 9, 3), MINUTE, True),
    ("12:10 AM", datetime(2026, 10, 14, 0, 10), MINUTE, True),
    ("Tue 9:15 AM", datetime(2026, 10, 13, 9, 15), MINUTE, True),
    ("Oct 13 3:05 PM", datetime(2026, 10, 13, 15, 5), MINUTE, True),
    ("Oct 13, 2025", datetime(2025, 10, 13), DAY, False),
    ("Oct 2 12:54 PM", datetime(2026, 10, 2, 12, 54), MINUTE, True),  # not Oct 21 2:54
    ("10-2 12:54", datetime(2026, 10, 2, 12, 54), MINUTE, True),
])
def test_patterns_resolve_against_the_capture(text: str, at: datetime, precision: int,
                                              relative: bool) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None, text
    read = resolve(stamp, CAPTURED, line=7)
    assert read is not None
    assert (read.at, read.precision_s, read.relative, read.line) == (at, precision, relative, 7)
    assert read.how in stamps.HOW_TEMPLATES
    assert text.strip() in how_text(read)
    assert read.at.strftime("%Y-%m-%d") in how_text(read)


@pytest.mark.parametrize("text", [
    "好", "138 0013 8000", "95588", "我们是法院的", "25:00", "10:75", "13月1日", "2月30日",
    "中国·手机号码", "10:32 我到了", "星期八", "", "下午13:05", "通话记录",
])
def test_what_is_not_a_time(text: str) -> None:
    assert parse_stamp(text) is None


@pytest.mark.parametrize(("captured", "text", "at", "how"), [
    # a month and day after the capture's: the year before
    (datetime(2026, 1, 2, 9, 0), "12月30日 18:00", datetime(2025, 12, 30, 18, 0),
     stamps.HOW_YEAR_BEFORE),
    (datetime(2026, 1, 2, 9, 0), "12-31", datetime(2025, 12, 31), stamps.HOW_YEAR_BEFORE),
    (datetime(2026, 1, 2, 9, 0), "1月2日 08:00", datetime(2026, 1, 2, 8, 0),
     stamps.HOW_YEAR_OF_CAPTURE),
    (datetime(2026, 1, 2, 9, 0), "1月3日", datetime(2025, 1, 3), stamps.HOW_YEAR_BEFORE),
    (datetime(2025, 3, 1, 9, 0), "2月29日", datetime(2024, 2, 29), stamps.HOW_YEAR_BEFORE),
    # 昨天 and weekdays across the new year
    (datetime(2026, 1, 1, 0, 5), "昨天 23:50", datetime(2025, 12, 31, 23, 50),
     stamps.HOW_DAY_BEFORE),
    (datetime(2026, 1, 1, 0, 5), "星期一", datetime(2025, 12, 29), stamps.HOW_WEEKDAY),
    (datetime(2026, 1, 1, 0, 5), "前天", datetime(2025, 12, 30), stamps.HOW_TWO_DAYS_BEFORE),
])
def test_year_rollover(captured: datetime, text: str, at: datetime, how: str) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None
    read = resolve(stamp, captured)
    assert read is not None
    assert (read.at, read.how) == (at, how)


def test_without_a_capture_time_only_full_dates_resolve() -> None:
    for text in ("10:32", "昨天 21:03", "星期二", "10月13日 下午3:05"):
        stamp = parse_stamp(text)
        assert stamp is not None
        assert resolve(stamp, None) is None
    stamp = parse_stamp("2026年10月13日 15:05")
    assert stamp is not None
    read = resolve(stamp, None)
    assert read is not None and read.at == datetime(2026, 10, 13, 15, 5) and not read.relative


def test_before_bounds_a_message_with_no_time_above() -> None:
    stamp = parse_stamp("昨天 21:03")
    assert stamp is not None
    below = resolve(stamp, CAPTURED, line=9)
    read = stamps.before(below, CAPTURED)
    assert isinstance(read, ReadTime)
    assert (read.at, read.precision_s, read.how, read.line) == (
        datetime(2026, 10, 13, 21, 3), DAY, stamps.HOW_BEFORE_STAMP, 9)
    assert "昨天 21:03" in how_text(read)
    read = stamps.before(None, CAPTURED)
    assert read is not None
    assert (read.at, read.how, read.relative) == (CAPTURED, stamps.HOW_BEFORE_CAPTURE, True)
    assert stamps.before(None, None) is None


def test_every_template_is_filled_by_its_params() -> None:
    captured = datetime(2026, 1, 2, 9, 0)
    for text in ("10:32", "昨天", "前天", "星期二", "1月1日", "12月1日", "2025-10-13"):
        stamp = parse_stamp(text)
        assert stamp is not None
        read = resolve(stamp, captured)
        assert read is not None
        assert "{" not in how_text(read)
        assert how_text(read)[0].isupper()
