"""The legal interest cap on a debt: 4 x the one-year LPR in force at the contract date (rule
``cn.excess-interest``), and what a debt's rate is against it. Shared by the dossier and the
window; no layout here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from evidence_logger.i18n import N_, tr
from evidence_logger.rules.engine import Finding
from evidence_logger.rules.profile import Rule, load_table

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


def verdict(rule: Rule, debt: dict[str, Any], cap: dict[str, Any], lang: str) -> str:
    """The debt's rate against the cap, as a phrase in ``lang``."""
    if debt["lender_type"] in set(rule.params.get("exempt_lender_types", [])):
        text = tr("licensed lender: the 4 x LPR cap of the private-lending rules does not "
                  "apply (see the rule's status note)", lang)
    elif Decimal(debt["annual_rate"]) > Decimal(cap["cap"]):
        text = tr("above the cap", lang)
    else:
        text = tr("within the cap", lang)
    sep = "；" if lang.startswith("zh") else "; "
    if cap.get("before_lpr_table"):
        text += sep + tr("contract before the LPR table: a lawyer should check", lang)
    if cap.get("no_contract_date"):
        text += sep + tr("no contract date: the latest LPR was used", lang)
    return text
