"""Scam warnings for the borrower, kept apart from the collectors' violations.

Messages (SMS and others, the text read off screenshots, transcripts when the case has them)
that offer to repair a credit record, to "optimise" or "restructure" debts, to arrange 停息挂账
for a fee or "anti-collection" services are flagged as likely scams with the reason; requests
to sign a 承诺书 or to give up defences are flagged "ask a lawyer before you sign". The words
are lexicons (``resources/lexicons/cn-scam-*.toml``, ``cn-sign-waiver.toml``), applied to
what others wrote to the borrower, never to the borrower's own messages.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlite_utils

from evidence_logger.i18n import N_, Language
from evidence_logger.paths import resource
from evidence_logger.rules import lexicon

# lexicon -> (kind, what the borrower should do)
LEXICONS = {
    "cn-scam-credit-repair": ("scam", N_("Likely a scam: do not pay and do not give account "
                                         "details.")),
    "cn-scam-debt-agent": ("scam", N_("Likely a scam: ask your lender yourself, for free.")),
    "cn-sign-waiver": ("sign", N_("Ask a lawyer before you sign.")),
}
KINDS = {"scam": N_("likely scam"), "sign": N_("ask a lawyer before you sign")}


@dataclass(frozen=True, slots=True)
class ScamWarning:
    kind: str  # scam, sign
    lexicon: str
    words: list[str]  # the matched words as they stand
    event_ids: list[int]
    evidence: list[str]  # SHA-256 of screenshots whose text (not a message) matched
    text: str  # the message or screen text, for showing

    def reason(self, lang: str) -> str:
        short = Language.of(lang).short
        return _description(self.lexicon)[short].strip()

    def to_json(self, lang: str) -> dict[str, Any]:
        from evidence_logger.i18n import tr

        lang = Language.of(lang)
        return {"kind": self.kind, "lexicon": self.lexicon, "reason": self.reason(lang),
                "advice": tr(LEXICONS[self.lexicon][1], lang), "event_ids": self.event_ids,
                "evidence": self.evidence, "matched_words": self.words, "text": self.text}


@cache
def _description(lexicon_id: str) -> dict[str, str]:
    text = resource("lexicons", f"{lexicon_id}.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)["description"])


def scan(text: str) -> list[tuple[str, list[str]]]:
    """The lexicons that ``text`` matches, each with the words matched."""
    out = []
    for lexicon_id in LEXICONS:
        found = lexicon.find(text, lexicon_id)
        if found:
            out.append((lexicon_id, list(dict.fromkeys(m.text for m in found))))
    return out


def warnings(db: sqlite_utils.Database) -> list[ScamWarning]:
    """Every warning of the case: messages to the borrower first, then screenshots whose read
    text matched where no message read off them did."""
    found: list[ScamWarning] = []
    covered: set[tuple[str, str]] = set()  # (lexicon, sha) already warned through an event
    for event_id, text, shas in db.execute(
            "SELECT e.id, e.text, group_concat(DISTINCT v.sha256) FROM events e "
            "JOIN parties p ON p.id = e.party_id "
            "LEFT JOIN observations o ON o.event_id = e.id "
            "LEFT JOIN evidence v ON v.id = o.evidence_id "
            "WHERE e.kind = 'message' AND e.direction = 'in' AND p.role != 'self' "
            "AND e.text IS NOT NULL GROUP BY e.id ORDER BY e.at_ms, e.id"):
        for lexicon_id, words in scan(text):
            found.append(ScamWarning(LEXICONS[lexicon_id][0], lexicon_id, words, [event_id],
                                     [], text))
            covered |= {(lexicon_id, sha) for sha in (shas or "").split(",") if sha}
    for sha, text in db.execute(
            "SELECT v.sha256, group_concat(l.text, char(10)) FROM screen_lines l "
            "JOIN evidence v ON v.id = l.evidence_id "
            "WHERE l.role IS NULL OR l.role NOT IN ('status-bar', 'chrome') "
            "GROUP BY l.evidence_id ORDER BY l.evidence_id"):
        for lexicon_id, words in scan(text or ""):
            if (lexicon_id, sha) not in covered:
                found.append(ScamWarning(LEXICONS[lexicon_id][0], lexicon_id, words, [], [sha],
                                         text))
    return found
