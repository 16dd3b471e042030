"""The dossier's section on the borrower's debts and the legal interest cap (4 x the one-year
LPR at the contract date, rule ``cn.excess-interest``; the cap itself is
:mod:`evidence_logger.interest`). The debts are the borrower's statements."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from evidence_logger.i18n import Language, tr
from evidence_logger.interest import LENDER_NAMES, cap_of, verdict
from evidence_logger.report.data import ReportData
from evidence_logger.report.layout import Bookmark, para, table
from evidence_logger.rules.profile import Rule, load_table
from evidence_logger.way_out.caps import binding_cap, verdict_text
from evidence_logger.way_out.true_rate import true_rate

Styles = dict[str, ParagraphStyle]
def debts(data: ReportData, st: Styles) -> list[Flowable]:
    """The debts table with the cap of each; nothing when the case has no debts."""
    if not data.debts:
        return []
    lang = data.lang
    rule = data.rule("excess-interest")
    rows = []
    for debt in data.debts:
        lender = debt["lender_type"]
        kind = tr(LENDER_NAMES[lender], lang) if lender in LENDER_NAMES else "—"
        row = [debt["platform"], debt["principal"], f"{debt['annual_rate']}%",
               debt["contract_date"] or "—", kind]
        if rule is None:
            row += ["—", "—", tr("the profile has no interest-cap rule", lang)]
        else:
            cap = cap_of(rule, debt)
            row += [f"{cap['lpr']}%\n{tr('from {day}', lang, day=cap['lpr_from'])}",
                    f"{cap['cap']}%", verdict(rule, debt, cap, lang)]
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
                     f"{rule.text('status_note', lang)}", st["note"]),
                para(lpr_table_status(rule, lang), st["note"])]
    out += true_rates(data, st)
    out.append(PageBreak())
    return out


def lpr_table_status(rule: Rule, lang: str) -> str:
    """The LPR table's own status and the day it was checked up to: the rule's "verified"
    covers the law, not the table's numbers."""
    table = load_table(rule.params["lpr_table"])
    return tr("The LPR table: {status}, checked up to {day}.", lang,
              status=tr(str(table.get("status", "uncertain")), lang),
              day=table.get("checked_as_of") or "—")


def true_rates(data: ReportData, st: Styles) -> list[Flowable]:
    """Each debt's true annual rate (what was paid out, less fees, against what is due and
    when) with the cap that binds its lender (:mod:`evidence_logger.way_out.caps`)."""
    lang = data.lang
    rows, notes = [], []
    for debt in data.debts:
        rate, cap = true_rate(debt), binding_cap(debt)
        rows.append([debt["lender"] or debt["platform"], str(rate.net_received),
                     str(rate.total_due) if debt["dues"] else "—",
                     f"{rate.rate}%" if rate.rate is not None else "—",
                     f"{cap.percent}%" if cap.percent is not None else "—",
                     verdict_text(rate, cap, lang)])
        short = Language.of(lang).short
        note = f"{cap.citation[short]} ({tr(cap.status, lang)}): {cap.note[short]}"
        if note not in notes:
            notes.append(note)
    return [Spacer(1, 8), para(tr("The true annual rate", lang), st["h2"]),
            para(tr("The rate a debt really costs: the internal rate of return of what was paid "
                    "out, less the fees charged up front, against what is due and when, as the "
                    "monthly rate x 12. It is compared with the cap that binds that kind of "
                    "lender.", lang), st["body"]),
            table([tr("Lender", lang), tr("Paid out less fees", lang), tr("Total due", lang),
                   tr("True annual rate", lang), tr("Binding cap", lang), tr("Verdict", lang)],
                  rows, (0.18, 0.12, 0.1, 0.1, 0.1, 0.4), st=st,
                  stated_rows=range(len(rows))),
            Spacer(1, 6), *[para(n, st["note"]) for n in notes]]
