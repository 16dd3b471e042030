"""Trusted time in the window: the settings dialog's box (off by default, saved at once,
refusing what cannot work) and the export page saying whether the bundle was stamped."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_logger.gui.pages.export import ExportPage
from evidence_logger.gui.settings_dialog import SettingsDialog
from evidence_logger.trusted_time import settings
from evidence_logger.trusted_time.authorities import AUTHORITIES
from tests.trusted_time.local_tsa import LocalTsa, openssl_present

TIMEOUT = 60_000


def _box(window, qtbot):
    dialog = SettingsDialog(window, window.settings, window.session)
    qtbot.addWidget(dialog)
    return dialog.trusted_time


def test_off_by_default_with_the_authorities_listed(window, qtbot):
    box = _box(window, qtbot)
    assert not box.enabled.isChecked() and not settings.load().active
    assert box.authority.count() == len(AUTHORITIES) + 1
    box.authority.setCurrentIndex(box.authority.findData("freetsa"))
    assert box.url.text() == "https://freetsa.org/tsr" and "free" in box.about.text()
    assert not settings.load().active  # choosing is not turning on


def test_a_bad_address_is_refused_and_stays_off(window, qtbot):
    box = _box(window, qtbot)
    box.authority.setCurrentIndex(box.authority.findData("other"))
    box.url.setText("ftp://nowhere")
    box.enabled.setChecked(True)
    assert "not the address" in box.message.text()
    assert not box.enabled.isChecked() and not settings.load().active


def test_turned_on_in_the_window_the_export_is_stamped(filled_window, qtbot, tmp_path):
    if not openssl_present():
        pytest.skip("needs the openssl command")
    with LocalTsa(tmp_path / "tsa") as tsa:
        box = _box(filled_window, qtbot)
        box.authority.setCurrentIndex(box.authority.findData("other"))
        box.url.setText(tsa.url)
        box.enabled.setChecked(True)
        assert "No root certificate" in box.message.text()
        assert box.set_ca_file(tsa.root) and box.message.text() == ""
        assert "Test Root CA" in box.ca.text()
        saved = settings.load()
        assert saved.active and saved.tsa == tsa.url and saved.ca_pem
        page = filled_window.show_page(ExportPage)
        page.make_bundle.setChecked(True)
        page.make_report.setChecked(False)
        page.output.setText(str(tmp_path / "out" / "case"))
        with qtbot.waitSignal(page.finished, timeout=TIMEOUT) as blocker:
            assert page.start_export()
        assert blocker.args[0].bundle.timestamp.files
        assert "Trusted timestamp of the export:" in page.result.text()
        assert "by Test TSA" in page.result.text()
        box.enabled.setChecked(False)
        assert not settings.load().active and settings.load().tsa == tsa.url


def test_the_export_page_says_when_nothing_was_stamped(filled_window, qtbot, tmp_path: Path):
    page = filled_window.show_page(ExportPage)
    page.make_bundle.setChecked(True)
    page.make_report.setChecked(False)
    page.output.setText(str(tmp_path / "case"))
    with qtbot.waitSignal(page.finished, timeout=TIMEOUT):
        assert page.start_export()
    assert "no trusted timestamp: trusted timestamps are off" in page.result.text()


def test_the_import_summary_says_what_waits(window, qtbot):
    from evidence_logger.gui.import_flow import SummaryDialog
    from evidence_logger.importing import ImportReport
    from evidence_logger.trusted_time.client import StampError
    from evidence_logger.trusted_time.store import StampOutcome

    problem = StampError("{tsa} did not answer within {seconds} seconds.", tsa="X", seconds=15)
    dialog = SummaryDialog(window, ImportReport(timestamp=StampOutcome(waiting=3,
                                                                        problem=problem)))
    qtbot.addWidget(dialog)
    assert "X did not answer within 15 seconds. 3 original(s) wait" in dialog.timestamp.text()
    dialog = SummaryDialog(window, ImportReport())
    qtbot.addWidget(dialog)
    assert dialog.timestamp.text() == ""


def test_the_waiting_originals_are_stamped_from_the_window(filled_window, qtbot, tmp_path):
    if not openssl_present():
        pytest.skip("needs the openssl command")
    box = _box(filled_window, qtbot)
    assert "have no trusted timestamp yet" in box.waiting.text()
    assert not box.stamp_now.isEnabled()  # off: nothing is asked
    with LocalTsa(tmp_path / "tsa") as tsa:
        box.authority.setCurrentIndex(box.authority.findData("other"))
        box.url.setText(tsa.url)
        box.enabled.setChecked(True)
        assert box.set_ca_file(tsa.root) and box.stamp_now.isEnabled()
        with qtbot.waitSignal(box.stamped, timeout=TIMEOUT) as blocker:
            box.stamp_now.click()
        assert blocker.args[0].problem is None and tsa.requests == 1
    assert "stamped by Test TSA" in box.message.text()
    assert box.waiting.text() == "Every original of this case has a trusted timestamp."
    assert not box.stamp_now.isEnabled()
