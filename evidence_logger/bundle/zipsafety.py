"""Reading an untrusted zip without extracting it: refuse what could hurt, stream the rest.

Nothing here writes anything. The central directory is walked by hand first, so that a zip
claiming millions of entries is refused before :mod:`zipfile` builds an object for each; then
every entry is checked (safe names, no links, no duplicates, sizes and ratios within limits) and
each member is read in 1 MiB chunks, never beyond the size the zip declares for it.
"""

from __future__ import annotations

import copy
import lzma
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

import pyzipper
import pyzipper.zipfile as pyzipfile

from evidence_logger.bundle.problems import BundleInvalid, Problem, flag
from evidence_logger.i18n import N_

CHUNK = 1 << 20  # bytes read (and hashed) at a time
MAX_ENTRIES = 100_000
MAX_MEMBER = 8 << 30  # declared size of one member
MAX_TOTAL = 32 << 30  # declared sizes of all members
MAX_RATIO = 200  # declared size / compressed size ...
RATIO_FLOOR = 1 << 20  # ... for members larger than this
MAX_DIRECTORY = 256 << 20  # bytes of central directory (100,000 entries need far less)

_EOCD, _EOCD64, _LOCATOR64 = b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07"
_CENTRAL, _LOCAL = b"PK\x01\x02", b"PK\x03\x04"
_BAD_ZIP = (zipfile.BadZipFile, pyzipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError,
            OSError, ValueError, struct.error, IndexError, KeyError)
BAD_ZIP = _BAD_ZIP  # what reading a damaged zip may raise
_UTF8_FLAG, _ENCRYPTED_FLAG = 0x800, 0x1


def count_entries(f: BinaryIO, size: int) -> int:
    """The number of entries in the zip's central directory, walked without parsing it.

    Raises :class:`BundleInvalid` for a file that is not a zip, a damaged one, or one with more
    than :data:`MAX_ENTRIES` entries.
    """
    if size == 0:
        raise BundleInvalid("The file is empty: it is not a zip.", "not-a-zip")
    start, length, declared = _find_directory(f, size)
    if declared > MAX_ENTRIES:
        raise BundleInvalid("The zip has more than {limit} entries: refused as a zip bomb.",
                            "zip-bomb", limit=MAX_ENTRIES)
    if length > MAX_DIRECTORY:
        raise BundleInvalid("The zip's table of contents is {size} bytes: refused as a zip bomb.",
                            "zip-bomb", size=length)
    f.seek(start)
    data = f.read(length)
    pos = count = 0
    while pos < len(data):
        if data[pos:pos + 4] != _CENTRAL or pos + 46 > len(data):
            raise BundleInvalid("The zip's table of contents is damaged.", "unreadable")
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, pos + 28)
        pos += 46 + name_len + extra_len + comment_len
        count += 1
        if count > MAX_ENTRIES:
            raise BundleInvalid("The zip has more than {limit} entries: refused as a zip bomb.",
                                "zip-bomb", limit=MAX_ENTRIES)
    return count


def _find_directory(f: BinaryIO, size: int) -> tuple[int, int, int]:
    """(start, length, declared entry count) of the central directory, from the end record."""
    tail_len = min(size, 22 + 0xFFFF)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(_EOCD)
    while at >= 0 and at + 22 > len(tail):
        at = tail.rfind(_EOCD, 0, at)
    if at < 0:
        f.seek(0)
        if f.read(4) == _LOCAL:
            raise BundleInvalid("The zip is truncated or damaged: its table of contents is "
                                "missing.", "unreadable")
        raise BundleInvalid("The file is not a zip.", "not-a-zip")
    _, disk, _, _, declared, length, _, _ = struct.unpack_from("<4s4H2LH", tail, at)
    end = size - tail_len + at
    if end >= 76:
        f.seek(end - 76)
        record, locator = f.read(56), f.read(20)
        if locator[:4] == _LOCATOR64 and record[:4] == _EOCD64:
            _, _, _, _, disk, _, _, declared, length, _ = struct.unpack("<4sQ2H2L4Q", record)
            end -= 76
    if disk != 0:
        raise BundleInvalid("The zip is split across several files; a bundle is one file.",
                            "unreadable")
    if length > end:
        raise BundleInvalid("The zip's table of contents is damaged.", "unreadable")
    return end - length, length, declared


def open_archive(f: BinaryIO, password: bytes | None) -> zipfile.ZipFile:
    """The zip, opened for reading (with pyzipper when it is encrypted and a password is given)."""
    try:
        archive = zipfile.ZipFile(f)
    except _BAD_ZIP as error:
        raise BundleInvalid("The zip cannot be read: {reason}.", "unreadable",
                            reason=str(error)) from error
    locked = [info.orig_filename for info in archive.infolist()
              if info.flag_bits & _ENCRYPTED_FLAG]
    if not locked:
        return archive
    archive.close()
    if not password:
        raise BundleInvalid("The bundle is encrypted: give its password to check it.",
                            "encrypted")
    try:
        encrypted = pyzipper.AESZipFile(f)
    except _BAD_ZIP as error:
        raise BundleInvalid("The zip cannot be read: {reason}.", "unreadable",
                            reason=str(error)) from error
    encrypted.setpassword(password)
    return encrypted


