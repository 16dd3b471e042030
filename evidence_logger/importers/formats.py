"""The one registry of the formats Evidence Logger imports.

Each format is declared once, with its kind of evidence, the sniffer that recognises it by
content (:mod:`.detect`), the extensions its files usually have, its reader, and whether a
recording of it pairs with a BCR JSON sidecar of the same name. Detection (:func:`detect`),
sidecar pairing (:func:`pairs_with_sidecar`) and the import's dispatch
(:func:`evidence_logger.importing`) all read it: adding a format is one entry here plus its
reader (and its sniffer, when no existing one recognises it).

Readers by kind (``ctx`` is the case's :class:`~evidence_logger.records.ReadContext`):
``recording`` and ``image``: ``read(path, ctx) -> MediaInfo``; ``call-log``:
``read(path, ctx) -> Iterator[CallRecord]``; ``messages``: ``read(path, ctx) ->
Iterator[MessageRecord]``; ``metadata``: no reader (kept as an original; a sidecar's content is
read with the recording it belongs to).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_logger.importers import (
    android_db,
    carrier,
    csv_calls,
    images,
    ios,
    other,
    pc_suites,
    sbr_xml,
)
from evidence_logger.importers import detect as sniff
from evidence_logger.importers.audio import probe_audio
from evidence_logger.records import MediaInfo, ReadContext, SkipFile

RECORDING, IMAGE, CALL_LOG, MESSAGES, METADATA, OTHER = (
    "recording", "image", "call-log", "messages", "metadata", "other")
KINDS = (RECORDING, IMAGE, CALL_LOG, MESSAGES, METADATA, OTHER)

Sniffer = Callable[[bytes, Path], "str | None"]
Reader = Callable[[Path, ReadContext], Any]


@dataclass(frozen=True, slots=True)
class Format:
    """One importable format."""

    id: str  # stored as the original's format, e.g. "mp3", "sbr-calls"
    kind: str  # one of KINDS
    sniff: Sniffer  # recognises it (and maybe others of its family) by content
    extensions: tuple[str, ...]  # lower case, with the dot
    read: Reader | None  # see the module's docstring
    sidecar: bool = False  # a recording that pairs with a BCR JSON sidecar


def _recording(path: Path, ctx: ReadContext) -> MediaInfo:
    return probe_audio(path)


def _audio(fmt: str, *extensions: str) -> Format:
    return Format(fmt, RECORDING, sniff.audio, extensions, _recording, sidecar=True)


def _image(fmt: str, *extensions: str) -> Format:
    return Format(fmt, IMAGE, sniff.image, extensions, images.probe_image)


_TABLES = (".csv", ".xlsx", ".xls", ".pdf")

# In the order detection asks: signatures first, then exports by their structure.
REGISTRY: tuple[Format, ...] = (
    # an MP4 with a picture begins like an M4A recording: its tracks are looked at first
    Format(other.VIDEO, OTHER, other.video, (".mp4", ".mov", ".mkv", ".webm", ".avi", ".flv",
                                             ".m4v"), None),
    _audio("mp3", ".mp3"),
    _audio("m4a", ".m4a", ".mp4", ".aac"),
    _audio("3gp", ".3gp", ".3ga", ".3g2"),
    _audio("amr-nb", ".amr"),
    _audio("amr-wb", ".awb", ".amr"),
    _audio("ogg-opus", ".opus", ".ogg", ".oga"),
    _audio("ogg-vorbis", ".ogg", ".oga"),
    _audio("ogg", ".ogg", ".oga"),
    _audio("wav", ".wav"),
    _audio("flac", ".flac"),
    _audio("aac", ".aac"),
    _image("png", ".png"),
    _image("jpeg", ".jpg", ".jpeg"),
    _image("webp", ".webp"),
    _image("gif", ".gif"),
    _image("heic", ".heic"),
    Format("sbr-calls", CALL_LOG, sniff.sms_backup_restore, (".xml",), sbr_xml.read_sbr_calls),
    Format("sbr-sms", MESSAGES, sniff.sms_backup_restore, (".xml",), sbr_xml.read_sbr_sms),
    Format("ios-calls", CALL_LOG, sniff.iphone_database, (".db", ".storedata"),
           ios.read_ios_calls),
    Format("ios-sms", MESSAGES, sniff.iphone_database, (".db",), ios.read_ios_sms),
    Format("android-calls", CALL_LOG, sniff.android_database, (".db",),
           android_db.read_android_calls),
    Format("android-sms", MESSAGES, sniff.android_database, (".db",),
           android_db.read_android_sms),
    Format("bcr-sidecar", METADATA, sniff.bcr_sidecar, (".json",), None),
    # before csv-calls: a carrier's header also has a number and a time column
    Format(carrier.CALLS, CALL_LOG, sniff.carrier_record, _TABLES, carrier.read_carrier),
    Format(carrier.SMS, MESSAGES, sniff.carrier_record, _TABLES, carrier.read_carrier),
    # a headerless iMazing CSV, and Nokia's LogExport (calls and messages in one file)
    Format(pc_suites.IMAZING, CALL_LOG, sniff.pc_suite_csv, (".csv",), pc_suites.read_imazing),
    Format(pc_suites.NOKIA, CALL_LOG, sniff.pc_suite_csv, (".csv",), pc_suites.read_nokia),
    Format("csv-calls", CALL_LOG, sniff.call_log_csv, (".csv",), csv_calls.read_csv_log),
    # last: what the app keeps without reading it (contracts, videos, voice messages)
    Format(other.PDF, OTHER, other.sniff, (".pdf",), None),
    Format(other.WORD, OTHER, other.sniff, (".doc", ".ppt", ".wps"), None),
    Format(other.OFFICE, OTHER, other.sniff, (".docx", ".pptx", ".odt", ".ods", ".odp"), None),
    Format(other.VOICE, OTHER, other.sniff, (".silk", ".slk", ".amr"), None),
    Format(other.TEXT, OTHER, other.sniff, (".rtf",), None),
)
FORMATS: dict[str, Format] = {f.id: f for f in REGISTRY}
SNIFFERS: tuple[Sniffer, ...] = tuple(dict.fromkeys(f.sniff for f in REGISTRY))


def detect(path: Path) -> tuple[str, str] | None:
    """``(kind, format)`` of the file at ``path`` from its content, or None when no format of
    the registry recognises it."""
    with open(path, "rb") as f:
        head = f.read(sniff.HEAD_BYTES)
    for sniffer in SNIFFERS:
        if (fmt := sniffer(head, path)) is not None:
            return FORMATS[fmt].kind, fmt
    return None


def extensions(kind: str) -> frozenset[str]:
    """Every extension a file of ``kind`` usually has."""
    return frozenset(ext for f in REGISTRY if f.kind == kind for ext in f.extensions)


def pairs_with_sidecar(path: Path) -> bool:
    """Whether ``path`` is named like a recording that keeps its call's facts in a BCR sidecar
    (``name.json`` next to ``name.<ext>``); decided by name, before the content is read."""
    suffix = path.suffix.lower()
    return any(f.sidecar and suffix in f.extensions for f in REGISTRY)


def read(fmt: str, path: Path, ctx: ReadContext) -> Any:
    """What the reader of ``fmt`` reads from ``path``: a recording's or an image's
    :class:`~evidence_logger.records.MediaInfo`, or the records of a call log or message
    export (an iterator)."""
    reader = FORMATS[fmt].read
    if reader is None:
        raise ValueError(f"{fmt} has no reader")
    return reader(path, ctx)


def unsupported(path: Path) -> SkipFile:
    """Why the file at ``path`` cannot be imported, as a sentence (no format recognised it)."""
    suffix = path.suffix.lower()
    if suffix in extensions(RECORDING):
        return SkipFile("{name} is named like a recording, but its content is not audio.",
                        name=path.name)
    if suffix in extensions(IMAGE):
        return SkipFile("{name} is named like a picture, but its content is not an image.",
                        name=path.name)
    from evidence_logger.importers import tables

    damage = tables.damage(path)
    if damage == "damaged":
        return SkipFile("{name} is a spreadsheet or PDF that appears damaged (cut short or"
                        " broken inside): it could not be opened. Download or copy it again.",
                        name=path.name)
    if damage == "no table":
        return SkipFile("{name} has no table in it (a PDF of text or pictures only): there are"
                        " no calls or messages to read. A text PDF 电子详单 or the Excel file"
                        " from the carrier can be imported.", name=path.name)
    return SkipFile("{name} is not a kind of file Evidence Logger can import (recordings, "
                    "pictures, call-log and message exports).", name=path.name)
