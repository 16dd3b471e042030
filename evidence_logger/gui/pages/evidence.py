"""The Evidence page: every original of the case in a sortable table (filter by kind, text
search, which also finds the text read off screenshots), and for the selected one its
metadata and hash, a player with a waveform for recordings and a zoomable view for screenshots
and photos, with the text read off a screenshot beside it. Originals are only ever read.

Signals: ``events_requested(list)`` (event ids, for the timeline), ``evidence_requested(str)``
(a SHA-256; the window connects it on every page that has it).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, NamedTuple

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.errors import UserFacingError
from evidence_logger.gui.image_view import ImageView
from evidence_logger.gui.labels import sentence
from evidence_logger.gui.models.evidence import (
    ALTERED_TIP,
    UNPLACED,
    EvidenceModel,
    kind_label,
)
from evidence_logger.gui.pages.base import Page, empty_state
from evidence_logger.gui.pages.evidence_detail import EvidenceDetail
from evidence_logger.gui.pages.place_recording import PlaceRecordingBox
from evidence_logger.gui.player import RecordingPlayer
from evidence_logger.gui.recording_view import RecordingView
from evidence_logger.gui.screen_text import ScreenTextPanel
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, tr

log = logging.getLogger(__name__)

NO_PREVIEW, PLAYER, IMAGE, MESSAGE = range(4)


class EvidencePage(Page):
    title = N_("Evidence")
    icon = "evidence"
    events_requested = Signal(list)
    evidence_requested = Signal(str)
    settings_requested = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.model = EvidenceModel(self)
        self.shown_sha = ""  # the original whose media is loaded
        self.found_lines: dict[str, list[int]] = {}  # the search's lines in screenshots' text
        self.found_segments: dict[str, list[int]] = {}  # and its segments in transcripts
        self.reading: Any = None  # the window's OcrFlow (says what is being read)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count = QLabel()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.kind)
        bar.addWidget(self.count)
        self.layout_.addLayout(bar)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.layout_.addWidget(self.notice)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 210), (1, 110), (2, 70), (3, 70), (4, 140), (5, 130),
                              (6, 110), (7, 140)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.detail = EvidenceDetail()
        self.detail.events_requested.connect(self.events_requested)
        self.detail.original_requested.connect(self.select)
        self.place_box = PlaceRecordingBox()
        self.place_box.place_requested.connect(self._place)
        self.place_box.hide()
        holder = QWidget()
        side = QVBoxLayout(holder)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.place_box)
        side.addWidget(self.detail, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.media = QStackedWidget()  # the preview: its panes are built apart (build_rest)
        self.media.addWidget(QWidget())
        self._panes: _Panes | None = None
        self.speech_flow: Any = None  # the window's SpeechFlow, for the recording viewer
        self.right = right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(scroll)
        right.addWidget(self.media)
        right.setSizes([340, 320])
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([500, 600])
        self.splitter = splitter
        self.empty = empty_state("")
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.stack, 1)

        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.retranslate()

    # -- the preview's panes, built as the page's second piece --------------------------

    def build_rest(self) -> bool:
        """The player and transcript, the picture and its text: as long again to make as the
        rest of the page, so built ahead apart from it (or when the page is first shown)."""
        if self._panes is not None:
            return False
        listening = RecordingView(self.session)  # the player, the transcript under it
        listening.flow = self.speech_flow
        listening.settings_requested.connect(self.settings_requested)
        image = ImageView()
        screen_text = ScreenTextPanel()
        screen_text.line_selected.connect(image.highlight)
        screen_text.outlines_toggled.connect(image.show_outlines)
        image.line_clicked.connect(screen_text.select_line)
        picture = QSplitter()  # the image, and the text read off it
        picture.addWidget(image)
        picture.addWidget(screen_text)
        picture.setSizes([260, 340])
        message = empty_state("")
        for widget in (listening, picture, message):
            self.media.addWidget(widget)
        self._panes = _Panes(listening, image, screen_text, picture, message)
        for pane in (listening, image, screen_text):
            pane.retranslate()
        return True

    def _built_panes(self) -> _Panes:
        self.build_rest()
        assert self._panes is not None
        return self._panes

    @property
    def listening(self) -> RecordingView:
        return self._built_panes().listening

    @property
    def player(self) -> RecordingPlayer:
        return self._built_panes().listening.player

    @property
    def image(self) -> ImageView:
        return self._built_panes().image

    @property
    def screen_text(self) -> ScreenTextPanel:
        return self._built_panes().screen_text

    @property
    def picture(self) -> QSplitter:
        return self._built_panes().picture

    @property
    def media_message(self) -> QLabel:
        return self._built_panes().message

    # -- the list -----------------------------------------------------------------------

    def apply_filter(self) -> None:
        chosen = self.current_sha()
        self._find_in_text()
        self.model.set_filter(self.kind.currentData() or "", self.search.text(),
                              set(self.found_lines) | set(self.found_segments))
        self._reselect(chosen)
        self._update_count()

    def _find_in_text(self) -> None:
        """The screenshots whose machine-read text holds the search, with the lines."""
        text = self.search.text().strip()
        self.found_lines = {}
        if text and self.session.case is not None:
            from evidence_logger.ocr.store import search

            for sha, line, _ in search(self.session.case.db, text, limit=5000):
                self.found_lines.setdefault(sha, []).append(line)
        self.found_segments = {}
        if text and self.session.case is not None:
            from evidence_logger.speech.store import search as search_spoken

            for sha, seq, _start, _said in search_spoken(self.session.case.db, text, 5000):
                self.found_segments.setdefault(sha, []).append(seq)

    def clear_filters(self) -> None:
        for widget in (self.search, self.kind):
            widget.blockSignals(True)
        self.search.clear()
        self.kind.setCurrentIndex(0)
        for widget in (self.search, self.kind):
            widget.blockSignals(False)
        self.apply_filter()

    def select(self, sha256: str) -> None:
        """Show the original with this SHA-256 (clearing the filters if they hide it)."""
        if self.model.row_of(sha256) < 0 and self.model.find(sha256) is not None:
            self.clear_filters()
        row = self.model.row_of(sha256)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def show_unplaced(self) -> None:
        """Show only the recordings no call rests on (the import summary leads here)."""
        self.search.clear()
        index = self.kind.findData(UNPLACED)
        if index >= 0:
            self.kind.setCurrentIndex(index)

    def current_sha(self) -> str:
        index = self.table.currentIndex()
        return self.model.original(index.row())["sha256"] if index.isValid() else ""

    def _reselect(self, sha256: str) -> None:
        row = self.model.row_of(sha256) if sha256 else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_current()

    def _update_count(self) -> None:
        self.count.setText(tr("{shown} of {total} originals", shown=self.model.rowCount(),
                              total=self.model.total))
        self.stack.setCurrentIndex(0 if self.model.total else self.stack.indexOf(self.empty))

    # -- the selected original ------------------------------------------------------------

    def _show_current(self) -> None:
        case = self.session.case
        index = self.table.currentIndex()
        item = self.model.original(index.row()) if case and index.isValid() else None
        if case is None or item is None:
            self.place_box.hide()
            self.detail.show_original(None)
            self._show_media(None)
            return
        self._show_placing(item)
        parent = self.model.find(item.get("parent_sha256") or "")
        self.detail.show_original(item, self.model.events_of(item["sha256"]),
                                  case.vault.path(item["sha256"]),
                                  parent["name"] if parent else "")
        if item["sha256"] != self.shown_sha:
            self._show_media(item)
        elif self.media.currentIndex() == IMAGE:
            self._show_text(item)

    # -- placing an unplaced recording ----------------------------------------------------

    def _show_placing(self, item: dict[str, Any]) -> None:
        case = self.session.case
        if case is None or not self.model.is_unplaced(item) or self.session.read_only:
            self.place_box.hide()
            return
        from evidence_logger import placing

        meta = item["meta"] or {}
        reason = placing.reason_of(meta)
        found = placing.suggestions(case, owner=item["owner"], at_ms=_ms(item["at"]),
                                    at_source=item["at_source"], duration=meta.get("duration"))
        if self.place_box.sha256 != item["sha256"] or self.place_box.isHidden():
            self.place_box.show_recording({**item, "reason_text": placing.reason_words(reason),
                                           "suggestions": found}, case.tz)
        self.place_box.show()

    def _place(self, sha256: str, number: str, at_ms: int) -> None:
        name = (self.model.find(sha256) or {}).get("name", sha256[:12])
        try:
            self.session.place_recording(sha256, number=number, at_ms=at_ms)
        except UserFacingError as error:
            self.place_box.error.setText(sentence(error))
            return
        self.notice.setText(tr("{name} is now on a call in the timeline.", name=name))
        self.notice.show()

    def _show_media(self, item: dict[str, Any] | None) -> None:
        self.shown_sha = item["sha256"] if item else ""
        self.player.clear()
        self.image.clear()
        case = self.session.case
        if item is None or case is None:
            self.media.setCurrentIndex(NO_PREVIEW)
            return
        path = case.vault.path(item["sha256"])
        if self.model.is_altered(item):  # damaged or changed in the bundle: not taken out
            self.media_message.setText(tr(ALTERED_TIP))
            self.media.setCurrentIndex(MESSAGE)
        elif not path.is_file():
            log.error("original %s is missing from the vault", item["sha256"])
            self.media_message.setText(tr("The stored original is missing from the case folder."))
            self.media.setCurrentIndex(MESSAGE)
        elif item["kind"] == "recording":
            self.listening.load(path, item["sha256"])
            self.listening.show_transcript(self.found_segments.get(item["sha256"]))
            self.media.setCurrentIndex(PLAYER)
        elif item["kind"] == "image" or item["format"].startswith("image/"):
            problem = self.image.load(path)
            self.media_message.setText(problem)
            self.media.setCurrentIndex(MESSAGE if problem else IMAGE)
            if not problem:
                self._show_text(item)
                self._give_room()
                QTimer.singleShot(0, self, self._give_room)  # once the page is laid out
        elif item["kind"] == "other":
            self.media_message.setText(tr("The app keeps this file as it is (a contract, video, "
                                          "voice message or document) and does not read it; "
                                          "its fingerprint and time are beside it."))
            self.media.setCurrentIndex(MESSAGE)
        else:
            self.media_message.setText(tr("Its calls and messages are on the Timeline page."))
            self.media.setCurrentIndex(MESSAGE)

    def _give_room(self) -> None:
        """A picture gets most of the side's height (its details scroll above it)."""
        sizes = self.right.sizes()
        if sum(sizes) and sizes[1] < 0.6 * sum(sizes):
            self.right.setSizes([round(sum(sizes) * 0.3), round(sum(sizes) * 0.7)])
        across = self.splitter.sizes()
        if sum(across) and across[0] > 0.4 * sum(across):
            self.splitter.setSizes([round(sum(across) * 0.36), round(sum(across) * 0.64)])
        self.image.fit()

    def findings_arrived(self) -> None:
        """The findings' matched words are marked in a screenshot's text: shown again."""
        index = self.table.currentIndex()
        item = self.model.original(index.row()) if index.isValid() else None
        if self.isVisible() and self.session.case is not None and item is not None \
                and item["kind"] == "image":
            self._show_text(item)

    def _show_text(self, item: dict[str, Any]) -> None:
        """The text read off a screenshot beside it, its lines outlined on the image, those
        holding a finding's matched words in red."""
        case = self.session.case
        assert case is not None
        from evidence_logger.gui.models.screen_lines import marked_lines
        from evidence_logger.ocr.store import reading_of

        reading = reading_of(case.db, item["sha256"]) if item["kind"] == "image" else None
        self.screen_text.setVisible(item["kind"] == "image")
        if reading is None:
            flow = self.reading
            state = "reading" if flow is not None and flow.reading else "unread"
            self.screen_text.show_reading(None, {}, state)
            self.image.set_outlines([], 0, {})
            return
        events = set(self.model.events_of(item["sha256"]))
        words = sorted({word for finding in self.session.findings() or () if events & set(
            finding.events) for word in finding.matched}, key=len, reverse=True)
        marked = marked_lines(reading["lines"], words)
        self.screen_text.show_reading(reading, marked)
        self.image.set_outlines(reading["lines"], reading["width"], marked)
        found = self.found_lines.get(item["sha256"])
        if found:
            self.screen_text.select_line(found[0])

    # -- hooks --------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.current_sha()
        if self.session.case is None:
            self.shown_sha = ""
            self.player.shutdown()
        self._find_in_text()
        if self.session.case is None:
            self._loaded(chosen, None)
        else:  # a big case: on a worker
            self.reads.read(EvidenceModel.read, lambda data: self._loaded(chosen, data))

    def _loaded(self, chosen: str, data: tuple | None) -> None:
        self.model.show(data)
        self._fill_kinds()
        self._reselect(chosen)
        self._update_count()
        if self.listening.sha256 and self.listening.sha256 == self.shown_sha:
            self.listening.show_transcript(self.found_segments.get(self.shown_sha))

    def _fill_kinds(self) -> None:
        chosen = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(tr("All kinds"), "")
        for kind in self.model.kinds():
            self.kind.addItem(kind_label(kind), kind)
        if unplaced := self.model.unplaced_count():
            self.kind.addItem(tr("Unplaced recordings ({count})", count=unplaced), UNPLACED)
        index = self.kind.findData(chosen)
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)
        if index < 0 and chosen:
            self.model.set_filter("", self.search.text(),
                                  set(self.found_lines) | set(self.found_segments))

    def retranslate(self) -> None:
        super().retranslate()
        self.search.setPlaceholderText(tr("Search names, hashes, phones…"))
        self.search.setToolTip(tr("Also finds the text read off screenshots."))
        self.search.setAccessibleName(tr("Search the originals"))
        self.kind.setAccessibleName(tr("Kind of original"))
        self.table.setAccessibleName(tr("Originals"))
        self.media.setAccessibleName(tr("Preview"))
        self.empty.setText(tr("No originals yet. Drag the files from your phone (recordings, "
                              "screenshots, call and message exports) onto this window, or "
                              "choose File ▸ Import files."))
        self._fill_kinds()
        self.model.retranslate()
        self.detail.retranslate()
        self.place_box.retranslate()
        if self._panes is not None:
            for pane in (self._panes.listening, self._panes.image, self._panes.screen_text):
                pane.retranslate()
        self._update_count()
        if self.media.currentIndex() == MESSAGE and self.shown_sha:
            self._show_media(self.model.find(self.shown_sha))


class _Panes(NamedTuple):
    listening: RecordingView
    image: ImageView
    screen_text: ScreenTextPanel
    picture: QSplitter
    message: QLabel


def _ms(at: str | None) -> int | None:
    return int(datetime.fromisoformat(at).timestamp() * 1000) if at else None
