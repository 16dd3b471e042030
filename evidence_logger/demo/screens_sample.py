"""The sample's WeChat chat and call-list screenshots, drawn by :mod:`.phone_screens`.

Both are JPEGs named as MIUI names them (the time and the app's package in the name, no EXIF),
so their capture time comes from the name, as on the borrower's Xiaomi.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from evidence_logger.demo import scenario as s
from evidence_logger.demo.phone_screens import (
    CallRow,
    ChatMessage,
    render_call_list,
    render_wechat,
)


def _name(when: datetime, package: str) -> str:
    millis = (when.second * 37 + when.minute) % 1000  # phones add milliseconds
    return when.strftime("Screenshot_%Y-%m-%d-%H-%M-%S-") + f"{millis:03d}_{package}.jpg"


def write_wechat(folder: Path) -> Path:
    """The WeChat chat with the 速贷宝 collector, as seen at ``WECHAT_SHOT_AT``."""
    messages = [ChatMessage(m.text, m.sent, m.at) for m in s.WECHAT_MESSAGES]
    image, _ = render_wechat(messages, s.WECHAT_SHOT_AT, name=s.WECHAT_COLLECTOR)
    path = folder / _name(s.WECHAT_SHOT_AT, "com.tencent.mm")
    image.save(path, "JPEG", quality=90)
    return path


def call_rows(captured: datetime) -> list[CallRow]:
    """The borrower's calls up to ``captured`` since the day before, newest first, with
    consecutive calls of one number grouped into one row as a dialer groups them."""
    calls = sorted((c for c in s.BORROWER_CALLS
                    if c.at <= captured and (captured - c.at).days < 2),
                   key=lambda c: c.at, reverse=True)
    rows: list[CallRow] = []
    for call in calls:
        missed = call.kind in ("missed", "rejected", "blocked")
        outgoing = call.kind == "out"
        last = rows[-1] if rows else None
        if (last is not None and last.number == call.number and last.missed == missed
                and last.at.date() == call.at.date()):
            rows[-1] = CallRow(last.at, number=last.number, name=last.name,
                               count=last.count + 1, missed=missed, outgoing=outgoing)
            continue
        rows.append(CallRow(call.at, number=call.number, name=call.contact, missed=missed,
                            outgoing=outgoing))
    return rows


def write_call_list(folder: Path) -> Path:
    """The dialer's call list at ``CALL_LIST_SHOT_AT``."""
    image, _ = render_call_list(call_rows(s.CALL_LIST_SHOT_AT), s.CALL_LIST_SHOT_AT)
    path = folder / _name(s.CALL_LIST_SHOT_AT, "com.android.contacts")
    image.save(path, "JPEG", quality=90)
    return path
