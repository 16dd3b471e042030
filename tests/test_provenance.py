"""Where the evidence came from: phones and exports entered by the borrower (core and command
line), tied to the originals and the custody log, carried through a bundle."""

from __future__ import annotations

import json

import pytest

from evidence_logger import custody, provenance
from evidence_logger.bundle.opening import open_bundle
from evidence_logger.exporting import run_export
from evidence_logger.provenance import ProvenanceError
from tests.fixtures.cases import MUM, fill
from tests.test_cli import run_cli, run_json


@pytest.fixture
def described(case, tmp_path):
    fill(case, tmp_path / "dump")
    mine = provenance.add_device(case.db, label="my phone", make="Xiaomi", model="Redmi 12",
                                 number="13900000000", owner_name="李明")
    mum = provenance.add_device(case.db, label="mum's phone", owner=MUM, owner_name="妈妈")
    provenance.add_extraction(case.db, device=mine, method="SBR XML, USB", made_at="2026-03-20",
                              made_by="李明", files="*.xml")
    provenance.add_extraction(case.db, device="my phone", method="USB copy",
                              made_at="2026-03-20 21:30", made_by="李明")
    provenance.add_extraction(case.db, device=mum, method="HiSuite", made_by="李明")
    provenance.set_statement(case.db, declarant="李明", phones_kept="kept at home")
    return case


def test_each_original_is_tied_to_its_phone_and_export_with_the_custody_logs_time(described):
    prov = provenance.gather(described.db)
    assert [d["label"] for d in prov.devices] == ["my phone", "mum's phone"]
    assert prov.devices[1]["owner"] == MUM  # normalised as imports name the owner
    xml, catch_all, mum = prov.extractions
    assert xml["made_at"] == "2026-03-20" and catch_all["made_at"] == "2026-03-20T21:30"
    assert xml["originals"] and all(o["name"].endswith(".xml") for o in xml["originals"]
                                    if o["parent_sha256"] is None)
    assert any(o["parent_sha256"] for o in xml["originals"])  # an MMS picture: its message's
    assert catch_all["originals"] and not any(o["name"].endswith(".xml")
                                              for o in catch_all["originals"])
    assert mum["originals"] and all(o["owner"] == MUM for o in mum["originals"])
    assert not prov.unassigned
    imports = {json.loads(detail)["sha256"]: (seq, at) for seq, at, detail in described.db.execute(
        "SELECT seq, at_ms, detail FROM custody WHERE action = 'import'")}
    for original in xml["originals"]:
        if original["sha256"] in imports:  # an embedded picture has no import entry of its own
            assert (original["custody_seq"], original["imported_ms"]) == \
                imports[original["sha256"]]
    assert xml["custody_seqs"][0] <= xml["custody_seqs"][1]
    assert prov.declarant == "李明" and prov.phones_kept == "kept at home"
    assert custody.verify(described.db)[0] > 0
    actions = {a for (a,) in described.db.execute("SELECT action FROM custody")}
    assert {"device-added", "extraction-added", "provenance-statement"} <= actions


def test_mistakes_are_named_and_can_be_removed(described):
    with pytest.raises(ProvenanceError, match="already a phone named"):
        provenance.add_device(described.db, label="my phone")
    with pytest.raises(ProvenanceError, match="self or a phone number"):
        provenance.add_device(described.db, label="x", owner="nobody")
    with pytest.raises(ProvenanceError, match="No phone is named"):
        provenance.add_extraction(described.db, device="nope", method="x")
    with pytest.raises(ProvenanceError, match="not a date"):
        provenance.add_extraction(described.db, device=1, method="x", made_at="20.3.2026")
    with pytest.raises(ProvenanceError, match="how the files"):
        provenance.add_extraction(described.db, device=1, method=" ")
    provenance.remove(described.db, "device", 1)  # its exports go with it
    prov = provenance.gather(described.db)
    assert [d["label"] for d in prov.devices] == ["mum's phone"]
    assert len(prov.extractions) == 1 and prov.unassigned
    with pytest.raises(ProvenanceError, match="no phone 1"):
        provenance.remove(described.db, "device", 1)


def test_a_bundle_carries_the_provenance_back_and_masks_a_third_partys_number(described,
                                                                            tmp_path):
    result = run_export(described, tmp_path / "b.zip")
    opened = open_bundle(result.path, tmp_path / "opened")
    with opened:
        again = provenance.gather(opened.db)
        before = provenance.gather(described.db)
        assert again.devices == before.devices
        assert [(e["method"], len(e["originals"])) for e in again.extractions] == \
            [(e["method"], len(e["originals"])) for e in before.extractions]
        assert again.declarant == "李明" and again.phones_kept == "kept at home"
    redacted = run_export(described, tmp_path / "r.zip", redact=True)
    opened = open_bundle(redacted.path, tmp_path / "r")
    with opened:
        owners = {d["owner"] for d in provenance.gather(opened.db).devices}
    assert MUM not in owners and "138****8000" in owners


def test_the_command_line_adds_lists_and_shows(described, capsys):
    folder = described.folder
    code, out, err = run_cli(capsys, "--case", folder, "device", "add", "work phone",
                             "--make", "Huawei", "--owner", "self")
    assert code == 0 and "Added phone 3" in out, err
    devices = run_json(capsys, "--case", folder, "device", "list", "--json")
    assert [d["label"] for d in devices][-1] == "work phone"
    code, out, _ = run_cli(capsys, "--case", folder, "provenance", "add", "--device",
                           "work phone", "--method", "USB", "--at", "2026-03-21",
                           "--files", "*.mp3")
    assert code == 0 and "Added export 4" in out
    shown = run_json(capsys, "--case", folder, "provenance", "show", "--json")
    assert shown["declarant"] == "李明" and len(shown["extractions"]) == 4
    code, out, _ = run_cli(capsys, "--case", folder, "provenance", "set", "--declarant", "李明明")
    assert code == 0
    code, out, _ = run_cli(capsys, "--case", folder, "provenance", "show")
    assert "Declarant: 李明明" in out and "work phone" in out
    code, _, err = run_cli(capsys, "--case", folder, "provenance", "add", "--device", "nope",
                           "--method", "x")
    assert code == 1 and "No phone is named nope" in err
    code, out, _ = run_cli(capsys, "--case", folder, "provenance", "remove", "4")
    assert code == 0 and "Removed export 4" in out
    code, out, _ = run_cli(capsys, "--case", folder, "device", "remove", "work phone")
    assert code == 0 and "Removed phone work phone" in out
