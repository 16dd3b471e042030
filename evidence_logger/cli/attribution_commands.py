"""Commands on who a collector number belongs to (号码归属): ``party suggest`` (the links the
messages suggest), ``party confirm`` (the borrower confirms them) and ``party links`` (the
table the dossier prints)."""

from __future__ import annotations

import argparse

from evidence_logger import attribution
from evidence_logger.cli.common import EXIT_OK, open_case, print_json
from evidence_logger.i18n import tr
from evidence_logger.phones import display, normalize

ACTIONS = ("suggest", "confirm", "links")


def add_attribution_commands(party: argparse._SubParsersAction) -> None:
    p = party.add_parser("suggest", help=tr("platforms the messages suggest for numbers, for "
                                            "you to confirm (number, platform, basis, "
                                            "evidence)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p = party.add_parser("confirm", help=tr("confirm the suggested platform of a number"))
    p.add_argument("number", metavar="NUMBER", help=tr("the number as party suggest shows it"))
    p.add_argument("--platform", help=tr("the platform, when the messages name more than one"))
    p = party.add_parser("links", help=tr("every collector number with its platform and the "
                                          "basis of that link (the dossier's table)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))


def _basis(link: attribution.Link) -> str:
    return tr(attribution.BASIS_WORDS[link.basis], platform=link.platform)


def _evidence(link: attribution.Link) -> str:
    if link.basis == "statement":
        return link.statement or tr("no file: the borrower's word")
    shas = ", ".join(sha[:12] for sha in link.evidence)
    return tr("event {event}, original {shas}", event=link.event, shas=shas or "—")


def cmd_attribution(args: argparse.Namespace) -> int:
    action = args.party_command
    with open_case(args, changes=action == "confirm") as case:
        if action == "confirm":
            key = normalize(args.number, case.region)
            if case.db.execute("SELECT 1 FROM parties WHERE number = ?", (key,)).fetchone() \
                    is None:
                key = args.number  # a name (a WeChat collector's) is its own key
            confirmed = attribution.confirm(case.db, key, platform=args.platform)
            print(tr("{number} is now a collector of {platform}, on {count} bases from the "
                     "messages.", number=display(args.number), platform=confirmed[0].platform,
                     count=len(confirmed)))
            return EXIT_OK
        links = attribution.suggest(case.db) if action == "suggest" \
            else attribution.links(case.db)
        if args.json:
            print_json([link.to_json() for link in links])
            return EXIT_OK
        if not links:
            print(tr("Nothing to suggest: no message of an unconfirmed number is signed with or "
                     "names a platform the case knows.") if action == "suggest"
                  else tr("No number is marked as a collector yet."))
        for link in links:
            print(f"{display(link.number):<22} {link.platform:<10} {_basis(link)}  "
                  f"[{_evidence(link)}]")
        if action == "suggest" and links:
            print(tr("Confirm with: evidence-logger party confirm NUMBER"))
        return EXIT_OK
