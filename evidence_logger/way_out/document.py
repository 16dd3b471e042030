"""The way out as a bundle carries it: debts in full, their schedules, negotiations, budget.

:func:`document_part` gives the keys the case document (``data/case/case.json``) holds for the
borrower's debts and their way out; :func:`restore` puts them back into a case rebuilt from a
bundle, so that a lawyer who opens it sees the same debts (lender and funder, which decide the
rules and the regulator), the same record of good-faith attempts and the same plan as the
borrower, and the dossier re-rendered from it is the one exported.

A submission (the bundle for a regulator or a court, :mod:`evidence_logger.bundle.submission`)
leaves the budget out (the borrower's income and expenses are for the creditors' letters, not
for a complaint) and links negotiations only to the events it carries.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import sqlite_utils

DEBT_COLUMNS = ("id", "platform", "principal", "annual_rate", "contract_date", "lender_type",
                "note", "created_at_ms", "lender", "funder", "received", "fees", "repaid",
                "reported", "user_rank")
DUE_COLUMNS = ("debt_id", "seq", "due_date", "amount")
NEGOTIATION_COLUMNS = ("id", "platform", "at_ms", "channel", "counterpart", "asked", "offered",
                       "outcome", "created_at_ms")
BUDGET_COLUMNS = ("id", "income", "expenses", "hardship", "silence_days", "updated_at_ms")
# what a bundle made before a column existed lacks, where the column may not be empty
_DEFAULTS = {"reported": "unknown", "silence_days": 30}
_FREE_TEXT = ("counterpart", "asked", "offered", "outcome")


def document_part(db: sqlite_utils.Database, *, text: Callable[[Any], Any],
                  events: Collection[int] | None, submission: bool) -> dict[str, Any]:
    """The keys of the case document (``text`` masks third parties' numbers in free text;
    ``events``: the events a submission carries, None for all)."""
    debts = [{**d, "note": text(d["note"])}
             for d in db.query(f"SELECT {', '.join(DEBT_COLUMNS)} FROM debts ORDER BY id")]
    negotiations = [{**n, **{c: text(n[c]) for c in _FREE_TEXT}} for n in db.query(
        f"SELECT {', '.join(NEGOTIATION_COLUMNS)} FROM negotiations ORDER BY id")]
    links = [link for link in db.query("SELECT negotiation_id, event_id FROM negotiation_events "
                                       "ORDER BY negotiation_id, event_id")
             if events is None or link["event_id"] in events]
    budget = None if submission else next(iter(db.query(
        f"SELECT {', '.join(BUDGET_COLUMNS)} FROM budget WHERE id = 1")), None)
    if budget is not None:
        budget["hardship"] = text(budget["hardship"])
    return {"debts": debts,
            "debt_dues": list(db.query(f"SELECT {', '.join(DUE_COLUMNS)} FROM debt_dues "
                                       "ORDER BY debt_id, seq")),
            "negotiations": negotiations, "negotiation_events": links, "budget": budget}


def restore(db: sqlite_utils.Database, document: dict[str, Any]) -> None:
    """Put a case document's debts and way out back into a case being rebuilt from a bundle
    (inside the caller's transaction). A bundle made before a table existed has none of it;
    one made before a column existed leaves it empty (or at its default)."""
    budget = document.get("budget")
    for table, columns, rows in (
            ("debts", DEBT_COLUMNS, document.get("debts") or []),
            ("debt_dues", DUE_COLUMNS, document.get("debt_dues") or []),
            ("negotiations", NEGOTIATION_COLUMNS, document.get("negotiations") or []),
            ("negotiation_events", ("negotiation_id", "event_id"),
             document.get("negotiation_events") or []),
            ("budget", BUDGET_COLUMNS, [budget] if budget else [])):
        values = [tuple(_DEFAULTS.get(c) if row.get(c) is None else row[c] for c in columns)
                  for row in rows]
        marks = ", ".join("?" * len(columns))
        db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                            values)
