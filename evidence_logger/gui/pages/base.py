"""What every page of the window has: a title for the navigation, a session to read from,
and two hooks the window calls: :meth:`Page.refresh` when the case changes and
:meth:`Page.retranslate` when the language changes; a page that shows findings also hears
:meth:`Page.findings_arrived` when they have been recomputed (they never are on the UI
thread: until then ``session.findings()`` is None and the page says they are being
recomputed)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from evidence_logger.gui.case_reader import PageReads
from evidence_logger.gui.session import Session
from evidence_logger.i18n import tr


class Page(QWidget):
    """A page of the main window. Subclasses set ``title`` (an N_-marked phrase)."""

    title = ""
    icon = ""  # resources/icons/<icon>.svg (see gui/icons.py), or a Qt standard "SP_…" name
    uses_findings = False  # reload when the findings come in

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)
        self._stale = True  # read the case when first shown
        # made first: a read of the case before is dropped before this page reads the new one
        self.reads = PageReads(session, self)  # a big case is read on a worker
        session.opened.connect(self.reload)
        session.changed.connect(self.reload)
        session.findings_ready.connect(self.findings_arrived)
        self.problem = QLabel()  # a read that failed, said
        self.problem.setObjectName("banner")
        self.problem.setProperty("level", "warning")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.layout_.addWidget(self.problem)
        self.reads.failed.connect(self._read_failed)
        self.reads.busy_changed.connect(self._read_started)

    def reload(self) -> None:
        """Reload now if the page is on screen, else when it is next shown: a big case is
        read once per visit, not by every page at every change."""
        if self.isVisible():
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def build_rest(self) -> bool:
        """Build what the page leaves for later (a page whose widgets take long to make is
        built in two pieces, each short enough not to stall the window when built ahead);
        False when there is nothing left."""
        return False

    def ensure_fresh(self) -> None:
        """Reload now if the case changed since this page last read it."""
        self.build_rest()
        if self._stale:
            self._stale = False
            self.refresh()

    def showEvent(self, event) -> None:
        self.ensure_fresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Reload from the session's case (also called when no case is open)."""

    def _read_started(self, busy: bool) -> None:
        if busy:
            self.problem.hide()  # read again: said again if it fails again

    def _read_failed(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.show()

    def findings_arrived(self) -> None:
        """The findings of the case as it is now are in (``session.findings()``)."""
        if self.uses_findings:
            self.reload()

    def retranslate(self) -> None:
        """Set every visible word again in the current language."""
        self.heading.setText(tr(self.title))
        self.setAccessibleName(tr(self.title))


def empty_state(text: str) -> QLabel:
    """A centred sentence telling the user what to do when a view has nothing to show."""
    from PySide6.QtCore import Qt

    label = QLabel(text)
    label.setObjectName("emptyState")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
