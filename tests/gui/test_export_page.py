"""The export page: a bundle that verifies intact, the PDF report, cancel leaves nothing,
redaction reaches the bundle, errors as sentences, and export of a case opened from a bundle."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from evidence_logger.bundle import export as exporter
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.gui.pages.export import ExportPage

TIMEOUT = 60_000


def _page(window, out: Path, *, bundle: bool = True, report: bool = False) -> ExportPage:
    page = window.show_page(ExportPage)
    assert isinstance(page, ExportPage)
    page.make_bundle.setChecked(bundle)
    page.make_report.setChecked(report)
    page.output.setText(str(out))
    return page


def _export(page: ExportPage, qtbot) -> Any:  # an ExportOutcome, an exception or None
    with qtbot.waitSignal(page.finished, timeout=TIMEOUT) as blocker:
        assert page.start_export()
    return blocker.args[0]


def test_default_output_is_in_documents(filled_window):
    page = filled_window.page(ExportPage)
    assert page.runner is filled_window.runner
    assert Path(page.output.text()).name.startswith("测试案件-")


def test_export_a_bundle_that_verifies_intact(filled_window, qtbot, tmp_path, monkeypatch):
    page = _page(filled_window, tmp_path / "out" / "case")
    outcome = _export(page, qtbot)
    bundle = tmp_path / "out" / "case.zip"
    assert outcome.bundle.path == bundle and outcome.report is None
    assert verify_bundle(bundle).status == "intact"
    assert str(bundle) in page.result.text() and outcome.bundle.fingerprint in page.result.text()
    assert page.show_folder.isVisible() and not page.open_report.isVisible()
    opened: list[str] = []
    monkeypatch.setattr("evidence_logger.gui.pages.export.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    page.show_folder.click()
    assert opened == [str(tmp_path / "out")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["case.zip"]


def test_export_the_pdf_report(filled_window, qtbot, tmp_path, monkeypatch):
    page = _page(filled_window, tmp_path / "dossier.pdf", bundle=False, report=True)
    page.english.setChecked(True)
    outcome = _export(page, qtbot)
    report = tmp_path / "dossier.pdf"
    assert outcome.report == report and outcome.bundle is None
    assert report.read_bytes().startswith(b"%PDF")
    opened: list[str] = []
    monkeypatch.setattr("evidence_logger.gui.pages.export.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    page.open_report.click()
    assert opened == [str(report)]


def test_cancel_leaves_no_file(filled_window, qtbot, tmp_path, monkeypatch):
    real = exporter.export_case
    gate = threading.Event()

    def held(*args, **kwargs):
        job = real(*args, **kwargs)
        yield next(job)
        gate.wait(10)
        return (yield from job)

    monkeypatch.setattr(exporter, "export_case", held)
    out = tmp_path / "out"
    out.mkdir()
    page = _page(filled_window, out / "case", report=True)
    with qtbot.waitSignal(page.finished, timeout=TIMEOUT) as blocker:
        page.start_export()
        filled_window.runner.cancel()
        gate.set()
    assert blocker.args == [None]
    assert list(out.iterdir()) == []
    assert "cancelled" in page.error.text()


def test_redaction_reaches_the_bundle(filled_window, qtbot, tmp_path):
    page = _page(filled_window, tmp_path / "redacted")
    page.redact.setChecked(True)
    outcome = _export(page, qtbot)
    with zipfile.ZipFile(outcome.bundle.path) as zf:
        info = zf.read("bag-info.txt").decode()
    assert "Redacted-Third-Parties: yes" in info


def test_passwords_must_match(filled_window, tmp_path):
    page = _page(filled_window, tmp_path / "locked")
    page.password.setText("secret")
    page.confirm.setText("secreT")
    assert not page.start_export()
    assert page.error.text() == "The two passwords are not the same."
    assert not filled_window.runner.running


def test_a_disk_error_is_one_sentence(filled_window, qtbot, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
        yield

    monkeypatch.setattr(exporter, "export_case", full)
    page = _page(filled_window, tmp_path / "full")
    error = _export(page, qtbot)
    assert isinstance(error, OSError)
    assert page.error.text().startswith("The export could not be written: No space left")


@pytest.mark.slow
def test_a_case_opened_from_a_bundle_can_be_exported_again(filled_window, qtbot, tmp_path):
    from evidence_logger.bundle.opening import open_bundle

    page = _page(filled_window, tmp_path / "first")
    first = _export(page, qtbot).bundle.path
    open_bundle(first, tmp_path / "opened").close()
    filled_window.session.open(tmp_path / "opened")
    assert filled_window.session.read_only
    page = _page(filled_window, tmp_path / "again", report=True)
    outcome = _export(page, qtbot)
    assert verify_bundle(outcome.bundle.path).status == "intact"
    assert outcome.report.is_file()
