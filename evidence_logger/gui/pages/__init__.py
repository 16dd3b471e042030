"""The window's pages, one module each, in the order of the navigation (Ctrl+1 … Ctrl+7)."""

from __future__ import annotations

from evidence_logger.gui.pages.debts import DebtsPage
from evidence_logger.gui.pages.evidence import EvidencePage
from evidence_logger.gui.pages.export import ExportPage
from evidence_logger.gui.pages.findings import FindingsPage
from evidence_logger.gui.pages.overview import OverviewPage
from evidence_logger.gui.pages.parties import PartiesPage
from evidence_logger.gui.pages.timeline import TimelinePage

PAGES = (OverviewPage, TimelinePage, PartiesPage, FindingsPage, EvidencePage, DebtsPage,
         ExportPage)
