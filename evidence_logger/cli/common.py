"""What every command shares: exit codes, user errors, opening the case, output, logging,
passwords."""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from evidence_logger.case import Case, last_case
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import Language, current_language, tr
from evidence_logger.paths import CASE_ENV, log_file
from evidence_logger.progress import Progress

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


class UserError(UserFacingError):
    """A problem the user can fix, found by the command line itself; ``lang`` is the language
    to say it in when the command was given one (default: the current language)."""

    def __init__(self, template: str, /, *, lang: str | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.lang = lang

    def message(self, lang: str | None = None) -> str:
        return super().message(lang or self.lang)


def setup_logging(*, verbose: bool) -> None:
    """Details go to the log file; the console shows them only with --verbose."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.INFO if verbose else logging.CRITICAL)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handlers: list[logging.Handler] = [console]
    try:
        file_handler = logging.handlers.RotatingFileHandler(
            log_file(), maxBytes=2_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        pass
    else:
        file_handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(file_handler)
    for handler in root.handlers[:]:
        if getattr(handler, "_evidence_logger", False):
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        handler._evidence_logger = True  # type: ignore[attr-defined]
        root.addHandler(handler)


def open_case(args: argparse.Namespace, *, read_only: bool = False,
              changes: bool = False) -> Case:
    """The case the command works on; ``changes``: refuse a case opened from a bundle, and
    the sample case."""
    folder = args.case or (Path(os.environ[CASE_ENV]) if os.environ.get(CASE_ENV) else None) \
        or last_case()
    if folder is None:
        raise UserError("No case is open. Make one with: evidence-logger init DIR")
    case = Case.open(folder, read_only=read_only)
    if changes and case.read_only_bundle:
        case.close()
        raise UserError("This case was opened from a bundle ({source}) and cannot be "
                        "changed.", source=case.opened_from)
    if changes and case.sample:
        case.close()
        case.refuse_changes()
    return case


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_json_lines(lines: Iterable[bytes]) -> None:
    """A JSON list of many items given as their encoded lines, UTF-8 (see
    :func:`~evidence_logger.cli.rules_commands.finding_lines`), one item a line, each
    written as it comes (16 MiB on a heavy case: never all of it at once in memory)."""
    out = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()  # what was printed before comes first
    # each piece is whole UTF-8 (a line, or the brackets): a text-only stream (a test's, an
    # embedding program's) gets it decoded
    write = out.write if out is not None else (lambda piece: sys.stdout.write(piece.decode()))
    separator = b"[\n"
    for line in lines:
        write(separator)
        write(line)
        separator = b",\n"
    write(b"[]\n" if separator == b"[\n" else b"\n]\n")
    (sys.stdout if out is None else out).flush()


# -- commands ------------------------------------------------------------------------------


def output_language(args: argparse.Namespace) -> str:
    if getattr(args, "lang", None):
        return Language.of(args.lang)
    return current_language()


PASSWORD_ENV = "EVIDENCE_LOGGER_PASSWORD"


def read_password(*, confirm: bool) -> str:
    """The bundle password: from $EVIDENCE_LOGGER_PASSWORD, else asked for (never echoed)."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise UserError("A password is needed: type it, or set EVIDENCE_LOGGER_PASSWORD.")
        return line
    import getpass

    first = getpass.getpass(tr("Password: "))
    if confirm and getpass.getpass(tr("Password again: ")) != first:
        raise UserError("The two passwords differ; nothing was written.")
    if not first:
        raise UserError("The password is empty; nothing was written.")
    return first


def status_line(text: str, width: int = 72) -> None:
    """Rewrite one progress line on a terminal's stderr ("" clears it)."""
    if sys.stderr.isatty():
        print(f"\r{text[:width]:<{width}}" + ("" if text else "\r"), end="", file=sys.stderr,
              flush=True)


def show_progress(lang: str | None = None) -> Callable[[Progress | None], None] | None:
    """What :func:`~evidence_logger.tasks.drive` hands a task's progress to: the status line on
    a terminal (the same :class:`Progress` the window's dialog reads); ``None`` elsewhere."""
    if not sys.stderr.isatty():
        return None

    def show(progress: Progress | None) -> None:
        if progress is not None:
            status_line(progress.line(lang))

    return show
