"""The findings of the open case, computed on a worker thread so that no page waits for them.

The session asks for them whenever the case changes (:meth:`FindingsFeed.request`), through a
:class:`~evidence_logger.gui.case_reader.CaseReader`: a newer request supersedes the one under
way rather than queueing behind it (the older evaluation is stopped between two rules, its
query interrupted, and what it still reports dropped by its generation number).

Signals (a CaseReader's): ``ready(int, object)`` (the generation and its findings, only for
the newest request), ``failed(int, object)`` (the generation and the exception).
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_logger.gui.case_reader import CaseReader
from evidence_logger.i18n import N_

if TYPE_CHECKING:
    from evidence_logger.case import Case
    from evidence_logger.rules.engine import Finding

RECOMPUTING = N_("Recomputing findings…")
FAILED = N_("The findings could not be computed ({reason}). Close and open the case again; "
            "the log has the details (Help ▸ Show the log folder).")


def _evaluate(case: Case) -> Generator[None, None, list[Finding]]:
    from evidence_logger.rules import engine
    from evidence_logger.rules.counting import FindingList

    return FindingList((yield from engine.evaluating(case)))  # counted here, not on the UI


class FindingsFeed(CaseReader):
    def request(self, folder: Path, read: Any = _evaluate) -> int:
        """Evaluate the case in ``folder`` as it is now, superseding any evaluation under way;
        returns the request's generation."""
        return super().request(folder, read)

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the evaluation's thread ends (for tests)."""
        worker = self._worker
        return worker.wait(ms) if worker is not None else True


def findings_state(session: Any) -> str:
    """What a page shows instead of the findings: that they are being recomputed, or why they
    could not be; "" when they are in."""
    from evidence_logger.i18n import tr

    if session.case is None:
        return ""
    if session.findings_problem:
        return tr(FAILED, reason=session.findings_problem)
    return tr(RECOMPUTING) if session.findings() is None else ""
