"""The timeline: every call and message, with filters (kind, role, platform, number, dates,
text), sorting by any column, and a count of what is shown."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
)

from evidence_logger.gui.case_reader import READING
from evidence_logger.gui.labels import KIND_LABELS, ROLE_LABELS
from evidence_logger.gui.models.events import EventFilter, EventsModel
from evidence_logger.gui.pages.base import Page, empty_state
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, tr

NO_DATE = QDate(2000, 1, 1)


class TimelinePage(Page):
    title = N_("Timeline")
    icon = "timeline"

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.model = EventsModel(self)
        self._ids: frozenset[int] | None = None

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.role = QComboBox()
        self.platform = QComboBox()
        self.start, self.end = self._date_edit(), self._date_edit()
        self.clear = QPushButton()
        self.clear.clicked.connect(self.clear_filters)
        self.start_label, self.end_label = QLabel(), QLabel()
        for widget in (self.search, self.kind, self.role, self.platform, self.start_label,
                       self.start, self.end_label, self.end, self.clear):
            bar.addWidget(widget)
        bar.setStretch(0, 1)
        self.layout_.addLayout(bar)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((150, 60, 60, 130, 170, 80)):
            self.table.setColumnWidth(column, width)
        self.empty = empty_state("")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.stack, 1)
        self.count = QLabel()
        self.layout_.addWidget(self.count)

        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.kind, self.role, self.platform):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.start.dateChanged.connect(self.apply_filter)
        self.end.dateChanged.connect(self.apply_filter)
        session.opened.connect(self._case_opened)
        self.retranslate()

    def _case_opened(self) -> None:
        """Another case: its events share no ids with the last one's, so no filter carries."""
        self._ids = None
        self.clear_filters()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setDate(NO_DATE)
        return edit

    # -- filters ------------------------------------------------------------------------

    def current_filter(self) -> EventFilter:
        def day(edit: QDateEdit) -> date | None:
            return None if edit.date() == NO_DATE else edit.date().toPython()  # type: ignore[return-value]

        return EventFilter(kind=self.kind.currentData() or "", role=self.role.currentData() or "",
                           platform=self.platform.currentData() or "",
                           text=self.search.text().strip(), start=day(self.start),
                           end=day(self.end), ids=self._ids)

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_count()

    def clear_filters(self) -> None:
        self._ids = None
        for widget in (self.search, self.kind, self.role, self.platform, self.start, self.end):
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.kind, self.role, self.platform):
            combo.setCurrentIndex(0)
        self.start.setDate(NO_DATE)
        self.end.setDate(NO_DATE)
        for widget in (self.search, self.kind, self.role, self.platform, self.start, self.end):
            widget.blockSignals(False)
        self.apply_filter()

    def show_events(self, ids: list[int]) -> None:
        """Show only these events (a finding's), clearing the other filters."""
        self.clear_filters()
        self._ids = frozenset(ids)
        self.apply_filter()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        text = tr("{shown} of {total} events", shown=shown, total=total)
        if self._ids is not None:
            text += " · " + tr("only the events of one finding")
        self.count.setText(text)
        self.stack.setCurrentWidget(self.table if total else self.empty)

    # -- hooks --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.session.case is None:
            self._loaded(None)
            return
        self.reads.read(EventsModel.read, self._loaded)  # a big case: on a worker
        if self.reads.busy:
            self.count.setText(tr(READING))

    def _loaded(self, data: tuple | None) -> None:
        self.model.show(data)
        self._fill_platforms()
        self._update_count()

    def _fill_platforms(self) -> None:
        chosen = self.platform.currentData()
        self.platform.blockSignals(True)
        self.platform.clear()
        self.platform.addItem(tr("All platforms"), "")
        for name in self.model.platforms():
            self.platform.addItem(name, name)
        index = self.platform.findData(chosen)
        self.platform.setCurrentIndex(max(index, 0))
        self.platform.blockSignals(False)

    def retranslate(self) -> None:
        super().retranslate()
        self.search.setPlaceholderText(tr("Search text, numbers, names, what was said in calls…"))
        self.search.setAccessibleName(tr("Search the timeline"))
        for combo, first, labels in ((self.kind, N_("All kinds"), KIND_LABELS),
                                     (self.role, N_("Everyone"), ROLE_LABELS)):
            chosen = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr(first), "")
            for code, label in labels.items():
                combo.addItem(tr(label), code)
            combo.setCurrentIndex(max(chosen, 0))
            combo.blockSignals(False)
        self.kind.setAccessibleName(tr("Kind of event"))
        self.role.setAccessibleName(tr("Who"))
        self.platform.setAccessibleName(tr("Platform"))
        self.start_label.setText(tr("From"))
        self.end_label.setText(tr("to"))
        for edit in (self.start, self.end):
            edit.setSpecialValueText(tr("any day"))
        self.start.setAccessibleName(tr("First day shown"))
        self.end.setAccessibleName(tr("Last day shown"))
        self.clear.setText(tr("Clear filters"))
        self.empty.setText(tr("No calls or messages yet. Drag the files from your phone onto "
                              "this window, or choose File ▸ Import files."))
        self._fill_platforms()
        self.model.retranslate()
        self._update_count()
