"""A letter to a creditor (instalments or a waiver, :mod:`evidence_logger.way_out.letters`) as
a one-page PDF to print, sign and send: the paragraphs as the window and the command line show
them, the rule cited (a bank's only) with the status of its source in small print. Like the
repayment plan, it carries none of the harassment evidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.platypus import Spacer

from evidence_logger.case import Case
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import Language, tr
from evidence_logger.report.fonts import register
from evidence_logger.report.layout import para, styles, write_pdf
from evidence_logger.way_out.budget import budget
from evidence_logger.way_out.letters import letter
from evidence_logger.way_out.plan import make_plan
from evidence_logger.way_out.priority import ranked_debts


class LetterError(UserFacingError):
    """The letter cannot be written (no such debt); the message is a sentence for the user."""


def build_letter_pdf(case: Case, out: Path, *, debt_id: int, kind: str = "instalments",
                     lang: str = "zh", today: date | None = None) -> Path:
    """Write the letter about debt ``debt_id`` to ``out`` (beside it first, so a failure
    leaves no half file)."""
    debts = {d.debt["id"]: d for d in ranked_debts(case.db, today)}
    if debt_id not in debts:
        raise LetterError("There is no debt {id}; evidence-logger debt list shows them.",
                          id=debt_id)
    register()
    language = Language.of(lang)
    now = budget(case.db)
    made = letter(kind, debts[debt_id], make_plan(now, list(debts.values())), now, lang, today)
    st = styles()
    story = [para(made["title"], st["h1"]), Spacer(1, 6)]
    for paragraph in made["paragraphs"]:
        story += [para(paragraph, st["body"]), Spacer(1, 6)]
    if made["rule"]:
        story += [Spacer(1, 10), para(tr("Status of the source", language) + ": "
                                      + made["rule"]["status"] + ". "
                                      + made["rule"]["status_note"], st["note"])]
    header = f"{made['to']} · {made['title']}"
    return write_pdf(out, story, title=made["title"], header=header, language=language,
                     sample=case.sample)
