"""The banner above a case opened from a bundle: intact, or exactly what was altered."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from evidence_logger.i18n import tr

if TYPE_CHECKING:
    from evidence_logger.case import Case


def banner_text(case: Case) -> tuple[str, str]:
    """(sentence, level) with level ``ok``, ``warning`` or ``error``."""
    source = case.opened_from or ""
    if case.bundle_status == "intact":
        return (tr("Verified: {source} is exactly as it was exported; every file matches its "
                   "SHA-256 and the signature is valid. Read-only.", source=source), "ok")
    altered = _altered(case)
    if case.bundle_status == "altered":
        text = tr("WARNING: {source} was changed after export. {count} problem(s):",
                  source=source, count=len(altered))
        return text + "\n" + "\n".join(f"• {line}" for line in altered[:8]) + (
            "\n…" if len(altered) > 8 else ""), "error"
    return tr("{source}: {status}. Read-only.", source=source,
              status=case.bundle_status or "?"), "warning"


def _altered(case: Case) -> list[str]:
    """The problems the check recorded when the bundle was opened."""
    row = case.db.execute("SELECT value FROM case_info WHERE key = 'bundle_problems'").fetchone()
    if row is None:
        return []
    try:
        problems = json.loads(row[0])
    except ValueError:
        return []
    lines = []
    for problem in problems:
        if not isinstance(problem, dict):
            continue
        text = tr(problem.get("template", ""), **problem.get("params", {})) \
            if problem.get("template") else problem.get("problem", "")
        lines.append(f"{problem.get('path') or '—'}: {text}")
    return lines
