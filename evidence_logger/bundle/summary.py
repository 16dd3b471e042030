"""What a lawyer sees of a case opened from a bundle, in plain words: which files were damaged
or changed (each path once), the signer's key fingerprint with what to do with it, and an
overview (period, platforms, export date, findings by severity, the dossier).

Read from what :mod:`evidence_logger.bundle.opening` recorded in ``case_info``; used alike by
``evidence-logger open`` and the window's banner.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_logger.db import event_span
from evidence_logger.evidence_root import REPORT_PATH
from evidence_logger.i18n import N_, tr

if TYPE_CHECKING:
    from evidence_logger.case import Case

# what happened to a file, by the kind of problem the check found
_WORDS = {
    "damaged": N_("damaged inside the zip: it cannot be read"),
    "truncated": N_("the zip was cut short (an interrupted download or copy?): the files after "
                    "the cut are missing"),
    "modified": N_("changed after export: its content is not what was signed"),
    "missing": N_("missing: it was in the bundle when it was exported"),
    "unexpected": N_("added after export: nothing signed vouches for it"),
    "manifest-mismatch": N_("a list of the files' fingerprints was changed after export"),
    "signature-mismatch": N_("the signature does not match: someone changed the bundle"),
    "fingerprint-mismatch": N_("signed with a different key than the one the bundle names"),
    "unsigned": N_("not signed: nothing proves who made the bundle"),
    "oxum-mismatch": N_("the number or size of the files differs from what was exported"),
    "root-mismatch": N_("the evidence root differs from the one printed in the dossier"),
}


def problems(case: Case) -> list[dict[str, Any]]:
    """The problems the check recorded when the bundle was opened (kind, path, sentence)."""
    row = case.db.execute("SELECT value FROM case_info WHERE key = 'bundle_problems'").fetchone()
    try:
        found = json.loads(row[0]) if row else []
    except ValueError:
        return []
    return [p for p in found if isinstance(p, dict)] if isinstance(found, list) else []


def _words(problem: dict[str, Any], lang: str | None) -> str:
    kind = str(problem.get("problem", ""))
    if kind in _WORDS:
        return tr(_WORDS[kind], lang)
    if problem.get("template"):
        return tr(str(problem["template"]), lang, **(problem.get("params") or {}))
    return kind


def altered_lines(case: Case, lang: str | None = None) -> list[str]:
    """One line per damaged or changed file, its path once, then what happened to it."""
    by_path: dict[str, list[str]] = {}
    for problem in problems(case):
        words = _words(problem, lang)
        said = by_path.setdefault(str(problem.get("path") or ""), [])
        if words not in said:
            said.append(words)
    return [f"{path}: {'; '.join(said)}" if path else "; ".join(said)
            for path, said in by_path.items()]


def altered_paths(case: Case) -> set[str]:
    """The paths in the bundle of the files that were damaged or changed."""
    return {str(p["path"]) for p in problems(case) if p.get("path")}


def fingerprint(case: Case) -> str:
    row = case.db.execute("SELECT value FROM case_info WHERE key = 'bundle_fingerprint'"
                          ).fetchone()
    return row[0] if row and row[0] else ""


def fingerprint_sentence(case: Case, lang: str | None = None) -> str:
    """The signer's key fingerprint, and how to know whose key it is."""
    found = fingerprint(case)
    if not found:
        return tr("The bundle names no signing key: nothing shows who made it.", lang)
    return tr("Signed with the key whose fingerprint is {fingerprint}. Ask your client for the "
              "fingerprint their app showed after the export (by phone or in person, not in "
              "the same message as the bundle): if the two are the same, the bundle comes from "
              "your client.", lang, fingerprint=found)


@dataclass(slots=True)
class Overview:
    """A bundle at a glance."""

    first: str | None  # the first and last event, local dates
    last: str | None
    platforms: list[str]
    exported_at: str
    severities: dict[str, int] = field(default_factory=dict)  # findings by severity
    dossier: Path | None = None  # the dossier extracted beside the case, when it is there


def overview(case: Case) -> Overview:
    """Period, platforms, export date, findings by severity and the dossier of an opened bundle."""
    from evidence_logger import listing
    from evidence_logger.rules.engine import evaluate

    span = event_span(case.db) or (None, None)
    platforms = [p for (p,) in case.db.execute(
        "SELECT DISTINCT platform FROM parties WHERE role = 'collector' AND platform IS NOT NULL "
        "AND platform != '' ORDER BY platform")]
    row = case.db.execute("SELECT value FROM case_info WHERE key = 'bundle_exported_at'"
                          ).fetchone()
    severities: dict[str, int] = {}
    for finding in evaluate(case):
        severities[finding.severity] = severities.get(finding.severity, 0) + 1
    dossier = case.folder / "bundle" / Path(*REPORT_PATH.split("/"))
    return Overview(first=(listing.iso(span[0], case.tz) or "")[:10] or None,
                    last=(listing.iso(span[1], case.tz) or "")[:10] or None,
                    platforms=platforms, exported_at=row[0] if row else "",
                    severities=severities, dossier=dossier if dossier.is_file() else None)


def overview_lines(case: Case, lang: str | None = None) -> list[str]:
    """The overview as sentences."""
    view = overview(case)
    lines = []
    if view.first:
        lines.append(tr("Events from {first} to {last}.", lang, first=view.first,
                        last=view.last))
    if view.platforms:
        lines.append(tr("Platforms: {platforms}.", lang, platforms=", ".join(view.platforms)))
    if view.exported_at:
        lines.append(tr("Exported {when} (UTC).", lang,
                        when=view.exported_at.replace("T", " ").rstrip("Z")))
    if view.severities:
        order = {"high": 0, "medium": 1, "low": 2}
        counts = ", ".join(f"{tr(severity, lang)} {count}" for severity, count in sorted(
            view.severities.items(), key=lambda item: (order.get(item[0], 3), item[0])))
        lines.append(tr("Findings by severity: {counts}.", lang, counts=counts))
    return lines
