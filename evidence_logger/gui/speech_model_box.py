"""Settings ▸ Speech model: what a model gives, the models added (the one in use marked), and
the two ways to add one: a folder already downloaded, or a download the user asks for (a pinned
address checked against its SHA-256, with a mirror reachable from mainland China). Nothing is
downloaded otherwise. The download runs on a runner of its own, with a bar and Cancel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.errors import UserFacingError
from evidence_logger.gui.labels import sentence
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.i18n import current_language, tr
from evidence_logger.progress import Progress
from evidence_logger.speech import download, models

log = logging.getLogger(__name__)


class SpeechModelBox(QGroupBox):
    """The speech model settings; ``changed`` is true once a model was added or removed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changed = False
        self.runner = TaskRunner(self)
        self.runner.progressed.connect(self._progressed)
        self.runner.succeeded.connect(self._downloaded)
        self.runner.failed.connect(self._download_failed)
        self.runner.cancelled.connect(self._download_cancelled)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.add_folder = QPushButton()
        self.add_folder.clicked.connect(self._choose_folder)
        self.use_button = QPushButton()
        self.use_button.clicked.connect(self._use)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._remove)
        self.offers = QComboBox()
        self.download_button = QPushButton()
        self.download_button.clicked.connect(self._download)
        self.bar = QProgressBar()
        self.bar.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.cancel_button.hide()
        self.said = QLabel()
        self.said.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.add_folder, self.use_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        fetch = QHBoxLayout()
        fetch.addWidget(self.offers, 1)
        fetch.addWidget(self.download_button)
        progress = QHBoxLayout()
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.cancel_button)
        column = QVBoxLayout(self)
        column.addWidget(self.about)
        column.addWidget(self.list)
        column.addLayout(row)
        column.addLayout(fetch)
        column.addLayout(progress)
        column.addWidget(self.said)
        self.fill()
        self.retranslate()

    def fill(self) -> None:
        self.list.clear()
        in_use = models.active()
        for model in models.list_models():
            mark = " ✓" if in_use is not None and model.name == in_use.name else ""
            item = QListWidgetItem(f"{model.name} ({model.kind}, {model.size // 1_000_000} MB)"
                                   f"{mark}")
            item.setData(256, model.name)
            self.list.addItem(item)
        has = self.list.count() > 0
        self.use_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        chinese = current_language().chinese
        self.offers.clear()
        for offer in download.catalogue():
            self.offers.addItem(offer.title_zh if chinese else offer.title_en, offer.name)

    def _chosen(self) -> str | None:
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() else None)
        return None if item is None else str(item.data(256))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("The folder of a speech model"))
        if folder:
            self.add_from(Path(folder))

    def add_from(self, folder: Path) -> None:
        try:
            model = models.add(folder)
        except UserFacingError as error:
            self.said.setText(error.message())
            return
        self.changed = True
        self.said.setText(tr("Added the speech model {name} ({kind}); it is used from now on.",
                             name=model.name, kind=model.kind))
        self.fill()

    def _use(self) -> None:
        name = self._chosen()
        if name:
            models.choose(name)
            self.changed = True
            self.fill()

    def _remove(self) -> None:
        name = self._chosen()
        if name:
            models.remove(name)
            self.changed = True
            self.said.setText(tr("Removed the speech model {name}.", name=name))
            self.fill()

    def _download(self) -> None:
        name = self.offers.currentData()
        if not name or self.runner.running:
            return
        steps: Any = download.download(str(name))
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel_button.show()
        self.download_button.setEnabled(False)
        self.said.setText("")
        self.runner.start(lambda: steps)

    def _progressed(self, progress: Any) -> None:
        if isinstance(progress, Progress) and progress.total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * (progress.fraction or 0)))

    def _ended(self, text: str) -> None:
        self.bar.hide()
        self.cancel_button.hide()
        self.download_button.setEnabled(True)
        self.said.setText(text)
        self.fill()

    def _downloaded(self, model: Any) -> None:
        self.changed = True
        self._ended(tr("Added the speech model {name} ({kind}); it is used from now on.",
                       name=model.name, kind=model.kind))

    def _download_failed(self, error: Any) -> None:
        self._ended(sentence(error))

    def _download_cancelled(self) -> None:
        self._ended(tr("The download was cancelled; nothing of it was kept."))

    def retranslate(self) -> None:
        self.setTitle(tr("Speech model (transcripts of recordings)"))
        self.about.setText(tr(
            "A speech model lets the app transcribe call recordings on this computer, offline: "
            "the rules then find threats spoken in calls (with the second they were said), "
            "search finds a call by what was said, and the dossier prints each transcript, "
            "marked as machine-made. No package ships a Chinese model, so you add one: a "
            "folder you downloaded (SenseVoice-Small or Paraformer-zh for sherpa-onnx: "
            "model.int8.onnx and tokens.txt), or a download you ask for here. Nothing is "
            "downloaded unless you press Download."))
        self.add_folder.setText(tr("Add from a folder…"))
        self.use_button.setText(tr("Use this one"))
        self.remove_button.setText(tr("Remove"))
        self.download_button.setText(tr("Download"))
        self.cancel_button.setText(tr("Cancel"))
        self.list.setAccessibleName(tr("Speech models added"))
        self.offers.setAccessibleName(tr("Speech models that can be downloaded"))
