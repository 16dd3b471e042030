"""The demo command: a sample case (or only its phone files) to explore the app with."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidence_logger import listing
from evidence_logger.case import Case
from evidence_logger.cli.common import EXIT_OK, UserError, show_progress, status_line
from evidence_logger.demo import make_demo, write_phone_files
from evidence_logger.demo.build import language
from evidence_logger.demo.scenario import MOTHER
from evidence_logger.i18n import tr
from evidence_logger.tasks import drive


def _refuse_non_empty(folder: Path, lang: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise UserError("{folder} is a file, not a folder.", lang=lang, folder=folder)
    if folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir()):
        raise UserError("{folder} is not empty; the sample needs a new or empty folder.",
                        lang=lang, folder=folder)


def cmd_demo(args: argparse.Namespace) -> int:
    lang = language(args.lang)
    folder = args.dir.expanduser().resolve()
    _refuse_non_empty(folder, lang)
    if args.files_only:
        files = write_phone_files(folder)
        print(tr("Wrote {count} sample phone files: the borrower's phone in {borrower}, his "
                 "mother's in {mother}.", lang, count=len(files.files), borrower=files.borrower,
                 mother=files.mother))
        print(tr("Next: evidence-logger init CASE, then evidence-logger import {borrower} and "
                 "evidence-logger import {mother} --owner {number}.", lang, number=MOTHER,
                 borrower=files.borrower, mother=files.mother))
        return EXIT_OK

    case_dir = drive(make_demo(folder, lang=lang), show_progress(lang))
    status_line("")
    from evidence_logger.rules import evaluate
    from evidence_logger.rules.counting import counted

    with Case.open(case_dir, read_only=True) as case:
        info = listing.status(case)
        findings = counted(evaluate(case))  # notes are not findings
    rules = len({f.rule.id for f in findings})
    print(tr("Made the sample case {name} in {folder}: {files} files, {calls} calls, "
             "{messages} messages, {debts} debts; {findings} findings under {rules} rules.",
             lang, name=info["name"], folder=case_dir, files=info["evidence"],
             calls=info["calls"], messages=info["messages"], debts=info["debts"],
             findings=len(findings), rules=rules))
    print(tr("Next: evidence-logger --case {folder} findings", lang, folder=case_dir))
    return EXIT_OK
