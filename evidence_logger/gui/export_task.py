"""The export page's background task: the bundle and/or the PDF report of one case, made with
its own connection on the worker thread (see :mod:`evidence_logger.gui.tasks`).

Cancelling closes the generator: the core removes the bundle's temporary ``.part`` file, and
whatever this task had already finished is removed too, so a cancelled export leaves nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_logger.case import Case
from evidence_logger.progress import BYTES, MAKING_REPORT, Progress

if TYPE_CHECKING:  # the exporter (reportlab, zip encryption) loads when an export starts
    from evidence_logger.bundle.export import ExportResult

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ExportOutcome:
    bundle: ExportResult | None
    report: Path | None


def targets(base: Path, bundle: bool, report: bool) -> tuple[Path | None, Path | None]:
    """The bundle's and the report's file for a chosen name (its suffix, if any, is replaced)."""
    if base.suffix.lower() in (".zip", ".pdf"):
        base = base.with_suffix("")
    return (base.with_name(base.name + ".zip") if bundle else None,
            base.with_name(base.name + ".pdf") if report else None)


def export_task(folder: Path, bundle: Path | None, report: Path | None, *, lang: str,
                redact: bool, password: str | None, submission: bool = False):
    """A task factory for the TaskRunner; the task returns an :class:`ExportOutcome`."""

    def run() -> Generator[Any, None, ExportOutcome]:
        made: list[Path] = []
        result = None
        try:
            with Case.open(folder) as case:
                if bundle is not None:
                    from evidence_logger.bundle.submission import plan_submission
                    from evidence_logger.exporting import export_case

                    plan = plan_submission(case) if submission else None
                    result = yield from export_case(case, bundle, lang=lang, redact=redact,
                                                    password=password, plan=plan)
                    made.append(result.path)
                if report is not None:
                    from evidence_logger.report.document import build_report

                    making = Progress(0, 0, BYTES, MAKING_REPORT)  # no steps of its own
                    yield making
                    made.append(build_report(case, report, lang=lang))
                    yield making  # a last chance to cancel
        except GeneratorExit:
            for path in made:
                log.info("export cancelled: removing %s", path)
                path.unlink(missing_ok=True)
            raise
        return ExportOutcome(result, report)

    return run
