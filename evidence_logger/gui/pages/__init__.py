"""The window's pages, one module each, in the order of the navigation (Ctrl+1 … Ctrl+8).

A page is built the first time it is shown (so the window is up sooner); the navigation needs
only each page's title and icon, listed here (a test checks they match the page classes).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from evidence_logger.i18n import N_


@dataclass(frozen=True, slots=True)
class PageSpec:
    module: str  # under evidence_logger.gui.pages
    name: str  # the Page subclass
    title: str  # an N_-marked phrase
    icon: str  # a QStyle.StandardPixmap name

    def load(self) -> type:
        return getattr(import_module(f"evidence_logger.gui.pages.{self.module}"), self.name)


PAGES = (
    PageSpec("overview", "OverviewPage", N_("Overview"), "SP_ComputerIcon"),
    PageSpec("timeline", "TimelinePage", N_("Timeline"), "SP_FileDialogDetailedView"),
    PageSpec("parties", "PartiesPage", N_("Parties"), "SP_DirHomeIcon"),
    PageSpec("findings", "FindingsPage", N_("Violations"), "SP_MessageBoxWarning"),
    PageSpec("evidence", "EvidencePage", N_("Evidence"), "SP_DriveHDIcon"),
    PageSpec("debts", "DebtsPage", N_("Debts"), "SP_DialogSaveButton"),
    PageSpec("export", "ExportPage", N_("Export"), "SP_DialogSaveButton"),
    PageSpec("way_out", "WayOutPage", N_("Way out"), "SP_ArrowForward"),
)
