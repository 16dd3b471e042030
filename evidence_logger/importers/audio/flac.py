"""FLAC: STREAMINFO first; the last frame must end the file with a good CRC-16."""

from __future__ import annotations

import logging
import re
from typing import Any

from evidence_logger.importers.audio.source import _WINDOW, _Cut, _Damaged, _Source
from evidence_logger.importers.audio.tail import _trailer_size

log = logging.getLogger(__name__)


def _crc_table(poly: int, width: int) -> list[int]:
    top, mask, table = 1 << (width - 1), (1 << width) - 1, []
    for i in range(256):
        c = i << (width - 8)
        for _ in range(8):
            c = ((c << 1) ^ poly) if c & top else c << 1
        table.append(c & mask)
    return table


_CRC8, _CRC16 = _crc_table(0x07, 8), _crc_table(0x8005, 16)


def _probe_flac(src: _Source, start: int) -> dict[str, Any]:
    pos = start + 4
    header = src.read(pos, 4)
    if len(header) < 4:
        raise _Cut("FLAC ends before its first metadata block")
    if header[0] & 0x7F != 0 or int.from_bytes(header[1:4], "big") != 34:
        raise _Damaged("STREAMINFO missing")
    info = src.read(pos + 4, 34)
    if len(info) < 34:
        raise _Cut("STREAMINFO cut")
    block = int.from_bytes(info[2:4], "big")
    max_frame = int.from_bytes(info[7:10], "big")
    packed = int.from_bytes(info[10:18], "big")
    rate, channels = packed >> 44, ((packed >> 41) & 7) + 1
    total = packed & ((1 << 36) - 1)
    for _ in range(10_000):  # walk the metadata blocks to the first frame
        header = src.read(pos, 4)
        if len(header) < 4:
            raise _Cut("metadata block header cut")
        if header[0] & 0x7F == 127:
            raise _Damaged("invalid metadata block type")
        pos += 4 + int.from_bytes(header[1:4], "big")
        if pos > src.size:
            raise _Cut("metadata block runs past the end")
        if header[0] & 0x80:
            break
    end = src.size - _trailer_size(src, pos)
    if pos >= end:
        if total:
            raise _Cut(f"no frames, STREAMINFO says {total} samples")
    else:
        last = _check_flac_tail(src, pos, end, block, max_frame, total, channels)
        total = total or last or 0  # an encoder that was stopped never wrote the count
    return {"duration": total / rate if total and rate else None, "codec": "flac",
            "sample_rate": rate or None, "channels": channels}


def _check_flac_tail(src: _Source, audio_start: int, end: int, block: int, max_frame: int,
                     total: int, channels: int) -> int | None:
    """Find the last frame header in the tail; it must reach the sample count of STREAMINFO
    and its CRC-16 must hold over the bytes up to the end of the file. Returns the number of
    samples up to the end of that frame (None if no frame header is in the tail)."""
    window = min(end - audio_start, max(_WINDOW, 3 * max_frame), 8 * 1024 * 1024)
    tail = src.read(end - window, window)
    for m in reversed(list(re.finditer(rb"\xff[\xf8\xf9]", tail))):
        frame = _flac_frame_header(tail, m.start())
        if frame is None or frame[4] != channels or (block and frame[1] > block):
            continue  # not a frame header of this stream
        header_len, size, number, variable, _ = frame
        last_sample = number + size if variable else number * block + size
        if total and last_sample < total:
            raise _Cut(f"last frame ends at sample {last_sample} of {total}")
        data = tail[m.start():]
        crc = 0
        matches_at = None
        for j in range(len(data) - 2):
            if j >= header_len and matches_at is None \
                    and crc == (data[j] << 8 | data[j + 1]) and j + 2 < len(data):
                matches_at = j + 2  # a frame could end here, with something else after it
            crc = ((crc << 8) & 0xFFFF) ^ _CRC16[(crc >> 8) ^ data[j]]
        if crc == int.from_bytes(data[-2:], "big"):
            return last_sample
        if matches_at is not None and data[matches_at:matches_at + 2] not in (
                b"\xff\xf8", b"\xff\xf9"):
            log.info("ignoring %d bytes after the last FLAC frame", len(data) - matches_at)
            return last_sample
        raise _Cut("last FLAC frame incomplete (CRC-16 mismatch)")
    if end - audio_start <= window:
        raise _Damaged("no FLAC frame")
    log.info("no FLAC frame header in the last %d bytes", window)
    return None


def _flac_frame_header(b: bytes, p: int) -> tuple[int, int, int, bool, int] | None:
    """(header length, block size, frame or sample number, variable?, channels) if a frame
    header with a good CRC-8 starts at ``p``."""
    if len(b) - p < 6 or b[p] != 0xFF or b[p + 1] & 0xFE != 0xF8:
        return None
    code, rate_code, b3 = b[p + 2] >> 4, b[p + 2] & 15, b[p + 3]
    if code == 0 or rate_code == 15 or b3 >> 4 > 10 or b3 & 1:
        return None
    first, q = b[p + 4], p + 5
    extra = next((i for i, mask in enumerate((0x80, 0xE0, 0xF0, 0xF8, 0xFC, 0xFE, 0xFF))
                  if first & mask == (mask << 1) & 0xFF), None)
    if extra is None or q + extra > len(b):
        return None
    number = first & ((1 << (6 - extra)) - 1) if extra else first
    for c in b[q:q + extra]:
        if c & 0xC0 != 0x80:
            return None
        number = number << 6 | (c & 0x3F)
    q += extra
    if code in (6, 7):
        if q + code - 5 > len(b):
            return None
        size, q = 1 + int.from_bytes(b[q:q + code - 5], "big"), q + code - 5
    else:
        size = 192 if code == 1 else 576 << (code - 2) if code <= 5 else 256 << (code - 8)
    q += 1 if rate_code == 12 else 2 if rate_code in (13, 14) else 0
    if q >= len(b):
        return None
    crc = 0
    for c in b[p:q]:
        crc = _CRC8[crc ^ c]
    if crc != b[q]:
        return None
    return q + 1 - p, size, number, bool(b[p + 1] & 1), (b3 >> 4) + 1 if b3 >> 4 < 8 else 2
