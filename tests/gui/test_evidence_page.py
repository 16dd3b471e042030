"""The Evidence page: the originals' table and model, the detail pane, the player and the image."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from evidence_logger.gui.models.evidence import SHA_ROLE, EvidenceModel, human_size
from evidence_logger.gui.pages.evidence import IMAGE, MESSAGE, PLAYER, EvidencePage
from evidence_logger.gui.pages.timeline import TimelinePage


def page_of(window) -> EvidencePage:
    page = window.show_page(EvidencePage)
    assert isinstance(page, EvidencePage)
    return page


def sha_of(page: EvidencePage, kind: str, fmt: str = "") -> str:
    return next(r["sha256"] for r in page.model._all
                if r["kind"] == kind and (not fmt or r["format"] == fmt))


def test_model_passes_qtmodeltester(qtmodeltester, filled_window):
    model = EvidenceModel()
    model.load(filled_window.session.case)
    assert model.rowCount() == 9
    qtmodeltester.check(model)
    model.set_filter("recording", "")
    qtmodeltester.check(model)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_model_filters_and_sorts(filled_window):
    model = EvidenceModel()
    model.load(filled_window.session.case)
    model.set_filter("recording", "")
    assert model.rowCount() == 3
    model.set_filter("", "催收")
    assert [model.original(r)["format"] for r in range(model.rowCount())] == ["m4a"]
    model.set_filter()
    model.sort(3, Qt.SortOrder.AscendingOrder)
    sizes = [model.original(r)["size"] for r in range(model.rowCount())]
    assert sizes == sorted(sizes)
    assert model.data(model.index(0, 0), SHA_ROLE) == model.original(0)["sha256"]
    assert human_size(6471) == "6.3 KB" and human_size(79) == "79 B"


def test_empty_state_without_originals(window, tmp_path):
    window.session.create(tmp_path / "empty", name="空", timezone="Asia/Shanghai", profile="cn")
    page = page_of(window)
    assert page.stack.currentWidget() is page.empty
    assert "Drag the files from your phone" in page.empty.text()


def test_selecting_an_original_shows_its_hash_and_time_source(filled_window, qtbot):
    page = page_of(filled_window)
    sha = sha_of(page, "image", "png")
    page.select(sha)
    assert page.detail.sha_edit.text() == sha
    assert "EXIF" in page.detail.values["time_source"].text()
    assert "strong" in page.detail.values["time_source"].text()
    page.detail.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == sha
    assert page.media.currentIndex() == IMAGE
    assert not page.image.item.pixmap().isNull()


def test_select_from_the_findings_page_clears_hiding_filters(filled_window):
    page = page_of(filled_window)
    page.kind.setCurrentIndex(page.kind.findData("call-log"))
    sha = sha_of(page, "recording", "mp3")
    assert page.model.row_of(sha) < 0
    filled_window.show_page(TimelinePage)
    filled_window._show_evidence(sha)  # what a click on the findings page does
    assert filled_window.page_stack.currentWidget() is page
    assert page.current_sha() == sha


def test_show_in_timeline_emits_the_events(filled_window, qtbot):
    page = page_of(filled_window)
    sha = sha_of(page, "recording", "mp3")
    page.select(sha)
    assert page.detail.timeline_button.isEnabled()
    with qtbot.waitSignal(page.events_requested) as emitted:
        page.detail.timeline_button.click()
    assert emitted.args[0] == page.model.events_of(sha) and emitted.args[0]
    timeline = filled_window.page(TimelinePage)
    assert filled_window.page_stack.currentWidget() is timeline
    assert timeline.model.rowCount() == len(emitted.args[0])


def test_mms_part_links_to_its_message_file(filled_window):
    page = page_of(filled_window)
    part = next(r for r in page.model._all if r.get("parent_sha256"))
    page.select(part["sha256"])
    assert "sms-" in page.detail.values["parent"].text()
    page.detail.original_requested.emit(part["parent_sha256"])
    assert page.current_sha() == part["parent_sha256"]
    assert page.media.currentIndex() == MESSAGE


@pytest.mark.parametrize("fmt", ["mp3", "amr-nb"])
def test_player_loads_a_recording_and_draws_its_waveform(filled_window, qtbot, fmt):
    page = page_of(filled_window)
    sha = sha_of(page, "recording", fmt)
    page.select(sha)
    assert page.media.currentIndex() == PLAYER
    vault = filled_window.session.case.vault.path(sha)
    before = vault.read_bytes()
    if page.player.player is not None:
        assert page.player.source().toLocalFile() == str(vault)
    qtbot.waitUntil(lambda: page.player.waveform.peaks is not None, timeout=20_000)
    peaks = page.player.waveform.peaks
    assert peaks is not None and len(peaks) > 100
    page.player.toggle()
    page.player.toggle()
    assert vault.read_bytes() == before


def test_image_zoom(filled_window, qtbot):
    page = page_of(filled_window)
    page.select(sha_of(page, "image"))
    view = page.image
    view.actual_button.click()
    assert view.scale == 1.0
    view.zoom_in.click()
    assert view.scale == pytest.approx(1.25)
    view.zoom_out.click()
    view.zoom_out.click()
    assert view.scale == pytest.approx(0.8)
    view.fit_button.click()
    assert view.fitting


def test_language_switch_retranslates(filled_window):
    page = page_of(filled_window)
    page.select(sha_of(page, "recording", "mp3"))
    filled_window.set_language("zh_CN")
    assert page.detail.timeline_button.text() == "在时间线中显示"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "证据名称"
    filled_window.set_language("en")
    assert page.detail.timeline_button.text() == "Show in timeline"


def test_the_page_is_built_ahead_in_two_pieces(window, filled_folder):
    """Built ahead once the findings are in, the evidence page's preview panes (player,
    transcript, picture) come in a step of their own: no step holds the window long."""
    from evidence_logger.gui.pages import PAGES

    window.session.open(filled_folder)
    window._prebuild.stop()  # the steps one by one, here
    window._prebuild.timeout.disconnect()
    index = next(i for i, spec in enumerate(PAGES) if spec.name == "EvidencePage")
    steps = 0
    while window.pages[index] is None:
        window._build_next_page()
        steps += 1
        assert steps <= len(PAGES) * 2
    page = window.pages[index]
    assert isinstance(page, EvidencePage)
    assert page._panes is None and page.media.count() == 1  # the first piece alone, first
    window._build_next_page()
    assert page._panes is not None and page.media.count() == 4  # then the second
    assert not page.build_rest()


def test_a_page_shown_before_its_second_piece_builds_it_then(window, tmp_path):
    from evidence_logger.gui.session import Session

    page = EvidencePage(Session())
    assert page._panes is None and page.media.count() == 1
    page.retranslate()  # the panes not built: nothing of them to translate
    assert page.player is page.listening.player  # asking for a pane builds them
    assert page.media.count() == 4 and page._panes is not None
    page.deleteLater()
