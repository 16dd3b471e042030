"""The dossier's sections, each a list of flowables: cover, findings by rule, evidence list
(证据目录) and the appendix on how to check it."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from evidence_logger.i18n import Language, tr
from evidence_logger.report import trusted_time
from evidence_logger.report.complaint import evidence_numbers
from evidence_logger.report.data import ReportData
from evidence_logger.report.fonts import REGULAR, markup
from evidence_logger.report.grounds import citation_rows, grounds_by_lender
from evidence_logger.report.layout import LINK, Bookmark, para, table
from evidence_logger.report.screens import finding_crops
from evidence_logger.report.timeline import contacts, day_anchor
from evidence_logger.rules.counting import count_words, counted, notes, split_calls
from evidence_logger.rules.params import show_params

Styles = dict[str, ParagraphStyle]
SEVERITY_ORDER = ("note", "low", "medium", "high")
MAX_LINKS = 12  # evidence links listed per finding before "…"
def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def cover(data: ReportData, st: Styles) -> list[Flowable]:
    lang = data.lang
    zh = Language.of(lang).chinese
    first, last = data.period
    period = f"{first} – {last}" if first else tr("no events", lang)
    calls = split_calls(data.events, data.parties)
    rows: list[list[Any]] = [
        [tr("Case", lang), data.case_name],
        [tr("Period", lang), period],
        # calls split honestly: collectors' calls to the borrower are not the borrower's own
        # calls, nor the calls found on a relative's phone
        [tr("Collection calls to the borrower", lang),
         tr("{count} ({connected} connected, {unanswered} unanswered)", lang,
            count=calls.collection, connected=calls.collection_connected,
            unanswered=calls.collection_unanswered)],
        [tr("Calls the borrower made", lang), calls.borrower_own],
        [tr("Other calls to the borrower (family, friends, unknown numbers)", lang),
         calls.other_to_borrower],
        [tr("Calls on relatives' phones", lang), calls.relatives_phones],
        [tr("Messages", lang), data.messages],
        [tr("Original files", lang), len(data.originals)],
        [tr("Entries stated by the borrower", lang), len(data.stated)],
        [tr("Made by", lang), f"Evidence Logger {data.version}"],
        [tr("Made at", lang), data.made_at],
        [tr("Custody log head (SHA-256)", lang), para(data.custody_head, st["hash"])],
        [tr("Evidence root (SHA-256)", lang), root_cell(data, st)],
        trusted_time.cover_row(data, st),
    ]
    out: list[Flowable] = [
        Bookmark("cover", tr("Cover", lang)),
        Spacer(1, 30),
        _p("证据材料" if zh else "Evidence dossier", st["title"]),
        _p("Evidence dossier" if zh else "证据材料", st["subtitle"]),
        table([tr("Item", lang), tr("Value", lang)], rows, (0.32, 0.68), st=st),
        _p(tr("Findings by rule", lang), st["h2"]),
    ]
    by_rule = [[rule.text("title", lang), tr(_worst(real), lang), len(real)]
               for rule, found in data.rules() if (real := counted(found))]
    if by_rule:
        out.append(table([tr("Rule", lang), tr("Highest severity", lang), tr("Findings", lang)],
                         by_rule, (0.64, 0.18, 0.18), st=st))
    else:
        out.append(_p(tr("No rule is broken by what the case holds for this period.", lang),
                      st["body"]))
    if aside := notes(data.findings):
        out.append(_p(tr("Notes, not counted as findings: {count} (see the findings section).",
                         lang, count=len(aside)), st["note"]))
    out += [Spacer(1, 10), _p(tr(
        "What the app verified: each original's SHA-256, computed when it was imported, and "
        "the time of import; the custody log records every import and change in a hash chain. "
        "What the borrower states: calls entered by hand, notes, and who each number belongs "
        "to. Rows resting on the borrower's statement are shaded and marked \"stated by the "
        "borrower\".", lang), st["note"]), PageBreak()]
    return out


def root_cell(data: ReportData, st: Styles) -> Table:
    """The evidence root, its QR code and what it is."""
    lang = data.lang
    qr = QrCodeWidget(data.root or "")
    x0, y0, x1, y1 = qr.getBounds()
    side = 62
    code = Drawing(side, side, initialFontName=REGULAR,
                   transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    code.add(qr)
    text = [para(data.root or "—", st["hash"]), Spacer(1, 3), _p(tr(
        "SHA-256 over the payload manifest lines of every file in the evidence bundle except "
        "this dossier (data/report/): the same value as Evidence-Root-SHA256 in the bundle's "
        "bag-info.txt, which evidence-logger verify recomputes. The QR code carries it.", lang),
        st["small"])]
    cell = Table([[text, code]], colWidths=[None, side + 6])
    cell.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return cell


def _worst(found: list[Any]) -> str:
    return max((f.severity for f in found), key=lambda s: SEVERITY_ORDER.index(s)
               if s in SEVERITY_ORDER else -1)




def _status(rule: Any, lang: str) -> str:
    """How sure the rule's source is: the status (in Chinese with the English term beside it,
    as the profile files name it) and the profile's note on it."""
    status = tr(rule.status, lang)
    if Language.of(lang).chinese and status != rule.status:
        status = f"{status}（{rule.status}）"
    note = rule.text("status_note", lang)
    return f"{status}\n{note}" if note else status


