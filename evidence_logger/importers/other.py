"""Files the app keeps but does not read: a loan contract (PDF, Word), a video or screen
recording, a WeChat voice message (SILK), a document.

They are evidence all the same: each is kept as an original of kind ``other`` with its SHA-256,
its time (the file's modification time, a weak claim) and a custody entry, listed in the bundle
and the dossier's evidence list as such, rather than refused. Recognised by content, like every
format (:mod:`evidence_logger.importers.formats` asks :func:`sniff` last).
"""

from __future__ import annotations

import os
from pathlib import Path

PDF, WORD, OFFICE, VIDEO, VOICE, TEXT = (
    "pdf-document", "office-document", "office-open-document", "video", "wechat-voice",
    "rtf-document")
FORMATS = (PDF, WORD, OFFICE, VIDEO, VOICE, TEXT)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_MOVIE_BOX = 64 << 20  # bytes of an MP4's movie box read to find its tracks
_OPEN_DOCUMENTS = (".docx", ".pptx", ".odt", ".ods", ".odp", ".wps", ".pages")
_TABLE_SUFFIXES = (".xls", ".xlsx", ".csv", ".pdf")


def sniff(head: bytes, path: Path) -> str | None:
    """The kind of document or voice file ``head`` starts, or None (asked last)."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return PDF if _no_table_to_read(path) else None
    if head.startswith(_OLE2):  # .doc, .xls, .ppt
        return WORD if suffix not in _TABLE_SUFFIXES else None
    if head.startswith(b"PK\x03\x04") and suffix in _OPEN_DOCUMENTS:
        return OFFICE
    if head.startswith((b"#!SILK_V3", b"\x02#!SILK_V3")):
        return VOICE
    if head.startswith(b"{\\rtf"):
        return TEXT  # plain text is not taken: a note to oneself is no evidence
    return None


def video(head: bytes, path: Path) -> str | None:
    """A video or screen recording: asked before the audio signatures, because an MP4 with a
    picture has the same first bytes as an M4A recording (its tracks tell them apart)."""
    if head[4:8] == b"ftyp":
        return VIDEO if head[8:10] != b"3g" and _mp4_has_video(path) else None
    if head.startswith(b"\x1aE\xdf\xa3") or (head[:4] == b"RIFF" and head[8:12] == b"AVI ") \
            or head.startswith(b"FLV\x01"):
        return VIDEO
    return None


def _mp4_has_video(path: Path) -> bool:
    """Whether the MP4's movie box has a video track (a ``hdlr`` box of type ``vide``); the
    top-level boxes are walked by their sizes, only the movie box is read."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        pos = 0
        while pos + 8 <= size:
            f.seek(pos)
            header = f.read(16)
            length, kind, skip = int.from_bytes(header[:4], "big"), header[4:8], 8
            if length == 1 and len(header) == 16:
                length, skip = int.from_bytes(header[8:16], "big"), 16
            elif length == 0:
                length = size - pos
            if length < skip:
                return False
            if kind == b"moov":
                f.seek(pos + skip)
                movie = f.read(min(length - skip, _MAX_MOVIE_BOX))
                at = movie.find(b"hdlr")
                while at >= 0:
                    if movie[at + 12:at + 16] == b"vide":
                        return True
                    at = movie.find(b"hdlr", at + 4)
                return False
            pos += length
    return False


def _no_table_to_read(path: Path) -> bool:
    """A PDF that is no carrier's table (a contract): kept. A PDF that cannot be opened at all
    stays a problem named to the user (it may be a detail record cut short)."""
    from evidence_logger.importers.tables import damage

    return damage(path) != "damaged"
