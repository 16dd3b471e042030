"""`evidence-logger demo DIR [--files-only] [--lang zh|en]`."""

from __future__ import annotations

from evidence_logger.case import Case
from evidence_logger.cli import main


def test_demo_makes_the_sample_case_and_says_what_next(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "sample"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "15 files, 35 calls, 19 messages, 4 debts; 22 findings under 7 rules" in out
    assert f"--case {tmp_path / 'sample'} findings" in out
    with Case.open(tmp_path / "sample", read_only=True) as case:
        assert case.name == "Sample case" and case.timezone == "Asia/Shanghai"


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert main(["demo", str(tmp_path), "--lang", "zh"]) == 1
    assert "不是空文件夹" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_files_only_writes_the_phone_files_and_no_case(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "files"), "--files-only"]) == 0
    assert "Wrote 15 sample phone files" in capsys.readouterr().out
    assert not (tmp_path / "files" / "case.sqlite").exists()
    assert (tmp_path / "files" / "mother-phone" / "HiSuite" / "通话记录.csv").is_file()
