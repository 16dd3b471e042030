"""The installation check: every step really runs, a broken step is reported and the rest go
on, the child-process form streams its steps, and the user's own data folder is left alone."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from evidence_logger import paths, selftest
from evidence_logger.cli import main
from evidence_logger.progress import Progress
from evidence_logger.tasks import drive


def test_every_core_step_passes_from_the_checkout(tmp_path):
    heard: list[selftest.StepResult] = []
    results = drive(selftest.run("en", folder=tmp_path / "check", on_result=heard.append))
    assert heard == results
    assert [r.name for r in results] == [name for name, _ in selftest.STEPS]
    assert all(r.ok for r in results), [r.line() for r in results]
    by_name = {r.name: r.detail for r in results}
    assert "22 findings under 7 rules" in by_name["Sample case and its findings"]
    assert "amr-nb" in by_name["Recordings decoded"]
    assert "verified intact" in by_name["Bundle export and verification"]
    assert (tmp_path / "check" / "dossier-zh.pdf").read_bytes().startswith(b"%PDF-")


def test_the_users_data_folder_is_not_touched(tmp_path):
    before = os.environ[paths.DATA_DIR_ENV]
    drive(selftest.run("en", folder=tmp_path / "check"))
    assert os.environ[paths.DATA_DIR_ENV] == before
    assert not (Path(before) / "signing-key.pem").exists()  # the test bundle's key stayed away
    assert not (Path(before) / "last-case.txt").exists()


def test_a_failing_step_is_reported_and_the_rest_still_run(tmp_path, monkeypatch):
    def broken(ctx):
        raise selftest.CheckFailed("the rules are missing")

    steps = list(selftest.STEPS)
    steps[0] = (steps[0][0], broken)
    monkeypatch.setattr(selftest, "STEPS", steps)
    results = drive(selftest.run("en", folder=tmp_path / "check"))
    assert results[0].ok is False and results[0].detail == "the rules are missing"
    assert all(r.ok for r in results[1:])
    assert "[FAILED] Shipped resources: the rules are missing" in results[0].line()


def test_an_unexpected_error_is_a_failed_step_not_a_crash(tmp_path, monkeypatch):
    def window(ctx):
        raise ImportError("libEGL.so.1: cannot open shared object file")

    results = drive(selftest.run("zh_CN", window=("Main window", window),
                                 folder=tmp_path / "check"))
    assert not results[-1].ok and "libEGL" in results[-1].detail
    assert results[-1].line("zh_CN").startswith("[未通过] 主窗口")


def test_the_command_prints_a_line_per_step_and_its_exit_code(capsys):
    code = main(["selftest", "--no-window", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.count("[passed]") == len(selftest.STEPS)
    assert f"All {len(selftest.STEPS)} checks passed." in out


def test_json_lines_are_ascii_and_end_with_a_summary(capsys):
    code = main(["selftest", "--no-window", "--json", "--lang", "zh"])
    out = capsys.readouterr().out
    assert code == 0 and out.isascii()
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[-1]["ok"] is True and lines[-1]["steps"] == len(selftest.STEPS)
    assert "示例" in lines[1]["detail"] or "条" in lines[1]["detail"]  # Chinese, escaped


def test_a_failed_check_exits_1(capsys, monkeypatch):
    monkeypatch.setattr(selftest, "STEPS", [("Shipped resources", lambda ctx: 1 / 0)])
    assert main(["selftest", "--no-window"]) == 1
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_the_check_runs_this_installation_in_a_child_process():
    seen: list[selftest.StepResult] = []
    progress: list[Progress] = []
    task = selftest.run_in_child("en", window=False, on_result=seen.append)
    final = drive(task, progress.append)
    assert final.ok is True and final.exit_code == 0
    assert [r.ok for r in final.results] == [True] * len(selftest.STEPS)
    assert seen == final.results
    assert [p.done for p in progress] == list(range(len(selftest.STEPS) + 1))
    assert progress[1].label() == "Checking: Sample case and its findings"


def test_cancelling_the_child_stops_its_process():
    task = selftest.run_in_child("en", window=False)
    next(task)
    next(task)  # the first step has ended: the process runs
    task.close()  # what the window's Cancel does


@pytest.mark.parametrize("frozen,platform,expected", [
    (False, "linux", [sys.executable, "-m", "evidence_logger"]),
    (True, "linux", ["/opt/app/evidence-logger"]),
])
def test_how_this_installation_runs_itself(monkeypatch, frozen, platform, expected):
    monkeypatch.setattr(sys, "frozen", frozen, raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    if frozen:
        monkeypatch.setattr(sys, "executable", "/opt/app/evidence-logger")
    assert paths.app_command() == expected


def test_on_windows_the_frozen_app_runs_its_console_twin(monkeypatch, tmp_path):
    exe = tmp_path / "evidence-logger.exe"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.app_command() == [str(exe)]  # no twin: itself
    (tmp_path / "evidence-logger-cli.exe").write_bytes(b"")
    assert paths.app_command() == [str(tmp_path / "evidence-logger-cli.exe")]
