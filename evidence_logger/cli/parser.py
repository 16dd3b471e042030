"""The command line's arguments: one subcommand per action."""

from __future__ import annotations

import argparse
from collections.abc import Collection, Sequence
from pathlib import Path

from evidence_logger import __version__
from evidence_logger.case import PROFILES
from evidence_logger.i18n import tr

# the arguments of these commands need modules of their own (phone numbers, debts, letters,
# provenance, trusted time): imported only when one of them is built
WAY_OUT = ("debt", "negotiation", "plan", "warnings")
PROVENANCE = ("device", "provenance")
SPEECH = ("transcribe", "transcript", "speech-model")


def named_command(argv: Sequence[str], commands: Collection[str]) -> str | None:
    """The command ``argv`` names (its first word that is neither an option nor the value of
    ``--case``), when it is one of ``commands``; else None."""
    words = iter(str(word) for word in argv)
    for word in words:
        if word in ("-h", "--help"):  # the whole command line's help: every command in it
            return None
        if word == "--case":
            next(words, None)
        elif word == "--" or not word.startswith("-"):
            return word if word in commands else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. With ``only`` (the command about to run), only that command
    is built, and only its modules imported: start-up is part of every command's time (about
    60 ms less for ``findings``). Without, every command (``--help`` lists them all, a usage
    error names the choices)."""
    def want(*names: str) -> bool:
        return only is None or only in names

    parser = argparse.ArgumentParser(
        prog="evidence-logger",
        description=tr("Evidence Logger (证据记录): organise evidence of debt-collection "
                       "harassment into a case that holds up."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--case", metavar="DIR", type=Path,
                        help=tr("the case folder (default: $EVIDENCE_LOGGER_CASE, else the last "
                                "case used)"))
    parser.add_argument("-v", "--verbose", action="store_true", help=tr("log details"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("init", help=tr("make a new case in a folder"))
    p.add_argument("dir", metavar="DIR", type=Path)
    p.add_argument("--name", help=tr("the case's name"))
    p.add_argument("--timezone", help=tr("the borrower's time zone (default: this computer's)"))
    p.add_argument("--profile", choices=PROFILES, default="cn",
                   help=tr("the rules that apply (default: cn)"))

    p = commands.add_parser("import", help=tr("import files and folders copied off a phone"))
    p.add_argument("paths", metavar="PATH", type=Path, nargs="+")
    p.add_argument("--owner", default="self",
                   help=tr("whose phone the files come from: self (default) or a phone number"))
    p.add_argument("--year", type=int, metavar="YYYY",
                   help=tr("the year of the first (earliest) row of a file whose dates have no"
                           " year (a carrier's detail record that does not say its bill month);"
                           " rows after a December-January wrap get the next year"))
    p.add_argument("--dry-run", action="store_true",
                   help=tr("only list what was found, by kind, and what the case already holds;"
                           " import nothing"))
    p.add_argument("--no-ocr", action="store_true",
                   help=tr("do not read the text of new screenshots now (evidence-logger ocr "
                           "reads them later)"))
    p.add_argument("--no-transcribe", action="store_true",
                   help=tr("do not transcribe new recordings now (evidence-logger transcribe "
                           "does it later)"))
    p.add_argument("--photos", action="store_true",
                   help=tr("also import the camera photos found in folders (left out by "
                           "default, as the window leaves them unticked; a photo named on its "
                           "own is always imported)"))

    p = commands.add_parser("ocr", help=tr("read the text of screenshots not read yet "
                                           "(offline)"))
    p.add_argument("--all", action="store_true",
                   help=tr("read every screenshot again (e.g. after an update of the reader)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))

    if want("party"):
        _party(commands)
    if want("calls"):
        _calls(commands)
    if want(*PROVENANCE):
        from evidence_logger.cli import provenance_commands

        provenance_commands.add_parsers(commands)
    if want(*SPEECH):
        from evidence_logger.cli import speech_parser

        speech_parser.add_parsers(commands)
    if want(*WAY_OUT):
        from evidence_logger.cli.way_out_parser import add_way_out_commands

        add_way_out_commands(commands)
    _listing(commands)
    _bundles(commands)
    _others(commands)
    if want("timestamps"):
        from evidence_logger.cli import timestamp_commands

        timestamp_commands.add_parser(commands)
    return parser


def _party(commands: argparse._SubParsersAction) -> None:
    from evidence_logger.cli.attribution_commands import add_attribution_commands
    from evidence_logger.parties import ROLES

    party = commands.add_parser("party", help=tr("say who a number is")).add_subparsers(
        dest="party_command", metavar="ACTION", required=True)
    p = party.add_parser("set", help=tr("set a number's role"))
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--platform", help=tr("the creditor or platform a collector works for"))
    p.add_argument("--relation", help=tr("how a third party relates to the borrower"))
    p.add_argument("--name", help=tr("a name for the number"))
    p.add_argument("--statement", metavar="TEXT",
                   help=tr("how you know a collector's number is the platform's (printed as "
                           "the basis of the link when no message shows it)"))
    p = party.add_parser("list", help=tr("list every number in the case"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    add_attribution_commands(party)


def _calls(commands: argparse._SubParsersAction) -> None:
    calls = commands.add_parser("calls", help=tr("calls the borrower enters by hand, and "
                                                         "recordings to place on calls"))
    calls_actions = calls.add_subparsers(dest="calls_command", metavar="ACTION", required=True)
    p = calls_actions.add_parser("unplaced", help=tr("list the recordings whose names gave no "
                                                     "number or no time"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p = calls_actions.add_parser("place", help=tr("place a recording on a call: its number and "
                                                  "when it began"))
    p.add_argument("recording", metavar="RECORDING",
                   help=tr("the recording's SHA-256 (its first digits) or file name"))
    p.add_argument("--number", required=True)
    p.add_argument("--at", required=True, metavar="TIME",
                   help=tr("when, e.g. 2026-03-02T11:20 (the case's time zone unless given)"))
    p = calls_actions.add_parser("add", help=tr("add a call that no file shows"))
    p.add_argument("--at", required=True, metavar="TIME",
                   help=tr("when, e.g. 2026-03-02T11:20 (the case's time zone unless given)"))
    p.add_argument("--number", required=True)
    p.add_argument("--direction", choices=("in", "out"), default="in")
    p.add_argument("--duration", type=float, metavar="S", help=tr("seconds the call lasted"))
    p.add_argument("--owner", default="self",
                   help=tr("whose phone took the call: self (default) or a phone number"))
    p.add_argument("--note", help=tr("what happened, in your words"))


def _listing(commands: argparse._SubParsersAction) -> None:
    for name, what in (("events", tr("list calls and messages")),
                       ("evidence", tr("list the originals"))):
        sub = commands.add_parser(name, help=what).add_subparsers(
            dest=f"{name}_command", metavar="ACTION", required=True)
        sub.add_parser("list", help=what).add_argument("--json", action="store_true",
                                                        help=tr("print JSON"))
        if name == "evidence":
            p = sub.add_parser("show", help=tr("one original, with the text read off a "
                                               "screenshot"))
            p.add_argument("sha", metavar="SHA", help=tr("its SHA-256 (its first digits)"))
            p.add_argument("--json", action="store_true", help=tr("print JSON"))

    logp = commands.add_parser("log", help=tr("the chain-of-custody log"))
    logp.add_subparsers(dest="log_command", metavar="ACTION", required=True).add_parser(
        "verify", help=tr("check that no entry was changed"))


def _bundles(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("findings", help=tr("the rules the collectors broke, with sources"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument("--lang", choices=("zh", "en"), help=tr("language of titles and citations"))

    rules = commands.add_parser("rules", help=tr("the rules and thresholds the case applies"))
    rules_actions = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    p = rules_actions.add_parser("show", help=tr("list the rules with their thresholds"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument("--lang", choices=("zh", "en"), help=tr("language of titles and citations"))
    p = rules_actions.add_parser("set", help=tr("change a threshold for this case"))
    p.add_argument("key", metavar="RULE.PARAM")
    p.add_argument("value", metavar="VALUE")

    p = commands.add_parser("export", help=tr("write the signed evidence bundle (zip)"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.zip")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help=tr("language of the report and tables (default: zh)"))
    p.add_argument("--redact-third-parties", action="store_true",
                   help=tr("mask third parties' numbers and leave out files that show them"))
    p.add_argument("--password", action="store_true",
                   help=tr("encrypt the zip (AES-256); asks for the password"))
    p.add_argument("--submission", action="store_true",
                   help=tr("a submission bundle (提交版) for a court or regulator: only the "
                           "originals that back the findings, third parties masked, every "
                           "other original listed by hash"))
    p.add_argument("--include", action="append", default=[], metavar="SHA",
                   help=tr("with --submission: also hold this original (its SHA-256, at least "
                           "8 digits); may be given more than once"))
    p.add_argument("--exclude", action="append", default=[], metavar="SHA",
                   help=tr("with --submission: leave this original out (listed by hash)"))
    p.add_argument("--unmask", action="store_true",
                   help=tr("with --submission: do not mask third parties' numbers"))

    p = commands.add_parser("verify", help=tr("check that a bundle is exactly as exported"))
    p.add_argument("bundle", type=Path, metavar="FILE.zip")
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument("--fingerprint", help=tr("the signing key fingerprint you expect"))

    p = commands.add_parser("open", help=tr("open a bundle as a read-only case"))
    p.add_argument("bundle", type=Path, metavar="FILE.zip")
    p.add_argument("--to", required=True, type=Path, metavar="DIR")


def _others(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("report", help=tr("make the PDF dossier (证据材料) for a complaint or "
                                              "a lawyer"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf",
                   help=tr("the PDF file to write"))
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help=tr("language of the dossier (default: zh)"))
    p.add_argument("--from", dest="start", metavar="DATE",
                   help=tr("only events from this day on (YYYY-MM-DD)"))
    p.add_argument("--to", dest="end", metavar="DATE",
                   help=tr("only events up to this day (YYYY-MM-DD)"))

    p = commands.add_parser("demo", help=tr("make a sample case to explore the app with"))
    p.add_argument("dir", metavar="DIR", type=Path, help=tr("a new or empty folder"))
    p.add_argument("--files-only", action="store_true",
                   help=tr("write only the sample phone files, to import yourself"))
    p.add_argument("--lang", choices=("zh", "en"), help=tr("language of the case's name and "
                                                           "the summary"))

    p = commands.add_parser("selftest", help=tr("check this installation end to end, in a "
                                                "temporary folder"))
    p.add_argument("--no-window", action="store_true",
                   help=tr("leave out opening the main window (for a machine without a screen "
                           "or Qt's libraries)"))
    p.add_argument("--lang", choices=("zh", "en"), help=tr("language of the report"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))

    p = commands.add_parser("status", help=tr("what the case holds"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
