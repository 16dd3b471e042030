"""The order to deal with the debts, each with its reason in words.

Debts reported to the credit reference centre come first (a record there follows the borrower
for years), then those of licensed lenders (banks, consumer-finance companies, microlenders:
they report and they sue), then the rest; within each, the debt that grows fastest (its true
annual rate) and then the one most overdue. A place the borrower gave a debt (``debt rank``)
overrides the app's order for that debt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from evidence_logger.debts import list_debts
from evidence_logger.i18n import Language, tr
from evidence_logger.way_out.caps import Cap, binding_cap, verdict_code, verdict_text
from evidence_logger.way_out.true_rate import TrueRate, true_rate

LICENSED = ("bank", "consumer-finance", "microlender")


@dataclass(frozen=True, slots=True)
class RankedDebt:
    debt: dict[str, Any]
    rank: int  # 1 = deal with it first
    true: TrueRate
    cap: Cap
    overdue_days: int | None  # from the first unpaid due date to today; None: nothing due yet
    outstanding: Decimal  # what is due as entered, less what was repaid
    by_borrower: bool  # its place was set by the borrower

    @property
    def verdict(self) -> str:
        return verdict_code(self.true, self.cap)

    def reason(self, lang: str) -> str:
        """Why it stands where it does, in words."""
        parts = []
        if self.by_borrower:
            parts.append(tr("placed here by you", lang))
        licensed = self.debt["lender_type"] in LICENSED
        if self.debt["reported"] == "yes":
            parts.append(tr("reported to the credit reference centre", lang))
        if licensed and self.debt["reported"] == "unknown":
            parts.append(tr("licensed lender: it likely reports to the credit reference centre "
                            "and can sue", lang))
        elif licensed:
            parts.append(tr("licensed lender: it can sue", lang))
        if self.true.rate is not None:
            parts.append(tr("grows at {rate}% a year", lang, rate=self.true.rate))
        if self.overdue_days:
            parts.append(tr("{days} days overdue", lang, days=self.overdue_days))
        return ("；" if Language.of(lang).chinese else "; ").join(parts) or "—"

    def to_json(self, lang: str) -> dict[str, Any]:
        d = self.debt
        return {"rank": self.rank, "id": d["id"], "platform": d["platform"],
                "lender": d["lender"], "lender_type": d["lender_type"], "funder": d["funder"],
                "principal": d["principal"], "received": d["received"], "fees": d["fees"],
                "repaid": d["repaid"], "annual_rate": d["annual_rate"],
                "contract_date": d["contract_date"], "dues": d["dues"],
                "reported": d["reported"], "by_borrower": self.by_borrower,
                "reason": self.reason(lang), "overdue_days": self.overdue_days,
                "outstanding": str(self.outstanding),
                "true_annual_rate": None if self.true.rate is None else str(self.true.rate),
                "true_annual_rate_compounded":
                    None if self.true.compounded is None else str(self.true.compounded),
                "cap": self.cap.to_json(lang), "verdict": self.verdict,
                "verdict_text": verdict_text(self.true, self.cap, lang)}


def outstanding(debt: dict[str, Any]) -> Decimal:
    """What is still owed as entered: the schedule's total (else the principal) less repaid."""
    total = sum((Decimal(a) for _, a in debt["dues"]), Decimal(0)) if debt["dues"] \
        else Decimal(debt["principal"])
    return max(total - Decimal(debt.get("repaid") or 0), Decimal(0))


def overdue_days(debt: dict[str, Any], today: date) -> int | None:
    """Days from the first due date the repayments have not covered to ``today``."""
    paid = Decimal(debt.get("repaid") or 0)
    running = Decimal(0)
    for day, amount in debt["dues"]:
        running += Decimal(amount)
        if running > paid:
            late = (today - date.fromisoformat(day)).days
            return late if late > 0 else None
    return None


def _tier(debt: dict[str, Any]) -> int:
    if debt["reported"] == "yes":
        return 0
    if debt["lender_type"] in LICENSED and debt["reported"] != "no":
        return 1
    return 2


def ranked(debts: list[dict[str, Any]], today: date | None = None) -> list[RankedDebt]:
    """``debts`` (as :func:`list_debts` gives them) in the order to deal with them."""
    today = today or date.today()
    info = [(d, true_rate(d), overdue_days(d, today)) for d in debts]
    auto = sorted(info, key=lambda x: (_tier(x[0]), -(x[1].rate or Decimal(0)),
                                       -(x[2] or 0), x[0]["id"]))
    order = [x for x in auto if x[0]["user_rank"] is None]
    for item in sorted((x for x in auto if x[0]["user_rank"] is not None),
                       key=lambda x: (x[0]["user_rank"], x[0]["id"])):
        order.insert(min(item[0]["user_rank"] - 1, len(order)), item)
    return [RankedDebt(d, n, rate, binding_cap(d), late, outstanding(d),
                       d["user_rank"] is not None)
            for n, (d, rate, late) in enumerate(order, 1)]


def ranked_debts(db: Any, today: date | None = None) -> list[RankedDebt]:
    return ranked(list_debts(db), today)
