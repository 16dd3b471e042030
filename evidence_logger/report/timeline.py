"""The timeline of collection contacts: every call and message with a collector (on the
borrower's phone or a third party's), and every event a finding rests on, day by day.

Messages are quoted in full, with the words a lexicon matched in bold red. Each day starts with
an anchor (``day-YYYY-MM-DD``) that findings link to; each row names the numbers of the 证据目录
entries it rests on. Calls are plain table cells (no Paragraph) so that 10,000 rows stay fast;
one small table per day keeps reportlab from re-splitting one huge table on every page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table, TableStyle

from evidence_logger.i18n import N_, tr
from evidence_logger.report.complaint import evidence_numbers
from evidence_logger.report.data import ReportData
from evidence_logger.report.fonts import BOLD, REGULAR, markup, printable
from evidence_logger.report.layout import GRID, HEAD_FILL, STATED_FILL, WIDTH, Bookmark

log = logging.getLogger(__name__)

Styles = dict[str, ParagraphStyle]
MARK = '<font name="{bold}" color="#c0392b">{word}</font>'
DIRECTIONS = {"in": N_("incoming"), "out": N_("outgoing"), "missed": N_("missed"),
              "unknown": N_("direction unknown")}
COLUMNS = (0.08, 0.16, 0.2, 0.48, 0.08)


def day_anchor(day: str) -> str:
    """The name of the anchor at the start of ``day`` (YYYY-MM-DD) in the timeline."""
    return f"day-{day}"


def matched_words(data: ReportData) -> dict[int, set[str]]:
    """event id -> the words a lexicon rule matched in it."""
    words: dict[int, set[str]] = {}
    for finding in data.findings:
        if finding.matched:
            for event in finding.events:
                words.setdefault(event, set()).update(finding.matched)
    return words


def mark(text: str, words: Iterable[str]) -> str:
    """``text`` as Paragraph markup (escaped) with every occurrence of ``words`` marked."""
    wanted = sorted({w for w in words if w}, key=len, reverse=True)
    if not wanted:
        return markup(text)
    pattern = re.compile("|".join(re.escape(w) for w in wanted))
    out, last = [], 0
    for hit in pattern.finditer(text):
        out += [markup(text[last:hit.start()]),
                MARK.format(bold=BOLD, word=markup(hit.group()))]
        last = hit.end()
    out.append(markup(text[last:]))
    return "".join(out)


def contacts(data: ReportData) -> list[dict[str, Any]]:
    """The events the timeline shows: with a collector's number, or behind a finding."""
    behind = {event for finding in data.findings for event in finding.events}
    return [e for e in data.events if e["at"] and (
        data.parties.get(e["number"] or "", {}).get("role") == "collector" or e["id"] in behind)]


def _who(data: ReportData, event: dict[str, Any]) -> str:
    party = data.parties.get(event["number"] or "", {})
    label = party.get("platform") or party.get("name") or ""
    who = f"{event['number']}\n{label}".strip()
    if event["owner"] not in (None, "self"):
        owner = data.parties.get(event["owner"], {})
        whose = owner.get("relation") or owner.get("name") or event["owner"]
        who += "\n" + tr("on the phone of {who}", data.lang, who=whose)
    return who


def _what(data: ReportData, event: dict[str, Any]) -> str:
    lang = data.lang
    direction = tr(DIRECTIONS.get(event["direction"], N_("direction unknown")), lang)
    if event["kind"] != "call":
        return tr("message, {direction}", lang, direction=direction)
    if event.get("connected"):
        return tr("call, {direction}\nconnected, {seconds} s", lang, direction=direction,
                  seconds=round(event.get("duration") or 0))
    return tr("call, {direction}\nnot connected", lang, direction=direction)


def timeline(data: ReportData, st: Styles) -> list[Flowable]:
    """The section, or nothing when the period holds no collection contact."""
    lang = data.lang
    evidence_no, stated_no = evidence_numbers(data)
    shown = contacts(data)
    if not shown:
        return []
    words = matched_words(data)
    out: list[Flowable] = [
        Bookmark("timeline", tr("Timeline of collection contacts", lang)),
        Paragraph(markup(tr("Timeline of collection contacts", lang)), st["h1"]),
        Paragraph(markup(tr(
            "Every call and message with a collector, and every event a finding rests on, in "
            "local time. Messages are quoted in full; the words that matched a rule are marked "
            "in red. The last column gives the numbers of the evidence list entries behind each "
            "row; shaded rows rest on the borrower's own entry.", lang)), st["body"])]
    header = [tr("Time", lang), tr("What", lang), tr("Number", lang), tr("Content", lang),
              tr("Evidence", lang)]
    day_rows: list[list[Any]] = []
    stated: list[int] = []
    day = None
    for event in shown:
        if event["at"][:10] != day:
            if day_rows:
                out.append(_day_table(header, day_rows, stated))
            day, day_rows, stated = event["at"][:10], [], []
            out.append(Paragraph(f'<a name="{day_anchor(day)}"/>{day}', st["h2"]))
        numbers = sorted({evidence_no[s] for s in event["evidence"] if s in evidence_no}
                         | ({stated_no[event["id"]]} if event["id"] in stated_no else set()))
        content: Any = ""
        if event["kind"] == "message":
            text, lacking = printable(event.get("text") or "")
            body = mark(text, words.get(event["id"], ()))
            if lacking:
                body += '<br/><font color="#8a5a00">' + markup(tr(
                    "The font has no sign for {count} characters of this message (emoji or rare "
                    "characters); each is written as its Unicode code point, e.g. [U+1F620].",
                    lang, count=len(lacking))) + "</font>"
            content = Paragraph(body, st["cell"])
        elif event.get("note") or event.get("recording_note"):
            content = Paragraph("<br/>".join(markup(event[key]) for key in (
                "note", "recording_note") if event.get(key)), st["cell"])
        if event["entered_by_borrower"]:
            stated.append(len(day_rows))
        day_rows.append([event["at"][11:19], _what(data, event), _who(data, event), content,
                         ", ".join(map(str, numbers)) or "—"])
    if day_rows:
        out.append(_day_table(header, day_rows, stated))
    out.append(PageBreak())
    log.debug("timeline: %d events", len(shown))
    return out


def _day_table(header: list[str], rows: list[list[Any]], stated: list[int]) -> Table:
    grid = Table([header, *rows], colWidths=[w * WIDTH for w in COLUMNS], repeatRows=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5), ("LEADING", (0, 0), (-1, -1), 10),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("BACKGROUND", (0, r + 1), (-1, r + 1), STATED_FILL) for r in stated]
    grid.setStyle(TableStyle(commands))
    return grid
