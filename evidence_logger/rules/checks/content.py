"""Checks on who was reached and what was said: third parties, threatening or impersonating
words, and interest above the legal cap."""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby

from evidence_logger.rules import lexicon, transcripts
from evidence_logger.rules.cap import legal_cap
from evidence_logger.rules.engine import Context, Finding, check
from evidence_logger.rules.facts import COLLECTOR_CONTACT, UNMARKED_CONTACT, day_text
from evidence_logger.rules.profile import Rule


def _words(matches: list[lexicon.Match]) -> list[str]:
    return list(dict.fromkeys(m.text for m in matches))


@check("third-party", facts=f"{COLLECTOR_CONTACT} AND owner != 'self'")
def third_party(ctx: Context, rule: Rule) -> list[Finding]:
    """Collector contact found on a third party's phone (or entered as reaching one); one
    finding per third party, creditor and day, severer when the words disclose the debt."""
    rows = ctx.rows(f"""
        SELECT owner, platform, day, id, number, text, note FROM temp.facts
        WHERE {COLLECTOR_CONTACT} AND owner != 'self'
        ORDER BY owner, platform IS NULL, platform, day, id""")
    people = {number: (relation, name) for number, relation, name in ctx.rows(
        "SELECT number, relation, name FROM parties WHERE role != 'collector'")}
    found = []
    for (owner, platform, day), grouped in groupby(rows, key=lambda r: r[:3]):
        group = list(grouped)
        matched: list[lexicon.Match] = []
        for *_, text, note in group:
            for words in (text, note):
                matched += lexicon.find(words, rule.params["disclosure_lexicon"], amounts=True)
        relation, name = people.get(owner, (None, None))
        found.append(Finding(
            rule, "high" if matched else rule.severity, day=day_text(day), platform=platform,
            number=owner, count=len(group), events=[r[3] for r in group],
            matched=_words(matched),
            details={"third_party": owner, "relation": relation, "name": name,
                     "collectors": sorted({r[4] for r in group}),
                     "discloses_debt": bool(matched)}))
    return found


@check("lexicon", facts=transcripts.LEXICON_FACTS)
def words(ctx: Context, rule: Rule) -> list[Finding]:
    """A collector's message (or the borrower's note on a collector's contact) with words from
    the rule's lexicon; the words found are kept."""
    lexicon_id, extra = rule.params["lexicon"], tuple(rule.params.get("extra") or ())
    rows = ctx.rows(f"""
        SELECT id, day, platform, number, owner, kind, text, note, role FROM temp.facts
        WHERE ({COLLECTOR_CONTACT} OR {UNMARKED_CONTACT})
          AND (text IS NOT NULL OR note IS NOT NULL)
        ORDER BY at_ms, id""")
    found = []
    for event, day, platform, number, owner, _kind, text, note, role in rows:
        unmarked = role != "collector"
        in_text = lexicon.find(text, lexicon_id, extra)
        in_note = lexicon.find(note, lexicon_id, extra)
        if not (in_text or in_note):
            continue
        # one finding per message or call, however many words it holds: a finding counts
        # events, never matched words (collection-rules.md, "Counting")
        found.append(Finding(
            # from a number the borrower has not said is a collector: shown, never counted
            # as a collector's violation until it is marked
            rule, "note" if unmarked else rule.severity, day=day_text(day),
            platform=platform, number=number, count=1, events=[event],
            matched=_words(in_text + in_note),
            details={"in": "message" if in_text else "note", "owner": owner,
                     "spans": [[m.start, m.end] for m in in_text],
                     "note_spans": [[m.start, m.end] for m in in_note],
                     # a note is the borrower's own account, not a file's
                     "stated_by_borrower": not in_text,
                     "unmarked_party": unmarked}))
    transcripts.spoken(ctx, rule, found)  # words spoken in calls, read off their transcripts
    return found


@check("excess-interest", facts="0")
def excess_interest(ctx: Context, rule: Rule) -> list[Finding]:
    """A debt's annual rate above the legal cap (:func:`~evidence_logger.rules.cap.legal_cap`);
    for exempt lenders (licensed microlenders), a note instead of a flag.

    The rate judged is the one entered or, when it is higher, the true rate of what was paid
    out less the fees against what is due (:mod:`evidence_logger.way_out.true_rate`): interest
    taken out of the principal in advance (砍头息) is not principal, interest is owed only on
    what was received (docs/rule-profiles.md), so a stated rate can hide one above the cap."""
    from evidence_logger.debts import list_debts
    from evidence_logger.way_out.true_rate import true_rate

    exempt = set(rule.params["exempt_lender_types"])
    found = []
    for debt in list_debts(ctx.case.db):
        contract, lender, rate = debt["contract_date"], debt["lender_type"], debt["annual_rate"]
        cap = legal_cap(rule.params, contract)
        real = true_rate(debt)
        judged, basis = Decimal(rate), "entered"
        if real.rate is not None and real.rate > judged:
            judged, basis = real.rate, "true"
        if judged <= Decimal(cap["cap"]):
            continue
        details = {"debt": debt["id"], "annual_rate": rate, "cap": cap["cap"],
                   "lpr": cap["lpr"], "lpr_from": cap["lpr_from"],
                   "principal": debt["principal"], "lender_type": lender,
                   "contract_date": contract, "before_lpr_table": cap["before_lpr_table"],
                   "no_contract_date": cap["no_contract_date"],
                   "true_rate": None if real.rate is None else str(real.rate),
                   "net_received": str(real.net_received), "rate_judged": basis}
        found.append(Finding(rule, "note" if lender in exempt else rule.severity,
                             day=contract, platform=debt["platform"], details=details))
    return found
