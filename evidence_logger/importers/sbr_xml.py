"""SMS Backup & Restore exports (``calls-*.xml``, ``sms-*.xml``), read as a stream.

Parsing is done by defusedxml's parser (``defusedxml.ElementTree.XMLParser`` with DTDs,
entity declarations and external references forbidden). Its pure-Python element layer is
bypassed: our handlers are installed on the very expat parser defusedxml built and guards, so
each element costs one Python call with a ready-made attribute dict, and no element tree is
ever built (nothing to ``clear()``; memory stays flat). Records are handed out after every
chunk fed to the parser.

Before parsing, :class:`CharRefRepair` rewrites the character references that strict XML
rejects but the app's emoji option writes: a surrogate pair ``&#55357;&#56846;`` becomes
``&#128526;``; a lone surrogate or a forbidden control character becomes U+FFFD.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from evidence_logger.records import (
    Attachment,
    CallRecord,
    MessageRecord,
    PartialFile,
    ReadContext,
    SkipFile,
)

log = logging.getLogger(__name__)

CHUNK_SIZE = 1 << 16  # bytes fed to the parser at a time; tests shrink it

# type -> (status, direction). Unknown types: see _unknown_call_type.
_CALL_TYPES = {
    "1": ("answered", "in"), "2": ("outgoing", "out"), "3": ("missed", "in"),
    "4": ("voicemail", "in"), "5": ("rejected", "in"), "6": ("blocked", "in"),
    "7": ("external", "in"),
}
# SMS type / MMS msg_box -> direction; 3 (draft) is skipped, outbox/failed/queued were the
# owner's attempts to send, so they count as "out".
_BOXES = {"1": "in", "2": "out", "4": "out", "5": "out", "6": "out"}
_DRAFT = "3"
# Private, unknown and payphone presentations (Android CallLog's "-1", "-2", "-3").
_NO_NUMBER = frozenset(("", "null", "-1", "-2", "-3", "insert-address-token"))
_NO_NAME = frozenset(("", "null", "(Unknown)"))
_FROM, _TO = "137", "151"
_SECONDS_BELOW = 100_000_000_000  # a "date" under 1e11 is in seconds, not milliseconds

# a DOCTYPE is matched too, so that a file declaring entities reaches the reader and is refused
# there with its own reason
_ROOT = re.compile(rb"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*"
                   rb"<(calls|smses)[\s/>]", re.S)
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_MAX_REF = 14  # longest reference _CHARREF matches, plus one
_REPLACEMENT = b"&#65533;"


def sniff_sbr(head: bytes) -> str | None:
    """Return "sbr-calls" or "sbr-sms" when ``head`` starts an SMS Backup & Restore export."""
    head = head[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    m = _ROOT.match(head.removeprefix(b"\xef\xbb\xbf"))
    if m is None:
        return None
    return "sbr-calls" if m[1] == b"calls" else "sbr-sms"


def _charref_value(m: re.Match[bytes]) -> int:
    return int(m[1], 16) if m[1] is not None else int(m[2])


def repair_charrefs(data: bytes) -> bytes:
    """Rewrite surrogate pairs as one code point; lone surrogates and XML-illegal characters as
    U+FFFD."""
    if b"&#" not in data:
        return data
    skip_until = -1

    def fix(m: re.Match[bytes]) -> bytes:
        nonlocal skip_until
        if m.start() < skip_until:  # the low half of a pair already written
            return b""
        cp = _charref_value(m)
        if 0x20 <= cp < 0xD800 or cp in (9, 10, 13) or 0xE000 <= cp <= 0xFFFD \
                or 0x10000 <= cp <= 0x10FFFF:
            return m[0]
        if 0xD800 <= cp < 0xDC00:
            low = _CHARREF.match(data, m.end())
            if low is not None and 0xDC00 <= (lv := _charref_value(low)) < 0xE000:
                skip_until = low.end()
                return b"&#%d;" % (0x10000 + ((cp - 0xD800) << 10) + (lv - 0xDC00))
        return _REPLACEMENT

    return _CHARREF.sub(fix, data)


class CharRefRepair:
    """A binary reader that applies :func:`repair_charrefs`, correct across chunk boundaries.

    The end of each chunk is held back while it may be cut inside a reference, or may end on
    the first half of a surrogate pair whose second half comes with the next chunk.
    """

    def __init__(self, raw: BinaryIO, chunk_size: int = CHUNK_SIZE) -> None:
        self._raw = raw
        self._chunk_size = chunk_size
        self._carry = b""

    def read(self, size: int = -1) -> bytes:
        """Return repaired bytes; ``b""`` only at the end of the stream."""
        while True:
            data = self._raw.read(size if size > 0 else self._chunk_size)
            buf = self._carry + data
            if not data:
                self._carry = b""
                return repair_charrefs(buf)
            cut = _safe_end(buf)
            self._carry = buf[cut:]
            if cut:
                return repair_charrefs(buf[:cut])


def _safe_end(buf: bytes) -> int:
    """Where ``buf`` can be cut without splitting a reference or a surrogate pair."""
    end = len(buf)
    amp = buf.rfind(b"&", max(0, end - _MAX_REF))
    if amp >= 0 and b";" not in buf[amp:]:
        end = amp  # maybe an incomplete reference
    amp = buf.rfind(b"&", max(0, end - _MAX_REF), end)
    if amp >= 0 and (m := _CHARREF.fullmatch(buf, amp, end)) is not None \
            and 0xD800 <= _charref_value(m) < 0xDC00:
        end = amp  # a high surrogate: its partner may follow
    return end


def _stream(path: Path, root: str, start: Callable[[str, dict[str, str]], None],
            end: Callable[[str], None] | None, out: list) -> Iterator:
    """Feed ``path`` through defusedxml's parser; yield what the handlers put in ``out``."""
    name = path.name
    expat = DefusedXMLParser(forbid_dtd=True).parser  # defusedxml's guards stay installed
    expat.ordered_attributes = False
    expat.CharacterDataHandler = None
    expat.DefaultHandlerExpand = None  # only needed for DTD entities, which are forbidden

    def first(tag: str, attrs: dict[str, str]) -> None:
        if tag != root and root == "calls":
            raise SkipFile("{name} is not an SMS Backup & Restore call log export.", name=name)
        if tag != root:
            raise SkipFile("{name} is not an SMS Backup & Restore message export.", name=name)
        expat.StartElementHandler = start  # the root is right: from now on, records

    expat.StartElementHandler = first
    expat.EndElementHandler = end
    count = 0
    with path.open("rb") as raw:
        source = CharRefRepair(raw, CHUNK_SIZE)
        try:
            while chunk := source.read():
                expat.Parse(chunk, False)
                count += len(out)
                yield from out
                out.clear()
            expat.Parse(b"", True)
        except DefusedXmlException as exc:
            log.warning("%s refused: %s", name, exc)
            raise SkipFile("{name} contains XML entity or document type declarations, which"
                           " exports never have; it was not imported to keep the case safe.",
                           name=name) from None
        except ExpatError as exc:
            count += len(out)
            yield from out  # records completed before the break
            log.warning("%s: XML error after %d records: %s", name, count, exc)
            if count:
                raise PartialFile("{name} is damaged at line {line}: {count} records before that"
                                  " point were read, the rest could not be.",
                                  name=name, line=exc.lineno, count=count) from None
            if path.stat().st_size == 0:
                raise SkipFile("{name} is empty.", name=name) from None
            raise SkipFile("{name} is not readable XML (it is damaged or breaks off at line"
                           " {line}); nothing in it could be imported.",
                           name=name, line=exc.lineno) from None


