"""The first screen: make a case, open one, open a bundle as a lawyer, or explore the sample.

Signals: ``new_case()``, ``open_case()``, ``open_bundle()``, ``sample_case()``,
``recent_chosen(str)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.i18n import tr


class WelcomePage(QWidget):
    new_case = Signal()
    open_case = Signal()
    open_bundle = Signal()
    sample_case = Signal()
    recent_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        outer.addLayout(column, 3)
        outer.addStretch(1)
        column.addStretch(1)
        self.title = QLabel()
        self.title.setObjectName("welcomeTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        self.buttons = {}
        for key, signal in (("new", self.new_case), ("open", self.open_case),
                            ("bundle", self.open_bundle), ("sample", self.sample_case)):
            button = QCommandLinkButton()
            button.clicked.connect(signal)
            column.addWidget(button)
            self.buttons[key] = button
        self.recent_label = QLabel()
        self.recent = QListWidget()
        self.recent.setMaximumHeight(140)
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(
            item.data(Qt.ItemDataRole.UserRole)))
        column.addWidget(self.recent_label)
        column.addWidget(self.recent)
        column.addStretch(2)
        self.retranslate()

    def set_recent(self, folders: list[str]) -> None:
        self.recent.clear()
        for folder in folders:
            if (Path(folder) / "case.sqlite").is_file():
                item = QListWidgetItem(f"{Path(folder).name}  —  {folder}")
                item.setData(Qt.ItemDataRole.UserRole, folder)
                self.recent.addItem(item)
        shown = self.recent.count() > 0
        self.recent.setVisible(shown)
        self.recent_label.setVisible(shown)

    def retranslate(self) -> None:
        self.title.setText(tr("Evidence Logger"))
        self.intro.setText(tr("Collect what your phone holds about debt collection calls and "
                              "messages, see which rules were broken, and export signed "
                              "evidence for a complaint (12378) or a lawyer. Everything stays "
                              "on this computer."))
        texts = {
            "new": (tr("New case"), tr("Start here: make a case, then drag in the files from "
                                       "your phone.")),
            "open": (tr("Open a case"), tr("Continue a case made before.")),
            "bundle": (tr("Open an evidence bundle (for lawyers)"),
                       tr("Check that a bundle is unchanged and read it.")),
            "sample": (tr("Explore a sample case"),
                       tr("A made-up case with calls, messages and screenshots, to see how the "
                          "app works.")),
        }
        for key, (text, description) in texts.items():
            self.buttons[key].setText(text)
            self.buttons[key].setDescription(description)
            self.buttons[key].setAccessibleName(text)
        self.recent_label.setText(tr("Recent cases (double-click to open):"))
        self.recent.setAccessibleName(tr("Recent cases"))
