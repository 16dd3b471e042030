"""Debts: what the borrower says they borrowed, each rate checked against the legal cap
(4 x the one-year LPR at the contract date), and a form to add one. Debts are the borrower's
own statements, and the page says so; a case opened from a bundle cannot be changed."""

from __future__ import annotations

import logging

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from evidence_logger.debts import LENDER_TYPES, DebtError
from evidence_logger.gui.models.debts import DebtsModel
from evidence_logger.gui.pages.base import Page, empty_state
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, tr
from evidence_logger.interest import LENDER_NAMES

log = logging.getLogger(__name__)
NO_DATE = QDate(1900, 1, 1)

FIELD_WORDS = {"principal": N_("The principal"), "annual-rate": N_("The annual rate")}


FIELDS = {"platform": "platform", "principal": "principal", "annual_rate": "rate",
          "contract_date": "date", "lender_type": "lender"}  # add_debt argument -> form key


def _field_of(error: DebtError) -> str:
    """Which form field a DebtError is about."""
    return FIELDS.get(error.field, "platform")


class DebtsPage(Page):
    """The debts table, its empty state and the add-debt form.

    Signals: ``evidence_requested(str)`` (unused here; every page may offer it)."""

    title = N_("Debts")
    icon = "debts"
    evidence_requested = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.model = DebtsModel(self)
        self.statement = QLabel()
        self.statement.setWordWrap(True)
        self.layout_.addWidget(self.statement)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.empty = empty_state("")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.stack, 1)
        self.form_box = QGroupBox()
        self._make_form()
        self.layout_.addWidget(self.form_box)
        self.retranslate()

    def _make_form(self) -> None:
        form = QFormLayout(self.form_box)
        self.platform = QLineEdit()
        self.principal = QLineEdit()
        self.rate = QLineEdit()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(NO_DATE)  # the lowest date stands for "not known"
        self.date.setDate(NO_DATE)
        self.lender = QComboBox()
        self.note = QLineEdit()
        self.add_button = QPushButton()
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.submit)
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        for key, widget in (("platform", self.platform), ("principal", self.principal),
                            ("rate", self.rate), ("date", self.date), ("lender", self.lender),
                            ("note", self.note)):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(widget, 1)
            error = QLabel()
            error.setObjectName("error")
            error.setWordWrap(True)
            line.addWidget(error, 2)
            self.errors[key] = error
            self.labels[key] = QLabel()
            self.labels[key].setBuddy(widget)
            form.addRow(self.labels[key], row)
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        for first, second in ((self.platform, self.principal), (self.principal, self.rate),
                              (self.rate, self.date), (self.date, self.lender),
                              (self.lender, self.note), (self.note, self.add_button)):
            QWidget.setTabOrder(first, second)

    def refresh(self) -> None:
        case = self.session.case
        if case is None:
            self.model.load(None)
        else:
            self.model.load(case, self.session.profile(), self.session.findings())
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self.table.resizeColumnsToContents()
        self.form_box.setEnabled(case is not None and not self.session.read_only)

    def submit(self) -> int | None:
        """Add the debt in the form; returns its id, or None when a field is wrong."""
        for label in self.errors.values():
            label.clear()
        if self.session.case is None or self.session.read_only:
            return None
        try:
            debt_id = self.session.add_debt(
                platform=self.platform.text(), principal=self.principal.text(),
                annual_rate=self.rate.text(),
                contract_date=None if self.date.date() == NO_DATE
                else self.date.date().toString("yyyy-MM-dd"),
                lender_type=self.lender.currentData(), note=self.note.text().strip() or None)
        except DebtError as error:
            key = _field_of(error)
            params = dict(error.params)
            if "what" in params:
                params["what"] = FIELD_WORDS.get(str(params["what"]), params["what"])
            self.errors[key].setText(tr(error.template, **params))
            {"date": self.date, "lender": self.lender}.get(key, getattr(self, key)).setFocus()
            return None
        log.info("debt %s added", debt_id)
        for widget in (self.platform, self.principal, self.rate, self.note):
            widget.clear()
        self.platform.setFocus()
        return debt_id

    def select(self, sha256: str) -> None:
        """Debts have no originals; nothing to show."""

    def retranslate(self) -> None:
        super().retranslate()
        self.statement.setText(tr(
            "These debts are your own statements (借款人陈述): the app has not seen the "
            "contracts. Each annual rate is compared with 4 x the one-year LPR in force on the "
            "contract date; banks and consumer-finance companies are licensed, so that cap "
            "does not apply to them."))
        self.empty.setText(tr(
            "No debts yet. Add each loan below: a court does not enforce interest above 4 x "
            "the one-year LPR, so a rate above it is evidence that the lender overcharged."))
        self.table.setAccessibleName(tr("Debts"))
        self.form_box.setTitle(tr("Add a debt"))
        self.date.setSpecialValueText(tr("not known"))
        for key, text in (("platform", N_("Platform or lender:")), ("principal", N_("Principal:")),
                          ("rate", N_("Annual rate (%):")), ("date", N_("Contract date:")),
                          ("lender", N_("Lender type:")), ("note", N_("Note:"))):
            self.labels[key].setText(tr(text))
            widget = self.labels[key].buddy()
            widget.setAccessibleName(tr(text).rstrip(":："))
        self.platform.setPlaceholderText(tr("e.g. the app's name"))
        self.principal.setPlaceholderText(tr("e.g. 5000"))
        self.rate.setPlaceholderText(tr("e.g. 24"))
        chosen = self.lender.currentData() or "platform"
        self.lender.clear()
        for code in LENDER_TYPES:
            self.lender.addItem(tr(LENDER_NAMES[code]), code)
        self.lender.setCurrentIndex(max(self.lender.findData(chosen), 0))
        self.add_button.setText(tr("Add debt"))
        self.add_button.setAccessibleName(tr("Add debt"))
        self.model.retranslate()
