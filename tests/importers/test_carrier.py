"""Carrier call-detail records (运营商详单): the three carriers, the four kinds of file, every
duration form, the bill month's year, subtotals, 呼转, SMS details, and one call counted once
with the phone's log and a recording."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidence_logger import listing
from evidence_logger.importers import carrier, formats
from evidence_logger.importing import run
from evidence_logger.records import (
    FileNote,
    MessageRecord,
    PartialFile,
    ReadContext,
    SkipFile,
    YearNeeded,
)
from tests.fixtures.audio import make_audio
from tests.fixtures.carrier import (
    MOBILE,
    SMS,
    TELECOM,
    UNICOM,
    mobile_row,
    sms_row,
    telecom_row,
    unicom_row,
    write_pdf,
    write_table,
)
from tests.fixtures.exports import sbr_call, write_csv, write_sbr

TZ = ZoneInfo("Asia/Shanghai")
CTX = ReadContext(TZ)
KINDS = ("csv", "xlsx", "xls", "pdf")
CARRIERS = {"mobile": (MOBILE, mobile_row, "中国移动 2026年10月 通话详单"),
            "unicom": (UNICOM, unicom_row, "中国联通 通话详单 账期 2026-10"),
            "telecom": (TELECOM, telecom_row, "中国电信 电子详单 查询月份:202610")}
SAID = {"mobile": "2026年10月", "unicom": "账期 2026-10", "telecom": "查询月份 202610"}


def ms(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=TZ).timestamp() * 1000)


def read(path: Path, ctx: ReadContext = CTX) -> tuple[list, list[FileNote]]:
    found = formats.detect(path)
    assert found is not None, path
    records = list(formats.read(found[1], path, ctx))
    return ([r for r in records if not isinstance(r, FileNote)],
            [r for r in records if isinstance(r, FileNote)])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", CARRIERS)
def test_each_carrier_in_each_kind_of_file(tmp_path, who, kind):
    header, row, title = CARRIERS[who]
    rows = [row("10-03 07:41:09", "主叫", "17188885555", "1分56秒"),
            row("10-04 22:05:30", "被叫", "0755-86001234", "00:00:41"),
            row("10-05 13:00:00", "呼转", "17188886666", "7秒")]
    path = write_table(tmp_path / f"detail.{kind}", header, rows, title=title)
    assert formats.detect(path) == (formats.CALL_LOG, carrier.CALLS)
    calls, notes = read(path)
    assert [n.message(path.name, "en") for n in notes] == [
        f"{path.name}: its dates have no year; they were read as 2026-10-03 to 2026-10-05, the"
        f" year from the bill month in its title ({SAID[who]})."]
    assert [(c.number, c.at_ms, c.direction, c.status, c.duration) for c in calls] == [
        ("17188885555", ms("2026-10-03 07:41:09"), "out", "outgoing", 116),
        ("0755-86001234", ms("2026-10-04 22:05:30"), "in", "answered", 41),
        ("17188886666", ms("2026-10-05 13:00:00"), "in", "external", 7)]
    assert {(c.time_source, c.time_trust) for c in calls} == {("carrier", "strong")}


@pytest.mark.parametrize(("written", "seconds"), [
    ("56秒", 56), ("1分56秒", 116), ("1小时2分3秒", 3723), ("00:01:56", 116), ("1:56", 116),
    ("2分", 120), ("0秒", 0), ("93", 93), ("01:00:09", 3609), ("1'56\"", 116), ("1分56", 116),
    ("1时2分3秒", 3723), ("1′56″", 116)])
def test_every_way_a_duration_is_written(tmp_path, written, seconds):
    path = write_table(tmp_path / "d.csv", MOBILE,
                       [mobile_row("2026-09-12 10:00:00", "主叫", "13911112222", written)])
    calls, _ = read(path)
    assert calls[0].duration == seconds


def test_an_excel_duration_cell_and_numbers_stored_as_numbers(tmp_path):
    from datetime import datetime as dt
    from datetime import time

    path = write_table(tmp_path / "d.xlsx", MOBILE, [
        [dt(2026, 9, 12, 10, 0, 5), "广州", "主叫", 13911112222, time(0, 2, 7), "本地", "", 0],
    ])
    calls, _ = read(path)
    assert (calls[0].number, calls[0].at_ms, calls[0].duration) == (
        "13911112222", ms("2026-09-12 10:00:05"), 127)


def test_an_xls_duration_cell_formatted_as_a_time_of_day(tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("详单")
    clock = xlwt.easyxf(num_format_str="hh:mm:ss")
    for c, value in enumerate(MOBILE):
        ws.write(0, c, value)
    for c, value in enumerate(mobile_row("2026-10-03 07:41:09", "主叫", "17188885555", "")):
        ws.write(1, c, 116 / 86400 if c == 4 else value,
                 clock if c == 4 else xlwt.Style.default_style)
    book.save(str(tmp_path / "d.xls"))
    calls, notes = read(tmp_path / "d.xls")
    assert calls[0].duration == 116 and notes == []


def test_a_row_without_a_readable_duration_is_counted(tmp_path):
    path = write_table(tmp_path / "d.csv", MOBILE, [
        mobile_row("2026-10-03 07:41:09", "主叫", "17188885555", "约两分钟"),
        mobile_row("2026-10-03 08:41:09", "主叫", "17188885555", "5秒")])
    calls, notes = read(path)
    assert [c.duration for c in calls] == [None, 5]
    assert [n.message("d.csv", "en") for n in notes] == [
        "d.csv: 1 row(s) had no readable duration; those calls were imported without one."]


@pytest.mark.parametrize(("name", "title", "header", "year"), [
    ("detail.csv", "2025年3月通话详单", MOBILE, 2025),
    ("中国移动详单_2024年03月.csv", None, MOBILE, 2024),
    ("bill-202303.csv", None, MOBILE, 2023),
    ("detail_2022-03.csv", None, MOBILE, 2022),
    ("detail.csv", None, ["起始时间(2021年3月)", *MOBILE[1:]], 2021),
])
def test_the_year_of_dates_without_one_comes_from_the_bill_month(tmp_path, name, title,
                                                                 header, year):
    path = write_table(tmp_path / name, header,
                       [mobile_row("03-09 18:30:00", "被叫", "17011112222", "12秒")], title=title)
    calls, _ = read(path)
    assert calls[0].at_ms == ms(f"{year}-03-09 18:30:00")


def test_a_workbook_with_a_summary_sheet_first_then_calls_then_messages(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(["项目", "金额(元)"])
    summary.append(["语音通信费", "12.50"])
    calls = book.create_sheet("通话详单")
    calls.append(["中国移动 2026年10月 通话详单"])
    calls.append(MOBILE)
    calls.append(mobile_row("10-03 07:41:09", "主叫", "17188885555", "1分56秒"))
    texts = book.create_sheet("短信详单")
    texts.append(SMS)
    texts.append(sms_row("10-08 09:15:00", "10690000123", "接收"))
    book.save(tmp_path / "d.xlsx")
    assert formats.detect(tmp_path / "d.xlsx") == (formats.CALL_LOG, carrier.CALLS)
    got, _ = read(tmp_path / "d.xlsx")
    assert [(c.number, c.at_ms, c.locator) for c in got] == [
        ("17188885555", ms("2026-10-03 07:41:09"), "通话详单 row 3")]


def test_an_xls_with_a_summary_sheet_first(tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    summary = book.add_sheet("汇总")
    summary.write(0, 0, "语音通信费")
    ws = book.add_sheet("通话详单")
    for r, row in enumerate([MOBILE, mobile_row("2026-10-03 07:41:09", "主叫", "17188885555",
                                                "9秒")]):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    book.save(str(tmp_path / "d.xls"))
    got, _ = read(tmp_path / "d.xls")
    assert [(c.number, c.locator) for c in got] == [("17188885555", "通话详单 row 2")]


def test_a_year_month_in_a_row_above_the_header(tmp_path):
    path = tmp_path / "d.xlsx"
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["客户姓名：张某", "手机号码：13900001111"])
    ws.append(["账单月份：", "2026年07月"])
    ws.append(MOBILE)
    ws.append(mobile_row("07-15 09:00:00", "主叫", "13800002222", "9秒"))
    book.save(path)
    calls, _ = read(path)
    assert calls[0].at_ms == ms("2026-07-15 09:00:00")


def test_without_a_year_the_file_is_refused_with_a_question_then_the_given_year(tmp_path):
    rows = [mobile_row("11-02 08:00:00", "主叫", "13800002222", "9秒")]
    path = write_table(tmp_path / "详单.csv", MOBILE, rows)
    with pytest.raises(YearNeeded) as refused:
        read(path)
    assert "import --year" in str(refused.value) and "详单.csv" in str(refused.value)
    calls, _ = read(path, ReadContext(TZ, year=2024))
    assert calls[0].at_ms == ms("2024-11-02 08:00:00")


def test_a_bill_across_the_year_end(tmp_path):
    december = [mobile_row("12-31 23:59:50", "主叫", "13800002222", "20秒"),
                mobile_row("01-01 00:00:20", "被叫", "13800002222", "5秒")]
    path = write_table(tmp_path / "a.csv", MOBILE, december, title="2025年12月 详单")
    calls, _ = read(path)
    assert [c.at_ms for c in calls] == [ms("2025-12-31 23:59:50"), ms("2026-01-01 00:00:20")]
    # a January bill listing the last days of December
    path = write_table(tmp_path / "b.csv", MOBILE, december, title="2026年01月 详单")
    calls, _ = read(path)
    assert [c.at_ms for c in calls] == [ms("2025-12-31 23:59:50"), ms("2026-01-01 00:00:20")]
    # only a year given by the user, that of the first row: the January rows are the next's
    path = write_table(tmp_path / "c.csv", MOBILE, december)
    with pytest.raises(YearNeeded) as refused:
        read(path)
    assert (refused.value.params["first_day"], refused.value.params["last_day"]) == (
        "12-31", "01-01")
    calls, _ = read(path, ReadContext(TZ, year=2025))
    assert [c.at_ms for c in calls] == [ms("2025-12-31 23:59:50"), ms("2026-01-01 00:00:20")]


@pytest.mark.parametrize(("name", "title"), [
    ("通话详单_20260501.csv", None),  # a download date in the file name is not the bill month
    ("detail.csv", "通话详单 打印时间 2026-05-01"),  # nor a print date in the title
    ("detail.csv", "生成时间：2026年05月01日 10:00"),
])
def test_a_print_or_download_date_is_not_the_bill_month(tmp_path, name, title):
    path = write_table(tmp_path / name, MOBILE,
                       [mobile_row("10-03 07:41:09", "主叫", "17188885555", "1分56秒")],
                       title=title)
    with pytest.raises(YearNeeded):
        read(path)
    # the year given is that of the first row; the download date is an upper bound
    calls, notes = read(path, ReadContext(TZ, year=2025))
    assert calls[0].at_ms == ms("2025-10-03 07:41:09")
    assert notes[0].message(name, "en") == (
        f"{name}: its dates have no year; they were read as 2025-10-03 to 2025-10-03, with the"
        " year 2025 given for its first row (--year or the question).")
    with pytest.raises(YearNeeded) as refused:  # after the file was made
        read(path, ReadContext(TZ, year=2026))
    assert "after 2026-05-01" in str(refused.value)


def test_a_date_with_its_day_in_a_title_is_not_the_bill_month(tmp_path):
    path = write_table(tmp_path / "a.csv", MOBILE,
                       [mobile_row("10-03 07:41:09", "主叫", "17188885555", "9秒")],
                       title="通话详单 2026-05-01")
    with pytest.raises(YearNeeded):
        read(path)


def test_a_bill_month_never_puts_a_row_after_today_or_the_print_date(tmp_path):
    path = write_table(tmp_path / "a.csv", MOBILE,
                       [mobile_row("10-03 07:41:09", "主叫", "17188885555", "9秒")],
                       title="2099年10月 通话详单")
    with pytest.raises(YearNeeded):
        read(path)
    path = write_table(tmp_path / "b.csv", MOBILE,
                       [mobile_row("10-03 07:41:09", "主叫", "17188885555", "9秒")],
                       title="2025年10月 通话详单 打印时间 2025-09-30")
    with pytest.raises(YearNeeded):
        read(path)


@pytest.mark.parametrize(("title", "said"), [
    ("查询时间：2025-12-01至2026-01-31", "the period it covers (2025-12-01至2026-01-31)"),
    ("计费月份 202512", "the bill month in its title (计费月份 202512)"),
    ("客户 张某 年月：2025-12", "the bill month in its title (年月 2025-12)"),
    ("查询时间：2025年12月", "the bill month in its title (查询时间 2025年12月)"),
])
def test_a_labelled_bill_month_or_period_gives_the_year(tmp_path, title, said):
    path = write_table(tmp_path / "a.csv", MOBILE, [
        mobile_row("12-31 23:59:50", "主叫", "13800002222", "20秒"),
        mobile_row("01-01 00:00:20", "被叫", "13800002222", "5秒")], title=title)
    calls, notes = read(path)
    assert [c.at_ms for c in calls] == [ms("2025-12-31 23:59:50"), ms("2026-01-01 00:00:20")]
    assert notes[0].message("a.csv", "en").endswith(f"year from {said}.")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_start_time_of_fourteen_digits(tmp_path, kind):
    path = write_table(tmp_path / f"d.{kind}", MOBILE, [
        mobile_row("20261003074109", "主叫", "17188885555", "9秒"),
        mobile_row("20261032074109", "主叫", "17188885555", "9秒")])
    with pytest.raises(PartialFile) as partial:  # 10-32 is no day: that row is refused
        list(carrier.read_carrier(path, CTX))
    assert partial.value.params["bad"] == 1
    path = write_table(tmp_path / f"e.{kind}", MOBILE, [
        mobile_row("20261003074109", "主叫", "17188885555", "9秒")])
    calls, notes = read(path)
    assert [c.at_ms for c in calls] == [ms("2026-10-03 07:41:09")] and notes == []


def test_a_year_written_in_the_rows_wins_over_the_title(tmp_path):
    path = write_table(tmp_path / "a.csv", UNICOM,
                       [unicom_row("2026/02/28 23:00:01", "主叫", "13800002222", "3秒")],
                       title="2019年5月")
    calls, _ = read(path)
    assert calls[0].at_ms == ms("2026-02-28 23:00:01")


@pytest.mark.parametrize("kind", KINDS)
def test_subtotal_and_total_rows_are_passed_over_and_counted(tmp_path, kind):
    rows = [telecom_row("06-01 10:00:00", "主叫", "13800002222", "3秒"),
            ["--", "--", "--", "--", "3秒", "--", "0.15"],
            telecom_row("06-02 10:00:00", "被叫", "13800003333", "4秒"),
            ["小计", "", "", "", "7秒", "", "0.15"],
            ["合计：2条", "", "", "", "", "", "0.15"]]
    path = write_table(tmp_path / f"t.{kind}", TELECOM, rows, title="电信 2026年6月 详单")
    calls, notes = read(path)
    assert [c.number for c in calls] == ["13800002222", "13800003333"]
    assert [n.params for n in notes if "count" in n.params] == [{"count": 3}]
    assert "3 subtotal" in notes[-1].message(path.name, "en")


def test_a_call_whose_package_cell_says_heji_is_a_call(tmp_path):
    row = mobile_row("10-03 07:41:09", "主叫", "17188885555", "1分56秒")
    row[6] = "套餐内(合计500分钟)"
    path = write_table(tmp_path / "d.csv", MOBILE, [
        row, ["", "", "", "", "1分56秒", "", "合计", "0.00"]], title="2026年10月 通话详单")
    calls, notes = read(path)
    assert [c.number for c in calls] == ["17188885555"]
    assert [n.params for n in notes if "count" in n.params] == [{"count": 1}]


def test_an_sms_detail_record_gives_messages_without_text(tmp_path):
    rows = [sms_row("10-08 09:15:00", "10690000123", "接收"),
            sms_row("10-08 09:20:31", "17100001111", "发送")]
    for kind in KINDS:
        path = write_table(tmp_path / f"sms.{kind}", SMS, rows, title="短信详单 2026年10月")
        assert formats.detect(path) == (formats.MESSAGES, carrier.SMS), kind
        messages, _ = read(path)
        assert all(isinstance(m, MessageRecord) for m in messages)
        assert [(m.number, m.at_ms, m.direction, m.text, m.time_source) for m in messages] == [
            ("10690000123", ms("2026-10-08 09:15:00"), "in", "", "carrier"),
            ("17100001111", ms("2026-10-08 09:20:31"), "out", "", "carrier")]


def test_a_pdf_of_several_pages_with_its_header_on_each(tmp_path):
    rows = [mobile_row(f"10-{d:02d} {h:02d}:1{h % 6}:0{d % 10}", "主叫" if h % 2 else "被叫",
                       f"1380000{d:02d}{h:02d}", f"{h}分{d}秒")
            for d in range(1, 8) for h in range(8, 13)]
    path = write_pdf(tmp_path / "电子详单.pdf", MOBILE, rows,
                     title="中国移动通信 客户详单 2026年10月", per_page=10)
    calls, _ = read(path)
    assert len(calls) == len(rows) == 35
    assert calls[-1].number == "13800000712" and calls[-1].duration == 12 * 60 + 7
    assert calls[-1].locator.startswith("page 4 ")


def test_bad_rows_are_reported_and_a_file_of_only_bad_rows_is_skipped(tmp_path):
    rows = [mobile_row("10-01 10:00:00", "主叫", "13800002222", "3秒"),
            mobile_row("10-01 10:05:00", "漫游", "13800002222", "3秒"),
            mobile_row("10-32 10:05:00", "被叫", "13800002222", "3秒")]
    path = write_table(tmp_path / "a.csv", MOBILE, rows, title="2026年10月 通话详单")
    with pytest.raises(PartialFile) as partial:
        list(carrier.read_carrier(path, CTX))
    assert partial.value.params["bad"] == 2 and partial.value.params["total"] == 3
    path = write_table(tmp_path / "b.csv", MOBILE, rows[1:], title="2026年10月 通话详单")
    with pytest.raises(SkipFile) as skipped:
        list(carrier.read_carrier(path, CTX))
    assert "none of its 2 rows" in str(skipped.value)


def test_a_phone_call_log_csv_is_not_taken_for_a_carrier_record(tmp_path):
    path = write_csv(tmp_path / "calls.csv", ["通话时间", "号码", "类型", "通话时长"],
                     [["2026-10-01 10:00:00", "13800002222", "呼出", "35"]])
    assert formats.detect(path) == (formats.CALL_LOG, "csv-calls")


def test_gbk_csv(tmp_path):
    path = write_table(tmp_path / "gbk.csv", UNICOM,
                       [unicom_row("08-08 08:08:08", "被叫", "13800002222", "1分")],
                       title="联通 2026年8月 详单", encoding="gb18030")
    calls, _ = read(path)
    assert calls[0].at_ms == ms("2026-08-08 08:08:08")


# --- one call counted once -------------------------------------------------------------------


def sbr(path: Path, *calls: tuple[str, int, str, int]) -> Path:
    return write_sbr(path, "calls", [sbr_call(number=n, date=str(at), type=t, duration=str(d))
                                     for n, at, t, d in calls])


def calls_of(case) -> list[dict]:
    return [e for e in listing.events(case) if e["kind"] == "call"]


def test_a_carrier_row_joins_the_phone_log_entry_and_the_recording_of_the_same_call(case,
                                                                                    tmp_path):
    ring = ms("2026-10-03 07:40:51")
    log = sbr(tmp_path / "calls-1.xml", ("+8617188885555", ring, "1", 116),
              ("+8617188885555", ring + 3_600_000, "2", 30))
    recording = make_audio(tmp_path / "17188885555(17188885555)_20261003074110.mp3", "mp3", 1.0)
    detail = write_table(tmp_path / "detail.xlsx", MOBILE, [
        # answered 18 s after the phone began to ring; the carrier's clock 2 s off
        mobile_row("10-03 07:41:09", "被叫", "17188885555", "1分57秒"),
        mobile_row("10-03 08:41:00", "主叫", "17188885555", "29秒")], title="2026年10月 通话详单")
    report = run(case, [log, detail, recording])
    assert report.complete, [p.message() for p in report.problems]
    calls = calls_of(case)
    assert len(calls) == 2
    first = calls[0]
    assert first["status"] == "answered" and first["duration"] == 116
    assert first["at_source"] == "log"  # the phone's log keeps the ring's start
    assert sorted(s["source"] for s in first["sources"]) == ["carrier", "log", "recording"]


def test_carrier_first_then_the_phone_log_then_a_recording(case, tmp_path):
    detail = write_table(tmp_path / "detail.csv", UNICOM, [
        unicom_row("10-03 07:41:09", "被叫", "17188885555", "116")], title="详单 账期 2026-10")
    run(case, [detail])
    (only,) = calls_of(case)
    assert (only["at_source"], only["at_trust"]) == ("carrier", "strong")
    ring = ms("2026-10-03 07:40:40")
    run(case, [sbr(tmp_path / "calls.xml", ("17188885555", ring, "1", 115))])
    (only,) = calls_of(case)
    assert only["at_source"] == "log" and only["at"].startswith("2026-10-03T07:40:40")
    run(case, [make_audio(tmp_path / "17188885555(17188885555)_20261003074112.mp3", "mp3")])
    (only,) = calls_of(case)
    assert len(only["sources"]) == 3


def test_a_recording_and_a_carrier_row_without_a_phone_log(case, tmp_path):
    run(case, [make_audio(tmp_path / "13900001111(13900001111)_20260915200003.mp3", "mp3")])
    detail = write_table(tmp_path / "detail.csv", TELECOM, [
        telecom_row("2026-09-15 20:00:01", "主叫", "13900001111", "00:03:10")])
    run(case, [detail])
    (only,) = calls_of(case)
    assert (only["at_source"], only["direction"], only["status"]) == (
        "carrier", "out", "outgoing")
    assert only["at"].startswith("2026-09-15T20:00:01")


def test_a_carrier_row_never_joins_a_missed_call(case, tmp_path):
    at = ms("2026-10-03 09:00:00")
    log = sbr(tmp_path / "calls.xml", ("13700001111", at, "3", 0),  # missed
              ("13700001111", at + 600_000, "5", 0))  # rejected
    detail = write_table(tmp_path / "detail.csv", MOBILE, [
        mobile_row("10-03 09:00:20", "被叫", "13700001111", "30秒"),
        mobile_row("10-03 09:10:15", "呼转", "13700001111", "30秒")], title="2026年10月 通话详单")
    run(case, [log, detail])
    calls = calls_of(case)
    assert [(c["status"], len(c["sources"])) for c in calls] == [
        ("missed", 1), ("answered", 1), ("rejected", 1), ("external", 1)]


def test_too_far_apart_or_different_lengths_are_different_calls(case, tmp_path):
    ring = ms("2026-10-03 10:00:00")
    log = sbr(tmp_path / "calls.xml", ("13700001111", ring, "2", 60),
              ("13700001111", ring + 3_600_000, "2", 60))
    detail = write_table(tmp_path / "detail.csv", MOBILE, [
        mobile_row("10-03 10:02:00", "主叫", "13700001111", "60秒"),  # 120 s after: too late
        mobile_row("10-03 11:00:10", "主叫", "13700001111", "5分")], title="2026年10月 通话详单")
    run(case, [log, detail])
    assert len(calls_of(case)) == 4


def test_the_same_bill_as_pdf_and_spreadsheet_is_counted_once(case, tmp_path):
    rows = [mobile_row("10-03 10:00:00", "主叫", "13700001111", "60秒"),
            mobile_row("10-03 10:00:00", "主叫", "13700001111", "60秒")]  # two rows, two calls
    a = write_table(tmp_path / "a.pdf", MOBILE, rows, title="2026年10月 通话详单")
    b = write_table(tmp_path / "b.xlsx", MOBILE, rows, title="2026年10月 通话详单")
    run(case, [a, b])
    calls = calls_of(case)
    assert len(calls) == 2  # a bill lists each call once: alike rows are two calls
    assert [len(c["sources"]) for c in calls] == [2, 2]  # each in the PDF and the workbook


def test_import_summary_notes_and_year_needed_problem(case, tmp_path):
    rows = [mobile_row("10-03 10:00:00", "主叫", "13700001111", "60秒"), ["--"] * 8]
    noted = write_table(tmp_path / "a.csv", MOBILE, rows, title="2026年10月 通话详单")
    yearless = write_table(tmp_path / "b.csv", MOBILE, rows)
    report = run(case, [noted, yearless])
    (done,) = report.imported
    assert done.note_lines("en") == [
        "a.csv: its dates have no year; they were read as 2026-10-03 to 2026-10-03, the year"
        " from the bill month in its title (2026年10月).",
        "a.csv: 1 subtotal or total row(s) were passed over (they are not calls or messages)."]
    (problem,) = report.problems
    assert problem.needs_year and problem.skipped and problem.path == str(yearless)
    report = run(case, [yearless], year=2025)
    assert report.complete and report.imported[0].events_added == 1


def test_call_type_under_tonghua_leixing_before_the_hujiao_column(tmp_path):
    header = ["通话起始时间", "通话类型", "通话地点", "对方号码", "通话时长", "呼叫类型", "费用"]
    path = write_table(tmp_path / "详单_202607.csv", header, [
        ["07-30 12:00:00", "被叫", "杭州", "13800002222", "2分", "本地", "0"],
        ["07-30 12:10:00", "本地", "杭州", "13800002222", "2分", "主叫", "0"]])
    calls, _ = read(path)  # the year from a yyyyMM in the file's name
    assert [(c.at_ms, c.direction) for c in calls] == [(ms("2026-07-30 12:00:00"), "in"),
                                                       (ms("2026-07-30 12:10:00"), "out")]


@pytest.mark.parametrize(("mode", "direction"), [
    ("本地主叫", ("out", "outgoing")), ("国内主叫", ("out", "outgoing")),
    ("国际主叫", ("out", "outgoing")), ("漫游被叫", ("in", "answered")),
    ("国内呼转", ("in", "external")), ("主叫呼转", ("in", "external"))])
def test_call_types_with_a_word_before_zhujiao_or_beijiao(mode, direction):
    assert carrier._direction(mode) == direction


def test_a_call_type_saying_both_zhujiao_and_beijiao_is_refused():
    with pytest.raises(Exception, match="call type"):
        carrier._direction("主叫被叫")


def test_a_pdf_cell_wrapped_over_two_lines(tmp_path):
    path = write_pdf(tmp_path / "d.pdf", MOBILE, [
        mobile_row("10-31\n23:59:58", "主叫", "13800002222", "1分\n5秒")],
        title="2026年10月 通话详单")
    calls, _ = read(path)
    assert (calls[0].at_ms, calls[0].duration) == (ms("2026-10-31 23:59:58"), 65)


def test_a_web_page_table_saved_as_xls(tmp_path):
    from tests.fixtures.carrier import write_html_xls

    path = write_html_xls(tmp_path / "详单.xls", MOBILE, [
        mobile_row("10-03 07:41:09", "主叫", "17188885555", "1分56秒"),
        ["合计", "", "", "", "1分56秒", "", "", "0.00"]], title="2026年10月 通话详单")
    assert formats.detect(path) == (formats.CALL_LOG, carrier.CALLS)
    calls, notes = read(path)
    assert [(c.number, c.at_ms, c.duration) for c in calls] == [
        ("17188885555", ms("2026-10-03 07:41:09"), 116)]
    assert [n.params for n in notes if "count" in n.params] == [{"count": 1}]


def test_a_web_page_table_after_a_long_style_block(tmp_path):
    from tests.fixtures.carrier import write_html_xls

    path = write_html_xls(tmp_path / "详单.xls", MOBILE, [
        mobile_row("10-03 07:41:09", "主叫", "17188885555", "1分56秒")],
        title="2026年10月 通话详单")
    style = "<style>" + "".join(f".c{i} {{ color: #{i:06x}; }}\n" for i in
                                 range(8000)) + "</style>"
    path.write_bytes(path.read_bytes().replace(b"</head>", style.encode() + b"</head>"))
    assert path.read_bytes().lower().index(b"<table") > 1 << 17
    assert formats.detect(path) == (formats.CALL_LOG, carrier.CALLS)
    calls, _ = read(path)
    assert [c.number for c in calls] == ["17188885555"]


def _broken_xml(path: Path) -> Path:
    import zipfile

    write_table(path, MOBILE, [mobile_row("10-03 07:41:09", "主叫", "1718888555", "9秒")])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data[: len(data) // 2] if n.endswith("sheet1.xml") else data)
    return path


def _no_table_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Hello, there is no table here.")
    pdf.save()
    return path


@pytest.mark.parametrize(("make", "says"), [
    (lambda p: p.with_suffix(".xlsx").write_bytes(
        write_table(p.with_suffix(".xlsx"), MOBILE, []).read_bytes()[:900]) and
     p.with_suffix(".xlsx"), "appears damaged"),
    (lambda p: _broken_xml(p.with_suffix(".xlsx")), "appears damaged"),
    (lambda p: p.with_suffix(".xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
     and p.with_suffix(".xls"), "appears damaged"),
])
def test_a_damaged_spreadsheet_or_a_pdf_without_a_table_gets_its_own_sentence(
        case, tmp_path, make, says):
    path = make(tmp_path / "详单")
    report = run(case, [path])
    (problem,) = report.problems
    assert says in problem.message("en") and "not a kind of file" not in problem.message("en")


def test_a_pdf_without_a_table_is_kept_as_other_evidence(case, tmp_path):
    report = run(case, [_no_table_pdf(tmp_path / "借款合同.pdf")])
    assert not report.problems
    (item,) = report.imported
    assert item.kind == "other" and "kept as other evidence" in item.note_lines("en")[0]


def messages_of(case) -> list[dict]:
    return [e for e in listing.events(case) if e["kind"] == "message"]


@pytest.mark.parametrize("carrier_first", [True, False])
def test_a_carrier_sms_row_and_the_phone_message_are_one_message(case, tmp_path,
                                                                 carrier_first):
    from tests.fixtures.exports import sbr_sms

    at = ms("2026-10-08 09:15:02")
    phone = write_sbr(tmp_path / "sms.xml", "smses", [
        sbr_sms(address="10690000123", date=str(at), type="1", body="您的账单已逾期"),
        sbr_sms(address="10690000123", date=str(at + 20_000), type="1", body="请立即还款"),
        sbr_sms(address="10690000123", date=str(at + 30_000), type="2", body="好的")])
    detail = write_table(tmp_path / "短信.csv", SMS, [
        sms_row("10-08 09:15:00", "10690000123", "接收"),
        sms_row("10-08 09:15:21", "10690000123", "接收"),
        sms_row("10-08 09:15:31", "10690000123", "发送"),
        sms_row("10-08 09:40:00", "10690000123", "接收")], title="2026年10月短信详单")
    again = write_table(tmp_path / "短信.xlsx", SMS, [
        sms_row("10-08 09:15:00", "10690000123", "接收"),
        sms_row("10-08 09:15:21", "10690000123", "接收"),
        sms_row("10-08 09:15:31", "10690000123", "发送"),
        sms_row("10-08 09:40:00", "10690000123", "接收")], title="2026年10月短信详单")
    run(case, [detail, phone, again] if carrier_first else [phone, detail, again])
    got = [(m["at"][11:19], m["direction"], m["text"], sorted(s["source"] for s in m["sources"]))
           for m in messages_of(case)]
    both = ["carrier", "carrier", "messages"]
    assert got == [("09:15:02", "in", "您的账单已逾期", both),
                   ("09:15:22", "in", "请立即还款", both),
                   ("09:15:32", "out", "好的", both),
                   ("09:40:00", "in", "", ["carrier", "carrier"])]


def test_a_header_with_nothing_under_it_is_skipped_with_its_own_sentence(tmp_path):
    path = write_table(tmp_path / "empty.xlsx", MOBILE, [["合计", "", "", "", "0秒", "", "", "0"]],
                       title="2026年10月 通话详单")
    with pytest.raises(SkipFile) as skipped:
        list(carrier.read_carrier(path, CTX))
    assert str(skipped.value) == ("empty.xlsx has a carrier detail header but no calls or"
                                  " messages under it.")


def test_a_later_backup_of_the_phone_log_does_not_count_a_billed_call_again(case, tmp_path):
    """SMS Backup & Restore backups repeat every earlier call: after the carrier's row joined
    the phone's entry, the same entry in a newer backup is still the same call."""
    ring = ms("2026-10-03 07:40:51")
    first = sbr(tmp_path / "calls-1.xml", ("+8617188885555", ring, "1", 116))
    detail = write_table(tmp_path / "detail.xlsx", MOBILE, [
        mobile_row("10-03 07:41:09", "被叫", "17188885555", "1分57秒")],
        title="中国移动 通话详单 2026年10月")
    run(case, [first, detail])
    later = sbr(tmp_path / "calls-2.xml", ("+8617188885555", ring, "1", 116),
                ("+8617188885555", ring + 86_400_000, "2", 30))
    run(case, [later])
    calls = calls_of(case)
    assert len(calls) == 2
    assert sorted(s["source"] for s in calls[0]["sources"]) == ["carrier", "log", "log"]


def test_the_same_bill_in_a_second_file_after_the_phone_log_is_one_call(case, tmp_path):
    ring = ms("2026-10-03 07:40:51")
    log = sbr(tmp_path / "calls.xml", ("+8617188885555", ring, "1", 116))
    rows = [mobile_row("10-03 07:41:09", "被叫", "17188885555", "1分57秒")]
    bill = "通话详单 2026年10月"
    run(case, [log, write_table(tmp_path / "detail.xlsx", MOBILE, rows, title=bill)])
    run(case, [write_table(tmp_path / "detail.csv", MOBILE, rows, title=bill)])
    (only,) = calls_of(case)
    assert sorted(s["source"] for s in only["sources"]) == ["carrier", "carrier", "log"]


def test_two_alike_rows_of_one_bill_are_two_calls(case, tmp_path):
    """Minute-precise times and minute durations make two harassing calls in one minute look
    alike; a bill lists each billed call once, so both are kept."""
    detail = write_table(tmp_path / "detail.csv", MOBILE, [
        mobile_row("2026-10-03 07:41", "被叫", "13700001111", "1分"),
        mobile_row("2026-10-03 07:41", "被叫", "13700001111", "1分")])
    run(case, [detail])
    assert len(calls_of(case)) == 2
