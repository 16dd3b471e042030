"""``timestamps set|off|status|retry``, and what ``import``, ``export`` and ``verify`` say."""

from __future__ import annotations

import json

from evidence_logger.trusted_time import settings
from tests.fixtures.cases import build_dump
from tests.test_cli import run_cli


def test_set_status_off(tsa, capsys):
    code, out, err = run_cli(capsys, "timestamps", "set", "--tsa", tsa.url, "--ca-file",
                             tsa.root)
    assert code == 0 and "on" in out and not err
    assert settings.load().active and "BEGIN CERTIFICATE" in settings.load().ca_pem
    code, out, _ = run_cli(capsys, "timestamps", "status", "--json")
    value = json.loads(out)
    assert value["enabled"] and value["tsa"] == tsa.url and value["ca_set"]
    assert {a["id"] for a in value["authorities"]} >= {"tsa-cn", "freetsa"}
    assert all({"cost", "account", "source", "status"} <= set(a) for a in value["authorities"])
    code, out, _ = run_cli(capsys, "timestamps", "off")
    assert code == 0 and not settings.load().active
    code, out, _ = run_cli(capsys, "timestamps", "status")
    assert "off" in out and "联合信任" in out


def test_set_refuses_what_cannot_work(capsys, tmp_path):
    code, _, err = run_cli(capsys, "timestamps", "set", "--tsa", "tsa-cn")
    assert code == 1 and "gave you" in err
    (tmp_path / "x.pem").write_text("nothing")
    code, _, err = run_cli(capsys, "timestamps", "set", "--tsa", "freetsa", "--ca-file",
                           tmp_path / "x.pem")
    assert code == 1 and "no certificate" in err and not settings.load().active
    code, _, err = run_cli(capsys, "timestamps", "set", "--tsa", "freetsa")
    assert code == 0 and "--ca-file" in err


def test_import_export_verify_with_a_tsa(tsa, capsys, tmp_path):
    folder = tmp_path / "case"
    assert run_cli(capsys, "init", folder, "--timezone", "Asia/Shanghai")[0] == 0
    run_cli(capsys, "timestamps", "set", "--tsa", tsa.url, "--ca-file", tsa.root)
    dump = build_dump(tmp_path / "dump")
    tsa.mode = "refuse"
    code, out, err = run_cli(capsys, "--case", folder, "import", "--no-ocr", dump["calls"])
    assert code == 0 and "No trusted timestamp" in err and "timestamps retry" in err
    code, out, _ = run_cli(capsys, "--case", folder, "timestamps", "status", "--json")
    assert json.loads(out)["waiting"] and json.loads(out)["tokens"] == []
    code, out, _ = run_cli(capsys, "--case", folder, "timestamps", "status")
    assert "0 original(s) stamped" in out and "waiting: " in out
    code, _, err = run_cli(capsys, "--case", folder, "timestamps", "retry")
    assert code == 1 and "HTTP 503" in err
    tsa.mode = "ok"
    code, out, _ = run_cli(capsys, "--case", folder, "timestamps", "retry")
    assert code == 0 and "stamped by Test TSA" in out
    code, out, _ = run_cli(capsys, "--case", folder, "timestamps", "retry")
    assert code == 0 and "Nothing waits" in out
    code, out, _ = run_cli(capsys, "--case", folder, "export", "--out", tmp_path / "b.zip")
    assert code == 0 and "Trusted timestamp of the export" in out
    code, out, _ = run_cli(capsys, "verify", tmp_path / "b.zip", "--json")
    stamps = json.loads(out)["timestamps"]
    assert code == 0 and [(s["kind"], s["ok"], s["tsa"]) for s in stamps] == [
        ("import", True, "Test TSA"), ("export", True, "Test TSA")]
    code, out, _ = run_cli(capsys, "verify", tmp_path / "b.zip")
    assert code == 0 and out.count("Trusted timestamp (") == 2
    tsa.mode = "wrong-data"
    code, out, err = run_cli(capsys, "--case", folder, "export", "--out", tmp_path / "c.zip")
    assert code == 0 and "without a trusted timestamp" in err and (tmp_path / "c.zip").exists()
