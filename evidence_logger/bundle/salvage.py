"""A zip cut short (a download that stopped): read what arrived whole.

A zip's table of contents (its central directory) is at its end, so a truncated zip has none
and :mod:`zipfile` cannot open it at all. Each member is also preceded by a local header giving
its name and sizes, so the members that arrived whole can be found by walking those headers
from the start. :func:`salvage` does that and builds a table of contents for them;
:class:`Spliced` presents the file's complete part followed by that table as one read-only
file, which :mod:`zipfile` then reads as usual (nothing is written to disk). The check of the
bundle goes on from there: the members after the cut are missing, and said so.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL, _CENTRAL, _EOCD = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_DESCRIPTOR_FLAG = 0x08
_ZIP64_EXTRA = 0x0001
_MAX_NAME = 0xFFFF


@dataclass(frozen=True, slots=True)
class Salvaged:
    """What arrived whole: the members' count, where the complete part ends, the table."""

    members: int
    cut: int  # bytes of the file kept (up to the end of the last complete member)
    tail: bytes  # the central directory and end record made for them


def salvage(f: BinaryIO, size: int) -> Salvaged | None:
    """The complete members of a zip whose table of contents is missing, or None when there
    is none (not a zip, or a member whose size only a trailing descriptor gives)."""
    pos, directory, count = 0, bytearray(), 0
    while pos + 30 <= size:
        f.seek(pos)
        header = f.read(30)
        if header[:4] != _LOCAL:
            break
        (_, version, flags, method, mtime, mdate, crc, csize, usize, name_len,
         extra_len) = struct.unpack("<4s5H3L2H", header)
        name, extra = f.read(name_len), f.read(extra_len)
        if len(name) < name_len or len(extra) < extra_len:
            break
        sizes = _zip64_sizes(extra, usize, csize)
        if sizes is None or (flags & _DESCRIPTOR_FLAG and sizes[1] == 0):
            break
        end = pos + 30 + name_len + extra_len + sizes[1]
        if end > size or pos > 0xFFFFFFFE:
            break  # cut inside this member
        directory += struct.pack("<4s6H3L5H2L", _CENTRAL, 20, version, flags, method, mtime,
                                 mdate, crc, csize, usize, name_len, extra_len, 0, 0, 0, 0,
                                 pos) + name + extra
        count += 1
        pos = end
    if not count or count > 0xFFFF or pos > 0xFFFFFFFF:
        return None
    end_record = struct.pack("<4s4H2LH", _EOCD, 0, 0, count, count, len(directory), pos, 0)
    return Salvaged(count, pos, bytes(directory) + end_record)


def _zip64_sizes(extra: bytes, usize: int, csize: int) -> tuple[int, int] | None:
    """(uncompressed, compressed) sizes, from the zip64 extra field where they do not fit."""
    if usize != 0xFFFFFFFF and csize != 0xFFFFFFFF:
        return usize, csize
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<2H", extra, at)
        if kind == _ZIP64_EXTRA:
            values = list(struct.unpack_from(f"<{length // 8}Q", extra, at + 4))
            if usize == 0xFFFFFFFF:
                if not values:
                    return None
                usize = values.pop(0)
            if csize == 0xFFFFFFFF:
                if not values:
                    return None
                csize = values.pop(0)
            return usize, csize
        at += 4 + length
    return None


class Spliced(io.RawIOBase):
    """The first ``cut`` bytes of ``f`` followed by ``tail``, as one read-only file."""

    def __init__(self, f: BinaryIO, salvaged: Salvaged) -> None:
        super().__init__()
        self.f, self.cut, self.tail = f, salvaged.cut, salvaged.tail
        self.size = self.cut + len(self.tail)
        self.pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def readinto(self, buffer) -> int:
        want = len(buffer)
        data = b""
        if self.pos < self.cut:
            self.f.seek(self.pos)
            data = self.f.read(min(want, self.cut - self.pos))
        if len(data) < want and self.pos + len(data) >= self.cut:
            start = self.pos + len(data) - self.cut
            data += self.tail[start:start + want - len(data)]
        buffer[:len(data)] = data
        self.pos += len(data)
        return len(data)


def readable(f: BinaryIO) -> BinaryIO:
    """``f`` itself, or its complete part with a table of contents when it was cut short."""
    from evidence_logger.bundle.problems import BundleInvalid
    from evidence_logger.bundle.zipsafety import count_entries

    size = f.seek(0, io.SEEK_END)
    try:
        count_entries(f, size)
    except BundleInvalid:
        found = salvage(f, size)
        if found is not None:
            return Spliced(f, found)  # type: ignore[return-value]
    return f
