"""Which reader a file needs, decided by its content, never by its extension alone."""

from __future__ import annotations

import json
from pathlib import Path

from evidence_logger.importers.audio import audio_format
from evidence_logger.importers.csv_calls import sniff_csv_calls
from evidence_logger.importers.images import image_format
from evidence_logger.importers.ios import sniff_ios_db
from evidence_logger.importers.sbr_xml import sniff_sbr

HEAD_BYTES = 8192
SQLITE_MAGIC = b"SQLite format 3\x00"

# kind of evidence for each format that is not audio or an image
EXPORT_KINDS = {"sbr-calls": "call-log", "csv-calls": "call-log", "ios-calls": "call-log",
                "sbr-sms": "messages", "ios-sms": "messages", "bcr-sidecar": "metadata"}
AUDIO_EXTENSIONS = {".mp3", ".m4a", ".aac", ".amr", ".awb", ".3gp", ".3ga", ".ogg", ".opus",
                    ".wav", ".flac"}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".webp", ".heic", ".gif"}


def detect(path: Path) -> tuple[str, str] | None:
    """``(kind, format)`` of the file at ``path``, or None when we cannot read it.

    kind is one of recording, image, call-log, messages, metadata.
    """
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    if fmt := audio_format(head[:64]):
        return "recording", fmt
    if fmt := image_format(head[:64]):
        return "image", fmt
    if fmt := sniff_sbr(head):
        return EXPORT_KINDS[fmt], fmt
    if head.startswith(SQLITE_MAGIC):
        fmt = sniff_ios_db(path)
        return (EXPORT_KINDS[fmt], fmt) if fmt else None
    if is_bcr_sidecar(head):
        return "metadata", "bcr-sidecar"
    if sniff_csv_calls(head):
        return "call-log", "csv-calls"
    return None


def is_bcr_sidecar(head: bytes) -> bool:
    """A BCR recording's JSON sidecar (small; starts with an object naming the call)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{") or len(head) >= HEAD_BYTES:
        return False
    try:
        data = json.loads(head.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and ("timestamp_unix_ms" in data or "calls" in data)
