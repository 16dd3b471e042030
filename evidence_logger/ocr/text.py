"""OCR text compared with an export's: the same words, whatever the engine's small noise."""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

# how alike two texts must be (after normalising) to be one message: OCR drops or swaps a
# character in a few hundred; a longer text may differ in that many
SAME_RATIO = 0.9
_SHORT = 8  # texts this short must be equal after normalising


def normalise(text: str) -> str:
    """``text`` with what OCR varies folded away: full-width forms to half-width (NFKC),
    whitespace removed, Chinese and Latin punctuation alike, letters lower case."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch.lower() for ch in folded
                   if not ch.isspace() and unicodedata.category(ch)[0] not in "PZ")


def same_text(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one text as a person reads it (one of them machine-read)."""
    x, y = normalise(a), normalise(b)
    if x == y:
        return True
    if min(len(x), len(y)) < _SHORT:
        return False
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= SAME_RATIO
