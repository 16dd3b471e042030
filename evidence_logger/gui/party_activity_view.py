"""Beside the parties list: the selected number's latest messages and its recorded calls, with
a button that opens a recording on the Evidence page (to play it), which is how a borrower
recognises a platform.

Signals: ``evidence_requested(str)``: the SHA-256 of the recording to open.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui.icons import icon
from evidence_logger.gui.labels import direction_label
from evidence_logger.i18n import tr


class PartyActivity(QWidget):
    evidence_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.messages_label = QLabel()
        layout.addWidget(self.messages_label)
        self.messages = QListWidget()
        self.messages.setWordWrap(True)
        layout.addWidget(self.messages, 3)
        self.recordings_label = QLabel()
        layout.addWidget(self.recordings_label)
        self.recordings = QListWidget()
        self.recordings.itemActivated.connect(self._open)
        self.recordings.currentItemChanged.connect(lambda *_: self._update_button())
        layout.addWidget(self.recordings, 2)
        self.play = QPushButton(icon("evidence"), "")
        self.play.clicked.connect(self._open)
        layout.addWidget(self.play)
        self._shown: str | None = None
        self.show_number(None, None, "")

    def show_number(self, case: Any, number: str | None, shown: str) -> None:
        """Show ``number``'s activity (``shown``: as the phone writes it); None: nothing."""
        from evidence_logger.party_activity import latest_messages, recordings

        self._shown = shown if number else None
        self.messages.clear()
        self.recordings.clear()
        if case is not None and number:
            for message in latest_messages(case, number):
                arrow = "←" if message["direction"] == "in" else "→"
                item = QListWidgetItem(f"{self._when(case, message['at_ms'])} {arrow} "
                                       f"{message['text'] or ''}")
                item.setToolTip(message["text"] or "")
                self.messages.addItem(item)
            for recording in recordings(case, number):
                length = recording["duration"]
                item = QListWidgetItem(
                    f"{self._when(case, recording['at_ms'])}  "
                    f"{direction_label(recording['direction'])}"
                    + (f"  {int(length) // 60}:{int(length) % 60:02d}" if length else ""))
                item.setData(Qt.ItemDataRole.UserRole, recording["sha256"])
                item.setToolTip(recording["name"])
                self.recordings.addItem(item)
            if self.recordings.count():
                self.recordings.setCurrentRow(0)
        self.retranslate()

    @staticmethod
    def _when(case: Any, at_ms: int) -> str:
        return datetime.fromtimestamp(at_ms / 1000, case.tz).strftime("%m-%d %H:%M")

    def _update_button(self) -> None:
        self.play.setEnabled(self.recordings.currentItem() is not None)

    def _open(self, *_args: object) -> None:
        item = self.recordings.currentItem()
        if item is not None:
            self.evidence_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def retranslate(self) -> None:
        self.title.setText(tr("Selected: {number}", number=self._shown) if self._shown
                           else tr("Select a number to see its messages and recordings."))
        self.messages_label.setText(tr("Latest messages ({count})",
                                       count=self.messages.count()))
        self.recordings_label.setText(tr("Recorded calls ({count})",
                                         count=self.recordings.count()))
        self.messages.setAccessibleName(tr("Latest messages of the selected number"))
        self.recordings.setAccessibleName(tr("Recorded calls of the selected number"))
        self.play.setText(tr("Play the recording"))
        self._update_button()
