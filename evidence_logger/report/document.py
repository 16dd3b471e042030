"""The PDF dossier (证据材料) a borrower attaches to a 12378 complaint or hands to a lawyer.

Chinese by default, English on request; every page carries the case's name and "page N of M".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab import rl_config

from evidence_logger.case import Case
from evidence_logger.i18n import Language, tr
from evidence_logger.report import (
    attribution,
    catalogue_pages,
    chart,
    complaint,
    good_faith,
    interest,
    media,
    provenance,
    screens,
    sections,
    timeline,
)
from evidence_logger.report.data import gather, redact
from evidence_logger.report.fonts import missing_glyphs, register
from evidence_logger.report.layout import styles, write_pdf


def build_report(case: Case, out: Path, *, lang: str = "zh", start: date | None = None,
                 end: date | None = None, root: str | None = None,
                 redaction: Any = None) -> Path:
    """Write the dossier of ``case`` to ``out`` (events and findings of ``start..end``, local
    days, both ends included). Written beside ``out`` first, so a failure leaves no half file.

    ``root`` is the evidence root printed on the cover (by default the one an export in
    ``lang`` would write, see :mod:`evidence_logger.evidence_root`); ``redaction`` (a bundle's
    :class:`~evidence_logger.case_document.Redaction`) masks third parties' numbers and
    leaves out the pictures the bundle withholds."""
    from evidence_logger.evidence_root import case_root

    register()
    rl_config.useA85 = 0  # binary streams: ASCII85 would make every picture a quarter larger
    language = Language.of(lang)
    data = gather(case, lang=language, start=start, end=end)
    data.root = root or case_root(case, lang=language.short)
    if redaction is not None and (redaction.masks or redaction.withheld
                                  or redaction.submission):
        ids = ",".join(str(int(i)) for i in redaction.withheld)
        redact(data, redaction, {sha for (sha,) in case.db.execute(
            f"SELECT sha256 FROM evidence WHERE id IN ({ids})")} if ids else set())
    st = styles()
    story = (sections.cover(data, st) + attribution.attribution_table(data, st)
             + sections.findings(data, st, case.vault)
             + chart.calls_chart(data, st) + timeline.timeline(data, st)
             + screens.screenshots(data, st, case.vault) + media.recordings(data, st)
             + interest.debts(data, st) + good_faith.attempts(case, data, st)
             + complaint.complaint(data, st)
             + catalogue_pages.catalogue(data, st)
             + provenance.provenance_page(data, st, case.tz) + sections.appendix(data, st)
             + provenance.declaration(data, st))
    title = tr("Evidence dossier: {case}", language, case=data.case_name)
    header = f"{data.case_name} · {tr('Evidence dossier', language)}"
    return write_pdf(out, story, title=title, header=header, language=language,
                     subject=tr("Evidence of debt-collection harassment", language),
                     canvas=catalogue_pages.page_refs, sample=case.sample)


def unprintable(case: Case) -> set[str]:
    """The characters of the case's own text (messages, notes, names) that the PDF font
    cannot draw; the dossier writes each as its code point (``[U+1F620]``)."""
    lacking: set[str] = set()
    for row in case.db.execute(
            "SELECT text FROM events WHERE text IS NOT NULL UNION ALL "
            "SELECT note FROM events WHERE note IS NOT NULL UNION ALL "
            "SELECT name FROM parties WHERE name IS NOT NULL UNION ALL "
            "SELECT name FROM evidence WHERE name IS NOT NULL"):
        lacking |= missing_glyphs(row[0])
    return lacking
