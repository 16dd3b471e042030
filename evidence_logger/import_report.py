"""What an import did, file by file: what was imported (with what its reader said), what was
already in the case, and what could not be, each with a sentence for the user. The report of
:func:`evidence_logger.importing.import_paths`, read by the command line and the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_logger.records import FileNote


@dataclass(slots=True)
class Problem:
    """A file, or part of one, that could not be imported, with the reason as a sentence."""

    path: str
    template: str
    params: dict[str, Any]
    skipped: bool  # True: nothing of the file was imported; False: only part of it
    needs_year: bool = False  # its dates have no year: import it again with one (YearNeeded)

    def message(self, lang: str | None = None) -> str:
        from evidence_logger.i18n import tr

        return tr(self.template, lang, **self.params)


@dataclass(slots=True)
class Imported:
    path: str
    sha256: str
    kind: str
    format: str
    events_added: int = 0
    events_joined: int = 0
    notes: list[FileNote] = field(default_factory=list)  # what the reader said of the file
    unplaced: str | None = None  # a recording no call rests on: "no-time" or "no-number"

    def note_lines(self, lang: str | None = None) -> list[str]:
        return [note.message(Path(self.path).name, lang) for note in self.notes]


@dataclass(slots=True)
class ImportReport:
    imported: list[Imported] = field(default_factory=list)
    already: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256)
    problems: list[Problem] = field(default_factory=list)
    timestamp: Any = None  # trusted_time.store.StampOutcome: the import token, or why none

    @property
    def complete(self) -> bool:
        return not self.problems

    @property
    def unplaced(self) -> list[Imported]:
        """Recordings imported whose names gave no number or no time: the borrower places them."""
        return [item for item in self.imported if item.unplaced]

    @property
    def needs_attention(self) -> bool:
        """Some files were skipped or only partly read, or some recordings are unplaced."""
        return bool(self.problems or self.unplaced)
