"""Import tokens kept in the case and carried by the bundle, the export token over the tag
manifest, and their offline check by ``verify`` and by OpenSSL."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from evidence_logger import custody
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.exporting import run_export
from evidence_logger.importing import run
from evidence_logger.trusted_time import bag, store
from tests.bundle.bags import write_zip
from tests.fixtures.cases import build_dump


def _import(case, tmp_path: Path):
    dump = build_dump(tmp_path / "dump")
    return run(case, [dump["calls"], dump["sms"], dump["shot"]]), dump


def test_an_import_is_stamped_once_and_recorded(case, tsa_on, tmp_path):
    report, dump = _import(case, tmp_path)
    outcome = report.timestamp
    assert outcome is not None and outcome.problem is None
    count = case.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    assert outcome.stamped == count and tsa_on.requests == 1
    kept = store.kept_tokens(case)
    assert len(kept) == 1 and kept[0].message == store.hash_list(
        [sha for (sha,) in case.db.execute("SELECT sha256 FROM evidence")])
    assert store.status(case).waiting == []
    actions = [a for (a,) in case.db.execute("SELECT action FROM custody ORDER BY seq")]
    assert actions[-1] == "timestamp" and custody.verify(case.db)[1] == []
    run(case, [dump["calls"]])  # nothing new: no request
    assert tsa_on.requests == 1


def test_offline_at_import_waits_then_retry_stamps(case, tsa_on, tmp_path):
    tsa_on.mode = "refuse"
    report, _ = _import(case, tmp_path)
    outcome = report.timestamp
    assert outcome is not None and outcome.problem is not None and outcome.waiting > 0
    assert store.kept_tokens(case) == [] and len(store.status(case).waiting) == outcome.waiting
    tsa_on.mode = "ok"
    again = store.stamp_waiting(case)
    from evidence_logger.tasks import drive

    assert drive(again).stamped == outcome.waiting  # type: ignore[union-attr]
    assert store.status(case).waiting == []


def test_a_bundle_carries_both_tokens_and_verify_checks_them(case, tsa_on, tmp_path):
    _import(case, tmp_path)
    result = run_export(case, tmp_path / "b.zip")
    assert result.timestamp is not None and result.timestamp.problem is None
    verdict = verify_bundle(tmp_path / "b.zip")
    assert verdict.ok, verdict.problems
    stamps = verdict.to_json()["timestamps"]
    assert [s["kind"] for s in stamps] == ["import", "export"]
    assert all(s["ok"] and s["tsa"] == "Test TSA" and s["time"].endswith("Z") for s in stamps)
    assert stamps[0]["in_bundle"] == stamps[0]["originals"] > 0
    folder = tmp_path / "out"
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        zf.extractall(folder)
        howto = zf.read("HOW-TO-VERIFY.txt").decode()
    assert "openssl ts -verify -in timestamps/import-0001.tsr" in howto
    for token, data, chain in [
            ("timestamps/import-0001.tsr", "timestamps/import-0001.sha256.txt",
             "timestamps/import-0001.chain.pem"),
            (bag.EXPORT_TOKEN, "tagmanifest-sha256.txt", bag.EXPORT_CHAIN)]:
        done = subprocess.run(["openssl", "ts", "-verify", "-in", token, "-data", data,
                               "-CAfile", chain], cwd=folder, capture_output=True, text=True)
        assert "Verification: OK" in done.stdout, done.stderr
    last = case.db.execute("SELECT detail FROM custody ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert '"timestamp":"20' in last


def test_a_changed_hash_list_or_export_token_is_altered(case, tsa_on, tmp_path):
    _import(case, tmp_path)
    run_export(case, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    token, other = files[bag.EXPORT_TOKEN], files["timestamps/import-0001.tsr"]
    write_zip(tmp_path / "c.zip", {**files, bag.EXPORT_TOKEN: other})
    verdict = verify_bundle(tmp_path / "c.zip")
    assert verdict.status == "altered"
    assert [(p.path, p.problem) for p in verdict.problems] == [
        (bag.EXPORT_TOKEN, "timestamp-mismatch")]
    assert "changed after the authority stamped it" in verdict.problems[0].message()
    assert token != other


def test_the_export_completes_without_a_token_and_says_so(case, tsa_on, tmp_path):
    _import(case, tmp_path)
    tsa_on.mode = "garbage"
    result = run_export(case, tmp_path / "b.zip")
    assert result.timestamp is not None and result.timestamp.files == {}
    assert "not a timestamp token" in result.timestamp.problem.message()  # type: ignore[union-attr]
    verdict = verify_bundle(tmp_path / "b.zip")
    assert verdict.ok and [s["kind"] for s in verdict.to_json()["timestamps"]] == ["import"]


def test_standard_tools_accept_the_stamped_bag(case, tsa_on, tmp_path):
    import bagit

    _import(case, tmp_path)
    run_export(case, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        zf.extractall(tmp_path / "out")
    bagit.Bag(str(tmp_path / "out")).validate()


def test_the_dossier_states_the_trusted_times(case, tsa_on, tmp_path):
    from pypdf import PdfReader

    from evidence_logger.report.document import build_report

    _import(case, tmp_path)
    kept = store.kept_tokens(case)[0]
    build_report(case, tmp_path / "d.pdf", lang="en")
    pages = [p.extract_text() for p in PdfReader(tmp_path / "d.pdf").pages]
    text = " ".join(" ".join(pages).split())
    assert f"{kept.iso_time} by Test TSA: {len(kept.hashes)} original(s)" in pages[0].replace(
        "\n", " ")
    assert "does not prove that their content is true" in text
    assert "openssl ts -verify" in text


def test_a_stamped_bundle_opens_as_a_case(case, tsa_on, tmp_path):
    from evidence_logger.bundle.opening import open_bundle

    _import(case, tmp_path)
    run_export(case, tmp_path / "b.zip")
    with open_bundle(tmp_path / "b.zip", tmp_path / "opened") as opened:
        assert opened.bundle_status == "intact"
        # its dossier lists the import tokens as the exported one does
        kept, there = store.kept_tokens(case), store.kept_tokens(opened)
        assert [(t.message, t.token, t.iso_time) for t in there] == [
            (t.message, t.token, t.iso_time) for t in kept] and kept
