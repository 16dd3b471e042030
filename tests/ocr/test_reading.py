"""Reading a case's screenshots: what is stored, what joins the timeline, what is said."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from evidence_logger import custody, listing
from evidence_logger.case import Case
from evidence_logger.demo.phone_screens import CallRow, ChatMessage, render_call_list, render_sms
from evidence_logger.importing import run
from evidence_logger.ocr import engine as engine_module
from evidence_logger.ocr.engine import OcrUnavailable
from evidence_logger.ocr.reading import read_screenshots
from evidence_logger.ocr.store import count_waiting, reading_of
from evidence_logger.tasks import drive

CAPTURED = datetime(2026, 11, 20, 22, 40)
COLLECTOR = "17100000009"
THREAT = "再不还款就联系你的家人和单位"


def exif(when: datetime) -> bytes:
    """EXIF as stock Android writes it into a screenshot: the time and its offset."""
    data = Image.Exif()
    sub = data.get_ifd(0x8769)
    sub[36867] = when.strftime("%Y:%m:%d %H:%M:%S")
    sub[36881] = "+08:00"
    return data.tobytes()


def sms_screenshot(folder: Path, captured: datetime = CAPTURED) -> Path:
    messages = [ChatMessage(THREAT, False, captured - timedelta(hours=3)),
                ChatMessage("我在想办法", True, captured - timedelta(hours=2, minutes=50))]
    image, _ = render_sms(messages, captured, number=COLLECTOR)
    path = folder / captured.strftime("Screenshot_%Y%m%d-%H%M%S.png")
    image.save(path, exif=exif(captured))
    return path


def call_list_screenshot(folder: Path) -> Path:
    rows = [CallRow(CAPTURED - timedelta(minutes=5), number=COLLECTOR, count=3, missed=True),
            CallRow(CAPTURED - timedelta(days=1, hours=1), number="17100000008")]
    image, _ = render_call_list(rows, CAPTURED)
    path = folder / "Screenshot_20261120-224500.png"
    image.save(path, exif=exif(CAPTURED + timedelta(minutes=5)))
    return path


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = tmp_path / "phone"
    folder.mkdir()
    sms_screenshot(folder)
    call_list_screenshot(folder)
    return folder


def test_a_chat_and_a_call_list_become_messages_and_calls_with_their_sources(case, shots):
    run(case, [shots])
    assert count_waiting(case.db) == 2
    report = drive(read_screenshots(case))
    assert (report.read, report.messages, report.calls) == (2, 2, 4)
    assert report.kinds == {"chat": 1, "call-list": 1}
    assert count_waiting(case.db) == 0
    events = list(listing.events(case))
    threat = next(e for e in events if e["kind"] == "message" and e["direction"] == "in")
    assert threat["text"] == THREAT and threat["number"] == "+86" + COLLECTOR
    assert threat["at"] == "2026-11-20T19:40:00+08:00" and threat["at_source"] == "screen"
    (source,) = threat["sources"]
    assert source["source"] == "screenshot" and source["locator"].startswith("line")
    reading = reading_of(case.db, source["sha256"])
    assert reading is not None and reading["kind"] == "chat" and reading["machine_read"]
    assert reading["engine"].startswith("rapidocr ")
    shown = [line["text"] for line in reading["lines"]]
    assert THREAT in shown
    assert all(0 < line["score"] <= 1 and len(line["box"]) == 4 for line in reading["lines"])
    missed = [e for e in events if e["kind"] == "call" and e["status"] == "missed"]
    assert len(missed) == 3 and {e["at"] for e in missed} == {"2026-11-20T22:35:00+08:00"}
    custody_actions = [row[0] for row in case.db.execute("SELECT action FROM custody")]
    assert custody_actions.count("ocr") == 2
    assert custody.verify(case.db)[1] == []


def test_reading_again_replaces_the_reading_and_its_events(case, shots):
    run(case, [shots])
    drive(read_screenshots(case))
    before = case.db.execute("SELECT count(*) FROM events").fetchone()[0]
    report = drive(read_screenshots(case, again=True))
    assert report.read == 2
    assert case.db.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert case.db.execute("SELECT count(*) FROM screen_reads").fetchone()[0] == 2


def test_a_screenshot_message_joins_the_sms_export_of_the_same_message(case, tmp_path):
    from zoneinfo import ZoneInfo

    from tests.fixtures.exports import sbr_sms, write_sbr

    folder = tmp_path / "phone"
    folder.mkdir()
    sms_screenshot(folder)
    sent = (CAPTURED - timedelta(hours=3)).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    at_ms = int(sent.timestamp() * 1000) + 23_000  # the separator shows the minute only
    write_sbr(folder / "sms.xml", "smses",
              [sbr_sms(address="+86" + COLLECTOR, date=str(at_ms), body=THREAT)])
    run(case, [folder])
    drive(read_screenshots(case))
    threats = [e for e in listing.events(case) if e.get("text") == THREAT]
    assert len(threats) == 1
    assert {s["source"] for s in threats[0]["sources"]} == {"messages", "screenshot"}
    assert threats[0]["at_source"] == "log"


def test_a_picture_that_cannot_be_decoded_is_named_and_the_rest_is_read(case, shots):
    run(case, [shots])
    sha = case.db.execute("SELECT sha256 FROM evidence ORDER BY id LIMIT 1").fetchone()[0]
    path = case.vault.path(sha)
    path.chmod(0o644)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])  # damaged after import (a bad disk)
    report = drive(read_screenshots(case))
    assert report.read == 1 and len(report.problems) == 1
    assert "could not be decoded" in report.problems[0].message("en")
    assert count_waiting(case.db) == 1  # still waiting: nothing half-written


def test_an_engine_that_cannot_load_is_said_once_and_nothing_is_written(case, shots,
                                                                         monkeypatch):
    run(case, [shots])

    def broken():
        raise OcrUnavailable("The text reader (OCR) could not be loaded ({reason}). Screenshots "
                             "are kept but not read; everything else works.",
                             reason="ImportError")

    report = drive(read_screenshots(case, load=broken))
    assert report.unavailable is not None and report.read == 0
    assert "不受影响" in report.unavailable.message("zh_CN")
    assert count_waiting(case.db) == 2


def test_stopping_between_two_screenshots_keeps_the_first_whole(case, shots):
    run(case, [shots])
    task = read_screenshots(case)
    next(task)  # the first progress, before the engine loads
    next(task)  # "reading 1 of 2"
    next(task)  # "reading 2 of 2": the first is stored
    task.close()
    assert count_waiting(case.db) == 1
    assert case.db.execute("SELECT count(*) FROM screen_reads").fetchone()[0] == 1


def test_reading_opens_no_network_connection(case, shots, monkeypatch):
    run(case, [shots])
    engine_module._engine = None  # load it again, with the network forbidden

    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    report = drive(read_screenshots(case))
    assert report.read == 2 and report.unavailable is None


def test_a_case_opened_read_only_still_shows_its_readings(case, shots):
    run(case, [shots])
    drive(read_screenshots(case))
    folder = case.folder
    case.close()
    with Case.open(folder, read_only=True) as again:
        assert again.db.execute("SELECT count(*) FROM screen_lines").fetchone()[0] > 10
