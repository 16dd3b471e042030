"""Placing an unplaced recording from the Evidence page: the other party's number and when the
call began, with the phone-log entries of the same length near the file's time offered first.

The box only collects what the borrower says; the Evidence page hands it to
:meth:`Session.place_recording <evidence_logger.gui.session.Session.place_recording>`, the one
place the window changes the case.

Signals: ``place_requested(str, str, object)`` (SHA-256, number, start as UTC milliseconds).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.i18n import tr
from evidence_logger.phones import display


class PlaceRecordingBox(QGroupBox):
    """Number and start time for one unplaced recording; :meth:`show_recording` fills it."""

    place_requested = Signal(str, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sha256 = ""
        self.tz = ZoneInfo("UTC")
        layout = QVBoxLayout(self)
        self.why = QLabel()
        self.why.setWordWrap(True)
        layout.addWidget(self.why)
        self.suggest_label = QLabel()
        layout.addWidget(self.suggest_label)
        self.suggestions = QListWidget()
        self.suggestions.setMaximumHeight(110)
        self.suggestions.currentItemChanged.connect(self._use_suggestion)
        layout.addWidget(self.suggestions)
        form = QFormLayout()
        self.number = QLineEdit()
        self.start = QDateTimeEdit()
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.start.setCalendarPopup(True)
        self.number_label, self.start_label = QLabel(), QLabel()
        form.addRow(self.number_label, self.number)
        form.addRow(self.start_label, self.start)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.place = QPushButton()
        self.place.clicked.connect(self._place)
        layout.addWidget(self.place)
        self.retranslate()

    def show_recording(self, item: dict[str, Any], tz: ZoneInfo) -> None:
        """Fill the box for ``item`` (an entry of :func:`evidence_logger.placing.unplaced`)."""
        self.sha256, self.tz = item["sha256"], tz
        self.error.clear()
        self.number.clear()
        self.why.setText(tr("This recording is not on any call: {reason}. Say whose call it "
                            "was and when it began, and it joins the timeline.",
                            reason=item["reason_text"]))
        when = datetime.fromisoformat(item["at"]) if item.get("at") else datetime.now(tz)
        self._set_start(when)
        self.suggestions.blockSignals(True)
        self.suggestions.clear()
        for s in item.get("suggestions", ()):
            line = QListWidgetItem(tr("{number} at {at}, {duration:.0f} s (phone's log)",
                                      number=display(s["number"]),
                                      at=s["at"].replace("T", " ")[:19],
                                      duration=s["duration"]))
            line.setData(Qt.ItemDataRole.UserRole, (s["number"], s["at"]))
            self.suggestions.addItem(line)
        self.suggestions.blockSignals(False)
        found = bool(item.get("suggestions"))
        self.suggestions.setVisible(found)
        self.suggest_label.setText(
            tr("Calls in the phone's log of the same length near the file's time (choose one "
               "to fill in the fields):") if found else
            tr("No call in the phone's log has the same length near the file's time."))

    def _set_start(self, when: datetime) -> None:
        local = when.astimezone(self.tz)
        self.start.setDateTime(QDateTime(local.year, local.month, local.day, local.hour,
                                         local.minute, local.second))

    def _use_suggestion(self, current: QListWidgetItem | None, _: Any = None) -> None:
        if current is None:
            return
        number, at = current.data(Qt.ItemDataRole.UserRole)
        self.number.setText(display(number))
        self._set_start(datetime.fromisoformat(at))

    def start_ms(self) -> int:
        """The start typed, in the case's time zone, as UTC milliseconds."""
        value = self.start.dateTime()
        date, time = value.date(), value.time()
        local = datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                         time.second(), tzinfo=self.tz)
        return int(local.timestamp() * 1000)

    def _place(self) -> None:
        number = self.number.text().strip()
        if not any(ch.isdigit() for ch in number):
            self.error.setText(tr("Type the other party's phone number."))
            return
        self.error.clear()
        self.place_requested.emit(self.sha256, number, self.start_ms())

    def retranslate(self) -> None:
        self.setTitle(tr("Place this recording on a call"))
        self.number_label.setText(tr("Phone number"))
        self.start_label.setText(tr("Call began"))
        self.number.setAccessibleName(tr("The other party's phone number"))
        self.start.setAccessibleName(tr("When the call began"))
        self.suggestions.setAccessibleName(tr("Calls of the same length"))
        self.place.setText(tr("Place on this call"))
