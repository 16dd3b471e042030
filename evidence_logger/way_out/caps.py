"""The cap that binds a debt's lender and the debt's true rate against it.

Which cap binds which kind of lender is data (``resources/rules/caps-cn.toml``, each with its
citation and status): 4 x the one-year LPR for private lending, a line of 24% for a
microlender's interest and fees (secondary), for a consumer-finance company and for a 助贷
loan judged by its funding institution (uncertain), none found for a bank. The LPR table's
"checked as of" date goes with every LPR-based cap: a contract after it is said to need a
check, and a cap is never "verified" without that date.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from evidence_logger.i18n import N_, Language, tr
from evidence_logger.rules.cap import legal_cap
from evidence_logger.rules.profile import load_table
from evidence_logger.way_out.true_rate import TrueRate

LPR_TABLE = "lpr-cn"


@dataclass(frozen=True, slots=True)
class Cap:
    """The cap binding one debt: ``percent`` None when no numeric cap binds its lender."""

    id: str  # private, microlender, consumer-finance, bank, assisted
    percent: Decimal | None
    status: str  # verified, secondary, uncertain
    citation: dict[str, str]
    note: dict[str, str]
    lpr: str | None = None  # the LPR used, when the cap is a multiple of it
    lpr_from: str | None = None
    checked_as_of: str | None = None  # the LPR table's last check
    after_check: bool = False  # the contract is later than that check

    def to_json(self, lang: str) -> dict[str, Any]:
        short = Language.of(lang).short
        return {"id": self.id, "percent": None if self.percent is None else str(self.percent),
                "status": self.status, "citation": self.citation[short],
                "note": self.note[short], "lpr": self.lpr, "lpr_from": self.lpr_from,
                "lpr_checked_as_of": self.checked_as_of}


@cache
def _table() -> list[dict[str, Any]]:
    return list(load_table("caps-cn")["cap"])


def binding_cap(debt: dict[str, Any]) -> Cap:
    """The cap for ``debt``'s lender: a 助贷 loan (a funder named) by its funder's line from
    the day that line applies, else by its lender type."""
    entries = {e["id"]: e for e in _table()}
    kind = debt.get("lender_type") or ""
    entry = next(e for e in _table() if kind in e["types"]) if any(
        kind in e["types"] for e in _table()) else entries["private"]
    assisted = entries["assisted"]
    if debt.get("funder") and (debt.get("contract_date") or "") >= assisted.get("from", ""):
        entry = assisted
    if entry["kind"] == "lpr-multiple":
        table = load_table(LPR_TABLE)
        cap = legal_cap({"lpr_table": LPR_TABLE, "multiple": entry["multiple"]},
                        debt.get("contract_date"))
        checked = str(table.get("checked_as_of") or "") or None
        after = checked is not None and (debt.get("contract_date") or "9999") > checked
        status = entry["status"] if checked and not after else "secondary"
        return Cap(entry["id"], Decimal(cap["cap"]), status, entry["citation"], entry["note"],
                   cap["lpr"], cap["lpr_from"], checked, after)
    percent = Decimal(str(entry["percent"])) if entry["kind"] == "percent" else None
    return Cap(entry["id"], percent, entry["status"], entry["citation"], entry["note"])


VERDICTS = {
    "above": N_("above the cap that binds this lender"),
    "within": N_("within the cap that binds this lender"),
    "no-cap": N_("no numeric cap binds this lender"),
    "unknown": N_("the true rate cannot be found: enter the contract date and the schedule"),
}


def verdict_code(rate: TrueRate, cap: Cap) -> str:
    if cap.percent is None:
        return "no-cap"
    if rate.rate is None:
        return "unknown"
    return "above" if rate.rate > cap.percent else "within"


def verdict_text(rate: TrueRate, cap: Cap, lang: str) -> str:
    """The verdict in words with what qualifies it (status, the LPR table's check date)."""
    parts = [tr(VERDICTS[verdict_code(rate, cap)], lang)]
    if cap.percent is not None and cap.status != "verified":
        parts.append(tr("the cap's source is {status}: a lawyer should check", lang,
                        status=tr(cap.status, lang)))
    if cap.checked_as_of:
        parts.append(tr("LPR table checked as of {day}", lang, day=cap.checked_as_of))
    if cap.after_check:
        parts.append(tr("the contract is later than that: check the LPR in force on its date",
                        lang))
    parts += [tr(note, lang) for note in rate.notes]
    return ("；" if Language.of(lang).chinese else "; ").join(parts)
