"""The bundled ffmpeg (``imageio-ffmpeg``) and pydub driven by it: one place for both.

pydub does the conversions of short sound (the sample case's recordings are encoded through
:func:`audio_segment`), always with the format given, so that it never looks for ffprobe,
which is not bundled. Where pydub would hold a whole long recording in memory, ffmpeg is run
by hand and streamed instead (see ``docs/architecture.md``): the waveform of a call of any
length (:mod:`evidence_logger.waveform`), a playable copy of one, and ``ffmpeg -i``, which reads
a recording's headers only (:mod:`evidence_logger.importers.audio.ffmpeg`).
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from functools import cache
from typing import Any

import imageio_ffmpeg


def ffmpeg_exe() -> str:
    """The bundled ffmpeg binary (raises RuntimeError when it is missing)."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def no_window() -> int:
    """``creationflags`` that keep a console window from flashing up on Windows."""
    return getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0


@cache
def audio_segment() -> Any:
    """pydub's ``AudioSegment``, converting with the bundled ffmpeg.

    pydub looks for ffmpeg on the PATH when it is imported (and warns when there is none), and
    imports ``audioop``, deprecated in Python 3.11-3.12 (``audioop-lts`` from 3.13): neither
    warning concerns us, since the converter is set here before any use."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_exe()
    return AudioSegment
