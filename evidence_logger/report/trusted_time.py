"""The dossier's trusted times: a cover row with the RFC 3161 tokens of the case's imports, and
a part of the verification appendix saying what the tokens prove and how to check them.

The export's own token is made after the dossier (it stamps the bundle's tag manifest, which
lists the dossier), so the dossier can only say where it is; ``verify`` shows its time.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from evidence_logger.i18n import N_, Language, tr
from evidence_logger.report.layout import para, table

# What courts make of a token: a legal statement, kept with its source and how sure it is.
LEGAL = {
    "text": N_("Chinese courts accept trusted timestamps (可信时间戳) and hash checks as a way to "
               "show that electronic data existed unchanged from a moment on."),
    "source": "《最高人民法院关于互联网法院审理案件若干问题的规定》第十一条；"
              "《人民法院在线诉讼规则》第十六条至第十九条",
    "status": N_("secondary"),
}
PROVES = N_("A trusted timestamp (RFC 3161) is a token signed by a time-stamp authority over a "
            "hash: it proves that the files that hash covers existed, exactly as they are now, at "
            "the authority's time. It does not prove that their content is true, nor when the "
            "calls or messages in them happened.")


def cover_row(data: Any, st: dict[str, Any]) -> list[Any]:
    """[label, cell] for the cover table."""
    lang = data.lang
    tokens = data.timestamps
    if not tokens:
        text = escape(tr("none: no import was stamped by a time-stamp authority", lang))
    else:
        text = "<br/>".join(escape(tr("{time} by {tsa}: {count} original(s)", lang,
                                      time=t["time"], tsa=t["tsa"], count=t["originals"]))
                            for t in tokens)
        if data.unstamped:
            text += "<br/>" + tr("{count} original(s) without a timestamp", lang,
                                 count=data.unstamped)
    return [tr("Trusted timestamps of the imports (RFC 3161)", lang),
            Paragraph(text, st["cell"])]


def appendix(data: Any, st: dict[str, Any]) -> list[Flowable]:
    lang = data.lang
    status = tr(LEGAL["status"], lang)
    if Language.of(lang).chinese:
        status = f"{status}（{LEGAL['status']}）"
    out: list[Flowable] = [
        para(tr("Trusted timestamps", lang), st["h2"]),
        para(tr(PROVES, lang), st["body"]),
        para(tr(LEGAL["text"], lang) + " " + tr("Source: {source} (status: {status}).", lang,
                                                  source=LEGAL["source"], status=status),
             st["note"]),
    ]
    if data.timestamps:
        rows = [[t["time"], t["tsa"], t["originals"], para(t["message_sha256"], st["hash"])]
                for t in data.timestamps]
        out.append(table([tr("Time (UTC)", lang), tr("Authority", lang), tr("Originals", lang),
                          tr("SHA-256 of the hash list", lang)], rows, (0.2, 0.25, 0.12, 0.43),
                         st=st))
        out.append(Spacer(1, 6))
    out.append(para(tr(
        "Each import token stamps the list of the new originals' SHA-256 values (lowercase hex, "
        "sorted, one a line). In the bundle, timestamps/import-NNNN.sha256.txt is that list, "
        "timestamps/import-NNNN.tsr the token and timestamps/import-NNNN.chain.pem the "
        "authority's certificates; the export's token over the bundle's tag manifest is "
        "tagmanifest-sha256.txt.tsr. Check one without this app: openssl ts -verify -in "
        "timestamps/import-0001.tsr -data timestamps/import-0001.sha256.txt -CAfile "
        "timestamps/import-0001.chain.pem; and compare the root certificate with the one the "
        "authority publishes. evidence-logger verify BUNDLE.zip checks every token and shows "
        "its time.", lang), st["body"]))
    return out
