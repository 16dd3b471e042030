"""Android's own databases: calllog.db and mmssms.db, read-only, every row located."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidence_logger.importers import android_db, formats
from evidence_logger.records import PartialFile, ReadContext, SkipFile
from tests.fixtures.exports import T0_MS, write_call_history, write_calllog_db, write_mmssms_db

CTX = ReadContext(ZoneInfo("Asia/Shanghai"))


def read_all(reader, path: Path) -> tuple[list, Exception | None]:
    records = []
    try:
        for record in reader(path, CTX):
            records.append(record)
    except (SkipFile, PartialFile) as exc:
        return records, exc
    return records, None


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_calllog_types_numbers_and_locators(tmp_path):
    path = write_calllog_db(tmp_path / "calllog.db", [
        {"number": "17122223333", "date": T0_MS, "duration": 48, "type": 1, "name": "催收 王"},
        {"number": "+8617122223333", "date": T0_MS + 1_000, "duration": 7, "type": 2,
         "subscription_id": "2"},
        {"number": "171-2222-3333", "date": T0_MS + 2_000, "type": 3, "name": None},
        {"number": "95511", "date": T0_MS + 3_000, "type": 4, "duration": 20},
        {"number": "17122223334", "date": T0_MS + 4_000, "type": 5},
        {"number": "17122223335", "date": T0_MS + 5_000, "type": 6},
        {"number": "17122223336", "date": T0_MS + 6_000, "type": 7, "duration": 90},
        {"number": "-2", "date": T0_MS + 7_000, "type": 3, "presentation": 2},  # withheld
        {"number": "-1", "date": T0_MS + 8_000, "type": 1, "duration": 5, "presentation": 3},
        {"number": "", "date": T0_MS + 9_000, "type": 3, "presentation": 4},  # payphone
        {"number": "17122223337", "date": T0_MS + 10_000, "type": 1, "presentation": 2},
        {"number": "17122223338", "date": T0_MS + 11_000, "type": 9, "duration": 3},  # vendor
        {"number": "17122223339", "date": T0_MS + 12_000, "type": 100, "duration": None},
    ])
    before = digest(path)
    calls, exc = read_all(android_db.read_android_calls, path)
    assert exc is None
    assert [(c.locator, c.number, c.status, c.direction, c.duration) for c in calls] == [
        ("calls _id 1 (SIM 1)", "17122223333", "answered", "in", 48),
        ("calls _id 2 (SIM 2)", "+8617122223333", "outgoing", "out", 7),
        ("calls _id 3 (SIM 1)", "171-2222-3333", "missed", "in", 0),
        ("calls _id 4 (SIM 1)", "95511", "voicemail", "in", 20),
        ("calls _id 5 (SIM 1)", "17122223334", "rejected", "in", 0),
        ("calls _id 6 (SIM 1)", "17122223335", "blocked", "in", 0),
        ("calls _id 7 (SIM 1)", "17122223336", "external", "in", 90),
        ("calls _id 8 (SIM 1)", "", "missed", "in", 0),
        ("calls _id 9 (SIM 1)", "", "answered", "in", 5),
        ("calls _id 10 (SIM 1)", "", "missed", "in", 0),
        ("calls _id 11 (SIM 1)", "", "answered", "in", 0),
        ("calls _id 12 (SIM 1)", "17122223338", "answered", "in", 3),
        ("calls _id 13 (SIM 1)", "17122223339", "missed", "in", None),
    ]
    assert [c.at_ms for c in calls] == [T0_MS + n * 1_000 for n in range(13)]
    assert (calls[0].contact_name, calls[2].contact_name) == ("催收 王", None)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calllog.db"]  # no -wal, -journal


def test_calllog_rows_without_a_date_are_counted_after_the_rest(tmp_path):
    path = write_calllog_db(tmp_path / "calllog.db", [
        {"number": "17122223333", "date": T0_MS}, {"number": "17122223334", "date": None},
        {"number": "17122223335", "date": 0}, {"number": "17122223336", "date": "garbage"},
        {"number": "17122223337", "date": 1_772_421_600, "subscription_id": None},  # seconds
    ])
    calls, exc = read_all(android_db.read_android_calls, path)
    assert [(c.locator, c.at_ms) for c in calls] == [
        ("calls _id 1 (SIM 1)", T0_MS), ("calls _id 5", T0_MS)]
    assert isinstance(exc, PartialFile)
    assert exc.params == {"name": "calllog.db", "bad": 3, "total": 5,
                          "locator": "calls _id 2"}


def test_sms_boxes_groups_and_nulls(tmp_path):
    path = write_mmssms_db(tmp_path / "mmssms.db", [
        {"address": "10659000123", "date": T0_MS, "type": 1, "body": "【速贷】您已逾期3天",
         "date_sent": T0_MS - 4_000},
        {"address": "+86 171 2222 3333", "date": T0_MS + 1_000, "type": 2, "body": "我在筹钱"},
        {"address": "17122223333", "date": T0_MS + 2_000, "type": 3, "body": "草稿"},  # draft
        {"address": "17122223333", "date": T0_MS + 3_000, "type": 5, "body": "发送失败"},
        {"address": "17122223333~17122224444", "date": T0_MS + 4_000, "type": 1, "body": "群"},
        {"address": None, "date": T0_MS + 5_000, "type": None, "body": None},
        {"address": "-2", "date": T0_MS + 6_000, "type": 1, "body": "隐藏号码"},
    ])
    messages, exc = read_all(android_db.read_android_sms, path)
    assert exc is None
    assert [(m.locator, m.number, m.direction, m.text) for m in messages] == [
        ("sms _id 1", "10659000123", "in", "【速贷】您已逾期3天"),
        ("sms _id 2", "+86 171 2222 3333", "out", "我在筹钱"),
        ("sms _id 4", "17122223333", "out", "发送失败"),
        ("sms _id 5", "17122223333", "in", "群"),
        ("sms _id 6", "", "in", ""),
        ("sms _id 7", "", "in", "隐藏号码"),
    ]
    assert messages[0].date_sent_ms == T0_MS - 4_000 and messages[1].date_sent_ms is None


def test_mms_text_parts_parties_and_attachments_said(tmp_path):
    seconds = T0_MS // 1000
    path = write_mmssms_db(tmp_path / "mmssms.db", [], [
        ({"date": seconds, "msg_box": 1}, [
            {"ct": "application/smil", "text": "<smil/>"},
            {"ct": "text/plain", "text": "看看你家门口"},
            {"ct": "image/jpeg", "_data": "/data/user_de/0/app_parts/PART_1", "name": "a.jpg"},
            {"ct": "text/plain", "text": "明天再来"}],
         [(137, "17155556666"), (151, "insert-address-token")]),
        ({"date": seconds + 60, "msg_box": 2}, [{"ct": "text/plain", "text": "别再打了"}],
         [(137, "insert-address-token"), (151, "17155556666"), (151, "17155557777")]),
        ({"date": seconds + 120, "msg_box": 3}, [{"ct": "text/plain", "text": "草稿"}],
         [(151, "17155556666")]),
        ({"date": seconds + 180, "msg_box": 1}, [{"ct": "text/plain", "text": None}], []),
    ])
    messages, exc = read_all(android_db.read_android_sms, path)
    assert [(m.locator, m.number, m.direction, m.text, m.at_ms) for m in messages] == [
        ("pdu _id 1", "17155556666", "in", "看看你家门口\n明天再来", T0_MS),
        ("pdu _id 2", "17155556666", "out", "别再打了", T0_MS + 60_000),
        ("pdu _id 4", "", "in", "", T0_MS + 180_000),
    ]
    assert isinstance(exc, PartialFile) and exc.params == {"name": "mmssms.db", "count": 1}


def test_detected_by_content_whatever_the_name(tmp_path):
    calls = write_calllog_db(tmp_path / "a.bin", [{"number": "10086", "date": T0_MS}])
    sms = write_mmssms_db(tmp_path / "b", [])
    iphone = write_call_history(tmp_path / "c.db", [])
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as con:
        con.execute("CREATE TABLE calls (x, y)")  # a table called calls is not enough
    assert formats.detect(calls) == ("call-log", "android-calls")
    assert formats.detect(sms) == ("messages", "android-sms")
    assert formats.detect(iphone) == ("call-log", "ios-calls")
    assert formats.detect(other) is None


@pytest.mark.parametrize("content", [
    b"SQLite format 3\x00" + bytes(range(256)) * 16, b"SQLite format 3\x00", b"",
])
@pytest.mark.parametrize("reader", [android_db.read_android_calls, android_db.read_android_sms])
def test_corrupt_database_is_skipped_with_a_sentence(tmp_path, content, reader):
    path = tmp_path / "calllog.db"
    path.write_bytes(content)
    with pytest.raises(SkipFile, match="could not be opened as an Android call log or message"):
        list(reader(path, CTX))


def test_truncated_database_keeps_what_was_read_or_is_skipped(tmp_path):
    rows = [{"number": f"1712222{n:04d}", "date": T0_MS + n, "name": "某" * 150}
            for n in range(3000)]
    path = write_calllog_db(tmp_path / "calllog.db", rows)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    calls, exc = read_all(android_db.read_android_calls, path)
    assert isinstance(exc, (PartialFile, SkipFile))
    assert len(calls) < 3000
    assert [c.number for c in calls] == [f"1712222{n:04d}" for n in range(len(calls))]
    if isinstance(exc, PartialFile):
        assert exc.params["count"] == len(calls)


def test_a_wal_beside_the_database_is_said(tmp_path):
    path = write_calllog_db(tmp_path / "calllog.db", [{"number": "10086", "date": T0_MS}])
    (tmp_path / "calllog.db-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    calls, exc = read_all(android_db.read_android_calls, path)
    assert len(calls) == 1 and isinstance(exc, PartialFile)
    assert exc.params["wal"] == "calllog.db-wal"
