"""The banner above a case opened from a bundle, or above the sample case, in plain words.

A bundle: intact, or exactly which files were damaged or changed (each path once); the signer's
key fingerprint with what to compare it with; an overview (period, platforms, export date,
findings by severity). The sample: that its data is invented and it takes no changes.
:class:`CaseBanner` holds the banner's label and its buttons (New case of my own, Open the
dossier).

Signals of :class:`CaseBanner`: ``new_case_requested()``, ``dossier_requested()``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_logger.i18n import tr

if TYPE_CHECKING:
    from evidence_logger.case import Case


def banner_text(case: Case) -> tuple[str, str]:
    """(sentence, level) with level ``ok``, ``warning`` or ``error``."""
    from evidence_logger.bundle.summary import altered_lines, fingerprint_sentence, overview_lines

    if case.sample and not case.read_only_bundle:
        return sample_text(), "warning"
    name = Path(case.opened_from or "").name
    signer = fingerprint_sentence(case)
    overview = " ".join(overview_lines(case))
    if case.sample:  # a bundle exported from the sample case: invented data, whatever it says
        overview = (tr("This bundle was exported from the sample case: its calls, messages and "
                       "people are invented.") + (" " + overview if overview else ""))
    if case.bundle_status == "intact":
        return (tr("Verified: {source} is exactly as it was exported; every file matches its "
                   "SHA-256 and the signature is valid. Read-only.", source=name) + "\n"
                + signer + ("\n" + overview if overview else ""), "ok")
    if case.bundle_status == "altered":
        lines = altered_lines(case)
        text = tr("WARNING: {source} was changed after export. {count} problem(s):",
                  source=name, count=len(lines))
        shown = "\n".join(f"• {line}" for line in lines[:8]) + ("\n…" if len(lines) > 8 else "")
        return (text + "\n" + shown + "\n" + tr("These files are marked on the Evidence page; "
                                                "everything else can be read.") + "\n" + signer,
                "error")
    return tr("{source}: {status}. Read-only.", source=name,
              status=case.bundle_status or "?"), "warning"


def sample_text() -> str:
    return tr("This is the sample case: its calls, messages and people are invented, to show "
              "what the app does. It takes no imports and no changes, so that no real evidence "
              "is mixed with it. For your own files, make a case of your own.")


class CaseBanner(QWidget):
    """The banner's label (given, so the window keeps it as ``banner``) with its buttons."""

    new_case_requested = Signal()
    dossier_requested = Signal()

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(label)
        row = QHBoxLayout()
        row.setContentsMargins(8, 4, 8, 4)
        self.new_case = QPushButton()
        self.new_case.clicked.connect(self.new_case_requested)
        self.dossier = QPushButton()
        self.dossier.clicked.connect(self.dossier_requested)
        row.addWidget(self.new_case)
        row.addWidget(self.dossier)
        row.addStretch(1)
        self.buttons = QWidget()
        self.buttons.setLayout(row)
        layout.addWidget(self.buttons)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)
        self.retranslate()

    def show_for(self, case: Case | None, visible: bool) -> None:
        """Show the banner (its text already set) with the buttons ``case`` calls for."""
        sample = case is not None and case.sample and not case.read_only_bundle
        dossier = case is not None and case.read_only_bundle and _dossier(case) is not None
        self.new_case.setVisible(sample)
        self.dossier.setVisible(dossier)
        self.buttons.setVisible(sample or dossier)
        self.label.setVisible(visible)
        self.setVisible(visible)

    def retranslate(self) -> None:
        self.new_case.setText(tr("New case of my own…"))
        self.dossier.setText(tr("Open the dossier (PDF)"))


def _dossier(case: Case) -> Path | None:
    from evidence_logger.evidence_root import REPORT_PATH

    path = case.folder / "bundle" / Path(*REPORT_PATH.split("/"))
    return path if path.is_file() else None


def dossier_path(case: Case) -> Path | None:
    """The dossier extracted beside a case opened from a bundle, when it was intact."""
    return _dossier(case)
