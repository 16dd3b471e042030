"""MP3 and ADTS AAC: streams of self-describing frames.

The frame header parsers serve both detection (:mod:`.sniff`) and the probes: MP3 checks the
Xing/Info/VBRI byte count and its last frame (mutagen reads the duration), ADTS walks every frame
header for an exact duration.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from mutagen.mp3 import MP3

from evidence_logger.importers.audio.source import _WINDOW, _Cut, _Source
from evidence_logger.importers.audio.tail import (
    _PARTIAL,
    _chain_verdict,
    _first_frame,
    _trailer_size,
)

log = logging.getLogger(__name__)


class _Frame(NamedTuple):
    length: int  # bytes, header included
    samples: int
    sample_rate: int
    channels: int


_MPEG_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_MPEG_KBPS = {  # (MPEG-1?, layer) -> bitrate index 1..14
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}


def _mpeg(buf: bytes, p: int) -> _Frame | None:
    """An MPEG audio layer II/III frame header at ``buf[p]``, or None.

    Layer I is refused: no phone writes it, and a UTF-16 byte-order mark looks like one."""
    if len(buf) - p < 4 or buf[p] != 0xFF or buf[p + 1] & 0xE0 != 0xE0:
        return None
    b1, b2, b3 = buf[p + 1], buf[p + 2], buf[p + 3]
    version, layer_bits = (b1 >> 3) & 3, (b1 >> 1) & 3
    bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 3
    if version == 1 or layer_bits not in (1, 2) or not 0 < bitrate_index < 15 \
            or rate_index == 3 or b3 & 3 == 2:
        return None
    layer = 4 - layer_bits
    mpeg1 = version == 3
    kbps = _MPEG_KBPS[mpeg1, layer][bitrate_index - 1]
    rate = _MPEG_RATES[version][rate_index]
    samples = 1152 if layer == 2 or mpeg1 else 576
    length = samples // 8 * kbps * 1000 // rate + ((b2 >> 1) & 1)
    return _Frame(length, samples, rate, 1 if b3 >> 6 == 3 else 2)


_ADTS_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
               8000, 7350)


def _adts(buf: bytes, p: int) -> _Frame | None:
    """An ADTS (raw AAC) frame header at ``buf[p]``, or None."""
    if len(buf) - p < 7 or buf[p] != 0xFF or buf[p + 1] & 0xF6 != 0xF0:
        return None
    b2, b3, b4, b5, b6 = buf[p + 2:p + 7]
    rate_index = (b2 >> 2) & 0xF
    length = ((b3 & 3) << 11) | (b4 << 3) | (b5 >> 5)
    if rate_index >= len(_ADTS_RATES) or length < (7 if buf[p + 1] & 1 else 9):
        return None
    channels = ((b2 & 1) << 2) | (b3 >> 6)
    return _Frame(length, 1024 * ((b6 & 3) + 1), _ADTS_RATES[rate_index], channels)


def _frame_reader(parse: Callable[[bytes, int], _Frame | None], ref: bytes, header: int,
                  mask: int) -> Callable[[bytes, int], int | None]:
    """A frame_len() for :func:`_chain_verdict`: a frame's length at ``p`` if its header matches
    the stream's first one, ``ref`` (byte 1 and the ``mask`` bits of byte 2 never change within
    a stream), _PARTIAL if the data ends inside such a header, else None."""
    def frame_len(buf: bytes, p: int) -> int | None:
        rest = len(buf) - p
        if rest < header:
            same = buf[p:p + 2] == ref[:min(rest, 2)]
            return _PARTIAL if same and (rest < 3 or buf[p + 2] & mask == ref[2] & mask) else None
        if buf[p + 1] != ref[1] or buf[p + 2] & mask != ref[2] & mask:
            return None
        frame = parse(buf, p)
        return frame.length if frame else None
    return frame_len


def _probe_mp3(path: Path, src: _Source, start: int) -> dict[str, Any]:
    """Check the Xing/Info/VBRI byte count and the last frame; mutagen reads the duration."""
    head = src.read(start, _WINDOW)
    sync = _first_frame(head, b"\xff", lambda b, p: (f := _mpeg(b, p)) and f.length)
    if sync is not None:
        ref = head[sync:sync + 4]
        declared = _mp3_declared_bytes(head, sync, ref)
        # Some writers count the ID3v2 tag in the Xing byte count: allow for it.
        if declared and declared > src.size - (start + sync) + start:
            raise _Cut(f"Xing/VBRI header declares {declared} bytes, file has {src.size}")
        end = src.size - _trailer_size(src, start + sync)
        tail_start = max(start + sync, end - 16 * 1024)
        frame_len = _frame_reader(_mpeg, ref, 4, 0x0C)
        if _chain_verdict(src.read(tail_start, end - tail_start), ref[:1], frame_len) == "cut":
            raise _Cut("last MPEG frame runs past the end")
    try:
        info = MP3(path).info
    except Exception as e:
        log.info("mutagen cannot read %s: %r", path, e)
        return {}
    if info is None:
        return {}
    return {"duration": info.length or None, "codec": f"mp{info.layer}",
            "sample_rate": info.sample_rate, "channels": info.channels,
            "bitrate": info.bitrate or None}


def _mp3_declared_bytes(head: bytes, p: int, ref: bytes) -> int | None:
    """The stream size a Xing/Info or VBRI header in the first frame declares, if any."""
    mono, mpeg1 = ref[3] >> 6 == 3, (ref[1] >> 3) & 3 == 3
    side = (17 if mono else 32) if mpeg1 else (9 if mono else 17)
    x = p + 4 + side + (0 if ref[1] & 1 else 2)  # a CRC follows the header when bit 0 is clear
    if head[x:x + 4] in (b"Xing", b"Info"):
        flags = int.from_bytes(head[x + 4:x + 8], "big")
        if flags & 2:
            q = x + 8 + (4 if flags & 1 else 0)
            return int.from_bytes(head[q:q + 4], "big") or None
        return None
    if head[p + 36:p + 40] == b"VBRI":
        return int.from_bytes(head[p + 46:p + 50], "big") or None
    return None


def _probe_adts(src: _Source, start: int) -> dict[str, Any]:
    """Walk every ADTS frame header (a few dozen a second): an exact duration and a check that
    the last frame ends the file. Falls back to ffmpeg if the frames break off into junk."""
    sync = _first_frame(src.read(start, _WINDOW), b"\xff", lambda b, p: (f := _adts(b, p))
                        and f.length)
    if sync is None:
        return {}
    pos = start + sync
    ref = src.read(pos, 7)
    if (first := _adts(ref, 0)) is None:
        return {}
    end = src.size - _trailer_size(src, pos)
    frame_len = _frame_reader(_adts, ref, 7, 0xFC)
    samples = 0
    while pos < end:
        head = src.read(pos, min(9, end - pos))
        n = frame_len(head, 0)
        if n is None:
            log.info("ADTS frames break off at %d of %d: asking ffmpeg", pos, end)
            return {"codec": "aac", "sample_rate": first.sample_rate,
                    "channels": first.channels or None}
        if n == _PARTIAL or pos + n > end:
            raise _Cut(f"last ADTS frame at {pos} runs past the end")
        samples += 1024 * ((head[6] & 3) + 1)
        pos += n
    return {"duration": samples / first.sample_rate, "codec": "aac",
            "sample_rate": first.sample_rate, "channels": first.channels or None}
