"""Whether a recording is whole, and its duration and stream facts: the format's checks, with
ffmpeg filling the gaps, and every problem turned into a :class:`SkipFile` reason."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from evidence_logger.importers.audio.amr import _probe_amr
from evidence_logger.importers.audio.ffmpeg import ffmpeg_probe
from evidence_logger.importers.audio.flac import _probe_flac
from evidence_logger.importers.audio.mp4 import _probe_mp4
from evidence_logger.importers.audio.mpeg import _probe_adts, _probe_mp3
from evidence_logger.importers.audio.ogg import _probe_ogg
from evidence_logger.importers.audio.sniff import _id3_size, audio_format
from evidence_logger.importers.audio.source import _Cut, _Damaged, _NoIndex, _Source
from evidence_logger.importers.audio.wav import _probe_wav
from evidence_logger.records import MediaInfo, SkipFile

log = logging.getLogger(__name__)

def probe_audio(path: Path) -> MediaInfo:
    """Check that ``path`` is a complete call recording and read its duration and codec.

    ``meta`` holds ``duration`` (seconds, float; None only when nothing could tell), ``codec``,
    ``sample_rate`` and ``channels`` where known. Raises :class:`SkipFile` for an unreadable,
    empty, non-audio, cut-off, unfinished or damaged file.
    """
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size == 0:
                raise SkipFile("{name} is empty.", name=path.name)
            src = _Source(f, size)
            fmt = audio_format(src.read(0, 64))
            if fmt is None:
                from evidence_logger.importers.formats import RECORDING, extensions

                ext = path.suffix.lower()
                if ext in extensions(RECORDING):
                    raise SkipFile("{name} is not an audio recording: its content is not any "
                                   "audio format we know, although its name ends in {ext}.",
                                   name=path.name, ext=ext)
                raise SkipFile("{name} is not an audio recording: its content is not any "
                               "audio format we know.", name=path.name)
            try:
                fmt, meta = _probe(path, src, fmt)
            except _Cut as e:
                log.warning("cut-off %s (%s): %s", path, fmt, e)
                raise SkipFile("{name} is cut off: the recording ends early, perhaps because "
                               "it was not copied completely.", name=path.name) from e
            except _NoIndex as e:
                log.warning("unfinished %s (%s): %s", path, fmt, e)
                raise SkipFile("{name} is unfinished: the phone never closed the recording "
                               "properly (its index is missing), so it cannot be played.",
                               name=path.name) from e
            except _Damaged as e:
                log.warning("damaged %s (%s): %s", path, fmt, e)
                raise SkipFile("{name} is damaged and cannot be read as an audio recording.",
                               name=path.name) from e
    except OSError as e:
        log.warning("cannot read %s: %s", path, e)
        raise SkipFile("{name} could not be read. Check that it still exists and that you "
                       "are allowed to open it.", name=path.name) from e
    return MediaInfo(kind="recording", format=fmt, meta=meta)


def _probe(path: Path, src: _Source, fmt: str) -> tuple[str, dict[str, Any]]:
    """Run the format's structural checks and read its stream facts; fill gaps with ffmpeg."""
    start = 0
    if fmt == "mp3" and (tag := _id3_size(src.read(0, 10))):
        start = tag
        if start > src.size:
            raise _Cut(f"ID3 tag of {tag} bytes in a file of {src.size}")
        inner = audio_format(src.read(start, 64))
        fmt = inner if inner in ("flac", "aac") else fmt  # ID3 before FLAC/ADTS happens
    if fmt in ("amr-nb", "amr-wb"):
        meta = _probe_amr(src, fmt)
    elif fmt in ("m4a", "3gp"):
        meta = _probe_mp4(path, src)
    elif fmt == "wav":
        meta = _probe_wav(src)
    elif fmt == "flac":
        meta = _probe_flac(src, start)
    elif fmt == "aac":
        meta = _probe_adts(src, start)
    elif fmt == "mp3":
        meta = _probe_mp3(path, src, start)
    else:
        meta = _probe_ogg(path, src, fmt)
    if meta.get("duration") is None:
        found = ffmpeg_probe(path)
        if found is None:
            log.warning("duration of %s unknown: no ffmpeg to ask", path)
        elif "sample_rate" not in found:
            raise _Damaged("ffmpeg finds no audio stream in it")
        else:
            for key, value in found.items():
                if meta.get(key) is None:
                    meta[key] = value
    meta.setdefault("duration", None)
    return fmt, meta
