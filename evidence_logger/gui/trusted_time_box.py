"""The settings dialog's "Trusted time" box: whether imports and exports ask a time-stamp
authority (TSA) for RFC 3161 tokens, which one, and the authority's root certificate.

App-wide, like the command line's ``timestamps set|off`` (the same file,
:mod:`evidence_logger.trusted_time.settings`); off by default, and the box says that turning it
on makes the app connect to the authority. Each change is saved at once when it can be used;
otherwise the box says why and keeps what was saved before.
"""

from __future__ import annotations

import logging
from pathlib import Path

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

from evidence_logger.i18n import tr
from evidence_logger.paths import home_dir
from evidence_logger.trusted_time import settings as tsa_settings
from evidence_logger.trusted_time.authorities import AUTHORITIES, find

log = logging.getLogger(__name__)

OTHER = "other"


class TrustedTimeBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.enabled.toggled.connect(lambda _on: self.apply())
        self.authority.currentIndexChanged.connect(self._authority_chosen)
        self.url.editingFinished.connect(self.apply)
        self.retranslate()

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
        authority = find(self.authority.currentData())
        if authority is None:
            self.about.setText(tr("Enter the RFC 3161 address the authority gave you."))
        else:
            self.about.setText(tr("Cost: {cost}; {account}; {note}.", cost=tr(authority.cost),
                                  account=tr("account needed") if authority.account
                                  else tr("no account"), note=tr(authority.note)))
        self._show_ca()
