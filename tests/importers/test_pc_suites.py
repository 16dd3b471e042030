"""The other CSV exports: iExplorer, iMazing (no header), Nokia LogExport (calls and messages);
day-month order from the whole column, said; a file of only bad rows skipped with its own
sentence."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidence_logger import listing
from evidence_logger.importers import formats, pc_suites
from evidence_logger.importing import run
from evidence_logger.records import (
    CallRecord,
    FileNote,
    MessageRecord,
    PartialFile,
    ReadContext,
    SkipFile,
)
from tests.fixtures.exports import write_csv

TZ = ZoneInfo("Europe/Stockholm")
CN = ReadContext(ZoneInfo("Asia/Shanghai"), "CN")
SE, US = ReadContext(TZ, "SE"), ReadContext(TZ, "US")


def ms(text: str, tz: ZoneInfo = TZ) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=tz).timestamp() * 1000)


def read(path: Path, ctx: ReadContext) -> tuple[list, list[str]]:
    found = formats.detect(path)
    assert found is not None, path
    records = list(formats.read(found[1], path, ctx))
    notes = [r.message(path.name, "en") for r in records if isinstance(r, FileNote)]
    return [r for r in records if not isinstance(r, FileNote)], notes


def imazing(path: Path, lines: list[str]) -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


# --- iMazing ---------------------------------------------------------------------------------


def test_imazing_without_a_header_a_day_above_12_settles_the_order(tmp_path):
    path = imazing(tmp_path / "Calls.csv", [
        "Incoming,03/04/19 08:15,00:01:43,+46701234567,Anna Berg",
        "Outgoing,05/04/19 21:02,00:00:09,+46709876543,",
        "Missed,23/04/19 07:00,00:00:00,+46701234567,Anna Berg",
        "Cancelled,24/04/19 07:01,00:00:00,+46701234567,Anna Berg"])
    assert formats.detect(path) == (formats.CALL_LOG, pc_suites.IMAZING)
    calls, notes = read(path, US)  # the region says month first, the column says otherwise
    assert notes == ["Calls.csv: dates read as day/month/year (row 3 has a day above 12)."]
    assert [(c.number, c.at_ms, c.direction, c.status, c.duration, c.contact_name)
            for c in calls] == [
        ("+46701234567", ms("2019-04-03 08:15"), "in", "answered", 103, "Anna Berg"),
        ("+46709876543", ms("2019-04-05 21:02"), "out", "outgoing", 9, None),
        ("+46701234567", ms("2019-04-23 07:00"), "in", "missed", 0, "Anna Berg"),
        ("+46701234567", ms("2019-04-24 07:01"), "out", "outgoing", 0, "Anna Berg")]
    assert {c.time_precision_s for c in calls} == {60}


@pytest.mark.parametrize(("ctx", "day_first", "note"), [
    (SE, True, "day/month/year: no date in it has a day above 12, so the case's region (SE)"),
    (US, False, "month/day/year: no date in it has a day above 12, so the case's region (US)")])
def test_an_undecided_column_follows_the_case_region_and_says_so(tmp_path, ctx, day_first, note):
    path = imazing(tmp_path / "c.csv", ["Incoming,02/06/17 09:45,00:01:43,+46701234567,X"])
    calls, notes = read(path, ctx)
    assert note in notes[0]
    assert calls[0].at_ms == ms("2017-06-02 09:45" if day_first else "2017-02-06 09:45")


def test_imazing_month_first_settled_by_the_second_number(tmp_path):
    path = imazing(tmp_path / "c.csv", ["Outgoing,02/06/2017 09:45,1:43,+15551234567,",
                                        "Incoming,12/31/2017 23:59,01:00:00,+15551234567,"])
    calls, notes = read(path, SE)
    assert "month/day/year (row 2" in notes[0]
    assert [c.at_ms for c in calls] == [ms("2017-02-06 09:45"), ms("2017-12-31 23:59")]
    assert calls[1].duration == 3600


def test_rows_against_the_settled_order_are_bad_and_counted(tmp_path):
    path = imazing(tmp_path / "c.csv", ["Incoming,13/06/17 09:45,00:01:43,+46701234567,X",
                                        "Incoming,06/13/17 09:45,00:01:43,+46701234567,X",
                                        "Sideways,06/06/17 09:45,00:01:43,+46701234567,X"])
    with pytest.raises(PartialFile) as partial:
        read(path, SE)
    assert partial.value.params == {"name": "c.csv", "bad": 2, "total": 3, "row": "2",
                                    "reason": "the time could not be read"}


# --- iExplorer (the call-log CSV reader) -----------------------------------------------------


def test_iexplorer_with_am_pm_and_minute_second_durations(tmp_path):
    path = write_csv(tmp_path / "iExplorer Calls.csv",
                     ["Contact", "Number", "Date", "Duration", "Call Type", "Service"],
                     [["Li Lei", "+8613800138000", "10/7/2026 9:05:12 PM", "2:05", "Incoming",
                       "Phone"],
                      ["", "+8613900139000", "10/15/2026 8:00:00 AM", "0:00", "Missed",
                       "Phone"],
                      ["", "+8613900139000", "10/16/2026 12:30:01 AM", "12:00", "Outgoing",
                       "Phone"]])
    assert formats.detect(path) == (formats.CALL_LOG, "csv-calls")
    calls, notes = read(path, CN)
    assert notes == ["iExplorer Calls.csv: dates read as month/day/year (row 2 has a day above"
                     " 12)."]
    sh = ZoneInfo("Asia/Shanghai")
    assert [(c.at_ms, c.duration, c.status, c.contact_name) for c in calls] == [
        (ms("2026-10-07 21:05:12", sh), 125, "answered", "Li Lei"),
        (ms("2026-10-15 08:00:00", sh), 0, "missed", None),
        (ms("2026-10-16 00:30:01", sh), 720, "outgoing", None)]


def test_a_year_first_csv_says_nothing_about_day_month_order(tmp_path):
    path = write_csv(tmp_path / "calls.csv", ["号码", "通话时间", "类型"],
                     [["13800138000", "2026-03-02 11:20:00", "呼出"]])
    _, notes = read(path, CN)
    assert notes == []


def test_a_csv_of_only_bad_rows_is_skipped_with_its_own_sentence(tmp_path, case):
    path = write_csv(tmp_path / "calls.csv", ["号码", "通话时间"],
                     [["13800138000", "昨天"], ["13800138001", "前天"]])
    with pytest.raises(SkipFile) as skipped:
        read(path, CN)
    assert str(skipped.value) == ("calls.csv: none of its 2 rows could be read (first at row 1:"
                                  " the time could not be read); nothing of it was imported.")
    report = run(case, [path])
    (problem,) = report.problems
    assert problem.skipped and "none of its 2 rows" in problem.message()
    assert "the others were imported" not in problem.message()


# --- Nokia LogExport --------------------------------------------------------------------------


NOKIA_HEADER = ["Date", "Time", "Type", "RemoteParty", "Direction", "Status", "Duration",
                "Subject", "Number"]


def test_nokia_logexport_calls_and_messages_in_one_file(tmp_path, case):
    path = write_csv(tmp_path / "LogExport.csv", NOKIA_HEADER, [
        ["03/09/2010", "14:02:11", "Voice call", "Mum", "Outgoing", "Delivered", "75", "",
         "+46701234567"],
        ["03/09/2010", "14:30:00", "Short message", "Mum", "Incoming", "", "0", "",
         "+46701234567"],
        ["03/10/2010", "07:00:05", "Voice call", "", "Missed call", "", "0", "",
         "+46709998877"],
        ["03/10/2010", "08:00:00", "Packet data", "internet", "Outgoing", "", "600", "", ""],
        ["03/21/2010", "09:10:00", "Voice call", "", "Incoming", "", "12", "", "+46709998877"],
    ], delimiter=",")
    assert formats.detect(path) == (formats.CALL_LOG, pc_suites.NOKIA)
    records, notes = read(path, SE)
    assert notes == ["LogExport.csv: dates read as month/day/year (row 6 has a day above 12).",
                     "LogExport.csv: 1 row(s) of other kinds (data connections, faxes) were"
                     " passed over."]
    calls = [r for r in records if isinstance(r, CallRecord)]
    messages = [r for r in records if isinstance(r, MessageRecord)]
    assert [(c.at_ms, c.direction, c.status, c.duration) for c in calls] == [
        (ms("2010-03-09 14:02:11"), "out", "outgoing", 75),
        (ms("2010-03-10 07:00:05"), "in", "missed", 0),
        (ms("2010-03-21 09:10:00"), "in", "answered", 12)]
    assert [(m.at_ms, m.direction, m.text, m.contact_name) for m in messages] == [
        (ms("2010-03-09 14:30:00"), "in", "", "Mum")]
    report = run(case, [path])
    assert report.complete
    (done,) = report.imported
    assert done.events_added == 4 and len(done.note_lines()) == 2
    kinds = sorted(e["kind"] for e in listing.events(case))
    assert kinds == ["call", "call", "call", "message"]


def test_a_text_file_that_is_neither_is_not_taken_for_them(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Incoming,yesterday,long,+4670\nhello,world\n", encoding="utf-8")
    assert pc_suites.sniff(path.read_bytes(), path) is None


@pytest.mark.parametrize("header", [["号码", "通话时间"], NOKIA_HEADER])
def test_a_header_with_no_rows_is_skipped_with_its_own_sentence(tmp_path, header):
    path = write_csv(tmp_path / "calls.csv", header, [])
    with pytest.raises(SkipFile) as skipped:
        read(path, CN)
    assert str(skipped.value) == "calls.csv has a call-log header but no rows under it."
