"""The evidence bundle with its dossier inside: the one place where ``bundle/`` (the signed bag)
and ``report/`` (the PDF) are put together, so that neither package imports the other.

Every caller that exports (the command line, the window's export page, the self-test, tests and
benchmarks) uses :func:`export_case` or :func:`run_export` from here.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

from evidence_logger.bundle import export as bag
from evidence_logger.bundle.export import ExportError, ExportResult
from evidence_logger.case import Case
from evidence_logger.case_document import Redaction
from evidence_logger.progress import Progress
from evidence_logger.report.document import build_report
from evidence_logger.tasks import drive

__all__ = ["ExportError", "ExportResult", "export_case", "run_export"]


def export_case(case: Case, out: Path, *, lang: str = "zh", redact: bool = False,
                password: str | None = None, plan: Redaction | None = None
                ) -> Generator[Progress, None, ExportResult]:
    """Write the case's signed bundle, the dossier in ``lang`` inside, to ``out``, yielding
    progress; returns what was written (see :func:`evidence_logger.bundle.export.export_case`;
    ``plan``: a submission bundle's, from
    :func:`evidence_logger.bundle.submission.plan_submission`)."""
    return (yield from bag.export_case(case, out, dossier=build_report, lang=lang,
                                       redact=redact, password=password, plan=plan))


def run_export(case: Case, out: Path, **options: Any) -> ExportResult:
    """:func:`export_case` without watching progress."""
    return drive(export_case(case, out, **options))
