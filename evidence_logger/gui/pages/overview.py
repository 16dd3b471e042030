"""The overview: for an empty case the start panel (import buttons and the phone guide);
otherwise what the case holds (each count saying what it counts), the findings by rule with
coloured severity, and collection calls per day per creditor as bars with the daily limit.

Signals: ``rule_activated(str)`` when the user opens a rule's findings,
``import_files_requested()`` and ``import_folder_requested()`` from the start panel.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui.call_bars import CallBars
from evidence_logger.gui.findings_feed import RECOMPUTING, findings_state
from evidence_logger.gui.labels import text_lang
from evidence_logger.gui.models.findings import SEVERITY_COLOURS, SEVERITY_ORDER
from evidence_logger.gui.pages.base import Page
from evidence_logger.gui.session import Session
from evidence_logger.gui.silence_banner import SilenceBanner
from evidence_logger.gui.start_panel import StartPanel
from evidence_logger.i18n import N_, tr

COUNTS = (("calls_in", N_("Calls received")), ("calls_out", N_("Calls made")),
          ("messages_in", N_("Messages received")), ("messages_out", N_("Messages sent")),
          ("collectors", N_("Numbers marked as collectors")),
          ("third_parties", N_("Numbers marked as third parties")),
          ("evidence", N_("Original files")), ("debts", N_("Debts entered")))
SEVERITY_BACKGROUNDS = {"high": "#ffebee", "medium": "#fff3e0", "low": "#f9fbe7",
                        "note": "#f5f5f5"}


class OverviewPage(Page):
    title = N_("Overview")
    icon = "overview"
    rule_activated = Signal(str)
    import_files_requested = Signal()
    import_folder_requested = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.start = StartPanel()
        self.start.import_files.connect(self.import_files_requested)
        self.start.import_folder.connect(self.import_folder_requested)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        self.next_step.setObjectName("nextStep")
        column.addWidget(self.next_step)
        self.silence = SilenceBanner(session)  # no creditor heard from the borrower for long
        column.addWidget(self.silence)

        row = QHBoxLayout()
        self.counts_box = QGroupBox()
        grid = QGridLayout(self.counts_box)  # two counts a row: received beside made
        grid.setHorizontalSpacing(10)
        self.count_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for number, (key, _) in enumerate(COUNTS):
            name, value = QLabel(), QLabel("0")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setObjectName("count")
            grid.addWidget(name, number // 2, (number % 2) * 2)
            grid.addWidget(value, number // 2, (number % 2) * 2 + 1)
            self.count_labels[key] = (name, value)
        rows = (len(COUNTS) + 1) // 2
        self.screens_name, self.screens = QLabel(), QLabel()
        self.screens.setWordWrap(True)
        self.read_button = QPushButton()
        self.read_button.clicked.connect(self._read_now)
        self.read_button.hide()
        grid.addWidget(self.screens_name, rows, 0)
        grid.addWidget(self.screens, rows, 1, 1, 3)
        grid.addWidget(self.read_button, rows + 1, 0, 1, 4)
        grid.setRowStretch(rows + 2, 1)  # the counts stay together at the top
        self._reading: Any = None  # the window's OcrFlow, set by the window
        row.addWidget(self.counts_box)

        self.rules_box = QGroupBox()
        rules_layout = QVBoxLayout(self.rules_box)
        self.rules = QTableWidget(0, 4)
        self.rules.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rules.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rules.verticalHeader().setVisible(False)
        header = self.rules.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column_, width in ((0, 80), (2, 80), (3, 110)):
            self.rules.setColumnWidth(column_, width)
        self.rules.setWordWrap(True)
        self.rules.cellActivated.connect(self._open_rule)
        self.rules.cellDoubleClicked.connect(self._open_rule)
        rules_layout.addWidget(self.rules)
        self.rules_hint = QLabel()
        self.rules_hint.setWordWrap(True)
        self.rules_hint.setObjectName("hint")
        rules_layout.addWidget(self.rules_hint)
        row.addWidget(self.rules_box, 1)
        column.addLayout(row, 1)

        self.calendar_box = QGroupBox()
        chart_layout = QVBoxLayout(self.calendar_box)
        self.bars = CallBars()
        scroll = QScrollArea()
        scroll.setWidget(self.bars)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedHeight(self.bars.sizeHint().height() + 18)
        chart_layout.addWidget(scroll)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        chart_layout.addWidget(self.legend)
        column.addWidget(self.calendar_box)

        self.body = QStackedWidget()
        self.body.addWidget(self.start)
        # on a small screen with a banner shown the page scrolls; its boxes never overlap
        page_scroll = QScrollArea()
        page_scroll.setWidget(content)
        page_scroll.setWidgetResizable(True)
        page_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(page_scroll)
        self.content = page_scroll
        self.layout_.addWidget(self.body, 1)
        self._rule_ids: list[str] = []
        self._facts: dict[str, Any] | None = None
        self.retranslate()

    def refresh(self) -> None:
        if self.session.case is None:
            return
        from evidence_logger.overview_facts import overview

        lang = text_lang()
        self.reads.read(lambda case: overview(case, lang), self._loaded)  # big: on a worker

    def _loaded(self, data: dict[str, Any]) -> None:
        facts = data["facts"]
        empty = not facts["evidence"] and not self.session.read_only
        self.body.setCurrentWidget(self.start if empty else self.content)
        for key, (_, value) in self.count_labels.items():
            value.setText(str(facts[key]))
        self.bars.set_data(data["per_creditor"], data["limit"])
        self.legend.setText(self._legend())
        self._facts = facts
        self.show_findings()
        self.show_screenshots()
        self.silence.show_text(data["silence"])

    def show_findings(self) -> None:
        """The findings by rule and the next step, or that they are being recomputed."""
        from evidence_logger.rules.counting import FindingList, counted, events_per_rule

        found = self.session.findings()
        findings = counted(found or [])  # notes are not findings
        self._fill_rules(findings, found.events_per_rule if isinstance(found, FindingList)
                         else events_per_rule(findings))
        waiting = findings_state(self.session)
        self.rules_hint.setText(waiting or self._rules_hint())
        if self._facts is not None:
            self._next_step(self._facts, None if found is None else len(findings))

    def findings_arrived(self) -> None:
        if self.isVisible() and self._facts is not None:
            self.show_findings()
        else:
            self._stale = True  # read again when next shown

    def _fill_rules(self, findings: list, events: dict[str, int]) -> None:
        """One row per rule: severity, title, findings, distinct calls and messages."""
        lang = text_lang()
        per_rule: dict[str, list] = {}
        for finding in findings:
            per_rule.setdefault(finding.rule.id, []).append(finding)
        self._rule_ids = sorted(per_rule, key=lambda r: (
            SEVERITY_ORDER.get(per_rule[r][0].severity, 9), r))
        self.rules.setRowCount(len(self._rule_ids))
        for row, rule_id in enumerate(self._rule_ids):
            found = per_rule[rule_id]
            severity = min((f.severity for f in found), key=lambda s: SEVERITY_ORDER.get(s, 9))
            cells = (tr(severity), found[0].rule.text("title", lang), str(len(found)),
                     str(events.get(rule_id, 0)))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setForeground(QColor(SEVERITY_COLOURS.get(severity, "#000000")))
                    item.setBackground(QColor(SEVERITY_BACKGROUNDS.get(severity, "#ffffff")))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.rules.setItem(row, column, item)
        self.rules.resizeRowsToContents()

    @staticmethod
    def _rules_hint() -> str:
        return tr("A finding is one rule broken on one day by one creditor (or to one person). "
                  "Double-click a rule to see them.")

    def _legend(self) -> str:
        names = [f"<span style='color:{self.bars.colour(c).name()}'>■</span> {escape(c)}"
                 for c in self.bars.creditors()]
        limit = self.bars._limit
        said = tr("Incoming calls from marked collectors on your own phone, per day and "
                  "creditor. The red dashed line is the daily limit ({count} calls); pale bars "
                  "are within it.", count=limit) if limit is not None else tr(
            "Incoming calls from marked collectors on your own phone, per day and creditor.")
        return ("&nbsp;&nbsp;".join(names) + "<br>" if names else "") + escape(said)

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
        facts = self._facts
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

    def _next_step(self, facts: dict, findings: int | None) -> None:
        """``findings``: how many, or None while they are being recomputed."""
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
        elif findings is None:
            text = tr(RECOMPUTING)
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
        self.start.retranslate()
        self.counts_box.setTitle(tr("The case holds"))
        for key, label in COUNTS:
            self.count_labels[key][0].setText(tr(label))
        self.screens_name.setText(tr("Screenshots' text"))
        self.screens.setAccessibleName(tr("Screenshots' text"))
        self.read_button.setText(tr("Read them now"))
        self.read_button.setAccessibleName(tr("Read the screenshots not read yet"))
        self.rules_box.setTitle(tr("Findings by rule"))
        self.rules.setHorizontalHeaderLabels([tr("Severity"), tr("Rule"), tr("Findings"),
                                              tr("Calls and messages")])
        self.calendar_box.setTitle(tr("Collection calls per day, by creditor"))
        self.rules.setAccessibleName(tr("Findings by rule"))
        self.bars.setAccessibleName(tr("Collection calls per day, by creditor"))
        self.reload()
