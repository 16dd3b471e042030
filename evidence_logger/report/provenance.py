"""The dossier's 原始载体与提取说明 (the phones, how and when each export was made and by whom,
when the app imported it) and the 声明 the borrower signs and dates; both from what the
borrower entered (:mod:`evidence_logger.provenance`) and the custody log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from evidence_logger.i18n import Language, tr
from evidence_logger.provenance import Provenance
from evidence_logger.report.data import ReportData
from evidence_logger.report.layout import Bookmark, para, table

Styles = dict[str, ParagraphStyle]
MAX_UNASSIGNED = 12  # originals of no export named before "…"
BLANK = "________"


def _time(ms: int | None, tz: Any) -> str:
    """A custody time to the minute, local (the zone is named once, under the table)."""
    if ms is None:
        return "—"
    return datetime.fromtimestamp(ms / 1000, tz).strftime("%Y-%m-%d %H:%M")


def _zone(tz: Any) -> str:
    if tz is None:
        return "—"
    offset = datetime.now(tz).strftime("%z")
    return f"{tz}, UTC{offset[:3]}:{offset[3:]}"


def _sentence(text: str, zh: bool) -> str:
    """``text`` ending with a full stop."""
    return text if text.endswith(("。", ".", "！", "!")) else text + ("。" if zh else ".")


def _owner(data: ReportData, device: dict[str, Any]) -> str:
    if device["owner_name"]:
        return device["owner_name"]
    if device["owner"] == "self":
        return tr("the borrower", data.lang)
    return device["owner"]


def provenance_page(data: ReportData, st: Styles, tz: Any = None) -> list[Flowable]:
    """原始载体与提取说明."""
    lang = data.lang
    zh = Language.of(lang).chinese
    prov: Provenance = data.provenance or Provenance()
    title = tr("Original carriers and how the data was taken off them", lang)
    out: list[Flowable] = [Bookmark("provenance", title),
                           para(title + ("" if zh else " (原始载体与提取说明)"), st["h1"])]
    out.append(para(tr("Phones", lang), st["h2"]))
    if prov.devices:
        rows = [[d["label"], " ".join(x for x in (d["make"], d["model"]) if x) or "—",
                 d["number"] or "—", _owner(data, d), d["note"] or ""] for d in prov.devices]
        out.append(table([tr("Phone", lang), tr("Make and model", lang), tr("Number", lang),
                          tr("Owner", lang), tr("Remark", lang)], rows,
                         (0.16, 0.22, 0.18, 0.2, 0.24), st=st))
    else:
        out.append(para(tr("Not stated by the borrower.", lang), st["note"]))
    out.append(para(tr("Exports", lang), st["h2"]))
    devices = {d["id"]: d for d in prov.devices}
    if prov.extractions:
        rows = []
        for e in prov.extractions:
            seqs = e["custody_seqs"]
            first, last = _time(e["first_import_ms"], tz), _time(e["last_import_ms"], tz)
            imported = (tr("{count} original(s), imported {at}", lang, count=len(
                e["originals"]), at=first) if first == last else tr(
                "{count} original(s), imported {first} to {last}", lang,
                count=len(e["originals"]), first=first, last=last)) if e["originals"] else \
                tr("no original imported from it", lang)
            if seqs:
                imported += "\n" + (tr("custody log entry {first}", lang, first=seqs[0])
                                    if seqs[0] == seqs[1] else
                                    tr("custody log entries {first}–{last}", lang,
                                       first=seqs[0], last=seqs[1]))
            rows.append([devices[e["device_id"]]["label"], e["method"],
                         (e["made_at"] or "—").replace("T", " "), e["made_by"] or "—",
                         e["files"] or tr("all of that phone's files", lang), imported])
        out.append(table([tr("Phone", lang), tr("How", lang), tr("When", lang),
                          tr("By whom", lang), tr("Files", lang),
                          tr("Imported into the app", lang)], rows,
                         (0.12, 0.24, 0.12, 0.09, 0.18, 0.25), st=st))
    else:
        out.append(para(tr("Not stated by the borrower.", lang), st["note"]))
    if prov.unassigned:
        names = [o["name"] for o in prov.unassigned[:MAX_UNASSIGNED]]
        out.append(para(tr("{count} original(s) are not tied to an export described above: "
                           "{names}", lang, count=len(prov.unassigned),
                           names=("、" if zh else ", ").join(names)
                           + ("…" if len(prov.unassigned) > MAX_UNASSIGNED else "")),
                        st["note"]))
    out += [
        para(tr("How the app kept them", lang), st["h2"]),
        para(tr("Each file was copied into the case unchanged when it was imported; the app "
                "computed its SHA-256 then and wrote the import, with its time, into the "
                "hash-chained custody log. The times above are those of the custody log, in "
                "the case's time zone ({zone}).", lang, zone=_zone(tz)), st["body"]),
        para(_sentence(tr("The phones: {kept}", lang, kept=prov.phones_kept or tr(
            "kept by {who} and available for inspection in court", lang,
            who=prov.declarant or BLANK)), zh), st["body"]),
        PageBreak()]
    return out


def declaration(data: ReportData, st: Styles) -> list[Flowable]:
    """声明: for the borrower to sign and date."""
    lang = data.lang
    prov: Provenance = data.provenance or Provenance()
    who = prov.declarant or BLANK
    title = tr("Declaration", lang)
    return [
        PageBreak(), Bookmark("declaration", title),
        para(title + ("" if Language.of(lang).chinese else " (声明)"), st["h1"]),
        para(tr("I, {who}, declare: the call logs, messages, recordings and screenshots listed "
                "in the evidence list of this dossier were exported from the phones described "
                "under \"Original carriers\", as and when stated there, and I have not altered "
                "their content. The phones are kept as stated there and can be produced for "
                "inspection in court. My own remarks are set out apart, in the statement of "
                "circumstances. I am responsible for the truth of this declaration.", lang,
                who=who),
             st["body"]),
        Spacer(1, 36),
        para(tr("Declarant (signature): {blank}", lang, blank=BLANK * 2), st["body"]),
        Spacer(1, 18),
        para(tr("Date: {blank}", lang, blank=tr("____ year __ month __ day", lang)),
             st["body"])]
