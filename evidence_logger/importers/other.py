"""Files the app keeps but does not read: a loan contract (PDF, Word), a video or screen
recording, a WeChat voice message (SILK), a document.

They are evidence all the same: each is kept as an original of kind ``other`` with its SHA-256,
its time (the file's modification time, a weak claim) and a custody entry, listed in the bundle
and the dossier's evidence list as such, rather than refused. Recognised by content, like every
format (:mod:`evidence_logger.importers.formats` asks :func:`sniff` last).
"""

from __future__ import annotations

from pathlib import Path

PDF, WORD, OFFICE, VIDEO, VOICE, TEXT = (
    "pdf-document", "office-document", "office-open-document", "video", "wechat-voice", "text")
FORMATS = (PDF, WORD, OFFICE, VIDEO, VOICE, TEXT)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_VIDEO_BRANDS = (b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
                 b"qt  ", b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"dash", b"mmp4")
_OPEN_DOCUMENTS = (".docx", ".pptx", ".odt", ".ods", ".odp", ".wps", ".pages")
_TEXT_SUFFIXES = (".txt", ".rtf", ".md", ".html", ".htm")
_TABLE_SUFFIXES = (".xls", ".xlsx", ".csv", ".pdf")


def sniff(head: bytes, path: Path) -> str | None:
    """The kind of document, video or voice file ``head`` starts, or None."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return PDF if _no_table_to_read(path) else None
    if head.startswith(_OLE2):  # .doc, .xls, .ppt
        return WORD if suffix not in _TABLE_SUFFIXES else None
    if head.startswith(b"PK\x03\x04") and suffix in _OPEN_DOCUMENTS:
        return OFFICE
    if head[4:8] == b"ftyp" and head[8:12] in _VIDEO_BRANDS:
        return VIDEO  # audio-only MP4s were recognised as recordings before
    if head.startswith(b"\x1aE\xdf\xa3") or (head[:4] == b"RIFF" and head[8:12] == b"AVI ") \
            or head.startswith(b"FLV") or head[4:8] in (b"moov", b"mdat", b"wide"):
        return VIDEO
    if head.startswith((b"#!SILK_V3", b"\x02#!SILK_V3")):
        return VOICE
    if head.startswith(b"{\\rtf") or (suffix in _TEXT_SUFFIXES and _is_text(head)):
        return TEXT
    return None


def _no_table_to_read(path: Path) -> bool:
    """A PDF that is no carrier's table (a contract): kept. A PDF that cannot be opened at all
    stays a problem named to the user (it may be a detail record cut short)."""
    from evidence_logger.importers.tables import damage

    return damage(path) != "damaged"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head[:-4].decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False