def _date_ms(value: str | None) -> int | None:
    """A ``date`` attribute as Unix ms (seconds recognised by size); None if missing or <= 0."""
    try:
        ms = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if ms <= 0:
        return None
    return ms * 1000 if ms < _SECONDS_BELOW else ms


def _unknown_call_type(duration: float | None) -> tuple[str, str]:
    """Types outside 1-7 (vendor additions): incoming; answered if it lasted, else missed."""
    return ("answered" if duration else "missed"), "in"


def read_sbr_calls(path: Path, ctx: ReadContext) -> Iterator[CallRecord]:
    """Yield every ``<call>`` of an SBR call log, as written.

    ``number`` is "" for a private, unknown or payphone caller (empty, "null", "-1", "-2",
    "-3"): the importer treats it as an unknown caller. Types outside 1-7 count as incoming,
    "answered" when the call lasted and "missed" when it did not. A call without a usable date
    is left out and counted; PartialFile says so at the end.
    """
    out: list[CallRecord] = []
    bad = _BadTally()
    n = 0

    def start(tag: str, a: dict[str, str]) -> None:
        nonlocal n
        if tag != "call":
            return
        n += 1
        at = _date_ms(a.get("date"))
        if at is None:
            bad.add(f"call {n}")
            return
        try:
            duration: float | None = int(a["duration"])
        except (KeyError, ValueError):
            duration = None
        kind = _CALL_TYPES.get(a.get("type", "")) or _unknown_call_type(duration)
        number = a.get("number", "")
        name = a.get("contact_name", "")
        out.append(CallRecord(f"call {n}", "" if number in _NO_NUMBER else number, at, kind[1],
                              kind[0], duration, None if name in _NO_NAME else name))

    yield from _stream(path, "calls", start, None, out)
    bad.raise_if_any(path, n)


