"""Lexicons: editable lists of threatening, impersonating or debt-disclosing phrases.

A lexicon is ``resources/lexicons/<id>.toml`` with a list of ``patterns``. A pattern is plain
text matched anywhere; ``…`` stands for up to four other characters, so that
``爆…通讯录`` finds 爆你通讯录 and 爆了你的通讯录 alike. Latin letters match case-insensitively.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from evidence_logger.paths import resource

GAP = "…"
_AMOUNT = re.compile(r"\d[\d,，]*(?:\.\d+)?\s*(?:元|块|万元|rmb|yuan|\$|£)|[¥￥$£]\s*\d", re.I)


@dataclass(frozen=True, slots=True)
class Match:
    text: str  # the words as they stand in the message
    start: int
    end: int


def compile_patterns(patterns: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    # longest first, then in text order: never the hash order of a set, which changes between
    # runs and would change which of two equally long patterns a finding names
    for pattern in sorted(set(patterns), key=lambda p: (-len(p), p)):
        pieces = [re.escape(piece) for piece in pattern.split(GAP)]
        if any(pieces):
            parts.append(r"[\s\S]{0,4}?".join(pieces))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


@cache
def patterns(lexicon_id: str) -> tuple[str, ...]:
    text = resource("lexicons", f"{lexicon_id}.toml").read_text(encoding="utf-8")
    return tuple(tomllib.loads(text)["patterns"])


@cache
def _compiled(lexicon_id: str, extra: tuple[str, ...]) -> re.Pattern[str] | None:
    return compile_patterns(patterns(lexicon_id) + extra)


def find(text: str | None, lexicon_id: str, extra: tuple[str, ...] = (),
         amounts: bool = False) -> list[Match]:
    """Every match of the lexicon (and, with ``amounts``, money amounts) in ``text``."""
    if not text:
        return []
    found = []
    regex = _compiled(lexicon_id, tuple(extra))
    if regex is not None:
        found = [Match(m.group(), m.start(), m.end()) for m in regex.finditer(text)]
    if amounts:
        found += [Match(m.group(), m.start(), m.end()) for m in _AMOUNT.finditer(text)]
    return sorted(found, key=lambda m: m.start)
