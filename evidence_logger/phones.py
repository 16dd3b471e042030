"""Phone numbers: one canonical key per party, whatever form a file writes it in.

Real numbers become E.164 (``+8617100000001``) with the phonenumbers library, so that
``+86 171 0000 0001``, ``17100000001``, ``008617100000001`` and ``171-0000-0001`` are one party.
Numbers that are not valid subscriber numbers in any plan, such as Chinese service numbers
(95588, 10086, 12378), SMS gateway senders (106...) and short codes, are kept as their national
digits, so that ``+86 95588`` and ``95588`` still meet. Withheld callers share one key,
:data:`UNKNOWN`, and alphanumeric senders (``ICBC``) keep their text.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

UNKNOWN = "unknown"
_WITHHELD = {"", "null", "-1", "-2", "-3", "-4", "(unknown)", "unknown", "private", "anonymous",
             "withheld", "私人号码", "未知号码", "未知"}
_KEEP = set("0123456789+")


@lru_cache(maxsize=65536)
def normalize(raw: str | None, region: str = "CN") -> str:
    """The canonical key of a number as written anywhere."""
    text = (raw or "").strip()
    if text.lower() in _WITHHELD:
        return UNKNOWN
    digits = "".join(ch for ch in text if ch in _KEEP)
    if not digits.lstrip("+"):
        return text  # an alphanumeric sender such as "ICBC"
    if any(ch.isalpha() for ch in text) and not _looks_like_extension(text):
        return text
    try:
        parsed = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return digits
    if phonenumbers.is_valid_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    region_code = phonenumbers.country_code_for_region(region)
    if parsed.country_code == region_code:
        # service numbers and short codes are only meaningful inside their own country
        return _national_digits(parsed)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _national_digits(parsed: phonenumbers.PhoneNumber) -> str:
    zeros = "0" * (parsed.number_of_leading_zeros or 1) if parsed.italian_leading_zero else ""
    return f"{zeros}{parsed.national_number}"


def _looks_like_extension(text: str) -> bool:
    lowered = text.lower()
    return "ext" in lowered or lowered.rstrip("0123456789 ").endswith("x")


def is_phone_number(key: str) -> bool:
    """Whether a canonical key is an E.164 number (not a service number or a name)."""
    return key.startswith("+")


def display(key: str) -> str:
    """A readable form of a canonical key, e.g. ``+86 171 0000 0001``."""
    if not is_phone_number(key):
        return key
    try:
        parsed = phonenumbers.parse(key)
    except phonenumbers.NumberParseException:
        return key
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def as_phone_writes(key: str, region: str = "CN") -> str:
    """A canonical key as the phone of ``region`` shows it: ``171 0000 1001`` for a mobile,
    ``010 6552 9988`` for a landline with its area code, the international form for a number
    of another country; service numbers and names as they are. Only for showing: the data and
    the bundle keep E.164."""
    if not is_phone_number(key):
        return key
    try:
        parsed = phonenumbers.parse(key)
    except phonenumbers.NumberParseException:
        return key
    if parsed.country_code == phonenumbers.country_code_for_region(region):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
