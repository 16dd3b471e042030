"""A recording as the Evidence page shows it: the player with its waveform, and under it the
transcript (:class:`~evidence_logger.gui.transcript_view.TranscriptPanel`). A click on a segment
plays from its start; a correction goes through the session (a custody entry); words a finding
matched in a segment are marked.

Signals: ``settings_requested()`` (the panel's "Add a speech model…").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QSplitter, QVBoxLayout, QWidget

from evidence_logger.errors import UserFacingError
from evidence_logger.gui.player import RecordingPlayer
from evidence_logger.gui.session import Session
from evidence_logger.gui.transcript_view import TranscriptPanel
from evidence_logger.i18n import tr


class RecordingView(QWidget):
    settings_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.sha256 = ""
        self.flow: Any = None  # the window's SpeechFlow (says whether it is transcribing)
        self.player = RecordingPlayer()
        self.transcript = TranscriptPanel()
        self.transcript.seek_requested.connect(self.player.play_from)
        self.transcript.correct_requested.connect(self._correct)
        self.transcript.settings_requested.connect(self.settings_requested)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.player)
        split.addWidget(self.transcript)
        split.setSizes([180, 260])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(split)
        if hasattr(session, "findings_ready"):  # the marks follow the findings computed
            session.findings_ready.connect(self._findings_ready)

    def _findings_ready(self, *_: Any) -> None:
        if self.sha256 and self.isVisible():
            self.show_transcript()

    def load(self, path: Path, sha256: str) -> None:
        self.sha256 = sha256
        self.player.load(path, sha256)
        self.show_transcript()

    def show_transcript(self, found: list[int] | None = None) -> None:
        """The transcript of the recording shown (``found``: segments the search found)."""
        case = self.session.case
        if case is None or not self.sha256:
            self.transcript.show_transcript(None, {}, "waiting")
            return
        from evidence_logger.speech.store import transcript_of

        spoken = transcript_of(case.db, self.sha256)
        words: dict[int, list[str]] = {}
        for finding in self.session.findings() or ():
            for segment in finding.details.get("spoken", ()):
                if segment["sha256"] == self.sha256:
                    words.setdefault(segment["seq"], []).extend(finding.matched)
        state = ""
        if spoken is None:
            flow = self.flow
            if flow is not None and not flow.has_model():
                state = "none"
            elif flow is not None and flow.runner.running:
                state = "hearing"
            else:
                state = "waiting"
        self.transcript.show_transcript(spoken, words, state, read_only=self.session.read_only)
        if spoken is not None and found:
            self.transcript.chosen = found[0]
            self.transcript.retranslate()

    def _correct(self, seq: int, text: str) -> None:
        try:
            self.session.correct_transcript(self.sha256, seq, text)
        except UserFacingError as error:
            QMessageBox.warning(self, tr("Correct a segment"), error.message())
            return
        self.show_transcript()

    def clear(self) -> None:
        self.sha256 = ""
        self.player.clear()

    def retranslate(self) -> None:
        self.player.retranslate()
        self.transcript.retranslate()
