"""What a debt really costs: the internal rate of return of the money paid out (less the fees
charged up front) against what is due and when, as an annual rate.

A rate entered from the contract is rarely the real one: fees (服务费, 担保费, 会员费) and a
payout short of the principal (砍头息) raise it, often double. The rate is given in the simple
form (the monthly rate x 12), the lower and the one to compare with a cap; the compounded
annual figure is kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from evidence_logger.i18n import N_

CENT = Decimal("0.01")
ASSUMED_ONE_YEAR = N_("no schedule entered: one repayment of the principal with a year's "
                      "interest at the stated rate is assumed")
NO_START = N_("no contract date: the rate cannot be found from the schedule")


@dataclass(frozen=True, slots=True)
class TrueRate:
    """``rate`` and ``compounded`` in percent a year (None when they cannot be found)."""

    rate: Decimal | None
    compounded: Decimal | None
    net_received: Decimal  # paid out less the up-front fees
    total_due: Decimal
    notes: list[str] = field(default_factory=list)  # N_ phrases: how it was found


def _irr(flows: list[tuple[float, float]]) -> float | None:
    """The effective annual rate r with sum(amount / (1 + r) ** years) = 0 (bisection)."""
    def value(r: float) -> float:
        return sum(a / (1.0 + r) ** t for t, a in flows)

    low, high = -0.99, 1e4
    if value(low) * value(high) > 0:
        return None
    for _ in range(200):
        mid = (low + high) / 2
        if value(low) * value(mid) <= 0:
            high = mid
        else:
            low = mid
    return (low + high) / 2


def true_rate(debt: dict[str, Any]) -> TrueRate:
    """The true annual rate of a debt as :func:`~evidence_logger.debts.list_debts` gives it."""
    principal = Decimal(debt["principal"])
    received = Decimal(debt["received"]) if debt.get("received") else principal
    fees = Decimal(debt["fees"]) if debt.get("fees") else Decimal(0)
    net = received - fees
    notes: list[str] = []
    dues = [(date.fromisoformat(d), Decimal(a)) for d, a in debt.get("dues") or []]
    start = date.fromisoformat(debt["contract_date"]) if debt.get("contract_date") else None
    if not dues:
        notes.append(ASSUMED_ONE_YEAR)
        total = principal * (1 + Decimal(debt["annual_rate"]) / 100)
        flows = [(0.0, float(net)), (1.0, -float(total))]
    elif start is None:
        return TrueRate(None, None, net, sum((a for _, a in dues), Decimal(0)), [NO_START])
    else:
        total = sum((a for _, a in dues), Decimal(0))
        flows = [(0.0, float(net))] + [((d - start).days / 365.0, -float(a)) for d, a in dues]
    if net <= 0:
        return TrueRate(None, None, net, total, notes)
    effective = _irr(flows)
    if effective is None:
        return TrueRate(None, None, net, total, notes)
    simple = ((1 + effective) ** (1 / 12) - 1) * 12
    return TrueRate(Decimal(str(simple * 100)).quantize(CENT),
                    Decimal(str(effective * 100)).quantize(CENT), net, total, notes)


def amortised(principal: Decimal, annual_rate: Decimal, months: int, first: date
              ) -> list[tuple[str, str]]:
    """An equal-instalment schedule (等额本息) at ``annual_rate`` percent: (date, amount) pairs,
    a month apart from ``first`` (the day clamped to 28)."""
    monthly = annual_rate / 1200
    pay = principal / months if monthly == 0 else \
        principal * monthly / (1 - (1 + monthly) ** -months)
    out = []
    for n in range(months):
        year, month = divmod(first.month - 1 + n, 12)
        out.append((date(first.year + year, month + 1, min(first.day, 28)).isoformat(),
                    str(pay.quantize(CENT))))
    return out
