"""What importers read out of a file, before it is stored.

Importers are pure readers: they take a path and a :class:`ReadContext` and yield records. They
never touch the case database or the vault; :mod:`evidence_logger.importing` does that. Every
record carries a ``locator`` saying where in the original file it came from, so that each
event can be traced back to the exact row, element or name it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from evidence_logger.errors import UserFacingError

# Where a time came from, strongest first. Stored with every time and shown in the report.
# "carrier": a carrier's call-detail record (运营商详单), a third party's record: strong.
# "placed": the borrower placed a recording on a call.
# "screen": a time shown on a screenshot (a chat's separator, a call list's row), read by OCR
# and, where it leaves out the day or year, resolved against the screenshot's capture time.
TIME_SOURCES = ("carrier", "log", "sidecar", "exif", "file-name", "file-mtime", "user", "placed",
                "screen")
# The locator of a recording's statement when the borrower placed it on a call (see placing.py).
PLACED_LOCATOR = "placed by the borrower"
# How much a time can be trusted.
TRUST_STRONG, TRUST_MEDIUM, TRUST_WEAK = "strong", "medium", "weak"

# Call outcomes, as read from a call log (SMS Backup & Restore types 1-7 and CSV labels).
CALL_STATUSES = (
    "answered",  # incoming, connected
    "outgoing",  # placed by the phone's owner
    "missed",  # incoming, not answered
    "voicemail",
    "rejected",  # incoming, declined by the owner
    "blocked",  # incoming, refused by a block list
    "external",  # answered on another device
    "recorded",  # known only from a recording: connected, outcome otherwise unknown
)


class SkipFile(UserFacingError):
    """A file (or the rest of one) cannot be imported.

    Importers raise it with a reason a borrower can understand (a sentence template and its
    fields, see :class:`~evidence_logger.errors.UserFacingError`); the details go to the log.
    """


class YearNeeded(SkipFile):
    """A file's dates have no year and nothing in it says the year: ask the user (``import
    --year``, or the window's question) and import the file again with it."""


class PartialFile(UserFacingError):
    """A file was read up to a point and then broke off (a truncated or damaged export).

    Raised by a reader *after* it has yielded every complete record before the break; the
    importer keeps those records and reports this as a problem with the file.
    """


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader needs to know about the case it reads for."""

    tz: ZoneInfo  # the case's time zone: naive local times in file names and CSVs are in it
    region: str = "CN"  # default region for phone numbers without a country code
    year: int | None = None  # the year the user gave for dates written without one


@dataclass(frozen=True, slots=True)
class FileNote:
    """What a reader says about the file as a whole (yielded among its records), e.g. how many
    subtotal rows it passed over or which day-month order it read; shown in the file's
    import summary. ``template`` is a translatable sentence with ``{name}`` for the file."""

    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, name: str, lang: str | None = None) -> str:
        from evidence_logger.i18n import tr

        return tr(self.template, lang, name=name, **self.params)


@dataclass(slots=True)
class TimeClaim:
    """A point in time, where that claim comes from and how far to trust it."""

    utc_ms: int  # milliseconds since the Unix epoch, UTC
    source: str  # one of TIME_SOURCES
    trust: str  # TRUST_STRONG / TRUST_MEDIUM / TRUST_WEAK
    precision_s: int = 1  # 60 when the source only gives minutes


@dataclass(slots=True)
class CallRecord:
    """One call as a call log (or a recording's name) states it."""

    locator: str  # e.g. "call 17" (XML element index, 1-based), "row 5", "ZCALLRECORD 42"
    number: str  # as written in the source; normalised later
    at_ms: int  # start, UTC milliseconds
    direction: str  # "in" or "out"
    status: str  # one of CALL_STATUSES
    duration: float | None = None  # seconds; None when the source does not say
    contact_name: str | None = None  # the name the phone's address book gave the number
    time_source: str = "log"
    time_trust: str = TRUST_STRONG
    time_precision_s: int = 1
    # the country a number written without + belongs to, when the source says (an iPhone's
    # ZISO_COUNTRY_CODE, as "CN", "US"); None: the case's region
    region: str | None = None


@dataclass(slots=True)
class MessageRecord:
    """One SMS/MMS/iMessage as an export states it."""

    locator: str  # e.g. "sms 3", "mms 2", "message ROWID 7"
    number: str  # the other party, as written
    at_ms: int  # when the phone received or stored it, UTC milliseconds
    direction: str  # "in" or "out"
    text: str
    contact_name: str | None = None
    date_sent_ms: int | None = None  # the sender's clock; a second fact, never the event time
    attachments: list[Attachment] = field(default_factory=list)
    time_source: str = "log"
    time_trust: str = TRUST_STRONG
    time_precision_s: int = 1  # a screenshot's separator may give only the minute or the day


@dataclass(slots=True)
class Attachment:
    """A file embedded in an export (an MMS image): kept as an original of its own."""

    locator: str  # e.g. "mms 2 part 1"
    name: str  # the part's name, or one made from the locator
    mime: str
    data: bytes


@dataclass(slots=True)
class MediaInfo:
    """What an audio or image file says about itself, read without decoding all of it."""

    kind: str  # "recording" or "image"
    format: str  # e.g. "mp3", "m4a", "amr-nb", "amr-wb", "3gp", "ogg-opus", "wav", "png"
    meta: dict[str, Any] = field(default_factory=dict)  # duration, codec, width, ...
    at: TimeClaim | None = None  # when the content was made, if the file says


@dataclass(slots=True)
class RecordingName:
    """What a call recording's file name (or BCR sidecar) says about the call."""

    vendor: str  # "miui", "huawei", "coloros", "vivo", "lineageos", "grapheneos", "bcr", ...
    number: str | None  # as written (MIUI "00" prefix already turned into "+")
    local_time: datetime | None  # naive, phone's local time; None when the name has none
    precision_s: int = 1
    direction: str | None = None  # "in"/"out" when the name says (BCR)
    contact_name: str | None = None
    utc_offset_minutes: int | None = None  # BCR writes the zone; then local_time is exact
