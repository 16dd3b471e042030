"""The repayment plan: what is left of a month's income after essential expenses, shared out
to the debts in priority order, and the months until each is cleared.

Each debt is first offered an even twelfth of what it still owes (a year's plan), in priority
order, as far as the money goes; what is left over goes to the debts at the top. When a debt
is cleared its instalment moves to the next one still owed. The plan assumes the creditor
stops interest and penalties while it runs, which is what the letters ask for; it is a
proposal to send, not a promise of what a creditor will accept.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_UP, Decimal
from typing import Any

from evidence_logger.way_out.budget import Budget
from evidence_logger.way_out.priority import RankedDebt

CENT = Decimal("0.01")
SPREAD_MONTHS = 12
MAX_MONTHS = 600  # 50 years: beyond this a plan is not a plan


@dataclass(frozen=True, slots=True)
class PlanLine:
    rank: int
    debt_id: int
    platform: str
    outstanding: Decimal
    monthly: Decimal  # the first month's instalment
    months: int | None  # until cleared; None: not within MAX_MONTHS
    balances: list[Decimal]  # the balance at the end of each month (for the chart)

    def to_json(self) -> dict[str, Any]:
        return {"rank": self.rank, "id": self.debt_id, "platform": self.platform,
                "outstanding": str(self.outstanding), "monthly": str(self.monthly),
                "months_to_clear": self.months}


@dataclass(frozen=True, slots=True)
class Plan:
    income: Decimal | None
    expenses: Decimal | None
    left: Decimal | None
    lines: list[PlanLine]

    @property
    def ready(self) -> bool:
        return self.left is not None

    @property
    def months(self) -> int | None:
        """Until every debt is cleared."""
        if not self.lines or any(line.months is None for line in self.lines):
            return None
        return max(line.months or 0 for line in self.lines)

    def to_json(self) -> dict[str, Any]:
        return {"income": None if self.income is None else str(self.income),
                "expenses": None if self.expenses is None else str(self.expenses),
                "left_for_debts": None if self.left is None else str(self.left),
                "months_to_clear_all": self.months,
                "debts": [line.to_json() for line in self.lines]}


def _shares(balances: list[Decimal], base: list[Decimal], money: Decimal) -> list[Decimal]:
    """One month's money shared out: each debt its ``base`` (a twelfth of what it owed at the
    start) in order, the rest from the top."""
    shares = [Decimal(0)] * len(balances)
    for i, balance in enumerate(balances):
        want = max(min(balance, base[i]), Decimal(0))
        shares[i] = min(want, money)
        money -= shares[i]
    for i, balance in enumerate(balances):
        extra = max(min(balance - shares[i], money), Decimal(0))
        shares[i] += extra
        money -= extra
    return shares


def make_plan(budget: Budget, debts: list[RankedDebt]) -> Plan:
    """The plan for ``debts`` (in their order) from ``budget``."""
    left = budget.left
    lines_in = [d for d in debts if d.outstanding > 0]
    balances = [d.outstanding for d in lines_in]
    base = [(b / SPREAD_MONTHS).quantize(CENT, ROUND_UP) for b in balances]
    history: list[list[Decimal]] = [[] for _ in lines_in]
    cleared: list[int | None] = [None] * len(lines_in)
    first: list[Decimal] = [Decimal(0)] * len(lines_in)
    if left is not None and left > 0:
        for month in range(1, MAX_MONTHS + 1):
            shares = _shares(balances, base, left)
            if month == 1:
                first = shares
            balances = [b - s for b, s in zip(balances, shares, strict=True)]
            for i, b in enumerate(balances):
                history[i].append(b)
                if b <= 0 and cleared[i] is None:
                    cleared[i] = month
            if all(b <= 0 for b in balances):
                break
    lines = [PlanLine(d.rank, d.debt["id"], d.debt["platform"], d.outstanding, first[i],
                      cleared[i], history[i]) for i, d in enumerate(lines_in)]
    return Plan(budget.income, budget.expenses, left, lines)
