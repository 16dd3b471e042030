"""The Overview's warning against silence: a banner naming the creditors who have not heard
from the borrower for longer than the case's setting (the words and the rule are the core's,
:func:`evidence_logger.way_out.silence.silence_warning`)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from evidence_logger.gui.labels import text_lang
from evidence_logger.gui.session import Session


class SilenceBanner(QLabel):
    """Hidden when every creditor heard from the borrower recently, or no case is open."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("banner")
        self.setProperty("level", "warning")
        self.setWordWrap(True)
        self.hide()

    def refresh(self) -> None:
        from evidence_logger.way_out.silence import silence_warning

        case = self.session.case
        self.show_text(None if case is None else silence_warning(case.db, case.tz, text_lang()))

    def show_text(self, text: str | None) -> None:
        """Show the warning ``silence_warning`` gave (None: none)."""
        self.setText(text or "")
        self.setVisible(text is not None)
