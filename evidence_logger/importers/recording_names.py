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

from evidence_logger.records import RecordingName

log = logging.getLogger(__name__)

SIDECAR_MAX_BYTES = 1024 * 1024
_EPOCH = datetime(1970, 1, 1)
_EXT = r"\.(?i:mp3|m4a|mp4|amr|awb|3gp|3ga|aac|ogg|oga|opus|wav|flac)"
_TS14 = r"(?P<Y>\d{4})(?P<m>\d\d)(?P<d>\d\d)(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)"
# A party that is a phone number: digits with the usual separators, *, # and pauses (",").
_NUMBER = re.compile(r"\+?[0-9*#][0-9*#, ()\-]*")

# BCR: {date}[_{direction}][_sim{slot}][_{phone_number}][_{name}], date yyyyMMdd_HHmmss.SSSZ
_BCR = re.compile(
    r"(?P<Y>\d{4})(?P<m>\d\d)(?P<d>\d\d)_(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)\.(?P<ms>\d{3})"
    r"(?P<zone>[+-]\d{4})"
    r"(?:_(?P<dir>in|out|conference))?(?:_sim(?P<sim>\d+))?"
    r"(?:_(?P<num>\+?[0-9][0-9 ()\-]*))?(?:_(?P<name>.+?))?" + _EXT)
# GrapheneOS: CallRecord_<yyyyMMdd>-<HHmmss>_<number>
_GRAPHENE = re.compile(
    r"CallRecord_(?P<Y>\d{4})(?P<m>\d\d)(?P<d>\d\d)-(?P<H>\d\d)(?P<M>\d\d)(?P<S>\d\d)"
    r"(?:_(?P<party>.*?))?" + _EXT)
# MIUI / HyperOS: [<prefix>@]<name or number>(<number>)[_<name2>(<num2>)]_<yyyyMMddHHmmss>
_MIUI = re.compile(
    r"(?:(?P<prefix>[^\W\d_][\w ]{0,39}?)@)?"
    r"(?P<name>.*?)\((?P<num>[0-9+ps#*,]+)\)"
    r"(?:_(?P<name2>.*?)\((?P<num2>[0-9+ps#*,]+)\))?"
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


def parse_recording_name(filename: str) -> RecordingName | None:
    """What a recording's file name says about the call, or None if no known pattern fits.

    ``filename`` is the name alone (a path's folders are ignored). When a name has a contact
    name where the number would be, ``number`` is None and ``contact_name`` holds it.
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    for pattern, read in _READERS:
        if m := pattern.fullmatch(name):
            return read(m)
    return None


def _local(m: re.Match[str], ms: str | None = None) -> datetime | None:
    """The naive local time in the match's Y/y, m, d, H, M[, S] groups; None if impossible."""
    groups = m.groupdict()
    year = int(groups["Y"]) if groups.get("Y") else 2000 + int(groups["y"])
    try:
        when = datetime(year, int(groups["m"]), int(groups["d"]), int(groups["H"]),
                        int(groups["M"]), int(groups.get("S") or 0), int(ms or 0) * 1000)
    except ValueError:
        return None
    return when if 1970 <= year <= 2099 else None  # a phone's reset clock says 1970 at worst


def _party(text: str | None) -> tuple[str | None, str | None]:
    """(number, contact name) from a name part that holds one or the other."""
    text = (text or "").strip()
    if not text:
        return None, None
    return (text, None) if _NUMBER.fullmatch(text) else (None, text)


def _miui_number(raw: str) -> str:
    """MIUI writes "+" as "00", "," as "p" and "*" as "s"."""
    number = raw.replace("p", ",").replace("s", "*")
    return "+" + number[2:] if number.startswith("00") else number


def _read_bcr(m: re.Match[str]) -> RecordingName | None:
    if (local := _local(m, m["ms"])) is None:
        return None
    zone = m["zone"]
    offset = (int(zone[1:3]) * 60 + int(zone[3:5])) * (-1 if zone[0] == "-" else 1)
    number, contact = _party(m["num"])
    return RecordingName("bcr", number, local, precision_s=1,
                         direction=m["dir"] if m["dir"] in ("in", "out") else None,
                         contact_name=(m["name"] or "").strip() or contact,
                         utc_offset_minutes=offset)


def _read_graphene(m: re.Match[str]) -> RecordingName | None:
    number, contact = _party(m["party"])
    local = _local(m)
    return None if local is None else RecordingName("grapheneos", number, local,
                                                    contact_name=contact)


def _read_miui(m: re.Match[str]) -> RecordingName | None:
    if (local := _local(m)) is None:
        return None
    number = _miui_number(m["num"])
    name = (m["name"] or "").strip()
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


_READERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], RecordingName | None]], ...] = (
    (_BCR, _read_bcr), (_GRAPHENE, _read_graphene), (_MIUI, _read_miui),
    (_LINEAGE, _read_lineage), (_HUAWEI, _read_huawei), (_VIVO, _read_vivo),
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

