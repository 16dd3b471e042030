"""The dossier's section on the borrower's debts and the legal interest cap (4 x the one-year
LPR at the contract date, rule ``cn.excess-interest``). The debts are the borrower's statements."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from evidence_logger.i18n import N_, tr
from evidence_logger.report.data import ReportData
from evidence_logger.report.layout import Bookmark, para, table
from evidence_logger.rules.engine import Finding
from evidence_logger.rules.profile import Rule, load_table

Styles = dict[str, ParagraphStyle]
CENT = Decimal("0.01")
LENDER_NAMES = {"bank": N_("bank"), "consumer-finance": N_("consumer-finance company"),
                "microlender": N_("microlender"), "platform": N_("online platform"),
                "private": N_("private lender"), "other": N_("other lender")}


def cap_of(rule: Rule, debt: dict[str, Any], found: Finding | None) -> dict[str, Any]:
    """The LPR, its date and the cap for one debt: from the engine's finding where there is
    one (a debt above the cap), else from the same LPR table and parameters."""
    if found is not None:
        return found.details
    rates = sorted((str(r["from"]), Decimal(str(r["percent"])))
                   for r in load_table(rule.params["lpr_table"])["rate"])
    when = debt["contract_date"] or "9999-12-31"  # no date: the latest rate, as the check does
    in_force = [r for r in rates if r[0] <= when]
    lpr_from, lpr = in_force[-1] if in_force else rates[0]
    return {"lpr": str(lpr.quantize(CENT)), "lpr_from": lpr_from,
            "cap": str((lpr * Decimal(str(rule.params["multiple"]))).quantize(CENT)),
            "before_lpr_table": not in_force, "no_contract_date": not debt["contract_date"]}


def _verdict(rule: Rule, debt: dict[str, Any], cap: dict[str, Any], lang: str) -> str:
    if debt["lender_type"] in set(rule.params.get("exempt_lender_types", [])):
        text = tr("licensed lender: the 4 x LPR cap of the private-lending rules does not "
                  "apply (see the rule's status note)", lang)
    elif Decimal(debt["annual_rate"]) > Decimal(cap["cap"]):
        text = tr("above the cap", lang)
    else:
        text = tr("within the cap", lang)
    if cap.get("before_lpr_table"):
        text += "; " + tr("contract before the LPR table: a lawyer should check", lang)
    if cap.get("no_contract_date"):
        text += "; " + tr("no contract date: the latest LPR was used", lang)
    return text


def debts(data: ReportData, st: Styles) -> list[Flowable]:
    """The debts table with the cap of each; nothing when the case has no debts."""
    if not data.debts:
        return []
    lang = data.lang
    rule = data.rule("excess-interest")
    by_debt = {f.details.get("debt"): f for f in data.debt_findings}
    rows = []
    for debt in data.debts:
        lender = debt["lender_type"]
        kind = tr(LENDER_NAMES[lender], lang) if lender in LENDER_NAMES else "—"
        row = [debt["platform"], debt["principal"], f"{debt['annual_rate']}%",
               debt["contract_date"] or "—", kind]
        if rule is None:
            row += ["—", "—", tr("the profile has no interest-cap rule", lang)]
        else:
            cap = cap_of(rule, debt, by_debt.get(debt["id"]))
            row += [f"{cap['lpr']}%\n{tr('from {day}', lang, day=cap['lpr_from'])}",
                    f"{cap['cap']}%", _verdict(rule, debt, cap, lang)]
        rows.append(row)
    title = tr("Debts and the interest cap", lang)
    out: list[Flowable] = [
        Bookmark("debts", title), para(title, st["h1"]),
        para(tr("The debts below are the borrower's statements (借款人陈述): the app has not "
                "seen the contracts. The cap is {multiple} x the one-year LPR in force on the "
                "contract date.", lang,
                multiple=rule.params["multiple"] if rule else "—"), st["body"]),
        table([tr("Platform or lender", lang), tr("Principal", lang), tr("Annual rate", lang),
               tr("Contract date", lang), tr("Lender type", lang), tr("One-year LPR", lang),
               tr("Cap", lang), tr("Verdict", lang)], rows,
              (0.14, 0.09, 0.08, 0.11, 0.11, 0.14, 0.08, 0.25), st=st,
              stated_rows=range(len(rows)))]
    if rule is not None:
        out += [Spacer(1, 6),
                para(f"{tr('Citation', lang)}: {rule.text('citation', lang)}", st["note"]),
                para(f"{tr('Status of the source', lang)}: {tr(rule.status, lang)}. "
                     f"{rule.text('status_note', lang)}", st["note"])]
    out.append(PageBreak())
    return out
