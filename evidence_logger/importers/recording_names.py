"""What a call recording's file name (or BCR's JSON sidecar) says: the other party and the start.

Each phone names its recordings its own way (``phone-formats.md``, "Call recordings"). The
patterns below are tried most specific first; the first whose shape fits decides, so a name of a
known shape with an impossible date gives None rather than a guess from a looser pattern. Times
are the phone's local time (naive) except BCR's, which carry their UTC offset.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from evidence_logger.phones import UNKNOWN
from evidence_logger.records import RecordingName

log = logging.getLogger(__name__)

SIDECAR_MAX_BYTES = 1024 * 1024
_EPOCH = datetime(1970, 1, 1)
_EXT = r"\.(?i:mp3|m4a|mp4|amr|awb|3gp|3ga|aac|ogg|oga|opus|wav|flac)"
_TS14 = r"(?P<Y>\d{4})(?P<m>\d\d)(?P<d>\d\d)(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)"
# A party that is a phone number: digits with the usual separators, *, # and pauses (",").
_NUMBER = re.compile(r"\+?\(?[0-9*#][0-9*#, ()\-]*")
# What MIUI writes between brackets: digits with +, pauses (p), stars (s), spaces, dashes and
# one level of parentheses, e.g. "(0086 139-1234-5678)" or "((010) 6552-1234)".
_MIUI_NUM = r"(?:[0-9+ps#*, \-]|\([0-9 \-]+\))*[0-9](?:[0-9+ps#*, \-]|\([0-9 \-]+\))*"

# BCR and compatible recorders: {date}[_{direction}][_sim{slot}][_{phone_number}][_{name}],
# the date yyyyMMdd_HHmmss, 0 to 6 fraction digits and the UTC offset; the rest is read in code
_BCR = re.compile(
    r"(?P<Y>\d{4})(?P<m>\d\d)(?P<d>\d\d)_(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)"
    r"(?:\.(?P<frac>\d{1,6}))?(?P<zone>[+-]\d{4})(?P<tail>_.*)?" + _EXT)
# GrapheneOS: CallRecord_<yyyyMMdd>-<HHmmss>_<number>
_GRAPHENE = re.compile(
    r"CallRecord_(?P<Y>\d{4})(?P<m>\d\d)(?P<d>\d\d)-(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)"
    r"(?:_(?P<party>.*?))?" + _EXT)
# LG: <0|1>d<yyyyMMddHHmmss>p<number or null> (what 0 and 1 mean is not known)
_LG = re.compile(r"[01]d" + _TS14 + r"p(?P<party>.*?)" + _EXT)
# Samsung One UI: Call recording <name or number>_<yyMMdd>_<HHmmss>, the prefix localised
_SAMSUNG_PREFIXES = ("Call recording", "通话录音", "通話錄音", "通話録音", "통화 녹음",
                     "Anrufaufnahme", "Enregistrement d'appel", "Grabación de llamada",
                     "Registrazione chiamata", "Gravação de chamada", "Запись вызова",
                     "Запис виклику", "Rekaman panggilan", "Nagranie rozmowy")
_SAMSUNG = re.compile(
    r"(?P<prefix>" + "|".join(re.escape(p) for p in _SAMSUNG_PREFIXES) + r")[ _](?P<party>.+?)"
    r"_(?P<y>\d\d)(?P<m>\d\d)(?P<d>\d\d)_(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)" + _EXT, re.I)
# True Phone: <name or number> @ <yyyy-MM-dd>_<HHmmss>_<in|out>, or
# <name> (<number> <label>) <yyyy-MM-dd>_<HHmmss>_<in|out>
_TRUE_PHONE_TIME = (r"(?P<Y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)_(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)"
                    r"_(?P<dir>in|out)" + _EXT)
_TRUE_PHONE = re.compile(r"(?P<party>.+?) @ " + _TRUE_PHONE_TIME)
_TRUE_PHONE_LABEL = re.compile(
    r"(?P<name>.*?) ?\((?P<num>\+?[0-9][0-9 \-]*[0-9])(?: (?P<label>[^()]+))?\) "
    + _TRUE_PHONE_TIME)
# MIUI / HyperOS: [<prefix>@]<name or number>(<number>)[_<name2>(<num2>)]_<yyyyMMddHHmmss>;
# a call to a service may have a label where the number goes: 95588(客服热线)
_MIUI = re.compile(
    r"(?:(?P<prefix>[^\W\d_][\w ]{0,39}?)@)?"
    r"(?P<name>.*?)\((?:(?P<num>" + _MIUI_NUM + r")|(?P<label>[^()0-9]+))\)"
    r"(?:_(?P<name2>.*?)\((?P<num2>" + _MIUI_NUM + r")\))?"
    r"_" + _TS14 + _EXT)
# LineageOS: <number>_<yyMMdd>_<HHmmssSSS>
_LINEAGE = re.compile(
    r"(?P<party>.+?)_(?P<y>\d\d)(?P<m>\d\d)(?P<d>\d\d)_(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)"
    r"(?P<ms>\d{3})" + _EXT)
# Huawei EMUI / HarmonyOS, Honor: [<contact>@]<number>_<yyyyMMddHHmmss>
_HUAWEI = re.compile(r"(?:(?P<contact>.+)@)?(?P<party>[^@]+?)_" + _TS14 + _EXT)
# vivo: <number> yyyy-MM-dd HH-mm-ss
_VIVO = re.compile(
    r"(?P<party>.+?) (?P<Y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d) (?P<H>\d\d)-(?P<M>\d\d)-(?P<S>\d\d)"
    + _EXT)
# OPPO / realme / OnePlus (ColorOS): <number or name>-<yyMMddHHmm>, no seconds
_COLOROS = re.compile(
    r"(?P<party>.+?)-(?P<y>\d\d)(?P<m>\d\d)(?P<d>\d\d)(?P<H>\d\d)(?P<M>\d\d)" + _EXT)
# What a recorder may write before the party: a localised "call recording"
_LOCAL_PREFIXES = (*_SAMSUNG_PREFIXES, "录音", "通话", "通話", "錄音", "Recording", "Record",
                   "CallRecord", "Call", "Вызов")
_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in sorted(_LOCAL_PREFIXES, key=len, reverse=True))
    + r")(?=$|[\s_\-@.,:;])", re.I)
# Separators around a party's number and contact: spaces, _ - @ . , : ;
_PARTY_SEPARATORS = re.compile(r"^[\s_\-@.,:;]+|[\s_\-@.,:;]+$")
# Any other recorder: a date-time written in one of these ways somewhere in the name...
_ANY_TIME = re.compile(
    r"(?<![0-9])(?:"
    r"(?P<Y>(?:19|20)\d\d)(?P<sep>[-._]?)(?P<m>\d\d)(?P=sep)(?P<d>\d\d)[ _T-]?"
    r"(?P<H>\d\d)(?P<tsep>[-:._]?)(?P<M>\d\d)(?P=tsep)(?P<S>\d\d)"
    r"|(?P<y>\d\d)(?P<m2>\d\d)(?P<d2>\d\d)[_-](?P<H2>\d\d)(?P<M2>\d\d)(?P<S2>\d\d)"
    r")(?:[.,](?P<frac>\d{1,6}))?(?![0-9])")
# ... and one phone number apart from it: 5 digits (a service number) or 7 to 15, with an
# optional + and single spaces or dashes between groups of digits
_ANY_NUMBER = re.compile(r"(?<![0-9A-Za-z+])\+?\d(?:[ \-]?\d){4,18}(?![0-9A-Za-z])")


def parse_recording_name(filename: str) -> RecordingName | None:
    """What a recording's file name says about the call, or None if no known pattern fits.

    ``filename`` is the name alone (a path's folders are ignored). When a name has a contact
    name where the number would be, ``number`` is None and ``contact_name`` holds it; a withheld
    caller (BCR's empty number) is :data:`~evidence_logger.phones.UNKNOWN`. A name of no known
    recorder is still read when it holds one date-time (vendor ``other``), with the phone number
    when exactly one stands apart from the time.
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    for pattern, read in _READERS:
        if m := pattern.fullmatch(name):
            return read(m)
    return _read_any(name)


def _local(m: re.Match[str], ms: str | None = None, *, frac: str | None = None
           ) -> datetime | None:
    """The naive local time in the match's Y/y, m, d, H, M[, S] groups; None if impossible.

    ``ms`` is a millisecond group; ``frac`` a fraction of a second of 1 to 6 digits."""
    groups = m.groupdict()
    year = int(groups["Y"]) if groups.get("Y") else 2000 + int(groups["y"])
    micro = int(ms or 0) * 1000 if frac is None else int(frac.ljust(6, "0"))
    try:
        when = datetime(year, int(groups["m"]), int(groups["d"]), int(groups["H"]),
                        int(groups["M"]), int(groups.get("S") or 0), micro)
    except ValueError:
        return None
    return when if 1970 <= year <= 2099 else None  # a phone's reset clock says 1970 at worst


def _party(text: str | None) -> tuple[str | None, str | None]:
    """(number, contact name) from a name part that holds one or the other, or both.

    A part that is not a number but holds exactly one phone-number run (as :func:`_read_any`
    counts them) gives that run as the number and the rest, without separators and a localised
    prefix ("通话录音_13812345678", "张三 13812345678"), as the contact name; with two runs
    neither is guessed to be the other party's."""
    text = (text or "").strip()
    if not text:
        return None, None
    if _NUMBER.fullmatch(text):
        return text, None
    runs = [n for n in _ANY_NUMBER.finditer(text) if _could_be_number(n.group())]
    if len({re.sub(r"\D", "", n.group()) for n in runs}) != 1:
        return None, text
    run = runs[0]
    pieces = (_PARTY_SEPARATORS.sub("", _PREFIX.sub("", text[:run.start()])),
              _PARTY_SEPARATORS.sub("", text[run.end():]))
    contact = " ".join(p for p in pieces if p)
    if _PREFIX.fullmatch(contact):
        contact = ""
    return run.group().strip(), contact or None


def _miui_number(raw: str) -> str:
    """MIUI writes "+" as "00", "," as "p" and "*" as "s"."""
    number = raw.replace("p", ",").replace("s", "*")
    return "+" + number[2:] if number.startswith("00") else number


def _read_bcr(m: re.Match[str]) -> RecordingName | None:
    if (local := _local(m, frac=m["frac"] or "0")) is None:
        return None
    zone = m["zone"]
    if int(zone[3:5]) >= 60 or int(zone[1:3]) > 14:
        return None
    offset = (int(zone[1:3]) * 60 + int(zone[3:5])) * (-1 if zone[0] == "-" else 1)
    # [_{direction}][_sim{slot}][_{phone_number}][_{name}]: each part optional, names may hold "_"
    parts = m["tail"][1:].split("_") if m["tail"] else []
    direction = parts.pop(0) if parts and parts[0] in ("in", "out", "conference") else None
    if parts and re.fullmatch(r"sim\d+", parts[0]):
        parts.pop(0)
    number: str | None = None
    if parts and parts[0] == "":  # the number's place is there but empty: a withheld caller
        number = UNKNOWN
        parts.pop(0)
    elif parts and _NUMBER.fullmatch(parts[0]) and re.search(r"\d", parts[0]):
        number = parts.pop(0)
    contact = "_".join(parts).strip() or None
    return RecordingName("bcr", number, local, precision_s=1,
                         direction=direction if direction in ("in", "out") else None,
                         contact_name=contact, utc_offset_minutes=offset)


def _read_graphene(m: re.Match[str]) -> RecordingName | None:
    number, contact = _party(m["party"])
    local = _local(m)
    return None if local is None else RecordingName("grapheneos", number, local,
                                                    contact_name=contact)


def _read_lg(m: re.Match[str]) -> RecordingName | None:
    party = (m["party"] or "").strip()
    number, contact = _party("" if party.lower() == "null" else party)
    local = _local(m)
    return None if local is None else RecordingName("lg", number, local, contact_name=contact)


def _read_samsung(m: re.Match[str]) -> RecordingName | None:
    number, contact = _party(m["party"])
    local = _local(m)
    return None if local is None else RecordingName("samsung", number, local,
                                                    contact_name=contact)


def _read_true_phone(m: re.Match[str]) -> RecordingName | None:
    number, contact = _party(m["party"])
    local = _local(m)
    return None if local is None else RecordingName("truephone", number, local,
                                                    direction=m["dir"], contact_name=contact)


def _read_true_phone_label(m: re.Match[str]) -> RecordingName | None:
    local = _local(m)
    name = (m["name"] or "").strip() or None
    return None if local is None else RecordingName("truephone", m["num"], local,
                                                    direction=m["dir"], contact_name=name)


def _read_miui(m: re.Match[str]) -> RecordingName | None:
    if (local := _local(m)) is None:
        return None
    name = (m["name"] or "").strip()
    if m["label"] is not None:  # a service's label where the number goes: 95588(客服热线)
        label = m["label"].strip() or None
        if name and _NUMBER.fullmatch(name) and re.search(r"\d", name):
            return RecordingName("miui", _miui_number(name), local, contact_name=label)
        return RecordingName("miui", None, local, contact_name=name or label)
    number = _miui_number(m["num"].strip())
    # MIUI writes the number again where there is no contact name (perhaps cut at 50 chars).
    same = re.sub(r"\D", "", _miui_number(name)) == re.sub(r"\D", "", number)
    contact = None if not name or same or _NUMBER.fullmatch(_miui_number(name)) else name
    if m["num2"]:
        log.debug("MIUI name %r has a second party %r, not kept", m[0], m["num2"])
    return RecordingName("miui", number, local, contact_name=contact)


def _read_lineage(m: re.Match[str]) -> RecordingName | None:
    number, contact = _party(m["party"])
    local = _local(m, m["ms"])
    return None if local is None else RecordingName("lineageos", number, local,
                                                    contact_name=contact)


def _read_huawei(m: re.Match[str]) -> RecordingName | None:
    number, contact = _party(m["party"])
    local = _local(m)
    contact = (m["contact"] or "").strip() or contact
    return None if local is None else RecordingName("huawei", number, local,
                                                    contact_name=contact)


def _read_vivo(m: re.Match[str]) -> RecordingName | None:
    number, contact = _party(m["party"])
    local = _local(m)
    return None if local is None else RecordingName("vivo", number, local, contact_name=contact)


def _read_coloros(m: re.Match[str]) -> RecordingName | None:
    number, contact = _party(m["party"])
    local = _local(m)
    return None if local is None else RecordingName("coloros", number, local, precision_s=60,
                                                    contact_name=contact)


def _read_any(name: str) -> RecordingName | None:
    """A name of no known recorder: one date-time and one phone number, in either order (the
    time alone when no single number stands apart from it)."""
    if not (ext := re.search(_EXT + "$", name)):
        return None
    stem = name[:ext.start()]
    found = [(m, t) for m in _ANY_TIME.finditer(stem) if (t := _any_time(m)) is not None]
    if len({t for _, t in found}) != 1:
        return None  # no time, or two different ones: which is the call's is not clear
    span, local = found[0][0].span(), found[0][1]
    rest = stem[:span[0]] + "/" + stem[span[1]:]
    numbers = {re.sub(r"\D", "", n.group()): n.group() for n in _ANY_NUMBER.finditer(rest)
               if _could_be_number(n.group())}
    # no number, or two (neither surely the other party's): the time alone, to place it by
    number = next(iter(numbers.values())).strip() if len(numbers) == 1 else None
    return RecordingName("other", number, local)


def _any_time(m: re.Match[str]) -> datetime | None:
    if m["Y"] is None:  # the yyMMdd_HHmmss form
        year, parts = 2000 + int(m["y"]), (m["m2"], m["d2"], m["H2"], m["M2"], m["S2"])
    else:
        year, parts = int(m["Y"]), (m["m"], m["d"], m["H"], m["M"], m["S"])
    month, day, hour, minute, second = (int(v) for v in parts)
    try:
        return datetime(year, month, day, hour, minute, second,
                        int((m["frac"] or "0").ljust(6, "0")))
    except ValueError:
        return None


def _could_be_number(written: str) -> bool:
    """Whether digits left beside a name's time are a phone number, not a counter or a date."""
    digits = re.sub(r"\D", "", written)
    if len(digits) == 5:  # service numbers: 95588, 10086, 12345
        return digits[0] in "19"
    if not 7 <= len(digits) <= 15:
        return False
    if len(digits) == 8 and digits[:2] in ("19", "20"):
        try:  # a second date (yyyyMMdd) is not a number
            datetime(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            return False
        except ValueError:
            pass
    return True


_READERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], RecordingName | None]], ...] = (
    (_BCR, _read_bcr), (_GRAPHENE, _read_graphene), (_LG, _read_lg), (_SAMSUNG, _read_samsung),
    (_TRUE_PHONE, _read_true_phone), (_TRUE_PHONE_LABEL, _read_true_phone_label),
    (_MIUI, _read_miui), (_LINEAGE, _read_lineage), (_HUAWEI, _read_huawei), (_VIVO, _read_vivo),
    (_COLOROS, _read_coloros),
)


