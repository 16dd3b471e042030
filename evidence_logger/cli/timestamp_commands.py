"""Trusted time from the command line: ``timestamps set|off|status|retry``, and what ``import``
and ``export`` say about their tokens."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_logger.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    UserError,
    open_case,
    print_json,
    show_progress,
    status_line,
)
from evidence_logger.i18n import tr
from evidence_logger.tasks import drive
from evidence_logger.trusted_time.authorities import AUTHORITIES

if TYPE_CHECKING:  # the TSA client (cryptography) loads when a timestamps command runs
    from evidence_logger.trusted_time.store import StampOutcome


def add_parser(commands: Any) -> None:
    stamps = commands.add_parser(
        "timestamps", help=tr("trusted timestamps (RFC 3161) from a time-stamp authority")
    ).add_subparsers(dest="timestamps_command", metavar="ACTION", required=True)
    p = stamps.add_parser("set", help=tr("turn trusted timestamps on, with this authority"))
    p.add_argument("--tsa", required=True, metavar="URL",
                   help=tr("the authority's RFC 3161 address, or the id of one in the list "
                           "(timestamps status shows it)"))
    p.add_argument("--ca-file", metavar="ROOT.pem",
                   help=tr("the authority's root certificate (PEM) its tokens must chain to"))
    stamps.add_parser("off", help=tr("turn trusted timestamps off (no connection is made)"))
    p = stamps.add_parser("status", help=tr("the authority set, and what is stamped and what "
                                            "waits"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    stamps.add_parser("retry", help=tr("stamp the originals that no token covers yet"))


def say_outcome(outcome: StampOutcome | None) -> None:
    """One line on an import token: obtained, or why not and what waits."""
    if outcome is None:
        return
    print(outcome.sentence(), file=sys.stderr if outcome.problem else sys.stdout)


def cmd_timestamps(args: argparse.Namespace) -> int:
    from evidence_logger.trusted_time import settings as tsa_settings
    from evidence_logger.trusted_time.store import stamp_waiting, status

    action = args.timestamps_command
    if action == "set":
        current = tsa_settings.load()
        current.tsa = tsa_settings.check_url(args.tsa)
        if args.ca_file:
            try:
                pem = Path(args.ca_file).read_bytes()
            except OSError as error:
                raise UserError("{path} cannot be read: {reason}.", path=args.ca_file,
                                reason=error.strerror or str(error)) from error
            current.ca_pem = tsa_settings.check_ca(pem)
        current.enabled = True
        tsa_settings.save(current)
        print(tr("Trusted timestamps are on: imports and exports will ask {tsa}.",
                 tsa=current.tsa_name))
        if not current.ca_pem:
            print(tr("No root certificate of the authority is set: its tokens cannot be checked "
                     "and will not be kept. Add it with --ca-file ROOT.pem."), file=sys.stderr)
        return EXIT_OK
    if action == "off":
        current = tsa_settings.load()
        current.enabled = False
        tsa_settings.save(current)
        print(tr("Trusted timestamps are off: the app opens no connection for them."))
        return EXIT_OK
    if action == "retry":
        with open_case(args, changes=True) as case:
            outcome = drive(stamp_waiting(case), show_progress())
            status_line("")
            if outcome is None:
                waiting = status(case).waiting
                if waiting and not tsa_settings.load().active:
                    raise UserError("Trusted timestamps are off: set a time-stamp authority "
                                    "first (evidence-logger timestamps set --tsa URL).")
                print(tr("Nothing waits: every original is covered by a trusted timestamp."))
                return EXIT_OK
            say_outcome(outcome)
            return EXIT_OK if outcome.problem is None else EXIT_ERROR
    return _status(args)


def _status(args: argparse.Namespace) -> int:
    from evidence_logger.trusted_time import settings as tsa_settings
    from evidence_logger.trusted_time.store import status

    current = tsa_settings.load()
    try:
        case = open_case(args, read_only=True)
    except UserError:
        case = None
    state = status(case) if case is not None else None
    names: dict[str, str] = {}
    if case is not None:
        names = dict(case.db.execute("SELECT sha256, name FROM evidence").fetchall())
        case.close()
    if args.json:
        value: dict[str, Any] = state.to_json() if state else {
            "enabled": current.active, "tsa": current.tsa, "tokens": [], "stamped": 0,
            "waiting": []}
        value["ca_set"] = bool(current.ca_pem)
        value["authorities"] = [{"id": a.id, "name": a.name, "url": a.url, "cost": a.cost,
                                 "account": a.account, "country": a.country,
                                 "source": a.source, "status": a.status} for a in AUTHORITIES]
        print_json(value)
        return EXIT_OK
    if current.active:
        print(tr("Trusted timestamps are on: {tsa} ({url}).", tsa=current.tsa_name,
                 url=current.tsa))
    else:
        print(tr("Trusted timestamps are off: the app opens no connection for them."))
    if state is not None:
        for token in state.tokens:
            print("  " + tr("{time}: {count} original(s), stamped by {tsa}", time=token.iso_time,
                            count=len(token.hashes), tsa=token.tsa_name))
        print(tr("{stamped} original(s) stamped, {waiting} waiting.",
                 stamped=len(state.covered()), waiting=len(state.waiting)))
        for sha in state.waiting:
            print("  " + tr("waiting: {name} ({sha})", name=names.get(sha, ""), sha=sha[:12]))
    print(tr("Authorities (timestamps set --tsa ID or URL):"))
    for a in AUTHORITIES:
        account = tr("account needed") if a.account else tr("no account")
        print(f"  {a.id:10} {a.name}: {tr(a.cost)}, {account}; {a.url or tr(a.note)}")
    return EXIT_OK
