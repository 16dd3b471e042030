"""The overview: what the case holds, what was found by rule, and a calendar of collection
calls with the days over the limit marked."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
)

from evidence_logger.gui.heatmap import CallHeatMap
from evidence_logger.gui.labels import text_lang
from evidence_logger.gui.pages.base import Page
from evidence_logger.gui.session import Session
from evidence_logger.gui.silence_banner import SilenceBanner
from evidence_logger.i18n import N_, tr

COUNTS = (("calls", N_("Calls")), ("messages", N_("Messages")), ("evidence", N_("Original files")),
          ("collectors", N_("Collector numbers")), ("third_parties", N_("Third parties reached")),
          ("debts", N_("Debts")))


class OverviewPage(Page):
    """Signals: ``rule_activated(str)`` when the user opens a rule's findings."""

    title = N_("Overview")
    icon = "SP_ComputerIcon"
    rule_activated = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        self.next_step.setObjectName("nextStep")
        self.layout_.addWidget(self.next_step)
        self.silence = SilenceBanner(session)  # no creditor heard from the borrower for long
        self.layout_.addWidget(self.silence)

        row = QHBoxLayout()
        self.counts_box = QGroupBox()
        form = QFormLayout(self.counts_box)
        self.count_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key, _ in COUNTS:
            name, value = QLabel(), QLabel("0")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            form.addRow(name, value)
            self.count_labels[key] = (name, value)
        self.screens_name, self.screens = QLabel(), QLabel()
        self.screens.setWordWrap(True)
        self.read_button = QPushButton()
        self.read_button.clicked.connect(self._read_now)
        self.read_button.hide()
        form.addRow(self.screens_name, self.screens)
        form.addRow(self.read_button)
        self._reading: Any = None  # the window's OcrFlow, set by the window
        row.addWidget(self.counts_box)

        self.rules_box = QGroupBox()
        rules_layout = QHBoxLayout(self.rules_box)
        self.rules = QTableWidget(0, 3)
        self.rules.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rules.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rules.verticalHeader().setVisible(False)
        self.rules.horizontalHeader().setStretchLastSection(True)
        self.rules.setColumnWidth(0, 60)
        self.rules.setColumnWidth(1, 70)
        self.rules.cellActivated.connect(self._open_rule)
        self.rules.cellDoubleClicked.connect(self._open_rule)
        rules_layout.addWidget(self.rules)
        row.addWidget(self.rules_box, 1)
        self.layout_.addLayout(row)

        self.calendar_box = QGroupBox()
        calendar_layout = QHBoxLayout(self.calendar_box)
        self.heatmap = CallHeatMap()
        scroll = QScrollArea()
        scroll.setWidget(self.heatmap)
        scroll.setWidgetResizable(False)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMinimumHeight(self.heatmap.sizeHint().height() + 24)
        calendar_layout.addWidget(scroll)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.layout_.addWidget(self.calendar_box)
        self.layout_.addWidget(self.legend)
        self.layout_.addStretch(1)
        self._rule_ids: list[str] = []
        self.retranslate()

    def refresh(self) -> None:
        case = self.session.case
        if case is None:
            return
        from evidence_logger.listing import calls_per_day, status

        facts = status(case)
        for key, (_, value) in self.count_labels.items():
            value.setText(str(facts[key]))
        findings = self.session.findings()
        per_rule: Counter[str] = Counter(f.rule.id for f in findings)
        rules = {f.rule.id: f.rule for f in findings}
        lang = text_lang()
        self._rule_ids = list(per_rule)
        self.rules.setRowCount(len(self._rule_ids))
        for row, rule_id in enumerate(self._rule_ids):
            rule = rules[rule_id]
            for column, text in enumerate((str(per_rule[rule_id]), tr(rule.severity),
                                           rule.text("title", lang))):
                item = QTableWidgetItem(text)
                self.rules.setItem(row, column, item)
        over = {f.day for f in findings if f.rule.check == "daily-calls" and f.day}
        self.heatmap.set_data(calls_per_day(case), over)
        self._next_step(facts, len(findings))
        self._facts = facts
        self.show_screenshots()
        self.silence.refresh()

    # -- screenshots ----------------------------------------------------------------------

    @property
    def reading(self) -> Any:
        return self._reading

    @reading.setter
    def reading(self, flow: Any) -> None:
        """The window's OcrFlow: its news updates the screenshots' line as it comes."""
        self._reading = flow
        flow.state_changed.connect(self.show_screenshots)

    def show_screenshots(self) -> None:
        """How many screenshots were read, are being read, are not read yet."""
        facts = getattr(self, "_facts", None)
        if facts is None or self.session.case is None:
            return
        flow = self._reading
        read, unread = facts["screenshots_read"], facts["screenshots_unread"]
        if flow is not None and flow.unread() != unread:
            unread = flow.unread()  # read since the page last loaded
            read = facts["screenshots_read"] + facts["screenshots_unread"] - unread
        parts = [tr("{count} read", count=read)]
        reading = flow is not None and flow.reading
        if reading and flow.total:
            parts.append(tr("{count} being read ({number} of {total})", count=unread,
                            number=min(flow.done + 1, flow.total), total=flow.total))
        elif reading:
            parts.append(tr("{count} being read", count=unread))
        elif unread:
            parts.append(tr("{count} not read yet", count=unread))
        text = ", ".join(parts)
        if flow is not None and flow.unavailable_sentence and unread:
            text += "\n" + tr("The text reader (OCR) could not be loaded on this computer.")
        self.screens.setText(text)
        self.read_button.setVisible(bool(unread) and not reading and flow is not None
                                    and not flow.unavailable_sentence
                                    and not self.session.read_only)

    def _read_now(self) -> None:
        if self._reading is not None:
            self._reading.read_waiting()

    def _next_step(self, facts: dict, findings: int) -> None:
        case = self.session.case
        if case is not None and case.sample and not case.read_only_bundle:
            text = tr("This is the sample case, made of invented data: look around, then make a "
                      "case of your own for your files.")
        elif self.session.read_only:
            text = tr("This case was opened from a bundle and is read-only.")
        elif not facts["evidence"]:
            text = tr("Start by importing what your phone holds: call recordings, screenshots, "
                      "call-log and SMS exports. Drag them onto this window.")
        elif not facts["collectors"]:
            text = tr("Next, say which numbers are debt collectors and for which platform, on "
                      "the Parties page. The rules count only collectors' calls.")
        elif not findings:
            text = tr("No violations were found with the current rules.")
        else:
            text = tr("{count} possible violations found. Check them on the Violations page, then "
                      "export a bundle for a complaint or a lawyer.", count=findings)
        self.next_step.setText(text)

    def _open_rule(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._rule_ids):
            self.rule_activated.emit(self._rule_ids[row])

    def retranslate(self) -> None:
        super().retranslate()
        self.silence.refresh()
        self.counts_box.setTitle(tr("The case holds"))
        for key, label in COUNTS:
            self.count_labels[key][0].setText(tr(label))
        self.screens_name.setText(tr("Screenshots' text"))
        self.screens.setAccessibleName(tr("Screenshots' text"))
        self.read_button.setText(tr("Read them now"))
        self.read_button.setAccessibleName(tr("Read the screenshots not read yet"))
        self.rules_box.setTitle(tr("Findings by rule"))
        self.rules.setHorizontalHeaderLabels([tr("Count"), tr("Severity"), tr("Rule")])
        self.calendar_box.setTitle(tr("Collection calls per day"))
        self.legend.setText(tr("Darker squares: more calls. Red outline: more calls than the "
                               "daily limit from one creditor. Hover a day for its count."))
        self.rules.setAccessibleName(tr("Findings by rule"))
        self.heatmap.setAccessibleName(tr("Collection calls per day"))
        self.reload()

