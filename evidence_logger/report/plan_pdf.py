"""The repayment plan (还款计划) as its own short PDF, to send a creditor: the budget, the
instalment per debt in priority order, the months to clear each and a chart of the balances.
It carries none of the harassment evidence (no events, findings or originals)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import Spacer

from evidence_logger.case import Case
from evidence_logger.i18n import Language, tr
from evidence_logger.report.fonts import REGULAR, register
from evidence_logger.report.layout import WIDTH, para, styles, table, write_pdf
from evidence_logger.way_out.budget import budget
from evidence_logger.way_out.plan import Plan, make_plan
from evidence_logger.way_out.priority import ranked_debts

PALETTE = [colors.HexColor(c) for c in ("#2f6690", "#d1495b", "#66a182", "#edae49", "#7b5ea7",
                                        "#3a7d7c")]


def chart(plan: Plan, lang: str) -> Drawing | None:
    """The balance of each debt month by month."""
    lines = [line for line in plan.lines if line.balances]
    if not lines:
        return None
    drawing = Drawing(WIDTH, 190)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 40, WIDTH - 170, 130
    plot.data = [[(0, float(line.outstanding))]
                 + [(m + 1, float(b) if b > 0 else 0.0) for m, b in enumerate(line.balances)]
                 for line in lines]
    for i in range(len(lines)):
        plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
        plot.lines[i].strokeWidth = 1.5
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 7
    plot.xValueAxis.valueMin = 0
    plot.yValueAxis.valueMin = 0
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = WIDTH - 120, 160
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.columnMaximum = len(lines)
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], line.platform)
                             for i, line in enumerate(lines)]
    drawing.add(legend)
    drawing.add(String(40, 12, tr("months from now; the balance still owed (yuan)", lang),
                       fontName=REGULAR, fontSize=7))
    return drawing


def build_plan_pdf(case: Case, out: Path, *, lang: str = "zh", today: date | None = None
                   ) -> Path:
    """Write the plan to ``out`` (beside it first, so a failure leaves no half file)."""
    register()
    language = Language.of(lang)
    now = budget(case.db)
    plan = make_plan(now, ranked_debts(case.db, today))
    st = styles()
    title = tr("Repayment plan", language)
    story = [para(title, st["title"]),
             para(tr("Made on {day}. A proposal from the borrower, based on the income and "
                     "expenses below as the borrower states them.", language,
                     day=(today or date.today()).isoformat()), st["subtitle"])]
    if not plan.ready:
        story.append(para(tr("The monthly income and essential expenses are not entered yet.",
                             language), st["body"]))
    else:
        story.append(table(
            [tr("Monthly income", language), tr("Essential expenses", language),
             tr("Left for the debts", language)],
            [[str(plan.income), str(plan.expenses), str(plan.left)]], (0.34, 0.33, 0.33),
            st=st))
    if now.hardship:
        story += [Spacer(1, 8), para(tr("Why the borrower cannot pay as agreed: {hardship}",
                                        language, hardship=now.hardship), st["body"])]
    story += [Spacer(1, 8), para(tr("Proposed instalments, in the order the debts are dealt "
                                    "with", language), st["h2"])]
    rows = [[str(line.rank), line.platform, str(line.outstanding), str(line.monthly),
             str(line.months) if line.months is not None else tr("not within 50 years",
                                                                 language)]
            for line in plan.lines]
    story.append(table([tr("Order", language), tr("Creditor", language),
                        tr("Still owed", language), tr("Per month", language),
                        tr("Months to clear", language)], rows,
                       (0.08, 0.34, 0.2, 0.18, 0.2), st=st))
    drawing = chart(plan, language)
    if drawing is not None:
        story += [Spacer(1, 10), drawing]
    story += [Spacer(1, 8), para(tr(
        "The plan assumes interest and penalties stop while it runs, which the borrower asks "
        "each creditor to agree; when a debt is cleared, its instalment goes to the next one. "
        "Amounts in yuan.", language), st["note"])]
    header = f"{case.name or case.folder.name} · {title}"
    return write_pdf(out, story, title=title, header=header, language=language,
                     sample=case.sample)