def findings(data: ReportData, st: Styles, vault: Any = None) -> list[Flowable]:
    """Each rule with its findings; under a lexicon rule's, the screenshot regions its words
    were read from (``vault`` gives the originals' paths)."""
    lang = data.lang
    out: list[Flowable] = [Bookmark("findings", tr("Findings by rule", lang)),
                           _p(tr("Findings by rule", lang), st["h1"])]
    if not data.findings:
        out.append(_p(tr("No rule is broken by what the case holds for this period.", lang),
                      st["body"]))
    numbers = evidence_numbers(data)[0]
    days = {e["at"][:10] for e in contacts(data)}
    for number, (rule, found) in enumerate(data.rules(), 1):
        title = rule.text("title", lang)
        out += [Bookmark(f"rule-{number}", title, level=1), _p(f"{number}. {title}", st["h2"]),
                _p(rule.text("explanation", lang), st["body"])]
        # cited per lender: only the grounds that bind that creditor's kind of lender
        facts = [*citation_rows(data, rule, found),
                 [tr("Status of the source", lang), _status(rule, lang)],
                 [tr("Thresholds applied", lang), show_params(rule.params, lang)]]
        out += [table([tr("Item", lang), tr("Value", lang)], facts, (0.22, 0.78), st=st),
                Spacer(1, 6)]
        rows = []
        wordy = rule.check in ("lexicon", "third-party")
        for f in found:
            who = " ".join(x for x in (f.platform, f.number) if x) or "—"
            day = f.day or "—"
            if f.day and f.events and f.day in days:
                day = f'<a href="#{day_anchor(f.day)}" color="{LINK}">{f.day}</a>'
            shown = "、".join(f.matched) if wordy else count_words(f, lang)
            rows.append([Paragraph(day, st["cell"]), who,
                         f.count if f.count is not None else "—",
                         shown or "—", tr(f.severity, lang),
                         Paragraph(_links(f.evidence, numbers), st["cell"])])
        out.append(table([tr("Day", lang), tr("Platform / number", lang), tr("Count", lang),
                          tr("Words matched", lang) if wordy else tr("What was counted", lang),
                          tr("Severity", lang), tr("Evidence", lang)],
                         rows, (0.13, 0.27, 0.08, 0.26, 0.1, 0.16), st=st))
        if vault is not None and rule.check == "lexicon":
            out += finding_crops(data, st, vault, found)
    out += grounds_by_lender(data, st)
    out.append(PageBreak())
    return out


def _links(shas: list[str], numbers: dict[str, int]) -> str:
    """Links to the evidence list entries of ``shas`` (at most :data:`MAX_LINKS`)."""
    listed = sorted({numbers[sha] for sha in shas if sha in numbers})
    links = [f'<a href="#ev-{n}" color="{LINK}">{n}</a>' for n in listed[:MAX_LINKS]]
    return ", ".join(links) + (" …" if len(listed) > MAX_LINKS else "") or "—"


def appendix(data: ReportData, st: Styles) -> list[Flowable]:
    lang = data.lang
    return [Bookmark("verify", tr("Appendix: how to verify", lang)),
            _p(tr("Appendix: how to verify", lang), st["h1"]),
            _p(tr("Every original is kept byte for byte in the case's vault and in the exported "
                  "evidence bundle. Its SHA-256 in the evidence list was computed by the app when "
                  "the file was imported. Compute it again (Windows: certutil -hashfile FILE "
                  "SHA256; macOS: shasum -a 256 FILE; Linux: sha256sum FILE) and compare: a "
                  "single changed byte gives a completely different value. The custody log head "
                  "on the cover seals the order of every import and change; the command "
                  "evidence-logger verify BUNDLE.zip checks a bundle's signature and every file "
                  "in it.", lang), st["body"]), *trusted_time.appendix(data, st)]
