"""Commands for the borrower's way out: debt, negotiation, plan, warnings."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from evidence_logger.case import Case
from evidence_logger.cli.common import EXIT_OK, UserError, open_case, output_language, print_json
from evidence_logger.debts import add_debt, set_rank
from evidence_logger.i18n import tr
from evidence_logger.importing import parse_time
from evidence_logger.way_out.budget import budget, set_budget
from evidence_logger.way_out.letters import letter
from evidence_logger.way_out.negotiations import add_negotiation, list_negotiations
from evidence_logger.way_out.plan import make_plan
from evidence_logger.way_out.priority import ranked_debts
from evidence_logger.way_out.scams import KINDS, warnings
from evidence_logger.way_out.silence import silences


def cmd_debt(args: argparse.Namespace) -> int:
    if args.debt_command == "list":
        return _debt_list(args)
    with open_case(args, changes=True) as case:
        if args.debt_command == "rank":
            set_rank(case.db, args.id, args.place)
            print(tr("Debt {id} is in the app's order again.", id=args.id) if args.place is None
                  else tr("Debt {id} is now number {place} in the order.", id=args.id,
                          place=args.place))
            return EXIT_OK
        debt_id = add_debt(case.db, platform=args.platform, principal=args.principal,
                           annual_rate=args.annual_rate, contract_date=args.contract_date,
                           lender_type=args.lender_type, lender=args.lender, funder=args.funder,
                           received=args.received, fees=args.fees, repaid=args.repaid,
                           due_dates=args.due_date, due_amounts=args.due,
                           reported=args.reported, note=args.note)
        print(tr("Added debt {id}.", id=debt_id))
        return EXIT_OK


def _debt_list(args: argparse.Namespace) -> int:
    lang = output_language(args)
    with open_case(args, read_only=True) as case:
        debts = ranked_debts(case.db)
        if args.json:
            print_json([d.to_json(lang) for d in debts])
            return EXIT_OK
        if not debts:
            print(tr("No debts yet: evidence-logger debt add adds one.", lang))
        for d in debts:
            rate = f"{d.true.rate}%" if d.true.rate is not None else "—"
            print(f"{d.rank:>2}. [{d.debt['id']}] {d.debt['platform']}  "
                  + tr("true rate {rate}, cap {cap}", lang, rate=rate,
                       cap=f"{d.cap.percent}%" if d.cap.percent is not None else "—"))
            print("    " + tr("why: {reason}", lang, reason=d.reason(lang)))
            print("    " + d.to_json(lang)["verdict_text"])
        return EXIT_OK


def _time_ms(text: str, case: Case) -> int:
    try:
        return int(parse_time(text, case.tz).timestamp() * 1000)
    except ValueError:
        raise UserError("{value} is not a time like 2026-03-02T11:20.", value=text) from None


def cmd_negotiation(args: argparse.Namespace) -> int:
    if args.negotiation_command == "add":
        with open_case(args, changes=True) as case:
            negotiation_id = add_negotiation(
                case.db, platform=args.platform, at_ms=_time_ms(args.at, case),
                channel=args.channel, asked=args.asked, offered=args.offered,
                outcome=args.outcome, counterpart=args.counterpart, event_ids=args.event)
            print(tr("Added negotiation {id}.", id=negotiation_id))
            return EXIT_OK
    lang = output_language(args)
    with open_case(args, read_only=True) as case:
        if args.negotiation_command == "letter":
            debts = {d.debt["id"]: d for d in ranked_debts(case.db)}
            if args.debt not in debts:
                raise UserError("There is no debt {id}; evidence-logger debt list shows them.",
                                id=args.debt)
            made = letter(args.kind, debts[args.debt],
                          make_plan(budget(case.db), list(debts.values())), budget(case.db),
                          lang)
            if args.out is not None:
                from evidence_logger.report.letter_pdf import write_letter_pdf

                written = write_letter_pdf(made, args.out, lang=lang, sample=case.sample)
                print(tr("Wrote the letter to {path}.", path=written))
                return EXIT_OK
            if args.json:
                print_json(made)
            else:
                print(made["title"], "", *made["paragraphs"], sep="\n")
                if made["rule"]:
                    print("", tr("Status of the source", lang) + ": " + made["rule"]["status"]
                          + ". " + made["rule"]["status_note"], sep="\n")
            return EXIT_OK
        items = list_negotiations(case.db, case.tz)
        if args.json:
            print_json(items)
            return EXIT_OK
        for n in items:
            print(f"{n['id']:>4} {n['at']} {n['platform']} ({n['channel']}): {n['asked']}"
                  + (f" -> {n['offered']}" if n["offered"] else "")
                  + (f" [{n['outcome']}]" if n["outcome"] else "")
                  + (" " + tr("events {ids}", ids=", ".join(map(str, n["events"])))
                     if n["events"] else ""))
        for quiet in silences(case.db, case.tz):
            print(_silence_line(quiet.platform, quiet.days))
        return EXIT_OK


def _silence_line(platform: str, days: int | None) -> str:
    if days is None:
        return tr("{platform} has never heard from you: staying silent looks like evasion and "
                  "invites a lawsuit. Contact it and record the negotiation.", platform=platform)
    return tr("{platform} has not heard from you for {days} days: staying silent looks like "
              "evasion and invites a lawsuit. Contact it and record the negotiation.",
              platform=platform, days=days)


def cmd_plan(args: argparse.Namespace) -> int:
    if args.plan_command == "set":
        with open_case(args, changes=True) as case:
            now = set_budget(case.db, income=args.income, expenses=args.expenses,
                             hardship=args.hardship, silence_days=args.silence_days)
            print(tr("Income {income}, essential expenses {expenses}: {left} left for the "
                     "debts each month.", income=now.income or "—", expenses=now.expenses or "—",
                     left=now.left if now.left is not None else "—"))
            return EXIT_OK
    with open_case(args, read_only=True) as case:
        plan = make_plan(budget(case.db), ranked_debts(case.db))
        if args.plan_command == "export":
            from evidence_logger.report.plan_pdf import build_plan_pdf

            out = build_plan_pdf(case, args.out, lang=args.lang)
            print(tr("Wrote the repayment plan to {path}.", path=out))
            return EXIT_OK
        if args.json:
            print_json(plan.to_json())
            return EXIT_OK
        if not plan.ready:
            raise UserError("Enter your monthly income and essential expenses first: "
                            "evidence-logger plan set --income AMOUNT --expenses AMOUNT")
        print(tr("Income {income}, essential expenses {expenses}: {left} left for the debts "
                 "each month.", income=plan.income, expenses=plan.expenses, left=plan.left))
        for line in plan.lines:
            months = str(line.months) if line.months is not None else tr("not within 50 years")
            print(f"{line.rank:>2}. {line.platform}: "
                  + tr("{monthly} a month, cleared in {months} months (owed {owed})",
                       monthly=line.monthly, months=months, owed=line.outstanding))
        return EXIT_OK


def cmd_warnings(args: argparse.Namespace) -> int:
    lang = output_language(args)
    with open_case(args, read_only=True) as case:
        found = warnings(case.db)
        if args.json:
            print_json([w.to_json(lang) for w in found])
            return EXIT_OK
        if not found:
            print(tr("No scam offers found in your messages.", lang))
        for w in found:
            item = w.to_json(lang)
            print(f"[{tr(KINDS[w.kind], lang)}] {item['advice']} "
                  + tr("Words: {words}", lang, words="、".join(w.words))
                  + (" " + tr("events {ids}", lang, ids=", ".join(map(str, w.event_ids)))
                     if w.event_ids else ""))
            print("    " + item["reason"])
        return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "negotiation": cmd_negotiation, "plan": cmd_plan, "warnings": cmd_warnings}
