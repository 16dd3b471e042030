"""The settings dialog's "Trusted time" box: whether imports and exports ask a time-stamp
authority (TSA) for RFC 3161 tokens, which one, and the authority's root certificate.

App-wide, like the command line's ``timestamps set|off`` (the same file,
:mod:`evidence_logger.trusted_time.settings`); off by default, and the box says that turning it
on makes the app connect to the authority. Each change is saved at once when it can be used;
otherwise the box says why and keeps what was saved before. With a case open it says how many
of its originals no token covers yet, and stamps them on request (``timestamps retry``), on
the window's task runner.

Signals: ``stamped(object)``: the StampOutcome of a request (None: nothing was asked), or the
exception that stopped it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from evidence_logger.errors import reason
from evidence_logger.gui.progress import run_with_progress
from evidence_logger.gui.session import Session
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.i18n import tr
from evidence_logger.paths import home_dir
from evidence_logger.trusted_time import settings as tsa_settings
from evidence_logger.trusted_time.authorities import AUTHORITIES, find

log = logging.getLogger(__name__)

OTHER = "other"


def stamp_task(folder: Path):
    """A task factory: the waiting originals stamped with the worker's own connection."""
    def run():
        from evidence_logger.case import Case
        from evidence_logger.trusted_time.store import stamp_waiting

        with Case.open(folder) as case:
            return (yield from stamp_waiting(case))
    return run


