"""The command line is the contract: every command, its JSON and its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_logger.cli import main
from tests.fixtures.exports import T0_MS, sbr_call, write_sbr
from tests.test_importing import build_dump


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: object):
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def folder(tmp_path, capsys) -> Path:
    case = tmp_path / "case"
    code, out, _ = run_cli(capsys, "init", case, "--name", "我的案件", "--timezone",
                           "Asia/Shanghai")
    assert code == 0 and "我的案件" in out
    return case


def test_init_refuses_a_used_folder_and_bad_settings(tmp_path, capsys, folder):
    code, _, err = run_cli(capsys, "init", folder)
    assert code == 1 and "already holds a case" in err
    code, _, err = run_cli(capsys, "init", tmp_path / "x", "--timezone", "Mars/Base")
    assert code == 1 and "Mars/Base" in err
    code, _, err = run_cli(capsys, "init", tmp_path / "y", "--profile", "fr")
    assert code == 2


def test_import_exit_codes(tmp_path, capsys, folder):
    dump = build_dump(tmp_path / "dump")
    code, out, err = run_cli(capsys, "--case", folder, "import", dump["calls"], dump["sms"])
    assert code == 0, err
    assert "Imported 2 file(s)" in out
    code, out, err = run_cli(capsys, "--case", folder, "import", dump["calls"])
    assert code == 0 and "1 file(s) were already in the case" in out
    code, out, err = run_cli(capsys, "--case", folder, "import", dump["miui"], dump["text_mp3"],
                             dump["empty"])
    assert code == 3
    assert "not-audio.mp3" in err and "empty.amr" in err and "Imported 1 file(s)" in out
    code, _, err = run_cli(capsys, "--case", folder, "import", tmp_path / "nowhere.mp3")
    assert code == 2 and "nowhere.mp3" in err
    code, _, err = run_cli(capsys, "--case", folder, "import", dump["calls"], "--owner", "mum")
    assert code == 2 and "--owner" in err
    code, _, _ = run_cli(capsys, "--case", folder, "import")
    assert code == 2


def test_events_list_json_contract(tmp_path, capsys, folder):
    dump = build_dump(tmp_path / "dump")
    run_cli(capsys, "--case", folder, "import", dump["calls"], dump["sms"], dump["miui"])
    events = run_json(capsys, "--case", folder, "events", "list", "--json")
    assert len(events) == 9
    for event in events:
        assert {"id", "kind", "at", "number", "direction", "owner", "evidence"} <= set(event)
        assert event["kind"] in ("call", "message")
        assert event["direction"] in ("in", "out")
        assert event["at"].endswith("+08:00")
        assert all(len(sha) == 64 for sha in event["evidence"])
        if event["kind"] == "call":
            assert isinstance(event["connected"], bool) and "duration" in event
        else:
            assert isinstance(event["text"], str)
    first = events[0]
    assert first["at"] == "2026-03-02T11:20:00+08:00" and first["number"] == "+8617100000001"
    assert first["connected"] is False and first["owner"] == "self"
    ids = [e["id"] for e in events]
    assert len(set(ids)) == len(ids)


def test_evidence_list_json_contract(tmp_path, capsys, folder):
    dump = build_dump(tmp_path / "dump")
    run_cli(capsys, "--case", folder, "import", dump["shot"], dump["calls"])
    items = run_json(capsys, "--case", folder, "evidence", "list", "--json")
    assert [i["name"] for i in items] == [dump["shot"].name, dump["calls"].name]
    shot = items[0]
    assert {"sha256", "kind", "name", "size", "at", "at_source"} <= set(shot)
    assert shot["size"] == dump["shot"].stat().st_size and shot["at_source"] == "exif"


def test_party_roles_before_and_after_import(tmp_path, capsys, folder):
    code, out, _ = run_cli(capsys, "--case", folder, "party", "set", "171-0000-0001", "--role",
                           "collector", "--platform", "某某借")
    assert code == 0 and "+86 171 0000 0001" in out
    dump = build_dump(tmp_path / "dump")
    run_cli(capsys, "--case", folder, "import", dump["calls"])
    run_cli(capsys, "--case", folder, "party", "set", "+86 138 0013 8000", "--role",
            "third-party", "--relation", "母亲", "--name", "妈妈")
    parties = {p["number"]: p for p in run_json(capsys, "--case", folder, "party", "list",
                                                "--json")}
    assert parties["+8617100000001"]["role"] == "collector"
    assert parties["+8617100000001"]["platform"] == "某某借"
    assert parties["+8617100000001"]["calls"] == 3
    mum = parties["+8613800138000"]
    assert (mum["role"], mum["relation"], mum["name"]) == ("third-party", "母亲", "妈妈")
    code, _, err = run_cli(capsys, "--case", folder, "party", "set", "17100000001", "--role",
                           "unknown", "--platform", "x")
    assert code == 1 and "--platform" in err
    code, _, _ = run_cli(capsys, "--case", folder, "party", "set", "17100000001", "--role",
                         "boss")
    assert code == 2


def test_calls_add_and_debt_add(capsys, folder):
    code, out, _ = run_cli(capsys, "--case", folder, "calls", "add", "--at", "2026-03-02 23:10",
                           "--number", "17100000001", "--owner", "13800138000", "--note",
                           "催收员打给我妈妈，说我欠钱不还")
    assert code == 0 and "Added" in out
    code, out, _ = run_cli(capsys, "--case", folder, "calls", "add", "--at", "2026-03-02 23:10",
                           "--number", "+8617100000001", "--owner", "13800138000")
    assert code == 0 and "already" in out
    (event,) = run_json(capsys, "--case", folder, "events", "list", "--json")
    assert event["at"] == "2026-03-02T23:10:00+08:00" and event["owner"] == "+8613800138000"
    assert event["entered_by_borrower"] and event["evidence"] == []
    assert event["note"] == "催收员打给我妈妈，说我欠钱不还"
    code, _, err = run_cli(capsys, "--case", folder, "calls", "add", "--at", "yesterday",
                           "--number", "1")
    assert code == 1 and "yesterday" in err
    code, out, _ = run_cli(capsys, "--case", folder, "debt", "add", "--platform", "某某借",
                           "--principal", "5000", "--annual-rate", "35.9%", "--contract-date",
                           "2025-06-01", "--lender-type", "platform")
    assert code == 0
    code, _, err = run_cli(capsys, "--case", folder, "debt", "add", "--platform", "x",
                           "--principal", "lots", "--annual-rate", "1")
    assert code == 1 and "lots" in err
    status = run_json(capsys, "--case", folder, "status", "--json")
    assert status["debts"] == 1 and status["calls"] == 1 and status["custody_ok"]


def test_log_verify_catches_tampering(capsys, folder):
    import sqlite3

    code, out, _ = run_cli(capsys, "--case", folder, "log", "verify")
    assert code == 0 and "intact" in out
    conn = sqlite3.connect(folder / "case.sqlite")
    conn.execute("DROP TRIGGER custody_no_update")
    conn.execute("UPDATE custody SET detail = '{}' WHERE seq = 1")
    conn.commit()
    conn.close()
    code, _, err = run_cli(capsys, "--case", folder, "log", "verify")
    assert code == 1 and "entry 1" in err


def test_case_defaults_to_env_then_last_case(tmp_path, capsys, monkeypatch, folder):
    other = tmp_path / "other"
    run_cli(capsys, "init", other, "--timezone", "UTC")
    assert run_json(capsys, "status", "--json")["case"] == str(other)  # the last case used
    monkeypatch.setenv("EVIDENCE_LOGGER_CASE", str(folder))
    assert run_json(capsys, "status", "--json")["case"] == str(folder)


def test_no_case_says_what_to_do(capsys):
    code, _, err = run_cli(capsys, "status")
    assert code == 1 and "evidence-logger init" in err


def test_chinese_output(capsys, monkeypatch, folder):
    monkeypatch.setenv("EVIDENCE_LOGGER_LANG", "zh_CN")
    _code, out, _ = run_cli(capsys, "--case", folder, "status")
    assert "案件" in out and "保管日志" in out


def test_the_installed_command_runs(tmp_path):
    calls = write_sbr(tmp_path / "calls-1.xml", "calls", [sbr_call(0, date=str(T0_MS))])
    env = {"EVIDENCE_LOGGER_DATA_DIR": str(tmp_path / "data"), "EVIDENCE_LOGGER_LANG": "en",
           "PATH": "/usr/bin:/bin"}
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "evidence_logger", *map(str, args)],
                              capture_output=True, text=True, env=env, timeout=120)
    assert cli("init", tmp_path / "c", "--timezone", "Asia/Shanghai").returncode == 0
    done = cli("import", calls)
    assert done.returncode == 0, done.stderr
    assert json.loads(cli("events", "list", "--json").stdout)[0]["number"] == "+8613800138000"
    assert "usage" in cli("--help").stdout


def test_no_command_opens_the_window_on_the_case_given(monkeypatch, tmp_path):
    import evidence_logger.gui.app as app

    opened = []

    def run(case: object) -> int:
        opened.append(case)
        return 0

    monkeypatch.setattr(app, "run", run)
    assert main(["--case", str(tmp_path)]) == 0
    assert opened == [tmp_path]


def test_a_damaged_case_database_gets_a_sentence_not_a_traceback(capsys, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "case.sqlite").write_bytes(b"this is not SQLite")
    code, _, err = run_cli(capsys, "--case", broken, "status")
    assert code == 1
    assert "is damaged and cannot be read" in err and "Traceback" not in err


def test_import_year_for_a_carrier_record_without_one(tmp_path, capsys, folder):
    from tests.fixtures.carrier import MOBILE, mobile_row, write_table

    detail = write_table(tmp_path / "详单.csv", MOBILE, [
        mobile_row("12-30 19:00:00", "主叫", "13800002222", "1:05"),
        mobile_row("01-02 07:30:00", "被叫", "13800002222", "1小时2分3秒"),
        ["--"] * 8])
    code, out, err = run_cli(capsys, "--case", folder, "import", detail)
    assert code == 3
    assert "详单.csv gives dates without a year" in err and "import --year YYYY" in err
    code, _, err = run_cli(capsys, "--case", folder, "import", detail, "--year", "26")
    assert code == 2 and "--year must be a year" in err
    code, out, err = run_cli(capsys, "--case", folder, "import", detail, "--year", "2025")
    assert code == 0, err
    assert "1 subtotal or total row(s) were passed over" in out
    events = run_json(capsys, "--case", folder, "events", "list", "--json")
    assert [(e["at"][:19], e["direction"], e["duration"], e["at_source"]) for e in events] == [
        ("2025-12-30T19:00:00", "out", 65, "carrier"),
        ("2026-01-02T07:30:00", "in", 3723, "carrier")]
