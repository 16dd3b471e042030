"""The dossier's draft complaint to 12378 (the 国家金融监督管理总局 hotline), filled from the
case: creditors and their collectors' numbers, the violations found, what was said, the evidence
list numbers; plus the other channels (110 for threats, the 中国互联网金融协会 platform, the
local 金融管理局 for microlenders). Blanks the borrower must fill are marked."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from evidence_logger.i18n import Language, tr
from evidence_logger.report import catalogue
from evidence_logger.report.data import ReportData
from evidence_logger.report.layout import Bookmark, para, table
from evidence_logger.rules.engine import Finding

Styles = dict[str, ParagraphStyle]
POLICE_RULES = ("threat-language", "impersonation")  # findings that call for the 110 note
MAX_TIMES = 8  # times listed per finding before "…"


def _blank(lang: str) -> str:
    return tr("[to be filled in by the borrower]", lang)


def evidence_numbers(data: ReportData) -> tuple[dict[str, int], dict[int, int]]:
    """The 证据目录 numbers: sha -> No. of the original, event id -> No. of a stated entry
    (see :func:`evidence_logger.report.catalogue.evidence_numbers`)."""
    return catalogue.evidence_numbers(data)


def _creditors(data: ReportData) -> dict[str, list[Finding]]:
    """Each creditor/platform with the findings about it (debts aside), in first-seen order."""
    grouped: dict[str, list[Finding]] = {}
    for finding in data.findings:
        if finding.rule.check != "excess-interest":
            grouped.setdefault(finding.platform or "", []).append(finding)
    for party in data.parties.values():  # creditors with collectors but no finding
        if party["role"] == "collector" and party["platform"]:
            grouped.setdefault(party["platform"], [])
    return grouped


def _times(at: dict[int, str | None], finding: Finding) -> str:
    """The finding's day and the times of its events; ``at`` maps event id -> time."""
    times = sorted({when[11:16] for e in finding.events if (when := at.get(e))})
    shown = "、".join(times[:MAX_TIMES]) + ("…" if len(times) > MAX_TIMES else "")
    return f"{finding.day or '—'} {shown}".strip()


def _numbers(finding: Finding, by_sha: dict[str, int], by_event: dict[int, int]) -> str:
    found = {by_sha[s] for s in finding.evidence if s in by_sha}
    found |= {by_event[e] for e in finding.events if e in by_event}
    return "、".join(str(n) for n in sorted(found)) or "—"


def _creditor(data: ReportData, st: Styles, platform: str, found: list[Finding],
              numbers: tuple[dict[str, int], dict[int, int]]) -> list[Flowable]:
    lang = data.lang
    name = platform or tr("creditor not identified", lang)
    collectors = sorted(n for n, p in data.parties.items()
                        if p["role"] == "collector" and p["platform"] == platform and platform)
    collectors += sorted({f.number for f in found if f.number and f.number not in collectors
                          and data.parties.get(f.number, {}).get("role") == "collector"})
    out: list[Flowable] = [
        para(tr("Creditor / platform: {name}", lang, name=name), st["h2"]),
        para(tr("Collectors' numbers: {numbers}", lang,
                numbers="、".join(collectors) or "—"), st["body"])]
    if not found:
        out.append(para(tr("No violation found for this creditor in this period.", lang),
                        st["note"]))
        return out
    at = {e["id"]: e["at"] for e in data.events}
    rows = [[_times(at, f), f.rule.text("title", lang), f.number or "—",
             f.count if f.count is not None else "—", "、".join(f.matched) or "—",
             _numbers(f, *numbers)] for f in found]
    out.append(table([tr("Date and times", lang), tr("Violation", lang), tr("Number", lang),
                      tr("Count", lang), tr("What was said", lang), tr("Evidence No.", lang)],
                     rows, (0.2, 0.26, 0.16, 0.07, 0.19, 0.12), st=st))
    return out


def _police(data: ReportData, st: Styles) -> list[Flowable]:
    lang = data.lang
    if not any(f.rule.id.rpartition(".")[2] in POLICE_RULES for f in data.findings):
        return []
    rules = data.profile.rules if data.profile else ()
    threat = next((r for r in rules if r.id.rpartition(".")[2] == "threat-language"), None)
    out = [para(tr("Threats or violence: 110", lang), st["h2"]),
           para(tr("The case holds threatening or impersonating language (see the findings). "
                   "Threats to the borrower's or the family's safety, or violence, can be "
                   "reported to the police on 110.", lang), st["body"])]
    if threat is not None:
        out += [para(f"{tr('Citation', lang)}: {threat.text('citation', lang)}", st["note"]),
                para(threat.text("status_note", lang), st["note"])]
    return out


def complaint(data: ReportData, st: Styles) -> list[Flowable]:
    """The draft complaint and the other channels (profile ``cn`` only: they are Chinese)."""
    if data.profile is None or data.profile.id != "cn":
        return []
    lang = data.lang
    title = tr("Complaint draft for 12378", lang)
    numbers = evidence_numbers(data)
    blank = _blank(lang)
    who: list[list[Any]] = [
        [tr("Complaint to", lang), tr("12378, hotline of the National Financial Regulatory "
                                      "Administration (国家金融监督管理总局)", lang)],
        [tr("Case", lang), data.case_name],
        [tr("Complainant's name and ID number", lang), blank],
        [tr("Contact details (phone, address)", lang), blank]]
    out: list[Flowable] = [
        Bookmark("complaint", title), para(title, st["h1"]),
        para(tr("A draft filled from the case. Check every fact before using it and fill in "
                "every field marked {blank}. It states facts; it is not legal advice.", lang,
                blank=blank), st["note"]),
        table([tr("Item", lang), tr("Value", lang)], who, (0.3, 0.7), st=st)]
    for platform, found in _creditors(data).items():
        out += _creditor(data, st, platform, found, numbers)
    out += [
        para(tr("Demand", lang), st["h2"]),
        para(tr("That the creditor and its collectors stop the violations listed above.", lang)
             + ("" if Language.of(lang).chinese else " ")
             + tr("Further demands: {blank}", lang, blank=blank), st["body"]),
        para(tr("Evidence", lang), st["h2"]),
        para(tr("This dossier: the numbers above refer to its evidence list (证据目录), which "
                "gives each original's SHA-256; the originals themselves are in the exported "
                "evidence bundle (evidence-logger export), which can be checked with "
                "evidence-logger verify.", lang), st["body"])]
    out += _police(data, st)
    out += [
        para(tr("Other channels", lang), st["h2"]),
        para(tr("中国互联网金融协会 (National Internet Finance Association of China) reporting "
                "platform: reports are made under the reporter's real name, at most 5 a day.",
                lang), st["body"]),
        para(tr("Licensed microlenders (小额贷款公司) are supervised locally: complain to the "
                "local 金融管理局 (financial regulatory bureau).", lang), st["body"]),
        Spacer(1, 4), PageBreak()]
    return out
