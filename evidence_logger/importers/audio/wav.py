"""WAV (RIFF / RF64): the RIFF and data sizes must fit in the file."""

from __future__ import annotations

from typing import Any

from evidence_logger.importers.audio.source import _Cut, _Damaged, _Source

_WAV_CODECS = {1: "pcm", 2: "adpcm_ms", 3: "pcm_float", 6: "pcm_alaw", 7: "pcm_mulaw",
               0x11: "adpcm_ima_wav", 0x31: "gsm_ms", 0x55: "mp3"}
_UNSET = (0, 0xFFFFFFFF)  # sizes a streaming writer leaves when it never finishes the header


def _probe_wav(src: _Source) -> dict[str, Any]:
    head = src.read(0, 12)
    riff_size = int.from_bytes(head[4:8], "little")
    if head[:4] == b"RIFF" and riff_size not in _UNSET and 8 + riff_size > src.size:
        raise _Cut(f"RIFF size {riff_size} in a file of {src.size}")
    pos, fmt, fact, data_size, ds64_data = 12, None, None, None, None
    for _ in range(10_000):
        chunk = src.read(pos, 8)
        if len(chunk) < 8:
            break
        kind, size = chunk[:4], int.from_bytes(chunk[4:], "little")
        if kind == b"ds64":
            ds64_data = int.from_bytes(src.read(pos + 16, 8), "little")
        elif kind == b"fmt ":
            fmt = src.read(pos + 8, min(size, 40))
        elif kind == b"fact":
            fact = int.from_bytes(src.read(pos + 8, 4), "little")
        elif kind == b"data":
            if size == 0xFFFFFFFF and ds64_data is not None:
                size = ds64_data
            elif size in _UNSET:
                size = src.size - pos - 8  # unfinished header: the sound runs to the end
            if pos + 8 + size > src.size:
                raise _Cut(f"data chunk of {size} bytes at {pos}, file has {src.size}")
            data_size = size
            break
        if pos + 8 + size > src.size:
            raise _Cut(f"chunk {kind!r} of {size} bytes at {pos}, file has {src.size}")
        pos += 8 + size + (size & 1)
    if fmt is None or len(fmt) < 16 or data_size is None:
        raise _Damaged("no fmt or data chunk")
    tag = int.from_bytes(fmt[0:2], "little")
    channels, rate = int.from_bytes(fmt[2:4], "little"), int.from_bytes(fmt[4:8], "little")
    byte_rate, align = int.from_bytes(fmt[8:12], "little"), int.from_bytes(fmt[12:14], "little")
    bits = int.from_bytes(fmt[14:16], "little")
    if tag == 0xFFFE and len(fmt) >= 26:  # WAVE_FORMAT_EXTENSIBLE: the real tag is in the GUID
        tag = int.from_bytes(fmt[24:26], "little")
    duration: float | None
    if tag in (1, 3) and align and rate:
        duration = data_size // align / rate
    elif fact is not None and rate:
        duration = fact / rate
    else:
        duration = data_size / byte_rate if byte_rate else None
    codec = _WAV_CODECS.get(tag, f"wav_0x{tag:04x}")
    if codec == "pcm":
        codec = f"pcm_s{bits}le" if bits > 8 else "pcm_u8"
    return {"duration": duration, "codec": codec, "sample_rate": rate or None,
            "channels": channels or None, "bitrate": byte_rate * 8 or None}
