"""What the dossier shows, gathered from a case once and cut to the period asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from evidence_logger import __version__, attribution, custody, listing, provenance
from evidence_logger.case import Case
from evidence_logger.debts import list_debts
from evidence_logger.ocr.store import reading_of
from evidence_logger.rules.engine import Finding, evaluate
from evidence_logger.rules.grounds import Lender, lenders
from evidence_logger.rules.profile import Profile, Rule, case_profile
from evidence_logger.speech.store import transcript_of


@dataclass(slots=True)
class ReportData:
    case_name: str
    lang: str  # "zh_CN" or "en", as tr() wants it
    start: date | None
    end: date | None
    events: list[dict[str, Any]]
    originals: list[dict[str, Any]]
    findings: list[Finding]
    parties: dict[str, dict[str, Any]]  # number -> role, platform, relation, name
    custody_head: str
    made_at: str
    version: str = __version__
    supports: dict[str, list[str]] = field(default_factory=dict)  # sha -> rule ids it backs
    debts: list[dict[str, Any]] = field(default_factory=list)  # the borrower's statements
    # the interest-cap findings of every debt, whatever the period (their day is the contract's)
    debt_findings: list[Finding] = field(default_factory=list)
    profile: Profile | None = None
    root: str | None = None  # the evidence root (see evidence_logger.evidence_root)
    withheld: set[str] = field(default_factory=set)  # originals left out by redaction
    # sha -> what OCR read off that screenshot (ocr.store.reading_of): machine-read
    readings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # sha -> what a recording says (speech.store.transcript_of): machine-made
    transcripts: dict[str, dict[str, Any]] = field(default_factory=dict)
    # the case's import timestamps (report/trusted_time.py) and how many originals have none
    timestamps: list[dict[str, Any]] = field(default_factory=list)
    unstamped: int = 0
    # platform -> who lends behind it (the debts' lender type, legal name, funder)
    lenders: dict[str, Lender] = field(default_factory=dict)
    # the 号码归属 table: each collector number's platform and the basis of that link
    attributions: list[attribution.Link] = field(default_factory=list)
    # the phones and exports the borrower stated (provenance.gather); the 证据目录 once made
    provenance: Any = None
    catalogue: list[Any] | None = None
    submission: bool = False  # the dossier of a submission bundle (提交版)
    left_out: list[dict[str, Any]] = field(default_factory=list)  # withheld, listed by hash

    def lender(self, platform: str | None) -> Lender:
        """Who lends behind ``platform`` (type ``unknown`` when no debt says)."""
        return self.lenders.get(platform or "") or Lender(platform or "")

    def rule(self, check: str) -> Rule | None:
        """The profile's (first) rule evaluated by ``check``, if it has one."""
        rules = self.profile.rules if self.profile else ()
        return next((r for r in rules if r.check == check), None)

    @property
    def calls(self) -> int:
        return sum(1 for e in self.events if e["kind"] == "call")

    @property
    def messages(self) -> int:
        return sum(1 for e in self.events if e["kind"] == "message")

    @property
    def stated(self) -> list[dict[str, Any]]:
        """The events that rest (also) on the borrower's own entry, not on a file."""
        return [e for e in self.events if e["entered_by_borrower"]]

    @property
    def period(self) -> tuple[str | None, str | None]:
        days = [e["at"][:10] for e in self.events if e.get("at")]
        return (min(days), max(days)) if days else (None, None)

    def rules(self) -> list[tuple[Any, list[Finding]]]:
        """The rules that have findings, in the profile's order, with their findings."""
        grouped: dict[str, tuple[Any, list[Finding]]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.rule.id, (finding.rule, []))[1].append(finding)
        return list(grouped.values())


def _in_range(day: str | None, start: date | None, end: date | None) -> bool:
    if day is None:
        return True
    return (start is None or day >= start.isoformat()) and (end is None or day <= end.isoformat())


