"""How far a long task has got: the one progress type every core generator yields.

Long work (import, export, verify, opening a bundle, the sample case, decoding a recording) is a
generator that yields :class:`Progress` and returns its result (:mod:`evidence_logger.tasks`).
The command line's status line and the window's progress dialog read it the same way:
``fraction`` for the bar (``None`` while the total is not known) and ``label()`` for the words.
A generator may also yield ``None``: a point where it can be cancelled, with no news.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidence_logger.i18n import N_, tr

BYTES = "bytes"
FILES = "files"
SECONDS = "seconds"  # of a recording decoded
PARTS = "parts"  # thousandths of a task made of steps of different kinds (the sample case)
STEPS = "steps"  # checks of the installation's self-test
UNITS = (BYTES, FILES, SECONDS, PARTS, STEPS)

FILE_OF = N_("File {number} of {count}: {name}")  # a task going through files
MAKING_REPORT = N_("Making the PDF report…")  # the export's and the export page's


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` ``unit`` (``total`` 0: not known yet); ``doing`` is what is being
    done, an English sentence template (marked with ``N_``) whose fields ``params`` fill."""

    done: float
    total: float
    unit: str
    doing: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown progress unit {self.unit!r}")

    @property
    def fraction(self) -> float | None:
        """From 0 to 1; ``None`` when the total is not known."""
        if not self.total:
            return None
        return min(1.0, max(0.0, self.done / self.total))

    def label(self, lang: str | None = None) -> str:
        """What is being done, as a sentence in ``lang`` ("" when nothing is said)."""
        return tr(self.doing, lang, **self.params) if self.doing else ""

    def line(self, lang: str | None = None) -> str:
        """One line for a terminal: the percentage (when known) and the label."""
        fraction = self.fraction
        label = self.label(lang)
        return label if fraction is None else f"{100 * fraction:3.0f}% {label}".rstrip()


def file_of(done: float, total: float, number: int, count: int, name: str) -> Progress:
    """``done`` of ``total`` bytes, at file ``number`` (from 1) of ``count``: ``name``; after the
    last file (``number == count`` and no ``name``) nothing is said."""
    return Progress(done, total, BYTES, FILE_OF if name else "",
                    {"number": number, "count": count, "name": name[-60:]})
