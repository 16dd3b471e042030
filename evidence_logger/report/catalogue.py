"""The 证据目录 in court form: one numbered entry per original (and per call the borrower
entered by hand), grouped by creditor, with its name, form of evidence, source and carrier, a
证明目的 written out from what it holds and the findings it backs, and its page in the dossier.

:func:`entries` is the one numbering: the dossier's sections, the complaint drafts and anything
else that cites evidence "by 证据目录 number" call :func:`evidence_numbers` (or
:func:`number_of`). The borrower's own words (notes on calls and messages) never become a
证明目的: they are printed apart, in the 情况说明 (:mod:`evidence_logger.report.statement`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidence_logger.i18n import N_, Language, tr
from evidence_logger.provenance import Provenance, carrier_of
from evidence_logger.report.data import ReportData

FORMS = {"recording": N_("audio-visual (recording)"),
         "image": N_("electronic data (screenshot)"),
         "attachment": N_("electronic data (message attachment)"),
         "call-log": N_("electronic data (call log)"),
         "messages": N_("electronic data (text messages)"),
         "metadata": N_("electronic data")}
OTHER, SEVERAL = "\x00other", "\x00several"  # group keys beside the creditors' names
MAX_NUMBERS = 4  # collector numbers named in one purpose before "…"
MAX_DAYS = 6  # days of one rule's findings named in one purpose


@dataclass(slots=True)
class Entry:
    """One row of the 证据目录."""

    number: int
    group: str  # a creditor's name, or SEVERAL / OTHER
    name: str
    form: str
    source: str  # the carrier and the export, as the borrower stated them
    purpose: str  # 证明目的, a full sentence
    sha256: str | None = None  # None: an entry the borrower made by hand
    event_id: int | None = None
    at: str | None = None
    stated: bool = False  # rests on the borrower's statement alone
    days: list[str] = field(default_factory=list)  # the days of collection contact it shows


def shown_time(at: str | None) -> str:
    """``2026-10-12T09:15:26.450+08:00`` as ``2026-10-12 09:15:26+08:00``: whole seconds,
    and a space where a line may break (never inside the time)."""
    if not at:
        return "—"
    day, _, rest = at.partition("T")
    clock, offset = rest[:8], rest[8:].lstrip(".0123456789")
    return f"{day} {clock}{offset}"


def _zh(lang: str) -> bool:
    return Language.of(lang).chinese


def _join(parts: list[str], lang: str) -> str:
    return ("、" if _zh(lang) else ", ").join(parts)


def _platform_of(data: ReportData, number: str | None) -> str | None:
    party = data.parties.get(number or "", {})
    return party.get("platform") if party.get("role") == "collector" else None


def _collector_events(data: ReportData) -> dict[str, list[dict[str, Any]]]:
    """sha -> the collectors' calls and messages that original shows."""
    out: dict[str, list[dict[str, Any]]] = {}
    for event in data.events:
        if data.parties.get(event["number"], {}).get("role") == "collector":
            for sha in event["evidence"]:
                out.setdefault(sha, []).append(event)
    return out


def _whose_phone(data: ReportData, owner: str | None) -> str:
    lang = data.lang
    if owner in (None, "self"):
        return tr("the borrower", lang)
    party = data.parties.get(owner, {})
    who = " ".join(x for x in (party.get("relation"), party.get("name")) if x)
    return tr("{who} ({number}), the borrower's contact", lang, who=who or owner, number=owner) \
        if who else owner or ""


