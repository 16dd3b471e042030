"""A recording's waveform as peaks, and a playable copy for players that cannot read its format.

:func:`iter_peaks` streams the recording through the bundled ffmpeg (``imageio-ffmpeg``) as
mono 8 kHz signed 16-bit PCM over a pipe and reduces it to at most ``count`` (min, max) pairs
as it reads, never holding the PCM: pairs are kept at a block size that doubles (merging
neighbours) whenever there are too many, so memory stays proportional to ``count`` however long
the recording. It is a generator that yields :class:`~evidence_logger.progress.Progress` in
seconds decoded so far (the window runs it on a worker and may close it to stop) and returns
:class:`Peaks`.

:func:`playable_copy` decodes a recording to a WAV file in a folder the caller chooses (never the
case): the original is only ever read. ffmpeg writes the file itself while the generator waits,
so a long recording never passes through memory and closing the generator stops it at once.

Both drive ffmpeg by hand rather than through pydub, which would decode the whole recording into
memory first (an hour of a call is hundreds of megabytes at its own rate) and could not be
stopped half-way; see :mod:`evidence_logger.audio_tools`.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from evidence_logger.audio_tools import ffmpeg_exe, no_window
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_
from evidence_logger.progress import SECONDS, Progress

log = logging.getLogger(__name__)

RATE = 8000  # samples per second of the decoded PCM
CHUNK_BYTES = 1 << 16
FIRST_BLOCK = 8  # samples per pair before any merging (1 ms)
FULL_SCALE = 32768.0
COPY_TIMEOUT_S = 600

CANNOT_DECODE = N_("This recording could not be decoded, so its waveform cannot be drawn. "
                   "The original is unchanged.")
CANNOT_CONVERT = N_("This recording could not be converted for playing. The original is "
                    "unchanged.")
NO_FFMPEG = N_("The audio decoder (ffmpeg) could not be started.")


class WaveformError(UserFacingError):
    """A recording could not be decoded or converted; the sentence says which."""


@dataclass(frozen=True, slots=True)
class Peaks:
    """Loudness over time: ``pairs[i]`` is the (min, max) of bucket ``i``, each in -1.0..1.0."""

    pairs: list[tuple[float, float]]
    duration: float  # seconds of decoded audio

    def __len__(self) -> int:
        return len(self.pairs)


def _ffmpeg(args: list[str]) -> list[str]:
    try:
        exe = ffmpeg_exe()
    except RuntimeError as error:
        log.error("no ffmpeg: %r", error)
        raise WaveformError(NO_FFMPEG) from error
    return [exe, "-hide_banner", "-nostdin", "-loglevel", "error", *args]


def iter_peaks(path: Path, count: int = 1200) -> Generator[Progress, None, Peaks]:
    """Decode ``path`` and reduce it to at most ``count`` peak pairs; yields the seconds decoded.

    Raises :class:`WaveformError` when ffmpeg cannot be run or decodes no audio at all. A file
    that breaks off part-way gives the peaks of what could be decoded (logged).
    """
    if count < 1:
        raise ValueError(count)
    cmd = _ffmpeg(["-i", "file:" + str(Path(path).absolute()), "-vn", "-ac", "1",
                   "-ar", str(RATE), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"])
    reducer = _Reducer(count)
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=errors, creationflags=no_window())
        except OSError as error:
            log.error("could not start ffmpeg for %s: %r", path, error)
            raise WaveformError(NO_FFMPEG) from error
        try:
            assert proc.stdout is not None
            odd = b""
            while chunk := proc.stdout.read(CHUNK_BYTES):
                chunk = odd + chunk
                cut = len(chunk) & ~1
                odd = chunk[cut:]
                samples = array("h", chunk[:cut])
                if sys.byteorder == "big":
                    samples.byteswap()
                reducer.add(samples)
                yield Progress(reducer.samples / RATE, 0, SECONDS)
            code = proc.wait()
        finally:
            if proc.poll() is None:  # closed early (cancelled) or failed while reading
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace")[-800:]
    if reducer.samples == 0:
        log.warning("ffmpeg decoded no audio from %s (exit %s): %s", path, code, said)
        raise WaveformError(CANNOT_DECODE)
    if code != 0 or said:
        log.info("ffmpeg on %s (exit %s) said: %s", path, code, said)
    return reducer.result()


def peaks(path: Path, count: int = 1200) -> Peaks:
    """:func:`iter_peaks` run to the end."""
    job = iter_peaks(path, count)
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value


class _Reducer:
    """Min/max per block of samples, with the block doubling when there are 2×count pairs."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.block = FIRST_BLOCK
        self.lows: list[int] = []
        self.highs: list[int] = []
        self.samples = 0
        self._low, self._high, self._filled = 0, 0, 0  # the block being filled

    def add(self, samples: array) -> None:
        start = 0
        total = len(samples)
        self.samples += total
        while start < total:
            take = min(self.block - self._filled, total - start)
            part = samples[start:start + take]
            low, high = min(part), max(part)
            if self._filled:
                low, high = min(low, self._low), max(high, self._high)
            self._low, self._high, self._filled = low, high, self._filled + take
            start += take
            if self._filled == self.block:
                self.lows.append(low)
                self.highs.append(high)
                self._filled = 0
                if len(self.lows) >= 2 * self.count:
                    self._halve()

    def _halve(self) -> None:
        lows, highs = self.lows, self.highs
        self.lows = [min(a, b) for a, b in zip(lows[::2], lows[1::2], strict=False)]
        self.highs = [max(a, b) for a, b in zip(highs[::2], highs[1::2], strict=False)]
        self.block *= 2

    def result(self) -> Peaks:
        lows, highs = list(self.lows), list(self.highs)
        if self._filled:
            lows.append(self._low)
            highs.append(self._high)
        group = -(-len(lows) // self.count)  # ceiling: at most `count` pairs
        pairs = [(min(lows[i:i + group]) / FULL_SCALE, max(highs[i:i + group]) / FULL_SCALE)
                 for i in range(0, len(lows), group)]
        return Peaks(pairs=pairs, duration=self.samples / RATE)


def iter_playable_copy(path: Path, folder: Path, name: str) -> Generator[None, None, Path]:
    """Decode ``path`` to a 16-bit WAV ``folder/name.wav`` (reused if already there).

    For players that cannot read the original's format (AMR on some systems). ``folder`` must be
    outside the case: the original is read, never written. Yields while ffmpeg works (closing
    the generator stops it); raises :class:`WaveformError`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.wav"
    if target.is_file() and target.stat().st_size > 44:
        return target
    partial = folder / f"{name}.{os.getpid()}.part"
    cmd = _ffmpeg(["-y", "-i", "file:" + str(Path(path).absolute()), "-vn",
                   "-acodec", "pcm_s16le", "-f", "wav", str(partial)])
    code: int | None = None
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=errors, creationflags=no_window())
        except OSError as error:
            log.error("could not start ffmpeg for %s: %r", path, error)
            raise WaveformError(NO_FFMPEG) from error
        try:
            started = time.monotonic()
            while code is None:
                try:
                    code = proc.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    if time.monotonic() - started > COPY_TIMEOUT_S:
                        break
                    yield
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if code != 0:
                partial.unlink(missing_ok=True)
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace")[-800:]
    if code != 0 or not partial.is_file() or partial.stat().st_size <= 44:
        log.warning("ffmpeg could not convert %s (exit %s): %s", path, code, said)
        partial.unlink(missing_ok=True)
        raise WaveformError(CANNOT_CONVERT)
    os.replace(partial, target)
    return target


def playable_copy(path: Path, folder: Path, name: str) -> Path:
    """:func:`iter_playable_copy` run to the end."""
    job = iter_playable_copy(path, folder, name)
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value
