"""Under a recording's waveform: what it says, segment by segment, marked as a machine
transcript with the engine and model that made it. Clicking a segment plays the recording from
there; words a finding matched are red; a segment can be corrected by the borrower (the
correction is shown beside the machine's text, both kept). Without a speech model, the panel
says calmly what adding one would give, with a button to the settings.

Signals: ``seek_requested(int)`` (milliseconds into the recording), ``correct_requested(int,
str)`` (a segment's number and the borrower's text; empty withdraws), ``settings_requested()``.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.i18n import N_, tr
from evidence_logger.speech.engine import NO_MODEL
from evidence_logger.speech.store import clock

WAITING = N_("This recording is not transcribed yet; it will be, in the background.")
HEARING = N_("Transcribing recordings in the background…")


def _marked(text: str, words: list[str]) -> str:
    shown = html.escape(text)
    for word in sorted(set(words), key=len, reverse=True):
        escaped = html.escape(word)
        shown = shown.replace(escaped, f'<span style="color:#b00020;font-weight:bold">'
                                      f'{escaped}</span>')
    return shown


class TranscriptPanel(QWidget):
    """One recording's transcript; :meth:`show_transcript` fills it."""

    seek_requested = Signal(int)
    correct_requested = Signal(int, str)
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transcript: dict[str, Any] | None = None
        self.words: dict[int, list[str]] = {}
        self.state = ""  # "none" (no model), "waiting", "hearing" when there is no transcript
        self.chosen = 0  # the segment clicked last
        self.read_only = False
        self.header = QLabel()
        self.header.setObjectName("machineRead")
        self.header.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._clicked)
        self.correct_button = QPushButton()
        self.correct_button.clicked.connect(self._correct)
        self.settings_button = QPushButton()
        self.settings_button.clicked.connect(self.settings_requested)
        row = QHBoxLayout()
        row.addWidget(self.correct_button)
        row.addWidget(self.settings_button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.text, 1)
        column.addLayout(row)
        self.retranslate()

    def show_transcript(self, transcript: dict[str, Any] | None,
                        words: dict[int, list[str]] | None = None, state: str = "",
                        read_only: bool = False) -> None:
        """Show ``transcript`` (``transcript_of``'s), the matched words by segment; without
        one, what ``state`` says."""
        self.transcript, self.words, self.state = transcript, words or {}, state
        self.read_only = read_only
        self.chosen = 0
        self._fill()

    def _fill(self) -> None:
        transcript = self.transcript
        self.settings_button.setVisible(transcript is None and self.state == "none")
        self.correct_button.setVisible(transcript is not None and not self.read_only)
        self.correct_button.setEnabled(bool(self.chosen))
        if transcript is None:
            said = {"none": NO_MODEL, "hearing": HEARING}.get(self.state, WAITING)
            self.header.setText(tr(said))
            self.text.setVisible(False)
            return
        self.text.setVisible(True)
        self.header.setText(tr("Machine transcript ({engine}, model {model}): it may mishear; "
                               "the recording is the evidence. Click a segment to play from "
                               "there.", engine=transcript["engine"],
                               model=transcript["model"]))
        parts = []
        for segment in transcript["segments"]:
            seq = segment["seq"]
            words = self.words.get(seq, [])
            span = f"{clock(segment['start_ms'])}–{clock(segment['end_ms'])}"
            back = ' style="background:#fff3c4"' if seq == self.chosen else ""
            line = (f'<p{back}><a href="seg:{seq}">{span}</a>&nbsp;&nbsp;'
                    f"{_marked(segment['text'], words)}")
            if segment["corrected"]:
                line += ("<br/><i>" + html.escape(tr("Corrected by you: ")) + "</i>"
                         + _marked(segment["corrected"], words))
            parts.append(line + "</p>")
        if not parts:
            parts.append("<p>" + html.escape(tr("No speech was recognised in this "
                                                "recording.")) + "</p>")
        self.text.setHtml("".join(parts))

    def segment(self, seq: int) -> dict[str, Any] | None:
        if self.transcript is None:
            return None
        return next((s for s in self.transcript["segments"] if s["seq"] == seq), None)

    def choose(self, seq: int) -> None:
        """Make segment ``seq`` the one a correction is for, and play from its start."""
        segment = self.segment(seq)
        if segment is None:
            return
        self.chosen = seq
        self._fill()
        self.seek_requested.emit(int(segment["start_ms"]))

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("seg:") and text[4:].isdigit():
            self.choose(int(text[4:]))

    def _correct(self) -> None:
        segment = self.segment(self.chosen)
        if segment is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, tr("Correct a segment"),
            tr("The machine heard: {text}\n\nWhat was said (empty withdraws your correction; "
               "the machine's text is kept beside it):", text=segment["text"]),
            segment["corrected"] or segment["text"])
        if ok:
            self.correct_requested.emit(self.chosen, text.strip())

    def retranslate(self) -> None:
        self.correct_button.setText(tr("Correct the chosen segment…"))
        self.correct_button.setToolTip(tr("Click a segment's time first"))
        self.settings_button.setText(tr("Add a speech model…"))
        self.text.setAccessibleName(tr("Transcript of the recording"))
        self._fill()
