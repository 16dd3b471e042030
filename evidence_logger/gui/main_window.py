"""The main window: the welcome screen or the open case's pages, menus with shortcuts, drag
and drop of files anywhere, the bundle banner, and remembered window state.

It owns the :class:`~evidence_logger.gui.session.Session` and the one
:class:`~evidence_logger.gui.tasks.TaskRunner`; the flows (import, cases, bundles) live in
their own modules and the pages in :mod:`evidence_logger.gui.pages`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from evidence_logger import __version__
from evidence_logger.gui import settings as keys
from evidence_logger.gui.bundle_banner import CaseBanner
from evidence_logger.gui.case_flow import CaseFlow
from evidence_logger.gui.checklist import Checklist
from evidence_logger.gui.collector import Collector
from evidence_logger.gui.icons import icon
from evidence_logger.gui.import_flow import ImportFlow
from evidence_logger.gui.ocr_flow import OcrFlow
from evidence_logger.gui.pages import PAGES
from evidence_logger.gui.pages.base import Page
from evidence_logger.gui.session import Session
from evidence_logger.gui.settings import Settings
from evidence_logger.gui.speech_flow import SpeechFlow
from evidence_logger.gui.tasks import TaskRunner, stop_all
from evidence_logger.gui.welcome import WelcomePage
from evidence_logger.gui.window_pages import WindowPages
from evidence_logger.i18n import tr
from evidence_logger.paths import home_dir, log_file

log = logging.getLogger(__name__)
PREBUILD_EVERY_MS = 200  # between two pages built ahead of being shown


class MainWindow(WindowPages, QMainWindow):
    """The app's one window."""

    def __init__(self, settings: Settings, session: Session | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.session = session or Session(self)
        self.runner = TaskRunner(self)
        self.imports = ImportFlow(self, self.session, self.runner)
        self.cases = CaseFlow(self, self.session, self.runner, settings)
        self.reading = OcrFlow(self, self.session, self.runner)
        self.imports.read_screenshots = self.reading.read_new
        self.speech = SpeechFlow(self, self.session, self.runner, self.reading)
        self.imports.transcribe_recordings = self.speech.transcribe_new
        # made here, not lazily by statusBar(): a wrapper Python made itself is never mistaken
        # for a stale one of a deleted object at the same address (once: a QWidgetItem)
        self.setStatusBar(QStatusBar(self))
        self.statusBar().addPermanentWidget(self.reading.indicator)
        self.reading.unavailable.connect(self._say_unavailable)
        self.notice = ""  # a sentence for the banner (the OCR engine cannot be loaded)
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(760, 540))

        self.welcome = WelcomePage()
        self.welcome.new_case.connect(self.cases.new_case)
        self.welcome.open_case.connect(self.cases.choose_case)
        self.welcome.open_bundle.connect(self.cases.choose_bundle)
        self.welcome.sample_case.connect(self.cases.sample_case)
        self.welcome.recent_chosen.connect(lambda folder: self.cases.open_case(Path(folder)))

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.case_banner = CaseBanner(self.banner)  # with New case of my own, Open the dossier
        self.case_banner.new_case_requested.connect(self.cases.new_case)
        self.case_banner.dossier_requested.connect(self._open_dossier)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(QSize(20, 20))
        # pages are built when first shown; until then a blank stands in
        self.pages: list[Page | None] = [None] * len(PAGES)
        self.page_stack = QStackedWidget()
        for spec in PAGES:
            self.page_stack.addWidget(QWidget())
            self.nav.addItem(QListWidgetItem(icon(spec.icon), ""))
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checklist = Checklist(self.session)
        self.checklist.setFixedWidth(170)
        self.checklist.step_chosen.connect(self.go_to_step)
        case_view = QWidget()
        outer = QVBoxLayout(case_view)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.case_banner)
        row = QHBoxLayout()
        side = QVBoxLayout()
        side.addWidget(self.nav, 1)
        side.addWidget(self.checklist)
        row.addLayout(side)
        row.addWidget(self.page_stack, 1)
        outer.addLayout(row, 1)
        self.case_view = case_view

        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(case_view)
        self.setCentralWidget(self.stack)
        self._make_menus()
        self.session.opened.connect(self._case_opened)
        self.session.changed.connect(self._update_title)
        self._prebuild = QTimer(self)  # the pages built one at a time once a case is open
        self._prebuild.setSingleShot(True)
        self._prebuild.setInterval(PREBUILD_EVERY_MS)
        self._prebuild.timeout.connect(self._build_next_page)
        self.session.findings_ready.connect(self._prebuild.start)
        self.collector = Collector(self)  # the full garbage walks when the case is quiet
        for news in (self.session.opened, self.session.changed, self.session.findings_ready,
                     self.nav.currentRowChanged):
            news.connect(self.collector.poke)
        self.session.opened.connect(self.collector.release)
        self.session.findings_ready.connect(self.collector.settle)
        self.runner.running_changed.connect(self._update_actions)
        self.retranslate()
        self._restore()
        self._case_opened()

    # -- menus --------------------------------------------------------------------------

    def _action(self, menu: QMenu, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: Callable[[], object]) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _page_shower(self, number: int) -> Callable[..., None]:
        def show(*_checked: object) -> None:
            self.nav.setCurrentRow(number)

        return show

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        std = QKeySequence.StandardKey
        self.act_new = self._action(self.file_menu, std.New, self.cases.new_case)
        self.act_open = self._action(self.file_menu, std.Open, self.cases.choose_case)
        self.act_bundle = self._action(self.file_menu, "Ctrl+Shift+O", self.cases.choose_bundle)
        self.act_sample = self._action(self.file_menu, None, self.cases.sample_case)
        self.file_menu.addSeparator()
        self.act_import = self._action(self.file_menu, "Ctrl+I", self.choose_import_files)
        self.act_import_folder = self._action(self.file_menu, "Ctrl+Shift+I",
                                              self.choose_import_folder)
        self.act_read_again = self._action(self.file_menu, None, self.reading.read_all_again)
        self.act_export = self._action(self.file_menu, "Ctrl+E", self._go_export)
        self.act_attribution = self._action(self.file_menu, None, self.open_attribution)
        self.act_provenance = self._action(self.file_menu, None, self.edit_provenance)
        self.file_menu.addSeparator()
        self.act_settings = self._action(self.file_menu, std.Preferences, self.open_settings)
        if self.act_settings.shortcut().isEmpty():
            self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.act_close = self._action(self.file_menu, "Ctrl+W", self.session.close)
        self.act_quit = self._action(self.file_menu, std.Quit, self.close)
        if self.act_quit.shortcut().isEmpty():
            self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.view_menu = bar.addMenu("")
        self.page_actions = []
        for number in range(len(PAGES)):
            action = self._action(self.view_menu, f"Ctrl+{number + 1}",
                                  self._page_shower(number))
            self.page_actions.append(action)
        self.help_menu = bar.addMenu("")
        self.act_guide = self._action(self.help_menu, "F1", self.show_guide)
        self.act_log = self._action(self.help_menu, None, lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(log_file().parent))))
        self.act_selftest = self._action(self.help_menu, None, self._check_installation)
        self.act_about = self._action(self.help_menu, None, self._about)

    def _update_actions(self) -> None:
        has_case = self.session.case is not None
        writable = has_case and not self.session.read_only
        busy = self.runner.running
        for action in (self.act_import, self.act_import_folder):
            action.setEnabled(writable and not busy)
        bundle = has_case and self.session.case is not None and \
            self.session.case.read_only_bundle
        for action in (self.act_import, self.act_import_folder, self.act_export):
            action.setVisible(not bundle)  # a lawyer's bundle: nothing to import or export
        self._hide_export_page(bundle)
        for action in (self.act_new, self.act_open, self.act_bundle, self.act_sample):
            action.setEnabled(not busy)
        self.act_export.setEnabled(has_case)
        self.act_attribution.setEnabled(has_case)
        self.act_provenance.setEnabled(has_case)
        self.act_read_again.setEnabled(writable and not self.reading.unavailable_sentence)
        self.act_close.setEnabled(has_case and not busy)
        for action in self.page_actions:
            action.setEnabled(has_case)

    def _hide_export_page(self, hidden: bool) -> None:
        for number, spec in enumerate(PAGES):
            if spec.name == "ExportPage":
                self.nav.item(number).setHidden(hidden)
                self.page_actions[number].setVisible(not hidden)

    def _open_dossier(self) -> None:
        from evidence_logger.gui.bundle_banner import dossier_path

        case = self.session.case
        path = dossier_path(case) if case is not None else None
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def retranslate(self) -> None:
        self.file_menu.setTitle(tr("&File"))
        self.view_menu.setTitle(tr("&View"))
        self.help_menu.setTitle(tr("&Help"))
        for action, text in (
                (self.act_new, tr("&New case…")), (self.act_open, tr("&Open case…")),
                (self.act_bundle, tr("Open &bundle (for lawyers)…")),
                (self.act_sample, tr("Explore a &sample case")),
                (self.act_import, tr("&Import files…")),
                (self.act_import_folder, tr("Import a &folder…")),
                (self.act_read_again, tr("&Read the screenshots' text again")),
                (self.act_export, tr("&Export…")), (self.act_settings, tr("&Settings…")),
                (self.act_attribution, tr("Who the &numbers belong to…")),
                (self.act_provenance, tr("Where the evidence came &from…")),
                (self.act_close, tr("&Close case")), (self.act_quit, tr("&Quit")),
                (self.act_guide, tr("How to get the files off your &phone…")),
                (self.act_log, tr("Show the &log folder")),
                (self.act_selftest, tr("&Check this installation…")),
                (self.act_about, tr("&About Evidence Logger"))):
            action.setText(text)
        for number, spec in enumerate(PAGES):
            if (made := self.pages[number]) is not None:
                made.retranslate()
            self.nav.item(number).setText(tr(spec.title))
            self.page_actions[number].setText(tr(spec.title))
        self.nav.setAccessibleName(tr("Pages"))
        self.welcome.retranslate()
        self.checklist.retranslate()
        self.case_banner.retranslate()
        self.reading.retranslate()
        self._update_banner()
        self._update_title()

    def _check_installation(self) -> None:
        from evidence_logger.gui.selftest_dialog import SelfTestDialog

        dialog = SelfTestDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.start()
        self.selftest_dialog = dialog

    def show_guide(self) -> None:
        from evidence_logger.gui.phone_guide import GuideDialog

        dialog = GuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.guide_dialog = dialog

    def _about(self) -> None:
        QMessageBox.about(self, tr("About Evidence Logger"), tr(
            "Evidence Logger {version}\nOrganises evidence of debt-collection harassment into a "
            "verifiable case. Everything stays on this computer.", version=__version__))

    # -- the case -----------------------------------------------------------------------

    def _case_opened(self) -> None:
        case = self.session.case
        self.notice = ""  # said for the case before; not again this session
        self.stack.setCurrentWidget(self.case_view if case else self.welcome)
        if case is None:
            self.welcome.set_recent(self.settings.get(keys.RECENT_CASES))
        else:
            self.settings.add_recent(str(case.folder))
            if self.nav.currentRow() < 0:
                self.nav.setCurrentRow(0)
        self._update_banner()
        self._update_title()
        self._update_actions()

    def open_after_showing(self, folder: Path) -> None:
        """Show the case view at once and open ``folder`` once the window has been drawn."""
        self.stack.setCurrentWidget(self.case_view)
        self.statusBar().showMessage(tr("Opening {folder}…", folder=str(folder)))

        def open_now() -> None:
            if self.session.case is None and not self.cases.open_case(folder):
                self._case_opened()  # it did not open: back to the welcome screen

        QTimer.singleShot(0, open_now)

    def _update_title(self) -> None:
        case = self.session.case
        title = tr("Evidence Logger")
        self.setWindowTitle(f"{case.name} — {title}" if case else title)
        if case is not None:
            self.statusBar().showMessage(str(case.folder))

    def _say_unavailable(self, text: str) -> None:
        """The OCR engine cannot be loaded: said once, in the banner."""
        self.notice = text
        self._update_banner()
        self._update_actions()

    def _update_banner(self) -> None:
        case = self.session.case
        special = case is not None and (case.read_only_bundle or case.sample)
        if case is not None and not special and self.notice:
            text, level = self.notice, "warning"
        elif case is None or not special:
            self.case_banner.show_for(case, False)
            return
        else:
            from evidence_logger.gui.bundle_banner import banner_text

            text, level = banner_text(case)
        self.banner.setText(text)
        self.banner.setProperty("level", level)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.case_banner.show_for(case, True)

    # -- importing ----------------------------------------------------------------------

    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, tr("Import files"), self._import_folder())
        if files:
            self._remember_import_folder(Path(files[0]).parent)
            self.imports.start([Path(f) for f in files])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Import a folder"),
                                                  self._import_folder())
        if folder:
            self._remember_import_folder(Path(folder))
            self.imports.start([Path(folder)])

    def _import_folder(self) -> str:
        return self.settings.get(keys.LAST_IMPORT_FOLDER) or str(home_dir())

    def _remember_import_folder(self, folder: Path) -> None:
        self.settings.set(keys.LAST_IMPORT_FOLDER, str(folder))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # anything that carries files or links is taken, so that a drop that delivers nothing
        # (files straight from a phone's window) is told rather than refused without a word
        if event.mimeData().hasUrls() or event.mimeData().formats():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.handle_drop(paths)

    def handle_drop(self, paths: list[Path]) -> None:
        """Files dropped on the window: a bundle opens; anything else is imported; a drop
        that delivers no file on this computer is told how to get the files across."""
        from evidence_logger.gui.drop_check import nothing_arrived

        if nothing_arrived(paths):
            QMessageBox.information(self, tr("Nothing arrived"), tr(
                "Nothing usable arrived from what was dropped. Files dragged straight from a "
                "phone's window often do not arrive: copy them to a folder on this computer "
                "first, then drop that folder here or use Import a folder. Help ▸ How to get "
                "the files off your phone says where each phone keeps them."))
            return
        if len(paths) == 1 and paths[0].suffix.lower() == ".zip" and (
                self.session.case is None or self.session.read_only):
            self.cases.open_bundle(paths[0])
        elif self.session.case is None:
            QMessageBox.information(self, tr("Import files"), tr(
                "Make or open a case first; then drop the files from your phone here."))
        else:
            self.imports.start(paths)

    # -- other actions ------------------------------------------------------------------

    def edit_provenance(self) -> None:
        """The phones and exports the dossier's provenance page prints (a dialog)."""
        from evidence_logger.gui.provenance_dialog import ProvenanceDialog

        if self.session.case is not None:
            ProvenanceDialog(self, self.session).exec()

    def _go_export(self) -> None:
        from evidence_logger.gui.pages.export import ExportPage

        if self.session.case is not None:
            self.show_page(ExportPage)

    def open_attribution(self) -> None:
        from evidence_logger.gui.attribution_dialog import AttributionDialog

        AttributionDialog(self, self.session).exec()

    def open_settings(self, speech: bool = False) -> None:
        from evidence_logger.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self, self.settings, self.session)
        dialog.language_chosen.connect(self.set_language)
        if speech:
            dialog.tabs.setCurrentIndex(dialog.speech_tab)
        dialog.exec()
        if dialog.speech_model.changed:  # a model added: transcribe what waits
            self.session.notify_changed()
            self.speech.transcribe_waiting()

    def open_speech_settings(self) -> None:
        self.open_settings(speech=True)

    def set_language(self, choice: str) -> None:
        """Switch every word of the window to ``choice`` (``system``, ``zh_CN`` or ``en``)."""
        from evidence_logger.gui import i18n_qt

        self.settings.set(keys.LANGUAGE, choice)
        app = QApplication.instance()
        catalogue = getattr(app, "qt_catalogue", None)
        i18n_qt.switch(i18n_qt.resolve(choice), catalogue)
        self.session.language_changed.emit()
        self.retranslate()

    # -- window state -------------------------------------------------------------------

    def _restore(self) -> None:
        from evidence_logger.gui import screen_fit

        geometry = self.settings.get(keys.GEOMETRY)
        restored = not geometry.isEmpty() and self.restoreGeometry(geometry)
        screen_fit.fit(self, first=not restored)
        state = self.settings.get(keys.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        page = self.settings.get(keys.LAST_PAGE)
        self.nav.setCurrentRow(page if 0 <= page < len(PAGES) else 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.running:
            answer = QMessageBox.question(self, tr("Quit"), tr(
                "A task is still running. Stop it and quit? Nothing half-done is kept."))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        stop_all()  # the window's task and any page's own (a waveform being drawn)
        self.settings.set(keys.GEOMETRY, self.saveGeometry())
        self.settings.set(keys.WINDOW_STATE, self.saveState())
        self.settings.set(keys.LAST_PAGE, max(self.nav.currentRow(), 0))
        self.settings.sync()
        self.session.close()
        self.collector.stop()
        event.accept()
