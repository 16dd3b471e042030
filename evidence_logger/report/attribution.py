"""The dossier's 号码归属 table: every collector number, its platform, the basis of that link
and the evidence it rests on; rows resting only on the borrower's statement are shaded."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph

from evidence_logger.attribution import BASIS_WORDS, Link, statement_only
from evidence_logger.i18n import tr
from evidence_logger.report.complaint import evidence_numbers
from evidence_logger.report.data import ReportData
from evidence_logger.report.layout import LINK, Bookmark, para, table

Styles = dict[str, ParagraphStyle]


def _when(link: Link, data: ReportData) -> str:
    at = next((e["at"] for e in data.events if e["id"] == link.event), None)
    return (at or "")[:16].replace("T", " ")


def _evidence(link: Link, data: ReportData, numbers: dict[str, int], st: Styles) -> Any:
    lang = data.lang
    if link.basis == "statement":
        return link.statement or tr("no file: the borrower's word", lang)
    refs = [f'<a href="#ev-{numbers[s]}" color="{LINK}">{numbers[s]}</a>'
            for s in link.evidence if s in numbers]
    shown = tr("Evidence No. {numbers}", lang, numbers=", ".join(refs)) if refs else ""
    shas = " ".join(s[:16] for s in link.evidence if s not in numbers)
    text = "<br/>".join(x for x in (_when(link, data), shown, shas) if x)
    return Paragraph(text or "—", st["cell"])


def attribution_table(data: ReportData, st: Styles) -> list[Flowable]:
    """Who each collector number belongs to, and why the dossier says so."""
    lang = data.lang
    links = data.attributions
    if not links:
        return []
    numbers = evidence_numbers(data)[0]
    only_stated = statement_only(links)
    rows: list[list[Any]] = []
    shaded: list[int] = []
    for link in links:
        if link.basis == "statement":
            shaded.append(len(rows))
        rows.append([link.number, link.platform or "—",
                     tr(BASIS_WORDS[link.basis], lang, platform=link.platform),
                     _evidence(link, data, numbers, st)])
    title = tr("Who the numbers belong to", lang)
    out: list[Flowable] = [
        Bookmark("attribution", title), para(title, st["h1"]),
        para(tr("Each collector number with its platform and the basis of that link: an SMS "
                "from the number signed with the platform's name, the caller naming the "
                "platform in a message or on a screenshot, or only the borrower's statement. "
                "The app suggested the links from the messages; the borrower confirmed them.",
                lang), st["note"]),
        table([tr("Number", lang), tr("Platform", lang), tr("Basis", lang),
               tr("Evidence", lang)], rows, (0.22, 0.14, 0.34, 0.30), st=st,
              stated_rows=shaded)]
    if only_stated:
        out.append(para(tr("Shaded rows rest on the borrower's statement alone ({count} "
                           "numbers): no file links these numbers to the platform.", lang,
                           count=len(only_stated)), st["note"]))
    return [*out, PageBreak()]
