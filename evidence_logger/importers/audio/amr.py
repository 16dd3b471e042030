"""AMR (RFC 4867 storage format): a magic line, then frames whose size the header byte gives."""

from __future__ import annotations

from typing import Any

from evidence_logger.importers.audio.sniff import _AMR_NB_MAGIC, _AMR_WB_MAGIC
from evidence_logger.importers.audio.source import _Cut, _Damaged, _Source

_AMR_CHUNK = 8 * 1024 * 1024
_AMR_SIZES = {  # speech bytes after the 1-byte header, per frame type; None: reserved type
    "amr-nb": (12, 13, 15, 17, 19, 20, 26, 31, 5, None, None, None, None, None, None, 0),
    "amr-wb": (17, 23, 32, 36, 40, 46, 50, 58, 60, 5, None, None, None, None, 0, 0),
}
_AMR_STREAM = {"amr-nb": (_AMR_NB_MAGIC, 8000, "amr_nb"),
               "amr-wb": (_AMR_WB_MAGIC, 16000, "amr_wb")}
# Header bytes of one frame type (its padding and quality bits vary; decoders ignore them).
_AMR_SAME_TYPE = [bytes(b for b in range(256) if (b >> 3) & 15 == ft) for ft in range(16)]


def _probe_amr(src: _Source, fmt: str) -> dict[str, Any]:
    """Count the frames (20 ms each), reading the file once in chunks; check the last one."""
    magic, rate, codec = _AMR_STREAM[fmt]
    lengths = [None if (s := _AMR_SIZES[fmt][(b >> 3) & 15]) is None else s + 1
               for b in range(256)]
    src.f.seek(len(magic))
    frames, rest = 0, b""
    while True:
        data = src.f.read(_AMR_CHUNK)
        buf = rest + data if rest else data
        count, used = _amr_frames(buf, lengths, final=not data, before=frames)
        frames += count
        if not data:
            break
        rest = buf[used:]
    return {"duration": frames * 0.02, "codec": codec, "sample_rate": rate, "channels": 1,
            "frames": frames}


def _amr_frames(buf: bytes, lengths: list[int | None], final: bool,
                before: int = 0) -> tuple[int, int]:
    """Count the whole frames at the start of ``buf``: (frames, bytes they take). ``before``
    is the number of frames in earlier chunks, for the log.

    A run of frames of one type is measured at C speed: the header bytes of the run are
    ``buf[pos::size]``, and ``lstrip`` finds where that stride stops being one type. Runs are
    taken in blocks that double while the type holds, so a constant-mode file costs a few dozen
    slices and a file whose type changes every frame costs a few Python steps per frame.
    """
    pos = frames = 0
    n, block = len(buf), 16
    while pos < n:
        header = buf[pos]
        size = lengths[header]
        if size is None:
            raise _Damaged(f"frame {before + frames + 1} has a reserved type ({header:#04x})")
        headers = buf[pos:pos + size * block:size]
        run = len(headers) - len(headers.lstrip(_AMR_SAME_TYPE[(header >> 3) & 15]))
        whole = min(run, (n - pos) // size)
        pos += whole * size
        frames += whole
        if whole < run:
            break  # a frame starts here but does not end in buf
        block = min(block * 2, 1 << 20) if run == len(headers) else 16
    if final and pos < n:
        raise _Cut(f"last AMR frame incomplete ({n - pos} bytes)")
    return frames, pos
