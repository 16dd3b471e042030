"""Exporting the bundle, checking it with standard tools, and opening it as a lawyer."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import bagit
import pytest

from evidence_logger import listing
from evidence_logger.bundle.opening import open_bundle
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.exporting import ExportError, run_export
from evidence_logger.paths import signing_key_file as key_file
from evidence_logger.rules import evaluate
from tests.fixtures.cases import fill
from tests.test_cli import run_cli


@pytest.fixture
def filled(case, tmp_path):
    return case, fill(case, tmp_path / "dump")


def unzip(path: Path, target: Path) -> Path:
    with zipfile.ZipFile(path) as zf:
        zf.extractall(target)
    return target


def test_a_bundle_that_standard_tools_verify(filled, tmp_path):
    case, _dump = filled
    result = run_export(case, tmp_path / "bundle.zip")
    # originals (with the MMS picture), case.json, CSVs, the dossier
    assert result.files == 9 + 1 + 7 + 1
    folder = unzip(result.path, tmp_path / "x")
    bagit.Bag(str(folder)).validate()
    if shutil.which("sha256sum"):
        for manifest in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
            assert subprocess.run(["sha256sum", "-c", "--quiet", manifest], cwd=folder,
                                  check=False).returncode == 0
    info = dict(line.split(": ", 1) for line in
                (folder / "bag-info.txt").read_text(encoding="utf-8").splitlines())
    assert info["External-Identifier"] == "测试案件" and info["Rule-Profile"] == "cn"
    assert info["Signing-Key-Fingerprint"] == result.fingerprint
    assert "HOW-TO-VERIFY.txt" in os.listdir(folder)
    assert "如何核验" in (folder / "HOW-TO-VERIFY.txt").read_text(encoding="utf-8")
    verdict = verify_bundle(result.path)
    assert verdict.status == "intact", verdict.to_json()


def test_originals_are_stored_byte_for_byte(filled, tmp_path):
    case, dump = filled
    result = run_export(case, tmp_path / "bundle.zip")
    with zipfile.ZipFile(result.path) as zf:
        originals = {i.filename: i for i in zf.infolist()
                     if i.filename.startswith("data/originals/")}
        for name in ("calls", "miui", "huawei", "shot"):
            digest = hashlib.sha256(dump[name].read_bytes()).hexdigest()
            (entry,) = [i for n, i in originals.items() if digest[:12] in n]
            assert entry.compress_type == zipfile.ZIP_STORED
            assert zf.read(entry) == dump[name].read_bytes()
            assert dump[name].name in entry.filename


def test_the_same_case_gives_the_same_payload_manifest(filled, tmp_path):
    case, _ = filled
    first = run_export(case, tmp_path / "a.zip")
    second = run_export(case, tmp_path / "b.zip")
    # the dossier names the time it was made and the custody head (which each export moves),
    # so it differs; every other payload line, and so the evidence root, is the same
    assert first.evidence_root == second.evidence_root

    def evidence_lines(bundle: zipfile.ZipFile) -> list[bytes]:
        lines = bundle.read("manifest-sha256.txt").splitlines()
        assert any(b"  data/report/dossier.pdf" in line for line in lines)
        return [line for line in lines if b"  data/report/" not in line]

    with zipfile.ZipFile(first.path) as a, zipfile.ZipFile(second.path) as b:
        assert evidence_lines(a) == evidence_lines(b)
    exports = [json.loads(d) for (d,) in case.db.execute(
        "SELECT detail FROM custody WHERE action = 'export'")]
    assert [e["evidence_root"] for e in exports] == [first.evidence_root] * 2


def test_the_signing_key_stays_home(filled, tmp_path):
    case, _ = filled
    result = run_export(case, tmp_path / "bundle.zip")
    assert key_file().exists() and oct(key_file().stat().st_mode & 0o777) == "0o600"
    secret = key_file().read_bytes()
    with zipfile.ZipFile(result.path) as zf:
        assert all(b"PRIVATE KEY" not in zf.read(n) and secret not in zf.read(n)
                   for n in zf.namelist())
    assert run_export(case, tmp_path / "again.zip").fingerprint == result.fingerprint


def test_redaction_masks_third_parties_and_withholds_their_files(filled, tmp_path):
    case, dump = filled
    result = run_export(case, tmp_path / "bundle.zip", redact=True)
    assert result.withheld == 1
    with zipfile.ZipFile(result.path) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
        document = json.loads(zf.read("data/case/case.json"))
    assert b"13800138000" not in everything
    custody_log = json.loads(zipfile.ZipFile(result.path).read("custody-log.json"))
    assert any(e.get("redacted") for e in custody_log["entries"])
    assert b"138****8000" in everything
    withheld = hashlib.sha256(dump["mum_calls"].read_bytes()).hexdigest()
    assert document["redaction"]["withheld"] == [withheld]
    (row,) = [e for e in document["evidence"] if e["sha256"] == withheld]
    assert row["path"] is None and row["size"] == dump["mum_calls"].stat().st_size
    assert verify_bundle(result.path).status == "intact"


def test_an_encrypted_bundle(filled, tmp_path):
    case, _ = filled
    result = run_export(case, tmp_path / "secret.zip", password="正确的密码 1")
    with zipfile.ZipFile(result.path) as zf, pytest.raises(RuntimeError):
        zf.read("bagit.txt")  # stdlib zipfile cannot read AES entries without the password
    assert verify_bundle(result.path).status == "invalid"
    assert verify_bundle(result.path, password="正确的密码 1".encode()).status == "intact"
    opened = open_bundle(result.path, tmp_path / "lawyer", password="正确的密码 1")
    assert opened.bundle_status == "intact"
    opened.close()


def test_export_refuses_an_original_changed_on_disk(filled, tmp_path):
    case, dump = filled
    digest = hashlib.sha256(dump["miui"].read_bytes()).hexdigest()
    stored = case.vault.path(digest)
    os.chmod(stored, 0o644)
    stored.write_bytes(b"tampered" + stored.read_bytes()[8:])
    with pytest.raises(ExportError, match=digest):
        run_export(case, tmp_path / "bundle.zip")
    assert not list(tmp_path.glob("*bundle.zip*"))


def test_export_then_open_gives_the_same_events_and_findings(filled, tmp_path):
    case, _ = filled
    result = run_export(case, tmp_path / "bundle.zip")
    lawyer = open_bundle(result.path, tmp_path / "lawyer")
    with lawyer:
        assert lawyer.read_only_bundle and lawyer.bundle_status == "intact"
        assert list(listing.events(lawyer)) == list(listing.events(case))
        assert [f.to_json("en") for f in evaluate(lawyer)] == \
            [f.to_json("en") for f in evaluate(case)]
        assert lawyer.missing_originals() == []
        assert sorted(e["sha256"] for e in listing.evidence(lawyer)) == \
            sorted(e["sha256"] for e in listing.evidence(case))
        assert (lawyer.folder / "bundle" / "HOW-TO-VERIFY.txt").exists()


def test_an_opened_case_refuses_changes(filled, tmp_path, capsys):
    case, dump = filled
    result = run_export(case, tmp_path / "bundle.zip")
    folder = tmp_path / "lawyer"
    code, out, err = run_cli(capsys, "open", result.path, "--to", folder)
    assert code == 0 and "read-only" in out
    for args in (["import", dump["sms"]], ["party", "set", "17100000001", "--role", "unknown"],
                 ["debt", "add", "--platform", "x", "--principal", "1", "--annual-rate", "1"],
                 ["rules", "set", "cn.daily-calls.max_calls", "9"]):
        code, _, err = run_cli(capsys, "--case", folder, *args)
        assert code == 1 and "opened from a bundle" in err
    code, out, _ = run_cli(capsys, "--case", folder, "findings")
    assert code == 0 and "Too many collection calls" in out


def test_cli_export_and_verify(filled, tmp_path, capsys, monkeypatch):
    case, _ = filled
    out = tmp_path / "bundle.zip"
    code, text, err = run_cli(capsys, "--case", case.folder, "export", "--out", out,
                              "--lang", "en")
    assert code == 0 and out.exists(), err
    code, text, _ = run_cli(capsys, "verify", out, "--json")
    assert code == 0 and json.loads(text)["ok"] is True
    monkeypatch.setenv("EVIDENCE_LOGGER_PASSWORD", "pw-123")
    code, _, err = run_cli(capsys, "--case", case.folder, "export", "--out",
                           tmp_path / "secret.zip", "--password")
    assert code == 0, err
    code, text, _ = run_cli(capsys, "verify", tmp_path / "secret.zip")
    assert code == 0 and "intact" in text


def test_cli_verify_exit_codes(filled, tmp_path, capsys, monkeypatch):
    case, _ = filled
    out = run_export(case, tmp_path / "bundle.zip").path
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(altered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "data/case/events.csv":
                data = data.replace(b"missed", b"answered", 1)
            dst.writestr(info, data)
    code, text, _ = run_cli(capsys, "verify", altered, "--json")
    verdict = json.loads(text)
    assert code == 1 and verdict["ok"] is False
    assert {"path": "data/case/events.csv", "problem": "modified"} in verdict["problems"]
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip")
    code, _, _ = run_cli(capsys, "verify", junk)
    assert code == 2
    secret = run_export(case, tmp_path / "secret.zip", password="pw").path
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))  # none typed
    code, _, err = run_cli(capsys, "verify", secret)
    assert code == 2 and "password" in err.lower()
