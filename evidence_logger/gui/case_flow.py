"""Making, opening and closing cases from the window: a new case, an existing case, an
evidence bundle opened as a lawyer (verified first, on a worker thread), the sample case."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from evidence_logger.errors import reason
from evidence_logger.gui import settings as keys
from evidence_logger.gui.labels import sentence
from evidence_logger.gui.progress import run_with_progress
from evidence_logger.gui.session import Session
from evidence_logger.gui.settings import Settings
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.i18n import tr
from evidence_logger.paths import cases_dir, home_dir, opened_bundles_dir

log = logging.getLogger(__name__)


def open_bundle_task(path: Path, folder: Path, password: str | None):
    def run():
        from evidence_logger.bundle.opening import iter_open_bundle

        case = yield from iter_open_bundle(path, folder, password=password)
        case.close()
        return folder
    return run


def sample_task(folder: Path):
    def run():
        from evidence_logger.demo import make_demo

        return (yield from make_demo(folder))
    return run


class CaseFlow:
    """The window's case actions; errors become sentences in a message box."""

    def __init__(self, window: QWidget, session: Session, runner: TaskRunner,
                 settings: Settings) -> None:
        self.window = window
        self.session = session
        self.runner = runner
        self.settings = settings

    def _base(self) -> Path:
        chosen = self.settings.get(keys.CASES_FOLDER)
        return Path(chosen) if chosen else cases_dir()

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    # -- cases --------------------------------------------------------------------------

    def new_case(self) -> None:
        from evidence_logger.case import CaseError
        from evidence_logger.gui.case_dialogs import NewCaseDialog

        dialog = NewCaseDialog(self.window, self._base())
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.session.create(**dialog.values())
                return
            except CaseError as error:
                dialog.show_error(sentence(error))

    def choose_case(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, tr("Open a case folder"),
                                                  str(self._base()))
        if folder:
            self.open_case(Path(folder))

    def open_case(self, folder: Path) -> bool:
        from evidence_logger.case import CaseError

        try:
            self.session.open(folder)
            return True
        except CaseError as error:
            self._warn(tr("Open a case"), sentence(error))
            return False

    # -- bundles ------------------------------------------------------------------------

    def choose_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open an evidence bundle"),
                                              str(home_dir()), tr("Evidence bundles (*.zip)"))
        if path:
            self.open_bundle(Path(path))

    def open_bundle(self, path: Path, password: str | None = None) -> None:
        if self.runner.running:
            return
        folder = opened_bundles_dir() / f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}"
        number = 2
        while folder.exists():
            folder = folder.with_name(f"{folder.name}-{number}")
            number += 1

        def failed(error: Exception) -> None:
            from evidence_logger.bundle.opening import OpenError
            from evidence_logger.case import CaseError

            if isinstance(error, OpenError) and error.needs_password:
                prompt = tr("{name} is protected by a password. Password:", name=path.name)
                if password is not None:
                    prompt = tr("The password is wrong.") + "\n" + prompt
                given, ok = QInputDialog.getText(self.window, tr("Open an evidence bundle"),
                                                 prompt, QLineEdit.EchoMode.Password)
                if ok and given:
                    self.open_bundle(path, given)
                return
            if isinstance(error, (OpenError, CaseError)):
                text = sentence(error)
            else:
                text = tr("{name} cannot be opened: {reason}", name=path.name,
                          reason=reason(error))
            self._warn(tr("Open an evidence bundle"), text)

        run_with_progress(self.window, self.runner, tr("Checking the bundle…"),
                          open_bundle_task(path, folder, password),
                          self.open_case, failed)

    # -- the sample ---------------------------------------------------------------------

    def sample_case(self) -> None:
        if self.runner.running:
            return
        base = self._base()
        folder = base / tr("Sample case")
        number = 2
        while folder.exists():
            folder = base / f"{tr('Sample case')} {number}"
            number += 1

        def failed(error: Exception) -> None:
            self._warn(tr("Explore a sample case"),
                       tr("The sample case could not be made: {reason}", reason=reason(error)))

        run_with_progress(self.window, self.runner, tr("Making the sample case…"),
                          sample_task(folder), lambda made: self.open_case(Path(made)), failed)



