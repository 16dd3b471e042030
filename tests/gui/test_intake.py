"""Issue 15's items 5, 6 and 9 in the window: the look before a folder is imported, the next
step after an import, the sample case's banner and refusals, a damaged bundle opened."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from evidence_logger.case import Case
from evidence_logger.exporting import run_export
from evidence_logger.gui.models.evidence import EvidenceModel
from evidence_logger.gui.pages.evidence import EvidencePage
from evidence_logger.gui.pages.parties import PartiesPage
from tests.bundle.test_damaged import flip, member
from tests.gui.helpers import wait_idle
from tests.test_import_preview import phone_folder

pytestmark = pytest.mark.gui


def test_a_folder_is_looked_at_first_and_only_the_ticked_files_go_in(window, tmp_path, qtbot):
    window.session.create(tmp_path / "case", name="mine", timezone="Asia/Shanghai",
                          profile="cn")
    me, files = phone_folder(tmp_path)
    window.imports.start([me], ask_owner=False, look_first=True)
    qtbot.waitUntil(lambda: window.imports.preview_dialog is not None, timeout=30_000)
    dialog = window.imports.preview_dialog
    chosen = dialog.chosen()
    assert files["photo"] not in chosen and files["contract"] in chosen
    assert files["unknown"] not in chosen
    dialog.set_chosen(files["video"], False)
    assert files["video"] not in dialog.chosen()
    assert dialog.tree.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    dialog.accept()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.imports.summary is not None, timeout=30_000)
    names = {row[0] for row in window.session.case.db.execute("SELECT name FROM evidence")}
    assert "借款合同.pdf" in names
    assert files["photo"].name not in names and files["video"].name not in names
    summary = window.imports.summary
    assert summary.problems.wordWrap()
    assert summary.problems.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert summary.next_step.isVisible()
    summary.next_step.click()
    assert window.page_stack.currentWidget() is window.page(PartiesPage)


def test_the_sample_case_has_a_banner_and_refuses_imports(window, tmp_path, qtbot, monkeypatch):
    with Case.create(tmp_path / "sample", name="示例", timezone="Asia/Shanghai") as case:
        case.set_info("sample", "1")
    window.session.open(tmp_path / "sample")
    assert window.case_banner.isVisible() and window.case_banner.new_case.isVisible()
    assert "sample case" in window.banner.text()
    assert not window.act_import.isEnabled()
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: said.append(args[2]))
    photo = tmp_path / "real.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    window.handle_drop([photo])
    assert said and "sample case" in said[0]
    assert not window.page(PartiesPage).editor.isEnabled()
    asked = []
    window.case_banner.new_case_requested.disconnect()
    window.case_banner.new_case_requested.connect(lambda: asked.append(True))
    window.case_banner.new_case.click()
    assert asked


def test_a_damaged_bundle_opens_with_the_damaged_files_marked(window, filled_folder, tmp_path,
                                                               qtbot):
    with Case.open(filled_folder) as case:
        bundle = run_export(case, tmp_path / "bundle.zip").path
    target = member(bundle, ".mp3")
    damaged = flip(flip(bundle, target, at=40), member(bundle, "data/case/events.csv"))
    window.cases.open_bundle(damaged)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.session.case is not None, timeout=30_000)
    text = window.banner.text()
    assert window.banner.property("level") == "error"
    assert text.count(target) == 1 and "fingerprint" in text and "manifest" not in text
    assert "Bad CRC" not in text
    assert not window.act_import.isVisible() and not window.act_export.isVisible()
    export_row = next(i for i in range(window.nav.count())
                      if window.nav.item(i).text() == "Export")
    assert window.nav.item(export_row).isHidden()
    page = window.page(EvidencePage)
    model: EvidenceModel = page.model
    rows = [model.original(i) for i in range(model.rowCount())]
    altered = [r for r in rows if model.is_altered(r)]
    assert len(altered) == 1 and target.endswith(altered[0]["name"])
    row = rows.index(altered[0])
    shown = model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)
    assert "ALTERED" in shown
    page.select(altered[0]["sha256"])
    assert "damaged or changed" in page.media_message.text()


def test_an_intact_bundle_shows_its_overview_and_fingerprint(window, filled_folder, tmp_path,
                                                             qtbot):
    with Case.open(filled_folder) as case:
        bundle = run_export(case, tmp_path / "bundle.zip").path
    window.cases.open_bundle(bundle)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.session.case is not None, timeout=30_000)
    text = window.banner.text()
    assert "exactly as it was exported" in text and "fingerprint" in text
    assert "Events from" in text and "Exported" in text
    assert window.case_banner.dossier.isVisible()
    with zipfile.ZipFile(bundle) as zf:
        assert "data/report/dossier.pdf" in zf.namelist()


def test_a_large_export_imported_in_the_window_is_read_by_a_second_process(window, tmp_path,
                                                                          qtbot, monkeypatch):
    """A call log over reading_process.PROCESS_FROM, imported in the window: read by a second
    process while the window stays live, every call in the case, the summary shown."""
    from evidence_logger import reading_process
    from tests.packaging.installed import large_call_log

    children = []
    received = reading_process._received

    def watched(child, receive, name):
        children.append(child)
        return received(child, receive, name)

    monkeypatch.setattr(reading_process, "_received", watched)
    monkeypatch.setattr(reading_process, "_cpus", lambda: 2)  # a one-CPU test machine too
    xml = tmp_path / "calls-large.xml"
    calls = large_call_log(xml)
    window.session.create(tmp_path / "case", name="mine", timezone="Asia/Shanghai",
                          profile="cn")
    window.imports.start([xml], ask_owner=False)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.imports.summary is not None, timeout=60_000)
    count = window.session.case.db.execute("SELECT count(*) FROM events").fetchone()[0]
    assert count == len(calls)
    assert len(children) == 1 and not children[0].is_alive()
    assert window.session.case.db.execute(  # written without it (shuffled), built again
        "SELECT count(*) FROM sqlite_master WHERE name = 'events_at'").fetchone()[0] == 1
