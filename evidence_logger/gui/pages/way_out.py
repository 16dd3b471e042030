"""Way out: the negotiation record with its letters, the repayment plan (table, chart, PDF)
and scam warnings, one tab each. Everything is computed by :mod:`evidence_logger.way_out`;
changes go through the session; a case opened from a bundle cannot be changed."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.errors import UserFacingError
from evidence_logger.gui.labels import sentence
from evidence_logger.gui.models.way_out import (
    CHANNELS,
    NegotiationsModel,
    PlanModel,
    WarningsModel,
)
from evidence_logger.gui.pages.base import Page
from evidence_logger.gui.plan_chart import PlanChart
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, current_language, tr
from evidence_logger.way_out.letters import KINDS as LETTER_KINDS
from evidence_logger.way_out.negotiations import CHANNELS as CHANNEL_CODES

log = logging.getLogger(__name__)


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    return label


class WayOutPage(Page):
    """Signals: ``evidence_requested(str)`` (unused here; every page may offer it)."""

    title = N_("Way out")
    icon = "way-out"
    evidence_requested = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.layout_.addWidget(self.intro)
        self.tabs = QTabWidget()
        self.layout_.addWidget(self.tabs, 1)
        self.tabs.addTab(self._negotiations_tab(), "")
        self.tabs.addTab(self._plan_tab(), "")
        self.tabs.addTab(self._warnings_tab(), "")
        self.retranslate()

    # -- building -------------------------------------------------------------------------

    def _negotiations_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.negotiations = NegotiationsModel(self)
        self.negotiations_view = _table(self.negotiations)
        layout.addWidget(self.negotiations_view, 1)
        form_row = QHBoxLayout()
        form = QFormLayout()
        self.n_platform = QComboBox()
        self.n_platform.setEditable(True)
        self.n_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.n_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.n_at.setCalendarPopup(True)
        self.n_channel = QComboBox()
        self.n_with = QLineEdit()
        self.n_asked = QLineEdit()
        self.n_offered = QLineEdit()
        self.n_outcome = QLineEdit()
        self.n_events = QLineEdit()
        self.n_error = _error_label()
        self.n_add = QPushButton()
        self.n_add.clicked.connect(self.add_negotiation)
        self.n_labels = [QLabel() for _ in range(8)]
        for label, widget in zip(self.n_labels, (self.n_platform, self.n_at, self.n_channel,
                                                 self.n_with, self.n_asked, self.n_offered,
                                                 self.n_outcome, self.n_events), strict=True):
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.n_error)
        form.addRow(self.n_add)
        form_row.addLayout(form, 1)
        letters = QVBoxLayout()
        pick = QHBoxLayout()
        self.l_debt = QComboBox()
        self.l_kind = QComboBox()
        self.l_write = QPushButton()
        self.l_write.clicked.connect(self.write_letter)
        pick.addWidget(self.l_debt, 1)
        pick.addWidget(self.l_kind, 1)
        pick.addWidget(self.l_write)
        letters.addLayout(pick)
        self.letter = QPlainTextEdit()
        self.letter.setReadOnly(True)
        letters.addWidget(self.letter, 1)
        self.l_pdf = QPushButton()
        self.l_pdf.clicked.connect(lambda: self.export_letter())
        self.l_error = _error_label()
        save_row = QHBoxLayout()
        save_row.addWidget(self.l_error, 1)
        save_row.addWidget(self.l_pdf)
        letters.addLayout(save_row)
        quiet = QHBoxLayout()
        self.silence_label = QLabel()
        self.silence_days = QSpinBox()
        self.silence_days.setRange(1, 3650)
        self.silence_days.editingFinished.connect(self.save_silence_days)
        self.silence_label.setBuddy(self.silence_days)
        quiet.addWidget(self.silence_label)
        quiet.addWidget(self.silence_days)
        quiet.addStretch(1)
        letters.addLayout(quiet)
        form_row.addLayout(letters, 1)
        layout.addLayout(form_row)
        return tab

    def _plan_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        form = QFormLayout()
        self.income = QLineEdit()
        self.expenses = QLineEdit()
        self.hardship = QLineEdit()
        self.p_labels = [QLabel() for _ in range(3)]
        for label, widget in zip(self.p_labels, (self.income, self.expenses, self.hardship),
                                 strict=True):
            label.setBuddy(widget)
            form.addRow(label, widget)
            widget.returnPressed.connect(self.save_budget)
        buttons = QHBoxLayout()
        self.p_save = QPushButton()
        self.p_save.clicked.connect(self.save_budget)
        self.p_export = QPushButton()
        self.p_export.clicked.connect(self.export_plan)
        buttons.addWidget(self.p_save)
        buttons.addWidget(self.p_export)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.p_error = _error_label()
        form.addRow(self.p_error)
        self.left = QLabel()
        self.left.setWordWrap(True)
        form.addRow(self.left)
        layout.addLayout(form)
        self.plan_model = PlanModel(self)
        self.plan_view = _table(self.plan_model)
        layout.addWidget(self.plan_view, 1)
        self.chart = PlanChart()
        layout.addWidget(self.chart, 1)
        self.plan_note = QLabel()
        self.plan_note.setWordWrap(True)
        layout.addWidget(self.plan_note)
        return tab

    def _warnings_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.warnings_intro = QLabel()
        self.warnings_intro.setWordWrap(True)
        layout.addWidget(self.warnings_intro)
        self.warnings = WarningsModel(self)
        self.warnings_view = _table(self.warnings)
        self.warnings_view.horizontalHeader().setSectionResizeMode(
            4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.warnings_view, 1)
        return tab

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        from evidence_logger.way_out.budget import budget
        from evidence_logger.way_out.negotiations import list_negotiations
        from evidence_logger.way_out.plan import make_plan
        from evidence_logger.way_out.priority import ranked_debts
        from evidence_logger.way_out.scams import warnings

        case = self.session.case
        writable = case is not None and not self.session.read_only
        for widget in (self.n_add, self.p_save, self.silence_days, self.income, self.expenses,
                       self.hardship):
            widget.setEnabled(writable)
        if case is None:
            self.negotiations.load([])
            self.plan_model.load(None)
            self.chart.set_plan(None)
            self.warnings.load([])
            return
        self.negotiations.load(list_negotiations(case.db, case.tz))
        debts = ranked_debts(case.db)
        now = budget(case.db)
        plan = make_plan(now, debts)
        self._plan = plan
        self.plan_model.load(plan)
        self.chart.set_plan(plan)
        self.reads.read(lambda case: warnings(case.db), self.warnings.load)  # big: a worker
        for field, value in ((self.income, now.income), (self.expenses, now.expenses),
                             (self.hardship, now.hardship)):
            if not field.hasFocus():
                field.setText("" if value is None else str(value))
        self.silence_days.setValue(now.silence_days)
        platforms = list(dict.fromkeys(d.debt["platform"] for d in debts))
        typed = self.n_platform.currentText()
        self.n_platform.clear()
        self.n_platform.addItems(platforms)
        self.n_platform.setCurrentText(typed or (platforms[0] if platforms else ""))
        chosen = self.l_debt.currentData()
        self.l_debt.clear()
        for d in debts:
            self.l_debt.addItem(f"{d.rank}. {d.debt['platform']}", d.debt["id"])
        self.l_debt.setCurrentIndex(max(self.l_debt.findData(chosen), 0))
        self._show_left()
        for view in (self.negotiations_view, self.plan_view, self.warnings_view):
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount()):  # long text wraps
                view.setColumnWidth(column, min(view.columnWidth(column), 300))
            view.resizeRowsToContents()
        self.tabs.setTabText(2, tr("Scam warnings ({count})", count=self.warnings.rowCount()))

    def _show_left(self) -> None:
        plan = getattr(self, "_plan", None)
        if plan is None or not plan.ready:
            self.left.setText(tr("Enter your monthly income and essential expenses."))
            return
        months = plan.months
        self.left.setText(tr("{left} a month is left for the debts; all cleared in {months} "
                             "months.", left=f"{plan.left:,.2f}",
                             months=months if months is not None else tr("more than 600")))

    # -- changing -------------------------------------------------------------------------

    def add_negotiation(self) -> int | None:
        """Record the negotiation in the form; returns its id, or None when a field is wrong."""
        from evidence_logger.way_out.negotiations import parse_event_ids

        self.n_error.clear()
        if self.session.case is None or self.session.read_only:
            return None
        try:
            negotiation_id = self.session.add_negotiation(
                platform=self.n_platform.currentText(),
                at_ms=self.n_at.dateTime().toMSecsSinceEpoch(),
                channel=self.n_channel.currentData(), asked=self.n_asked.text(),
                offered=self.n_offered.text(), outcome=self.n_outcome.text(),
                counterpart=self.n_with.text(),
                event_ids=parse_event_ids(self.n_events.text()))
        except UserFacingError as error:
            self.n_error.setText(sentence(error))
            return None
        for widget in (self.n_with, self.n_asked, self.n_offered, self.n_outcome,
                       self.n_events):
            widget.clear()
        return negotiation_id

    def write_letter(self) -> str:
        """Show the chosen letter for the chosen debt; returns its text."""
        made = self._letter()
        if made is None:
            return ""
        text = "\n\n".join([made["title"], *made["paragraphs"]])
        if made["rule"]:
            text += "\n\n" + tr("Status of the source") + ": " + made["rule"]["status"] + ". " \
                + made["rule"]["status_note"]
        self.letter.setPlainText(text)
        return text

    def _letter(self) -> dict[str, Any] | None:
        """The chosen letter for the chosen debt (None: no case or no debt chosen)."""
        from evidence_logger.way_out.budget import budget
        from evidence_logger.way_out.letters import letter
        from evidence_logger.way_out.plan import make_plan
        from evidence_logger.way_out.priority import ranked_debts

        case = self.session.case
        if case is None or self.l_debt.currentData() is None:
            return None
        debts = ranked_debts(case.db)
        target = next(d for d in debts if d.debt["id"] == self.l_debt.currentData())
        return letter(self.l_kind.currentData(), target, make_plan(budget(case.db), debts),
                      budget(case.db), current_language())

    def save_budget(self) -> bool:
        self.p_error.clear()
        if self.session.case is None or self.session.read_only:
            return False
        try:
            self.session.set_budget(income=self.income.text() or None,
                                    expenses=self.expenses.text() or None,
                                    hardship=self.hardship.text())
        except UserFacingError as error:
            self.p_error.setText(sentence(error))
            return False
        return True

    def save_silence_days(self) -> None:
        case = self.session.case
        if case is None or self.session.read_only:
            return
        from evidence_logger.way_out.budget import budget

        if budget(case.db).silence_days != self.silence_days.value():
            self.session.set_budget(silence_days=self.silence_days.value())

    def export_plan(self, path: Path | None = None) -> Path | None:
        """Write the plan PDF (asks where when ``path`` is None)."""
        case = self.session.case
        if case is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, tr("Save the repayment plan"),
                                                    tr("repayment-plan.pdf"), "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        from evidence_logger.report.plan_pdf import build_plan_pdf

        try:
            return build_plan_pdf(case, path, lang=current_language().short)
        except (OSError, UserFacingError) as error:
            self.p_error.setText(sentence(error))
            return None

    def export_letter(self, path: Path | None = None) -> Path | None:
        """Write the chosen letter as a PDF to print, sign and send (asks where when ``path``
        is None)."""
        self.l_error.clear()
        made = self._letter()
        if made is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, tr("Save the letter"),
                                                    tr("letter.pdf"), "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        from evidence_logger.report.letter_pdf import write_letter_pdf

        case = self.session.case
        try:
            return write_letter_pdf(made, path, lang=current_language().short,
                                    sample=case is not None and case.sample)
        except (OSError, UserFacingError) as error:
            self.l_error.setText(sentence(error))
            return None

    def select(self, sha256: str) -> None:
        """Nothing here is shown by original."""

    # -- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(tr(
            "The way out of debt: deal first with the debts reported to the credit reference "
            "centre and the licensed lenders (the Debts page puts them in order), ask each "
            "creditor for instalments or a waiver and record it here, plan repayment from "
            "your real income without borrowing to repay, and never go silent."))
        for i, text in enumerate((N_("Negotiations (协商记录)"), N_("Repayment plan"))):
            self.tabs.setTabText(i, tr(text))
        self.tabs.setTabText(2, tr("Scam warnings ({count})", count=self.warnings.rowCount()))
        for label, text in zip(self.n_labels, (
                N_("Creditor:"), N_("When:"), N_("Channel:"), N_("With whom:"),
                N_("Asked for:"), N_("Offered:"), N_("Outcome:"), N_("Shown by events:")),
                strict=True):
            label.setText(tr(text))
            label.buddy().setAccessibleName(tr(text).rstrip(":："))
        chosen = self.n_channel.currentData() or "call"
        self.n_channel.clear()
        for code in CHANNEL_CODES:
            self.n_channel.addItem(tr(CHANNELS[code]), code)
        self.n_channel.setCurrentIndex(max(self.n_channel.findData(chosen), 0))
        self.n_asked.setPlaceholderText(tr("instalments, a stop of interest, a waiver of "
                                           "penalties"))
        self.n_events.setPlaceholderText(tr("event numbers from the Timeline, e.g. 12, 15"))
        self.n_add.setText(tr("Add negotiation"))
        kind = self.l_kind.currentData() or "instalments"
        self.l_kind.clear()
        for code, text in LETTER_KINDS.items():
            self.l_kind.addItem(tr(text), code)
        self.l_kind.setCurrentIndex(max(self.l_kind.findData(kind), 0))
        self.l_write.setText(tr("Write the letter"))
        self.l_pdf.setText(tr("Save as PDF…"))
        self.l_debt.setAccessibleName(tr("Debt"))
        self.l_kind.setAccessibleName(tr("Letter"))
        self.letter.setAccessibleName(tr("Letter"))
        self.silence_label.setText(tr("Warn when a creditor has not heard from me for (days):"))
        for label, text in zip(self.p_labels, (N_("Monthly income:"),
                                               N_("Essential expenses a month:"),
                                               N_("Why you cannot pay as agreed:")),
                               strict=True):
            label.setText(tr(text))
            label.buddy().setAccessibleName(tr(text).rstrip(":："))
        self.p_save.setText(tr("Save"))
        self.p_export.setText(tr("Export the plan (PDF)…"))
        self.plan_note.setText(tr(
            "The plan offers each debt a twelfth of what it still owes each month, in the "
            "order of the Debts page, as far as the money goes; the rest goes to the first "
            "debts. It assumes interest and penalties stop while it runs, which the letters "
            "ask for. The PDF carries none of the harassment evidence."))
        self.warnings_intro.setText(tr(
            "Warnings for you, apart from the collectors' violations: offers to repair a "
            "credit record, to \"optimise\" debts or arrange 停息挂账 for a fee are likely "
            "scams; never sign a promise letter or give up your defences without asking a "
            "lawyer."))
        self._show_left()
        for model in (self.negotiations, self.plan_model, self.warnings):
            model.retranslate()
