"""The recording player of the Evidence page: play/pause, a position slider, the time, and the
waveform. The original is played straight from the vault (read-only); if Qt's media backend
cannot play its format, a WAV copy is decoded into a cache folder outside the case and played
instead, and the player says so. Without QtMultimedia (missing system libraries) the waveform
is still drawn and a sentence explains why nothing plays.

Decoding (peaks, copies) runs on the page's own :class:`~evidence_logger.gui.tasks.TaskRunner`,
one job at a time, newest selection first; peaks are kept in memory by SHA-256.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidence_logger import waveform
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.gui.waveform_view import WaveformView
from evidence_logger.i18n import N_, tr
from evidence_logger.paths import playback_cache_dir

log = logging.getLogger(__name__)

PEAK_COUNT = 1200
_PEAKS: OrderedDict[str, waveform.Peaks] = OrderedDict()  # sha256 -> peaks, newest last
_PEAKS_KEPT = 64
NO_MULTIMEDIA = N_("Playback is not available on this computer (its sound libraries are "
                   "missing), but the waveform is shown.")
CONVERTED = N_("This format cannot be played directly here, so a converted copy (WAV, in a "
               "temporary folder outside the case) is playing. The original is unchanged.")


def cached_peaks(sha256: str) -> waveform.Peaks | None:
    return _PEAKS.get(sha256)


def _multimedia() -> Any:
    try:
        from PySide6 import QtMultimedia
    except (ImportError, OSError):  # Qt's multimedia libraries or their system deps missing
        log.warning("QtMultimedia is not available", exc_info=True)
        return None
    return QtMultimedia


def _clock(ms: int) -> str:
    seconds = max(ms, 0) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class RecordingPlayer(QWidget):
    """Plays one recording at a time; :meth:`load` a vault file, :meth:`clear` to stop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sha256 = ""
        self.path: Path | None = None
        self.converted = False
        self.runner = TaskRunner(self)
        self._queue: list[tuple[str, str, Path]] = []  # (job, sha256, path)
        self.runner.succeeded.connect(self._job_done)
        self.runner.failed.connect(self._job_failed)
        self.runner.running_changed.connect(self._runner_changed)

        self.waveform = WaveformView()
        self.play_button = QToolButton()
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.time = QLabel(_clock(0))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.waveform)
        column.addLayout(row)
        column.addWidget(self.note)
        column.addStretch(1)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.player: Any = None  # made on the first recording: QtMultimedia is slow to load
        self._made_player = False
        self._update_button()
        self.retranslate()

    def _ensure_player(self) -> None:
        if self._made_player:
            return
        self._made_player = True
        mm = _multimedia()
        self.player = mm.QMediaPlayer(self) if mm else None
        if self.player is not None:
            self.audio = mm.QAudioOutput(self)
            self.player.setAudioOutput(self.audio)
            self.player.positionChanged.connect(self._position_changed)
            self.player.durationChanged.connect(self._duration_changed)
            self.player.playbackStateChanged.connect(lambda _: self._update_button())
            self.player.errorOccurred.connect(self._player_error)
            self.slider.sliderMoved.connect(self.player.setPosition)
            self.waveform.seek_requested.connect(
                lambda f: self.player.setPosition(int(f * self.player.duration())))
        else:
            self._set_note("")

    # -- loading ------------------------------------------------------------------------

    def load(self, path: Path, sha256: str) -> None:
        """Show and get ready to play the original at ``path`` (it is only read)."""
        self._ensure_player()
        self.clear()
        self.sha256, self.path = sha256, path
        peaks = cached_peaks(sha256)
        if peaks is not None:
            self.waveform.set_peaks(peaks)
        else:
            self.waveform.set_message(tr("Drawing the waveform…"))
            self._enqueue("peaks", sha256, path)
        if self.player is not None:
            self.player.setSource(QUrl.fromLocalFile(str(path)))
        self._update_button()

    def clear(self) -> None:
        """Stop playing and forget the recording (a new selection, a closed case)."""
        if self.player is not None:
            self.player.stop()
            self.player.setSource(QUrl())
        self._queue.clear()
        if self.runner.running:
            self.runner.cancel()
        self.sha256, self.path, self.converted = "", None, False
        self.waveform.set_message("")
        self.slider.setRange(0, 0)
        self.time.setText(_clock(0))
        self._set_note("")

    def shutdown(self) -> None:
        """Stop everything and wait for the background job to end (the case is closing)."""
        self.clear()
        self.runner.wait(5000)

    def source(self) -> QUrl:
        return self.player.source() if self.player is not None else QUrl()

    # -- background jobs ----------------------------------------------------------------

    def _enqueue(self, job: str, sha256: str, path: Path) -> None:
        self._queue.append((job, sha256, path))
        if not self.runner.running:
            self._next()

    def _runner_changed(self, running: bool) -> None:
        if not running:
            self._next()

    def _next(self) -> None:
        if self.runner.running or not self._queue:
            return
        job, sha256, path = self._queue.pop(0)
        self.runner.start(lambda: _run(job, sha256, path))

    def _job_done(self, result: tuple[str, str, Any]) -> None:
        job, sha256, value = result
        if isinstance(value, waveform.WaveformError):
            if sha256 == self.sha256:
                if job == "peaks":
                    self.waveform.set_message(value.message())
                else:
                    self._set_note(value.message())
            return
        if job == "peaks":
            _PEAKS[sha256] = value
            while len(_PEAKS) > _PEAKS_KEPT:
                _PEAKS.popitem(last=False)
            if sha256 == self.sha256:
                self.waveform.set_peaks(value)
        elif sha256 == self.sha256 and self.player is not None:
            self.converted = True
            self.player.setSource(QUrl.fromLocalFile(str(value)))
            self._set_note(tr(CONVERTED))

    def _job_failed(self, error: Exception) -> None:
        log.error("waveform job failed: %r", error)
        self.waveform.set_message(tr(waveform.CANNOT_DECODE))

    # -- playing ------------------------------------------------------------------------

    def play_from(self, ms: int) -> None:
        """Play from ``ms`` into the recording (a transcript's segment was clicked)."""
        if self.player is None or self.path is None:
            return
        self.player.setPosition(max(int(ms), 0))
        self.player.play()

    def toggle(self) -> None:
        """Play or pause (Space while the player has focus)."""
        if self.player is None or self.path is None:
            return
        if self.player.playbackState() == self.player.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def _player_error(self, error: Any, message: str = "") -> None:
        log.warning("player cannot play %s: %s %s", self.path, error, message)
        if self.path is not None and not self.converted and self.sha256:
            self._set_note(tr("Preparing a playable copy…"))
            self._enqueue("copy", self.sha256, self.path)

    def _position_changed(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        duration = self.player.duration() if self.player is not None else 0
        self.time.setText(f"{_clock(ms)} / {_clock(duration)}")
        self.waveform.set_position(ms / duration if duration else 0.0)

    def _duration_changed(self, ms: int) -> None:
        self.slider.setRange(0, max(ms, 0))
        self.time.setText(f"{_clock(self.player.position())} / {_clock(ms)}")

    def _update_button(self) -> None:
        playing = self.player is not None and \
            self.player.playbackState() == self.player.PlaybackState.PlayingState
        pixmaps = QStyle.StandardPixmap
        icon = pixmaps.SP_MediaPause if playing else pixmaps.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setEnabled(self.player is not None and self.path is not None)
        self.play_button.setAccessibleName(tr("Pause") if playing else tr("Play"))
        self.play_button.setToolTip(tr("Play or pause (Space)"))

    def _set_note(self, text: str) -> None:
        if self._made_player and self.player is None:
            text = " ".join(t for t in (tr(NO_MULTIMEDIA), text) if t)
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def retranslate(self) -> None:
        self._update_button()
        self.slider.setAccessibleName(tr("Position in the recording"))
        self.time.setAccessibleName(tr("Time played"))
        self.waveform.setAccessibleName(tr("Waveform (click to jump)"))
        if self.converted:
            self._set_note(tr(CONVERTED))
        elif self._made_player and self.player is None:
            self._set_note("")


def _run(job: str, sha256: str, path: Path) -> Generator[Any, None, tuple[str, str, Any]]:
    """One background job (on the worker): the peaks or a playable copy of a recording."""
    try:
        if job == "peaks":
            value: Any = yield from waveform.iter_peaks(path, PEAK_COUNT)
        else:
            value = yield from waveform.iter_playable_copy(path, playback_cache_dir(), sha256)
    except waveform.WaveformError as error:
        value = error
    return job, sha256, value
