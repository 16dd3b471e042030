"""The dossier's complaint drafts: one per lender, addressed to that lender's regulator (12378 for
institutions the NFRA supervises, the local 地方金融管理局 for microlenders and guarantors, the
funding institution for a 助贷 loan), with the complainant, the institution's full legal name,
facts and reasons written out from the findings, concrete demands, the evidence by 证据目录
number, date and signature lines and the 15-day answer rule. Only that lender's collector
numbers are named: a relative reached is named by relation, never by number. Blanks the
borrower must fill are marked. Then the other channels (110 for threats)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from evidence_logger.i18n import Language, tr
from evidence_logger.report import catalogue
from evidence_logger.report.complaint_facts import fact_sentence, facts_of
from evidence_logger.report.data import ReportData
from evidence_logger.report.grounds import cite, lender_words
from evidence_logger.report.layout import Bookmark, para, table
from evidence_logger.rules.counting import counted
from evidence_logger.rules.engine import Finding
from evidence_logger.rules.grounds import binding, complaint_terms, lender_kinds

Styles = dict[str, ParagraphStyle]
POLICE_RULES = ("threat-language", "impersonation")  # findings that call for the 110 note


def _blank(lang: str) -> str:
    return tr("[to be filled in by the borrower]", lang)


def evidence_numbers(data: ReportData) -> tuple[dict[str, int], dict[int, int]]:
    """The 证据目录 numbers: sha -> No. of the original, event id -> No. of a stated entry
    (see :func:`evidence_logger.report.catalogue.evidence_numbers`)."""
    return catalogue.evidence_numbers(data)


def _creditors(data: ReportData) -> dict[str, list[Finding]]:
    """Each creditor/platform (a lender) with the findings that count against it, in
    first-seen order; creditors with collectors or a debt but no finding are included."""
    grouped: dict[str, list[Finding]] = {}
    for finding in counted(data.findings):
        grouped.setdefault(finding.platform or "", []).append(finding)
    for party in data.parties.values():
        if party["role"] == "collector" and party["platform"]:
            grouped.setdefault(party["platform"], [])
    for platform in data.lenders:
        grouped.setdefault(platform, [])
    return grouped


def _numbers_of(data: ReportData, platform: str) -> list[str]:
    """This lender's collector numbers, and no one else's."""
    return sorted(n for n, p in data.parties.items()
                  if p["role"] == "collector" and p["platform"] == platform and platform)


def _evidence_refs(data: ReportData, found: list[Finding], platform: str,
                   numbers: tuple[dict[str, int], dict[int, int]]) -> list[int]:
    by_sha, by_event = numbers
    refs = {by_sha[s] for f in found for s in f.evidence if s in by_sha}
    refs |= {by_event[e] for f in found for e in f.events if e in by_event}
    refs |= {by_sha[s] for link in data.attributions if link.platform == platform
             for s in link.evidence if s in by_sha}
    return sorted(refs)


def _evidence_rows(data: ReportData, refs: list[int],
                   numbers: tuple[dict[str, int], dict[int, int]]) -> list[list[Any]]:
    """The rows of the evidence the draft cites, numbered as the 证据目录 numbers them."""
    items = {item["sha256"]: item for item in data.originals}
    by_number = {n: items[sha] for sha, n in numbers[0].items() if sha in items}
    events = {event["id"]: event for event in data.stated}
    stated = {n: events[e] for e, n in numbers[1].items() if e in events}
    rows: list[list[Any]] = []
    for n in refs:
        if n in by_number:
            item = by_number[n]
            rows.append([n, item["name"], f"SHA-256 {item['sha256'][:16]}…"])
        elif n in stated:
            rows.append([n, stated[n]["at"][:16].replace("T", " "),
                         tr("stated by the borrower", data.lang)])
    return rows


def _draft(data: ReportData, st: Styles, platform: str, found: list[Finding],
           numbers: tuple[dict[str, int], dict[int, int]], index: int) -> list[Flowable]:
    lang, blank = data.lang, _blank(data.lang)
    assert data.profile is not None
    profile = data.profile.id
    lender = data.lender(platform)
    kind = lender_kinds(profile).get(lender.type)
    channel = kind.channel if kind else "unknown"
    name = platform or tr("creditor not identified", lang)
    title = tr("Complaint draft {n}: {platform}", lang, n=index, platform=name)
    against = lender.funder if channel == "funder" else lender.legal_name
    against_text = against or tr("{blank} (its full legal name, as the contract or the credit "
                                 "report gives it)", lang, blank=blank)
    regulator = kind.text("regulator", lang) if kind else tr(
        "unknown until the lender type is entered (debt add --lender-type); 12378 for an "
        "institution the NFRA supervises, the local financial regulatory bureau for a "
        "microlender", lang)
    who: list[list[Any]] = [
        [tr("Complaint to", lang), regulator],
        [tr("Institution complained about (full legal name)", lang), against_text],
        [tr("Platform or brand", lang), name],
        [tr("Kind of lender", lang), lender_words(data, lender)],
        [tr("Collectors' numbers of this lender", lang),
         "、".join(_numbers_of(data, platform)) or "—"],
        [tr("Complainant's name and ID number", lang), blank],
        [tr("Contact details (phone, address)", lang), blank]]
    out: list[Flowable] = [
        Bookmark(f"complaint-{index}", title, level=1), para(title, st["h2"]),
        table([tr("Item", lang), tr("Value", lang)], who, (0.3, 0.7), st=st),
        para(tr("Facts and reasons", lang), st["h2"])]
    if found:
        at = {e["id"]: e for e in data.events}
        for n, fact in enumerate(facts_of(found), 1):
            out.append(para(f"{n}. {fact_sentence(data, fact, at, numbers)}", st["body"]))
        rule_ids = list(dict.fromkeys(f.rule.id for f in found))
        grounds = binding(profile, lender.type, rule_ids)
        if grounds:
            out.append(para(tr("These acts go against:", lang), st["body"]))
            out += [para(f"· {cite(g, lang)}", st["note"]) for g in grounds]
    else:
        rule_ids = []
        out.append(para(tr("No violation found for this creditor in this period.", lang),
                        st["note"]))
    terms = complaint_terms(profile)
    out.append(para(tr("Demands", lang), st["h2"]))
    demands = terms.demands_for(rule_ids, lang) if terms else []
    out += [para(f"{n}. {text}", st["body"]) for n, text in enumerate(demands, 1)]
    refs = _evidence_refs(data, found, platform, numbers)
    out.append(para(tr("Evidence (by number in the evidence list, 证据目录)", lang), st["h2"]))
    if refs:
        out.append(table([tr("No.", lang), tr("Name", lang), tr("Check", lang)],
                         _evidence_rows(data, refs, numbers), (0.1, 0.6, 0.3), st=st))
    else:
        out.append(para("—", st["body"]))
    if terms:
        text, status = terms.answer_rule(channel, lang)
        if status:
            text += f"［{tr(status, lang)}］" if Language.of(lang).chinese \
                else f" [{tr(status, lang)}]"
        out += [Spacer(1, 4), para(text, st["note"])]
    out += [Spacer(1, 14),
            para(tr("Complainant (signature): ____________    Date: ____________", lang),
                 st["body"]), PageBreak()]
    return out


def _police(data: ReportData, st: Styles) -> list[Flowable]:
    lang = data.lang
    if not any(f.rule.id.rpartition(".")[2] in POLICE_RULES for f in counted(data.findings)):
        return []
    return [para(tr("Threats or violence: 110", lang), st["h2"]),
            para(tr("The case holds threatening or impersonating language (see the findings). "
                    "Threats to the borrower's or the family's safety, or violence, can be "
                    "reported to the police on 110.", lang), st["body"])]


def complaint(data: ReportData, st: Styles) -> list[Flowable]:
    """One draft complaint per lender and the other channels (profile ``cn`` only)."""
    if data.profile is None or data.profile.id != "cn":
        return []
    lang = data.lang
    title = tr("Complaint drafts", lang)
    numbers = evidence_numbers(data)
    out: list[Flowable] = [
        Bookmark("complaint", title), para(title, st["h1"]),
        para(tr("One draft per lender, to that lender's regulator, filled from the case. Check "
                "every fact before using it and fill in every field marked {blank}. It states "
                "facts; it is not legal advice.", lang, blank=_blank(lang)), st["note"])]
    for index, (platform, found) in enumerate(_creditors(data).items(), 1):
        out += _draft(data, st, platform, found, numbers, index)
    out += _police(data, st)
    out += [
        para(tr("Other channels", lang), st["h2"]),
        para(tr("中国互联网金融协会 (National Internet Finance Association of China) reporting "
                "platform: reports are made under the reporter's real name, at most 5 a day.",
                lang), st["body"]),
        Spacer(1, 4), PageBreak()]
    return out
