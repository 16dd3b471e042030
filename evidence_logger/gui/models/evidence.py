"""The Evidence page's model: every original of the case (``listing.evidence``), filtered by kind
and text and sorted in Python, like the timeline's model; plus the words for the originals'
kinds and for where their times come from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from evidence_logger.i18n import N_, tr
from evidence_logger.listing import evidence

KIND_LABELS = {"recording": N_("recording"), "image": N_("screenshot or photo"),
               "call-log": N_("call log"), "messages": N_("messages"),
               "attachment": N_("message attachment"), "metadata": N_("metadata")}
SOURCE_LABELS = {
    "log": N_("the phone's call or message log"),
    "sidecar": N_("the recording app's own record beside the file"),
    "exif": N_("the date stored inside the picture (EXIF)"),
    "file-name": N_("the date in the file's name"),
    "file-mtime": N_("the file's modification time, which copying can change"),
    "user": N_("what you entered yourself"),
}
SOURCE_SHORT = {"log": N_("phone's log"), "sidecar": N_("app's record"), "exif": N_("EXIF"),
                "file-name": N_("file name"), "file-mtime": N_("file date"),
                "user": N_("entered by you")}
TRUST_LABELS = {"strong": N_("strong"), "medium": N_("medium"), "weak": N_("weak")}

COLUMNS = (N_("Name"), N_("Kind"), N_("Format"), N_("Size"), N_("Time"), N_("Time from"),
           N_("Phone"), N_("Imported"))
SHA_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEYS = (
    lambda r: r["name"].casefold(), lambda r: r["kind"], lambda r: r["format"],
    lambda r: r["size"], lambda r: r["at"] or "", lambda r: r["at_source"] or "",
    lambda r: r["owner"], lambda r: r["imported_at"] or "",
)

Index = QModelIndex | QPersistentModelIndex


def kind_label(kind: str) -> str:
    return tr(KIND_LABELS.get(kind, kind))


def source_label(source: str | None) -> str:
    return tr(SOURCE_LABELS.get(source, source)) if source else tr("unknown")


def human_size(size: int) -> str:
    """``812 B``, ``6.3 KB``, ``14.0 MB``: sizes as a person reads them (1 KB = 1024 B)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def backing_events(case: Any) -> dict[str, list[int]]:
    """Each original's SHA-256 -> the ids of the events it backs (read or linked)."""
    rows = case.db.execute("""
        SELECT v.sha256, x.event_id FROM evidence v JOIN (
            SELECT evidence_id, event_id FROM observations WHERE event_id IS NOT NULL
            UNION SELECT evidence_id, event_id FROM event_links) x ON x.evidence_id = v.id
        ORDER BY v.sha256, x.event_id""")
    found: dict[str, list[int]] = {}
    for sha, event_id in rows:
        found.setdefault(sha, []).append(event_id)
    return found


class EvidenceModel(QAbstractTableModel):
    """All originals of a case; :meth:`set_filter` and :meth:`sort` rearrange the visible rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[dict[str, Any]] = []
        self._rows: list[dict[str, Any]] = []
        self._events: dict[str, list[int]] = {}
        self._kind = ""
        self._text = ""
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    # -- loading ------------------------------------------------------------------------

    def load(self, case: Any) -> None:
        self.beginResetModel()
        self._all = list(evidence(case)) if case is not None else []
        self._events = backing_events(case) if case is not None else {}
        self._rows = self._apply()
        self.endResetModel()

    def set_filter(self, kind: str = "", text: str = "") -> None:
        self.beginResetModel()
        self._kind, self._text = kind, text.strip()
        self._rows = self._apply()
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._all)

    def kinds(self) -> list[str]:
        return sorted({r["kind"] for r in self._all})

    def _apply(self) -> list[dict[str, Any]]:
        rows = self._all
        if self._kind:
            rows = [r for r in rows if r["kind"] == self._kind]
        if self._text:
            needle = self._text.casefold()
            rows = [r for r in rows if needle in r["name"].casefold()
                    or needle in r["sha256"] or needle in r["owner"]
                    or needle in r["format"].casefold() or needle in (r["at"] or "")]
        column, order = self._sort
        return sorted(rows, key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)

    # -- lookups ------------------------------------------------------------------------

    def original(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, sha256: str) -> int:
        """The visible row of an original, or -1."""
        return next((i for i, r in enumerate(self._rows) if r["sha256"] == sha256), -1)

    def find(self, sha256: str) -> dict[str, Any] | None:
        """An original of the case, shown or not."""
        return next((r for r in self._all if r["sha256"] == sha256), None)

    def events_of(self, sha256: str) -> list[int]:
        return self._events.get(sha256, [])

    # -- Qt's model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{row['name']}\nSHA-256 {row['sha256']}"
        if role == SHA_ROLE:
            return row["sha256"]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            return row["name"]
        if column == 1:
            return kind_label(row["kind"])
        if column == 2:
            return row["format"]
        if column == 3:
            return human_size(row["size"])
        if column == 4:
            return (row["at"] or "").replace("T", " ")[:19]
        if column == 5:
            if not row["at_source"]:
                return ""
            return tr("{source} ({trust})", source=SOURCE_SHORT.get(row["at_source"],
                                                                    row["at_source"]),
                      trust=TRUST_LABELS.get(row["at_trust"] or "", row["at_trust"] or "?"))
        if column == 6:
            return tr("my phone") if row["owner"] == "self" else row["owner"]
        return (row["imported_at"] or "").replace("T", " ")[:19]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        shas = [self._rows[i.row()]["sha256"] for i in kept]
        self._sort = (column, order)
        self._rows.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        rows = {r["sha256"]: n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            kept, [self.index(rows[sha], i.column()) for i, sha in zip(kept, shas)])
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1))
