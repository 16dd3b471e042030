"""The submission bundle (提交版): only the originals behind the findings, third parties
masked, every other original listed by hash; and what every bundle's bag-info says."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime

import pytest
from pypdf import PdfReader

from evidence_logger import listing
from evidence_logger.bundle.bagfiles import parse_bag_info
from evidence_logger.bundle.submission import SubmissionError, backing, plan_submission
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.evidence_root import REPORT_PATH
from evidence_logger.exporting import run_export
from tests.fixtures.cases import MUM, fill
from tests.test_cli import run_cli


@pytest.fixture
def filled(case, tmp_path):
    fill(case, tmp_path / "dump")
    return case


def _read(path):
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        document = json.loads(zf.read("data/case/case.json"))
        info = parse_bag_info(zf.read("bag-info.txt"))
        howto = zf.read("HOW-TO-VERIFY.txt").decode()
        evidence_csv = zf.read("data/case/evidence.csv").decode("utf-8-sig")
        pdf = zf.read(REPORT_PATH)
    return names, document, info, howto, evidence_csv, pdf


def test_a_submission_holds_the_originals_behind_the_findings_and_lists_the_rest(filled,
                                                                                tmp_path):
    case = filled
    kept = backing(case)
    every = {item["sha256"] for item in listing.evidence(case)}
    assert kept and kept < every
    result = run_export(case, tmp_path / "s.zip", plan=plan_submission(case))
    assert verify_bundle(result.path).ok
    names, document, info, howto, evidence_csv, pdf = _read(result.path)
    held = {e["sha256"] for e in document["evidence"] if e["path"]}
    assert held == kept and all(e["path"] in names for e in document["evidence"] if e["path"])
    withheld = every - kept
    assert set(document["redaction"]["withheld"]) == withheld
    assert document["redaction"]["submission"] is True
    assert all(sha in evidence_csv for sha in withheld) and "withheld" in evidence_csv
    assert info["Bundle-Kind"] == "submission" and info["Withheld-Originals"] == str(
        len(withheld)) and info["Redacted-Third-Parties"] == "yes"
    assert f"{len(withheld)} original(s) are not in this bundle" in howto and "提交版" in howto
    assert MUM not in json.dumps(document, ensure_ascii=False)
    collectors = {p["id"] for p in document["parties"] if p["role"] == "collector"}
    cited = {e for f in document["findings"] for e in f["events"]}
    assert all(e["party_id"] in collectors or e["id"] in cited for e in document["events"])
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(
        __import__("io").BytesIO(pdf)).pages))
    assert "未随附的原件" in text and "本证据包为提交版" in text
    assert all(sha[:32] in text for sha in withheld)
    full = run_export(case, tmp_path / "f.zip")
    _, document_full, info_full, howto_full, _, _ = _read(full.path)
    assert info_full["Bundle-Kind"] == "full" and info_full["Withheld-Originals"] == "0"
    assert all(e["path"] for e in document_full["evidence"]) and "not in this bundle" \
        not in howto_full


def test_the_borrower_adds_leaves_out_and_unmasks(filled, tmp_path):
    case = filled
    extra = next(item["sha256"] for item in listing.evidence(case)
                 if item["sha256"] not in backing(case))
    dropped = sorted(backing(case))[0]
    plan = plan_submission(case, include=[extra[:10]], exclude=[dropped[:12]], mask=False)
    result = run_export(case, tmp_path / "s.zip", plan=plan, lang="en")
    assert verify_bundle(result.path).ok
    _, document, info, _, _, _ = _read(result.path)
    held = {e["sha256"] for e in document["evidence"] if e["path"]}
    assert extra in held and dropped not in held
    assert info["Redacted-Third-Parties"] == "no" and MUM in json.dumps(document)
    with pytest.raises(SubmissionError, match="does not name exactly one original"):
        plan_submission(case, include=["abc"])


def test_the_command_line_makes_a_submission_bundle(filled, tmp_path, capsys):
    folder = filled.folder
    code, out, err = run_cli(capsys, "--case", folder, "export", "--out", tmp_path / "s.zip",
                             "--submission")
    assert code == 0, err
    assert "Submission bundle:" in out and "third parties masked" in out
    code, out, _ = run_cli(capsys, "verify", tmp_path / "s.zip")
    assert code == 0 and "intact" in out
    code, _, err = run_cli(capsys, "--case", folder, "export", "--out", tmp_path / "x.zip",
                           "--unmask")
    assert code == 2 and "--submission" in err


def test_bag_info_times_are_local_with_their_offset(filled, tmp_path):
    case = filled
    result = run_export(case, tmp_path / "b.zip")
    with zipfile.ZipFile(result.path) as zf:
        info = parse_bag_info(zf.read("bag-info.txt"))
    at = datetime.fromisoformat(str(info["Bagging-Time"]))
    assert at.utcoffset() == datetime.now(case.tz).utcoffset()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", str(info["Bagging-Time"]))
    assert info["Bagging-Date"] == at.date().isoformat()


def test_the_zh_and_en_bundles_of_one_case_carry_one_evidence_root(filled, tmp_path):
    zh = run_export(filled, tmp_path / "zh.zip", lang="zh")
    en = run_export(filled, tmp_path / "en.zip", lang="en")
    assert zh.evidence_root == en.evidence_root
    with zipfile.ZipFile(en.path) as zf:
        findings = json.loads(zf.read("data/case/case.json"))["findings"]
    assert all(f["title"] and f["en"]["title"] for f in findings)
