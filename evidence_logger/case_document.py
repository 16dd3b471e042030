"""The case as one JSON document and a few CSV tables, optionally with third parties redacted.

The document holds the case database's rows with their ids, so that ``open`` can rebuild the
same case from a bundle; see docs/bundle-format.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evidence_logger import provenance
from evidence_logger.case import Case
from evidence_logger.i18n import Language
from evidence_logger.listing import iso
from evidence_logger.rules import evaluate
from evidence_logger.rules.profile import case_overrides
from evidence_logger.way_out import document as way_out_document

FORMAT, VERSION = "evidence-logger-case", 1
# what screenshots say (OCR): derived data of an original image, tied to it by its SHA-256
SCREEN_READ_COLUMNS = ("evidence_id", "sha256", "engine", "model", "read_at_ms", "width",
                       "height", "kind", "app", "counterpart", "meta")
SCREEN_LINE_COLUMNS = ("evidence_id", "line", "text", "x0", "y0", "x1", "y1", "score", "role")
KIND_FOLDERS = {"recording": "recordings", "image": "images", "call-log": "call-logs",
                "messages": "messages", "attachment": "attachments", "metadata": "metadata"}


def rows(case: Case, sql: str) -> list[dict[str, Any]]:
    return [dict(row) for row in case.db.query(sql)]


def bundle_path(sha256: str, kind: str, name: str) -> str:
    """Where an original goes in the bag: readable, unique, safe."""
    # no separators, controls or characters Windows refuses; no "%", which manifests would
    # have to percent-encode and `sha256sum -c` would then not find
    safe = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|%]", "_", name).strip().strip(".") or "file"
    return f"data/originals/{KIND_FOLDERS.get(kind, 'other')}/{sha256[:12]}_{safe[:150]}"


def mask(number: str) -> str:
    """``+8613900000001`` -> ``139****0001``: the first 3 and the last 4 digits kept."""
    digits = number[3:] if number.startswith("+86") else number.lstrip("+")
    return digits[:3] + "****" + digits[-4:] if len(digits) > 7 else "****"


@dataclass(slots=True)
class Redaction:
    """Which numbers are masked and which originals withheld."""

    masks: dict[str, str] = field(default_factory=dict)  # number -> masked
    withheld: set[int] = field(default_factory=set)  # evidence ids
    pattern: re.Pattern[str] | None = None
    # a submission bundle (bundle/submission.py): the event ids its document keeps
    events: set[int] | None = None
    submission: bool = False

    def number(self, value: Any) -> Any:
        return self.masks.get(value, value) if isinstance(value, str) else value

    def text(self, value: Any) -> Any:
        """Mask every third party's number written anywhere in ``value``."""
        if not isinstance(value, str) or self.pattern is None:
            return value
        return self.pattern.sub(lambda m: self.masks[self._key(m.group())], value)

    def _key(self, written: str) -> str:
        digits = re.sub(r"\D", "", written)
        for number in self.masks:
            if number.lstrip("+").endswith(digits[-11:]):
                return number
        return next(iter(self.masks))


def plan_redaction(case: Case) -> Redaction:
    third = {n for (n,) in case.db.execute(
        "SELECT number FROM parties WHERE role = 'third-party' AND number LIKE '+%' "
        "UNION SELECT DISTINCT owner FROM events WHERE owner != 'self' "
        "UNION SELECT DISTINCT owner FROM evidence WHERE owner != 'self'")}
    redaction = Redaction(masks={n: mask(n) for n in third})
    if not third:
        return redaction
    marks = ",".join("?" * len(third))
    redaction.withheld = {eid for (eid,) in case.db.execute(f"""
        SELECT id FROM evidence WHERE owner IN ({marks})
        UNION SELECT o.evidence_id FROM observations o JOIN events e ON e.id = o.event_id
              JOIN parties p ON p.id = e.party_id
              WHERE o.evidence_id IS NOT NULL AND (e.owner IN ({marks}) OR p.number IN ({marks}))
        UNION SELECT l.evidence_id FROM event_links l JOIN events e ON e.id = l.event_id
              JOIN parties p ON p.id = e.party_id
              WHERE e.owner IN ({marks}) OR p.number IN ({marks})""",
        (*third, *third, *third, *third, *third))}
    forms = set()
    for number in third:
        national = number[3:] if number.startswith("+86") else number.lstrip("+")
        forms |= {re.escape(number), re.escape(national)}
    redaction.pattern = re.compile("|".join(sorted(forms, key=len, reverse=True)))
    return redaction


