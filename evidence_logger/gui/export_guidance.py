"""Around the export: a check before it (likely collectors still unknown, no collector, no
debts, screenshots still being read), each with a button to the page that settles it and all
of them passable; and after it, what was written with sizes in KB/MB and what to do next (how
to send, the password by another channel, the fingerprint to tell the lawyer).

Signals: ``page_requested(str)``: the page that settles a concern (``parties``, ``debts``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_logger.gui.models.evidence import human_size
from evidence_logger.i18n import tr
from evidence_logger.readiness import Concern

PAGES = {"unknown": "parties", "collectors": "parties", "debts": "debts"}


class BeforeExport(QGroupBox):
    """What may be worth settling first; none of it stops the export."""

    page_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("beforeExport")
        self.rows = QVBoxLayout(self)
        self.concerns: list[Concern] = []
        self.labels: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        self.passing = QLabel()
        self.passing.setWordWrap(True)
        self.rows.addWidget(self.passing)
        self.setVisible(False)

    def show_concerns(self, concerns: list[Concern]) -> None:
        for widget in self.labels + self.buttons:
            widget.deleteLater()
        self.labels, self.buttons = [], []
        self.concerns = concerns
        for concern in concerns:
            row = QHBoxLayout()
            label = QLabel()
            label.setWordWrap(True)
            row.addWidget(label, 1)
            self.labels.append(label)
            if concern.key in PAGES:
                button = QPushButton()
                button.clicked.connect(lambda _c=False, k=concern.key: self.page_requested.emit(
                    PAGES[k]))
                row.addWidget(button)
                self.buttons.append(button)
            self.rows.insertLayout(self.rows.count() - 1, row)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("Before you export"))
        buttons = iter(self.buttons)
        for label, concern in zip(self.labels, self.concerns, strict=True):
            label.setText("• " + tr(concern.text, count=concern.count))
            if concern.key in PAGES:
                button = next(buttons)
                button.setText(tr("Parties") if PAGES[concern.key] == "parties" else tr("Debts"))
        self.passing.setText(tr("You can export anyway, and export again later: each export "
                                "is complete in itself.") if self.concerns else tr(
            "Nothing left to settle: the likely collectors are marked, debts are entered and "
            "the screenshots are read."))


def sizes_and_next_steps(outcome: Any, password: bool) -> str:
    """What was written (sizes in KB/MB) and what to do next, as HTML."""
    parts = []
    bundle = outcome.bundle
    if bundle is not None:
        parts.append(escape(tr("Evidence bundle: {path}, {size} ({files} files).",
                               path=str(bundle.path), size=_size(bundle.path),
                               files=bundle.files)))
        if bundle.withheld:
            parts.append(escape(tr("{count} original(s) that show third parties were left "
                                   "out and listed by hash.", count=bundle.withheld)))
        if getattr(bundle, "timestamp", None) is not None:  # stamped, or why not
            parts.append(escape(bundle.timestamp.sentence(when_off=True)))
    if outcome.report is not None:
        parts.append(escape(tr("PDF report: {path}, {size}.", path=str(outcome.report),
                               size=_size(outcome.report))))
    steps = []
    if bundle is not None:
        steps.append(escape(tr(
            "Send the bundle file as it is, without unzipping it: on a USB stick, by a cloud "
            "drive link, or by email when it is small enough (many mail services stop at about "
            "20 MB).")))
        if password:
            steps.append(escape(tr(
                "Tell the password by another way than the file: by phone or in person, never "
                "in the same email or chat.")))
        steps.append(tr("Tell your lawyer this fingerprint of your signing key: {fingerprint}. "
                        "When they open the bundle, the app shows the fingerprint that signed "
                        "it; if the two are the same, the bundle is yours and unchanged.",
                        fingerprint=f"<b>{escape(bundle.fingerprint)}</b>"))
    if outcome.report is not None:
        steps.append(escape(tr("The PDF report can go with a complaint (for example to the "
                               "financial regulator's hotline 12378) or to your lawyer.")))
    items = "".join(f"<li>{step}</li>" for step in steps)
    return ("<br>".join(parts) + (f"<p><b>{escape(tr('What to do next'))}</b></p>"
                                  f"<ol>{items}</ol>" if items else ""))


def _size(path: Path) -> str:
    try:
        return human_size(Path(path).stat().st_size)
    except OSError:
        return "—"

