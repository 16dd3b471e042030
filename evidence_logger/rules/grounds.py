"""Legal grounds per kind of lender: which texts bind which lender, as data of the profile.

A profile file may hold ``[[ground]]`` entries (a citation with its status, the lender types it
binds, the rules it concerns) and ``[[lender]]`` entries (a lender type's name and where a
complaint about it goes); see docs/rule-profiles.md. Who lends behind a platform comes from the
borrower's debts (``lender_type``, ``lender``: the legal name, ``funder``: the funding
institution of a 助贷 loan). A platform with no debt entered has an unknown lender type, and
only the grounds that bind every collector are cited for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from evidence_logger.i18n import N_, Language
from evidence_logger.rules.profile import _profile_file

EVERY = "*"
UNKNOWN = "unknown"  # the lender type of a platform with no debt (or no type) entered
KINDS = (N_("law"), N_("regulation"), N_("self-regulation"), N_("standard"))


@dataclass(frozen=True, slots=True)
class Ground:
    """One legal text: what it is, its status, whom it binds and which rules it concerns."""

    id: str
    kind: str  # law, regulation, self-regulation, standard
    lenders: tuple[str, ...]
    rules: tuple[str, ...]
    status: str
    citation: dict[str, str]

    def text(self, lang: str) -> str:
        return self.citation.get(Language.of(lang).short) or self.citation.get("en", "")

    @property
    def universal(self) -> bool:
        """Binds every collector, whoever lends."""
        return EVERY in self.lenders

    def binds(self, lender_type: str) -> bool:
        return self.universal or lender_type in self.lenders

    def concerns(self, rule_id: str) -> bool:
        return EVERY in self.rules or rule_id in self.rules


@dataclass(frozen=True, slots=True)
class LenderKind:
    """A lender type: its name and where a complaint about it goes (``channel``: 12378,
    local, funder, police or unknown)."""

    type: str
    channel: str
    name: dict[str, str]
    regulator: dict[str, str]

    def text(self, what: str, lang: str) -> str:
        values: dict[str, str] = getattr(self, what)
        return values.get(Language.of(lang).short) or values.get("en", "")


@dataclass(frozen=True, slots=True)
class Lender:
    """Who lends behind a platform, as the borrower's debts say (type ``unknown`` without)."""

    platform: str
    type: str = UNKNOWN
    legal_name: str | None = None
    funder: str | None = None
    debts: tuple[int, ...] = ()


def load_grounds(profile_id: str) -> tuple[Ground, ...]:
    """The profile's legal grounds, in the file's order (none for a profile without)."""
    return tuple(Ground(id=item["id"], kind=item["kind"], lenders=tuple(item["lenders"]),
                        rules=tuple(item["rules"]), status=item["status"],
                        citation=item["citation"])
                 for item in _profile_file(profile_id).get("ground", ()))


def lender_kinds(profile_id: str) -> dict[str, LenderKind]:
    return {item["type"]: LenderKind(item["type"], item["channel"], item["name"],
                                     item["regulator"])
            for item in _profile_file(profile_id).get("lender", ())}


def binding(profile_id: str, lender_type: str, rule_ids: list[str] | None = None
            ) -> list[Ground]:
    """The grounds that bind a lender of ``lender_type`` (``unknown``: only those binding every
    collector), limited to those concerning one of ``rule_ids`` when given."""
    return [g for g in load_grounds(profile_id)
            if g.binds(lender_type) and (rule_ids is None
                                         or any(g.concerns(r) for r in rule_ids))]


def _columns(db: sqlite_utils.Database) -> set[str]:
    return {row[1] for row in db.execute("PRAGMA table_info(debts)")}


def lenders(db: sqlite_utils.Database) -> dict[str, Lender]:
    """Platform -> who lends behind it, from the debts table (the first debt's type when a
    platform has several; its legal name and funder when entered)."""
    has = _columns(db)
    legal = "lender" if "lender" in has else "NULL"
    funder = "funder" if "funder" in has else "NULL"
    found: dict[str, Lender] = {}
    for debt_id, platform, kind, name, fund in db.execute(
            f"SELECT id, platform, lender_type, {legal}, {funder} FROM debts ORDER BY id"):
        before = found.get(platform)
        if before is None:
            found[platform] = Lender(platform, kind or UNKNOWN, name or None, fund or None,
                                     (debt_id,))
        else:
            found[platform] = Lender(platform, before.type if before.type != UNKNOWN
                                     else kind or UNKNOWN, before.legal_name or name or None,
                                     before.funder or fund or None,
                                     (*before.debts, debt_id))
    return found


def lender_of(db: sqlite_utils.Database, platform: str | None) -> Lender:
    return lenders(db).get(platform or "", Lender(platform or ""))


@dataclass(frozen=True, slots=True)
class ComplaintTerms:
    """What a complaint draft says beyond the facts: the answer rule (for the ``channels`` it
    applies to, with its status; ``other`` for the rest) and the demands (each made when the
    lender has a finding under one of its rules, ``*``: always)."""

    answer: dict[str, Any]
    demands: tuple[dict[str, Any], ...]

    def demands_for(self, rule_ids: list[str], lang: str) -> list[str]:
        short = Language.of(lang).short
        return [d["text"].get(short) or d["text"]["en"] for d in self.demands
                if EVERY in d["rules"] or any(r in d["rules"] for r in rule_ids)]

    def answer_rule(self, channel: str, lang: str) -> tuple[str, str | None]:
        """The answer rule's text and status for a lender's channel (status ``None`` when it
        does not apply and the text says what to do instead)."""
        short = Language.of(lang).short
        if channel in self.answer.get("channels", ()):
            return self.answer["text"].get(short) or self.answer["text"]["en"], \
                self.answer["status"]
        other = self.answer.get("other", {})
        return other.get(short) or other.get("en", ""), None


def complaint_terms(profile_id: str) -> ComplaintTerms | None:
    data = _profile_file(profile_id).get("complaint")
    if not data:
        return None
    return ComplaintTerms(data.get("answer", {}), tuple(data.get("demand", ())))
