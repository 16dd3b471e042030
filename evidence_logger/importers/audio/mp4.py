"""MP4 / 3GP (ISO BMFF): top-level boxes must tile the file, and moov must be among them."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mutagen.mp4 import MP4

from evidence_logger.importers.audio.source import _Cut, _Damaged, _NoIndex, _Source

log = logging.getLogger(__name__)

_MP4_CODECS = {"mp4a": "aac", "samr": "amr_nb", "sawb": "amr_wb", "alac": "alac",
               "ac-3": "ac3", "ec-3": "eac3", "opus": "opus", "flac": "flac", ".mp3": "mp3"}


def _probe_mp4(path: Path, src: _Source) -> dict[str, Any]:
    _check_mp4_boxes(src)
    try:
        info = MP4(path).info
    except Exception as e:
        log.info("mutagen cannot read %s: %r", path, e)
        return {}
    if info is None:
        return {}
    codec = str(info.codec or "")
    return {"duration": info.length or None,
            "codec": _MP4_CODECS.get(codec.split(".")[0].lower(), codec.lower() or None),
            "sample_rate": info.sample_rate or None, "channels": info.channels or None,
            "bitrate": info.bitrate or None}


def _check_mp4_boxes(src: _Source) -> None:
    pos, have_moov = 0, False
    for _ in range(100_000):
        if pos >= src.size:
            break
        head = src.read(pos, 16)
        if len(head) < 8:
            if head.strip(b"\x00"):
                raise _Cut(f"box header cut at {pos}")
            break  # a few bytes of zero padding
        kind = head[4:8]
        if not all(0x20 <= c <= 0x7E or c == 0xA9 for c in kind):
            if have_moov:
                log.info("ignoring %d bytes of trailing data after the boxes", src.size - pos)
                break
            raise _NoIndex(f"no box at {pos} and no moov before it")
        size, header = int.from_bytes(head[:4], "big"), 8
        if size == 1:
            if len(head) < 16:
                raise _Cut(f"box header cut at {pos}")
            size, header = int.from_bytes(head[8:16], "big"), 16
        elif size == 0:
            size = src.size - pos  # "to the end of the file"
        if size < header:  # e.g. the 64-bit mdat size a recorder writes when it stops
            raise (_Damaged if have_moov else _NoIndex)(f"box {kind!r} at {pos} has size {size}")
        if pos + size > src.size:
            raise _Cut(f"box {kind!r} at {pos} needs {pos + size} bytes, file has {src.size}")
        have_moov |= kind == b"moov"
        pos += size
    if not have_moov:
        raise _NoIndex("no moov box")
