"""Screenshot readings (OCR) in the bundle: carried, verified, read back; a forged one refused."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evidence_logger import listing
from evidence_logger.bundle.opening import OpenError, open_bundle
from evidence_logger.bundle.readings import checked_readings
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.exporting import run_export
from evidence_logger.ocr.store import reading_of
from evidence_logger.rules import evaluate
from tests.bundle.bags import bag_info, make_key, public_pem, remanifest, resign, retag, write_zip
from tests.report.screens import ENGINE, read_chat

CASE_JSON = "data/case/case.json"


@pytest.fixture
def read_case(case, tmp_path):
    read_chat(case, tmp_path / "shots")
    return case


def _sha(case) -> str:
    return next(e["sha256"] for e in listing.evidence(case) if e["kind"] == "image")


def test_readings_travel_in_the_bundle_and_come_back_when_it_is_opened(read_case, tmp_path):
    case = read_case
    sha = _sha(case)
    result = run_export(case, tmp_path / "bundle.zip")
    assert result.files == 1 + 1 + 7 + 1  # the screenshot, case.json, CSVs, the dossier
    assert verify_bundle(result.path).status == "intact"
    with zipfile.ZipFile(result.path) as zf:
        document = json.loads(zf.read(CASE_JSON))
        table = zf.read("data/case/screenshot-text.csv").decode("utf-8-sig")
    (read,) = document["screen_reads"]
    assert read["sha256"] == sha and read["machine_read"] is True
    assert (read["engine"], read["model"]) == (ENGINE.engine, ENGINE.model)
    assert len(document["screen_lines"]) == 7
    assert "爆你通讯录，上门找你家人" in table and ENGINE.model in table
    lawyer = open_bundle(result.path, tmp_path / "lawyer")
    try:
        assert reading_of(lawyer.db, sha) == reading_of(case.db, sha)
        assert list(listing.events(lawyer)) == list(listing.events(case))
        assert [f.to_json("en") for f in evaluate(lawyer)] == \
            [f.to_json("en") for f in evaluate(case)]
    finally:
        lawyer.close()


def test_a_changed_line_of_text_is_caught_by_the_manifest(read_case, tmp_path):
    result = run_export(read_case, tmp_path / "bundle.zip")
    files = _files(result.path)
    files[CASE_JSON] = files[CASE_JSON].replace("爆你通讯录".encode(), "请你还钱啦".encode())
    verdict = verify_bundle(write_zip(tmp_path / "changed.zip", files))
    assert verdict.status == "altered"
    assert {(p.path, p.problem) for p in verdict.problems} >= {(CASE_JSON, "modified")}


def test_a_redacted_bundle_keeps_the_reading_of_the_borrowers_own_screenshot(read_case, tmp_path):
    from evidence_logger.parties import set_party

    set_party(read_case.db, "+8613900000001", "CN", role="third-party", relation="母亲")
    result = run_export(read_case, tmp_path / "bundle.zip", redact=True)
    document = json.loads(_files(result.path)[CASE_JSON])
    assert len(document["screen_reads"]) == 1  # the borrower's own screenshot stays


def _files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _forge(source: Path, out: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The bundle with ``change`` made to its case.json and signed again by another key: it
    verifies as intact (anyone can sign), so only opening's own checks stand in the way."""
    files = _files(source)
    document = json.loads(files[CASE_JSON])
    change(document)
    files[CASE_JSON] = json.dumps(document, ensure_ascii=False).encode()
    intruder = make_key("intruder")
    files["signing-key.pub"] = public_pem(intruder)
    remanifest(files)
    files["bag-info.txt"] = bag_info(files, intruder)
    return write_zip(out, resign(retag(files), intruder))


def _set(table: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document[table][0][key] = value
    return change


def _orphan_lines(document: dict[str, Any]) -> None:
    document["screen_lines"].append({**document["screen_lines"][0], "evidence_id": 99})


def _twice(document: dict[str, Any]) -> None:
    document["screen_lines"].append(dict(document["screen_lines"][0]))


FORGED = [
    ("huge-number", _set("screen_lines", "x1", 10**30), "x1 of screen_lines #1"),
    ("negative-line", _set("screen_lines", "line", -1), "line of screen_lines #1"),
    ("text-not-text", _set("screen_lines", "text", {"a": 1}), "text of screen_lines #1"),
    ("score-nan", _set("screen_lines", "score", "NaN"), "score of screen_lines #1"),
    ("score-bool", _set("screen_lines", "score", True), "score of screen_lines #1"),
    ("width-float", _set("screen_reads", "width", 1080.5), "width of screen_reads #1"),
    ("kind-unknown", _set("screen_reads", "kind", "novel"), "kind of screen_reads #1"),
    ("meta-list", _set("screen_reads", "meta", [1]), "meta of screen_reads #1"),
    ("sha-not-in-bundle", _set("screen_reads", "sha256", "ab" * 32), "not an original"),
    ("id-a-list", _set("screen_reads", "evidence_id", [1]), "evidence_id of screen_reads #1"),
    ("lines-of-no-reading", _orphan_lines, "a line of no reading"),
    ("line-twice", _twice, "given before"),
    ("reads-not-a-list", lambda d: d.update(screen_reads={"x": 1}), "screen_reads of case.json"),
]


@pytest.mark.parametrize(("change", "said"), [f[1:] for f in FORGED], ids=[f[0] for f in FORGED])
def test_a_forged_reading_is_refused_with_a_sentence(read_case, tmp_path, change, said):
    exported = run_export(read_case, tmp_path / "bundle.zip").path
    forged = _forge(exported, tmp_path / "forged.zip", change)
    assert verify_bundle(forged).status == "intact"
    with pytest.raises(OpenError) as refused:
        open_bundle(forged, tmp_path / "lawyer")
    assert said in refused.value.message("en")
    assert "malformed" in refused.value.message("en")
    assert not (tmp_path / "lawyer").exists()


def test_a_bundle_from_before_ocr_has_no_readings():
    assert checked_readings({"evidence": []}) == ([], [])
