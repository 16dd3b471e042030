"""The command line's arguments for the borrower's way out: debt, negotiation, plan, warnings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidence_logger.debts import LENDER_TYPES, REPORTED
from evidence_logger.i18n import tr
from evidence_logger.way_out.letters import KINDS
from evidence_logger.way_out.negotiations import CHANNELS


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=tr("print JSON"))


def _lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("zh", "en"), help=tr("language of the words printed"))


def add_way_out_commands(commands: Any) -> None:
    debt = commands.add_parser("debt", help=tr("the borrower's debts")).add_subparsers(
        dest="debt_command", metavar="ACTION", required=True)
    p = debt.add_parser("add", help=tr("add a debt"))
    p.add_argument("--platform", required=True)
    p.add_argument("--principal", required=True, metavar="AMOUNT")
    p.add_argument("--annual-rate", required=True, metavar="PCT")
    p.add_argument("--contract-date", metavar="DATE")
    p.add_argument("--lender", metavar="NAME", help=tr("the lender's full legal name"))
    p.add_argument("--lender-type", choices=LENDER_TYPES, metavar="TYPE",
                   help=", ".join(LENDER_TYPES))
    p.add_argument("--funder", metavar="NAME",
                   help=tr("the funding institution of a loan a platform arranged (助贷)"))
    p.add_argument("--received", metavar="AMOUNT", help=tr("what was actually paid out to you"))
    p.add_argument("--fees", metavar="AMOUNT",
                   help=tr("fees charged up front (service, guarantee, membership)"))
    p.add_argument("--repaid", metavar="AMOUNT", help=tr("what you have repaid so far"))
    p.add_argument("--due-date", action="append", default=[], metavar="D",
                   help=tr("a due date (repeat with --due for a schedule)"))
    p.add_argument("--due", action="append", default=[], metavar="AMOUNT",
                   help=tr("the amount due on the --due-date of the same place"))
    p.add_argument("--reported", choices=REPORTED, default="unknown",
                   help=tr("whether the credit reference centre has it"))
    p.add_argument("--note")
    p = debt.add_parser("list", help=tr("the debts in the order to deal with them, and why"))
    _json(p)
    _lang(p)
    p = debt.add_parser("rank", help=tr("put a debt in a place of your own in the order"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("place", type=int, nargs="?", metavar="PLACE",
                   help=tr("1 = first; leave out to give it back to the app's order"))

    neg = commands.add_parser("negotiation", help=tr("the record of your negotiations with "
                                                     "creditors (协商记录)")).add_subparsers(
        dest="negotiation_command", metavar="ACTION", required=True)
    p = neg.add_parser("add", help=tr("record a contact about repaying"))
    p.add_argument("--platform", required=True)
    p.add_argument("--at", required=True, metavar="TIME",
                   help=tr("when, e.g. 2026-03-02T11:20 (the case's time zone unless given)"))
    p.add_argument("--channel", required=True, choices=CHANNELS)
    p.add_argument("--asked", required=True, metavar="TEXT")
    p.add_argument("--offered", metavar="TEXT")
    p.add_argument("--outcome", metavar="TEXT")
    p.add_argument("--with", dest="counterpart", metavar="WHO",
                   help=tr("with whom: an agent's name or number"))
    p.add_argument("--event", type=int, action="append", default=[], metavar="ID",
                   help=tr("a call or message that shows it (repeatable)"))
    p = neg.add_parser("list", help=tr("list the negotiations"))
    _json(p)
    p = neg.add_parser("letter", help=tr("a letter asking a creditor for instalments or a "
                                         "waiver, filled from the case"))
    p.add_argument("--debt", type=int, required=True, metavar="ID")
    p.add_argument("--kind", choices=tuple(KINDS), default="instalments")
    p.add_argument("--out", type=Path, metavar="FILE.pdf",
                   help=tr("write the letter as a PDF to print, sign and send"))
    _json(p)
    _lang(p)

    plan = commands.add_parser("plan", help=tr("the repayment plan")).add_subparsers(
        dest="plan_command", metavar="ACTION", required=True)
    p = plan.add_parser("set", help=tr("your monthly income and essential expenses"))
    p.add_argument("--income", metavar="AMOUNT")
    p.add_argument("--expenses", metavar="AMOUNT")
    p.add_argument("--hardship", metavar="TEXT",
                   help=tr("why you cannot pay as agreed, for the letters"))
    p.add_argument("--silence-days", type=int, metavar="DAYS",
                   help=tr("warn when a creditor has not heard from you for this many days "
                           "(default 30)"))
    p = plan.add_parser("show", help=tr("per debt: the monthly amount and the months to clear"))
    _json(p)
    p = plan.add_parser("export", help=tr("the repayment plan as a short PDF (还款计划) to send "
                                          "a creditor"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help=tr("language of the plan (default: zh)"))

    p = commands.add_parser("warnings", help=tr("scam warnings for you, apart from the "
                                                "findings"))
    _json(p)
    _lang(p)
