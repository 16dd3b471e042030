"""Parties: say who is who. Select many numbers at once and mark them as a platform's
collectors, as third parties (a relative, an employer) or as unknown; numbers that look like
collectors come first, with one action that marks them all. Beside the list, the selected
number's latest messages and recordings. Every change goes into the custody log and can be
undone.

Signals: ``evidence_requested(str)``: a recording to open on the Evidence page.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
)

from evidence_logger.gui.labels import ROLE_LABELS
from evidence_logger.gui.models.parties import NUMBER_ROLE, PartiesModel
from evidence_logger.gui.pages.base import Page, empty_state
from evidence_logger.gui.party_activity_view import PartyActivity
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, tr

RELATIONS = (N_("mother"), N_("father"), N_("spouse"), N_("child"), N_("sibling"),
             N_("relative"), N_("employer"), N_("colleague"), N_("friend"))


class SetRoles(QUndoCommand):
    """Setting the role of some numbers; undo puts back what each had."""

    def __init__(self, session: Session, before: list[dict], role: str, platform: str | None,
                 relation: str | None) -> None:
        super().__init__(tr("mark {count} number(s)", count=len(before)))
        self.session = session
        self.before = before
        self.change = (role, platform, relation)

    def redo(self) -> None:
        role, platform, relation = self.change
        self.session.set_parties([p["number"] for p in self.before], role=role,
                                 platform=platform, relation=relation)

    def undo(self) -> None:
        self.session.restore_parties(self.before)


class PartiesPage(Page):
    title = N_("Parties")
    icon = "parties"
    evidence_requested = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.model = PartiesModel(self)
        self.undo_stack = QUndoStack(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.only_suggested = QCheckBox()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.only_suggested)
        self.layout_.addLayout(bar)
        self.suggest_box = QGroupBox()
        self.suggest_box.setObjectName("suggestBox")
        suggest = QHBoxLayout(self.suggest_box)
        self.suggest_text = QLabel()
        self.suggest_text.setWordWrap(True)
        self.suggest_platform = QComboBox()
        self.suggest_platform.setEditable(True)
        self.suggest_platform.setMinimumWidth(150)
        self.mark_all = QPushButton()
        self.mark_all.clicked.connect(self.mark_suggested)
        suggest.addWidget(self.suggest_text, 1)
        suggest.addWidget(self.suggest_platform)
        suggest.addWidget(self.mark_all)
        self.layout_.addWidget(self.suggest_box)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.layout_.addWidget(self.hint)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 125), (1, 105), (3, 80), (4, 50), (5, 55), (6, 85), (7, 85)):
            self.table.setColumnWidth(column, width)
        self.activity = PartyActivity()
        self.activity.evidence_requested.connect(self.evidence_requested)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.activity)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([640, 360])
        self.empty = empty_state("")
        self.stack = QStackedWidget()
        self.stack.addWidget(split)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.stack, 1)

        self.editor = QGroupBox()
        row = QHBoxLayout(self.editor)
        self.role = QComboBox()
        self.detail = QComboBox()
        self.detail.setEditable(True)
        self.detail.setMinimumWidth(180)
        self.apply = QPushButton()
        self.undo = QPushButton()
        self.undo.clicked.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo.setEnabled)
        self.undo.setEnabled(False)
        self.detail_label = QLabel()
        self.role_label = QLabel()
        for widget in (self.role_label, self.role, self.detail_label, self.detail, self.apply,
                       self.undo):
            row.addWidget(widget)
        row.addStretch(1)
        self.layout_.addWidget(self.editor)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.undo_stack.redo)

        self.apply.clicked.connect(self.apply_to_selection)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self._filter)
        self.search.textChanged.connect(self._debounce.start)
        self.only_suggested.toggled.connect(self._filter)
        self.session.opened.connect(self.undo_stack.clear)
        self.retranslate()

    def _filter(self) -> None:
        self.model.set_filter(self.search.text(), self.only_suggested.isChecked())

    def refresh(self) -> None:
        if self.session.case is None:
            self._loaded(None)
        else:
            self.reads.read(PartiesModel.read, self._loaded)  # a big case: on a worker

    def _loaded(self, data: tuple | None) -> None:
        self.model.show(data)
        self.stack.setCurrentIndex(0 if self.model.rowCount() or self.search.text() else 1)
        self.editor.setEnabled(not self.session.read_only)
        self._show_suggested()
        self._role_changed()
        self._selection_changed()

    def selected_numbers(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.party(r)["number"] for r in rows]

    def select_numbers(self, numbers: list[str]) -> None:
        """Select these numbers in the table (for tests and for links from other pages)."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(NUMBER_ROLE) in numbers:
                selection.select(self.model.index(row, 0),
                                 self.model.index(row, self.model.columnCount() - 1))
        self.table.selectionModel().select(selection,
                                           QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _show_suggested(self) -> None:
        count = len(self.model.suggested_parties())
        self.suggest_box.setVisible(count > 0 and not self.session.read_only)
        self.suggest_text.setText(tr(
            "{count} number(s) look like collectors: not in your contacts, and each called you "
            "3 times or more. They are listed first.", count=count))
        self.mark_all.setText(tr("Mark all {count} as collectors", count=count))
        typed = self.suggest_platform.currentText()
        self.suggest_platform.clear()
        self.suggest_platform.addItems(self.model.platforms())
        self.suggest_platform.setEditText(typed)

    def mark_suggested(self) -> None:
        """Mark every likely collector as a collector (of the platform typed, if any)."""
        before = [dict(p) for p in self.model.suggested_parties()]
        if not before or self.session.read_only:
            return
        platform = self.suggest_platform.currentText().strip() or None
        self.undo_stack.push(SetRoles(self.session, before, "collector", platform, None))

    def _selection_changed(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        current = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        row = current.row() if current.isValid() and count else rows[0].row() if rows else -1
        if 0 <= row < self.model.rowCount():
            number = self.model.party(row)["number"]
            self.activity.show_number(self.session.case, number, self.model.shown(number))
        else:
            self.activity.show_number(None, None, "")
        self.apply.setEnabled(count > 0 and not self.session.read_only)
        self.apply.setText(tr("Apply to {count} selected", count=count))

    def _role_changed(self) -> None:
        role = self.role.currentData()
        self.detail.clear()
        if role == "collector":
            self.detail_label.setText(tr("Platform:"))
            self.detail.addItems(self.model.platforms())
            self.detail.setEditText("")
            editor = self.detail.lineEdit()
            assert editor is not None  # the combo box is editable
            editor.setPlaceholderText(tr("e.g. the app's name"))
        elif role == "third-party":
            self.detail_label.setText(tr("Relation:"))
            self.detail.addItems([tr(r) for r in RELATIONS] + [
                r for r in self.model.relations() if r not in {tr(x) for x in RELATIONS}])
        visible = role in ("collector", "third-party")
        self.detail.setVisible(visible)
        self.detail_label.setVisible(visible)

    def apply_to_selection(self) -> None:
        numbers = set(self.selected_numbers())
        if not numbers or self.session.read_only:
            return
        role = self.role.currentData()
        text = self.detail.currentText().strip() or None
        before = [dict(p) for p in self.model._all if p["number"] in numbers]
        self.undo_stack.push(SetRoles(self.session, before, role,
                                      text if role == "collector" else None,
                                      text if role == "third-party" else None))

    def retranslate(self) -> None:
        super().retranslate()
        self.search.setPlaceholderText(tr("Search numbers, names, platforms…"))
        self.search.setAccessibleName(tr("Search the parties"))
        self.only_suggested.setText(tr("Only suggested collectors"))
        self.hint.setText(tr("Select one or more numbers (Ctrl or Shift + click), choose what "
                             "they are, then Apply. The rules count a collector's calls per "
                             "platform; calls from collectors to third parties are banned."))
        self.editor.setTitle(tr("Mark the selected numbers"))
        self.role_label.setText(tr("They are:"))
        chosen = self.role.currentData() or "collector"
        self.role.blockSignals(True)
        self.role.clear()
        for code in ("collector", "third-party", "unknown"):
            self.role.addItem(tr(ROLE_LABELS[code]), code)
        self.role.setCurrentIndex(max(self.role.findData(chosen), 0))
        self.role.blockSignals(False)
        self.role.setAccessibleName(tr("Role"))
        self.detail.setAccessibleName(tr("Platform or relation"))
        self.undo.setText(tr("Undo"))
        self.empty.setText(tr("No numbers yet. Import your phone's call log, messages or "
                              "recordings first."))
        self.table.setAccessibleName(tr("Parties"))
        self.suggest_box.setTitle(tr("Likely collectors"))
        self.suggest_platform.setAccessibleName(tr("Platform of the likely collectors"))
        editor = self.suggest_platform.lineEdit()
        assert editor is not None  # the combo box is editable
        editor.setPlaceholderText(tr("platform, if you know it"))
        self.model.retranslate()
        self.activity.retranslate()
        if self.session.case is not None:
            self._show_suggested()
        self._role_changed()
        self._selection_changed()


