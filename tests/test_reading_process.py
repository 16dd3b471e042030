"""A large export read by a second process: the same records, errors and log lines as reading it
here, a child that stops is an error, and closing the reading stops the child."""

from __future__ import annotations

import logging
import multiprocessing
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidence_logger import reading_process
from evidence_logger.case import Case
from evidence_logger.importers import formats
from evidence_logger.importing import import_paths, run
from evidence_logger.reading_process import ReaderFailed, records
from evidence_logger.records import PartialFile, ReadContext, SkipFile
from tests.fixtures.exports import png_bytes, sbr_call, sbr_mms, sbr_sms, write_sbr

CTX = ReadContext(ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def two_cpus(monkeypatch):
    """As on any laptop: a second CPU for the reading process (a one-CPU test machine too)."""
    monkeypatch.setattr(reading_process, "_cpus", lambda: 2)


@pytest.fixture
def in_child(monkeypatch):
    """Every export goes to a second process, whatever its size."""
    monkeypatch.setattr(reading_process, "PROCESS_FROM", 0)


def _calls(tmp_path: Path, count: int = 9_000, **kw) -> Path:
    return write_sbr(tmp_path / "calls.xml", "calls",
                     (sbr_call(n, number=f"+86138{n % 37:08d}", type=str(1 + n % 6),
                               duration=str(n % 50)) for n in range(count)), **kw)


def _here(fmt: str, path: Path) -> tuple[list, BaseException | None]:
    found: list = []
    try:
        found.extend(formats.read(fmt, path, CTX))
    except (SkipFile, PartialFile) as error:
        return found, error
    return found, None


def _there(fmt: str, path: Path) -> tuple[list, BaseException | None]:
    found: list = []
    try:
        found.extend(records(fmt, path, CTX, 1 << 40))
    except (SkipFile, PartialFile) as error:
        return found, error
    return found, None


def _same_error(a: BaseException | None, b: BaseException | None) -> bool:
    return (a is None and b is None) or (
        type(a) is type(b) and a.template == b.template and a.params == b.params)  # type: ignore[union-attr]


def test_a_large_call_log_gives_the_same_records_in_the_same_order(tmp_path):
    path = _calls(tmp_path)  # more than one message's worth
    here, there = _here("sbr-calls", path), _there("sbr-calls", path)
    assert len(there[0]) == 9_000 and there == here


def test_messages_with_attachments_arrive_whole(tmp_path):
    image = png_bytes()
    import base64
    items = [sbr_sms(n, body=f"第{n}条 逾期通知") for n in range(50)]
    items.append(sbr_mms({"date": "1772421600000", "msg_box": "1", "address": "+8613900001111"},
                         [{"ct": "text/plain", "text": "看看这个"},
                          {"ct": "image/png", "name": "p.png",
                           "data": base64.b64encode(image).decode()}],
                         [("+8613900001111", "137")]))
    path = write_sbr(tmp_path / "sms.xml", "smses", items)
    here, there = _here("sbr-sms", path), _there("sbr-sms", path)
    assert there == here
    assert there[0][-1].attachments[0].data == image


def test_a_truncated_export_gives_its_records_then_the_same_partial_error(tmp_path):
    path = _calls(tmp_path, 5_000, close=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # broken off inside a call
    here, there = _here("sbr-calls", path), _there("sbr-calls", path)
    assert isinstance(there[1], PartialFile) and 2_000 < len(there[0]) < 5_000
    assert there[0] == here[0] and _same_error(there[1], here[1])


def test_a_refused_file_gives_the_same_sentence(tmp_path):
    path = tmp_path / "calls.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE calls [<!ENTITY a "b">]><calls>&a;</calls>')
    here, there = _here("sbr-calls", path), _there("sbr-calls", path)
    assert isinstance(there[1], SkipFile) and there[0] == []
    assert _same_error(there[1], here[1])


def test_the_readers_log_lines_are_written_here(tmp_path, caplog):
    items = [sbr_call(n) for n in range(20)] + [sbr_call(20, date="0")]
    path = write_sbr(tmp_path / "calls.xml", "calls", items)
    with caplog.at_level(logging.WARNING):
        found, error = _there("sbr-calls", path)
    assert len(found) == 20 and isinstance(error, PartialFile)
    assert any("call 21 has no usable date" in r.getMessage() and
               r.name == "evidence_logger.importers.sbr_xml" for r in caplog.records)


def _children() -> list:
    return [c for c in multiprocessing.active_children() if c.name.startswith("read ")]


def _gone(deadline_s: float = 10) -> bool:
    end = time.monotonic() + deadline_s
    while _children() and time.monotonic() < end:
        time.sleep(0.05)
    return not _children()


def test_closing_the_reading_stops_the_child(tmp_path):
    path = _calls(tmp_path, 60_000)
    found = records("sbr-calls", path, CTX, 1 << 40)
    assert next(iter(found)).locator == "call 1"
    assert _children()
    found.close()  # type: ignore[attr-defined]
    assert _gone()


def test_a_child_that_dies_is_an_error_not_an_end(tmp_path):
    path = _calls(tmp_path, 60_000)
    found = iter(records("sbr-calls", path, CTX, 1 << 40))
    next(found)
    for child in _children():
        child.kill()
    with pytest.raises(ReaderFailed):
        for _ in found:
            pass
    assert _gone()


def test_on_one_cpu_the_file_is_read_here(tmp_path, monkeypatch):
    monkeypatch.setattr(reading_process, "_cpus", lambda: 1)
    path = _calls(tmp_path, 10)
    found = records("sbr-calls", path, CTX, 1 << 40)
    assert not _children() and len(list(found)) == 10


def test_a_small_file_is_read_here(tmp_path):
    path = _calls(tmp_path, 10)
    found = records("sbr-calls", path, CTX, path.stat().st_size)
    assert not _children() and len(list(found)) == 10


def test_without_a_process_the_file_is_read_here(tmp_path, monkeypatch, caplog):
    def refuse(self):
        raise OSError("no more processes")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refuse)
    path = _calls(tmp_path, 100)
    with caplog.at_level(logging.WARNING):
        found = list(records("sbr-calls", path, CTX, 1 << 40))
    assert len(found) == 100 and "reading it here" in caplog.text


def _events(case: Case) -> list[tuple]:
    return case.db.execute(
        "SELECT e.kind, e.party_id, e.direction, e.at_ms, e.status, e.connected, e.duration, "
        "o.locator, o.source FROM events e JOIN observations o ON o.event_id = e.id "
        "ORDER BY e.id").fetchall()


def test_an_import_through_a_child_writes_the_same_case(tmp_path, monkeypatch):
    path = _calls(tmp_path, 6_000)
    with Case.create(tmp_path / "here", timezone="Asia/Shanghai") as case:
        run(case, [path])
        expected = _events(case)
    monkeypatch.setattr(reading_process, "PROCESS_FROM", 0)
    with Case.create(tmp_path / "there", timezone="Asia/Shanghai") as case:
        report = run(case, [path])
        assert not report.problems and _events(case) == expected


def test_a_cancelled_import_through_a_child_leaves_nothing(tmp_path, in_child):
    path = _calls(tmp_path, 30_000)
    with Case.create(tmp_path / "case", timezone="Asia/Shanghai") as case:
        steps = import_paths(case, [path])
        for n, _ in enumerate(steps):
            if n == 3:  # inside the file: the first reports of its records
                break
        steps.close()
        assert _gone()
        assert case.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
        assert case.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
        assert not [p for p in (case.folder / "originals").rglob("*") if p.is_file()]



def broken_reader(path: Path, ctx: ReadContext):
    """A reader with a bug: one record, then an unexpected error (with a log line)."""
    from evidence_logger.records import CallRecord

    yield CallRecord("call 1", "+8613800138000", 1_772_421_600_000, "in", "answered", 5.0)
    try:
        raise ValueError("a reader's bug")
    except ValueError:
        logging.getLogger("tests.reader").exception("about to fail")
        raise


def test_a_reader_s_bug_fails_the_file_with_its_traceback_in_the_log(tmp_path, monkeypatch,
                                                                     caplog):
    from dataclasses import replace

    monkeypatch.setitem(formats.FORMATS, "sbr-calls",
                        replace(formats.FORMATS["sbr-calls"], read=broken_reader))
    path = _calls(tmp_path, 10)
    with caplog.at_level(logging.INFO), pytest.raises(ReaderFailed, match="ValueError"):
        list(records("sbr-calls", path, CTX, 1 << 40))
    assert "a reader's bug" in caplog.text  # the child's traceback, written here
    assert "about to fail" in caplog.text and "Traceback" in caplog.text  # its log's too
    assert _gone()