def read_bcr_sidecar(path: Path) -> RecordingName | None:
    """What BCR's JSON sidecar says about the call, or None if it is missing or not BCR's.

    ``path`` is the sidecar or the recording beside it (same stem, ``.json``). The schema
    (BCR's ``CallMetadataJson``): ``timestamp_unix_ms``, ``timestamp`` (ISO 8601 with offset),
    ``direction`` (in/out/conference/null), ``sim_slot``, ``call_log_name``, ``calls[]`` with
    ``phone_number`` (E.164), ``phone_number_formatted``, ``caller_name``, ``contact_name``, and
    ``output`` (format, recording durations).
    """
    sidecar = path if path.suffix.lower() == ".json" else path.with_suffix(".json")
    try:
        with sidecar.open("rb") as f:
            raw = f.read(SIDECAR_MAX_BYTES + 1)
        if len(raw) > SIDECAR_MAX_BYTES:
            log.warning("ignoring %s: larger than %d bytes", sidecar, SIDECAR_MAX_BYTES)
            return None
        doc = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as e:  # JSON and Unicode errors are ValueErrors
        log.warning("ignoring unreadable BCR sidecar %s: %r", sidecar, e)
        return None
    if not isinstance(doc, dict) or not ({"timestamp", "timestamp_unix_ms", "calls"} & doc.keys()):
        return None
    local, offset = _sidecar_time(doc)
    calls = doc.get("calls")
    first: dict[str, Any] = calls[0] if isinstance(calls, list) and calls \
        and isinstance(calls[0], dict) else {}
    direction = doc.get("direction")
    return RecordingName(
        "bcr", _text(first.get("phone_number")) or _text(first.get("phone_number_formatted")),
        local, precision_s=1, direction=direction if direction in ("in", "out") else None,
        contact_name=(_text(first.get("contact_name")) or _text(first.get("caller_name"))
                      or _text(doc.get("call_log_name"))),
        utc_offset_minutes=offset)


def _sidecar_time(doc: dict[str, Any]) -> tuple[datetime | None, int | None]:
    """(naive local time, UTC offset in minutes): the instant from ``timestamp_unix_ms``, the
    offset from ``timestamp``; either alone if the other is missing or broken."""
    aware = None
    if isinstance(stamp := doc.get("timestamp"), str):
        try:
            aware = datetime.fromisoformat(stamp)
        except ValueError:
            log.info("BCR timestamp %r is not ISO 8601", stamp)
    offset_td = aware.utcoffset() if aware is not None else None
    ms = doc.get("timestamp_unix_ms")
    if isinstance(ms, int) and not isinstance(ms, bool):
        try:
            utc = _EPOCH + timedelta(milliseconds=ms)
            return utc + (offset_td or timedelta()), _minutes(offset_td or timedelta())
        except OverflowError:
            log.info("BCR timestamp_unix_ms %r out of range", ms)
    if aware is None:
        return None, None
    if offset_td is None:
        return aware, None
    return aware.replace(tzinfo=None), _minutes(offset_td)


def _minutes(offset: timedelta) -> int:
    return int(offset / timedelta(minutes=1))


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None

