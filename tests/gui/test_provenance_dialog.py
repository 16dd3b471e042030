"""The provenance dialog (phones, exports, the declaration's details) and the export page's
submission bundle."""

from __future__ import annotations

import json
import zipfile

from evidence_logger import provenance
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.gui.pages.export import ExportPage
from evidence_logger.gui.provenance_dialog import ProvenanceDialog
from tests.gui.test_export_page import _export, _page


def test_the_dialog_adds_phones_and_exports_and_says_what_is_wrong(filled_window, qtbot):
    changes: list[bool] = []
    filled_window.session.changed.connect(lambda: changes.append(True))
    dialog = ProvenanceDialog(filled_window, filled_window.session)
    qtbot.addWidget(dialog)
    assert filled_window.act_provenance.isEnabled()
    dialog.add_export.click()
    assert "Add the phone first" in dialog.error.text()
    dialog.label.setText("my phone")
    dialog.make.setText("Xiaomi")
    dialog.model.setText("Redmi 12")
    dialog.number.setText("13900000000")
    dialog.add_device.click()
    assert dialog.devices.rowCount() == 1 and dialog.label.text() == "" and changes
    dialog.label.setText("my phone")
    dialog.add_device.click()
    assert "already a phone named my phone" in dialog.error.text()
    dialog.method.setText("SMS Backup & Restore, USB")
    dialog.made_at.setText("2026-03-20 21:30")
    dialog.made_by.setText("李明")
    dialog.files.setText("*.xml")
    dialog.add_export.click()
    assert dialog.error.text() == "" and dialog.exports.rowCount() == 1
    covered = dialog.exports.item(0, 5)
    assert covered is not None and int(covered.text()) >= 1  # the imported XML files
    dialog.declarant.setText("李明")
    dialog.kept.setText("at home")
    dialog.save_statement.click()
    prov = provenance.gather(filled_window.session.case.db)
    assert prov.declarant == "李明" and prov.phones_kept == "at home"
    assert prov.extractions[0]["made_at"] == "2026-03-20T21:30"
    dialog.exports.selectRow(0)
    dialog.remove_export.click()
    assert dialog.exports.rowCount() == 0


def test_the_export_page_makes_a_submission_bundle(filled_window, qtbot, tmp_path):
    page = _page(filled_window, tmp_path / "sub")
    assert isinstance(page, ExportPage)
    page.submission.setChecked(True)
    assert not page.redact.isEnabled()
    outcome = _export(page, qtbot)
    assert verify_bundle(outcome.bundle.path).ok and outcome.bundle.withheld > 0
    with zipfile.ZipFile(outcome.bundle.path) as zf:
        info = zf.read("bag-info.txt").decode()
        document = json.loads(zf.read("data/case/case.json"))
    assert "Bundle-Kind: submission" in info and document["redaction"]["submission"]
    page.submission.setChecked(False)
    assert page.redact.isEnabled()
