"""Building the sample: every file imported, who is who, progress, determinism, cancel."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evidence_logger import listing
from evidence_logger.case import Case, CaseError
from evidence_logger.demo import make_demo, write_phone_files
from evidence_logger.demo.build import IMPORTING, MARKING, READING, WRITING
from evidence_logger.demo.phone_files import count_phone_files
from evidence_logger.parties import list_parties
from evidence_logger.tasks import drive


def manifest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_file_is_imported_with_nothing_skipped(built):
    files = manifest(built.files_dir)
    assert len(files) == count_phone_files() == 15
    with Case.open(built.case_dir, read_only=True) as case:
        evidence = {e["sha256"]: e for e in listing.evidence(case)}
        info = listing.status(case)
    assert set(evidence) == set(files.values())
    kinds = sorted(e["kind"] for e in evidence.values())
    assert kinds == ["call-log"] * 2 + ["image"] * 5 + ["messages"] * 2 + ["recording"] * 6
    assert all(not (e.get("meta") or {}).get("problems") for e in evidence.values())
    assert sum(name.endswith(".amr") for name in files) == 1
    assert sum(name.endswith(".m4a") for name in files) == 1
    assert sum(name.endswith(".mp3") for name in files) == 4
    assert (info["calls"], info["messages"], info["debts"]) == (35, 19, 4)
    assert info["custody_ok"] and info["name"] == "示例案件"
    assert sum(files_size := [p.stat().st_size for p in built.files_dir.rglob("*")
                              if p.is_file()]) < 2_000_000, files_size


def test_recordings_join_the_calls_they_recorded(built):
    with Case.open(built.case_dir, read_only=True) as case:
        events = list(listing.events(case))
    joined = [e for e in events
              if any(s["source"] == "recording" for s in e["sources"]) and len(e["evidence"]) >= 2]
    assert len(joined) == 6
    assert all(e["kind"] == "call" and e["connected"] for e in joined)
    assert not [e for e in events if e["direction"] == "unknown"]
    entered = [e for e in events if e["entered_by_borrower"]]
    assert len(entered) == 1 and "公安局" in entered[0]["note"]


def test_who_is_who(built):
    with Case.open(built.case_dir, read_only=True) as case:
        parties = {p["number"]: p for p in list_parties(case.db)}
    collectors = {n: p["platform"] for n, p in parties.items() if p["role"] == "collector"}
    assert sorted(collectors.values()) == ["速贷宝"] * 4 + ["闪电借"] * 3
    assert parties["+8617000000101"]["relation"] == "母亲"
    assert parties["+8617000000100"]["role"] == "self"


def test_progress_goes_forward_to_the_end(built):
    fractions = [p.fraction for p in built.progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {p.doing for p in built.progress} == {WRITING, IMPORTING, READING, MARKING}
    assert all(p.label("zh_CN") and p.label("en") for p in built.progress)


def test_the_phone_files_are_the_same_bytes_every_time(built, tmp_path):
    again = write_phone_files(tmp_path / "again")
    assert manifest(tmp_path / "again") == manifest(built.files_dir)
    assert len(again.files) == 15 and again.borrower.name == "borrower-phone"


def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(CaseError):
        drive(make_demo(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


@pytest.mark.parametrize("existed", [False, True])
def test_cancelling_mid_import_leaves_no_case(tmp_path, existed):
    case_dir = tmp_path / "case"
    if existed:
        case_dir.mkdir()
    task = make_demo(case_dir, lang="en")
    for progress in task:
        if progress.doing == IMPORTING and progress.params["done"] >= 3:
            break
    assert (case_dir / "case.sqlite").exists()
    task.close()
    assert list(case_dir.iterdir()) == [] if existed else not case_dir.exists()
    assert not [p for p in tmp_path.iterdir() if p.name != "case"]


def test_times_come_from_where_phones_put_them(built):
    with Case.open(built.case_dir, read_only=True) as case:
        evidence = list(listing.evidence(case))
    sources = {e["name"]: (e["at_source"], e["owner"]) for e in evidence}
    assert sources["Screenshot_20261014-234212.png"] == ("exif", "self")
    assert sources["Screenshot_2026-10-13-23-06-12-450_com.android.mms.jpg"][0] == "file-name"
    assert sources["17100002002_20261015162006.amr"] == ("file-name", "+8617000000101")
    assert sources["通话记录.csv"][1] == "+8617000000101"
