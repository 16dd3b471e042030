"""The Evidence page's model: every original of the case (``listing.evidence``), filtered by kind
and text and sorted in Python, like the timeline's model; plus the words for the originals'
kinds and for where their times come from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from evidence_logger.gui.models.table import RowsModel
from evidence_logger.i18n import N_, tr
from evidence_logger.listing import backing_events, evidence, evidence_kind

SOURCE_LABELS = {
    "carrier": N_("the carrier's call-detail record (a third party's record)"),
    "log": N_("the phone's call or message log"),
    "sidecar": N_("the recording app's own record beside the file"),
    "exif": N_("the date stored inside the picture (EXIF)"),
    "file-name": N_("the date in the file's name"),
    "file-mtime": N_("the file's modification time, which copying can change"),
    "user": N_("what you entered yourself"),
    "placed": N_("the time you gave when placing this recording on a call"),
}
SOURCE_SHORT = {"carrier": N_("carrier's record"),
                "log": N_("phone's log"), "sidecar": N_("app's record"), "exif": N_("EXIF"),
                "file-name": N_("file name"), "file-mtime": N_("file date"),
                "user": N_("entered by you"),
                "placed": N_("placed by you")}
TRUST_LABELS = {"strong": N_("strong"), "medium": N_("medium"), "weak": N_("weak")}

COLUMNS = (N_("Name"), N_("Kind"), N_("Format"), N_("Size"), N_("Time"), N_("Time from"),
           N_("Phone"), N_("Imported"))
SHA_ROLE = Qt.ItemDataRole.UserRole + 1
UNPLACED = "unplaced"  # the kind filter's value for recordings no call rests on
ALTERED = N_("ALTERED in the bundle")
ALTERED_TIP = N_("This file was damaged or changed after the bundle was exported: it is not "
                 "the file that was signed, and it was not taken out of the bundle. Ask for "
                 "the bundle again.")
ALTERED_COLOR = "#c62828"
SORT_KEYS = (
    lambda r: r["name"].casefold(), lambda r: r["kind"], lambda r: r["format"],
    lambda r: r["size"], lambda r: r["at"] or "", lambda r: r["at_source"] or "",
    lambda r: r["owner"], lambda r: r["imported_at"] or "",
)



def kind_label(kind: str) -> str:
    return evidence_kind(kind)


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


class EvidenceModel(RowsModel):
    columns = COLUMNS
    sort_keys = SORT_KEYS

    """All originals of a case; :meth:`set_filter` and :meth:`sort` rearrange the visible rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[dict[str, Any]] = []
        self._rows: list[dict[str, Any]] = []
        self._events: dict[str, list[int]] = {}
        self._kind = ""
        self._text = ""
        self._in_text: set[str] = set()  # originals whose read text holds the search
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    # -- loading ------------------------------------------------------------------------

    def load(self, case: Any) -> None:
        self.show(self.read(case) if case is not None else None)

    @staticmethod
    def read(case: Any) -> tuple:
        """What :meth:`show` shows of ``case`` (Qt-free: on a worker for a big case)."""
        return list(evidence(case)), backing_events(case)

    def show(self, data: tuple | None) -> None:
        """Show what :meth:`read` read (None: no case)."""
        self.beginResetModel()
        self._all, self._events = data if data is not None else ([], {})
        self._rows = self._apply()
        self.endResetModel()

    def set_filter(self, kind: str = "", text: str = "", in_text: set[str] | None = None
                   ) -> None:
        """Show the originals of ``kind`` matching ``text``; ``in_text``: the SHA-256s of the
        screenshots whose machine-read text holds it (they match too)."""
        self.beginResetModel()
        self._kind, self._text = kind, text.strip()
        self._in_text = set(in_text or ())
        self._rows = self._apply()
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._all)

    def kinds(self) -> list[str]:
        return sorted({r["kind"] for r in self._all})

    def _apply(self) -> list[dict[str, Any]]:
        rows = self._all
        if self._kind == UNPLACED:
            rows = [r for r in rows if self.is_unplaced(r)]
        elif self._kind:
            rows = [r for r in rows if r["kind"] == self._kind]
        if self._text:
            needle = self._text.casefold()
            rows = [r for r in rows if needle in r["name"].casefold()
                    or needle in r["sha256"] or needle in r["owner"]
                    or needle in r["format"].casefold() or needle in (r["at"] or "")
                    or r["sha256"] in self._in_text]
        return self.sorted_rows(rows)

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

    def is_unplaced(self, row: dict[str, Any]) -> bool:
        """A recording no call rests on (its name gave no number or no time)."""
        return row["kind"] == "recording" and row["sha256"] not in self._events

    def unplaced_count(self) -> int:
        return sum(1 for r in self._all if self.is_unplaced(r))

    # -- Qt's model interface -------------------------------------------------------------

    @staticmethod
    def is_altered(row: dict[str, Any]) -> bool:
        """An original of an opened bundle that was damaged or changed after export."""
        return bool((row.get("meta") or {}).get("altered_in_bundle"))

    def cell(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._display(row, column)
            return f"⚠ {text} — {tr(ALTERED)}" if column == 0 and self.is_altered(row) \
                else text
        if role == Qt.ItemDataRole.ForegroundRole and self.is_altered(row):
            return QColor(ALTERED_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            tip = f"{row['name']}\nSHA-256 {row['sha256']}"
            return tip + "\n" + tr(ALTERED_TIP) if self.is_altered(row) else tip
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