class TrustedTimeBox(QGroupBox):
    stamped = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, session: Session | None = None,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.saved = tsa_settings.load()
        form = QFormLayout(self)
        self.enabled = QCheckBox()
        self.enabled.setChecked(self.saved.enabled)
        form.addRow(self.enabled)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        form.addRow(self.explain)
        self.authority = QComboBox()
        for authority in AUTHORITIES:
            self.authority.addItem(authority.name, authority.id)
        self.authority.addItem("", OTHER)
        known = find(self.saved.tsa)
        self.authority.setCurrentIndex(self.authority.findData(known.id if known else OTHER))
        self.authority_label = QLabel()
        self.authority_label.setBuddy(self.authority)
        form.addRow(self.authority_label, self.authority)
        self.about = QLabel()
        self.about.setWordWrap(True)
        form.addRow(self.about)
        self.url = QLineEdit(self.saved.tsa)
        self.url.setPlaceholderText("https://")
        self.url_label = QLabel()
        self.url_label.setBuddy(self.url)
        form.addRow(self.url_label, self.url)
        self.ca = QLabel()
        self.ca.setWordWrap(True)
        self.choose_ca = QPushButton()
        self.choose_ca.clicked.connect(self._choose_ca)
        row = QHBoxLayout()
        row.addWidget(self.ca, 1)
        row.addWidget(self.choose_ca)
        self.ca_label = QLabel()
        self.ca_label.setBuddy(self.choose_ca)
        form.addRow(self.ca_label, row)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.waiting = QLabel()
        self.waiting.setWordWrap(True)
        self.stamp_now = QPushButton()
        self.stamp_now.clicked.connect(self.stamp_waiting)
        row = QHBoxLayout()
        row.addWidget(self.waiting, 1)
        row.addWidget(self.stamp_now)
        form.addRow(row)
        self.enabled.toggled.connect(lambda _on: self.apply())
        self.authority.currentIndexChanged.connect(self._authority_chosen)
        self.url.editingFinished.connect(self.apply)
        self.retranslate()

    def _case(self):
        case = self.session.case if self.session is not None else None
        return None if case is None or case.read_only_bundle else case

    def _show_waiting(self) -> None:
        case = self._case()
        self.waiting.setVisible(case is not None)
        self.stamp_now.setVisible(case is not None)
        if case is None:
            return
        from evidence_logger.trusted_time.store import status

        count = len(status(case).waiting)
        self.waiting.setText(
            tr("{count} original(s) of this case have no trusted timestamp yet.", count=count)
            if count else tr("Every original of this case has a trusted timestamp."))
        self.stamp_now.setEnabled(bool(count) and self.saved.active and self.runner is not None)

    def stamp_waiting(self) -> bool:
        """Ask for a token over the originals that wait (Stamp them now)."""
        case = self._case()
        if case is None or self.runner is None or not self.saved.active:
            return False
        if self.runner.running:
            self.message.setText(tr("Another task is still running; wait for it to finish."))
            return False
        run_with_progress(self, self.runner, tr("Asking for a trusted timestamp…"),
                          stamp_task(case.folder), self._stamped, self._stamp_failed)
        return True

    def _stamped(self, outcome) -> None:
        if self.session is not None:
            self.session.notify_changed()  # the token's custody entry
        self.message.setText(outcome.sentence() if outcome is not None else "")
        self._show_waiting()
        self.stamped.emit(outcome)

    def _stamp_failed(self, error: Exception) -> None:
        self.message.setText(tr("The timestamp could not be asked for: {reason}.",
                                reason=reason(error)))
        self.stamped.emit(error)

    def _authority_chosen(self) -> None:
        authority = find(self.authority.currentData())
        if authority is not None:
            self.url.setText(authority.url or "")
        self.retranslate()
        if authority is None or authority.url:
            self.apply()

    def _choose_ca(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, tr("The authority's root certificate"), str(home_dir()),
            tr("Certificates (*.pem *.crt *.cer)"))
        if chosen:
            self.set_ca_file(Path(chosen))

    def set_ca_file(self, path: Path) -> bool:
        """Take the authority's root certificate from ``path`` (for tests too)."""
        try:
            pem = tsa_settings.check_ca(path.read_bytes())
        except tsa_settings.SettingsError as error:
            self.message.setText(error.message())
            return False
        except OSError as error:
            self.message.setText(tr("{path} cannot be read: {reason}.", path=path,
                                    reason=error.strerror or str(error)))
            return False
        self.saved.ca_pem = pem
        return self.apply()

    def apply(self) -> bool:
        """Save what the box shows, if it can be used; say why not otherwise."""
        on = self.enabled.isChecked()
        text = self.url.text().strip()
        try:
            url = tsa_settings.check_url(text) if text or on else ""
        except tsa_settings.SettingsError as error:
            self.message.setText(error.message())
            if on:
                self.enabled.blockSignals(True)
                self.enabled.setChecked(False)
                self.enabled.blockSignals(False)
            self.saved.enabled = False
            tsa_settings.save(self.saved)
            return False
        self.saved.tsa, self.saved.enabled = url, on
        tsa_settings.save(self.saved)
        log.info("trusted time %s: %s", "on" if on else "off", url)
        self.message.setText(
            tr("No root certificate of the authority is set: its tokens cannot be checked and "
               "will not be kept.") if on and not self.saved.ca_pem else "")
        self._show_ca()
        self._show_waiting()
        return True

    def _show_ca(self) -> None:
        if not self.saved.ca_pem:
            self.ca.setText(tr("none"))
            return
        from cryptography import x509

        roots = x509.load_pem_x509_certificates(self.saved.ca_pem.encode("ascii"))
        self.ca.setText("; ".join(c.subject.rfc4514_string() for c in roots))

    def retranslate(self) -> None:
        self.setTitle(tr("Trusted time (RFC 3161 timestamps)"))
        self.enabled.setText(tr("Ask a time-stamp authority for trusted timestamps"))
        self.explain.setText(tr("After each import (over the new originals' hashes) and on each "
                                "export (over the bundle's tag manifest). This connects to the "
                                "authority over the internet and sends it hashes only, never a "
                                "file; when off, nothing leaves this computer. A timestamp "
                                "proves that the files existed unchanged from that time, not "
                                "that what they show is true."))
        self.authority_label.setText(tr("Authority:"))
        self.authority.setItemText(self.authority.count() - 1, tr("Another address…"))
        self.url_label.setText(tr("Address (URL):"))
        self.url.setAccessibleName(tr("The authority's address"))
        self.ca_label.setText(tr("Root certificate:"))
        self.choose_ca.setText(tr("Choose…"))
        self.choose_ca.setAccessibleName(tr("Choose the authority's root certificate"))
        self.stamp_now.setText(tr("Stamp them now"))
        authority = find(self.authority.currentData())
        if authority is None:
            self.about.setText(tr("Enter the RFC 3161 address the authority gave you."))
        else:
            self.about.setText(tr("Cost: {cost}; {account}; {note}.", cost=tr(authority.cost),
                                  account=tr("account needed") if authority.account
                                  else tr("no account"), note=tr(authority.note)))
        self._show_ca()
        self._show_waiting()
