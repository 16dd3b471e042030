"""A letter to a creditor (instalments or a waiver, :mod:`evidence_logger.way_out.letters`) as
a one-page PDF to print, sign and send: the paragraphs as the window and the command line show
them, the rule cited (a bank's only) with the status of its source in small print. Like the
repayment plan, it carries none of the harassment evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.platypus import Spacer

from evidence_logger.i18n import Language, tr
from evidence_logger.report.fonts import register
from evidence_logger.report.layout import para, styles, write_pdf


def write_letter_pdf(made: dict[str, Any], out: Path, *, lang: str = "zh",
                     sample: bool = False) -> Path:
    """Write ``made`` (what :func:`~evidence_logger.way_out.letters.letter` returns, in
    ``lang``) to ``out`` (beside it first, so a failure leaves no half file); ``sample``: the
    case is the sample case."""
    register()
    language = Language.of(lang)
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
                     sample=sample)
