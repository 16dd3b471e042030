"""The window's pages, one module each, in the order of the navigation (Ctrl+1 … Ctrl+8).

A page is built the first time it is shown (so the window is up sooner); the navigation needs
only each page's title and icon, listed here (a test checks they match the page classes). Once
the window is up, :func:`preload` imports the pages' modules on a thread of its own, so that
showing a page for the first time builds its widgets but does not also wait for its imports
(the evidence page's took about 100 ms: the player, the waveform, the transcript view).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from importlib import import_module

from evidence_logger.i18n import N_

log = logging.getLogger(__name__)
_preloading: list[threading.Thread] = []


@dataclass(frozen=True, slots=True)
class PageSpec:
    module: str  # under evidence_logger.gui.pages
    name: str  # the Page subclass
    title: str  # an N_-marked phrase
    icon: str  # resources/icons/<icon>.svg, or a QStyle.StandardPixmap name (SP_…)

    def load(self) -> type:
        return getattr(import_module(f"evidence_logger.gui.pages.{self.module}"), self.name)


PAGES = (
    PageSpec("overview", "OverviewPage", N_("Overview"), "overview"),
    PageSpec("timeline", "TimelinePage", N_("Timeline"), "timeline"),
    PageSpec("parties", "PartiesPage", N_("Parties"), "parties"),
    PageSpec("findings", "FindingsPage", N_("Violations"), "violations"),
    PageSpec("evidence", "EvidencePage", N_("Evidence"), "evidence"),
    PageSpec("debts", "DebtsPage", N_("Debts"), "debts"),
    PageSpec("export", "ExportPage", N_("Export"), "export"),
    PageSpec("way_out", "WayOutPage", N_("Way out"), "way-out"),
)


def preload() -> None:
    """Import every page's module (and warm the phone-number metadata and formats that a
    change of role and the first finding shown need) on a thread of its own; once a process.
    Nothing is built there: widgets only on the UI thread."""
    if _preloading:
        return

    def run() -> None:
        try:
            for spec in PAGES:
                import_module(f"evidence_logger.gui.pages.{spec.module}")
            from evidence_logger.phones import as_phone_writes, display, normalize

            for sample in ("+8613800138000", "+861058000000", "+8695555", "+14155550100"):
                key = normalize(sample, "CN")
                display(key), as_phone_writes(key, "CN")  # their formats compiled once
        except Exception:
            log.warning("preloading the pages failed", exc_info=True)

    thread = threading.Thread(target=run, name="preload-pages", daemon=True)
    _preloading.append(thread)
    thread.start()
