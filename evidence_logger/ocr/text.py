"""Text as OCR reads it, made comparable: :func:`normalise` folds the noise OCR adds.

Used to compare a message read from a screenshot with the same message from an SMS export
(and by the tests and the benchmark): two texts are "the same" when their normalised forms are
equal. Folding: Unicode NFKC (full-width letters, digits and punctuation to half-width, so
``，`` is ``,`` and ``：`` is ``:``), Chinese punctuation NFKC keeps (``。、「」`` …) to ASCII,
every kind of space removed (Chinese has none; OCR adds and drops them), the letters O/o and
I/l read where a digit stands (``1O:3O`` is ``10:30``), and upper case to lower case.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_PUNCTUATION = str.maketrans({
    "。": ".", "、": ",", "「": '"', "」": '"', "『": '"', "』": '"', "“": '"', "”": '"',
    "‘": "'", "’": "'", "【": "[", "】": "]", "〔": "[", "〕": "]", "《": "<", "》": ">",
    "〈": "<", "〉": ">", "—": "-", "–": "-", "－": "-", "～": "~", "·": ".", "•": ".",
    "…": "...", "﹐": ",", "﹑": ",", "﹒": ".", "〜": "~",
})
_SPACES = re.compile(r"\s+")
# how alike two texts must be (normalised) to be one message, one of them machine-read: OCR
# drops or swaps a character in a few hundred; texts shorter than _SHORT must be equal
SAME_RATIO = 0.9
_SHORT = 8
# a letter that OCR reads in place of a digit, when a digit stands next to it
_AFTER_DIGIT = r"(?:(?<=[0-9])|(?<=[0-9][:.,/\-]))"
_O_IN_DIGITS = re.compile(f"{_AFTER_DIGIT}[Oo](?![A-NP-Za-np-z])|(?<![A-Za-z])[Oo](?=[0-9])")
_L_IN_DIGITS = re.compile(f"{_AFTER_DIGIT}[Il|](?=[0-9:])|(?<![A-Za-z])[Il|](?=[0-9]+:)")


def fold_digits(text: str) -> str:
    """``text`` with O/o and I/l/| read as 0 and 1 where they stand among digits."""
    while True:  # "5,OOO": each O turns once the one before it is a digit
        folded = _L_IN_DIGITS.sub("1", _O_IN_DIGITS.sub("0", text))
        if folded == text:
            return text
        text = folded


def normalise(text: str) -> str:
    """``text`` with OCR's noise folded (see the module's docstring); compare these."""
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    folded = _SPACES.sub("", folded)
    return fold_digits(folded).lower()


def join_lines(parts: list[str]) -> str:
    """The lines of one bubble as one text: Chinese without spaces, a space only between two
    Latin words (a line broken between words)."""
    text = ""
    for part in parts:
        part = part.strip()
        if text and part and text[-1].isascii() and text[-1].isalnum() and part[0].isascii() \
                and part[0].isalpha():
            text += " "
        text += part
    return text


def same_text(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one text as a person reads it (one of them machine-read):
    equal once normalised, or, for longer texts, alike to :data:`SAME_RATIO`."""
    x, y = normalise(a), normalise(b)
    if x == y:
        return True
    if min(len(x), len(y)) < _SHORT:
        return False
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= SAME_RATIO
