"""Call-log and message exports: SMS Backup & Restore XML, CSV call logs, iPhone databases."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import time
import tracemalloc
import xml.etree.ElementTree as ET
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidence_logger.importers import csv_calls, ios, sbr_xml
from evidence_logger.records import PartialFile, ReadContext, SkipFile
from tests.fixtures.exports import (
    T0_MS,
    apple_nanoseconds,
    apple_seconds,
    png_bytes,
    sbr_call,
    sbr_mms,
    sbr_sms,
    write_call_history,
    write_csv,
    write_sbr,
    write_sms_db,
)

CTX = ReadContext(ZoneInfo("Asia/Shanghai"))
SHANGHAI_1120 = T0_MS  # 2026-03-02 11:20:00 in Shanghai
UNSAFE = ("{name} contains XML entity or document type declarations, which exports never have;"
          " it was not imported to keep the case safe.")
DAMAGED_XML = ("{name} is damaged at line {line}: {count} records before that point were read,"
               " the rest could not be.")
BAD_ROWS = ("{name}: {bad} of {total} rows could not be read (first at row {row}: {reason});"
            " the others were imported.")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_all(reader, path: Path) -> tuple[list, Exception | None]:
    """Every record a reader yields, and the exception it ends with (if any)."""
    records = []
    try:
        for record in reader(path, CTX):
            records.append(record)
    except (SkipFile, PartialFile) as exc:
        return records, exc
    return records, None


# --- SMS Backup & Restore: calls ---------------------------------------------------------------

@pytest.mark.parametrize("call_type, duration, status, direction", [
    ("1", "35", "answered", "in"), ("2", "12", "outgoing", "out"), ("3", "0", "missed", "in"),
    ("4", "20", "voicemail", "in"), ("5", "0", "rejected", "in"), ("6", "0", "blocked", "in"),
    ("7", "60", "external", "in"),
    ("10", "0", "missed", "in"), ("100", "45", "answered", "in"), ("", "0", "missed", "in"),
])
def test_sbr_call_types(tmp_path, call_type, duration, status, direction):
    path = write_sbr(tmp_path / "calls.xml", "calls", [sbr_call(type=call_type, duration=duration)])
    [call] = list(sbr_xml.read_sbr_calls(path, CTX))
    assert (call.status, call.direction, call.duration) == (status, direction, int(duration))
    assert call.locator == "call 1" and call.at_ms == T0_MS and call.time_source == "log"


@pytest.mark.parametrize("number, expected", [
    ("+8613800138000", "+8613800138000"), ("138 0013 8000", "138 0013 8000"), ("", ""),
    ("null", ""), ("-1", ""), ("-2", ""), ("10086", "10086"),
])
def test_sbr_call_numbers_kept_as_written_or_unknown(tmp_path, number, expected):
    path = write_sbr(tmp_path / "calls.xml", "calls", [sbr_call(number=number)])
    assert [c.number for c in sbr_xml.read_sbr_calls(path, CTX)] == [expected]


@pytest.mark.parametrize("name, expected", [
    ("(Unknown)", None), ("null", None), ("", None), ("张三 催收", "张三 催收"),
    ("Mum 😀", "Mum 😀"),
])
def test_sbr_contact_names(tmp_path, name, expected):
    path = write_sbr(tmp_path / "calls.xml", "calls", [sbr_call(contact_name=name)])
    assert [c.contact_name for c in sbr_xml.read_sbr_calls(path, CTX)] == [expected]


def test_sbr_calls_in_order_with_locators_and_original_untouched(tmp_path):
    path = write_sbr(tmp_path / "calls.xml", "calls", [sbr_call(n) for n in range(5)])
    before = digest(path)
    calls = list(sbr_xml.read_sbr_calls(path, CTX))
    assert [c.locator for c in calls] == [f"call {n}" for n in range(1, 6)]
    assert [c.at_ms for c in calls] == [T0_MS + n * 60_000 for n in range(5)]
    assert digest(path) == before


def test_sbr_call_without_a_date_is_counted(tmp_path):
    path = write_sbr(tmp_path / "calls.xml", "calls",
                     [sbr_call(0), sbr_call(1, date="null"), sbr_call(2)])
    calls, exc = read_all(sbr_xml.read_sbr_calls, path)
    assert [c.locator for c in calls] == ["call 1", "call 3"]
    assert isinstance(exc, PartialFile)
    assert exc.params == {"name": "calls.xml", "bad": 1, "total": 3, "locator": "call 2"}


# --- SMS Backup & Restore: messages ------------------------------------------------------------

@pytest.mark.parametrize("sms_type, direction", [
    ("1", "in"), ("2", "out"), ("3", None), ("4", "out"), ("5", "out"), ("6", "out"),
])
def test_sbr_sms_types(tmp_path, sms_type, direction):
    path = write_sbr(tmp_path / "sms.xml", "smses", [sbr_sms(type=sms_type)])
    messages = list(sbr_xml.read_sbr_sms(path, CTX))
    assert [m.direction for m in messages] == ([direction] if direction else [])


def test_sbr_sms_fields(tmp_path):
    body = "还款！\n否则上门 😡 & <曝光>"
    path = write_sbr(tmp_path / "sms.xml", "smses", [
        sbr_sms(0, body=body, contact_name="null"),
        sbr_sms(1, address="95555", date_sent="0", contact_name="招商银行"),
    ])
    first, second = sbr_xml.read_sbr_sms(path, CTX)
    assert (first.locator, first.number, first.text, first.contact_name) == (
        "sms 1", "+8613800138000", body, None)
    assert (first.at_ms, first.date_sent_ms) == (T0_MS, T0_MS - 3000)
    assert (second.locator, second.number, second.date_sent_ms, second.contact_name) == (
        "sms 2", "95555", None, "招商银行")


def test_sbr_mms_incoming_with_image_text_and_addresses(tmp_path):
    png = png_bytes()
    import base64
    mms = sbr_mms(
        {"date": str(T0_MS // 1000), "msg_box": "1", "address": "+8613900139000~+8613800138000",
         "contact_name": "李四"},
        [{"seq": "-1", "ct": "application/smil", "text": "<smil><body/></smil>",
          "data": "PHNtaWwvPg=="},
         {"ct": "image/png", "name": "欠款.png", "data": base64.b64encode(png).decode()},
         {"ct": "text/plain", "text": "看看你的照片 😈"},
         {"ct": "text/plain", "text": "null"}],
        [("+8613900139000", "137"), ("+8613800138000", "151")])
    path = write_sbr(tmp_path / "sms.xml", "smses", [sbr_sms(0), mms])
    _sms, message = sbr_xml.read_sbr_sms(path, CTX)
    assert (message.locator, message.number, message.direction) == ("mms 1", "+8613900139000", "in")
    assert message.at_ms == T0_MS  # a date in seconds is recognised by its size
    assert (message.text, message.contact_name) == ("看看你的照片 😈", "李四")
    [attachment] = message.attachments
    assert (attachment.locator, attachment.name, attachment.mime) == (
        "mms 1 part 2", "欠款.png", "image/png")
    assert attachment.data == png


@pytest.mark.parametrize("addrs, address, expected", [
    ([("+8613700000000", "137"), ("+8613900139000", "151")], "+8613900139000", "+8613900139000"),
    ([("+8613700000000", "137"), ("+8613700000000", "151"), ("+8613600000000", "151")],
     "+8613600000000", "+8613600000000"),  # the phone's own number is not the other party
    ([("insert-address-token", "137"), ("+8613900139000", "151")], "", "+8613900139000"),
    ([], "+8613600000000~+8613500000000", "+8613600000000"),  # group address: the first
])
def test_sbr_mms_outgoing_party(tmp_path, addrs, address, expected):
    mms = sbr_mms({"msg_box": "2", "address": address}, [{"ct": "text/plain", "text": "hi"}], addrs)
    path = write_sbr(tmp_path / "sms.xml", "smses", [mms])
    [message] = sbr_xml.read_sbr_sms(path, CTX)
    assert (message.number, message.direction, message.attachments) == (expected, "out", [])


def test_sbr_mms_draft_skipped_but_counted_in_locators(tmp_path):
    items = [sbr_mms({"msg_box": "3"}, [{"ct": "text/plain", "text": "draft"}], []),
             sbr_mms({"msg_box": "1"}, [{"ct": "text/plain", "text": "real"}], [])]
    path = write_sbr(tmp_path / "sms.xml", "smses", items)
    assert [(m.locator, m.text) for m in sbr_xml.read_sbr_sms(path, CTX)] == [("mms 2", "real")]


# --- Character references ----------------------------------------------------------------------

@pytest.mark.parametrize("raw, text", [
    ("&#55357;&#56846;", "😎"), ("&#xD83D;&#xDE0E;", "😎"), ("&#xd83d;&#56846;", "😎"),
    ("a&#55357;b", "a\ufffdb"), ("&#56846;", "\ufffd"), ("&#55357;&#55357;&#56846;", "\ufffd😎"),
    ("&#1;", "\ufffd"), ("&#x1F;", "\ufffd"), ("&#65535;", "\ufffd"), ("&#10;&#9;", "\n\t"),
    ("&#128526;", "😎"), ("&amp;#55357;", "&#55357;"), ("&#x110000;", "\ufffd"),
])
def test_character_references_are_repaired(tmp_path, raw, text):
    path = write_sbr(tmp_path / "sms.xml", "smses", [sbr_sms(body=raw, _raw=("body",))])
    assert [m.text for m in sbr_xml.read_sbr_sms(path, CTX)] == [text]


def test_repair_is_the_same_at_every_chunk_boundary():
    data = (b"<x a='&#55357;&#56846; &#xD83D;&#xDE0E;&#1;&#10;&amp;&#55357;z&#56846;"
            b"&#55357;&#55357;&#56846;'/>")
    whole = sbr_xml.repair_charrefs(data)
    assert whole == (b"<x a='&#128526; &#128526;&#65533;&#10;&amp;&#65533;z&#65533;&#65533;"
                     b"&#128526;'/>")
    for size in range(1, len(data) + 1):
        reader = sbr_xml.CharRefRepair(io.BytesIO(data), size)
        out = b"".join(iter(reader.read, b""))
        assert out == whole, size


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 7, 8, 11, 13, 16, 17, 64])
def test_surrogate_pair_split_across_read_chunks(tmp_path, monkeypatch, chunk_size):
    monkeypatch.setattr(sbr_xml, "CHUNK_SIZE", chunk_size)
    bodies = ["😎" * n + "x" * k for n in range(1, 4) for k in range(0, 9)]
    path = write_sbr(tmp_path / "sms.xml", "smses",
                     [sbr_sms(i, body=b) for i, b in enumerate(bodies)])
    assert "&#55357;&#56846;" in path.read_text(encoding="utf-8")
    assert [m.text for m in sbr_xml.read_sbr_sms(path, CTX)] == bodies


# --- Hostile, damaged and foreign files ---------------------------------------------------------

BOMB = """<?xml version="1.0"?>
<!DOCTYPE calls [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<calls count="1"><call number="&lol9;" date="1772421600000" type="1" duration="1"/></calls>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE smses [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<smses count="1"><sms address="1" date="1772421600000" type="1" body="&xxe;"/></smses>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE calls SYSTEM "http://example.invalid/calls.dtd">
<calls count="0"></calls>
"""


@pytest.mark.parametrize("text, reader", [
    (BOMB, sbr_xml.read_sbr_calls), (XXE, sbr_xml.read_sbr_sms),
    (EXTERNAL_DTD, sbr_xml.read_sbr_calls),
])
def test_entity_bombs_and_external_entities_are_refused(tmp_path, text, reader):
    path = tmp_path / "evil.xml"
    path.write_text(text, encoding="utf-8")
    records, exc = read_all(reader, path)
    assert records == [] and isinstance(exc, SkipFile) and exc.template == UNSAFE


def test_truncated_calls_xml_yields_complete_records_then_partial(tmp_path):
    path = write_sbr(tmp_path / "calls.xml", "calls", [sbr_call(n) for n in range(5)], close=False)
    data = path.read_bytes()
    path.write_bytes(data[:data.index(b"<call", data.index(b'date="%d"' % (T0_MS + 180_000)) - 200)
                          + 40])  # cut inside the 4th <call>
    calls, exc = read_all(sbr_xml.read_sbr_calls, path)
    assert [c.locator for c in calls] == ["call 1", "call 2", "call 3"]
    assert isinstance(exc, PartialFile) and exc.template == DAMAGED_XML
    assert exc.params["count"] == 3 and exc.params["line"] == 7


def test_garbage_in_the_middle(tmp_path):
    items = [sbr_call(0), sbr_call(1), "\x01\x02 garbage << not xml", sbr_call(2)]
    path = write_sbr(tmp_path / "calls.xml", "calls", items)
    calls, exc = read_all(sbr_xml.read_sbr_calls, path)
    assert [c.locator for c in calls] == ["call 1", "call 2"]
    assert isinstance(exc, PartialFile) and exc.params["line"] == 6


@pytest.mark.parametrize("content, template", [
    (b"", "{name} is empty."),
    (b"   \n", "{name} is not readable XML (it is damaged or breaks off at line {line}); nothing"
              " in it could be imported."),
    (b"\x00\x01\x02binary", "{name} is not readable XML (it is damaged or breaks off at line"
                            " {line}); nothing in it could be imported."),
    (b"<?xml version='1.0'?><calls count='2'><call number='1' da",
     "{name} is not readable XML (it is damaged or breaks off at line {line}); nothing in it"
     " could be imported."),
    (b"<?xml version='1.0'?><rss><channel/></rss>",
     "{name} is not an SMS Backup & Restore call log export."),
    (b"<smses count='0'/>", "{name} is not an SMS Backup & Restore call log export."),
])
def test_unreadable_or_foreign_files_are_skipped(tmp_path, content, template):
    path = tmp_path / "calls.xml"
    path.write_bytes(content)
    records, exc = read_all(sbr_xml.read_sbr_calls, path)
    assert records == [] and isinstance(exc, SkipFile) and exc.template == template


def test_calls_file_given_to_the_sms_reader(tmp_path):
    path = write_sbr(tmp_path / "calls.xml", "calls", [sbr_call()])
    with pytest.raises(SkipFile, match="not an SMS Backup & Restore message export"):
        list(sbr_xml.read_sbr_sms(path, CTX))


@pytest.mark.parametrize("head, expected", [
    (b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"3\">", "sbr-calls"),
    (b"\xef\xbb\xbf<?xml version='1.0'?>\r\n<!-- File Created By SMS Backup & Restore -->\n"
     b"<!-- second comment -->\n  <smses count=\"1\">", "sbr-sms"),
    (b"<calls/>", "sbr-calls"), (b"\n\n<smses>", "sbr-sms"),
    ("<?xml version='1.0'?><calls>".encode("utf-16"), "sbr-calls"),
    (b"<?xml version='1.0'?><callsx>", None), (b"<?xml version='1.0'?><rss>", None),
    (b"", None), (b"number,date\n", None), (b"<!-- unterminated comment <calls>", None),
])
def test_sniff_sbr(head, expected):
    assert sbr_xml.sniff_sbr(head) == expected


def test_sniff_sbr_looks_no_further_than_4_kb():
    assert sbr_xml.sniff_sbr(b"<!--" + b"x" * 5000 + b"--><calls>") is None


# --- Streaming: memory and speed ----------------------------------------------------------------

def big_calls(path: Path, count: int) -> Path:
    numbers = [f"+86138{n:08d}" for n in range(2000)]
    items = (sbr_call(n, number=numbers[n % 2000], type=str(n % 7 + 1)) for n in range(count))
    return write_sbr(path, "calls", items)


def test_memory_stays_flat(tmp_path):
    path = big_calls(tmp_path / "calls.xml", 30_000)
    tracemalloc.start()
    try:
        count = sum(1 for _ in sbr_xml.read_sbr_calls(path, CTX))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 30_000
    assert peak < 3_000_000, peak  # the file is ~9 MB


@pytest.mark.slow
def test_reading_is_within_4x_a_bare_streaming_parse(tmp_path):
    path = big_calls(tmp_path / "calls.xml", 60_000)

    def bare() -> None:
        for _, elem in ET.iterparse(path):
            elem.clear()

    def ours() -> None:
        for _ in sbr_xml.read_sbr_calls(path, CTX):
            pass

    def best(fn) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    assert best(ours) < 4 * best(bare)


# --- CSV call logs ------------------------------------------------------------------------------

CSV_HEADERS = [
    (["号码", "通话时间", "通话时长", "类型", "姓名"], "full"),
    (["电话号码", "时间", "时长", "通话类型", "联系人"], "full"),
    (["对方号码", "开始时间", "通话时长(秒)", "类型", "联系人"], "full"),
    (["对方号码", "日期", "时间", "时长", "类型"], "split"),
    (["phone", "date", "duration", "type", "name"], "full"),
    (["Number", "Date", "Time", "Duration", "Direction"], "split"),
    (["Phone Number", "Start Time", "Duration (s)", "Call Type", "Contact Name"], "full"),
    (["number", "start", "duration", "type"], "full"),
    (["号码", "日期", "通话时间", "通话时长", "类型"], "split"),
]


def csv_row(layout: str, number: str, when: str, duration: str, kind: str, name: str = ""):
    if layout == "split":
        date, _, clock = when.partition(" ")
        return [number, date, clock, duration, kind]
    return [number, when, duration, kind, name]


@pytest.mark.parametrize("header, layout", CSV_HEADERS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_headers_and_encodings(tmp_path, header, layout, encoding):
    rows = [csv_row(layout, "13800138000", "2026-03-02 11:20:00", "80", "呼入", "王催收"),
            csv_row(layout, "+86 139 0013 9000", "2026/3/2 11:25", "0", "未接来电", "")]
    path = write_csv(tmp_path / "通话记录.csv", header, rows, encoding=encoding)
    assert csv_calls.sniff_csv_calls(path.read_bytes()[:8192])
    first, second = csv_calls.read_csv_calls(path, CTX)
    assert (first.locator, first.number, first.at_ms, first.duration) == (
        "row 1", "13800138000", SHANGHAI_1120, 80)
    assert (first.status, first.direction, first.time_precision_s) == ("answered", "in", 1)
    if layout == "full" and len(header) == 5:
        assert first.contact_name == "王催收"
    assert (second.number, second.at_ms, second.status, second.time_precision_s) == (
        "+86 139 0013 9000", SHANGHAI_1120 + 300_000, "missed", 60)
    assert second.contact_name is None


@pytest.mark.parametrize("name", ["𠮷先生", "䶮", "张三"])
def test_csv_gb18030_preferred_over_gbk(tmp_path, name):
    path = write_csv(tmp_path / "calls.csv", ["号码", "时间", "姓名"],
                     [["13800138000", "2026-03-02 11:20:00", name]] * 3, encoding="gb18030")
    assert [c.contact_name for c in csv_calls.read_csv_calls(path, CTX)] == [name] * 3


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_and_title_line(tmp_path, delimiter):
    path = write_csv(tmp_path / "calls.csv", ["号码", "通话时间", "类型"],
                     [["13800138000", "2026-03-02 11:20:00", "呼出"]], delimiter=delimiter,
                     title="通话记录导出 2026-03-02")
    [call] = csv_calls.read_csv_calls(path, CTX)
    assert (call.number, call.status, call.direction) == ("13800138000", "outgoing", "out")


@pytest.mark.parametrize("label, status, direction", [
    ("呼入", "answered", "in"), ("来电", "answered", "in"), ("已接来电", "answered", "in"),
    ("呼出", "outgoing", "out"), ("去电", "outgoing", "out"), ("已拨电话", "outgoing", "out"),
    ("未接", "missed", "in"), ("未接来电", "missed", "in"), ("拒接", "rejected", "in"),
    ("已拒接", "rejected", "in"), ("拦截", "blocked", "in"), ("骚扰拦截", "blocked", "in"),
    ("incoming", "answered", "in"), ("Outgoing", "outgoing", "out"), ("missed", "missed", "in"),
    ("rejected", "rejected", "in"), ("BLOCKED", "blocked", "in"), ("1", "answered", "in"),
    ("2", "outgoing", "out"), ("3", "missed", "in"), ("4", "voicemail", "in"),
    ("5", "rejected", "in"), ("6", "blocked", "in"), ("7", "external", "in"),
    ("视频通话", "answered", "in"), ("", "answered", "in"),  # unknown: in, by duration
])
def test_csv_call_types(tmp_path, label, status, direction):
    path = write_csv(tmp_path / "calls.csv", ["号码", "时间", "时长", "类型"],
                     [["13800138000", "2026-03-02 11:20:00", "5", label]])
    [call] = csv_calls.read_csv_calls(path, CTX)
    assert (call.status, call.direction) == (status, direction)


@pytest.mark.parametrize("text, at_ms, precision", [
    ("2026-03-02 11:20:00", SHANGHAI_1120, 1), ("2026/3/2 11:20", SHANGHAI_1120, 60),
    ("2026年3月2日 11:20:05", SHANGHAI_1120 + 5000, 1), ("2026年3月2日11时20分", SHANGHAI_1120, 60),
    ("2026-03-02T11:20:00+08:00", SHANGHAI_1120, 1), ("2026-03-02T03:20:00Z", SHANGHAI_1120, 1),
    ("2026-03-02T05:20:00+1000", SHANGHAI_1120 - 8 * 3_600_000, 1),
    ("2026/3/2 下午 3:20", SHANGHAI_1120 + 4 * 3_600_000, 60),
    ("2026/3/2 上午12:20", SHANGHAI_1120 - 11 * 3_600_000, 60),
    ("2026-03-02 3:20:00 PM", SHANGHAI_1120 + 4 * 3_600_000, 1),
    ("2026-03-02 11:20:00.250", SHANGHAI_1120 + 250, 1),
    (str(SHANGHAI_1120), SHANGHAI_1120, 1), (str(SHANGHAI_1120 // 1000), SHANGHAI_1120, 1),
])
def test_csv_time_formats(tmp_path, text, at_ms, precision):
    path = write_csv(tmp_path / "calls.csv", ["phone", "time"], [["10086", text]])
    [call] = csv_calls.read_csv_calls(path, CTX)
    assert (call.at_ms, call.time_precision_s) == (at_ms, precision)


@pytest.mark.parametrize("text, seconds", [
    ("80", 80), ("80.5", 80.5), ("80秒", 80), ("1分20秒", 80), ("00:01:20", 80), ("01:20", 80),
    ("1小时2分3秒", 3723), ("1m20s", 80), ("", None), ("未知", None),
])
def test_csv_durations(tmp_path, text, seconds):
    path = write_csv(tmp_path / "calls.csv", ["号码", "时间", "通话时长", "类型"],
                     [["10086", "2026-03-02 11:20:00", text, "呼入"]])
    [call] = csv_calls.read_csv_calls(path, CTX)
    assert call.duration == seconds


@pytest.mark.parametrize("written, kept", [
    ('="13800138000"', "13800138000"), ("'13800138000", "13800138000"),
    ("13800138000.0", "13800138000"), ("未知号码", ""), ("", ""),
    ("(010) 8888-1234", "(010) 8888-1234"),
])
def test_csv_numbers(tmp_path, written, kept):
    path = write_csv(tmp_path / "calls.csv", ["号码", "时间"], [[written, "2026-03-02 11:20:00"]])
    assert [c.number for c in csv_calls.read_csv_calls(path, CTX)] == [kept]


def test_csv_bad_rows_are_counted_after_the_good_ones(tmp_path):
    rows = [["13800138000", "2026-03-02 11:20:00"], ["13800138000", "昨天下午"], [],
            ["1.38001E+10", "2026-03-02 11:21:00"], ["号码不详", "2026-03-02 11:22:00"],
            ["13800138000", "2026-03-02"], ["13800138000", "2026-02-30 10:00"],
            ["10086", "2026-03-02 11:23:00"]]
    path = write_csv(tmp_path / "calls.csv", ["号码", "时间"], rows)
    calls, exc = read_all(csv_calls.read_csv_calls, path)
    assert [c.locator for c in calls] == ["row 1", "row 8"]
    assert isinstance(exc, PartialFile) and exc.template == BAD_ROWS
    assert exc.params == {"name": "calls.csv", "bad": 5, "total": 7, "row": 2,
                          "reason": csv_calls.NO_TIME}


def test_csv_damaged_midway(tmp_path):
    rows = [["13800138000", "2026-03-02 11:20:00"]] * 3 + [["1", "x" * 200_000]]
    path = write_csv(tmp_path / "calls.csv", ["号码", "时间"], rows + rows)
    calls, exc = read_all(csv_calls.read_csv_calls, path)
    assert len(calls) == 3 and isinstance(exc, PartialFile)
    assert exc.params == {"name": "calls.csv", "row": 4, "count": 3}


@pytest.mark.parametrize("content", [
    b"", b"hello world\n", b"name,age\nbob,3\n", "号码,备注\n1,2\n".encode(),
    b"\x00\x01\x02\x03" * 100, b"<?xml version='1.0'?><calls/>",
])
def test_csv_without_a_call_header(tmp_path, content):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    assert not csv_calls.sniff_csv_calls(content)
    with pytest.raises(SkipFile, match="no call-log header"):
        list(csv_calls.read_csv_calls(path, CTX))


def test_csv_streams_rows(tmp_path):
    rows = [["13800138000", "2026-03-02 11:20:00"]] * 20_000
    path = write_csv(tmp_path / "calls.csv", ["号码", "时间"], rows, encoding="gbk")
    reader = csv_calls.read_csv_calls(path, CTX)
    assert next(reader).locator == "row 1"
    reader.close()  # type: ignore[attr-defined]  # a generator, typed as an Iterator


# --- iPhone -------------------------------------------------------------------------------------

def test_ios_calls(tmp_path):
    at = apple_seconds(T0_MS)
    path = write_call_history(tmp_path / "CallHistory.storedata", [
        {"ZDATE": at, "ZADDRESS": "+8613800138000", "ZNAME": "王经理", "ZDURATION": 61.5},
        {"ZDATE": at + 60, "ZADDRESS": b"13900139000", "ZANSWERED": 0, "ZDURATION": 0.0},
        {"ZDATE": at + 120, "ZADDRESS": "10086", "ZORIGINATED": 1, "ZANSWERED": 0},
        {"ZDATE": at + 180, "ZADDRESS": "a@example.com", "ZCALLTYPE": 8,
         "ZSERVICE_PROVIDER": "com.apple.FaceTime"},
        {"ZDATE": at + 240, "ZADDRESS": "+8613800138000", "ZCALLTYPE": 16},
        {"ZDATE": at + 300, "ZADDRESS": "wxid_abc", "ZCALLTYPE": 0,
         "ZSERVICE_PROVIDER": "com.tencent.xin"},
        {"ZDATE": at + 360, "ZADDRESS": None, "ZCALLTYPE": 1, "ZANSWERED": 0},
    ])
    before = digest(path)
    calls = list(ios.read_ios_calls(path, CTX))
    assert [(c.locator, c.number, c.status, c.direction) for c in calls] == [
        ("ZCALLRECORD 1", "+8613800138000", "answered", "in"),
        ("ZCALLRECORD 2", "13900139000", "missed", "in"),
        ("ZCALLRECORD 3", "10086", "outgoing", "out"),
        ("ZCALLRECORD 4 (FaceTime video)", "a@example.com", "answered", "in"),
        ("ZCALLRECORD 5 (FaceTime audio)", "+8613800138000", "answered", "in"),
        ("ZCALLRECORD 6 (third-party app com.tencent.xin)", "wxid_abc", "answered", "in"),
        ("ZCALLRECORD 7", "", "missed", "in"),
    ]
    assert [c.at_ms for c in calls] == [T0_MS + n * 60_000 for n in range(7)]
    assert (calls[0].duration, calls[0].contact_name, calls[1].contact_name) == (
        61.5, "王经理", None)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CallHistory.storedata"]


@pytest.mark.parametrize("encode", [apple_seconds, apple_nanoseconds])
def test_ios_sms_dates_in_seconds_and_nanoseconds(tmp_path, encode):
    date = encode(T0_MS)
    if encode is apple_seconds:
        date = int(date)
    path = write_sms_db(tmp_path / "sms.db", ["+8613800138000", "collector@icloud.com"], [
        {"handle_id": 1, "date": date, "text": "今天必须还款"},
        {"handle_id": 1, "date": date, "text": "好的", "is_from_me": 1},
        {"handle_id": 2, "date": date, "text": "hi", "service": "iMessage"},
    ])
    messages = list(ios.read_ios_sms(path, CTX))
    assert [(m.locator, m.number, m.direction, m.text, m.at_ms) for m in messages] == [
        ("message ROWID 1 (SMS)", "+8613800138000", "in", "今天必须还款", T0_MS),
        ("message ROWID 2 (SMS)", "+8613800138000", "out", "好的", T0_MS),
        ("message ROWID 3 (iMessage)", "collector@icloud.com", "in", "hi", T0_MS),
    ]


def test_ios_sms_text_only_in_attributed_body_is_reported(tmp_path):
    date = apple_nanoseconds(T0_MS)
    path = write_sms_db(tmp_path / "sms.db", ["+8613800138000"], [
        {"handle_id": 1, "date": date, "text": None, "attributedBody": b"\x04\x0bstreamtyped..."},
        {"handle_id": 1, "date": date, "text": "正常"},
        {"handle_id": 0, "date": date, "text": None, "item_type": 3},  # group event: left out
        {"handle_id": 0, "date": date, "text": "发给群", "is_from_me": 1},
        {"handle_id": 0, "date": date, "text": "发给个人", "is_from_me": 1},
    ], chats=[("chat123456", 43, [4]), ("+8613900139000", 45, [5])])
    messages, exc = read_all(ios.read_ios_sms, path)
    assert [(m.locator, m.number, m.text) for m in messages] == [
        ("message ROWID 1 (SMS)", "+8613800138000", ""),
        ("message ROWID 2 (SMS)", "+8613800138000", "正常"),
        ("message ROWID 4 (SMS)", "", "发给群"),
        ("message ROWID 5 (SMS)", "+8613900139000", "发给个人"),
    ]
    assert isinstance(exc, PartialFile) and exc.params == {"name": "sms.db", "count": 1}


def test_ios_sniff_and_read_only_open(tmp_path):
    folder = tmp_path / "备份 #1?"
    folder.mkdir()
    calls = write_call_history(folder / "5a4935c78a5255723f707230a451d79c540d2741", [])
    sms = write_sms_db(folder / "3d0d7e5fb2ce288813306e4d4636395e047a3d28", [], [])
    other = folder / "other.db"
    with closing(sqlite3.connect(other)) as con:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE t (x)")
    text = folder / "notes.txt"
    text.write_text("SQLite format 3 is not this")
    assert ios.sniff_ios_db(calls) == "ios-calls"
    assert ios.sniff_ios_db(sms) == "ios-sms"
    assert ios.sniff_ios_db(other) is None and ios.sniff_ios_db(text) is None
    before = sorted(p.name for p in folder.iterdir())
    assert list(ios.read_ios_sms(sms, CTX)) == [] and list(ios.read_ios_calls(calls, CTX)) == []
    assert sorted(p.name for p in folder.iterdir()) == before  # no -wal / -shm / -journal


def test_ios_wal_beside_the_database_is_reported(tmp_path):
    path = write_call_history(tmp_path / "CallHistory.storedata",
                              [{"ZDATE": apple_seconds(T0_MS), "ZADDRESS": "10086"}])
    (tmp_path / "CallHistory.storedata-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    calls, exc = read_all(ios.read_ios_calls, path)
    assert len(calls) == 1 and isinstance(exc, PartialFile)
    assert exc.params["wal"] == "CallHistory.storedata-wal"


@pytest.mark.parametrize("content", [
    b"SQLite format 3\x00" + os.urandom(4000), b"SQLite format 3\x00", b"", b"not a database",
])
@pytest.mark.parametrize("reader", [ios.read_ios_calls, ios.read_ios_sms])
def test_ios_corrupt_database_is_skipped(tmp_path, content, reader):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(SkipFile, match="could not be opened as an iPhone database"):
        list(reader(path, CTX))


def test_ios_truncated_database_is_skipped_or_partial(tmp_path):
    rows = [{"ZDATE": apple_seconds(T0_MS) + n, "ZADDRESS": f"1380013{n:04d}", "ZNAME": "x" * 200}
            for n in range(2000)]
    path = write_call_history(tmp_path / "CallHistory.storedata", rows)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    calls, exc = read_all(ios.read_ios_calls, path)
    assert isinstance(exc, (SkipFile, PartialFile)) and len(calls) < 2000


def test_message_dates_by_magnitude():
    assert ios._message_ms(0) == 978_307_200_000
    assert ios._message_ms(apple_nanoseconds(T0_MS)) == T0_MS
    assert ios._message_ms(apple_seconds(T0_MS)) == T0_MS
    assert datetime.fromtimestamp(T0_MS / 1000, UTC).hour == 3
