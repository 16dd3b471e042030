"""Phone databases into a case: Android's calllog.db and mmssms.db beside an SBR export, and an
iPhone's numbers read in the country the phone was in."""

from __future__ import annotations

import hashlib

from evidence_logger import listing
from evidence_logger.importing import run
from tests.fixtures.exports import (
    T0_MS,
    apple_seconds,
    sbr_call,
    write_call_history,
    write_calllog_db,
    write_mmssms_db,
    write_sbr,
)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_android_databases_land_once_with_their_rows_located(case, tmp_path):
    calllog = write_calllog_db(tmp_path / "calllog.db", [
        {"number": "17133334444", "date": T0_MS, "duration": 65, "type": 1},
        {"number": "-2", "date": T0_MS + 600_000, "type": 3, "presentation": 2},
    ])
    # the same answered call in an SMS Backup & Restore export, a second later: one call
    sbr = write_sbr(tmp_path / "calls-1.xml", "calls", [
        sbr_call(1, number="+86 171 3333 4444", duration="65", date=str(T0_MS + 1_000),
                 type="1")])
    mmssms = write_mmssms_db(tmp_path / "mmssms.db", [
        {"address": "17133334444", "date": T0_MS + 120_000, "type": 1, "body": "再不还就爆通讯录"}])
    report = run(case, [calllog, sbr, mmssms])
    assert report.complete, [p.message() for p in report.problems]
    events = list(listing.events(case))
    assert [(e["kind"], e["number"], e.get("status")) for e in events] == [
        ("call", "+8617133334444", "answered"),
        ("message", "+8617133334444", None),
        ("call", "unknown", "missed")]
    assert sorted((s["sha256"], s["locator"]) for s in events[0]["sources"]) == sorted(
        [(sha(calllog), "calls _id 1 (SIM 1)"), (sha(sbr), "call 1")])
    assert events[1]["sources"] == [
        {"sha256": sha(mmssms), "locator": "sms _id 1", "source": "messages"}]
    formats = {e["name"]: e["format"] for e in listing.evidence(case)}
    assert formats == {"calllog.db": "android-calls", "calls-1.xml": "sbr-calls",
                       "mmssms.db": "android-sms"}


def test_iphone_numbers_without_plus_are_in_the_phones_own_country(case, tmp_path):
    at = apple_seconds(T0_MS)
    calls = write_call_history(tmp_path / "CallHistory.storedata", [
        # made in the US: a US number written nationally (a CN case would misread it)
        {"ZDATE": at, "ZADDRESS": "4155550134", "ZISO_COUNTRY_CODE": "us"},
        {"ZDATE": at + 60, "ZADDRESS": "(415) 555-0134", "ZISO_COUNTRY_CODE": "us"},
        # in China: a mobile written without +86, a service number, an E.164 number
        {"ZDATE": at + 120, "ZADDRESS": "17144445555", "ZISO_COUNTRY_CODE": "cn"},
        {"ZDATE": at + 180, "ZADDRESS": "95588", "ZISO_COUNTRY_CODE": "cn"},
        {"ZDATE": at + 240, "ZADDRESS": "+447700900123", "ZISO_COUNTRY_CODE": "us"},
        # no country: the case's region
        {"ZDATE": at + 300, "ZADDRESS": "17144446666", "ZISO_COUNTRY_CODE": None},
        {"ZDATE": at + 360, "ZADDRESS": "17144447777", "ZISO_COUNTRY_CODE": "??"},
        # the same digits, once in the US and once in China (a Guangzhou landline): two parties
        {"ZDATE": at + 420, "ZADDRESS": "2025550145", "ZISO_COUNTRY_CODE": "us"},
        {"ZDATE": at + 480, "ZADDRESS": "2025550145", "ZISO_COUNTRY_CODE": "cn"},
    ])
    report = run(case, [calls])
    assert report.complete, [p.message() for p in report.problems]
    assert [e["number"] for e in listing.events(case)] == [
        "+14155550134", "+14155550134", "+8617144445555", "95588", "+447700900123",
        "+8617144446666", "+8617144447777", "+12025550145", "+862025550145"]
