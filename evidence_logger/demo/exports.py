"""Call logs and messages written the way real tools write them.

SMS Backup & Restore (``calls-*.xml``, ``sms-*.xml``: epoch milliseconds in UTC, its type
codes, localised ``readable_date``, ``(Unknown)`` and ``null`` for missing values) and a PC
suite's CSV call log (UTF-8 with BOM, Chinese headers, naive local times, durations such as
``1分15秒``). See ``phone-formats.md``.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr
from zoneinfo import ZoneInfo

from evidence_logger.demo.scenario import TIMEZONE, Call, Message

SBR_HEADER = ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
              "<!--File Created By SMS Backup & Restore v10.20.002 on {stamp}-->\n")
_SBR_CALL_TYPES = {"in": "1", "out": "2", "missed": "3", "rejected": "5", "blocked": "6"}
_CSV_TYPES = {"in": "呼入", "out": "呼出", "missed": "未接", "rejected": "拒接",
              "blocked": "拦截"}
_SIM_ID = "89860000000000000000"  # an ICCID of zeros


def epoch_ms(local: datetime) -> int:
    """The phone's wall-clock time as epoch milliseconds."""
    return int(local.replace(tzinfo=ZoneInfo(TIMEZONE)).timestamp() * 1000)


def readable_date(local: datetime) -> str:
    """SBR's ``readable_date`` on a phone set to Chinese: 2026年10月13日 下午1:20:30."""
    half, hour = ("上午", local.hour) if local.hour < 12 else ("下午", local.hour - 12)
    return (f"{local.year}年{local.month}月{local.day}日 {half}{hour or 12}:"
            f"{local.minute:02d}:{local.second:02d}")


def _element(tag: str, attrs: dict[str, str]) -> str:
    return f"<{tag} " + " ".join(f"{k}={quoteattr(v, {chr(10): '&#10;'})}"
                                 for k, v in attrs.items()) + " />"


def _write_sbr(path: Path, root: str, items: list[str], made: datetime) -> Path:
    text = (SBR_HEADER.format(stamp=made.strftime("%m/%d/%Y %H:%M:%S"))
            + f'<{root} count="{len(items)}">\n' + "".join(f"  {i}\n" for i in items)
            + f"</{root}>\n")
    path.write_bytes(text.encode("utf-8"))
    return path


def write_sbr_calls(path: Path, calls: list[Call], made: datetime) -> Path:
    """An SMS Backup & Restore call log, newest first as the app writes it."""
    items = [_element("call", {
        "number": call.number, "duration": str(call.duration), "date": str(epoch_ms(call.at)),
        "type": _SBR_CALL_TYPES[call.kind], "presentation": "1", "subscription_id": _SIM_ID,
        "post_dial_digits": "", "subscription_component_name":
            "com.android.phone/com.android.services.telephony.TelephonyConnectionService",
        "readable_date": readable_date(call.at), "contact_name": call.contact or "(Unknown)",
    }) for call in sorted(calls, key=lambda c: c.at, reverse=True)]
    return _write_sbr(path, "calls", items, made)


def write_sbr_sms(path: Path, messages: list[Message], made: datetime) -> Path:
    """An SMS Backup & Restore message export (SMS only)."""
    items = []
    for m in sorted(messages, key=lambda m: m.at, reverse=True):
        date = epoch_ms(m.at)
        items.append(_element("sms", {
            "protocol": "0", "address": m.number, "date": str(date),
            "type": "2" if m.sent else "1", "subject": "null", "body": m.text, "toa": "null",
            "sc_toa": "null", "service_center": "null", "read": "1",
            "status": "-1", "locked": "0", "date_sent": "0" if m.sent else str(date - 3000),
            "sub_id": "1", "readable_date": readable_date(m.at),
            "contact_name": m.contact or "(Unknown)",
        }))
    return _write_sbr(path, "smses", items, made)


def _duration(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}分{secs}秒" if minutes else f"{secs}秒"


def write_csv_calls(path: Path, calls: list[Call]) -> Path:
    """A PC suite's call-log CSV: UTF-8 with BOM, Chinese headers, naive local times."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["联系人", "号码", "通话类型", "通话时间", "通话时长"])
    for call in sorted(calls, key=lambda c: c.at):
        writer.writerow([call.contact or "", call.number, _CSV_TYPES[call.kind],
                         call.at.strftime("%Y-%m-%d %H:%M:%S"), _duration(call.duration)])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path
