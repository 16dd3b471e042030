"""The command line: the contract for tests and power users, and the app's entry point.

Exit codes: 0 done; 1 the case or the input is wrong (a sentence says why); 2 usage error;
3 an import skipped some inputs (each named with its reason, the rest imported).
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Any

from evidence_logger import __version__, custody, listing
from evidence_logger.case import PROFILES, Case, CaseError, last_case
from evidence_logger.db import transaction
from evidence_logger.debts import LENDER_TYPES, DebtError, add_debt
from evidence_logger.i18n import current_language, tr
from evidence_logger.importing import OwnerError, import_paths, owner_key, parse_time
from evidence_logger.parties import ROLES, list_parties, set_party
from evidence_logger.paths import CASE_ENV, log_file
from evidence_logger.phones import display
from evidence_logger.timeline import EventSink

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


class UserError(Exception):
    """A problem the user can fix; the message is already a translated sentence."""


def build_parser() -> argparse.ArgumentParser:
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

    party = commands.add_parser("party", help=tr("say who a number is")).add_subparsers(
        dest="party_command", metavar="ACTION", required=True)
    p = party.add_parser("set", help=tr("set a number's role"))
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--platform", help=tr("the creditor or platform a collector works for"))
    p.add_argument("--relation", help=tr("how a third party relates to the borrower"))
    p.add_argument("--name", help=tr("a name for the number"))
    p = party.add_parser("list", help=tr("list every number in the case"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))

    calls = commands.add_parser("calls", help=tr("calls the borrower enters by hand"))
    p = calls.add_subparsers(dest="calls_command", metavar="ACTION", required=True).add_parser(
        "add", help=tr("add a call that no file shows"))
    p.add_argument("--at", required=True, metavar="TIME",
                   help=tr("when, e.g. 2026-03-02T11:20 (the case's time zone unless given)"))
    p.add_argument("--number", required=True)
    p.add_argument("--direction", choices=("in", "out"), default="in")
    p.add_argument("--duration", type=float, metavar="S", help=tr("seconds the call lasted"))
    p.add_argument("--owner", default="self",
                   help=tr("whose phone took the call: self (default) or a phone number"))
    p.add_argument("--note", help=tr("what happened, in your words"))

    debt = commands.add_parser("debt", help=tr("the borrower's debts"))
    p = debt.add_subparsers(dest="debt_command", metavar="ACTION", required=True).add_parser(
        "add", help=tr("add a debt"))
    p.add_argument("--platform", required=True)
    p.add_argument("--principal", required=True, metavar="AMOUNT")
    p.add_argument("--annual-rate", required=True, metavar="PCT")
    p.add_argument("--contract-date", metavar="DATE")
    p.add_argument("--lender-type", choices=LENDER_TYPES, metavar="TYPE")

    for name, what in (("events", tr("list calls and messages")),
                       ("evidence", tr("list the originals"))):
        sub = commands.add_parser(name, help=what).add_subparsers(
            dest=f"{name}_command", metavar="ACTION", required=True)
        sub.add_parser("list", help=what).add_argument("--json", action="store_true",
                                                        help=tr("print JSON"))

    logp = commands.add_parser("log", help=tr("the chain-of-custody log"))
    logp.add_subparsers(dest="log_command", metavar="ACTION", required=True).add_parser(
        "verify", help=tr("check that no entry was changed"))

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

    p = commands.add_parser("status", help=tr("what the case holds"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a usage error (2)
        return int(exit_.code or 0)
    setup_logging(verbose=args.verbose)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return COMMANDS[args.command](args)
    except UserError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    except (CaseError, DebtError) as error:
        print(tr(error.template, **error.params), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(tr("Stopped."), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went to a pager or `head` that closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


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


def open_case(args: argparse.Namespace, *, read_only: bool = False) -> Case:
    folder = args.case or (Path(os.environ[CASE_ENV]) if os.environ.get(CASE_ENV) else None) \
        or last_case()
    if folder is None:
        raise UserError(tr("No case is open. Make one with: evidence-logger init DIR"))
    return Case.open(folder, read_only=read_only)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- commands ------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    with Case.create(args.dir, name=args.name, timezone=args.timezone,
                     profile=args.profile) as case:
        print(tr("Made case {name} in {folder} (time zone {zone}, rules {profile}).",
                 name=case.name, folder=case.folder, zone=case.timezone, profile=case.profile))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        try:
            owner_key(args.owner, case.region)
        except OwnerError:
            print(tr("--owner must be self or a phone number, not {value}.", value=args.owner),
                  file=sys.stderr)
            return EXIT_USAGE
        missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
        if missing:
            for path in missing:
                print(tr("{path} does not exist.", path=path), file=sys.stderr)
            return EXIT_USAGE
        show = sys.stderr.isatty()
        gen = import_paths(case, args.paths, owner=args.owner)
        while True:
            try:
                progress = next(gen)
            except StopIteration as stop:
                report = stop.value
                break
            if show and progress.bytes_total:
                pct = 100 * progress.bytes_done // progress.bytes_total
                print(f"\r[{progress.files_done}/{progress.files_total}] {pct:3d}% "
                      f"{progress.current[:50]:<50}", end="", file=sys.stderr, flush=True)
        if show:
            print("\r" + " " * 72 + "\r", end="", file=sys.stderr)
        added = sum(item.events_added for item in report.imported)
        joined = sum(item.events_joined for item in report.imported)
        print(tr("Imported {files} file(s): {added} new call(s) and message(s), {joined} matched "
                 "to ones already known; {already} file(s) were already in the case.",
                 files=len(report.imported), added=added, joined=joined,
                 already=len(report.already)))
        for problem in report.problems:
            print(("  " + tr("skipped: ") if problem.skipped else "  " + tr("partly read: "))
                  + problem.message(), file=sys.stderr)
        return EXIT_SKIPPED if report.problems else EXIT_OK


def cmd_party(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        if args.party_command == "set":
            if args.platform and args.role != "collector":
                raise UserError(tr("--platform goes with --role collector."))
            if args.relation and args.role != "third-party":
                raise UserError(tr("--relation goes with --role third-party."))
            party = set_party(case.db, args.number, case.region, role=args.role,
                              platform=args.platform, relation=args.relation, name=args.name)
            print(tr("{number} is now {role}.", number=display(party["number"]),
                     role=tr(party["role"])))
            return EXIT_OK
        parties = list_parties(case.db)
        if args.json:
            print_json([{k: v for k, v in p.items() if k not in ("first_ms", "last_ms")}
                        | {"first": listing.iso(p["first_ms"], case.tz),
                           "last": listing.iso(p["last_ms"], case.tz)} for p in parties])
        else:
            for p in parties:
                extra = p["platform"] or p["relation"] or ""
                counts = tr("{calls} calls, {messages} messages", calls=p["calls"],
                            messages=p["messages"])
                print(f"{display(p['number']):<22} {tr(p['role']):<12} {extra:<16} {counts}")
        return EXIT_OK


def cmd_calls(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        try:
            at = parse_time(args.at, case.tz)
        except ValueError:
            raise UserError(tr("{value} is not a time like 2026-03-02T11:20.",
                               value=args.at)) from None
        try:
            owner = owner_key(args.owner, case.region)
        except OwnerError:
            raise UserError(tr("--owner must be self or a phone number, not {value}.",
                               value=args.owner)) from None
        at_ms = int(at.timestamp() * 1000)
        with transaction(case.db):
            sink = EventSink(case.db, owner=owner, region=case.region, evidence_id=None)
            sink.add_manual_call(number=args.number, at_ms=at_ms, direction=args.direction,
                                 duration=args.duration, note=args.note)
            sink.flush()
            if sink.added:
                custody.append(case.db, "call-added", {
                    "number": args.number, "at": listing.iso(at_ms, case.tz),
                    "direction": args.direction, "duration": args.duration, "owner": owner,
                    "note": args.note})
        print(tr("Added the call.") if sink.added else tr("That call was already entered."))
        return EXIT_OK


def cmd_debt(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        debt_id = add_debt(case.db, platform=args.platform, principal=args.principal,
                           annual_rate=args.annual_rate, contract_date=args.contract_date,
                           lender_type=args.lender_type)
        print(tr("Added debt {id}.", id=debt_id))
        return EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        items = listing.events(case)
        if args.json:
            print_json(list(items))
        else:
            for e in items:
                what = (e.get("text") or "").replace("\n", " ")[:60] if e["kind"] == "message" \
                    else f"{e['status']} {e['duration'] or 0:.0f}s"
                print(f"{e['id']:>7} {e['at']} {e['kind']:<7} {e['direction']:<7} "
                      f"{display(e['number']):<20} {what}")
        return EXIT_OK


def cmd_evidence(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        items = list(listing.evidence(case))
        if args.json:
            print_json(items)
        else:
            for item in items:
                print(f"{item['sha256'][:16]} {item['kind']:<10} {item['size']:>10} "
                      f"{item['at'] or '-':<25} {item['name']}")
        return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        count, problems = custody.verify(case.db)
        if problems:
            for problem in problems:
                print(tr("Custody log entry {seq} was altered ({problem}).", seq=problem.seq,
                         problem=problem.problem), file=sys.stderr)
            return EXIT_ERROR
        print(tr("The custody log is intact: {count} entries, head {head}.", count=count,
                 head=custody.head(case.db)))
        return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        info = listing.status(case)
        if args.json:
            print_json(info)
            return EXIT_OK
        print(tr("Case {name} ({folder})", name=info["name"], folder=info["case"]))
        print(tr("{calls} calls, {messages} messages, {files} originals, {parties} numbers, "
                 "{debts} debts.", calls=info["calls"], messages=info["messages"],
                 files=info["evidence"], parties=info["parties"], debts=info["debts"]))
        if info["first_event"]:
            print(tr("From {first} to {last}.", first=info["first_event"],
                     last=info["last_event"]))
        print(tr("Custody log: {count} entries, {state}.", count=info["custody_entries"],
                 state=tr("intact") if info["custody_ok"] else tr("ALTERED")))
        for sha in info["missing_originals"]:
            print(tr("Missing original: {sha}", sha=sha), file=sys.stderr)
        return EXIT_OK if info["custody_ok"] and not info["missing_originals"] else EXIT_ERROR


def output_language(args: argparse.Namespace) -> str:
    if getattr(args, "lang", None):
        return "zh_CN" if args.lang == "zh" else "en"
    return current_language()


def cmd_findings(args: argparse.Namespace) -> int:
    from evidence_logger.rules import evaluate

    lang = output_language(args)
    with open_case(args) as case:
        found = evaluate(case)
        if args.json:
            print_json([finding.to_json(lang) for finding in found])
            return EXIT_OK
        if not found:
            print(tr("No findings: no rule of the {profile} profile is broken by what the case "
                     "holds. Mark the collectors' numbers with: evidence-logger party set "
                     "NUMBER --role collector --platform NAME", lang, profile=case.profile))
        for finding in found:
            where = " ".join(str(x) for x in (finding.day, finding.platform, finding.number)
                             if x)
            count = f" ×{finding.count}" if finding.count else ""
            words = f" 「{'、'.join(finding.matched)}」" if finding.matched else ""
            print(f"[{tr(finding.severity, lang)}] {finding.rule.text('title', lang)}: "
                  f"{where}{count}{words}")
        return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from evidence_logger.rules import RuleSettingError, case_profile, set_param

    with open_case(args) as case:
        if args.rules_command == "set":
            try:
                value = set_param(case.db, case.profile, args.key, args.value)
            except RuleSettingError as error:
                raise UserError(tr(error.template, **error.params)) from None
            print(tr("{key} is now {value}.", key=args.key, value=value))
            return EXIT_OK
        lang = output_language(args)
        profile = case_profile(case.db, case.profile)
        if args.json:
            print_json([{"rule": r.id, "check": r.check, "title": r.text("title", lang),
                         "citation": r.text("citation", lang), "status": r.status,
                         "indicator": r.indicator, "severity": r.severity,
                         "params": r.params, "defaults": r.defaults} for r in profile.rules])
            return EXIT_OK
        for r in profile.rules:
            changed = {k: v for k, v in r.params.items() if r.defaults.get(k) != v}
            params = ", ".join(f"{k}={v}" + ("*" if k in changed else "")
                               for k, v in r.params.items())
            print(f"{r.id:<28} [{tr(r.status, lang)}] {r.text('title', lang)}\n"
                  f"{'':<28} {params}\n{'':<28} {r.text('citation', lang)}")
        return EXIT_OK


COMMANDS = {"init": cmd_init, "import": cmd_import, "party": cmd_party, "calls": cmd_calls,
            "debt": cmd_debt, "events": cmd_events, "evidence": cmd_evidence, "log": cmd_log,
            "status": cmd_status, "findings": cmd_findings, "rules": cmd_rules}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
