"""Words for the core's codes (roles, kinds, directions), shared by every page."""

from __future__ import annotations

from evidence_logger.errors import user_sentence
from evidence_logger.i18n import N_, current_language, tr

ROLE_LABELS = {"self": N_("me"), "collector": N_("collector"), "third-party": N_("third party"),
               "unknown": N_("unknown")}
KIND_LABELS = {"call": N_("call"), "message": N_("message")}
DIRECTION_LABELS = {"in": N_("incoming"), "out": N_("outgoing"), "unknown": N_("unknown")}


def role_label(role: str) -> str:
    return tr(ROLE_LABELS.get(role, role))


def kind_label(kind: str) -> str:
    return tr(KIND_LABELS.get(kind, kind))


def direction_label(direction: str) -> str:
    return tr(DIRECTION_LABELS.get(direction, direction))


def party_label(role: str, platform: str | None, relation: str | None, name: str | None) -> str:
    """``collector · 闪电借`` / ``third party · 母亲`` / a contact's name."""
    parts = [role_label(role)] if role != "unknown" else []
    if role == "collector" and platform:
        parts.append(platform)
    if role == "third-party" and relation:
        parts.append(relation)
    if name:
        parts.append(name)
    return " · ".join(parts)


def text_lang() -> str:
    """``zh`` or ``en``: the language code of the rule profiles' and reports' texts."""
    return current_language().short


def sentence(error: BaseException) -> str:
    """What the user is told about ``error``, in the current language: a core error's own
    sentence; for anything else (a bug), a sentence sending them to the log."""
    return user_sentence(error)
