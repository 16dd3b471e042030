"""Letters to a creditor asking for instalments or a waiver, filled from the case: the debt,
the hardship in the borrower's words, the proposed plan. The rule on negotiated instalments
for credit cards is cited only for a bank, the one kind of lender it binds, with its status:
it allows (可以) a bank to agree a personalised plan; it does not oblige one."""

from __future__ import annotations

from datetime import date
from typing import Any

from evidence_logger.i18n import N_, Language, tr
from evidence_logger.way_out.budget import Budget
from evidence_logger.way_out.plan import Plan
from evidence_logger.way_out.priority import RankedDebt

KINDS = {"instalments": N_("Request for an instalment plan"),
         "waiver": N_("Request to waive penalty interest and fees")}

# 《商业银行信用卡业务监督管理办法》(2011) Art. 70, as secondary summaries give it
BANK_RULE = {
    "citation": N_("Measures on the Supervision of Commercial Banks' Credit Card Business "
                   "(2011), Art. 70"),
    "text": N_("where a cardholder's debt exceeds their ability to repay and they are still "
               "willing to repay, the card-issuing bank may negotiate with them on an equal "
               "footing and agree a personalised instalment plan of up to 5 years"),
    "status": "secondary",
    "status_note": N_("The article number and words are from secondary summaries, not the "
                      "official text; the rule allows a bank to agree such a plan, it does not "
                      "oblige it. It binds banks' credit cards only."),
}


def letter(kind: str, debt: RankedDebt, plan: Plan, budget: Budget, lang: str,
           today: date | None = None) -> dict[str, Any]:
    """The letter as a title, paragraphs and the rule cited (or None): plain data for the
    command line, the window and a PDF alike."""
    if kind not in KINDS:
        raise ValueError(kind)
    lang = Language.of(lang)
    d = debt.debt
    line = next((x for x in plan.lines if x.debt_id == d["id"]), None)
    to = d["lender"] or d["platform"]
    paras = [tr("To {lender}:", lang, lender=to),
             tr("I, ______ (ID number ______, telephone ______), borrowed {principal} yuan "
                "through {platform}{contract}. {owed} yuan is still due as I count it{overdue}.",
                lang, principal=d["principal"], platform=d["platform"],
                contract=tr(" under a contract of {day}", lang, day=d["contract_date"])
                if d["contract_date"] else "",
                owed=debt.outstanding,
                overdue=tr(", {days} days overdue", lang, days=debt.overdue_days)
                if debt.overdue_days else "")]
    paras.append(tr("I have not been able to pay as agreed because: {hardship}", lang,
                    hardship=budget.hardship or "______"))
    if budget.left is not None:
        paras.append(tr("Each month my income is {income} yuan and my essential expenses are "
                        "{expenses} yuan, which leaves {left} yuan for all my debts; I have "
                        "attached my repayment plan.", lang, income=budget.income,
                        expenses=budget.expenses, left=budget.left))
    if kind == "instalments":
        if line is not None and line.monthly > 0:
            paras.append(tr("I ask you to agree to instalments of {monthly} yuan a month, over "
                            "{months} months, and to stop interest and penalties while I pay.",
                            lang, monthly=line.monthly,
                            months=line.months or tr("more than 600", lang)))
        else:
            paras.append(tr("I ask you to agree to instalments I can afford, and to stop "
                            "interest and penalties while I pay.", lang))
    else:
        paras.append(tr("I ask you to waive the penalty interest, late fees and other charges, "
                        "so that I can repay the principal and the agreed interest.", lang))
    rule = None
    if d["lender_type"] == "bank":
        rule = {"citation": tr(BANK_RULE["citation"], lang), "text": tr(BANK_RULE["text"], lang),
                "status": tr(BANK_RULE["status"], lang),
                "status_note": tr(BANK_RULE["status_note"], lang)}
        paras.append(tr("Under {citation}, {text}.", lang, citation=rule["citation"],
                        text=rule["text"]))
    paras.append(tr("I am willing to repay and ask for your reply in writing. Please contact "
                    "me only myself, and not my family, friends or employer.", lang))
    paras.append(tr("Signature: ______    Date: {day}", lang,
                    day=(today or date.today()).isoformat()))
    return {"kind": kind, "title": tr(KINDS[kind], lang), "to": to, "debt": d["id"],
            "paragraphs": paras, "rule": rule}