def _what(data: ReportData, events: list[dict[str, Any]], owner: str | None) -> str:
    """"收款平台的催收号码 A、B 于 2026-03-02 至 03-05 向借款人拨打电话 14 次（接通 3 次）" per
    creditor, joined."""
    lang = data.lang
    by_platform: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        key = _platform_of(data, event["number"]) or tr("an unidentified creditor", lang)
        by_platform.setdefault(key, []).append(event)
    whom = _whose_phone(data, owner)
    parts = []
    for platform, group in by_platform.items():
        numbers = sorted({e["number"] for e in group})
        shown = _join(numbers[:MAX_NUMBERS], lang) + ("…" if len(numbers) > MAX_NUMBERS else "")
        days = sorted({e["at"][:10] for e in group if e.get("at")})
        when = (days[0] if len(days) == 1 else tr("{first} to {last}", lang, first=days[0],
                                                   last=days[-1])) if days else "—"
        if len(group) == 1 and group[0].get("at"):  # one call or message: its time too
            when = shown_time(group[0]["at"])[:16]
        calls = [e for e in group if e["kind"] == "call" and e["direction"] != "out"]
        texts = [e for e in group if e["kind"] == "message" and e["direction"] != "out"]
        did = []
        if calls:
            connected = sum(1 for e in calls if e.get("connected"))
            did.append(tr("made {count} call(s) ({connected} connected)", lang,
                          count=len(calls), connected=connected))
        if texts:
            did.append(tr("sent {count} message(s)", lang, count=len(texts)))
        if not did:  # only contact from the borrower's side
            parts.append(tr("on {when} {whom} contacted the number(s) {numbers} collecting for "
                            "{platform} {count} time(s)", lang, when=when, whom=whom,
                            numbers=shown, platform=platform, count=len(group)))
            continue
        parts.append(tr("on {when} the number(s) {numbers} collecting for {platform} {did} to "
                        "{whom}", lang, when=when, numbers=shown, platform=platform,
                        did=_join(did, lang), whom=whom))
    return ("；" if _zh(lang) else "; ").join(parts)


def _days(days: list[str], lang: str) -> str:
    """The days of one rule's findings; past MAX_DAYS, the first ones and how many more (an
    export backing a year of findings would otherwise make a purpose taller than a page)."""
    unique = sorted(set(days))
    if len(unique) <= MAX_DAYS:
        return _join(unique, lang)
    return tr("{days} and {more} more day(s), to {last}", lang,
              days=_join(unique[:MAX_DAYS - 1], lang), more=len(unique) - MAX_DAYS + 1,
              last=unique[-1])


def _backs(data: ReportData, found: list[Any]) -> str:
    """The findings an original backs, as "夜间催收（2026-03-05、03-06）；…"."""
    lang = data.lang
    days: dict[str, list[str]] = {}
    words: list[str] = []
    for finding in found:
        days.setdefault(finding.rule.text("title", lang), []).extend(
            [finding.day] if finding.day else [])
        words += [w for w in finding.matched if w not in words]
    if not days:
        return ""
    parts = [f"{title}（{_days(d, lang)}）" if d and _zh(lang)
             else f"{title} ({_days(d, lang)})" if d else title
             for title, d in days.items()]
    text = tr("findings it backs: {findings}", lang,
              findings=("；" if _zh(lang) else "; ").join(parts))
    if words:
        text += tr(", including the words {words}", lang,
                   words=_join([f"“{w}”" for w in words[:6]], lang))
    return text


def _purpose(data: ReportData, item: dict[str, Any], events: list[dict[str, Any]],
             found: list[Any]) -> str:
    lang = data.lang
    kind = item["kind"]
    if not events:
        return tr("It holds no collection contact; submitted as the original that the other "
                  "items are taken from.", lang) if kind in ("call-log", "messages") else \
            tr("It shows no collection contact the app could tie to a creditor; submitted as "
               "background.", lang)
    what = _what(data, events, item["owner"])
    if kind == "recording":
        lead = tr("A recording of the call: {what}", lang, what=what)
    elif kind in ("image", "attachment"):
        lead = tr("The screen shows that {what}", lang, what=what)
    else:
        lead = tr("It shows that {what}", lang, what=what)
    backs = _backs(data, found)
    end = "。" if _zh(lang) else "."
    return lead + (("，" if _zh(lang) else "; ") + backs if backs else "") + end


def _carrier(data: ReportData, item: dict[str, Any],
             carriers: dict[str, tuple[dict[str, Any], dict[str, Any]]]) -> str:
    lang = data.lang
    found = carriers.get(item["sha256"])
    if found is None:
        phone = tr("the borrower's phone", lang) if item["owner"] in (None, "self") else \
            tr("the phone of {who}", lang, who=_whose_phone(data, item["owner"]))
        return tr("{phone}; how it was exported is not stated", lang, phone=phone)
    device, export = found
    model = " ".join(x for x in (device["make"], device["model"]) if x) or device["label"]
    owner = device["owner_name"] or _whose_phone(data, device["owner"])
    how = [export["method"], (export["made_at"] or "").replace("T", " "),
           export["made_by"] or ""]
    return f"{model}\n{owner}\n" + tr("exported: {how}", lang, how=(
        "；" if _zh(lang) else "; ").join(x for x in how if x))


