"""The chart of collection calls per day per creditor, with the daily limit drawn.

One chart per calendar month and per group of up to :data:`PER_CHART` creditors (the busiest
first), so that a case of many months or many platforms stays readable: grouped bars, one
colour per creditor, a red dashed line at the profile's daily limit (``cn.daily-calls``
``max_calls``), and days above the limit counted under the chart. Drawn with reportlab.graphics
in the embedded font.
"""

from __future__ import annotations

import calendar
import logging
from collections import Counter, defaultdict
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from evidence_logger.i18n import tr
from evidence_logger.report.data import ReportData
from evidence_logger.report.fonts import REGULAR, markup
from evidence_logger.report.layout import WIDTH, Bookmark

log = logging.getLogger(__name__)

Styles = dict[str, ParagraphStyle]
PER_CHART = 4
PALETTE = [colors.HexColor(c) for c in ("#2f6690", "#d1495b", "#66a182", "#edae49")]
LIMIT = colors.HexColor("#c0392b")
HEIGHT = 150


def creditor_of(data: ReportData, number: str | None) -> str | None:
    """The creditor a collector's number works for (its platform, else the number itself);
    None when the number is not a collector's."""
    party = data.parties.get(number or "", {})
    if party.get("role") != "collector":
        return None
    return party.get("platform") or number


def daily_counts(data: ReportData) -> dict[str, Counter[str]]:
    """creditor -> {local day: incoming collection calls to the borrower}, as the daily-calls
    rule counts them."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for event in data.events:
        if event["kind"] != "call" or event["direction"] != "in" or not event["at"] \
                or event["owner"] not in (None, "self"):
            continue
        creditor = creditor_of(data, event["number"])
        if creditor:
            counts[creditor][event["at"][:10]] += 1
    return counts


def _limit(data: ReportData) -> int | None:
    rule = data.rule("daily-calls")
    value = rule.params.get("max_calls") if rule else None
    return int(value) if isinstance(value, (int, float)) else None


def _month_chart(month: str, creditors: list[str], counts: dict[str, Counter[str]],
                 limit: int | None, lang: str) -> Drawing:
    year, number = int(month[:4]), int(month[5:7])
    days = [f"{month}-{d:02d}" for d in range(1, calendar.monthrange(year, number)[1] + 1)]
    series = [[counts[c].get(day, 0) for day in days] for c in creditors]
    top = max([max(s) for s in series] + [limit or 0, 1])
    drawing = Drawing(WIDTH, HEIGHT + 40, initialFontName=REGULAR)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 34, WIDTH - 40, HEIGHT - 10
    chart.data = series
    chart.groupSpacing, chart.barSpacing = 1.5, 0
    chart.categoryAxis.categoryNames = [str(int(day[8:])) for day in days]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top + 1
    chart.valueAxis.valueStep = max(1, round((top + 1) / 6))
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = REGULAR, 6.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e7eb")
    for i in range(len(creditors)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    if limit is not None:  # the limit, drawn across the whole month
        y = chart.y + chart.height * limit / chart.valueAxis.valueMax
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=LIMIT,
                         strokeWidth=1, strokeDashArray=[4, 2]))
        drawing.add(String(chart.x + chart.width, y + 2,
                           tr("daily limit: {limit}", lang, limit=limit),
                           fontName=REGULAR, fontSize=7, fillColor=LIMIT, textAnchor="end"))
    legend = Legend()
    legend.x, legend.y = chart.x, 12
    legend.alignment, legend.columnMaximum = "right", 1
    legend.fontName, legend.fontSize = REGULAR, 7.5
    legend.dx = legend.dy = 7
    legend.deltax = WIDTH / PER_CHART - 10
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)],
                              f"{c} ({sum(counts[c][d] for d in days)})")
                             for i, c in enumerate(creditors)]
    drawing.add(legend)
    drawing.add(String(0, HEIGHT + 30, _month_title(month, lang), fontName=REGULAR,
                       fontSize=9))
    return drawing


def _month_title(month: str, lang: str) -> str:
    return tr("{year}-{month}: collection calls per day", lang, year=month[:4],
              month=month[5:7])


def calls_chart(data: ReportData, st: Styles) -> list[Flowable]:
    """The section: one chart per month and group of creditors, or nothing without calls."""
    lang = data.lang
    counts = daily_counts(data)
    if not counts:
        return []
    limit = _limit(data)
    by_month: dict[str, set[str]] = defaultdict(set)
    for creditor, days in counts.items():
        for day in days:
            by_month[day[:7]].add(creditor)
    out: list[Flowable] = [Bookmark("chart", tr("Collection calls per day", lang)),
                           Paragraph(markup(tr("Collection calls per day", lang)), st["h1"]),
                           Paragraph(markup(tr(
                               "Incoming calls from each creditor's collectors (all its numbers "
                               "together), per local day. The dashed line is the daily limit "
                               "the profile applies.", lang)), st["body"])]
    for month in sorted(by_month):
        ranked = sorted(by_month[month], key=lambda c: (-sum(
            n for d, n in counts[c].items() if d.startswith(month)), c))
        for first in range(0, len(ranked), PER_CHART):
            group = ranked[first:first + PER_CHART]
            over = _days_over(counts, group, month, limit)
            block: list[Flowable] = [_month_chart(month, group, counts, limit, lang)]
            if over:
                block.append(Paragraph(markup(tr(
                    "Days above the limit: {days}", lang, days="; ".join(over))), st["note"]))
            out.append(KeepTogether(block))
    out.append(PageBreak())
    log.debug("chart: %d creditors over %d months", len(counts), len(by_month))
    return out


def _days_over(counts: dict[str, Counter[str]], group: list[str], month: str,
               limit: int | None) -> list[str]:
    if limit is None:
        return []
    over: list[Any] = []
    for creditor in group:
        days = sorted((d, n) for d, n in counts[creditor].items()
                      if d.startswith(month) and n > limit)
        if days:
            over.append(f"{creditor}: " + ", ".join(f"{d[5:]} ({n})" for d, n in days))
    return over
