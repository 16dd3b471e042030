"""The borrower's debts, whole: from whom (the platform, the lender's legal name and type, the
funding institution of a 助贷 loan), what was paid out and charged up front, what is due and
when, whether the credit reference centre has it, and the borrower's own place in the order
(:mod:`evidence_logger.way_out.priority` orders them, :mod:`evidence_logger.way_out.true_rate`
finds the rate they really cost)."""

from __future__ import annotations

import re
import time
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError

LENDER_TYPES = ("bank", "consumer-finance", "microlender", "platform", "private", "other")
REPORTED = ("yes", "no", "unknown")  # in the credit reference centre (征信)


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


def _day(text: str, field: str) -> str:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise DebtError("The date {value} is not a date like 2025-06-01.", field=field,
                        value=text) from None


def _dues(dates: list[str], amounts: list[str]) -> list[tuple[str, Decimal]]:
    """The schedule: each due date with its amount (the two lists pair up in order)."""
    if len(dates) != len(amounts):
        raise DebtError("Give each due date its amount: {dates} date(s), {amounts} amount(s).",
                        field="dues", dates=len(dates), amounts=len(amounts))
    pairs = [(_day(d, "dues"), _decimal(a, "due", "dues")) for d, a in zip(dates, amounts,
                                                                           strict=True)]
    return sorted(pairs)


def parse_schedule(text: str) -> tuple[list[str], list[str]]:
    """A schedule typed on one line, "2026-04-15 3000; 2026-05-15 3000", as the due dates and
    amounts :func:`add_debt` takes (checked there)."""
    dates, amounts = [], []
    for entry in re.split(r"[;；,，、\n]+", text):
        if not entry.strip():
            continue
        parts = entry.split()
        if len(parts) != 2:
            raise DebtError("Write each due date with its amount, like 2026-04-15 3000; not "
                            "{value}.", field="dues", value=entry.strip())
        dates.append(parts[0])
        amounts.append(parts[1])
    return dates, amounts


def add_debt(db: sqlite_utils.Database, *, platform: str, principal: str, annual_rate: str,
             contract_date: str | None = None, lender_type: str | None = None,
             note: str | None = None, lender: str | None = None, funder: str | None = None,
             received: str | None = None, fees: str | None = None,
             due_dates: list[str] | None = None, due_amounts: list[str] | None = None,
             reported: str = "unknown", repaid: str | None = None) -> int:
    """Record a debt; returns its id. ``due_dates`` and ``due_amounts`` pair up into the
    repayment schedule (one pair for a loan repaid at once)."""
    if not platform.strip():
        raise DebtError("A debt needs the platform or lender's name.", field="platform")
    amount = _decimal(principal, "principal", "principal")
    rate = _decimal(annual_rate, "annual-rate", "annual_rate")
    paid_out = _decimal(received, "received", "received") if received else None
    charged = _decimal(fees, "fees", "fees") if fees else None
    paid_back = _decimal(repaid, "repaid", "repaid") if repaid else None
    dues = _dues(due_dates or [], due_amounts or [])
    if contract_date:
        try:
            contract_date = date.fromisoformat(contract_date.strip()).isoformat()
        except ValueError:
            raise DebtError("The contract date {value} is not a date like 2025-06-01.",
                            field="contract_date", value=contract_date) from None
    if lender_type and lender_type not in LENDER_TYPES:
        raise DebtError("Unknown lender type {value}; use one of {choices}.",
                        field="lender_type", value=lender_type, choices=", ".join(LENDER_TYPES))
    if reported not in REPORTED:
        raise DebtError("Reported must be one of {choices}, not {value}.", field="reported",
                        value=reported, choices=", ".join(REPORTED))
    lender = (lender or "").strip() or None
    funder = (funder or "").strip() or None
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO debts (platform, principal, annual_rate, contract_date, lender_type, note,"
            " created_at_ms, lender, funder, received, fees, reported, repaid)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (platform.strip(), str(amount), str(rate), contract_date, lender_type, note,
             time.time_ns() // 10**6, lender, funder,
             None if paid_out is None else str(paid_out),
             None if charged is None else str(charged), reported,
             None if paid_back is None else str(paid_back)))
        debt_id = cursor.lastrowid
        assert debt_id is not None
        for seq, (day, due) in enumerate(dues, 1):
            db.execute("INSERT INTO debt_dues (debt_id, seq, due_date, amount) VALUES (?, ?, ?, ?)",
                       (debt_id, seq, day, str(due)))
        custody.append(db, "debt-added", {"id": debt_id, "platform": platform.strip(),
                                          "principal": str(amount), "annual_rate": str(rate),
                                          "contract_date": contract_date,
                                          "lender_type": lender_type, "lender": lender,
                                          "funder": funder, "received": paid_out and str(paid_out),
                                          "fees": charged and str(charged), "reported": reported,
                                          "repaid": paid_back and str(paid_back),
                                          "dues": [[d, str(a)] for d, a in dues]})
    return debt_id


def set_rank(db: sqlite_utils.Database, debt_id: int, rank: int | None) -> None:
    """The borrower's own place for a debt in the order (1 = first); ``None`` gives it back to
    the app's order."""
    if rank is not None and rank < 1:
        raise DebtError("A place in the order is 1 or more, not {value}.", field="rank",
                        value=rank)
    with transaction(db):
        if db.execute("UPDATE debts SET user_rank = ? WHERE id = ?", (rank, debt_id)).rowcount \
                == 0:
            raise DebtError("There is no debt {value}.", field="id", value=debt_id)
        custody.append(db, "debt-ranked", {"id": debt_id, "rank": rank})


def list_debts(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every debt as entered, each with its schedule (``dues``: date and amount pairs)."""
    debts = list(db.query("SELECT id, platform, principal, annual_rate, contract_date, "
                          "lender_type, note, lender, funder, received, fees, reported, "
                          "repaid, user_rank FROM debts ORDER BY id"))
    dues: dict[int, list[tuple[str, str]]] = {}
    for debt_id, day, amount in db.execute(
            "SELECT debt_id, due_date, amount FROM debt_dues ORDER BY debt_id, seq"):
        dues.setdefault(debt_id, []).append((day, amount))
    for debt in debts:
        debt["dues"] = dues.get(debt["id"], [])
    return debts
