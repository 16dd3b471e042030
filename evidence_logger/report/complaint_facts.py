"""The facts of a complaint written out from the findings: one sentence per finding, saying on
which day which of the lender's numbers did what, with the 证据目录 numbers it rests on. A
relative reached is named by relation, never by number; the borrower's own notes are not quoted
(an entered call is said to rest on the borrower's statement)."""

from __future__ import annotations

from typing import Any

from evidence_logger.i18n import Language, tr
from evidence_logger.report.data import ReportData
from evidence_logger.rules.engine import Finding

QUOTE_CHARS = 60  # a message is quoted up to this many characters


def _join(items: list[str], lang: str) -> str:
    return ("、" if Language.of(lang).chinese else ", ").join(items)


def _times(finding: Finding, at: dict[int, dict[str, Any]], lang: str) -> str:
    times = sorted({event["at"][11:16] for e in finding.events
                    if (event := at.get(e)) and event.get("at")})
    return _join(times[:8], lang) + ("…" if len(times) > 8 else "")


def _refs(finding: Finding, numbers: tuple[dict[str, int], dict[int, int]], lang: str) -> str:
    by_sha, by_event = numbers
    found = {by_sha[s] for s in finding.evidence if s in by_sha}
    found |= {by_event[e] for e in finding.events if e in by_event}
    return _join([str(n) for n in sorted(found)], lang)


def _quote(finding: Finding, at: dict[int, dict[str, Any]]) -> str:
    for event_id in finding.events:
        text = (at.get(event_id) or {}).get("text")
        if text:
            return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"
    return ""


def facts_of(found: list[Finding]) -> list[list[Finding]]:
    """The findings grouped into facts: word findings of several rules on the same message are
    one fact (one message, told once), the others one fact each; in the findings' order."""
    facts: list[list[Finding]] = []
    by_events: dict[tuple[int, ...], list[Finding]] = {}
    for finding in found:
        key = tuple(finding.events)
        if finding.rule.check == "lexicon" and key in by_events:
            by_events[key].append(finding)
            continue
        facts.append([finding])
        if finding.rule.check == "lexicon":
            by_events[key] = facts[-1]
    return facts


def _rules_and_words(fact: list[Finding], lang: str) -> str:
    sep = "；" if Language.of(lang).chinese else "; "
    colon = "：" if Language.of(lang).chinese else ": "
    return sep.join(f"{f.rule.text('title', lang)}{colon}“{'、'.join(f.matched)}”"
                    if Language.of(lang).chinese else
                    f"{f.rule.text('title', lang)}{colon}\"{', '.join(f.matched)}\""
                    for f in fact)


def fact_sentence(data: ReportData, fact: list[Finding], at: dict[int, dict[str, Any]],
                  numbers: tuple[dict[str, int], dict[int, int]]) -> str:
    """One fact (a finding, or word findings on one message) as a sentence of the complaint,
    ending with its evidence numbers."""
    lang = data.lang
    finding = fact[0]
    d = finding.details
    day, times = finding.day or "—", _times(finding, at, lang)
    check = finding.rule.check
    words = "、".join(finding.matched)
    if check == "daily-calls":
        text = tr("On {day} the lender's collectors called the complainant {count} times "
                  "({connected} connected, {unanswered} unanswered), more than {limit} calls "
                  "a day.", lang, day=day, count=finding.count, connected=d.get("connected", 0),
                  unanswered=d.get("unanswered", 0), limit=d.get("limit", 0))
    elif check == "redial":
        text = tr("On {day} number {number} called the complainant {count} times without "
                  "getting through (at {times}).", lang, day=day, number=finding.number,
                  count=finding.count, times=times)
    elif check == "quiet-hours":
        text = tr("On {day} the lender's collectors contacted the complainant at night "
                  "({count} times, at {times}; night is {start} to {end}).", lang, day=day,
                  count=finding.count, times=times, start=d.get("start"), end=d.get("end"))
    elif check == "third-party":
        party = data.parties.get(finding.number or "", {})
        who = party.get("relation") or tr("a third party", lang)
        if d.get("discloses_debt"):
            text = tr("On {day} the lender's collectors contacted the complainant's {who} "
                      "({count} calls or messages) and told of the complainant's debt "
                      "(\"{words}\").", lang, day=day, who=who, count=finding.count,
                      words=words)
        else:
            text = tr("On {day} the lender's collectors contacted the complainant's {who} "
                      "({count} calls or messages).", lang, day=day, who=who,
                      count=finding.count)
    elif check == "lexicon" and d.get("stated_by_borrower"):
        text = tr("On {day} at {times} the caller from number {number} said, as the "
                  "complainant states, what falls under: {rules}.", lang, day=day, times=times,
                  number=finding.number, rules=_rules_and_words(fact, lang))
    elif check == "lexicon":
        text = tr("On {day} at {times} number {number} wrote: \"{quote}\" ({rules}).",
                  lang, day=day, times=times, number=finding.number,
                  quote=_quote(finding, at) or words, rules=_rules_and_words(fact, lang))
    elif check == "excess-interest" and d.get("rate_judged") == "true":
        text = tr("The loan contract of {day} sets an annual rate of {rate}%, but only {net} "
                  "yuan was paid out after fees: against what is due, the true annual rate is "
                  "{true}%, above {cap}% (4 times the one-year LPR on the contract date).",
                  lang, day=day, rate=d.get("annual_rate"), net=d.get("net_received"),
                  true=d.get("true_rate"), cap=d.get("cap"))
    elif check == "excess-interest":
        text = tr("The loan contract of {day} sets an annual rate of {rate}%, above {cap}% "
                  "(4 times the one-year LPR on the contract date).", lang, day=day,
                  rate=d.get("annual_rate"), cap=d.get("cap"))
    else:
        text = tr("On {day}: {rule} ({count}).", lang, day=day,
                  rule=finding.rule.text("title", lang), count=finding.count)
    refs = _refs(finding, numbers, lang)
    if refs:
        text += ("" if Language.of(lang).chinese else " ") + tr(
            "(Evidence No. {numbers})", lang, numbers=refs)
    return text
