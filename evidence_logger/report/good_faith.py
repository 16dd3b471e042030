"""The dossier's section on the borrower's good-faith attempts to repay (协商记录): every
negotiation recorded, with the calls and messages (and originals) that show it. Nothing when
the case has none."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak

from evidence_logger.case import Case
from evidence_logger.i18n import N_, tr
from evidence_logger.report.data import ReportData
from evidence_logger.report.layout import Bookmark, para, table
from evidence_logger.way_out.negotiations import list_negotiations

Styles = dict[str, ParagraphStyle]
CHANNELS = {"call": N_("call"), "sms": N_("SMS"), "app": N_("in the app"),
            "letter": N_("letter"), "visit": N_("visit")}


def attempts(case: Case, data: ReportData, st: Styles) -> list[Flowable]:
    items = list_negotiations(case.db, case.tz)
    if not items:
        return []
    lang = data.lang
    rows = []
    for n in items:
        shown = [tr("events {ids}", lang, ids=", ".join(map(str, n["events"])))] \
            if n["events"] else []
        shown += [sha[:12] for sha in n["originals"]]
        rows.append([n["at"][:16].replace("T", " "), n["platform"],
                     tr(CHANNELS[n["channel"]], lang) + (f"\n{n['counterpart']}"
                                                          if n["counterpart"] else ""),
                     n["asked"], n["offered"] or "—", n["outcome"] or "—",
                     "\n".join(shown) or tr("the borrower's statement only", lang)])
    title = tr("Good-faith attempts to repay (协商记录)", lang)
    return [Bookmark("good-faith", title), para(title, st["h1"]),
            para(tr("The borrower asked the creditors below for a way to repay. Each row is "
                    "the borrower's statement; where calls or messages show it, their event "
                    "numbers and the originals' SHA-256 (first 12 digits) are given.", lang),
                 st["body"]),
            table([tr("When", lang), tr("Creditor", lang), tr("Channel, with whom", lang),
                   tr("Asked for", lang), tr("Offered", lang), tr("Outcome", lang),
                   tr("Shown by", lang)], rows, (0.12, 0.11, 0.12, 0.2, 0.16, 0.13, 0.16),
                  st=st, stated_rows=[i for i, n in enumerate(items) if not n["events"]]),
            PageBreak()]