def entries(data: ReportData) -> list[Entry]:
    """The 证据目录, numbered: creditors in the order their findings (then their numbers)
    appear, then originals that concern several creditors, then the rest; by time within a
    group. Entries the borrower made by hand go under their creditor, marked stated. Made
    once per dossier (kept in ``data.catalogue``)."""
    if data.catalogue is None:
        data.catalogue = _entries(data, data.provenance)
    return data.catalogue


def _entries(data: ReportData, prov: Provenance | None) -> list[Entry]:
    lang = data.lang
    carriers = carrier_of(prov) if prov is not None else {}
    shown = _collector_events(data)
    backed: dict[str, list[Any]] = {}
    for finding in data.findings:
        for sha in finding.evidence:
            backed.setdefault(sha, []).append(finding)
    order: list[str] = []
    for finding in data.findings:
        if finding.platform and finding.platform not in order:
            order.append(finding.platform)
    for event in data.events:
        platform = _platform_of(data, event["number"])
        if platform and platform not in order:
            order.append(platform)
    rows: list[Entry] = []
    for item in data.originals:
        if item["sha256"] in data.withheld:  # listed apart, by hash (catalogue_pages.withheld)
            continue
        events = shown.get(item["sha256"], [])
        platforms = {p for e in events if (p := _platform_of(data, e["number"]))}
        platforms |= {f.platform for f in backed.get(item["sha256"], []) if f.platform}
        group = next(iter(platforms)) if len(platforms) == 1 else SEVERAL if platforms else OTHER
        name = item["name"] if item["at"] is None else f"{item['name']}\n{shown_time(item['at'])}"
        rows.append(Entry(0, group, name, tr(FORMS.get(item["kind"], FORMS["metadata"]), lang),
                          _carrier(data, item, carriers), _purpose(data, item, events,
                                                           backed.get(item["sha256"], [])),
                          sha256=item["sha256"], at=item["at"],
                          days=sorted({e["at"][:10] for e in events if e.get("at")})))
    for event in data.stated:
        platform = _platform_of(data, event["number"])
        what = tr("call entered by hand", lang) if event["kind"] == "call" \
            else tr("message entered by hand", lang)
        purpose = tr("The borrower states that {what}; no file backs it.", lang,
                     what=_what(data, [event], event["owner"]) if platform
                     else tr("on {when} the number {number} made contact", lang,
                             when=event["at"] or "—", number=event["number"]))
        rows.append(Entry(0, platform or OTHER,
                          f"{what}\n{shown_time(event['at'])}\n{event['number']}",
                          tr("party's statement", lang),
                          tr("stated by the borrower", lang), purpose,
                          event_id=event["id"], at=event["at"], stated=True,
                          days=[event["at"][:10]] if event.get("at") else []))
    rank = {name: i for i, name in enumerate([*order, SEVERAL, OTHER])}
    rows.sort(key=lambda r: (rank.get(r.group, len(rank)), r.at or "9999", r.stated))
    for number, row in enumerate(rows, 1):
        row.number = number
    return rows


def evidence_numbers(data: ReportData) -> tuple[dict[str, int], dict[int, int]]:
    """The 证据目录 numbers: sha -> No. of an original, event id -> No. of an entry the
    borrower made by hand. The one numbering every section and draft cites."""
    by_sha: dict[str, int] = {}
    by_event: dict[int, int] = {}
    for entry in entries(data):
        if entry.sha256 is not None:
            by_sha[entry.sha256] = entry.number
        elif entry.event_id is not None:
            by_event[entry.event_id] = entry.number
    return by_sha, by_event


def number_of(data: ReportData, sha256: str) -> int | None:
    """The 证据目录 number of the original ``sha256`` (None: not in the dossier's period)."""
    return evidence_numbers(data)[0].get(sha256)


def group_title(group: str, lang: str) -> str:
    if group == SEVERAL:
        return tr("Items concerning several creditors", lang)
    if group == OTHER:
        return tr("Other items", lang)
    return tr("Creditor: {name}", lang, name=group)
