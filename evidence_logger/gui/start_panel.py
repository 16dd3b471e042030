"""What an empty case shows first: two large buttons (import files, import a folder), a word
on dragging, and the phone guide (where each phone keeps what the case needs).

Signals: ``import_files()``, ``import_folder()``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_logger.gui.icons import icon
from evidence_logger.gui.phone_guide import guide_view, show_guide
from evidence_logger.i18n import tr


class StartPanel(QWidget):
    import_files = Signal()
    import_folder = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("startTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        row = QHBoxLayout()
        self.files_button = QPushButton(icon("import-files"), "")
        self.folder_button = QPushButton(icon("import-folder"), "")
        for button, signal in ((self.files_button, self.import_files),
                               (self.folder_button, self.import_folder)):
            button.setObjectName("bigButton")
            button.setIconSize(QSize(28, 28))
            button.setMinimumHeight(56)
            button.clicked.connect(signal)
            row.addWidget(button, 1)
        layout.addLayout(row)
        self.drag = QLabel()
        self.drag.setWordWrap(True)
        layout.addWidget(self.drag)
        self.guide_label = QLabel()
        self.guide_label.setObjectName("sectionTitle")
        layout.addWidget(self.guide_label)
        self.guide = guide_view()
        layout.addWidget(self.guide, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("This case is empty. Bring in what your phone holds: call "
                              "recordings, screenshots, call logs and messages, the carrier's "
                              "call-detail record."))
        self.files_button.setText(tr("Import files…"))
        self.folder_button.setText(tr("Import a folder…"))
        self.files_button.setAccessibleName(tr("Import files"))
        self.folder_button.setAccessibleName(tr("Import a folder"))
        self.drag.setText(tr("Or drag files and folders onto this window. Copy them from the "
                             "phone to this computer first: nothing on the phone is changed."))
        self.guide_label.setText(tr("How to get the files off your phone"))
        show_guide(self.guide)
