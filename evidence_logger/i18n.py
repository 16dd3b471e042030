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
from enum import StrEnum
from functools import cache
from typing import Any

from evidence_logger.paths import resource

log = logging.getLogger(__name__)

LANG_ENV = "EVIDENCE_LOGGER_LANG"


class Language(StrEnum):
    """The language in use: the one type for it. Its value is the catalogues' code (``zh_CN``,
    ``en``), so it is what :func:`tr` takes; :attr:`short` is the code of the rule profiles'
    texts, bundles and the ``--lang`` option (``zh``, ``en``)."""

    CHINESE = "zh_CN"
    ENGLISH = "en"

    @classmethod
    def of(cls, value: str | None) -> Language:
        """From any spelling ("zh", "zh_CN", "zh-Hans", "en", "en_US.UTF-8"); None: the
        current language."""
        if value is None:
            return current_language()
        return cls.CHINESE if value.lower().startswith("zh") else cls.ENGLISH

    @property
    def short(self) -> str:
        return "zh" if self is Language.CHINESE else "en"

    @property
    def chinese(self) -> bool:
        return self is Language.CHINESE


LANGUAGES = tuple(Language)

_chosen: Language | None = None


def set_language(lang: str | None) -> None:
    """Use ``lang`` from now on (the window's setting); ``None`` goes back to the default."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(lang)
    _chosen = None if lang is None else Language(lang)


def current_language() -> Language:
    """The chosen language, else EVIDENCE_LOGGER_LANG's, else the system locale's."""
    if _chosen is not None:
        return _chosen
    for value in (os.environ.get(LANG_ENV), os.environ.get("LC_ALL"), os.environ.get("LC_MESSAGES"),
                  os.environ.get("LANG"), _system_locale()):
        if value:
            return Language.of(value)
    return Language.ENGLISH


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


def N_(text: str) -> str:
    """Mark a phrase for translation where it is defined; :func:`tr` translates it when it is
    passed as a parameter of a sentence."""
    return text


def tr(text: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate ``text`` into ``lang`` (default: the current language) and fill its params.

    A parameter that is itself a marked phrase (see :func:`N_`) is translated too.
    """
    lang = Language.of(lang)  # any spelling: zh, zh_CN, en; None: the current language
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
