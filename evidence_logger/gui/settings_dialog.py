"""The settings dialog: the window's language, where new cases live, and for the open case its
time zone (shown; see :data:`TIMEZONE_FIXED`), rule profile and thresholds (each rule's
parameters, editable with the profile's default shown; every change goes through
:meth:`Session.set_threshold`, and is a custody entry).

Signals: ``language_chosen(str)``: ``system``, ``zh_CN`` or ``en``, as soon as it is chosen.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui import settings as keys
from evidence_logger.gui.labels import text_lang
from evidence_logger.gui.session import Session
from evidence_logger.gui.settings import Settings
from evidence_logger.gui.speech_model_box import SpeechModelBox
from evidence_logger.gui.trusted_time_box import TrustedTimeBox
from evidence_logger.i18n import N_, tr
from evidence_logger.paths import cases_dir
from evidence_logger.rules.params import param_label, show_value
from evidence_logger.rules.profile import CHECK_PARAMS, RuleSettingError

log = logging.getLogger(__name__)

LANGUAGE_CHOICES = (("system", N_("Follow the system")), ("zh_CN", "中文（简体）"),
                    ("en", "English"))
# Naive local times (file names, CSV rows, EXIF without an offset) were turned into UTC with
# the case's zone when imported; changing the zone afterwards would not re-read them, so the
# core offers no safe way to change it and the dialog only shows it.
TIMEZONE_FIXED = N_("Fixed when the case was made: times without an offset in file names, CSV "
                    "files and photos were read in this zone at import, and changing it now "
                    "would not correct them.")
FIXED_PARAMS = {"lexicon", "disclosure_lexicon", "lpr_table"}  # names of shipped data files



def _scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area, at the top of it (a tab of the dialog)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.addWidget(widget)
    column.addStretch(1)
    area.setWidget(holder)
    return area


class SettingsDialog(QDialog):
    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None, settings: Settings, session: Session) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session = session
        self.setMinimumSize(640, 560)
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()  # this computer and the case; trusted time
        outer.addWidget(self.tabs, 1)
        main = QWidget()
        layout = QVBoxLayout(main)
        self.tabs.addTab(main, "")
        self.general = QGroupBox()
        form = QFormLayout(self.general)
        self.language = QComboBox()
        for code, _ in LANGUAGE_CHOICES:
            self.language.addItem("", code)
        self.language.setCurrentIndex(max(self.language.findData(
            settings.get(keys.LANGUAGE)), 0))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        form.addRow(self.language_label, self.language)
        self.folder = QLineEdit()
        self.folder.setReadOnly(True)
        self.choose_folder = QPushButton()
        self.choose_folder.clicked.connect(self._choose_folder)
        self.default_folder = QPushButton()
        self.default_folder.clicked.connect(lambda: self.set_cases_folder(""))
        row = QHBoxLayout()
        for widget in (self.folder, self.choose_folder, self.default_folder):
            row.addWidget(widget)
        self.folder_label = QLabel()
        self.folder_label.setBuddy(self.choose_folder)
        form.addRow(self.folder_label, row)
        layout.addWidget(self.general)
        self.trusted_time = TrustedTimeBox(session=session,
                                           runner=getattr(parent, "runner", None))
        self.tabs.addTab(_scrolled(self.trusted_time), "")
        self.speech_model = SpeechModelBox()
        self.speech_tab = self.tabs.addTab(_scrolled(self.speech_model), "")

        self.case_box = QGroupBox()
        case_form = QVBoxLayout(self.case_box)
        self.case_info = QLabel()
        self.case_info.setWordWrap(True)
        case_form.addWidget(self.case_info)
        self.thresholds_note = QLabel()
        self.thresholds_note.setWordWrap(True)
        case_form.addWidget(self.thresholds_note)
        self.rules_scroll = QScrollArea()
        self.rules_scroll.setWidgetResizable(True)
        case_form.addWidget(self.rules_scroll, 1)
        layout.addWidget(self.case_box, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._build_thresholds()
        self._show_folder()
        self.retranslate()

    # -- general ------------------------------------------------------------------------

    def _language_changed(self) -> None:
        choice = self.language.currentData()
        log.info("language chosen: %s", choice)
        self.language_chosen.emit(choice)
        self.retranslate()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Where new cases live"),
                                                  self.folder.text())
        if chosen:
            self.set_cases_folder(chosen)

    def set_cases_folder(self, folder: str) -> None:
        """Remember ``folder`` for new cases ("" = the default under Documents)."""
        self.settings.set(keys.CASES_FOLDER, folder)
        self._show_folder()

    def _show_folder(self) -> None:
        self.folder.setText(self.settings.get(keys.CASES_FOLDER) or str(cases_dir()))

    # -- the case's thresholds ----------------------------------------------------------

    def _build_thresholds(self) -> None:
        inner = QWidget()
        self.rule_form = QFormLayout(inner)
        self.rules_scroll.setWidget(inner)
        self.rule_titles: list[tuple[QLabel, Any]] = []
        self.param_labels: list[tuple[QLabel, str, Any]] = []
        if self.session.case is None:
            return
        editable = not self.session.read_only
        for rule in self.session.profile().rules:
            title = QLabel()
            title.setObjectName("ruleTitle")
            self.rule_form.addRow(title)
            self.rule_titles.append((title, rule))
            for param, value in rule.params.items():
                if param not in CHECK_PARAMS.get(rule.check, {}):
                    continue
                key = f"{rule.id}.{param}"
                edit = QLineEdit(show_value(value))
                edit.setReadOnly(not editable or param in FIXED_PARAMS)
                edit.setToolTip(key)
                edit.setMinimumWidth(180)
                edit.editingFinished.connect(lambda k=key: self.apply_threshold(k))
                error = QLabel()
                error.setObjectName("error")
                error.setWordWrap(True)
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                row.addWidget(error, 1)
                label = QLabel()
                label.setBuddy(edit)
                self.rule_form.addRow(label, row)
                self.fields[key], self.errors[key] = edit, error
                self.param_labels.append((label, param, rule.defaults.get(param)))

    def set_threshold(self, key: str, text: str) -> bool:
        """Type ``text`` into the field of ``RULE.PARAM`` and apply it (for tests too)."""
        self.fields[key].setText(text)
        return self.apply_threshold(key)

    def apply_threshold(self, key: str) -> bool:
        """Store the field of ``RULE.PARAM`` as the case's threshold; findings follow."""
        case = self.session.case
        edit = self.fields[key]
        if case is None or edit.isReadOnly():
            return False
        rule_id, _, param = key.rpartition(".")
        current = self.session.profile().rule(rule_id)
        if current is not None and edit.text().strip() == show_value(current.params[param]):
            self.errors[key].clear()
            return True
        try:
            value = self.session.set_threshold(key, edit.text())
        except RuleSettingError as error:
            self.errors[key].setText(error.message())
            return False
        self.errors[key].clear()
        edit.setText(show_value(value))
        return True

    # -- words --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Settings"))
        self.general.setTitle(tr("This computer"))
        self.language_label.setText(tr("Language:"))
        self.language.setAccessibleName(tr("Language"))
        self.language.setItemText(0, tr(LANGUAGE_CHOICES[0][1]))
        for index, (_, name) in enumerate(LANGUAGE_CHOICES[1:], start=1):
            self.language.setItemText(index, name)
        self.folder_label.setText(tr("New cases go in:"))
        self.folder.setAccessibleName(tr("Folder for new cases"))
        self.choose_folder.setText(tr("Choose…"))
        self.choose_folder.setAccessibleName(tr("Choose the folder for new cases"))
        self.default_folder.setText(tr("Use the default"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        self.trusted_time.retranslate()
        self.tabs.setTabText(0, tr("General"))
        self.tabs.setTabText(1, tr("Trusted time"))
        self.speech_model.retranslate()
        self.tabs.setTabText(self.speech_tab, tr("Speech model"))
        self._retranslate_case()

    def _retranslate_case(self) -> None:
        case = self.session.case
        self.case_box.setVisible(case is not None)
        if case is None:
            return
        lang = text_lang()
        profile = self.session.profile()
        self.case_box.setTitle(tr("This case: {name}", name=case.name))
        self.case_info.setText(
            tr("Time zone: {zone}", zone=case.timezone) + "\n" + tr(TIMEZONE_FIXED) + "\n"
            + tr("Rule profile: {profile}", profile=profile.name.get(
                lang, profile.id)))
        self.thresholds_note.setText(
            tr("This is the sample case: its thresholds are shown and cannot be changed.")
            if self.session.case is not None and self.session.case.sample else
            tr("This case was opened from a bundle: its thresholds are shown as they were "
               "and cannot be changed.") if self.session.read_only else
            tr("Thresholds: change a number and press Enter or Tab; the findings follow at "
               "once, and the change is written in the custody log."))
        for title, rule in self.rule_titles:
            title.setText(f"<b>{rule.text('title', lang)}</b>")
        for label, param, default in self.param_labels:
            name = param_label(param)
            label.setText(tr("{name} (default {default}):", name=name,
                             default=show_value(default)))
            edit = label.buddy()
            edit.setAccessibleName(name)
