"""A recording as 16 kHz mono samples (the bundled ffmpeg decodes every format the case holds:
mp3, AMR, m4a, 3gp, ogg, flac, wav) and cut into stretches of speech at its pauses.

The cut is by loudness (frames of 30 ms against the recording's own quiet floor), not a model:
a phone call is two voices with pauses between turns, and a cut at a pause gives segments of a
sentence or two, each with its start and end time, which is what the transcript shows and cites.
"""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from evidence_logger.audio_tools import ffmpeg_exe, no_window
from evidence_logger.errors import UserFacingError
from evidence_logger.speech.engine import RATE

log = logging.getLogger(__name__)

FRAME = 480  # samples: 30 ms
MIN_GAP_S = 0.45  # a pause at least this long ends a segment
PAD_S = 0.15  # kept before and after the speech of a segment
MAX_SEGMENT_S = 25.0  # longer speech is cut at its quietest frame
MIN_SPEECH_S = 0.2


class RecordingUndecodable(UserFacingError):
    """A recording that ffmpeg cannot decode (it stays in the case as it is)."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # samples
    end: int


def decode(path: Path, name: str) -> np.ndarray:
    """The recording's samples, float32 in [-1, 1], mono, :data:`RATE` (the original is only
    read)."""
    try:
        command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i",
                   str(path), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"]
        done = subprocess.run(command, capture_output=True, check=False, timeout=3600,
                              creationflags=no_window())
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        log.warning("cannot run ffmpeg on %s: %r", name, error)
        raise RecordingUndecodable("{name} could not be decoded, so it was not transcribed; "
                                   "the file is kept as it is.", name=name) from error
    if done.returncode != 0 or not done.stdout:
        log.warning("ffmpeg failed on %s: %s", name, done.stderr[-500:])
        raise RecordingUndecodable("{name} could not be decoded, so it was not transcribed; "
                                   "the file is kept as it is.", name=name)
    pcm = np.frombuffer(done.stdout[: len(done.stdout) // 2 * 2], dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


def speech_spans(samples: np.ndarray) -> list[Span]:
    """The stretches of speech in ``samples``, cut at pauses, in order."""
    count = len(samples) // FRAME
    if count == 0:
        return []
    frames = samples[: count * FRAME].reshape(count, FRAME)
    loud = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    floor = float(np.percentile(loud, 10))
    threshold = max(0.008, floor * 3.0, float(loud.max()) * 0.04)
    voiced = loud > threshold
    gap = round(MIN_GAP_S * RATE / FRAME)
    spans: list[tuple[int, int]] = []
    start = last = None
    for n, on in enumerate(voiced):
        if not on:
            continue
        if start is None:
            start = n
        elif last is not None and n - last > gap:
            spans.append((start, last + 1))
            start = n
        last = n
    if start is not None and last is not None:
        spans.append((start, last + 1))
    out: list[Span] = []
    pad = round(PAD_S * RATE)
    for first, end in spans:
        for a, b in _split(first, end, loud):
            if (b - a) * FRAME < MIN_SPEECH_S * RATE:
                continue
            out.append(Span(max(0, a * FRAME - pad), min(len(samples), b * FRAME + pad)))
    return out


def _split(first: int, end: int, loud: np.ndarray) -> list[tuple[int, int]]:
    """A stretch longer than :data:`MAX_SEGMENT_S` cut at its quietest frames."""
    longest = round(MAX_SEGMENT_S * RATE / FRAME)
    if end - first <= longest:
        return [(first, end)]
    window = loud[first + longest // 2: first + longest]
    cut = first + longest // 2 + int(np.argmin(window))
    return [(first, cut), *_split(cut, end, loud)]
