"""The legal grounds the dossier cites, per lender: only what binds that lender (its type from
the borrower's debts), with each citation's status; a platform with no debt entered is said to
be of unknown type and only the grounds that bind every collector are cited for it."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from evidence_logger.i18n import Language, tr
from evidence_logger.report.data import ReportData
from evidence_logger.report.layout import Bookmark, para, table
from evidence_logger.rules.engine import Finding, Rule
from evidence_logger.rules.grounds import UNKNOWN, Ground, Lender, binding, lender_kinds

Styles = dict[str, ParagraphStyle]


def _status(status: str, lang: str) -> str:
    return f"［{tr(status, lang)}］" if Language.of(lang).chinese else f" [{tr(status, lang)}]"


def cite(ground: Ground, lang: str) -> str:
    """A ground's citation with its status."""
    return ground.text(lang) + _status(ground.status, lang)


def lender_words(data: ReportData, lender: Lender) -> str:
    """The lender behind a platform in words: type, legal name, funding institution."""
    lang = data.lang
    if lender.type == UNKNOWN:
        return tr("lender type unknown (no debt entered for {platform})", lang,
                  platform=lender.platform or "—")
    kinds = lender_kinds(data.profile.id) if data.profile else {}
    kind = kinds.get(lender.type)
    parts = [kind.text("name", lang) if kind else lender.type]
    if lender.legal_name:
        parts.append(tr("lender: {name}", lang, name=lender.legal_name))
    if lender.funder:
        parts.append(tr("funding institution: {name}", lang, name=lender.funder))
    elif lender.type == "platform":
        parts.append(tr("funding institution not entered (see the contract or the credit "
                        "report)", lang))
    return ("；" if Language.of(lang).chinese else "; ").join(parts)


def citation_rows(data: ReportData, rule: Rule, found: list[Finding]) -> list[list[Any]]:
    """The rows that cite a rule's grounds in the findings section: one per platform among
    ``found``, with only the grounds that bind that platform's lender."""
    lang = data.lang
    if data.profile is None:
        return []
    rows: list[list[Any]] = []
    for platform in dict.fromkeys(f.platform or "" for f in found):
        lender = data.lender(platform)
        grounds = binding(data.profile.id, lender.type, [rule.id])
        label = tr("Legal grounds: {platform}", lang,
                   platform=platform or tr("creditor not identified", lang))
        text = "\n".join(cite(g, lang) for g in grounds) or tr(
            "No ground of the profile binds this lender for this rule.", lang)
        rows.append([label, f"{lender_words(data, lender)}\n{text}"])
    return rows


def grounds_by_lender(data: ReportData, st: Styles) -> list[Flowable]:
    """Per creditor with findings: who lends, where to complain, and the grounds that bind
    it for the rules it broke."""
    lang = data.lang
    if data.profile is None or not data.findings:
        return []
    title = tr("Legal grounds by lender", lang)
    out: list[Flowable] = [Bookmark("grounds", title, level=1), para(title, st["h2"]),
                           para(tr("Each creditor is cited only with what binds its kind of "
                                   "lender, as the borrower's debts say; the status says how "
                                   "sure the source is.", lang), st["note"])]
    kinds = lender_kinds(data.profile.id)
    for platform, rule_ids in _by_platform(data).items():
        lender = data.lender(platform)
        kind = kinds.get(lender.type)
        grounds = binding(data.profile.id, lender.type, rule_ids)
        rows = [[tr("Lender", lang), lender_words(data, lender)],
                [tr("Where to complain", lang),
                 kind.text("regulator", lang) if kind else tr(
                     "unknown until the lender type is entered (debt add --lender-type)",
                     lang)]]
        rows += [[tr(g.kind, lang), cite(g, lang)] for g in grounds]
        out += [para(platform or tr("creditor not identified", lang), st["body"]),
                table([tr("Item", lang), tr("Value", lang)], rows, (0.22, 0.78), st=st)]
    return out


def _by_platform(data: ReportData) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in data.findings:
        ids = found.setdefault(finding.platform or "", [])
        if finding.rule.id not in ids:
            ids.append(finding.rule.id)
    return found