def redact(data: ReportData, redaction: Any, withheld: set[str]) -> None:
    """Mask every third party's number in what the report shows (as the bundle's case.json
    does) and mark the originals the bundle withholds, so that no picture of theirs is drawn."""
    text = redaction.text
    if redaction.events is not None:  # a submission bundle's: the events its document keeps
        data.events = [e for e in data.events if e["id"] in redaction.events]
        data.submission = redaction.submission
    for event in data.events:
        for key in ("number", "owner", "text", "note"):
            if event.get(key):
                event[key] = text(event[key])
    data.parties = {text(number): party for number, party in data.parties.items()}
    for item in data.originals:
        for key in ("name", "owner", "source_path"):
            if item.get(key):
                item[key] = text(item[key])
    for finding in data.findings + data.debt_findings:
        finding.number = text(finding.number)
    for sha in list(data.readings):
        reading = data.readings[sha]
        if sha in withheld:
            del data.readings[sha]
            continue
        reading["counterpart"] = text(reading["counterpart"])
        for line in reading["lines"]:
            line["text"] = text(line["text"])
    data.transcripts = {sha: spoken for sha, spoken in data.transcripts.items()
                        if sha not in withheld}
    for spoken in data.transcripts.values():
        for segment in spoken["segments"]:
            segment["text"], segment["corrected"] = text(segment["text"]), \
                text(segment["corrected"])
    data.withheld = withheld
    # the originals the bundle withholds are listed apart, by hash, and numbered nowhere
    data.left_out = [item for item in data.originals if item["sha256"] in withheld]
    data.originals = [item for item in data.originals if item["sha256"] not in withheld]
    if data.provenance is not None:
        data.provenance.mask(text)


def stamps(case: Case) -> dict[str, Any]:
    """The import tokens kept in the case, as the dossier shows them."""
    import hashlib

    from evidence_logger.trusted_time.store import status

    state = status(case)
    return {"timestamps": [{"time": t.iso_time, "tsa": t.tsa_name, "originals": len(t.hashes),
                            "message_sha256": hashlib.sha256(t.message).hexdigest()}
                           for t in state.tokens],
            "unstamped": len(state.waiting)}


def gather(case: Case, *, lang: str, start: date | None, end: date | None) -> ReportData:
    """Events, originals and findings of ``case`` whose local day lies in ``start..end``."""
    all_events = list(listing.events(case, lang))
    events = [e for e in all_events if _in_range(e["at"][:10] if e["at"] else None, start, end)]
    every = evaluate(case)
    # a threat from a number the borrower has not marked as a collector is a note for the
    # borrower (window, command line), never a finding the dossier puts to a court
    findings = [f for f in every if _in_range(f.day, start, end)
                and not f.details.get("unmarked_party")]
    cited = {sha for e in all_events for sha in e["evidence"]}
    wanted = {sha for e in events for sha in e["evidence"]}
    originals = []
    for item in listing.evidence(case):
        sha = item["sha256"]
        if (start is None and end is None) or sha in wanted or (
                sha not in cited and _in_range(item["at"][:10] if item["at"] else None,
                                               start, end)):
            originals.append(item)
    supports: dict[str, list[str]] = {}
    for finding in findings:
        for sha in finding.evidence:
            if finding.rule.id not in supports.setdefault(sha, []):
                supports[sha].append(finding.rule.id)
    parties = {number: {"role": role, "platform": platform, "relation": relation, "name": name}
               for number, role, platform, relation, name in case.db.execute(
                   "SELECT number, role, platform, relation, name FROM parties")}
    readings = {item["sha256"]: reading for item in originals if item["kind"] == "image"
                and (reading := reading_of(case.db, item["sha256"])) is not None}
    made = datetime.now(case.tz).isoformat(timespec="seconds")
    return ReportData(case_name=case.name or case.folder.name, lang=lang, start=start, end=end,
                      events=events, originals=originals, findings=findings, parties=parties,
                      custody_head=custody.head(case.db), made_at=made, supports=supports,
                      debts=list_debts(case.db), profile=case_profile(case.db, case.profile),
                      debt_findings=[f for f in every if f.rule.check == "excess-interest"],
                      readings=readings, provenance=provenance.gather(case.db),
                      transcripts={item["sha256"]: spoken for item in originals
                                   if item["kind"] == "recording" and (spoken := transcript_of(
                                       case.db, item["sha256"])) is not None},
                      **stamps(case), lenders=lenders(case.db),
                      attributions=attribution.links(case.db))
