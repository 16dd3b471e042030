"""Commands on bundles: export, verify, open."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evidence_logger.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    UserError,
    open_case,
    print_json,
    read_password,
    show_progress,
    status_line,
)
from evidence_logger.i18n import N_, tr
from evidence_logger.tasks import drive

KINDS = {"import": N_("import"), "export": N_("export")}


def cmd_export(args: argparse.Namespace) -> int:
    from evidence_logger.bundle.submission import plan_submission
    from evidence_logger.exporting import export_case

    if not args.submission and (args.include or args.exclude or args.unmask):
        print(tr("--include, --exclude and --unmask go with --submission."), file=sys.stderr)
        return EXIT_USAGE
    password = read_password(confirm=True) if args.password else None
    with open_case(args) as case:
        plan = plan_submission(case, include=args.include, exclude=args.exclude,
                               mask=not args.unmask) if args.submission else None
        try:
            result = drive(export_case(case, args.out, lang=args.lang,
                                       redact=args.redact_third_parties, password=password,
                                       plan=plan), show_progress())
        finally:
            status_line("")
        print(tr("Wrote {path}: {files} files, {size} bytes; signing key fingerprint "
                 "{fingerprint}.", path=result.path, files=result.files,
                 size=result.payload_bytes, fingerprint=result.fingerprint))
        _say_stamp(result.timestamp)
        if plan is not None:
            print(tr("Submission bundle: {count} original(s) left out and listed by hash; "
                     "third parties {masked}.", count=result.withheld,
                     masked=tr("masked") if plan.masks else tr("not masked")))
        elif result.withheld:
            print(tr("{count} original(s) that show third parties were left out and listed by "
                     "hash.", count=result.withheld))
        return EXIT_OK


def _say_stamp(stamp) -> None:
    if stamp is not None and (line := stamp.sentence()):
        print(line, file=sys.stderr if stamp.problem else sys.stdout)


def _verdict(path: Path, fingerprint: str | None):
    from evidence_logger.bundle.verify import verify_bundle

    verdict = verify_bundle(path, expected_fingerprint=fingerprint)
    if verdict.status == "invalid" and any(p.problem == "encrypted" for p in verdict.problems):
        password = read_password(confirm=False)
        verdict = verify_bundle(path, password=password.encode("utf-8"),
                                expected_fingerprint=fingerprint)
    return verdict


def cmd_verify(args: argparse.Namespace) -> int:
    try:
        verdict = _verdict(args.bundle, args.fingerprint)
    except UserError as error:  # an encrypted bundle and no password: unreadable here
        print(error.message(), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(verdict.to_json())
    else:
        for problem in verdict.problems:
            print(f"{problem.problem}: {problem.path}  {problem.message()}")
        for stamp in verdict.info.get("timestamps", []):
            print(tr("Trusted timestamp ({kind}): {time} by {tsa}, {state}.",
                     kind=tr(KINDS[stamp["kind"]]), time=stamp["time"] or "?",
                     tsa=stamp["tsa"] or "?",
                     state=tr("checked") if stamp["ok"] else tr("DOES NOT MATCH")))
        if verdict.status == "intact":
            print(tr("{name} is intact: every file is exactly as exported ({files} files). "
                     "Signing key fingerprint: {fingerprint}.", name=args.bundle.name,
                     files=verdict.info.get("files", "?"),
                     fingerprint=verdict.info.get("fingerprint", "?")))
        elif verdict.status == "altered":
            print(tr("{name} was ALTERED after export: {count} problem(s) above.",
                     name=args.bundle.name, count=len(verdict.problems)))
        else:
            print(tr("{name} is not a readable evidence bundle.", name=args.bundle.name),
                  file=sys.stderr)
    return {"intact": EXIT_OK, "altered": EXIT_ERROR}.get(verdict.status, EXIT_USAGE)


def cmd_open(args: argparse.Namespace) -> int:
    from evidence_logger.bundle.opening import open_bundle
    from evidence_logger.bundle.summary import altered_lines, fingerprint_sentence, overview_lines
    from evidence_logger.bundle.verify import verify_bundle

    password = None
    probe = verify_bundle(args.bundle)
    if probe.status == "invalid" and any(p.problem == "encrypted" for p in probe.problems):
        password = read_password(confirm=False)
    try:
        case = open_bundle(args.bundle, args.to, password=password)
    except OSError as error:  # the folder cannot be written: a sentence, never a traceback
        raise UserError("The bundle could not be opened in {folder}: {reason}.",
                        folder=args.to, reason=error.strerror or str(error)) from error
    with case:
        state = tr("intact") if case.bundle_status == "intact" else tr("ALTERED")
        print(tr("Opened {name} in {folder} as a read-only case; the bundle is {state}.",
                 name=args.bundle.name, folder=case.folder, state=state))
        lines = altered_lines(case)
        if lines:
            print(tr("These files were damaged or changed after export; the rest can be read:"),
                  file=sys.stderr)
            for line in lines:
                print("  " + line, file=sys.stderr)
        print(fingerprint_sentence(case))
        for line in overview_lines(case):
            print(line)
    return EXIT_OK if case.bundle_status == "intact" else EXIT_ERROR