def case_document(case: Case, *, lang: str, redact: bool, plan: Redaction | None = None
                  ) -> tuple[dict[str, Any], Redaction]:
    """The whole case (with its findings) as a JSON-ready dict, and what was redacted.

    The document does not depend on ``lang`` (the language of the bundle's dossier): findings
    carry their texts in Chinese and English alike, so that the evidence root is one.
    ``plan`` (a submission's, see :mod:`evidence_logger.bundle.submission`) replaces the
    redaction ``redact`` asks for."""
    redaction = plan or (plan_redaction(case) if redact else Redaction())
    text, number = redaction.text, redaction.number
    evidence = []
    for row in rows(case, "SELECT * FROM evidence ORDER BY id"):
        row["meta"] = json.loads(row["meta"])
        withheld = row["id"] in redaction.withheld
        row["path"] = None if withheld else bundle_path(row["sha256"], row["kind"], row["name"])
        row.update(owner=number(row["owner"]), name=text(row["name"]),
                   source_path=text(row["source_path"]))
        evidence.append(row)
    parties = [{**p, "number": number(p["number"]), "name": text(p["name"]),
                "contact_name": None if p["number"] in redaction.masks else p["contact_name"]}
               for p in rows(case, "SELECT * FROM parties ORDER BY id")]
    events = [{**e, "owner": number(e["owner"]), "text": text(e["text"]),
               "note": text(e["note"])} for e in rows(case, "SELECT * FROM events ORDER BY id")]
    observations = [{**o, "text": text(o["text"]), "contact_name": text(o["contact_name"])}
                    for o in rows(case, "SELECT event_id, evidence_id, locator, source, at_ms, "
                                        "precision_s, direction, status, duration, text, "
                                        "contact_name, date_sent_ms FROM observations "
                                        "ORDER BY id")]
    if redaction.events is not None:  # a submission: the collectors' contacts and the cited
        kept = redaction.events
        events = [e for e in events if e["id"] in kept]
        observations = [o for o in observations if o["event_id"] in kept]
    screen_reads, screen_lines = _readings(case, redaction)
    findings = []
    for finding in evaluate(case):
        # the same in every language (so that a case's zh and en bundles carry one evidence
        # root): the texts in Chinese, the court's language, with the English beside them
        item = finding.to_json(Language.of("zh"))
        english = finding.to_json(Language.of("en"))
        item["en"] = {key: english[key] for key in ("title", "explanation", "citation")}
        item["number"] = number(item["number"])
        if "third_party" in item["details"]:
            item["details"]["third_party"] = number(item["details"]["third_party"])
        item["details"] = json.loads(text(json.dumps(item["details"], ensure_ascii=False)))
        findings.append(item)
    document = {
        "format": FORMAT, "version": VERSION,
        "case": {"name": case.name, "timezone": case.timezone, "profile": case.profile,
                 "region": case.region, **({"sample": True} if case.sample else {})},
        "rule_settings": case_overrides(case.db),
        "parties": parties, "evidence": evidence, "events": events,
        "observations": observations,
        "event_links": [link for link in rows(case, "SELECT event_id, evidence_id FROM "
                                                    "event_links ORDER BY event_id, evidence_id")
                        if redaction.events is None or link["event_id"] in redaction.events],
        # the debts in full, their schedules, the negotiations and (not in a submission) the
        # budget: what the way out and the dossier's record of good faith are made from
        **way_out_document.document_part(case.db, text=text, events=redaction.events,
                                         submission=redaction.submission),
        # 号码归属: the basis of each collector number's platform, as the borrower confirmed it
        "attributions": [{**a, "statement": text(a["statement"])} for a in rows(
            case, "SELECT * FROM attributions ORDER BY id")],
        "findings": findings,
        "screen_reads": screen_reads, "screen_lines": screen_lines,
        "provenance": provenance.document_part(case.db, number, text),
        "redaction": None if not (redact or redaction.submission) else {
            "third_parties": len(redaction.masks),
            "withheld": sorted(e["sha256"] for e in evidence if e["path"] is None),
            "mask": "first 3 and last 4 digits kept" if redaction.masks else "none",
            "submission": redaction.submission},
    }
    return document, redaction


