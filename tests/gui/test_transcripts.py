"""The window and recordings' transcripts: without a model the recording viewer says what one
gives (with a way to Settings); with one, a recording imported is transcribed in the background,
its transcript shown under the waveform, a click on a segment plays from there, the matched
words marked, a correction kept beside the machine's text; the search finds it by what was
said."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from evidence_logger.gui.pages.evidence import EvidencePage
from evidence_logger.gui.pages.timeline import TimelinePage
from evidence_logger.gui.transcript_view import TranscriptPanel
from evidence_logger.speech import models
from tests.gui.helpers import wait_idle
from tests.speech.voices import PLAIN, THREAT, speak, sphinx_model

COLLECTOR = "+12025550143"
NAME = "12025550143(12025550143)_20260302112000.wav"

TRANSCRIPT = {"machine_made": True, "source": "machine transcript", "engine": "pocketsphinx 5",
              "model": "en-test", "language": "en", "duration_ms": 6000, "made_at_ms": 0,
              "segments": [
                  {"seq": 1, "start_ms": 300, "end_ms": 1900, "text": "money money money",
                   "corrected": "pay the money", "corrected_at_ms": 1},
                  {"seq": 2, "start_ms": 3200, "end_ms": 4800, "text": "we will kill you",
                   "corrected": None, "corrected_at_ms": None}]}


def test_panel_marks_words_shows_both_texts_and_seeks(qtbot):
    panel = TranscriptPanel()
    qtbot.addWidget(panel)
    panel.show_transcript(TRANSCRIPT, {2: ["kill you"]})
    shown = panel.text.toHtml()
    assert "kill you</span>" in shown and "#b00020" in shown
    assert "money money money" in shown and "pay the money" in shown
    with qtbot.waitSignal(panel.seek_requested) as sought:
        panel._clicked(QUrl("seg:2"))
    assert sought.args == [3200] and panel.correct_button.isEnabled()
    panel.show_transcript(None, {}, "none")
    assert "No speech model is added" in panel.header.text()
    assert not panel.settings_button.isHidden() and panel.correct_button.isHidden()


@pytest.fixture
def case_window(window, tmp_path):
    window.session.create(tmp_path / "case", name="t", timezone="America/New_York",
                          profile="us")
    window.session.set_parties([COLLECTOR], role="collector", platform="QuickLoan")
    return window


def test_without_a_model_the_viewer_says_what_one_gives(case_window, tmp_path, qtbot):
    window = case_window
    (tmp_path / "in").mkdir()
    speak(tmp_path / "in" / NAME, [PLAIN])
    window.imports.show_summary = False
    window.imports.start([tmp_path / "in"], ask_owner=False)
    wait_idle(qtbot, window)
    assert not window.speech.runner.running and models.active() is None
    page = window.show_page(EvidencePage)
    (sha,) = [row for (row,) in window.session.case.db.execute(
        "SELECT sha256 FROM evidence WHERE kind = 'recording'")]
    page.select(sha)
    panel = page.listening.transcript
    qtbot.waitUntil(lambda: "No speech model is added" in panel.header.text())
    assert not panel.settings_button.isHidden()


def test_imported_recording_is_transcribed_and_corrected(case_window, tmp_path, qtbot):
    window = case_window
    models.add(sphinx_model(), name="en-test")
    (tmp_path / "in").mkdir()
    speak(tmp_path / "in" / NAME, [PLAIN, THREAT])
    window.imports.show_summary = False
    window.imports.start([tmp_path / "in"], ask_owner=False)
    wait_idle(qtbot, window)
    db = window.session.case.db
    # the outcome itself, not the runner's states: the transcription may wait its turn (behind
    # the findings' worker or a screenshot reading) on a busy machine
    qtbot.waitUntil(lambda: db.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 1,
                    timeout=120_000)
    qtbot.waitUntil(lambda: not window.speech.runner.running, timeout=60_000)
    page = window.show_page(EvidencePage)
    (sha,) = [row for (row,) in db.execute("SELECT sha256 FROM evidence WHERE kind = 'recording'")]
    page.select(sha)
    panel = page.listening.transcript
    qtbot.waitUntil(lambda: panel.transcript is not None, timeout=30_000)
    assert "pocketsphinx" in panel.header.text()
    qtbot.waitUntil(lambda: "kill you</span>" in panel.text.toHtml(),  # the words, marked
                    timeout=60_000)  # (once the findings' worker has them)
    panel.choose(1)
    panel.correct_requested.emit(1, "pay the money")
    qtbot.waitUntil(lambda: "pay the money" in panel.text.toHtml(), timeout=30_000)
    assert "money money money" in panel.text.toHtml()  # the machine's text stays
    page.search.setText("kill")
    page.apply_filter()
    assert page.model.rowCount() == 1 and page.found_segments == {sha: [2]}
    # the timeline's search finds the call by what was said, and by the borrower's correction
    timeline = window.show_page(TimelinePage)
    for words in ("KILL you", "pay the money"):
        timeline.search.setText(words)
        timeline.apply_filter()
        qtbot.waitUntil(lambda: timeline.model.rowCount() == 1, timeout=30_000)
    timeline.search.setText("nobody said this")
    timeline.apply_filter()
    assert timeline.model.rowCount() == 0
