"""The 证据目录 as the dossier prints it, with each entry's page, and the 情况说明 (the
borrower's own remarks, which are never a 证明目的).

An entry's page is where the dossier shows it: its screenshot, its row among the recordings,
the timeline's rows that cite it (or, failing those, the findings that do). The canvas
(:func:`page_refs`) notes on which page each link to an entry (``#ev-N``) is drawn and in which
section; the page cell is a form XObject filled in when the document is saved, so the list may
stand anywhere in the dossier and one pass builds it.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph

from evidence_logger.i18n import Language, tr
from evidence_logger.listing import evidence_kind
from evidence_logger.report.catalogue import entries, group_title, shown_time
from evidence_logger.report.data import ReportData
from evidence_logger.report.fonts import REGULAR, markup
from evidence_logger.report.layout import LINK, Bookmark, para, table
from evidence_logger.report.timeline import day_anchor

Styles = dict[str, ParagraphStyle]
# the sections that show an item, most telling first
SHOWN_IN = ("pictures", "recordings", "timeline", "findings")


def page_refs(base: type[Canvas]) -> type[Canvas]:
    """``base`` (a canvas class) that also notes the pages where entries are cited and fills
    in the page cells of the 证据目录 (:class:`PageRef`) when saved."""

    class PageRefCanvas(base):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._section = ""
            self._cited: dict[int, dict[str, list[int]]] = {}  # entry -> section -> pages
            self._refs: dict[int, list[str]] = {}  # entry -> the timeline days it shows
            self._days: dict[str, int] = {}  # the timeline's day anchors -> their page

        def addOutlineEntry(self, title: str, key: str, level: int = 0,  # noqa: N802
                            closed: Any = None) -> None:
            if level == 0:
                self._section = key
            super().addOutlineEntry(title, key, level, closed)

        def linkRect(self, contents: Any, destinationname: str, *args: Any,  # noqa: N802
                         **kwargs: Any) -> Any:
            if destinationname.startswith("ev-") and destinationname[3:].isdigit():
                pages = self._cited.setdefault(int(destinationname[3:]), {}).setdefault(
                    self._section, [])
                if not pages:
                    self.bookmarkPage(f"seen-{self._section}-{destinationname[3:]}")
                if self._pageNumber not in pages:
                    pages.append(self._pageNumber)
            return super().linkRect(contents, destinationname, *args, **kwargs)

        def bookmarkHorizontal(self, key: str, x: float, y: float,  # noqa: N802
                               **kw: Any) -> Any:
            if key.startswith("day-"):
                self._days.setdefault(key, self._pageNumber)
            return super().bookmarkHorizontal(key, x, y, **kw)

        def shown_at(self, number: int) -> tuple[str, list[int]] | None:
            """The section and pages where entry ``number`` is shown, if anywhere yet: its
            picture or recording, else the timeline's days it shows, else the findings."""
            cited = self._cited.get(number, {})
            for section in SHOWN_IN:
                if section == "timeline":
                    days = [self._days[d] for d in self._refs.get(number, [])
                            if d in self._days]
                    if days:
                        return "timeline", days
                elif section in cited:
                    return section, cited[section]
            return None

        def page_ref(self, number: int, width: float, days: list[str]) -> None:
            self._refs[number] = [day_anchor(d) for d in days]
            self.doForm(f"pageref-{number}")
            where = self.shown_at(number)
            if where is not None:
                target = (f"seen-{where[0]}-{number}" if where[0] != "timeline"
                          else next(d for d in self._refs[number] if d in self._days))
                self.linkRect("", target, (0, -2, width, 9), relative=1)

        def save(self) -> None:
            for number in sorted(self._refs):
                where = self.shown_at(number)
                self.beginForm(f"pageref-{number}")
                self.setFont(REGULAR, 8.5)
                self.setFillColor(HexColor(LINK if where else "#44505c"))
                self.drawString(0, 0, _pages(where[1]) if where else "—")
                self.endForm()
            super().save()

    return PageRefCanvas


def _pages(pages: list[int]) -> str:
    first, last = min(pages), max(pages)
    return str(first) if first == last else f"{first}–{last}"


