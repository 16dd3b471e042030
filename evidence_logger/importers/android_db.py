"""Android's own databases, from a rooted phone or a backup: ``calllog.db`` and ``mmssms.db``.

``calllog.db``: table ``calls`` (``number``, ``date`` in ms, ``duration`` in s, ``type`` 1-7 as
in SMS Backup & Restore, ``name``, ``presentation``, ``subscription_id``). ``mmssms.db``: table
``sms`` (``address``, ``date`` in ms, ``date_sent``, ``type`` 1 received / 2 sent / 3 draft /
4-6 the owner's attempts to send, ``body``) and the MMS tables ``pdu`` (``date`` in seconds,
``msg_box``), ``part`` (``mid``, ``ct``, ``text``) and ``addr`` (``msg_id``, ``address``,
``type`` 137 from / 151 to).

An MMS's text parts are in the database; its pictures and other attachments are not (``part._data``
names a file in the phone's own storage). Their messages are imported with their text, and the
reader says afterwards how many attachments it could not import.

Databases are opened read-only and immutable, as the iPhone reader does
(:mod:`evidence_logger.importers.ios`): the original is never written, and a non-empty
``<name>-wal`` beside it (whose newest records immutable mode does not read) is reported.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from evidence_logger.importers.sbr_xml import _BOXES, _CALL_TYPES, _DRAFT, _NO_NAME, _NO_NUMBER
from evidence_logger.importers.sqlite_db import columns, connect, schema, select_list, tables
from evidence_logger.records import CallRecord, MessageRecord, PartialFile, ReadContext, SkipFile

log = logging.getLogger(__name__)

_SECONDS_BELOW = 100_000_000_000  # a date under 1e11 is in seconds (pdu.date always is)
_ALLOWED = 1  # CallLog.Calls.PRESENTATION_ALLOWED; 2 restricted, 3 unknown, 4 payphone
_FROM, _TO = 137, 151
_CALL_COLUMNS = {"number", "date", "duration", "type"}
_SMS_COLUMNS = {"address", "date", "type", "body"}


def sniff_android_db(path: Path) -> str | None:
    """Return "android-calls" or "android-sms" for a calllog.db or mmssms.db, by its tables."""
    found = schema(path)
    if found is None:
        return None
    if _CALL_COLUMNS <= found.get("calls", set()):
        return "android-calls"
    if _SMS_COLUMNS <= found.get("sms", set()):
        return "android-sms"
    return None


def _ms(value: object) -> int | None:
    """A ``date`` column as Unix ms (seconds recognised by size); None if missing or <= 0."""
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    if n <= 0:
        return None
    return n * 1000 if n < _SECONDS_BELOW else n


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value).strip()


def _first_address(value: object) -> str:
    """The first number of an address that may name a group (``a~b``, ``a,b``, ``a;b``)."""
    text = _text(value)
    for sep in ("~", ",", ";"):
        text = text.split(sep, 1)[0]
    text = text.strip()
    return "" if text in _NO_NUMBER else text


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


class _Reader:
    """One database, opened read-only: its rows, and the problems met, said at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.count = 0  # records read
        self.bad = 0  # rows left out for want of a usable date
        self.first_bad = ""
        try:
            self.con = connect(path)
            self.tables = tables(self.con)
        except sqlite3.Error as exc:
            log.warning("%s: cannot open: %s", self.name, exc)
            raise _not_a_database(self.name) from None
        self.con.row_factory = sqlite3.Row

    def rows(self, table: str, wanted: set[str], order: str = "_id") -> Iterator[sqlite3.Row]:
        """Rows of ``table``; wanted columns it lacks read as NULL."""
        present = columns(self.con, table)
        cols = select_list(present, wanted)
        key = order if order in present else "rowid"
        yield from self.con.execute(f"SELECT {cols} FROM {table} ORDER BY {key}")

    def left_out(self, locator: str) -> None:
        self.bad += 1
        if not self.first_bad:
            self.first_bad = locator
            log.warning("%s: %s has no usable date; left out (and any others like it)",
                        self.name, locator)

    def guarded(self, records: Iterator) -> Iterator:
        """``records``, with SQLite errors turned into a sentence (after what was read)."""
        with closing(self.con):
            try:
                for record in records:
                    self.count += 1
                    yield record
            except sqlite3.Error as exc:
                log.warning("%s: SQLite error after %d records: %s", self.name, self.count, exc)
                if self.count:
                    raise PartialFile("{name} is damaged: {count} records were read before the"
                                      " damage, the rest could not be.",
                                      name=self.name, count=self.count) from None
                raise _not_a_database(self.name) from None
        wal = self.path.with_name(self.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise PartialFile("{name} has a companion file {wal} that may hold its newest"
                              " records; it was not read. Copy the database from the phone"
                              " again after closing it, or import a backup.",
                              name=self.name, wal=wal.name)
        if self.bad:
            raise PartialFile("{name}: {bad} of {total} records could not be read (first at"
                              " {locator}: no usable time); the others were imported.",
                              name=self.name, bad=self.bad, total=self.bad + self.count,
                              locator=self.first_bad)


def _not_a_database(name: str) -> SkipFile:
    return SkipFile("{name} could not be opened as an Android call log or message database;"
                    " it may be damaged or incomplete.", name=name)


def read_android_calls(path: Path, ctx: ReadContext) -> Iterator[CallRecord]:
    """Yield every row of ``calls``. A withheld, unknown or payphone caller (``presentation``
    2-4, or the numbers "-1", "-2", "-3") has number "" and is an unknown caller; types outside
    1-7 count as incoming, answered when the call lasted."""
    reader = _Reader(path)

    def records() -> Iterator[CallRecord]:
        wanted = {"_id", "number", "date", "duration", "type", "name", "presentation",
                  "subscription_id"}
        for row in reader.rows("calls", wanted):
            locator = f"calls _id {row['_id']}"
            at = _ms(row["date"])
            if at is None:
                reader.left_out(locator)
                continue
            duration = _int(row["duration"])
            status, direction = _CALL_TYPES.get(str(row["type"]), (
                "answered" if duration else "missed", "in"))
            number = _text(row["number"])
            presentation = _int(row["presentation"])
            if number in _NO_NUMBER or presentation not in (None, _ALLOWED):
                number = ""
            if row["subscription_id"] not in (None, "", -1):
                locator = f"{locator} (SIM {row['subscription_id']})"
            name = _text(row["name"])
            yield CallRecord(locator, number, at, direction, status, duration,
                             None if name in _NO_NAME else name)

    yield from reader.guarded(records())


def read_android_sms(path: Path, ctx: ReadContext) -> Iterator[MessageRecord]:
    """Yield every SMS of ``sms``, then every MMS of ``pdu`` with its text parts; drafts are
    left out. Attachments stay on the phone: PartialFile counts them at the end."""
    reader = _Reader(path)
    attachments = 0

    def records() -> Iterator[MessageRecord]:
        nonlocal attachments
        for row in reader.rows("sms", {"_id", "address", "date", "date_sent", "type", "body"}):
            box = str(row["type"]) if row["type"] is not None else "1"
            if box == _DRAFT:
                continue
            locator = f"sms _id {row['_id']}"
            at = _ms(row["date"])
            if at is None:
                reader.left_out(locator)
                continue
            yield MessageRecord(locator, _first_address(row["address"]), at,
                                _BOXES.get(box, "in"), _text(row["body"]),
                                date_sent_ms=_ms(row["date_sent"]))
        if not {"pdu", "part"} <= reader.tables:
            return
        has_addr = "addr" in reader.tables
        for row in reader.rows("pdu", {"_id", "date", "date_sent", "msg_box"}):
            box = str(row["msg_box"]) if row["msg_box"] is not None else "1"
            if box == _DRAFT:
                continue
            locator = f"pdu _id {row['_id']}"
            at = _ms(row["date"])
            if at is None:
                reader.left_out(locator)
                continue
            direction = _BOXES.get(box, "in")
            texts = []
            for part in reader.con.execute(
                    "SELECT ct, text FROM part WHERE mid = ? ORDER BY seq, _id", (row["_id"],)):
                if part["ct"] == "text/plain":
                    if part["text"] is not None:
                        texts.append(_text(part["text"]))
                elif part["ct"] != "application/smil":
                    attachments += 1
            number = _mms_party(reader.con, row["_id"], direction) if has_addr else ""
            yield MessageRecord(locator, number, at, direction, "\n".join(texts),
                                date_sent_ms=_ms(row["date_sent"]))

    yield from reader.guarded(records())
    if attachments:
        raise PartialFile("{name}: {count} MMS pictures or other attachments are kept on the"
                          " phone outside this database and could not be imported; their"
                          " messages were imported with their text.",
                          name=path.name, count=attachments)


def _mms_party(con: sqlite3.Connection, mid: int, direction: str) -> str:
    """The other party of an MMS: its sender (137) when incoming, its first recipient (151)
    other than the sender when outgoing."""
    addrs = [(_int(a["type"]), _text(a["address"])) for a in con.execute(
        "SELECT type, address FROM addr WHERE msg_id = ? ORDER BY _id", (mid,))]
    own = {number for kind, number in addrs if kind == _FROM} if direction == "out" else set()
    want = _FROM if direction == "in" else _TO
    for kind, number in addrs:
        if kind == want and number not in _NO_NUMBER and number not in own:
            return number
    return ""
