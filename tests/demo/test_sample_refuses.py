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


def test_a_bundle_of_the_sample_says_it_is_invented_wherever_it_is_read(sample, tmp_path,
                                                                         capsys):
    import json
    import zipfile

    from pypdf import PdfReader

    from evidence_logger.bundle.opening import open_bundle

    bundle = tmp_path / "sample.zip"
    code, _, err = run_cli(capsys, "--case", sample, "export", "--out", bundle)
    assert code == 0, err
    with zipfile.ZipFile(bundle) as zf:
        document = json.loads(zf.read("data/case/case.json"))
        dossiers = [n for n in zf.namelist() if n.endswith(".pdf")]
        zf.extractall(tmp_path / "unzipped")
    assert document["case"]["sample"] is True
    assert dossiers
    for name in dossiers:  # every page of every PDF: in its header and across it
        pages = PdfReader(tmp_path / "unzipped" / name).pages
        assert all("SAMPLE" in page.extract_text() or "样例" in page.extract_text()
                   for page in pages), name
    opened = open_bundle(bundle, tmp_path / "opened")
    assert opened.sample and opened.read_only_bundle
    from evidence_logger.gui.bundle_banner import banner_text

    assert "sample case" in banner_text(opened)[0]
    opened.close()
