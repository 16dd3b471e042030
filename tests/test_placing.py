"""Recordings whose names say too little: listed by the import and ``calls unplaced``, placed
by ``calls place`` (or the window), with a custody entry, kept on reopening and in a bundle."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidence_logger import custody, listing, placing
from evidence_logger.bundle.opening import open_bundle
from evidence_logger.case import Case, CaseError
from evidence_logger.exporting import run_export
from evidence_logger.importing import run
from evidence_logger.report.document import build_report
from tests.fixtures.audio import make_audio
from tests.fixtures.exports import T0_MS, sbr_call, write_sbr
from tests.test_cli import run_cli
from tests.test_importing import stamp

MINUTE = 60_000


def phone(root: Path) -> dict[str, Path]:
    """A log of four answered calls and recordings: two that say too little, one withheld
    caller (BCR) and one Samsung recording of a logged call."""
    root.mkdir(parents=True)
    t = T0_MS  # 11:20 in Shanghai
    files = {"calls": write_sbr(root / "calls-1.xml", "calls", [
        sbr_call(0, number="15811112222", type="1", duration="33", date=str(t + 60 * MINUTE)),
        sbr_call(0, number="15833334444", type="1", duration="90", date=str(t + 62 * MINUTE)),
        sbr_call(0, number="15855556666", type="2", duration="31", date=str(t + 3 * 86_400_000)),
        sbr_call(0, number="13700001111", type="1", duration="29", date=str(t + 70 * MINUTE)),
    ])}
    # a time (12:21 local) but no number: 30 s long, like the first call (33 s), not the second
    files["no_number"] = make_audio(
        root / f"Voice_{stamp(t + 61 * MINUTE, '%Y-%m-%d_%H-%M-%S')}.m4a", "m4a", 30.0)
    files["no_time"] = make_audio(root / "新录音 3.m4a", "m4a", 5.0)
    files["withheld"] = make_audio(
        root / f"{stamp(t + 5 * MINUTE, '%Y%m%d_%H%M%S')}.25+0800_in_.ogg", "ogg-opus", 2.0)
    files["samsung"] = make_audio(
        root / f"Call recording 13700001111_{stamp(t + 70 * MINUTE + 3000, '%y%m%d_%H%M%S')}"
               ".m4a", "m4a", 28.0)
    return files


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return phone(tmp_path / "phone")


def test_the_import_keeps_and_lists_what_it_cannot_place(case: Case, files):
    report = run(case, [files["calls"].parent])
    assert report.complete and report.needs_attention
    assert {Path(i.path).name: i.unplaced for i in report.unplaced} == {
        files["no_number"].name: "no-number", files["no_time"].name: "no-time"}
    found = {i["name"]: i for i in placing.unplaced(case)}
    assert set(found) == {files["no_number"].name, files["no_time"].name}
    no_number = found[files["no_number"].name]
    assert no_number["at"] == f"{stamp(T0_MS + 61 * MINUTE, '%Y-%m-%dT%H:%M:%S')}+08:00"
    assert no_number["at_source"] == "file-name" and no_number["reason"] == "no-number"
    # the log entry of the same length, near the name's time; not the 90 s one, not the 29 s
    # one that is already recorded, not the 31 s one three days later
    assert [s["number"] for s in no_number["suggestions"]] == ["+8615811112222"]
    assert found[files["no_time"].name]["at_source"] == "file-mtime"
    # the withheld caller is a call from "unknown"; the Samsung recording joined its log entry
    events = {e["number"]: e for e in listing.events(case)}
    assert events["unknown"]["direction"] == "in" and events["unknown"]["at_trust"] == "strong"
    assert len(events["+8613700001111"]["evidence"]) == 2


def test_cli_import_exits_3_naming_each_unplaced_recording(tmp_path, capsys, files):
    folder = tmp_path / "case"
    run_cli(capsys, "init", folder, "--timezone", "Asia/Shanghai")
    code, out, err = run_cli(capsys, "--case", folder, "import", files["calls"].parent)
    assert code == 3, err
    assert "2 recording(s) could not be placed: no number or time in their names." in err
    assert f"unplaced: {files['no_number'].name} (no phone number in its name)" in err
    assert f"unplaced: {files['no_time'].name} (no time in its name)" in err
    assert "skipped" not in err
    code, out, err = run_cli(capsys, "--case", folder, "import", files["calls"].parent)
    assert code == 0, err  # nothing new: nothing to say
    code, out, _ = run_cli(capsys, "--case", folder, "calls", "unplaced", "--json")
    listed = json.loads(out)
    assert code == 0 and [i["name"] for i in listed] == [files["no_number"].name,
                                                         files["no_time"].name]
    assert {"sha256", "at", "at_source", "duration", "reason", "suggestions"} <= set(listed[0])
    code, out, _ = run_cli(capsys, "--case", folder, "calls", "unplaced")
    assert code == 0 and files["no_time"].name in out and "+86 158 1111 2222" in out
    code, out, _ = run_cli(capsys, "--case", folder, "status")
    assert code == 0 and "2 recording(s) are not placed on a call yet" in out
    code, out, _ = run_cli(capsys, "--case", folder, "status", "--json")
    assert json.loads(out)["unplaced_recordings"] == 2


def test_calls_place_joins_the_logged_call_and_writes_custody(tmp_path, capsys, files):
    folder = tmp_path / "case"
    run_cli(capsys, "init", folder, "--timezone", "Asia/Shanghai")
    run_cli(capsys, "--case", folder, "import", files["calls"].parent)
    with Case.open(folder) as case:
        sha = next(i["sha256"] for i in placing.unplaced(case)
                   if i["name"] == files["no_number"].name)
        entries_before = custody.verify(case.db)[0]
    at = stamp(T0_MS + 60 * MINUTE, "%Y-%m-%dT%H:%M")
    code, out, err = run_cli(capsys, "--case", folder, "calls", "place", sha[:10], "--number",
                             "158-1111-2222", "--at", at)
    assert code == 0 and "a call already known" in out, err
    events = json.loads(run_cli(capsys, "--case", folder, "events", "list", "--json")[1])
    event = next(e for e in events if e["number"] == "+8615811112222")
    assert sha in event["evidence"] and event["placed_by_borrower"] is True
    assert {"sha256": sha, "locator": "placed by the borrower", "source": "recording"} \
        in event["sources"]
    assert event["at_source"] == "log"  # the log stays the authority on the call's time
    with Case.open(folder) as case:
        item = next(i for i in listing.evidence(case) if i["sha256"] == sha)
        assert (item["at"], item["at_source"], item["at_trust"]) == (
            f"{at}:00+08:00", "placed", "medium")
        assert item["meta"]["placed"]["number"] == "158-1111-2222"
        assert item["meta"]["placed"]["before"]["at_source"] == "file-name"
        count, problems = custody.verify(case.db)
        assert count == entries_before + 1 and not problems
        action, detail = case.db.execute(
            "SELECT action, detail FROM custody ORDER BY seq DESC LIMIT 1").fetchone()
        assert action == "recording-placed"
        assert {"sha256": sha, "number": "158-1111-2222", "at": f"{at}:00+08:00",
                "joined": True}.items() <= json.loads(detail).items()
    code, out, _ = run_cli(capsys, "--case", folder, "calls", "unplaced", "--json")
    assert [i["name"] for i in json.loads(out)] == [files["no_time"].name]


def test_calls_place_by_name_makes_a_call_of_its_own(tmp_path, capsys, files):
    folder = tmp_path / "case"
    run_cli(capsys, "init", folder, "--timezone", "Asia/Shanghai")
    run_cli(capsys, "--case", folder, "import", files["calls"].parent)
    code, out, err = run_cli(capsys, "--case", folder, "calls", "place", files["no_time"].name,
                             "--number", "+86 139 0000 5555", "--at", "2026-03-05T08:15:30")
    assert code == 0 and "a call of its own" in out, err
    events = json.loads(run_cli(capsys, "--case", folder, "events", "list", "--json")[1])
    event = next(e for e in events if e["number"] == "+8613900005555")
    assert (event["at"], event["at_source"], event["at_trust"], event["direction"]) == (
        "2026-03-05T08:15:30+08:00", "placed", "medium", "unknown")
    assert event["connected"] is True and event["placed_by_borrower"] is True
    assert event["duration"] == pytest.approx(5.0, abs=0.2)
    code, out, _ = run_cli(capsys, "--case", folder, "calls", "unplaced")
    assert code == 0 and files["no_number"].name in out and files["no_time"].name not in out


@pytest.mark.parametrize(("ref", "number", "at", "says"), [
    ("zzzz", "13900001111", "2026-03-05T08:00", "No original in the case is called zzzz"),
    ("calls-1.xml", "13900001111", "2026-03-05T08:00", "is not a call recording"),
    ("新录音 3.m4a", "13900001111", "yesterday", "is not a time like"),
    ("新录音 3.m4a", "somebody", "2026-03-05T08:00", "somebody is not a phone number"),
    ("Call recording", "13900001111", "2026-03-05T08:00", "No original"),
])
def test_calls_place_refuses_with_a_sentence(tmp_path, capsys, files, ref, number, at, says):
    folder = tmp_path / "case"
    run_cli(capsys, "init", folder, "--timezone", "Asia/Shanghai")
    run_cli(capsys, "--case", folder, "import", files["calls"].parent)
    code, _, err = run_cli(capsys, "--case", folder, "calls", "place", ref, "--number", number,
                           "--at", at)
    assert code == 1 and says in err
    with Case.open(folder) as case:
        assert len(placing.unplaced(case)) == 2  # nothing changed


def test_a_placed_recording_cannot_be_placed_twice_and_names_must_be_unique(case, files,
                                                                            tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    twin = make_audio(other / files["no_time"].name, "m4a", 7.0)  # same name, other content
    run(case, [files["calls"].parent, twin])
    with pytest.raises(placing.PlaceError, match="names 2 originals"):
        placing.place(case, files["no_time"].name, number="13900001111", at_ms=T0_MS)
    sha = next(i["sha256"] for i in placing.unplaced(case)
               if i["name"] == files["no_number"].name)
    first = placing.place(case, sha, number="15811112222", at_ms=T0_MS + 60 * MINUTE)
    assert first.joined
    with pytest.raises(placing.PlaceError, match="already placed"):
        placing.place(case, sha, number="15811112222", at_ms=T0_MS + 60 * MINUTE)


def test_placing_survives_reopening_and_travels_in_the_bundle(case, files, tmp_path):
    run(case, [files["calls"].parent])
    sha = next(i["sha256"] for i in placing.unplaced(case)
               if i["name"] == files["no_time"].name)
    placing.place(case, sha[:8], number="13900005555", at_ms=T0_MS + 86_400_000)
    before = list(listing.events(case))
    with Case.open(case.folder) as again:
        assert list(listing.events(again)) == before
        assert [i["name"] for i in placing.unplaced(again)] == [files["no_number"].name]
    result = run_export(case, tmp_path / "bundle.zip")
    with open_bundle(result.path, tmp_path / "lawyer") as lawyer:
        assert list(listing.events(lawyer)) == before
        assert [i["name"] for i in placing.unplaced(lawyer)] == [files["no_number"].name]
        placed = next(i for i in listing.evidence(lawyer) if i["sha256"] == sha)
        assert placed["at_source"] == "placed" and placed["meta"]["placed"]
        with zipfile.ZipFile(result.path) as bundle:
            document = json.loads(bundle.read("data/case/case.json"))
        assert any(o["locator"] == "placed by the borrower" for o in document["observations"])
        assert next(e for e in document["evidence"] if e["sha256"] == sha)["at_source"] \
            == "placed"
        with pytest.raises(CaseError, match="opened from a bundle"):
            placing.place(lawyer, files["no_number"].name, number="13900001111", at_ms=T0_MS)


@pytest.mark.parametrize(("lang", "words"), [("en", "notplacedonacall"), ("zh", "未对应到通话")])
def test_the_dossier_marks_recordings_not_placed(case, files, tmp_path, lang, words):
    run(case, [files["calls"].parent])
    text = re.sub(r"\s+", "", "".join(
        page.extract_text() for page in PdfReader(build_report(
            case, tmp_path / f"d-{lang}.pdf", lang=lang)).pages))
    assert text.count(words) == 2
    placing.place(case, files["no_time"].name, number="13900005555", at_ms=T0_MS)
    text = re.sub(r"\s+", "", "".join(
        page.extract_text() for page in PdfReader(build_report(
            case, tmp_path / f"e-{lang}.pdf", lang=lang)).pages))
    assert text.count(words) == 1
