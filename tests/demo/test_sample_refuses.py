"""The sample case is marked as a sample and refuses imports and changes (item 6 of issue 15)."""

from __future__ import annotations

import pytest

from evidence_logger.case import Case, CaseError
from evidence_logger.importing import run
from tests.test_cli import run_cli


@pytest.fixture
def sample(built):
    return built.case_dir


def test_the_sample_is_marked_and_refuses_an_import(sample, tmp_path):
    photo = tmp_path / "real.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with Case.open(sample, read_only=True) as case:
        assert case.sample
    with Case.open(sample) as case, pytest.raises(CaseError, match="sample case"):
        run(case, [photo])


@pytest.mark.parametrize("command", [
    ["import", "{file}"],
    ["import", "--dry-run", "{file}"],
    ["party", "set", "13800138000", "--role", "collector"],
    ["debt", "add", "--platform", "X", "--principal", "1000", "--annual-rate", "24"],
    ["calls", "add", "--at", "2026-03-02T11:20", "--number", "13800138000"],
    ["rules", "set", "daily_calls.limit", "5"],
])
def test_changing_commands_exit_1_with_a_sentence(sample, tmp_path, capsys, command):
    real = tmp_path / "real.png"
    real.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    args = [part.format(file=real) for part in command]
    code, _, err = run_cli(capsys, "--case", sample, *args)
    assert code == 1 and "sample case" in err and "Traceback" not in err


def test_reading_and_exporting_the_sample_still_work(sample, tmp_path, capsys):
    code, out, _ = run_cli(capsys, "--case", sample, "status")
    assert code == 0 and "sample case" in out
    code, _, err = run_cli(capsys, "--case", sample, "export", "--out", tmp_path / "b.zip")
    assert code == 0, err
