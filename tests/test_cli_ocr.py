"""The command line reads screenshots: after import, ``ocr``, ``evidence show``, ``status``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ocr.test_reading import THREAT, call_list_screenshot, sms_screenshot
from tests.test_cli import run_cli, run_json


@pytest.fixture
def folder(tmp_path: Path, capsys) -> Path:
    case = tmp_path / "case"
    assert run_cli(capsys, "init", case, "--timezone", "Asia/Shanghai")[0] == 0
    return case


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    phone = tmp_path / "phone"
    phone.mkdir()
    sms_screenshot(phone)
    call_list_screenshot(phone)
    return phone


def test_import_reads_the_new_screenshots_and_lists_what_they_show(capsys, folder, shots):
    code, out, err = run_cli(capsys, "--case", folder, "import", shots)
    assert code == 0, err
    assert "Read 2 screenshot(s): 1 chat(s), 1 call list(s)" in out
    events = run_json(capsys, "--case", folder, "events", "list", "--json")
    threat = next(e for e in events if e.get("text") == THREAT)
    (source,) = threat["sources"]
    assert source["source"] == "screenshot"
    shown = run_json(capsys, "--case", folder, "evidence", "show", source["sha256"][:10],
                     "--json")
    assert shown["ocr"]["machine_read"] and shown["ocr"]["kind"] == "chat"
    line = next(item for item in shown["ocr"]["lines"] if item["text"] == THREAT)
    assert line["role"] == "message" and len(line["box"]) == 4 and line["score"] > 0.9
    assert source["locator"] == f"line {line['line']}"


def test_no_ocr_leaves_them_for_the_ocr_command(capsys, folder, shots):
    code, out, _ = run_cli(capsys, "--case", folder, "import", shots, "--no-ocr")
    assert code == 0 and "screenshot" not in out
    assert run_json(capsys, "--case", folder, "status", "--json")["screenshots_unread"] == 2
    code, out, _ = run_cli(capsys, "--case", folder, "status")
    assert "2 screenshot(s) are not read yet" in out
    done = run_json(capsys, "--case", folder, "ocr", "--json")
    assert (done["read"], done["unavailable"]) == (2, None)
    code, out, _ = run_cli(capsys, "--case", folder, "ocr")
    assert code == 0 and "Every screenshot is read already" in out
    again = run_json(capsys, "--case", folder, "ocr", "--all", "--json")
    assert again["read"] == 2
    code, out, _ = run_cli(capsys, "--case", folder, "evidence", "show", "f" * 3)
    assert code == 1


def test_evidence_show_prints_the_lines_in_words(capsys, folder, shots):
    run_cli(capsys, "--case", folder, "import", shots)
    sha = run_json(capsys, "--case", folder, "evidence", "list", "--json")[0]["sha256"]
    code, out, _ = run_cli(capsys, "--case", folder, "evidence", "show", sha)
    assert code == 0 and "Machine-read text (rapidocr" in out and THREAT in out