class PageRef(Flowable):
    """The page of entry ``number``, drawn from a form the canvas fills in at the end."""

    def __init__(self, number: int, days: list[str]) -> None:
        super().__init__()
        self.number, self.days = number, days
        self.width, self.height = 30.0, 9.0

    def wrap(self, available_width: float, _height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        if hasattr(self.canv, "page_ref"):
            self.canv.page_ref(self.number, self.width, self.days)


def _anchor(number: int, st: Styles) -> Paragraph:
    """Entry ``number``, as the target of links (``#ev-<number>``)."""
    return Paragraph(f'<a name="ev-{number}"/>{number}', st["cell"])


def catalogue(data: ReportData, st: Styles) -> list[Flowable]:
    """The 证据目录: 序号, 证据名称, 证据形式, 来源与原始载体, 证明目的, 页码, SHA-256,
    grouped by creditor."""
    lang = data.lang
    zh = Language.of(lang).chinese
    out: list[Flowable] = [Bookmark("evidence", tr("Evidence list", lang)),
                           para(tr("Evidence list", lang) + ("" if zh else " (证据目录)"),
                                st["h1"]),
                           para(tr("Submitted by: {who}", lang, who=data.provenance.declarant
                                   if data.provenance and data.provenance.declarant
                                   else "________"), st["body"])]
    rows = entries(data)
    if not rows:
        out += [para(tr("The case holds no originals for this period.", lang), st["body"]),
                PageBreak()]
        return out
    header = [tr("No.", lang), tr("Name", lang), tr("Form", lang),
              tr("Source and original carrier", lang), tr("Meant to prove", lang),
              tr("Page", lang), "SHA-256"]
    widths = (0.055, 0.16, 0.085, 0.175, 0.32, 0.05, 0.155) if zh else \
        (0.045, 0.15, 0.11, 0.17, 0.31, 0.06, 0.155)
    any_stated = False
    groups: dict[str, list[Any]] = {}
    for entry in rows:
        groups.setdefault(entry.group, []).append(entry)
    for group, members in groups.items():
        out += [CondPageBreak(90), para(group_title(group, lang), st["h2"])]
        body: list[list[Any]] = []
        stated: list[int] = []
        for entry in members:
            if entry.stated:
                stated.append(len(body))
                any_stated = True
                digest = tr("no original file", lang)
            else:
                digest = "\n".join(entry.sha256[i:i + 16] for i in range(0, 64, 16))
            body.append([_anchor(entry.number, st), entry.name, entry.form, entry.source,
                         entry.purpose, PageRef(entry.number, entry.days), digest])
        out.append(table(header, body, widths, st=st, stated_rows=stated,
                         cell_styles=["cell"] * 6 + ["hash"]))
    notes = [tr("The page is where this dossier shows the item (its picture, its recording, or "
                "the timeline rows that cite it); the original itself is in the evidence bundle "
                "under its SHA-256.", lang)]
    if any_stated:
        notes.append(tr("Shaded rows are stated by the borrower: no file backs them.", lang))
    notes.append(tr("The borrower's own remarks are not purposes of proof: they are in the "
                    "statement of circumstances (情况说明).", lang))
    out += [para(note, st["note"]) for note in notes]
    out += withheld(data, st)
    out += statement(data, st)
    out.append(PageBreak())
    return out


def remarks(data: ReportData) -> list[dict[str, Any]]:
    """The borrower's notes on calls and messages, oldest first."""
    return [e for e in data.events if e.get("note")]


def statement(data: ReportData, st: Styles) -> list[Flowable]:
    """情况说明: what the borrower wrote on calls and messages, marked as the borrower's own
    account (never a purpose of proof)."""
    lang = data.lang
    noted = remarks(data)
    if not noted:
        return []
    rows = [[shown_time(event["at"]), event["number"] or "—", event["note"]] for event in noted]
    return [Bookmark("statement", tr("Statement of circumstances", lang), level=1),
            para(tr("Statement of circumstances", lang)
                 + ("" if Language.of(lang).chinese else " (情况说明)"), st["h2"]),
            Paragraph(markup(tr("What the borrower wrote about these calls and messages, in the "
                                "borrower's own words. It is the borrower's account, not a "
                                "record made by a phone.", lang)), st["note"]),
            table([tr("Time", lang), tr("Number", lang), tr("The borrower's remark", lang)],
                  rows, (0.2, 0.18, 0.62), st=st)]


def withheld(data: ReportData, st: Styles) -> list[Flowable]:
    """The originals this bundle leaves out, each by its SHA-256."""
    lang = data.lang
    items = data.left_out
    if not items:
        return []
    why = tr("This is a submission bundle: it holds only the originals that back the findings "
             "and those the borrower added; third parties' numbers are masked.", lang) \
        if data.submission else tr("These originals concern third parties.", lang)
    rows = [[item["name"], evidence_kind(item["kind"], lang),
             "\n".join(item["sha256"][i:i + 32] for i in (0, 32))] for item in items]
    return [Bookmark("withheld", tr("Originals not in this bundle", lang), level=1),
            para(tr("Originals not in this bundle", lang), st["h2"]),
            para(why + " " + tr("Each original below is left out of the bundle and listed by its "
                                "SHA-256, which identifies it: the borrower keeps it.", lang),
                 st["note"]),
            table([tr("Name", lang), tr("Kind", lang), "SHA-256"], rows, (0.42, 0.16, 0.42),
                  st=st, cell_styles=["cell", "cell", "hash"])]
