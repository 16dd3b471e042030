"""The original as the parsers see it: random reads through a small window, and the three ways
its structure can turn out wrong (which :func:`~.probe.probe_audio` turns into skip reasons)."""

from __future__ import annotations

from typing import BinaryIO

_WINDOW = 64 * 1024  # read-ahead of _Source.read


class _Cut(Exception):
    """The file ends before its structure says it should."""


class _NoIndex(Exception):
    """An MP4/3GP file without its moov atom: the recorder never finished writing it."""


class _Damaged(Exception):
    """The file's structure is broken in a way that is not a clean cut."""


class _Source:
    """Random reads of the original through a small read-ahead window."""

    def __init__(self, f: BinaryIO, size: int) -> None:
        self.f, self.size = f, size
        self._start, self._buf = 0, b""

    def read(self, pos: int, n: int) -> bytes:
        if pos < 0:
            pos, n = 0, max(n + pos, 0)
        off = pos - self._start
        if off >= 0 and off + n <= len(self._buf):
            return self._buf[off:off + n]
        self.f.seek(pos)
        if n >= _WINDOW:
            return self.f.read(n)
        self._start, self._buf = pos, self.f.read(_WINDOW)
        return self._buf[:n]
