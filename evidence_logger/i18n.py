"""Translation of the core's user-facing sentences (Simplified Chinese and English).

Source strings are English sentences with ``{name}`` placeholders. Catalogues are JSON objects
in ``resources/translations/<lang>/*.json`` mapping a source string to its translation; all files
of a language are merged. The window uses the same catalogues for its own words (so one test
checks that every string has its Chinese) and Qt's catalogue only for Qt's standard dialogs.
"""

from __future__ import annotations

import json
import locale
import logging
import os
from functools import cache
from typing import Any

from evidence_logger.paths import resource

log = logging.getLogger(__name__)

LANG_ENV = "EVIDENCE_LOGGER_LANG"
LANGUAGES = ("zh_CN", "en")


_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """Use ``lang`` from now on (the window's setting); ``None`` goes back to the default."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(lang)
    _chosen = lang


def current_language() -> str:
    """``zh_CN`` or ``en``: the chosen one, else EVIDENCE_LOGGER_LANG, else the system locale."""
    if _chosen is not None:
        return _chosen
    for value in (os.environ.get(LANG_ENV), os.environ.get("LC_ALL"), os.environ.get("LC_MESSAGES"),
                  os.environ.get("LANG"), _system_locale()):
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


def _system_locale() -> str | None:
    try:
        return locale.getlocale()[0]
    except ValueError:  # an odd locale setting must not stop the app
        return None


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All translations of one language, merged from its JSON files."""
    merged: dict[str, str] = {}
    folder = resource("translations", lang)
    if folder.is_dir():
        for item in sorted(folder.iterdir(), key=lambda item: item.name):
            if item.name.endswith(".json"):
                merged.update(json.loads(item.read_text(encoding="utf-8")))
    return merged


def N_(text: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a phrase for translation where it is defined; :func:`tr` translates it when it is
    passed as a parameter of a sentence."""
    return text


def tr(text: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate ``text`` into ``lang`` (default: the current language) and fill its params.

    A parameter that is itself a marked phrase (see :func:`N_`) is translated too.
    """
    lang = lang or current_language()
    if lang == "en":
        translated = text
    else:
        words = catalogue(lang)
        translated = words.get(text, text)
        params = {k: words.get(v, v) if isinstance(v, str) else v for k, v in params.items()}
    if not params:
        return translated
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError):
        log.exception("bad translation for %r", text)
        return text.format(**params)
