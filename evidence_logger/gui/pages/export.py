"""The Export page (being built)."""

from __future__ import annotations

from PySide6.QtCore import Signal

from evidence_logger.gui.pages.base import Page
from evidence_logger.i18n import N_


class ExportPage(Page):
    title = N_("Export")
    icon = "SP_DialogSaveButton"
    evidence_requested = Signal(str)

    def select(self, sha256: str) -> None:
        """Show the original with this SHA-256."""
