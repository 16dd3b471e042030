"""The household budget behind the repayment plan (a month's income and essential expenses,
the hardship in the borrower's words) and the days of silence after which the Overview warns.
One row per case; every change goes to the custody log."""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError

SILENCE_DAYS = 30  # the default: a month without a word to a creditor


class BudgetError(UserFacingError, ValueError):
    """A budget value is not usable; the message is a sentence for the user."""

    def __init__(self, template: str, /, *, field: str, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field


@dataclass(frozen=True, slots=True)
class Budget:
    income: Decimal | None
    expenses: Decimal | None
    hardship: str | None
    silence_days: int

    @property
    def left(self) -> Decimal | None:
        """What is left for the debts each month (never below nothing)."""
        if self.income is None or self.expenses is None:
            return None
        return max(self.income - self.expenses, Decimal(0))


def _money(text: str, field: str) -> Decimal:
    try:
        value = Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise BudgetError("{value} is not an amount of money.", field=field, value=text)
    return value


def budget(db: sqlite_utils.Database) -> Budget:
    row = db.execute("SELECT income, expenses, hardship, silence_days FROM budget "
                     "WHERE id = 1").fetchone()
    if row is None:
        return Budget(None, None, None, SILENCE_DAYS)
    return Budget(None if row[0] is None else Decimal(row[0]),
                  None if row[1] is None else Decimal(row[1]), row[2], row[3])


def set_budget(db: sqlite_utils.Database, *, income: str | None = None,
               expenses: str | None = None, hardship: str | None = None,
               silence_days: int | None = None) -> Budget:
    """Change what is given (None leaves a value as it is); returns the budget now."""
    before = budget(db)
    if silence_days is not None and not 1 <= silence_days <= 3650:
        raise BudgetError("The days of silence must be between 1 and 3650, not {value}.",
                          field="silence_days", value=silence_days)
    new = Budget(before.income if income is None else _money(income, "income"),
                 before.expenses if expenses is None else _money(expenses, "expenses"),
                 before.hardship if hardship is None else (hardship.strip() or None),
                 before.silence_days if silence_days is None else silence_days)
    with transaction(db):
        db.execute("INSERT INTO budget (id, income, expenses, hardship, silence_days, "
                   "updated_at_ms) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                   "income = excluded.income, expenses = excluded.expenses, "
                   "hardship = excluded.hardship, silence_days = excluded.silence_days, "
                   "updated_at_ms = excluded.updated_at_ms",
                   (None if new.income is None else str(new.income),
                    None if new.expenses is None else str(new.expenses), new.hardship,
                    new.silence_days, time.time_ns() // 10**6))
        custody.append(db, "budget-set", {
            "income": None if new.income is None else str(new.income),
            "expenses": None if new.expenses is None else str(new.expenses),
            "hardship": new.hardship, "silence_days": new.silence_days})
    return new
