"""The way through a case as a checklist beside the navigation: import → who is who →
violations → export, each step with its state (done, to do now, waiting for an earlier one), a
sentence of where it stands and a button that goes there.

Signals: ``step_chosen(str)``: the key of the step whose button was pressed (``import``,
``parties``, ``violations``, ``export``).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_logger.gui.case_reader import PageReads
from evidence_logger.gui.findings_feed import RECOMPUTING
from evidence_logger.gui.icons import icon
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, tr
from evidence_logger.readiness import DONE, NEXT, STEPS, Step

TITLES = {"import": N_("Import files"), "parties": N_("Say who is who"),
          "violations": N_("Check the violations"), "export": N_("Export the evidence")}
BUTTONS = {"import": N_("Import a folder…"), "parties": N_("Parties"),
           "violations": N_("Violations"), "export": N_("Export")}
STATES = {DONE: N_("done"), NEXT: N_("to do"), "waiting": N_("after the steps above")}


def detail(step: Step) -> str:
    """Where a step stands, in a few words."""
    if step.key == "import":
        return tr("{count} file(s)", count=step.count) if step.count else tr("nothing yet")
    if step.key == "parties":
        text = tr("{count} collector number(s)", count=step.count)
        if step.still:
            text += "; " + tr("{count} likely still unknown", count=step.still)
        return text
    if step.key == "violations":
        return tr("{count} found", count=step.count)
    return tr("{count} made", count=step.count) if step.count else tr("not yet")


class Checklist(QWidget):
    step_chosen = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("checklist")
        self.session = session
        self.steps: list[Step] = []
        self.recomputing = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 8, 4, 4)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        outer.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        outer.addLayout(grid)
        self.marks: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        self.details: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for number, key in enumerate(STEPS):
            mark, name, said = QLabel(), QLabel(), QLabel()
            name.setWordWrap(True)
            said.setWordWrap(True)
            said.setObjectName("stepDetail")
            button = QPushButton()
            button.setObjectName("stepButton")
            button.clicked.connect(lambda _checked=False, k=key: self.step_chosen.emit(k))
            row = number * 3
            grid.addWidget(mark, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(said, row + 1, 1)
            grid.addWidget(button, row + 2, 1)
            self.marks[key], self.names[key], self.details[key] = mark, name, said
            self.buttons[key] = button
        grid.setColumnStretch(1, 1)
        self.reads = PageReads(session, self)  # first: it drops a read of the case before
        session.opened.connect(self.refresh)
        session.changed.connect(self.refresh)
        session.findings_ready.connect(self.findings_arrived)
        self.retranslate()

    def refresh(self) -> None:
        case = self.session.case
        if case is None or self.session.read_only:
            self.steps = []
            self.setVisible(False)
            return
        from evidence_logger.readiness import standing

        self.reads.read(lambda case: standing(case, 0), self._loaded)  # big: on a worker

    def _loaded(self, steps: list[Step]) -> None:
        found = self.session.findings()  # None while recomputed: the step says so
        self.recomputing = found is None
        self.steps = [replace(s, count=len(found or ())) if s.key == "violations" else s
                      for s in steps]
        self.setVisible(True)
        self._show()

    def findings_arrived(self) -> None:
        """The findings are in: the violations step counts them (nothing else changed)."""
        found = self.session.findings()
        if self.steps and found is not None:
            self.recomputing = False
            self.steps = [replace(s, count=len(found)) if s.key == "violations" else s
                          for s in self.steps]
            self._show()

    def state(self, key: str) -> str:
        return next((s.state for s in self.steps if s.key == key), "waiting")

    def _show(self) -> None:
        first_next = next((s.key for s in self.steps if s.state == NEXT), None)
        for number, step in enumerate(self.steps, 1):
            self.marks[step.key].setPixmap(icon(f"step-{step.state}").pixmap(QSize(20, 20)))
            self.marks[step.key].setToolTip(tr(STATES[step.state]))
            name = f"{number}. {tr(TITLES[step.key])}"
            self.names[step.key].setText(f"<b>{name}</b>" if step.key == first_next else name)
            self.names[step.key].setAccessibleName(f"{name}: {tr(STATES[step.state])}")
            self.details[step.key].setText(tr(RECOMPUTING) if step.key == "violations"
                                           and self.recomputing else detail(step))
            button = self.buttons[step.key]
            button.setDefault(step.key == first_next)
            button.setProperty("current", step.key == first_next)
            button.style().unpolish(button)
            button.style().polish(button)
            button.setEnabled(True)

    def retranslate(self) -> None:
        self.title.setText(tr("The way through"))
        for key in STEPS:
            self.buttons[key].setText(tr(BUTTONS[key]))
            self.buttons[key].setAccessibleName(tr(TITLES[key]))
        if self.steps:
            self._show()
