"""The names of the rules' thresholds in words, for the window, the dossier and the command
line (the parameter's own name stays what `rules set` takes)."""

from __future__ import annotations

from typing import Any

from evidence_logger.i18n import N_, Language, tr

PARAM_LABELS = {
    "max_calls": N_("most calls a day"), "max_connected": N_("most connected calls a day"),
    "max_unanswered": N_("most unanswered calls a day from one number"),
    "start": N_("quiet hours from"), "end": N_("quiet hours until"),
    "days": N_("days counted together"), "min_conversation_s": N_("shortest conversation (s)"),
    "lexicon": N_("word list"), "disclosure_lexicon": N_("word list of debt disclosure"),
    "extra": N_("words added for this case"), "multiple": N_("multiple of the LPR"),
    "lpr_table": N_("LPR table"), "exempt_lender_types": N_("lender types exempt"),
}


def param_label(name: str, lang: str | None = None) -> str:
    """A threshold's name in words (its own name when it has none)."""
    return tr(PARAM_LABELS[name], lang) if name in PARAM_LABELS else name


def show_value(value: Any, lang: str | None = None) -> str:
    """A threshold's value as text ("" for an empty list); without ``lang``, lists are
    comma-separated, the form `rules set` and the settings read back."""
    if isinstance(value, list):
        return ("、" if lang is not None and Language.of(lang).chinese else ", ").join(
            map(str, value))
    return str(value)


def show_params(params: dict[str, Any], lang: str | None = None) -> str:
    """The thresholds as "label: value; …" in ``lang``."""
    chinese = lang is not None and Language.of(lang).chinese
    shown = [f"{param_label(k, lang)}{'：' if chinese else ': '}{show_value(v, lang) or '—'}"
             for k, v in params.items()]
    return ("；" if chinese else "; ").join(shown) or "—"
