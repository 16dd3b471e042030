"""The Evidence page's detail pane: everything known about one original (its full SHA-256 with a
copy button, its time and where that time comes from, the original it is part of, the events it
backs) and buttons to show those events in the timeline or the vault file in its folder.

Signals: ``events_requested(list)`` (event ids), ``original_requested(str)`` (a SHA-256).
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui.models.evidence import SOURCE_LABELS, TRUST_LABELS, human_size, kind_label
from evidence_logger.i18n import N_, tr

log = logging.getLogger(__name__)

FIELDS = ("name", "kind", "format", "size", "details", "time", "time_source", "phone",
          "imported", "source_path", "parent", "sha256", "events")
FIELD_LABELS = {"name": N_("Name"), "kind": N_("Kind"), "format": N_("Format"),
                "size": N_("Size"), "details": N_("Details"), "time": N_("Time"),
                "time_source": N_("Time from"), "phone": N_("Phone"),
                "imported": N_("Imported"), "source_path": N_("Imported from"),
                "parent": N_("Part of"), "sha256": N_("SHA-256"), "events": N_("Backs")}


def time_sentence(item: dict[str, Any]) -> str:
    """Where an original's time comes from and how far it can be trusted, in words."""
    if not item.get("at") and item.get("parent_sha256"):
        return tr("It has no time of its own: it has the time of the message it came with.")
    if not item.get("at"):
        return tr("This file has no time of its own; each record in it carries its own time.")
    source = SOURCE_LABELS.get(item.get("at_source") or "", item.get("at_source") or "?")
    trust = TRUST_LABELS.get(item.get("at_trust") or "", item.get("at_trust") or "?")
    return tr("Taken from {source}. How far it can be trusted: {trust}.", source=source,
              trust=trust)


def details(item: dict[str, Any]) -> str:
    """A recording's length and codec, an image's size in pixels."""
    meta = item.get("meta") or {}
    parts = []
    if meta.get("duration"):
        seconds = int(meta["duration"])
        parts.append(f"{seconds // 60}:{seconds % 60:02d}")
    if meta.get("codec"):
        parts.append(str(meta["codec"]))
    if meta.get("sample_rate"):
        parts.append(f"{meta['sample_rate']} Hz")
    if meta.get("width") and meta.get("height"):
        parts.append(f"{meta['width']} × {meta['height']} px")
    if meta.get("records") is not None:
        parts.append(tr("{count} record(s)", count=meta["records"]))
    return ", ".join(parts)


class EvidenceDetail(QWidget):
    """The metadata of the selected original; :meth:`show_original` fills it."""

    events_requested = Signal(list)
    original_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: dict[str, Any] | None = None
        self.events: list[int] = []
        self.vault_path: Path | None = None
        self.parent_name = ""
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for field in FIELDS:
            name, value = QLabel(), QLabel()
            value.setWordWrap(True)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            name.setBuddy(value)
            self.names[field], self.values[field] = name, value
            if field == "sha256":
                value.setVisible(False)  # the hash is shown whole in a read-only line edit
                self.sha_edit = QLineEdit()
                self.sha_edit.setReadOnly(True)
                self.sha_edit.setFont(QFontDatabase.systemFont(
                    QFontDatabase.SystemFont.FixedFont))
                name.setBuddy(self.sha_edit)
                row = QHBoxLayout()
                row.addWidget(self.sha_edit, 1)
                self.copy_button = QPushButton()
                self.copy_button.clicked.connect(self.copy_hash)
                row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
                self.form.addRow(name, row)
            else:
                self.form.addRow(name, value)
        parent_label = self.values["parent"]
        parent_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        parent_label.linkActivated.connect(self.original_requested.emit)
        buttons = QHBoxLayout()
        self.timeline_button = QPushButton()
        self.timeline_button.clicked.connect(self._show_events)
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.show_in_folder)
        buttons.addWidget(self.timeline_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.form)
        column.addLayout(buttons)
        column.addStretch(1)
        self.show_original(None)
        self.retranslate()

    def show_original(self, item: dict[str, Any] | None, events: list[int] | None = None,
                      vault_path: Path | None = None, parent_name: str = "") -> None:
        """Fill the pane with ``item`` (a ``listing.evidence`` dict), or empty it."""
        self.item, self.events, self.vault_path = item, list(events or []), vault_path
        self.parent_name = parent_name
        for value in self.values.values():
            value.clear()
        for field in FIELDS:
            visible = item is not None and (
                field not in ("parent", "source_path", "details", "time")
                or bool(self._value(field)))
            self.names[field].setVisible(visible)
            self.values[field].setVisible(visible and field != "sha256")
        if item is not None:
            for field in FIELDS:
                self.values[field].setText(self._value(field, parent_name))
        self.sha_edit.setText(item["sha256"] if item is not None else "")
        self.sha_edit.setCursorPosition(0)
        self.sha_edit.setVisible(item is not None)
        self.copy_button.setText(tr("Copy"))
        self.copy_button.setVisible(item is not None)
        self.timeline_button.setVisible(item is not None)
        self.folder_button.setVisible(item is not None)
        self.timeline_button.setEnabled(bool(self.events))
        self.folder_button.setEnabled(vault_path is not None)

    def _value(self, field: str, parent_name: str = "") -> str:
        item = self.item
        assert item is not None
        if field == "parent":
            sha = item.get("parent_sha256")
            if not sha:
                return ""
            where = item.get("parent_locator") or ""
            return (f"<a href='{sha}'>{escape(parent_name or sha[:12] + '…')}</a>"
                    + (f" ({escape(where)})" if where else ""))
        simple = {"name": item["name"], "kind": kind_label(item["kind"]),
                  "format": item["format"], "size": tr("{size} ({bytes} bytes)",
                                                       size=human_size(item["size"]),
                                                       bytes=f"{item['size']:,}"),
                  "details": details(item), "time": (item["at"] or "").replace("T", " "),
                  "time_source": time_sentence(item), "sha256": item["sha256"],
                  "phone": tr("my phone") if item["owner"] == "self" else item["owner"],
                  "imported": (item["imported_at"] or "").replace("T", " "),
                  "source_path": item.get("source_path") or ""}
        if field == "events":
            return tr("{count} call(s) or message(s)", count=len(self.events))
        return simple.get(field, "")

    def copy_hash(self) -> None:
        if self.item is not None:
            QGuiApplication.clipboard().setText(self.item["sha256"])
            self.copy_button.setText(tr("Copied"))

    def _show_events(self) -> None:
        if self.events:
            self.events_requested.emit(list(self.events))

    def show_in_folder(self) -> None:
        """Open the vault folder holding the original (the file itself is read-only)."""
        if self.vault_path is not None:
            log.info("showing %s in its folder", self.vault_path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.vault_path.parent)))

    def retranslate(self) -> None:
        for field, name in self.names.items():
            name.setText(tr(FIELD_LABELS[field]) + ":")
            self.values[field].setAccessibleName(tr(FIELD_LABELS[field]))
        self.sha_edit.setAccessibleName(tr("SHA-256 of the original"))
        self.copy_button.setText(tr("Copy"))
        self.copy_button.setAccessibleName(tr("Copy the SHA-256"))
        self.timeline_button.setText(tr("Show in timeline"))
        self.timeline_button.setAccessibleName(tr("Show the events it backs in the timeline"))
        self.folder_button.setText(tr("Show in folder"))
        self.folder_button.setAccessibleName(tr("Show the stored original in its folder"))
        self.folder_button.setToolTip(tr("The stored copy is read-only: it is the evidence."))
        if self.item is not None:
            self.show_original(self.item, self.events, self.vault_path, self.parent_name)
