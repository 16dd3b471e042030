"""Commands on the rules: findings, rules show, rules set."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from evidence_logger.cli.common import (
    EXIT_OK,
    open_case,
    output_language,
    print_json,
    print_json_lines,
)
from evidence_logger.i18n import tr
from evidence_logger.rules.counting import count_words, counted, notes
from evidence_logger.rules.engine import Finding, rule_json


def cmd_findings(args: argparse.Namespace) -> int:
    from evidence_logger.rules import evaluate

    lang = output_language(args)
    with open_case(args) as case, no_cycle_walks():
        found = evaluate(case)
        if args.json:
            print_json_lines(finding_lines(found, lang))
            return EXIT_OK
        if not found:
            print(tr("No findings: no rule of the {profile} profile is broken by what the case "
                     "holds. Mark the collectors' numbers with: evidence-logger party set "
                     "NUMBER --role collector --platform NAME", lang, profile=case.profile))
        for finding in found:
            where = " ".join(str(x) for x in (finding.day, finding.platform, finding.number)
                             if x)
            count = f" ×{finding.count}" if finding.count else ""
            if finding.rule.check == "daily-calls":
                count += f" ({count_words(finding, lang)})"
            words = f" 「{'、'.join(finding.matched)}」" if finding.matched else ""
            unmarked = tr(" (from a number not marked as a collector: mark it with party set "
                          "to count it)", lang) if finding.details.get("unmarked_party") else ""
            print(f"[{tr(finding.severity, lang)}] {finding.rule.text('title', lang)}: "
                  f"{where}{count}{words}{unmarked}")
        if found:  # notes are shown, never counted as findings
            print(tr("{count} findings; {notes} notes, not counted as findings.", lang,
                     count=len(counted(found)), notes=len(notes(found))))
        return EXIT_OK


@contextmanager
def no_cycle_walks() -> Iterator[None]:
    """The cycle collector off while the findings are made and written: tens of thousands of
    objects made at once and kept till the end, without reference cycles, so its walks (one
    full one and 150 young ones on a heavy case, 35 ms of 0.75 s) find nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def finding_lines(found: list[Finding], lang: str) -> Iterator[bytes]:
    """Each finding as one line of JSON in UTF-8 (its ``to_json``), encoded by orjson (json's
    C encoder took 0.2 s of the 1.1 s that ``findings --json`` takes on a heavy case; its
    ``indent`` goes through the Python one, seconds), its rule's part encoded once per rule:
    the texts of a rule repeat in each of its findings."""
    import orjson

    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
    heads: dict[str, bytes] = {}
    for finding in found:
        head = heads.get(finding.rule.id)
        if head is None:
            head = heads[finding.rule.id] = orjson.dumps(
                rule_json(finding.rule, lang), option=options)[:-1] + b","
        yield head + orjson.dumps(finding.own_json(), option=options)[1:]


def cmd_rules(args: argparse.Namespace) -> int:
    from evidence_logger.rules import case_profile, set_param

    with open_case(args, changes=args.rules_command == "set") as case:
        if args.rules_command == "set":
            value = set_param(case.db, case.profile, args.key, args.value)  # or a sentence
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
