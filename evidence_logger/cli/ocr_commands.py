"""Reading screenshots from the command line: ``ocr [--all]``, the reading right after
``import`` (unless ``--no-ocr``), and ``evidence show SHA``."""

from __future__ import annotations

import argparse
import sys

from evidence_logger import listing
from evidence_logger.case import Case
from evidence_logger.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_SKIPPED,
    UserError,
    open_case,
    print_json,
    show_progress,
    status_line,
)
from evidence_logger.i18n import tr
from evidence_logger.ocr.reading import OcrReport, read_screenshots
from evidence_logger.ocr.store import reading_of
from evidence_logger.tasks import drive


def read_and_say(case: Case, *, again: bool = False, shas: list[str] | None = None) -> OcrReport:
    """Read the screenshots (all waiting, or ``shas``) with a status line, and say what came of
    it; the engine's absence is said once."""
    report = drive(read_screenshots(case, again=again, shas=shas), show_progress())
    status_line("")
    print_report(report)
    return report


def print_report(report: OcrReport) -> None:
    if report.unavailable is not None:
        print(report.unavailable.message(), file=sys.stderr)
        return
    if report.read:
        print(tr("Read {count} screenshot(s): {chats} chat(s), {lists} call list(s), {other} "
                 "other; {messages} message(s) and {calls} call(s) read off them "
                 "(machine-read).", count=report.read, chats=report.kinds.get("chat", 0),
                 lists=report.kinds.get("call-list", 0), other=report.kinds.get("other", 0),
                 messages=report.messages, calls=report.calls))
    if report.unplaced:
        print(tr("{count} message(s) or call row(s) on screenshots show no time or no other "
                 "party and were not put on the timeline; their text is kept with the "
                 "screenshot (evidence show SHA).", count=report.unplaced), file=sys.stderr)
    for problem in report.problems:
        print("  " + tr("not read: ") + problem.message(), file=sys.stderr)


def cmd_ocr(args: argparse.Namespace) -> int:
    with open_case(args, changes=True) as case:
        if args.json:
            report = drive(read_screenshots(case, again=args.all))
            print_json({"read": report.read, "messages": report.messages, "calls": report.calls,
                        "unplaced": report.unplaced, "kinds": report.kinds,
                        "problems": [p.message() for p in report.problems],
                        "unavailable": (report.unavailable.message()
                                        if report.unavailable else None)})
        else:
            report = read_and_say(case, again=args.all)
            if not report.read and not report.problems and report.unavailable is None:
                print(tr("Every screenshot is read already (--all reads them again)."))
        if report.unavailable is not None:
            return EXIT_ERROR
        return EXIT_SKIPPED if report.problems else EXIT_OK


def cmd_evidence_show(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        matches = [item for item in listing.evidence(case)
                   if item["sha256"].startswith(args.sha.lower())]
        if not matches:
            raise UserError("No original's SHA-256 begins with {value}.", value=args.sha)
        if len(matches) > 1:
            raise UserError("{count} originals' SHA-256 begin with {value}; give more digits.",
                            count=len(matches), value=args.sha)
        item = matches[0]
        item["ocr"] = reading_of(case.db, item["sha256"])
        if args.json:
            print_json(item)
            return EXIT_OK
        print(f"{item['sha256']}  {item['name']}")
        print(f"{item['kind']} {item['format']} {item['size']} {item['at'] or '-'} "
              f"({item['at_source'] or '-'})")
        reading = item["ocr"]
        if reading is None:
            if item["kind"] == "image":
                print(tr("Not read yet: evidence-logger ocr reads it."))
            return EXIT_OK
        print(tr("Machine-read text ({engine}; {kind}):", engine=reading["engine"],
                 kind=reading["kind"]))
        for line in reading["lines"]:
            print(f"  {line['line']:>3} [{line['role'] or '-':<10}] {line['score']:.2f}  "
                  f"{line['text']}")
        return EXIT_OK
