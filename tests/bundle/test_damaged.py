"""A damaged bundle (a flipped byte, an edited file, a zip cut short) opens with the damaged
files marked and the rest readable; ``open`` says so in sentences, never a traceback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from evidence_logger import listing
from evidence_logger.bundle.opening import OpenError, open_bundle
from evidence_logger.bundle.summary import altered_lines, altered_paths, fingerprint_sentence
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.exporting import run_export
from tests.bundle.bags import data_offset, write_zip
from tests.fixtures.cases import fill
from tests.test_cli import run_cli


@pytest.fixture
def bundle(case, tmp_path) -> Path:
    fill(case, tmp_path / "dump")
    return run_export(case, tmp_path / "bundle.zip").path


def flip(path: Path, name: str, at: int = 10) -> Path:
    """A copy of the bundle with one byte of ``name``'s data flipped."""
    data = bytearray(path.read_bytes())
    data[data_offset(path, name) + at] ^= 0xFF
    damaged = path.with_name("damaged.zip")
    damaged.write_bytes(bytes(data))
    return damaged


def member(path: Path, ending: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return next(n for n in zf.namelist() if n.endswith(ending))


def test_a_flipped_byte_in_a_compressed_file_marks_that_file_only(bundle, tmp_path):
    target = member(bundle, "data/case/events.csv")
    damaged = flip(bundle, target)
    verdict = verify_bundle(damaged)
    assert verdict.status == "altered"
    assert [(p.path, p.problem) for p in verdict.problems] == [(target, "damaged")]
    with open_bundle(damaged, tmp_path / "lawyer") as lawyer:
        assert lawyer.bundle_status == "altered"
        assert lawyer.missing_originals() == []  # every original still readable
        assert list(listing.events(lawyer))
        assert altered_paths(lawyer) == {target}
        (line,) = altered_lines(lawyer)
        assert line.count(target) == 1 and "damaged" in line
        assert not (lawyer.folder / "bundle" / target).exists()
        assert (lawyer.folder / "bundle" / "bagit.txt").exists()


def test_a_flipped_byte_in_an_original_marks_it_altered(bundle, tmp_path):
    target = member(bundle, ".mp3")
    damaged = flip(bundle, target, at=40)
    with open_bundle(damaged, tmp_path / "lawyer") as lawyer:
        assert lawyer.bundle_status == "altered"
        altered = [e for e in listing.evidence(lawyer)
                   if json.loads(lawyer.db.execute("SELECT meta FROM evidence WHERE sha256 = ?",
                                                   (e["sha256"],)).fetchone()[0] or "{}"
                                 ).get("altered_in_bundle")]
        assert len(altered) == 1 and target.endswith(altered[0]["name"])
        assert lawyer.missing_originals() == []
        assert "fingerprint" in fingerprint_sentence(lawyer)


def test_an_edited_file_is_named_once(bundle, tmp_path):
    with zipfile.ZipFile(bundle) as zf:
        files = {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}
    target = member(bundle, "data/case/parties.csv")
    files[target] = files[target] + b"x"
    edited = tmp_path / "edited.zip"
    write_zip(edited, files)
    with open_bundle(edited, tmp_path / "lawyer") as lawyer:
        lines = altered_lines(lawyer)
        assert sum(line.count(target) for line in lines) == 1
        assert not any("manifest" in line.lower() for line in lines if target in line)


def test_open_says_which_files_were_damaged_without_a_traceback(bundle, tmp_path, capsys):
    target = member(bundle, "data/case/events.csv")
    damaged = flip(bundle, target)
    code, out, err = run_cli(capsys, "open", damaged, "--to", tmp_path / "lawyer")
    assert code == 1
    assert "ALTERED" in out and "fingerprint" in out and "Events from" in out
    assert err.count(target) == 1 and "Traceback" not in err


def test_a_truncated_bundle_is_refused_with_a_sentence(bundle, tmp_path, capsys):
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size * 2 // 3])
    with pytest.raises(OpenError):
        open_bundle(cut, tmp_path / "first")
    code, _, err = run_cli(capsys, "open", cut, "--to", tmp_path / "lawyer")
    assert code == 1 and "cut short" in err and "Traceback" not in err


@pytest.mark.parametrize("lost", ["table of contents", "signature"])
def test_a_bundle_cut_near_its_end_opens_with_what_arrived(bundle, tmp_path, capsys, lost):
    data = bundle.read_bytes()
    with zipfile.ZipFile(bundle) as zf:
        start = zf.start_dir if lost == "table of contents" else \
            zf.getinfo("tagmanifest-sha256.txt").header_offset + 10
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[:start + 7])
    verdict = verify_bundle(cut)
    assert verdict.status == "altered"
    assert "truncated" in {p.problem for p in verdict.problems}
    assert "damaged" not in {p.problem for p in verdict.problems}
    with open_bundle(cut, tmp_path / "lawyer") as lawyer:
        assert lawyer.missing_originals() == []
        assert list(listing.events(lawyer))
        assert any("cut short" in line for line in altered_lines(lawyer))
    code, _, err = run_cli(capsys, "open", cut, "--to", tmp_path / "again")
    assert code == 1 and "cut short" in err and "Traceback" not in err


def test_a_damaged_case_description_is_said(bundle, tmp_path, capsys):
    damaged = flip(bundle, "data/case/case.json")
    code, _, err = run_cli(capsys, "open", damaged, "--to", tmp_path / "lawyer")
    assert code == 1 and "case.json" in err
