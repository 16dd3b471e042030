"""Dialogs about cases themselves: making a new case, and asking for a bundle's password."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from evidence_logger.case import PROFILES, system_timezone
from evidence_logger.i18n import N_, tr
from evidence_logger.paths import cases_dir

PROFILE_NAMES = {"cn": N_("Mainland China"), "us": N_("United States"),
                 "uk": N_("United Kingdom")}


class NewCaseDialog(QDialog):
    """Name, folder, time zone and rule profile of a new case."""

    def __init__(self, parent: QWidget, base: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New case"))
        self.setMinimumWidth(520)
        self.base = base or cases_dir()
        form = QFormLayout(self)
        self.name = QLineEdit(tr("My case"))
        self.name.textChanged.connect(self._suggest_folder)
        self.folder = QLineEdit()
        self._folder_chosen = False  # once the user picks or types a folder, keep it
        self.folder.textEdited.connect(lambda _: setattr(self, "_folder_chosen", True))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        zones = sorted(available_timezones())
        self.timezone.addItems(zones)
        self.timezone.setCompleter(QCompleter(zones, self))
        self.timezone.setCurrentText(system_timezone())
        self.profile = QComboBox()
        for code in PROFILES:
            self.profile.addItem(tr(PROFILE_NAMES[code]), code)
        form.addRow(tr("Case name"), self.name)
        form.addRow(tr("Folder"), row)
        form.addRow(tr("Time zone of the calls"), self.timezone)
        form.addRow(tr("Rules of"), self.profile)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Create"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for widget, name in ((self.name, N_("Case name")), (self.folder, N_("Folder")),
                             (self.timezone, N_("Time zone of the calls")),
                             (self.profile, N_("Rules of"))):
            widget.setAccessibleName(tr(name))
        self._suggest_folder()

    def _suggest_folder(self) -> None:
        if self._folder_chosen:
            return
        name = "".join(c for c in self.name.text().strip() if c not in '\\/:*?"<>|') or "case"
        candidate = self.base / name
        number = 2
        while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
            candidate = self.base / f"{name} {number}"
            number += 1
        self.folder.setText(str(candidate))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Folder for the new case"),
                                                  str(self.base))
        if chosen:
            self.folder.setText(chosen)
            self._folder_chosen = True

    def values(self) -> dict:
        return {"folder": Path(self.folder.text().strip()).expanduser(),
                "name": self.name.text().strip() or tr("My case"),
                "timezone": self.timezone.currentText().strip(),
                "profile": self.profile.currentData()}

    def show_error(self, text: str) -> None:
        self.error.setText(text)
