"""What the recordings say: each transcript printed after the list of recordings, marked as a
machine transcript (engine and model named), every segment with its time in the recording, and a
segment the borrower corrected printed with the machine's text and the correction, marked as
theirs. Words a lexicon finding matched in a segment are marked as in the timeline."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from evidence_logger.i18n import tr
from evidence_logger.report.complaint import evidence_numbers
from evidence_logger.report.data import ReportData
from evidence_logger.report.fonts import markup
from evidence_logger.report.layout import Bookmark
from evidence_logger.report.media import evidence_link
from evidence_logger.speech.store import clock

Styles = dict[str, ParagraphStyle]
MARK = '<font color="#b00020"><b>{}</b></font>'


def _matched(data: ReportData) -> dict[tuple[str, int], list[str]]:
    """(recording sha, segment) -> the words a finding matched in it."""
    out: dict[tuple[str, int], list[str]] = {}
    for finding in data.findings:
        for segment in finding.details.get("spoken", ()):
            out.setdefault((segment["sha256"], segment["seq"]), []).extend(finding.matched)
    return out


def _marked(text: str, words: list[str]) -> str:
    shown = markup(text)
    for word in sorted(set(words), key=len, reverse=True):
        shown = shown.replace(markup(word), MARK.format(markup(word)))
    return shown


def transcripts(data: ReportData, st: Styles) -> list[Flowable]:
    """The section (nothing when no recording has a transcript)."""
    lang = data.lang
    if not data.transcripts:
        return []
    numbers = evidence_numbers(data)[0]
    matched = _matched(data)
    story: list[Flowable] = [
        Bookmark("transcripts", tr("What the recordings say (machine transcripts)", lang)),
        Paragraph(markup(tr("What the recordings say (machine transcripts)", lang)), st["h1"]),
        Paragraph(markup(tr(
            "Each transcript below was made by a speech recognition program on this computer, "
            "not by a person: it may mishear words, and the recording itself (in the bundle "
            "under its SHA-256) is the evidence. Where the borrower corrected a segment, the "
            "machine's text is printed first and the borrower's correction below it, marked "
            "as theirs. Times are from the start of the recording.", lang)), st["small"]),
        Spacer(1, 6)]
    for item in data.originals:
        transcript = data.transcripts.get(item["sha256"])
        if item["kind"] != "recording" or transcript is None:
            continue
        number = numbers.get(item["sha256"])
        head = tr("Evidence No. {number}, {name}: machine transcript ({engine}, model "
                  "{model})", lang, number=evidence_link(number) if number else "—",
                  name=markup(item["name"]), engine=markup(transcript["engine"]),
                  model=markup(transcript["model"]))
        block: list[Flowable] = [Paragraph(head, st["h2"])]
        if not transcript["segments"]:
            block.append(Paragraph(markup(tr("No speech was recognised in this recording.",
                                             lang)), st["body"]))
        for segment in transcript["segments"]:
            block += _segment(item["sha256"], segment, matched, lang, st)
        story += [KeepTogether(block[:3]), *block[3:], Spacer(1, 8)]
    return [*story, PageBreak()]


def _segment(sha: str, segment: dict[str, Any], matched: dict[tuple[str, int], list[str]],
             lang: str, st: Styles) -> list[Flowable]:
    words = matched.get((sha, segment["seq"]), [])
    span = f"{clock(segment['start_ms'])}–{clock(segment['end_ms'])}"
    out = [Paragraph(f"<b>{span}</b>  " + _marked(segment["text"], words), st["body"])]
    if segment["corrected"]:
        out.append(Paragraph(markup(tr("Corrected by the borrower: ", lang))
                             + _marked(segment["corrected"], words), st["small"]))
    return out
