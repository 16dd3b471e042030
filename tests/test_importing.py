"""A borrower's real phone dump lands in a case: each call once, every original kept, every bad
file named with its reason."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidence_logger import custody, listing
from evidence_logger.case import Case
from evidence_logger.importing import import_paths, run
from tests.fixtures.audio import make_audio
from tests.fixtures.exports import (
    T0_MS,
    png_bytes,
    sbr_call,
    sbr_mms,
    sbr_sms,
    write_csv,
    write_sbr,
)
from tests.fixtures.images import make_bomb_png, make_screenshot

SH = ZoneInfo("Asia/Shanghai")
COLLECTOR = "+8617100000001"  # calls as 171-0000-0001 in one file and 17100000001 in another
COLLECTOR_2 = "+8617100000002"
MUM = "+8613800138000"


def local(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, SH)


def stamp(ms: int, fmt: str) -> str:
    return local(ms).strftime(fmt)


def build_dump(root: Path) -> dict[str, Path]:
    """A phone dump: the borrower's phone and the mother's, with good and bad files."""
    me = root / "my-phone"
    (me / "MIUI/sound_recorder/call_rec").mkdir(parents=True)
    (me / "Sounds/CallRecord").mkdir(parents=True)
    (me / "Record/Call").mkdir(parents=True)
    (me / "Pictures/Screenshots").mkdir(parents=True)
    (me / "backup").mkdir()
    t = T0_MS  # 2026-03-02 11:20 Shanghai
    # the call log: five collector calls that day, one of them long (recorded below)
    calls = [
        sbr_call(0, number="171-0000-0001", type="3", duration="0"),
        sbr_call(0, number="171-0000-0001", type="1", duration="95",
                 date=str(t + 3_600_000)),  # 12:20, recorded by MIUI
        sbr_call(0, number="17100000002", type="5", duration="0", date=str(t + 7_200_000)),
        sbr_call(0, number="+86 171 0000 0002", type="1", duration="40",
                 date=str(t + 10_800_000)),  # 14:20, recorded by Huawei
        sbr_call(0, number="008617100000001", type="6", duration="0",
                 date=str(t + 14_400_000)),
        sbr_call(0, number="95588", type="2", duration="61", date=str(t + 18_000_000)),
    ]
    files = {"calls": write_sbr(me / "backup/calls-20260303.xml", "calls", calls)}
    # a CSV export from another tool with two of the same calls (they must not count twice)
    files["csv"] = write_csv(
        me / "backup/通话记录.csv", ["号码", "通话时间", "通话时长", "类型"],
        [["17100000001", stamp(t + 3_600_000, "%Y-%m-%d %H:%M:%S"), "95", "呼入"],
         ["17100000002", stamp(t + 7_200_000, "%Y-%m-%d %H:%M:%S"), "0", "拒接"]],
        encoding="gbk")
    # messages, with an emoji written as a surrogate pair and an MMS picture
    files["sms"] = write_sbr(me / "backup/sms-20260303.xml", "smses", [
        sbr_sms(0, address="17100000001", body="再不还款就爆你通讯录😠",
                date=str(t + 60_000)),
        sbr_sms(0, address="10690000123456", body="【某某借】您的账单已逾期",
                date=str(t + 120_000)),
        sbr_mms({"date": str(t + 180_000), "msg_box": "1", "address": "17100000001"},
                [{"ct": "text/plain", "text": "看看你家人"},
                 {"ct": "image/png", "name": "photo.png",
                  "data": __import__("base64").b64encode(png_bytes()).decode()}],
                [("17100000001", "137"), ("+8613900000009", "151")]),
    ])
    # recordings: MIUI and Huawei match logged calls; vivo has no log entry
    files["miui"] = make_audio(
        me / "MIUI/sound_recorder/call_rec"
        / f"通话录音@17100000001(17100000001)_{stamp(t + 3_600_000 + 12_000, '%Y%m%d%H%M%S')}.mp3",
        "mp3", 1.5)
    files["huawei"] = make_audio(
        me / "Sounds/CallRecord/"
             f"催收@17100000002_{stamp(t + 10_800_000 + 8_000, '%Y%m%d%H%M%S')}.m4a",
        "m4a", 1.5)
    files["vivo"] = make_audio(
        me / f"Record/Call/17100000003 {stamp(t + 86_400_000, '%Y-%m-%d %H-%M-%S')}.amr",
        "amr-nb", 1.5)
    files["shot"] = make_screenshot(me / "Pictures/Screenshots/Screenshot_20260302-231005.png",
                                    when=datetime(2026, 3, 2, 23, 10, 5), offset="+08:00")
    # bad files
    bad = root / "my-phone/bad"
    bad.mkdir()
    files["text_mp3"] = bad / "not-audio.mp3"
    files["text_mp3"].write_text("this is a text file, not a recording\n")
    files["empty"] = bad / "empty.amr"
    files["empty"].write_bytes(b"")
    files["bomb"] = make_bomb_png(bad / "bomb.png")
    files["xml_bomb"] = bad / "calls-bomb.xml"
    files["xml_bomb"].write_text(
        '<?xml version="1.0"?><!DOCTYPE calls [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><calls count="1">'
        '<call number="&b;" duration="1" date="1" type="1" /></calls>')
    files["truncated"] = write_sbr(
        bad / "calls-truncated.xml", "calls",
        [sbr_call(0, number="17100000009", date=str(t + 86_400_000 * 2 + i * 60_000))
         for i in range(3)], close=False)
    cut = files["truncated"].read_bytes()
    files["truncated"].write_bytes(cut[: cut.rindex(b"<call") + 20])  # cut inside the last call
    files["notes"] = bad / "notes.txt"
    files["notes"].write_text("remember to call the lawyer\n")
    # the mother's phone: a collector called her
    mum = root / "mum-phone"
    mum.mkdir()
    files["mum_calls"] = write_sbr(mum / "calls-mum.xml", "calls", [
        sbr_call(0, number="17100000001", type="1", duration="20", date=str(t + 1_800_000))])
    return files


@pytest.fixture
def dump(tmp_path: Path) -> dict[str, Path]:
    return build_dump(tmp_path / "dump")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_phone_dump_lands_with_each_call_once(case, dump):
    sources = {name: path.read_bytes() for name, path in dump.items()}
    report = run(case, [dump["calls"].parents[1]])
    skipped = {Path(p.path).name: p for p in report.problems}
    assert set(skipped) == {"not-audio.mp3", "empty.amr", "bomb.png", "calls-bomb.xml",
                            "calls-truncated.xml", "notes.txt"}
    assert not skipped["calls-truncated.xml"].skipped  # its complete calls were kept
    for problem in report.problems:
        assert Path(problem.path).name in problem.message()

    events = list(listing.events(case))
    calls = [e for e in events if e["kind"] == "call"]
    # six logged calls, the CSV's two joined to them, MIUI and Huawei joined, vivo on its own,
    # two calls kept from the truncated export
    assert len(calls) == 6 + 1 + 2
    recorded = {e["number"]: e for e in calls if sha(dump["miui"]) in e["evidence"]
                or sha(dump["huawei"]) in e["evidence"]}
    assert set(recorded) == {COLLECTOR, COLLECTOR_2}
    assert recorded[COLLECTOR]["at"] == local(T0_MS + 3_600_000).isoformat()
    assert recorded[COLLECTOR]["connected"] and recorded[COLLECTOR]["duration"] == 95
    assert set(recorded[COLLECTOR]["evidence"]) == {sha(dump["calls"]), sha(dump["csv"]),
                                                    sha(dump["miui"])}
    assert sorted((s["sha256"], s["locator"], s["source"])
                  for s in recorded[COLLECTOR]["sources"]) == sorted([
        (sha(dump["calls"]), "call 2", "log"), (sha(dump["csv"]), "row 1", "log"),
        (sha(dump["miui"]), "file name", "recording")])
    vivo = [e for e in calls if e["number"] == "+8617100000003"]
    assert len(vivo) == 1 and vivo[0]["direction"] == "unknown" and vivo[0]["connected"]
    assert 1.3 < vivo[0]["duration"] < 1.7

    messages = [e for e in events if e["kind"] == "message"]
    assert [m["text"] for m in messages] == ["再不还款就爆你通讯录😠", "【某某借】您的账单已逾期",
                                             "看看你家人"]
    mms = messages[2]
    assert hashlib.sha256(png_bytes()).hexdigest() in mms["evidence"]

    # every original kept byte for byte, sources untouched
    stored = {item["sha256"]: item for item in listing.evidence(case)}
    for name in ("calls", "csv", "sms", "miui", "huawei", "vivo", "shot", "truncated"):
        digest = sha(dump[name])
        assert digest in stored, name
        assert case.vault.path(digest).read_bytes() == sources[name]
    for name, data in sources.items():
        assert dump[name].read_bytes() == data
    shot = stored[sha(dump["shot"])]
    assert shot["at"] == "2026-03-02T23:10:05+08:00" and shot["at_source"] == "exif"
    assert stored[sha(dump["miui"])]["at_source"] == "file-name"
    assert not list(case.vault.staging.iterdir())
    assert case.missing_originals() == []
    assert custody.verify(case.db)[1] == []


def test_importing_again_adds_nothing(case, dump):
    folder = dump["calls"].parents[1]
    run(case, [folder])
    before = (list(listing.events(case)), list(listing.evidence(case)),
              custody.verify(case.db)[0])
    again = run(case, [folder])
    assert again.imported == []
    assert len(again.already) == 8
    after = (list(listing.events(case)), list(listing.evidence(case)),
             custody.verify(case.db)[0])
    assert after == before


def test_a_relatives_phone_is_third_party_contact(case, dump):
    report = run(case, [dump["mum_calls"]], owner="138 0013 8000")
    assert report.complete
    (event,) = listing.events(case)
    assert event["owner"] == MUM and event["number"] == COLLECTOR
    role = case.db.execute("SELECT role FROM parties WHERE number = ?", (MUM,)).fetchone()[0]
    assert role == "third-party"
    # the same call on the borrower's phone is a different event
    run(case, [dump["calls"]])
    assert sum(1 for e in listing.events(case) if e["owner"] == "self") == 6


def test_recordings_imported_before_the_log_are_joined_later(case, dump):
    run(case, [dump["miui"], dump["huawei"]])
    assert len(list(listing.events(case))) == 2
    run(case, [dump["calls"]])
    calls = list(listing.events(case))
    assert len(calls) == 6
    recorded = [e for e in calls if len(e["evidence"]) == 2]
    assert len(recorded) == 2 and all(e["direction"] == "in" for e in recorded)


def test_a_folder_of_only_bad_files_changes_nothing(case, dump):
    before = custody.verify(case.db)[0]
    report = run(case, [dump["text_mp3"], dump["empty"], dump["bomb"], dump["xml_bomb"]])
    assert len(report.problems) == 4 and all(p.skipped for p in report.problems)
    assert case.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert list(case.vault.stored()) == []
    assert custody.verify(case.db)[0] == before


def test_problem_sentences_in_chinese(case, dump):
    report = run(case, [dump["text_mp3"], dump["empty"]])
    messages = [p.message("zh_CN") for p in report.problems]
    assert any("not-audio.mp3" in m and "音频" in m for m in messages), messages
    assert any("empty.amr" in m and "空" in m for m in messages), messages


def test_the_evidence_row_records_where_the_file_came_from(case, dump):
    run(case, [dump["vivo"]])
    (item,) = listing.evidence(case)
    assert item["source_path"] == str(dump["vivo"].resolve())
    assert item["kind"] == "recording" and item["format"] == "amr-nb"
    assert item["meta"]["duration"] == pytest.approx(1.5, abs=0.1)
    log_entry = json.loads(case.db.execute(
        "SELECT detail FROM custody WHERE action = 'import'").fetchone()[0])
    assert log_entry["sha256"] == item["sha256"] and log_entry["events_added"] == 1


def test_a_full_disk_stops_cleanly_with_a_sentence(case, dump, monkeypatch):
    import errno

    from evidence_logger import vault

    real = vault.Vault.stage
    calls = {"n": 0}

    def stage(self, source):
        calls["n"] += 1
        if calls["n"] == 2:
            raise vault.VaultWriteError(OSError(errno.ENOSPC, "No space left on device"))
        return real(self, source)

    monkeypatch.setattr(vault.Vault, "stage", stage)
    report = run(case, [dump["calls"], dump["sms"], dump["csv"]])
    assert len(report.imported) == 1
    (problem,) = report.problems
    assert "full" in problem.message() and "1 file(s) after it" in problem.message()
    assert "磁盘已满" in problem.message("zh_CN")
    assert list(case.vault.staging.iterdir()) == []
    assert case.missing_originals() == []


def test_an_unreadable_file_is_named_and_the_rest_imported(case, dump, monkeypatch):
    from evidence_logger import vault

    real = vault.Vault.stage

    def stage(self, source):
        if source.name == dump["sms"].name:
            raise PermissionError(13, "Permission denied")
        return real(self, source)

    monkeypatch.setattr(vault.Vault, "stage", stage)
    report = run(case, [dump["calls"], dump["sms"]])
    assert len(report.imported) == 1
    (problem,) = report.problems
    assert problem.message() == f"{dump['sms'].name} could not be read: Permission denied."


def test_cancelling_keeps_finished_files_and_nothing_else(case, dump):
    from evidence_logger.importing import import_paths

    gen = import_paths(case, [dump["calls"], dump["sms"], dump["miui"]])
    seen = 0
    for progress in gen:
        seen += 1
        if progress.params["number"] == 2:  # the first file is done, the second about to start
            break
    gen.close()
    names = [row[0] for row in case.db.execute("SELECT name FROM evidence")]
    assert names == [dump["calls"].name]
    assert list(case.vault.staging.iterdir()) == []
    assert set(case.vault.stored()) == {sha(dump["calls"])}


def test_content_decides_the_format_not_the_name(case, dump, tmp_path):
    disguised = tmp_path / "calls-backup.txt"
    disguised.write_bytes(dump["calls"].read_bytes())
    m4a_named_mp3 = tmp_path / "17100000001_20260302142008.mp3"
    m4a_named_mp3.write_bytes(dump["huawei"].read_bytes())
    report = run(case, [disguised, m4a_named_mp3])
    assert report.complete
    formats = {i["name"]: i["format"] for i in listing.evidence(case)}
    assert formats == {"calls-backup.txt": "sbr-calls", m4a_named_mp3.name: "m4a"}


@pytest.mark.parametrize(("ext", "fmt"), [(".m4a", "m4a"), (".oga", "ogg-opus"),
                                          (".mp4", "m4a"), (".3g2", "3gp")])
def test_bcr_recording_with_its_sidecar(case, tmp_path, ext, fmt):
    from tests.fixtures.exports import write_sbr as _write

    folder = tmp_path / "bcr"
    folder.mkdir()
    stem = "20260302_122012.904+0800_in_sim1_17100000001_某某借催收"
    audio = make_audio(folder / f"{stem}{ext}", fmt, 1.0)
    sidecar = folder / f"{stem}.json"
    sidecar.write_text(json.dumps({
        "timestamp_unix_ms": T0_MS + 3_600_000 + 12_904, "direction": "in", "sim_slot": 1,
        "calls": [{"phone_number": "+8617100000001", "contact_name": "某某借催收"}]},
        ensure_ascii=False), encoding="utf-8")
    _write(folder / "calls-1.xml", "calls", [sbr_call(0, number="17100000001", duration="95",
                                                      date=str(T0_MS + 3_600_000))])
    report = run(case, [folder])
    assert report.complete, [p.message() for p in report.problems]
    (event,) = listing.events(case)
    assert set(event["evidence"]) == {sha(audio), sha(sidecar), sha(folder / "calls-1.xml")}
    kinds = {i["name"]: (i["kind"], i["at_source"]) for i in listing.evidence(case)}
    assert kinds[audio.name] == ("recording", "sidecar")
    assert kinds[sidecar.name][0] == "metadata"


def test_iphone_call_history_and_messages(case, tmp_path):
    from tests.fixtures.exports import (
        apple_nanoseconds,
        apple_seconds,
        write_call_history,
        write_sms_db,
    )

    calls = write_call_history(tmp_path / "5a4935c78a5255723f707230a451d79c540d2741", [
        {"ZDATE": apple_seconds(T0_MS), "ZADDRESS": "+8617100000001", "ZDURATION": 0.0,
         "ZANSWERED": 0, "ZORIGINATED": 0, "ZCALLTYPE": 1},
        {"ZDATE": apple_seconds(T0_MS + 60_000), "ZADDRESS": b"17100000001", "ZDURATION": 30.0,
         "ZANSWERED": 1, "ZORIGINATED": 0, "ZCALLTYPE": 1}])
    sms = write_sms_db(tmp_path / "3d0d7e5fb2ce288813306e4d4636395e047a3d28", ["+8617100000001"], [
        {"text": "今天必须还款，否则上门", "handle_id": 1,
         "date": apple_nanoseconds(T0_MS + 120_000),
         "is_from_me": 0}])
    report = run(case, [calls, sms])
    assert report.complete, [p.message() for p in report.problems]
    events = list(listing.events(case))
    assert [(e["kind"], e["number"], e["at"]) for e in events] == [
        ("call", COLLECTOR, "2026-03-02T11:20:00+08:00"),
        ("call", COLLECTOR, "2026-03-02T11:21:00+08:00"),
        ("message", COLLECTOR, "2026-03-02T11:22:00+08:00")]
    assert [e.get("connected") for e in events[:2]] == [False, True]
    assert events[2]["text"] == "今天必须还款，否则上门"
    # the originals are byte for byte what the backup held (opened read-only, never changed)
    assert case.vault.path(sha(calls)).read_bytes() == calls.read_bytes()


@pytest.mark.parametrize("how", ["error", "cancel"])
def test_a_file_that_fails_or_is_cancelled_mid_way_leaves_nothing(case, tmp_path, monkeypatch,
                                                                    how):
    """Batches of its events are written while the file is read; a failure or a cancel after
    several of them takes the whole file back: no event, observation, original or custody
    entry of it stays, and the case takes the file again afterwards."""
    import dataclasses

    from evidence_logger import importing
    from evidence_logger.importers import formats
    from evidence_logger.timeline import BATCH

    path = write_sbr(tmp_path / "calls.xml", "calls",
                     [sbr_call(n, number=f"1710000{n % 50:04d}", date=str(1_756_710_000_000
                                                                        + (n * 7919 % 6_000)
                                                                        * 37_000))
                      for n in range(BATCH * 3)])  # out of time order: the filter is made
    custody_before = case.db.execute("SELECT count(*) FROM custody").fetchone()[0]
    real = formats.FORMATS["sbr-calls"]
    read = real.read
    assert read is not None

    def failing(path, ctx):
        for n, record in enumerate(read(path, ctx)):
            if n == BATCH * 2 + 5:
                raise RuntimeError("the reader broke")
            yield record

    if how == "error":
        monkeypatch.setitem(formats.FORMATS, "sbr-calls", dataclasses.replace(real, read=failing))
        report = run(case, [path])
        assert "unexpected error" in report.problems[0].message()
    else:
        monkeypatch.setattr(importing, "PROGRESS_EVERY", BATCH * 2 + 5)
        gen = importing.import_paths(case, [path])
        next(gen)  # the file starts
        next(gen)  # in the middle of it: two batches written
        gen.close()
    for table in ("events", "observations", "evidence", "event_links"):
        assert case.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert case.db.execute("SELECT count(*) FROM custody").fetchone()[0] == custody_before
    assert not custody.verify(case.db)[1]
    assert [p for p in case.vault.root.rglob("*") if p.is_file()] == []  # no original kept
    monkeypatch.undo()
    again = run(case, [path])
    assert not again.problems and again.imported[0].events_added == BATCH * 3


def test_the_collector_s_thresholds_are_put_back_after_an_import_and_a_cancel(tmp_path):
    import gc

    from tests.fixtures.exports import sbr_call, write_sbr

    before = gc.get_threshold()
    path = write_sbr(tmp_path / "calls.xml", "calls",
                     (sbr_call(n, number=f"+86138{n % 37:08d}") for n in range(12_000)))
    with Case.create(tmp_path / "case", timezone="Asia/Shanghai") as case:
        steps = import_paths(case, [path])
        next(steps)
        next(steps)  # inside the file
        assert gc.get_threshold()[0] > before[0]
        steps.close()
        assert gc.get_threshold() == before
        run(case, [path])
        assert gc.get_threshold() == before
