"""The main window's pages: built on first use (or ahead, one at a time, once a case is open),
wired to the window, and the links between them (a finding's events on the timeline, an
original on the evidence page, a checklist step's page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QListWidget, QStackedWidget

from evidence_logger.gui.pages import PAGES
from evidence_logger.gui.pages.base import Page
from evidence_logger.gui.session import Session


class WindowPages:
    """The part of :class:`~evidence_logger.gui.main_window.MainWindow` that holds its pages."""

    # made by the window
    session: Session
    pages: list[Page | None]
    page_stack: QStackedWidget
    nav: QListWidget
    runner: Any
    reading: Any
    speech: Any
    _prebuild: QTimer
    open_speech_settings: Callable[[], None]
    choose_import_files: Callable[[], None]
    choose_import_folder: Callable[[], None]

    def page_at(self, index: int) -> Page:
        """The page at ``index`` of the navigation, built on first use."""
        page = self._built(index)
        page.ensure_fresh()
        return page

    def _built(self, index: int) -> Page:
        page = self.pages[index]
        if page is None:
            page = PAGES[index].load()(self.session)
            assert isinstance(page, Page)
            self.pages[index] = page
            blank = self.page_stack.widget(index)
            assert blank is not None
            self.page_stack.insertWidget(index, page)
            self.page_stack.removeWidget(blank)
            blank.deleteLater()
            self._wire(page)
            page.retranslate()
        return page

    def _build_next_page(self) -> None:
        """Build one page not built yet (it reads the case when first shown), then the next a
        little later: once a case is open, so that showing a page later does not also wait
        for its widgets (50-85 ms each on a heavy case, see docs/benchmarks.md)."""
        if self.session.case is None:
            return
        if any(page is not None and page.build_rest() for page in self.pages):
            self._prebuild.start()  # a page's second piece was this step
            return
        left = [index for index, page in enumerate(self.pages) if page is None]
        if left:
            self._built(left[0])
            self._prebuild.start()  # its second piece, if any, or the next page

    def page(self, kind: type[Page]) -> Page:
        """The page of this kind, up to date with the case (pages off screen reload lazily)."""
        return self.page_at(next(i for i, s in enumerate(PAGES) if s.name == kind.__name__))

    def show_page(self, kind: type[Page]) -> Page:
        page = self.page(kind)
        self.nav.setCurrentRow(self.pages.index(page))
        return page

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.page_at(row)
            self.page_stack.setCurrentIndex(row)

    def _wire(self, page: Page) -> None:
        """Connect a new page's requests to the window (the one runner, links between pages)."""
        if hasattr(page, "runner"):
            page.runner = self.runner  # pages that run long work (export) use the one runner
        if hasattr(page, "events_requested"):
            page.events_requested.connect(self._show_events)
        if hasattr(page, "evidence_requested"):
            page.evidence_requested.connect(self._show_evidence)
        if hasattr(page, "rule_activated"):
            page.rule_activated.connect(self._show_rule)
        if hasattr(page, "reading"):
            page.reading = self.reading  # the overview says how far reading screenshots is
        if hasattr(page, "speech_flow"):  # the recording viewer says whether it transcribes
            page.speech_flow = self.speech
        if hasattr(page, "settings_requested"):
            page.settings_requested.connect(self.open_speech_settings)
        if hasattr(page, "import_files_requested"):  # the empty case's start panel
            page.import_files_requested.connect(self.choose_import_files)
            page.import_folder_requested.connect(  # type: ignore[attr-defined]
                self.choose_import_folder)
        if hasattr(page, "page_requested"):  # the export page's check sends to a page
            page.page_requested.connect(self.go_to_step)

    def go_to_step(self, key: str) -> None:
        """A step of the checklist (or a page by its step's name): import opens the folder
        chooser, the others show their page."""
        if key == "import":
            self.choose_import_folder()
            return
        from evidence_logger.gui.pages.debts import DebtsPage
        from evidence_logger.gui.pages.export import ExportPage
        from evidence_logger.gui.pages.findings import FindingsPage
        from evidence_logger.gui.pages.parties import PartiesPage

        kinds: dict[str, type[Page]] = {"parties": PartiesPage, "violations": FindingsPage,
                                        "export": ExportPage, "debts": DebtsPage}
        if self.session.case is not None and key in kinds:
            self.show_page(kinds[key])

    def _show_events(self, ids: list[int]) -> None:
        from evidence_logger.gui.pages.timeline import TimelinePage

        self.show_page(TimelinePage).show_events(ids)  # type: ignore[attr-defined]

    def _show_rule(self, rule_id: str) -> None:
        from evidence_logger.gui.pages.findings import FindingsPage

        self.show_page(FindingsPage).select_rule(rule_id)  # type: ignore[attr-defined]

    def _show_evidence(self, sha256: str) -> None:
        from evidence_logger.gui.pages.evidence import EvidencePage

        page = self.show_page(EvidencePage)
        page.select(sha256)  # type: ignore[attr-defined]
