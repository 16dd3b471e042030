"""The dossier inside every exported bundle, and the evidence root that ties the two."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from pypdf import PdfReader

from evidence_logger import evidence_root as root
from evidence_logger.bundle.bagfiles import parse_bag_info, parse_manifest
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.exporting import run_export
from evidence_logger.report.document import build_report
from tests.fixtures.cases import MUM, fill
from tests.report.pdf import fonts_of


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_every_bundle_holds_the_dossier_and_its_evidence_root(case, tmp_path):
    fill(case, tmp_path / "dump")
    result = run_export(case, tmp_path / "b.zip", lang="en")
    with zipfile.ZipFile(result.path) as bundle:
        pdf = bundle.read(root.REPORT_PATH)
        info = parse_bag_info(bundle.read("bag-info.txt"))
        lines = bundle.read("manifest-sha256.txt")
        entries, _ = parse_manifest(lines, "manifest-sha256.txt")
    assert root.REPORT_PATH in entries
    claimed = info[root.ROOT_LABEL]
    # by hand: grep -v '  data/report/' manifest-sha256.txt | sha256sum
    kept = b"".join(line for line in lines.splitlines(keepends=True)
                    if b"  data/report/" not in line)
    assert hashlib.sha256(kept).hexdigest() == claimed
    assert claimed == result.evidence_root == root.evidence_root(entries)
    assert root.evidence_root(entries) == root.evidence_root(
        {n: h for n, h in entries.items() if n != root.REPORT_PATH})  # the dossier is left out
    text = text_of(pdf)
    assert claimed in text and "Evidencedossier" in text and "Page1of" in text
    assert all(fonts_of(PdfReader(io.BytesIO(pdf))).values())
    verdict = verify_bundle(result.path)
    assert verdict.ok and verdict.info["evidence_root"] == claimed
    # the standalone report prints the root the export wrote (same case, same language)
    alone = PdfReader(build_report(case, tmp_path / "alone.pdf", lang="en"))
    assert claimed in re.sub(r"\s+", "", "".join(p.extract_text() for p in alone.pages))
    # one case, one evidence root, whatever the dossier's language (issue 14)
    zh = PdfReader(build_report(case, tmp_path / "zh.pdf", lang="zh"))
    assert claimed in re.sub(r"\s+", "", "".join(p.extract_text() for p in zh.pages))
    assert run_export(case, tmp_path / "zh.zip", lang="zh").evidence_root == claimed


def test_a_redacted_bundles_dossier_masks_third_parties(case, tmp_path):
    fill(case, tmp_path / "dump")
    plain = run_export(case, tmp_path / "plain.zip")
    with zipfile.ZipFile(plain.path) as bundle:
        assert MUM in text_of(bundle.read(root.REPORT_PATH))
    result = run_export(case, tmp_path / "r.zip", redact=True)
    with zipfile.ZipFile(result.path) as bundle:
        text = text_of(bundle.read(root.REPORT_PATH))
    assert MUM not in text and MUM[3:] not in text and "138****8000" in text
    assert result.evidence_root != plain.evidence_root
    assert result.evidence_root in text
