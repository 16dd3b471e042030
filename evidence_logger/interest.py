"""The legal interest cap on a debt: 4 x the one-year LPR in force at the contract date (rule
``cn.excess-interest``), and what a debt's rate is against it. Shared by the dossier and the
window; no layout here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from evidence_logger.i18n import N_, Language, tr
from evidence_logger.rules.cap import legal_cap
from evidence_logger.rules.profile import Rule

LENDER_NAMES = {"bank": N_("bank"), "consumer-finance": N_("consumer-finance company"),
                "microlender": N_("microlender"), "platform": N_("online platform"),
                "private": N_("private lender"), "other": N_("other lender")}


def cap_of(rule: Rule, debt: dict[str, Any]) -> dict[str, Any]:
    """The LPR, its date and the cap for one debt: the same function as the engine's check."""
    return legal_cap(rule.params, debt["contract_date"])


def _true(debt: dict[str, Any]) -> Decimal | None:
    """The debt's true annual rate where it can be found (the debt as list_debts gives it)."""
    if "dues" not in debt:
        return None
    from evidence_logger.way_out.true_rate import true_rate

    return true_rate(debt).rate


def verdict(rule: Rule, debt: dict[str, Any], cap: dict[str, Any], lang: str) -> str:
    """The debt's rate against the cap, as a phrase in ``lang``."""
    if debt["lender_type"] in set(rule.params.get("exempt_lender_types", [])):
        text = tr("licensed lender: the 4 x LPR cap of the private-lending rules does not "
                  "apply (see the rule's status note)", lang)
    elif Decimal(debt["annual_rate"]) > Decimal(cap["cap"]):
        text = tr("above the cap", lang)
    elif (real := _true(debt)) is not None and real > Decimal(cap["cap"]):
        text = tr("the stated rate is within the cap, but the true rate ({rate}%) is above it",
                  lang, rate=real)
    else:
        text = tr("within the cap", lang)
    sep = "；" if Language.of(lang).chinese else "; "
    if cap.get("before_lpr_table"):
        text += sep + tr("contract before the LPR table: a lawyer should check", lang)
    if cap.get("no_contract_date"):
        text += sep + tr("no contract date: the latest LPR was used", lang)
    elif cap.get("after_lpr_check") and cap.get("lpr_checked_as_of"):
        text += sep + tr("the LPR table was checked up to {day}: check the LPR in force on "
                         "the contract date", lang, day=cap["lpr_checked_as_of"])
    return text
