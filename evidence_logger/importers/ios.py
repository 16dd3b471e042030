"""iPhone databases from an (unencrypted) backup: ``CallHistory.storedata`` and ``sms.db``.

Databases are opened through a read-only, immutable SQLite URI, so the original is never
written and no ``-wal``/``-shm`` files appear beside it. Immutable mode does not read a
write-ahead log: when a non-empty ``<name>-wal`` lies beside the file (a file-system copy rather
than a backup), the newest records may be in it; the reader says so after yielding the rest.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

from evidence_logger.importers.sqlite_db import columns, connect, schema, select_list, tables
from evidence_logger.records import CallRecord, MessageRecord, PartialFile, ReadContext, SkipFile

log = logging.getLogger(__name__)


_APPLE_EPOCH_S = 978_307_200  # 2001-01-01T00:00:00Z in Unix seconds
_NANOSECONDS_ABOVE = 100_000_000_000  # message.date above 1e11 is in nanoseconds (iOS 11+)
_CALL_TYPES = {1: "", 8: "FaceTime video", 16: "FaceTime audio", 0: "third-party app"}
def sniff_ios_db(path: Path) -> str | None:
    """Return "ios-calls" or "ios-sms" for an iPhone call history or message database."""
    found = schema(path)
    if found is None:
        return None
    if "ZCALLRECORD" in found:
        return "ios-calls"
    if {"message", "handle"} <= found.keys():
        return "ios-sms"
    return None


def _rows(path: Path, table: str, wanted: set[str],
          query: Callable[[str, set[str]], str]) -> Iterator[sqlite3.Row]:
    """Rows of ``query(columns, tables)``; optional columns missing from ``table`` read as NULL."""
    name = path.name
    count = 0
    try:
        con = connect(path)
    except sqlite3.Error as exc:
        log.warning("%s: cannot open: %s", name, exc)
        raise _not_a_database(name) from None
    with closing(con):
        try:
            cols = select_list(columns(con, table), wanted)
            con.row_factory = sqlite3.Row
            for row in con.execute(query(cols, tables(con))):
                count += 1
                yield row
        except sqlite3.Error as exc:
            log.warning("%s: SQLite error after %d rows: %s", name, count, exc)
            if count:
                raise PartialFile("{name} is damaged: {count} records were read before the"
                                  " damage, the rest could not be.",
                                  name=name, count=count) from None
            raise _not_a_database(name) from None


def _not_a_database(name: str) -> SkipFile:
    return SkipFile("{name} could not be opened as an iPhone database; it may be damaged or come"
                    " from an encrypted backup.", name=name)


def _raise_if_wal(path: Path) -> None:
    """Immutable mode skips a write-ahead log: say so when one with content lies beside."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise PartialFile("{name} has a companion file {wal} that may hold its newest records;"
                          " it was not read. Import a backup made by iTunes or Finder instead of"
                          " copied files.", name=path.name, wal=wal.name)


def _text(value: object) -> str:
    """A TEXT or BLOB column as text ("" for NULL)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _region(iso: object) -> str | None:
    """``ZISO_COUNTRY_CODE`` ('cn', 'us', ...) as a region code, None when absent or odd."""
    if isinstance(iso, bytes):
        iso = iso.decode("ascii", "replace")
    if not isinstance(iso, str) or len(iso.strip()) != 2 or not iso.strip().isalpha():
        return None
    return iso.strip().upper()


def read_ios_calls(path: Path, ctx: ReadContext) -> Iterator[CallRecord]:
    """Yield every row of ZCALLRECORD; FaceTime and app calls are kept and named in the locator.

    A number without ``+`` is in the country the phone was in for that call
    (``ZISO_COUNTRY_CODE``), not necessarily the case's: the record carries it as its region."""
    wanted = {"Z_PK", "ZDATE", "ZDURATION", "ZADDRESS", "ZNAME", "ZORIGINATED", "ZANSWERED",
              "ZCALLTYPE", "ZSERVICE_PROVIDER", "ZISO_COUNTRY_CODE"}
    for row in _rows(path, "ZCALLRECORD", wanted,
                     lambda cols, _: f"SELECT {cols} FROM ZCALLRECORD ORDER BY Z_PK"):
        if row["ZDATE"] is None:
            log.warning("%s: ZCALLRECORD %s has no date; left out", path.name, row["Z_PK"])
            continue
        locator = f"ZCALLRECORD {row['Z_PK']}"
        kind = _CALL_TYPES.get(row["ZCALLTYPE"], f"call type {row['ZCALLTYPE']}")
        if kind and row["ZCALLTYPE"] == 0 and row["ZSERVICE_PROVIDER"]:
            kind = f"{kind} {row['ZSERVICE_PROVIDER']}"
        if kind:
            locator = f"{locator} ({kind})"
        if row["ZORIGINATED"]:
            status, direction = "outgoing", "out"
        else:
            status, direction = ("answered" if row["ZANSWERED"] else "missed"), "in"
        yield CallRecord(
            locator, _text(row["ZADDRESS"]).strip(),
            round((row["ZDATE"] + _APPLE_EPOCH_S) * 1000), direction, status,
            row["ZDURATION"], _text(row["ZNAME"]) or None,
            region=_region(row["ZISO_COUNTRY_CODE"]))
    _raise_if_wal(path)


def _message_ms(date: int | float) -> int:
    """message.date (seconds, or nanoseconds on iOS 11+, since 2001) as Unix milliseconds."""
    if abs(date) > _NANOSECONDS_ABOVE:
        return int(date) // 1_000_000 + _APPLE_EPOCH_S * 1000
    return round((date + _APPLE_EPOCH_S) * 1000)


def read_ios_sms(path: Path, ctx: ReadContext) -> Iterator[MessageRecord]:
    """Yield SMS and iMessages; group-event rows (item_type != 0) are left out.

    When ``text`` is NULL but ``attributedBody`` is set (common since iOS 16) the message is
    yielded with text "" and, after all records, PartialFile says how many lost their text.
    """
    wanted = {"ROWID", "date", "is_from_me", "text", "attributedBody", "service", "item_type"}
    no_text = 0
    for row in _rows(path, "message", wanted, _message_query):
        if row["item_type"] or row["date"] is None:
            continue
        text = row["text"]
        if text is None and row["attributedBody"] is not None:
            no_text += 1
            log.info("%s: message ROWID %s has its text only in attributedBody",
                     path.name, row["ROWID"])
        number = row["handle"] or row["chat"] or ""
        if number.startswith("chat"):  # a group chat's identifier, not a party
            number = ""
        service = f" ({row['service']})" if row["service"] else ""
        yield MessageRecord(f"message ROWID {row['ROWID']}{service}", number,
                            _message_ms(row["date"]), "out" if row["is_from_me"] else "in",
                            text or "")
    _raise_if_wal(path)  # the more serious of the two, when both apply
    if no_text:
        raise PartialFile("{name}: the text of {count} messages is stored in a form this"
                          " version cannot read; they were imported with their time and number"
                          " but without text.", name=path.name, count=no_text)


def _message_query(cols: str, tables: set[str]) -> str:
    """Messages with the other party's handle, or the chat's identifier when there is none."""
    chat = ("(SELECT c.chat_identifier FROM chat_message_join j JOIN chat c ON c.ROWID = j.chat_id"
            " WHERE j.message_id = m.ROWID LIMIT 1)"
            if {"chat", "chat_message_join"} <= tables else "NULL")
    return (f"SELECT {cols}, (SELECT id FROM handle WHERE handle.ROWID = m.handle_id) AS handle,"
            f" {chat} AS chat FROM message m ORDER BY m.ROWID")
