"""A look before importing a folder: what it holds by kind, with a tick per file.

The core's :func:`evidence_logger.import_preview.preview_paths` does the looking (on the worker
thread, :func:`preview_task`); :class:`PreviewDialog` shows its groups (call recordings,
screenshots, camera photos, exports, other evidence, files the app cannot take), each file
ticked as the core suggests: camera photos and files already in the case are not. Any file can
be left out; only the ticked ones are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui.models.evidence import human_size
from evidence_logger.i18n import tr

if TYPE_CHECKING:
    from evidence_logger.import_preview import Found, Preview

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def preview_task(folder: Path, paths: list[Path]):
    """A task factory: the look runs with its own read-only connection on the worker."""
    def run():
        from evidence_logger.case import Case
        from evidence_logger.import_preview import preview_paths

        with Case.open(folder, read_only=True) as case:
            return (yield from preview_paths(case, paths))
    return run


class PreviewDialog(QDialog):
    """What the folders hold, by kind; OK imports the ticked files (:meth:`chosen`)."""

    def __init__(self, parent: QWidget, preview: Preview) -> None:
        from evidence_logger.import_preview import CANNOT, GROUP_WORDS

        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(tr("What was found"))
        self.setMinimumSize(620, 440)
        layout = QVBoxLayout(self)
        counts = preview.counts()
        found = ", ".join(f"{tr(GROUP_WORDS[g])} {n}" for g, n in counts.items() if n)
        intro = QLabel(tr("Found {count} file(s): {found}. Tick what to import: camera photos "
                          "are left out unless you tick them, and files already in the case "
                          "are not imported again ({duplicates}).", count=len(preview.files),
                          found=found or "0", duplicates=preview.duplicates))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setAccessibleName(tr("Files found, by kind"))
        self.groups: dict[str, QTreeWidgetItem] = {}
        for group, count in counts.items():
            if not count:
                continue
            top = QTreeWidgetItem([f"{tr(GROUP_WORDS[group])} ({count})"])
            if group != CANNOT:  # one tick for the whole group
                top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable
                             | Qt.ItemFlag.ItemIsAutoTristate)
            self.tree.addTopLevelItem(top)
            self.groups[group] = top
            for item in preview.files:
                if item.group == group:
                    top.addChild(self._row(item, group == CANNOT))
            top.setExpanded(group != CANNOT or count <= 20)
        self.tree.itemChanged.connect(self._update)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def _row(self, item: Found, cannot: bool) -> QTreeWidgetItem:
        notes = [human_size(item.size)]
        if item.duplicate:
            notes.append(tr("already in the case"))
        text = f"{item.path.name}  ·  {' · '.join(notes)}\n{item.path.parent}"
        if item.reason:
            text += "\n" + item.reason
        row = QTreeWidgetItem([text])
        row.setData(0, PATH_ROLE, str(item.path))
        row.setToolTip(0, str(item.path))
        if cannot or item.duplicate:
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsUserCheckable
                         & ~Qt.ItemFlag.ItemIsEnabled)
        else:
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(0, Qt.CheckState.Checked if item.chosen
                              else Qt.CheckState.Unchecked)
        return row

    def _rows(self) -> list[QTreeWidgetItem]:
        rows = [top.child(i) for top in self.groups.values() for i in range(top.childCount())]
        return [row for row in rows if row is not None]

    def chosen(self) -> list[Path]:
        """The ticked files, in the order they were found."""
        return [Path(row.data(0, PATH_ROLE)) for row in self._rows()
                if row.flags() & Qt.ItemFlag.ItemIsUserCheckable
                and row.checkState(0) == Qt.CheckState.Checked]

    def set_chosen(self, path: Path, chosen: bool) -> None:
        """Tick or untick one file (what a click on its box does)."""
        for row in self._rows():
            if row.data(0, PATH_ROLE) == str(path):
                row.setCheckState(0, Qt.CheckState.Checked if chosen
                                  else Qt.CheckState.Unchecked)

    def _update(self, *_args: object) -> None:
        count = len(self.chosen())
        self.ok.setText(tr("Import {count} file(s)", count=count))
        self.ok.setEnabled(count > 0)
