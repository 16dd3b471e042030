from __future__ import annotations

import pytest

from evidence_logger.case import Case
from evidence_logger.exporting import run_export
from evidence_logger.gui.pages.evidence import EvidencePage
from tests.bundle.test_damaged import flip, member
from tests.gui.helpers import wait_idle
from tests.test_import_preview import phone_folder
from evidence_logger.importing import run

pytestmark = pytest.mark.gui
OUT = "/tmp/shots-intake"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_shots(window, filled_folder, tmp_path, qtbot, lang):
    window.set_language(lang)
    window.resize(1366, 768)
    with Case.open(filled_folder) as case:
        bundle = run_export(case, tmp_path / "bundle.zip").path
    target = member(bundle, ".mp3")
    damaged = flip(flip(bundle, target, at=40), member(bundle, "data/case/events.csv"))
    window.cases.open_bundle(damaged)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.session.case is not None, timeout=30_000)
    window.show_page(EvidencePage)
    qtbot.wait(200)
    window.grab().save(f"{OUT}/bundle-damaged-{lang}.png")
    window.session.close()
    window.cases.open_bundle(bundle)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.session.case is not None, timeout=30_000)
    window.nav.setCurrentRow(0)
    qtbot.wait(200)
    window.grab().save(f"{OUT}/bundle-intact-{lang}.png")
    window.session.close()
    with Case.create(tmp_path / "sample", name="示例", timezone="Asia/Shanghai") as case:
        case.set_info("sample", "1")
    window.session.open(tmp_path / "sample")
    qtbot.wait(200)
    window.grab().save(f"{OUT}/sample-{lang}.png")
    window.session.close()
    window.session.create(tmp_path / "case", name="mine", timezone="Asia/Shanghai",
                          profile="cn")
    me, files = phone_folder(tmp_path / "p")
    run(window.session.case, [files["calls"]])
    window.imports.start([me], ask_owner=False, look_first=True)
    qtbot.waitUntil(lambda: window.imports.preview_dialog is not None, timeout=30_000)
    dialog = window.imports.preview_dialog
    qtbot.wait(200)
    dialog.grab().save(f"{OUT}/preview-{lang}.png")
    for name in ("unknown",):
        pass
    dialog.set_chosen(files["photo"], True)
    dialog.accept()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.imports.summary is not None, timeout=30_000)
    qtbot.wait(200)
    window.imports.summary.grab().save(f"{OUT}/summary-{lang}.png")
    window.imports.summary.accept()
