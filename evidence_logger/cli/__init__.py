"""The command line: the contract for tests and power users, and the app's entry point.

Exit codes: 0 done; 1 the case or the input is wrong (a sentence says why); 2 usage error;
3 an import skipped some inputs (each named with its reason, the rest imported) or left
recordings unplaced (each named; ``calls place`` places them).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from evidence_logger.cli._lazy import Command, lazy_module
from evidence_logger.cli.common import EXIT_ERROR, EXIT_OK, setup_logging
from evidence_logger.cli.parser import build_parser, named_command
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import tr


def _commands() -> dict[str, Command]:
    """Each command's function; its module is imported when that command runs (`findings`
    need not load the importers, reportlab or the bundle code: start-up is part of every
    command's time)."""
    bundle_commands = lazy_module("bundle_commands")
    case_commands = lazy_module("case_commands")
    demo_commands = lazy_module("demo_commands")
    ocr_commands = lazy_module("ocr_commands")
    provenance_commands = lazy_module("provenance_commands")
    report_commands = lazy_module("report_commands")
    rules_commands = lazy_module("rules_commands")
    selftest_command = lazy_module("selftest_command")
    speech_commands = lazy_module("speech_commands")
    timestamp_commands = lazy_module("timestamp_commands")
    way_out_commands = lazy_module("way_out_commands")
    return {
        "init": case_commands.cmd_init, "import": case_commands.cmd_import,
        "party": case_commands.cmd_party, "calls": case_commands.cmd_calls,
        "debt": way_out_commands.cmd_debt, "events": case_commands.cmd_events,
        "evidence": case_commands.cmd_evidence, "log": case_commands.cmd_log,
        "status": case_commands.cmd_status, "findings": rules_commands.cmd_findings,
        "rules": rules_commands.cmd_rules, "export": bundle_commands.cmd_export,
        "verify": bundle_commands.cmd_verify, "open": bundle_commands.cmd_open,
        "report": report_commands.cmd_report, "demo": demo_commands.cmd_demo,
        "selftest": selftest_command.cmd_selftest, "ocr": ocr_commands.cmd_ocr,
        "timestamps": timestamp_commands.cmd_timestamps,
        **{name: way_out_commands.command(name) for name in ("negotiation", "plan", "warnings")},
        "transcribe": speech_commands.cmd_transcribe,
        "transcript": speech_commands.cmd_transcript,
        "speech-model": speech_commands.cmd_speech_model,
        "device": provenance_commands.cmd_device, "provenance": provenance_commands.cmd_provenance,
    }


COMMANDS = _commands()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(named_command(sys.argv[1:] if argv is None else argv, COMMANDS))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a usage error (2)
        return int(exit_.code or 0)
    setup_logging(verbose=args.verbose)
    if args.command is None:  # no command: the window, on --case or the last case
        return open_window(args.case)
    if argv is None:  # the program's own run (not a caller's, a test's): what is loaded so
        # far (modules, classes) lives as long as the process, so it is left out of the cycle
        # collector's walks, which a heavy case's findings start several times (about 5 % of
        # `findings --json`); what the command makes is walked as usual
        gc.freeze()
    try:
        return COMMANDS[args.command](args)
    except UserFacingError as error:  # a sentence; anything else is a bug, with its traceback
        print(error.message(), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(tr("Stopped."), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went to a pager or `head` that closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def open_window(case: Path | None) -> int:
    try:
        from evidence_logger.gui.app import run
    except ImportError as error:  # PySide6 missing or Qt's system libraries absent
        print(tr("The window cannot start: {reason}. The commands still work; see "
                 "evidence-logger --help.", reason=error), file=sys.stderr)
        return EXIT_ERROR
    return run(case)