def _readings(case: Case, redaction: Redaction
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The screenshots' readings and their lines, each marked machine-read; none of an image
    the redaction withholds, third parties' numbers masked in the rest."""
    text = redaction.text
    reads = []
    for row in rows(case, f"SELECT {', '.join(SCREEN_READ_COLUMNS)} FROM screen_reads "
                          "ORDER BY evidence_id"):
        if row["evidence_id"] in redaction.withheld:
            continue
        meta = json.loads(row["meta"])
        row.update(machine_read=True, counterpart=text(row["counterpart"]),
                   meta=json.loads(text(json.dumps(meta, ensure_ascii=False))))
        reads.append(row)
    lines = [{**line, "text": text(line["text"])}
             for line in rows(case, f"SELECT {', '.join(SCREEN_LINE_COLUMNS)} FROM screen_lines "
                                    "ORDER BY evidence_id, line")
             if line["evidence_id"] not in redaction.withheld]
    return reads, lines


def to_json_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def _csv(header: list[str], body: Iterable[list[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")  # a BOM, so Excel reads UTF-8


def csv_tables(document: dict[str, Any], case: Case) -> dict[str, bytes]:
    """``events.csv`` and friends, for people who open the bag in a spreadsheet."""
    parties = {p["id"]: p for p in document["parties"]}
    by_id = {e["id"]: e for e in document["evidence"]}
    sources: dict[int, set[str]] = {}
    for o in document["observations"]:
        if o["evidence_id"] is not None:
            sources.setdefault(o["event_id"], set()).add(by_id[o["evidence_id"]]["sha256"])
    for link in document["event_links"]:
        sources.setdefault(link["event_id"], set()).add(by_id[link["evidence_id"]]["sha256"])
    events = [[e["id"], e["kind"], iso(e["at_ms"], case.tz), e["at_source"],
               parties[e["party_id"]]["number"], parties[e["party_id"]]["role"],
               parties[e["party_id"]]["platform"] or "", e["direction"], e["owner"],
               e["status"] or "", "" if e["connected"] is None else e["connected"],
               "" if e["duration"] is None else e["duration"], e["text"] or "", e["note"] or "",
               " ".join(sorted(sources.get(e["id"], ())))] for e in document["events"]]
    shas = {r["evidence_id"]: r for r in document.get("screen_reads", [])}
    screen_text = [[shas[line["evidence_id"]]["sha256"], line["line"], line["text"], line["x0"],
                    line["y0"], line["x1"], line["y1"], round(line["score"], 4),
                    line["role"] or "", shas[line["evidence_id"]]["engine"],
                    shas[line["evidence_id"]]["model"]]
                   for line in document.get("screen_lines", []) if line["evidence_id"] in shas]
    return {
        "screenshot-text.csv": _csv(["sha256", "line", "text", "x0", "y0", "x1", "y1", "score",
                                     "role", "engine", "model"], screen_text),
        "events.csv": _csv(["id", "kind", "at", "at_source", "number", "role", "platform",
                            "direction", "owner", "status", "connected", "duration", "text",
                            "note", "evidence"], events),
        "parties.csv": _csv(["number", "role", "platform", "relation", "name"],
                            [[p["number"], p["role"], p["platform"] or "", p["relation"] or "",
                              p["name"] or ""] for p in document["parties"]]),
        "evidence.csv": _csv(["sha256", "path", "kind", "format", "name", "size", "owner", "at",
                              "at_source", "at_trust", "imported_at"],
                             [[e["sha256"], e["path"] or "withheld", e["kind"], e["format"],
                               e["name"], e["size"], e["owner"], iso(e["at_ms"], case.tz) or "",
                               e["at_source"] or "", e["at_trust"] or "",
                               iso(e["imported_at_ms"], case.tz)]
                              for e in document["evidence"]]),
        "findings.csv": _csv(["rule", "severity", "status", "title", "day", "platform", "number",
                              "count", "matched", "events", "citation", "title_en",
                              "citation_en"],
                             [[f["rule"], f["severity"], f["status"], f["title"], f["day"] or "",
                               f["platform"] or "", f["number"] or "", f["count"] or "",
                               " ".join(f["matched"]), " ".join(map(str, f["events"])),
                               f["citation"], f["en"]["title"], f["en"]["citation"]]
                              for f in document["findings"]]),
        "debts.csv": _csv(["platform", "principal", "annual_rate", "contract_date",
                           "lender_type"],
                          [[d["platform"], d["principal"], d["annual_rate"],
                            d["contract_date"] or "", d["lender_type"] or ""]
                           for d in document["debts"]]),
    }
