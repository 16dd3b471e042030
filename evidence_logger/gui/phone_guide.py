"""The phone guide: where Xiaomi, Huawei/Honor, OPPO/vivo/realme, Samsung phones and iPhones
keep call recordings, screenshots and call logs, how to copy them to the computer first, how to
get the carrier's call-detail record and how to make an iPhone backup.

The text is data (``resources/guide/phones.toml``, both languages side by side); it is shown
on an empty case's start screen and in a dialog under Help.
"""

from __future__ import annotations

import tomllib
from functools import cache
from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from evidence_logger.gui.labels import text_lang
from evidence_logger.i18n import tr
from evidence_logger.paths import resource


@cache
def guide() -> dict[str, Any]:
    """The guide as shipped."""
    return tomllib.loads(resource("guide", "phones.toml").read_text(encoding="utf-8"))


def guide_html(lang: str | None = None) -> str:
    """The whole guide as HTML in ``lang`` (``zh`` or ``en``; default: the window's)."""
    lang = lang or text_lang()
    data = guide()

    def say(entry: dict[str, Any], key: str = "") -> str:
        return escape(entry[f"{key}_{lang}" if key else lang])

    parts = [f"<h3>{escape(tr('Before anything: copy to this computer'))}</h3>",
             f"<p>{say(data['first'])}</p>",
             f"<h3>{escape(tr('Where Android phones keep it'))}</h3>",
             "<table cellpadding='4' border='0'>",
             f"<tr><th align='left'>{escape(tr('Phone'))}</th>"
             f"<th align='left'>{escape(tr('Call recordings'))}</th>"
             f"<th align='left'>{escape(tr('Screenshots'))}</th></tr>"]
    for phone in data["phone"]:
        parts.append(f"<tr><td valign='top'><b>{say(phone, 'name')}</b></td>"
                     f"<td valign='top'>{say(phone, 'recordings')}</td>"
                     f"<td valign='top'>{say(phone, 'screenshots')}</td></tr>")
    parts.append("</table>")
    parts.append(f"<p>{say(data['android_logs'])}</p>")
    parts.append(f"<h3>{say(data['iphone'], 'name')}</h3><p>{say(data['iphone'])}</p>")
    parts.append(f"<h3>{escape(tr('The carrier’s call-detail record'))}</h3>"
                 f"<p>{say(data['carrier'])}</p>")
    return "".join(parts)


def guide_view() -> QTextBrowser:
    """A read-only view of the guide (call :func:`show_guide` again when the language changes)."""
    view = QTextBrowser()
    view.setObjectName("phoneGuide")
    view.setOpenExternalLinks(False)
    show_guide(view)
    return view


def show_guide(view: QTextBrowser) -> None:
    view.setHtml(guide_html())
    view.setAccessibleName(tr("How to get the files off your phone"))


class GuideDialog(QDialog):
    """The guide under Help ▸ How to get the files off your phone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("How to get the files off your phone"))
        layout = QVBoxLayout(self)
        self.view = guide_view()
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560)
