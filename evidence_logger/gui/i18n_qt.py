"""Language in the window: our catalogues (through :func:`evidence_logger.i18n.tr`) for our
words, Qt's own catalogue for Qt's standard dialogs (file pickers, message box buttons)."""

from __future__ import annotations

import logging
from pathlib import Path

import PySide6
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from evidence_logger import i18n

log = logging.getLogger(__name__)


def resolve(choice: str) -> str:
    """``zh_CN`` or ``en`` for a setting of ``system``, ``zh_CN`` or ``en``."""
    if choice in i18n.LANGUAGES:
        return choice
    if QLocale.system().language() == QLocale.Language.Chinese:
        return "zh_CN"
    i18n.set_language(None)  # "system": not what was chosen before, the environment's
    return i18n.current_language()


class QtCatalogue:
    """Installs Qt's translation of its standard dialogs for the chosen language."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None

    def apply(self, lang: str) -> None:
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if lang == "en":
            return
        translator = QTranslator(self._app)
        folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
                   str(Path(PySide6.__file__).parent / "Qt" / "translations")]
        for folder in filter(None, folders):
            if translator.load(f"qtbase_{lang}", folder):
                self._app.installTranslator(translator)
                self._translator = translator
                return
        log.info("Qt's own %s translation not found", lang)


def switch(lang: str, catalogue: QtCatalogue | None = None) -> None:
    """Use ``lang`` for our words and Qt's; the caller then re-labels its widgets."""
    i18n.set_language(lang)
    if catalogue is not None:
        catalogue.apply(lang)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China)
                       if i18n.Language.of(lang).chinese else QLocale(QLocale.Language.English))
