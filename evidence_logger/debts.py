"""The borrower's debts: what they borrowed, from whom, at what annual rate."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError

LENDER_TYPES = ("bank", "consumer-finance", "microlender", "platform", "private", "other")


class DebtError(UserFacingError, ValueError):
    """A debt's values are not usable; the message is a sentence for the user."""

    def __init__(self, template: str, /, *, field: str, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field  # the add_debt argument it is about, e.g. "annual_rate"


def _decimal(text: str, what: str, field: str) -> Decimal:
    try:
        value = Decimal(str(text).strip().rstrip("%").replace(",", ""))
    except InvalidOperation:
        raise DebtError("{what} must be a number, not {value}.", field=field, what=what,
                        value=text) from None
    if not value.is_finite() or value < 0:
        raise DebtError("{what} must be a number, not {value}.", field=field, what=what,
                        value=text)
    return value


def add_debt(db: sqlite_utils.Database, *, platform: str, principal: str, annual_rate: str,
             contract_date: str | None = None, lender_type: str | None = None,
             note: str | None = None) -> int:
    """Record a debt; returns its id."""
    if not platform.strip():
        raise DebtError("A debt needs the platform or lender's name.", field="platform")
    amount = _decimal(principal, "principal", "principal")
    rate = _decimal(annual_rate, "annual-rate", "annual_rate")
    if contract_date:
        try:
            contract_date = date.fromisoformat(contract_date.strip()).isoformat()
        except ValueError:
            raise DebtError("The contract date {value} is not a date like 2025-06-01.",
                            field="contract_date", value=contract_date) from None
    if lender_type and lender_type not in LENDER_TYPES:
        raise DebtError("Unknown lender type {value}; use one of {choices}.",
                        field="lender_type", value=lender_type, choices=", ".join(LENDER_TYPES))
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO debts (platform, principal, annual_rate, contract_date, lender_type, note,"
            " created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (platform.strip(), str(amount), str(rate), contract_date, lender_type, note,
             time.time_ns() // 10**6))
        debt_id = cursor.lastrowid
        assert debt_id is not None
        custody.append(db, "debt-added", {"id": debt_id, "platform": platform.strip(),
                                          "principal": str(amount), "annual_rate": str(rate),
                                          "contract_date": contract_date,
                                          "lender_type": lender_type})
    return debt_id


def list_debts(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT id, platform, principal, annual_rate, contract_date, "
                         "lender_type, note FROM debts ORDER BY id"))
