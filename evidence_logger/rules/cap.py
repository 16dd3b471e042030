"""The legal interest cap: ``multiple`` x the one-year LPR in force at a debt's contract date.

The one function behind the ``excess-interest`` check, the debts page and the dossier, so the
three always show the same number. A debt without a contract date is judged by the latest rate
of the LPR table (not today's date: the same case gives the same findings on any day).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from evidence_logger.rules.profile import load_table

CENT = Decimal("0.01")
LATEST = "9999-12-31"  # a date after every rate of the table


def legal_cap(params: dict[str, Any], contract_date: str | None) -> dict[str, Any]:
    """The LPR in force on ``contract_date`` (YYYY-MM-DD), the day it took effect and the cap,
    as strings with two decimals; ``before_lpr_table`` when the contract predates the table
    (its first rate is used) and ``no_contract_date`` when there is none (its latest is);
    ``lpr_checked_as_of``, the last fixing the table was checked against, and
    ``after_lpr_check`` when the contract is later (its LPR was not checked)."""
    table = load_table(params["lpr_table"])
    rates = sorted((str(r["from"]), Decimal(str(r["percent"]))) for r in table["rate"])
    in_force = [r for r in rates if r[0] <= (contract_date or LATEST)]
    lpr_from, lpr = in_force[-1] if in_force else rates[0]
    cap = (lpr * Decimal(str(params["multiple"]))).quantize(CENT)
    checked = str(table.get("checked_as_of") or "") or None
    return {"lpr": str(lpr.quantize(CENT)), "lpr_from": lpr_from, "cap": str(cap),
            "before_lpr_table": not in_force, "no_contract_date": not contract_date,
            "lpr_checked_as_of": checked,
            "after_lpr_check": checked is None or (contract_date or "") > checked}
