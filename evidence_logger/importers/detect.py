"""How each family of formats is recognised by its content, never by its extension alone.

Each sniffer takes a file's first :data:`HEAD_BYTES` bytes and its path and returns the id of
the format it recognises, or None. :mod:`evidence_logger.importers.formats` names each format's
sniffer and asks them in the order of its registry (:func:`~.formats.detect`).
"""

from __future__ import annotations

import json
from pathlib import Path

from evidence_logger.importers import carrier, pc_suites
from evidence_logger.importers.android_db import sniff_android_db
from evidence_logger.importers.audio import audio_format
from evidence_logger.importers.csv_calls import sniff_csv_calls
from evidence_logger.importers.images import image_format
from evidence_logger.importers.ios import sniff_ios_db
from evidence_logger.importers.sbr_xml import sniff_sbr

HEAD_BYTES = 8192
SQLITE_MAGIC = b"SQLite format 3\x00"


def audio(head: bytes, path: Path) -> str | None:
    """An audio container or stream from its signature (see :func:`audio_format`)."""
    return audio_format(head[:64])


def image(head: bytes, path: Path) -> str | None:
    """A picture from its signature."""
    return image_format(head[:64])


def sms_backup_restore(head: bytes, path: Path) -> str | None:
    """An SMS Backup & Restore export from its root element: its calls or its messages."""
    return sniff_sbr(head)


def iphone_database(head: bytes, path: Path) -> str | None:
    """An iPhone call history or message database from its tables."""
    return sniff_ios_db(path) if head.startswith(SQLITE_MAGIC) else None


def android_database(head: bytes, path: Path) -> str | None:
    """An Android call log (calllog.db) or message database (mmssms.db) from its tables."""
    return sniff_android_db(path) if head.startswith(SQLITE_MAGIC) else None


def bcr_sidecar(head: bytes, path: Path) -> str | None:
    """A BCR recording's JSON sidecar (small; an object naming the call)."""
    return "bcr-sidecar" if is_bcr_sidecar(head) else None


def carrier_record(head: bytes, path: Path) -> str | None:
    """A carrier's call or SMS detail record (CSV, Excel or PDF) from its header row."""
    return carrier.sniff(head, path)


def pc_suite_csv(head: bytes, path: Path) -> str | None:
    """An iMazing call-history CSV (no header) or a Nokia LogExport CSV."""
    return pc_suites.sniff(head, path)


def call_log_csv(head: bytes, path: Path) -> str | None:
    """A call-log CSV from its header row."""
    return "csv-calls" if sniff_csv_calls(head) else None


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