def unsafe_reason(name: str) -> str | None:
    """Why ``name`` must not be a file's name in a bundle, or None when it is safe."""
    if not name:
        return N_("it is empty")
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in name):
        return N_("it contains a control character")
    if "\\" in name:
        return N_("it contains a backslash")
    if name.startswith("/"):
        return N_("it is an absolute path")
    if len(name) >= 2 and name[1] == ":" and name[0].isascii() and name[0].isalpha():
        return N_("it starts with a drive letter")
    parts = name[:-1].split("/") if name.endswith("/") else name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return N_("it has a '..', '.' or empty part")
    return None


def entry_problems(archive: zipfile.ZipFile) -> list[Problem]:
    """Every entry that makes the zip unsafe to read: names, links, duplicates, sizes."""
    problems: list[Problem] = []
    names: dict[str, str] = {}  # NFC name without a trailing "/" -> name as written
    folders: set[str] = set()
    total = 0
    for info in archive.infolist():
        name = info.orig_filename
        reason = unsafe_reason(name)
        if reason:
            problems.append(flag("{path} is not a safe name for a file in a bundle: {reason}.",
                                 "unsafe-name", name, reason=reason))
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            problems.append(flag("{path} is a symbolic link; a bundle holds only plain files.",
                                 "link", name))
        elif kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            problems.append(flag("{path} is a special file, not a plain file.", "link", name))
        key = unicodedata.normalize("NFC", name).rstrip("/")
        if key in names:
            other = names[key]
            problems.append(flag("{path} appears more than once in the zip.", "duplicate-name",
                                 name) if other == name else
                            flag("{path} and {other} are the same name written in two ways.",
                                 "duplicate-name", name, other=other))
        names.setdefault(key, name)
        folders.update(key[:i] for i, ch in enumerate(key) if ch == "/")
        total += info.file_size
        problems.extend(_size_problems(info))
    for key, name in names.items():
        if key in folders and not name.endswith("/"):
            problems.append(flag("{path} is both a file and a folder in the zip.",
                                 "duplicate-name", name))
    if total > MAX_TOTAL:
        problems.append(flag("The files in the zip add up to {size} bytes, more than the {limit} "
                             "bytes a bundle may hold: refused as a zip bomb.", "zip-bomb",
                             size=total, limit=MAX_TOTAL))
    return problems + _overlaps(archive)


def _size_problems(info: zipfile.ZipInfo) -> list[Problem]:
    name = info.orig_filename
    if info.file_size > MAX_MEMBER:
        return [flag("{path} says it holds {size} bytes, more than the {limit} bytes a file in a "
                     "bundle may have: refused as a zip bomb.", "zip-bomb", name,
                     size=info.file_size, limit=MAX_MEMBER)]
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * info.compress_size:
        return [flag("{path} takes {compressed} bytes in the zip but says it unpacks to {size}, "
                     "more than {ratio} times as much: refused as a zip bomb.", "zip-bomb", name,
                     compressed=info.compress_size, size=info.file_size, ratio=MAX_RATIO)]
    return []


def _overlaps(archive: zipfile.ZipFile) -> list[Problem]:
    """Entries whose data overlaps the next one's (several names for the same bytes)."""
    problems = []
    ordered = sorted(archive.infolist(), key=lambda info: info.header_offset)
    ends = [info.header_offset for info in ordered[1:]] + [archive.start_dir]
    for info, limit in zip(ordered, ends, strict=True):
        encoding = "utf-8" if info.flag_bits & _UTF8_FLAG else "cp437"
        try:
            name_len = len(info.orig_filename.encode(encoding))
        except UnicodeEncodeError:
            name_len = 0
        if info.header_offset + 30 + name_len + info.compress_size > limit:
            problems.append(flag("{path} overlaps another entry in the zip: refused as a zip "
                                 "bomb.", "zip-bomb", info.orig_filename))
    return problems


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in chunks of up to :data:`CHUNK`, never more than it declares.

    Raises :class:`BundleInvalid`: "zip-bomb" when it inflates beyond its declared size,
    "unreadable" when it is damaged or shorter, "encrypted" for a wrong password. The zip's
    CRC-32 is not checked (the SHA-256 in the manifests is), except for encrypted members.
    """
    name = info.orig_filename
    limited = copy.copy(info)
    limited.file_size = info.file_size + 1  # one byte more shows that a member overflows
    if not info.flag_bits & _ENCRYPTED_FLAG:
        del limited.CRC  # zipfile then skips its CRC check
    done = 0
    try:
        with archive.open(limited) as member:
            while data := member.read(CHUNK):
                done += len(data)
                if done > info.file_size:
                    raise BundleInvalid("{path} unpacks to more than the {size} bytes the zip "
                                        "declares for it: refused as a zip bomb.", "zip-bomb",
                                        name, size=info.file_size)
                yield data
    except RuntimeError as error:  # pyzipper's "Bad password"
        raise BundleInvalid("The password is wrong.", "encrypted") from error
    except NotImplementedError as error:
        raise BundleInvalid("{path} cannot be read: it uses a compression method this app does "
                            "not know.", "unreadable", name) from error
    except _BAD_ZIP as error:
        if info.flag_bits & _ENCRYPTED_FLAG:  # a bad HMAC: a wrong password or changed bytes
            raise BundleInvalid("{path} cannot be decrypted: the password is wrong, or the zip "
                                "was changed.", "encrypted", name) from error
        raise BundleInvalid("{path} cannot be read: {reason}.", "unreadable", name,
                            reason=str(error) or type(error).__name__) from error
    if done < info.file_size:
        raise BundleInvalid("{path} is damaged: it ends after {done} of the {size} bytes the zip "
                            "declares.", "unreadable", name, done=done, size=info.file_size)
