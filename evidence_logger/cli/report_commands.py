"""The report command: the PDF dossier (证据材料)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from evidence_logger.cli.common import EXIT_OK, UserError, open_case
from evidence_logger.i18n import tr


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError("{value} is not a date like 2026-03-02.", value=value) from None


def cmd_report(args: argparse.Namespace) -> int:
    from evidence_logger.report.document import build_report, unprintable

    start, end = _day(args.start), _day(args.end)
    if start and end and start > end:
        raise UserError("--from {start} is after --to {end}.", start=start, end=end)
    with open_case(args, read_only=True) as case:
        try:
            path = build_report(case, args.out, lang=args.lang, start=start, end=end)
        except OSError as error:
            raise UserError("Cannot write {path}: {reason}", path=args.out,
                            reason=error.strerror or error) from None
        lacking = unprintable(case)
    if lacking:
        print(tr("Warning: the PDF font has no sign for {count} character(s) in the case's text "
                 "({chars}); the report writes each as its code point, e.g. [U+1F620].",
                 count=len(lacking), chars=" ".join(sorted(lacking))), file=sys.stderr)
    print(tr("Wrote {path}.", path=path))
    return EXIT_OK
