"""``findings`` and ``rules`` on the command line."""

from __future__ import annotations

import json

from tests.test_cli import folder, run_cli, run_json  # noqa: F401 - the folder fixture
from tests.test_importing import build_dump


def test_findings_json_contract_and_roles_changing_them(tmp_path, capsys, folder):  # noqa: F811
    dump = build_dump(tmp_path / "dump")
    run_cli(capsys, "--case", folder, "import", dump["calls"], dump["sms"])
    run_cli(capsys, "--case", folder, "import", dump["mum_calls"], "--owner", "13800138000")
    # before any number is marked: a threat is only a note, from a number not marked
    before = run_json(capsys, "--case", folder, "findings", "--json")
    assert [(f["rule"], f["severity"], f["details"]["unmarked_party"]) for f in before] == [
        ("cn.threat-language", "note", True)]
    code, out, _ = run_cli(capsys, "--case", folder, "findings")
    assert code == 0 and "party set" in out  # says what to do next
    run_cli(capsys, "--case", folder, "party", "set", "17100000001", "--role", "collector",
            "--platform", "某某借")
    run_cli(capsys, "--case", folder, "party", "set", "17100000002", "--role", "collector",
            "--platform", "某某借")
    found = run_json(capsys, "--case", folder, "findings", "--json", "--lang", "zh")
    rules = {f["rule"] for f in found}
    assert {"cn.daily-calls", "cn.third-party", "cn.threat-language"} <= rules
    for f in found:
        assert {"rule", "severity", "title", "citation", "status", "day", "platform", "number",
                "count", "events", "evidence", "matched"} <= set(f)
        assert all(len(sha) == 64 for sha in f["evidence"])
    daily = next(f for f in found if f["rule"] == "cn.daily-calls")
    assert daily["day"] == "2026-03-02" and daily["platform"] == "某某借" and daily["count"] == 5
    assert any("\u4e00" <= ch <= "\u9fff" for ch in daily["title"])
    events = {e["id"]: e for e in run_json(capsys, "--case", folder, "events", "list", "--json")}
    assert all(events[i]["number"] in ("+8617100000001", "+8617100000002")
               for i in daily["events"])
    third = next(f for f in found if f["rule"] == "cn.third-party")
    assert third["number"] == "+8613800138000"
    threat = next(f for f in found if f["rule"] == "cn.threat-language")
    assert any("通讯录" in word for word in threat["matched"])
    english = run_json(capsys, "--case", folder, "findings", "--json", "--lang", "en")
    assert [f["rule"] for f in english] == [f["rule"] for f in found]
    assert all(f["title"] != z["title"] for f, z in zip(english, found, strict=True))
    assert english[0]["title"].startswith("Too many collection calls")


def test_rules_show_and_set(capsys, folder):  # noqa: F811
    rules = run_json(capsys, "--case", folder, "rules", "show", "--json")
    ids = [r["rule"] for r in rules]
    assert {"cn.daily-calls", "cn.redial", "cn.quiet-hours", "cn.third-party",
            "cn.threat-language", "cn.impersonation", "cn.excess-interest"} <= set(ids)
    code, out, _ = run_cli(capsys, "--case", folder, "rules", "set", "cn.daily-calls.max_calls",
                           "5")
    assert code == 0 and "5" in out
    rules = {r["rule"]: r for r in run_json(capsys, "--case", folder, "rules", "show", "--json")}
    assert rules["cn.daily-calls"]["params"]["max_calls"] == 5
    assert rules["cn.daily-calls"]["defaults"]["max_calls"] == 3
    code, out, _ = run_cli(capsys, "--case", folder, "rules", "set", "cn.quiet-hours.start",
                           "21:30")
    assert code == 0
    for bad in (("cn.quiet-hours.start", "25:00"), ("cn.daily-calls.max_calls", "many"),
                ("cn.nothing.max", "1"), ("cn.daily-calls.colour", "red")):
        code, _, err = run_cli(capsys, "--case", folder, "rules", "set", *bad)
        assert code == 1 and err.strip()
    code, out, _ = run_cli(capsys, "--case", folder, "log", "verify")
    assert code == 0
    log = json.loads(json.dumps(run_json(capsys, "--case", folder, "status", "--json")))
    assert log["custody_ok"]
    code, out, _ = run_cli(capsys, "--case", folder, "rules", "show")
    assert code == 0 and "max_calls=5*" in out