def read_sbr_sms(path: Path, ctx: ReadContext) -> Iterator[MessageRecord]:
    """Yield every SMS and MMS of an SBR message export, drafts excepted.

    SMS type / MMS msg_box 4 (outbox), 5 (failed) and 6 (queued) were the owner's attempts to
    send and count as "out"; unknown boxes as "in". Locators count every element of their
    tag, drafts included, so "sms N" is the N-th ``<sms>`` of the file.
    """
    out: list[MessageRecord] = []
    bad = _BadTally()
    counts = {"sms": 0, "mms": 0}
    mms: list = []  # [attrs, parts, addrs] of the open <mms>

    def start(tag: str, a: dict[str, str]) -> None:
        if tag == "sms":
            n = counts["sms"] = counts["sms"] + 1
            if (box := a.get("type", "1")) == _DRAFT:
                return
            at = _date_ms(a.get("date"))
            if at is None:
                bad.add(f"sms {n}")
                return
            name = a.get("contact_name", "")
            number = a.get("address", "")
            out.append(MessageRecord(
                f"sms {n}", "" if number in _NO_NUMBER else number, at, _BOXES.get(box, "in"),
                a.get("body", ""), None if name in _NO_NAME else name,
                _date_ms(a.get("date_sent"))))
        elif tag == "mms":
            counts["mms"] += 1
            mms[:] = [a, [], []]
        elif mms and tag == "part":
            mms[1].append(a)
        elif mms and tag == "addr":
            mms[2].append(a)

    def end(tag: str) -> None:
        if tag == "mms" and mms:
            a, parts, addrs = mms
            mms.clear()
            n = counts["mms"]
            if (box := a.get("msg_box", "1")) == _DRAFT:
                return
            at = _date_ms(a.get("date"))
            if at is None:
                bad.add(f"mms {n}")
                return
            direction = _BOXES.get(box, "in")
            name = a.get("contact_name", "")
            out.append(MessageRecord(
                f"mms {n}", _mms_party(a, addrs, direction), at, direction,
                "\n".join(p["text"] for p in parts if p.get("ct") == "text/plain"
                          and p.get("text", "null") != "null"),
                None if name in _NO_NAME else name, _date_ms(a.get("date_sent")),
                _mms_attachments(n, parts)))

    yield from _stream(path, "smses", start, end, out)
    bad.raise_if_any(path, counts["sms"] + counts["mms"])


def _mms_party(a: dict[str, str], addrs: list[dict[str, str]], direction: str) -> str:
    """The other party: the sender (137) of an incoming MMS, the first recipient (151) of an
    outgoing one other than the sender (the phone itself); else the first of ``address``."""
    own = {x.get("address") for x in addrs if x.get("type") == _FROM} if direction == "out" else ()
    want = _FROM if direction == "in" else _TO
    for x in addrs:
        number = x.get("address", "")
        if x.get("type") == want and number not in _NO_NUMBER and number not in own:
            return number
    first = a.get("address", "").split("~", 1)[0].strip()
    return "" if first in _NO_NUMBER else first


def _mms_attachments(n: int, parts: list[dict[str, str]]) -> list[Attachment]:
    """Parts carrying base64 ``data`` (images, audio, ...); the SMIL layout part is left out."""
    found = []
    for k, p in enumerate(parts, 1):
        mime = p.get("ct", "application/octet-stream")
        if "data" not in p or mime == "application/smil":
            continue
        try:
            data = base64.b64decode(p["data"])
        except (binascii.Error, ValueError):
            log.warning("mms %d part %d: attachment data is not valid base64; left out", n, k)
            continue
        name = next((p[key] for key in ("name", "cl", "fn") if p.get(key, "null") != "null"),
                    f"mms-{n}-part-{k}")
        found.append(Attachment(f"mms {n} part {k}", name, mime, data))
    return found


class _BadTally:
    """Records left out for want of a usable time: how many, and where the first was."""

    def __init__(self) -> None:
        self.count = 0
        self.first = ""

    def add(self, locator: str) -> None:
        self.count += 1
        if not self.first:
            self.first = locator
            log.warning("%s has no usable date; left out (and any others like it)", locator)

    def raise_if_any(self, path: Path, total: int) -> None:
        if self.count:
            raise PartialFile("{name}: {bad} of {total} records could not be read (first at"
                              " {locator}: no usable time); the others were imported.",
                              name=path.name, bad=self.count, total=total, locator=self.first)
