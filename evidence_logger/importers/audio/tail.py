"""The end of a file: tags that may follow the sound, and whether a chain of self-delimiting
frames or pages runs exactly to the end (whole), past it (cut) or into something else."""

from __future__ import annotations

from collections.abc import Callable

from evidence_logger.importers.audio.source import _Source

_ID3_TRAILER, _APE_FOOTER = b"TAG", b"APETAGEX"
_PARTIAL = -1  # frame_len(): only the start of a frame header, cut off by the end of the data


def _trailer_size(src: _Source, floor: int) -> int:
    """Bytes of ID3v1 and APEv2 tags at the end of the file (none before ``floor``)."""
    end = src.size
    if end - 128 >= floor and src.read(end - 128, 3) == _ID3_TRAILER:
        end -= 128
    footer = src.read(end - 32, 32) if end - 32 >= floor else b""
    if footer[:8] == _APE_FOOTER:
        size = int.from_bytes(footer[12:16], "little")
        size += 32 if int.from_bytes(footer[20:24], "little") & 0x80000000 else 0
        end = max(end - size, floor)
    return src.size - end


def _first_frame(buf: bytes, sync: bytes, frame_len: Callable[[bytes, int], int | None],
                 from_pos: int = 0) -> int | None:
    """The first position from which two frames follow each other (or one ends ``buf``)."""
    p = buf.find(sync, from_pos)
    while p != -1:
        n = frame_len(buf, p)
        if n and n > 0 and p + n <= len(buf) \
                and (p + n == len(buf) or frame_len(buf, p + n) is not None):
            return p
        p = buf.find(sync, p + 1)
    return None


def _chain_verdict(buf: bytes, sync: bytes,
                   frame_len: Callable[[bytes, int], int | None]) -> str | None:
    """Follow the frames of ``buf`` (a file's tail) to its end: "complete" if the last one ends
    exactly there, "cut" if it runs past it, None if something else follows (an unknown tag)
    or no frames are found."""
    p = _first_frame(buf, sync, frame_len)
    if p is None:
        return None
    while True:
        n = frame_len(buf, p)
        if n is None:
            return None
        if n == _PARTIAL or p + n > len(buf):
            return "cut"
        if p + n == len(buf):
            return "complete"
        p += n
