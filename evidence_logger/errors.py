"""The one base of every error whose message a user sees.

Its message is an English sentence template with ``{name}`` fields (translated by
:func:`evidence_logger.i18n.tr`) and the values of those fields. A new error sentence is a
subclass raised with a literal template; the translation test finds every subclass and every
template raised with it by itself. Anything else that goes wrong is a bug: its traceback goes
to the log, and the user sees a sentence saying so (:func:`user_sentence`).
"""

from __future__ import annotations

import logging
from typing import Any

from evidence_logger.i18n import tr

log = logging.getLogger(__name__)


class UserFacingError(Exception):
    """An error with a sentence for the user: ``template`` (English, ``{name}`` fields) and
    ``params``. ``str(error)`` is the English sentence; :meth:`message` is it in a language."""

    def __init__(self, template: str, /, **params: Any) -> None:
        super().__init__(template.format(**params) if params else template)
        self.template = template
        self.params = params

    def message(self, lang: str | None = None) -> str:
        """The sentence in ``lang`` (default: the current language)."""
        return tr(self.template, lang, **self.params)


def reason(error: BaseException, lang: str | None = None) -> str:
    """What went wrong, short enough to fill a ``{reason}`` field: a sentence of ours, the
    system's words for a file problem, else only the error's kind (its details are in the log,
    which the task runner or the caller wrote)."""
    if isinstance(error, UserFacingError):
        return error.message(lang)
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return type(error).__name__


def user_sentence(error: BaseException, lang: str | None = None) -> str:
    """What the user is told about ``error``: its sentence, or for an unexpected error (a bug)
    a sentence that sends them to the log, where the traceback goes."""
    if isinstance(error, UserFacingError):
        return error.message(lang)
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    return tr("Something went wrong ({kind}). The details are in the log.", lang,
              kind=type(error).__name__)
