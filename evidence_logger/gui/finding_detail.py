"""One finding shown facts first: what happened, when, who (the number as the phone writes it,
or the creditor and the person reached), the calls and messages with the quoted words and a
button that plays or opens the original; below it, folded, what the rule says in plain words
and how sure its source is. No internal identifier (a rule's or word list's id) is shown.

Signals: ``evidence_requested(str)``: the SHA-256 of an original to open.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui.icons import icon
from evidence_logger.gui.labels import text_lang
from evidence_logger.gui.models.findings import SEVERITY_COLOURS, who
from evidence_logger.i18n import N_, current_language, tr
from evidence_logger.phones import as_phone_writes
from evidence_logger.rules.engine import Finding
from evidence_logger.rules.params import show_params

SURENESS = {
    "verified": N_("The source was checked against its official text."),
    "secondary": N_("Known from summaries of the source, not from its official text: check "
                    "it before relying on it."),
    "uncertain": N_("The source is uncertain: take this as a lead, not as a rule."),
}


def marked(text: str, words: list[str]) -> str:
    """``text`` escaped, with the words the rule matched in bold."""
    shown = escape(text)
    for word in sorted(set(words), key=len, reverse=True):
        if word:
            shown = shown.replace(escape(word), f"<b>{escape(word)}</b>")
    return shown


def facts_html(finding: Finding, events: list[dict[str, Any]],
               people: dict[str, dict[str, Any]], region: str, tz: Any) -> str:
    """The finding's facts: the title, the day, who, how many, the quoted words."""
    rule = finding.rule
    colour = SEVERITY_COLOURS.get(finding.severity, "#000000")
    rows = []
    if finding.day:
        rows.append((tr("Day"), escape(finding.day)))
    if (shown := who(finding, people, region)):
        rows.append((tr("Who"), escape(shown)))
    calls = sum(e["kind"] == "call" for e in events)
    messages = len(events) - calls
    if events:
        rows.append((tr("How many"), escape(tr("{calls} call(s), {messages} message(s)",
                                               calls=calls, messages=messages))))
    details = finding.details
    if "connected" in details and "unanswered" in details:
        rows.append((tr("Of the calls"), escape(tr(
            "{connected} connected, {unanswered} unanswered", connected=details["connected"],
            unanswered=details["unanswered"]))))
    if "annual_rate" in details:  # a debt's interest against its cap
        rows.append((tr("Principal"), escape(str(details.get("principal", "")))))
        rows.append((tr("Annual rate"), escape(f"{details['annual_rate']}%")))
        if details.get("rate_judged") == "true":  # the rate the rule judged: the true one
            rows.append((tr("True annual rate"), escape(tr(
                "{rate}% ({net} paid out after fees, against what is due)",
                rate=details.get("true_rate"), net=details.get("net_received")))))
        if details.get("cap") is not None:
            rows.append((tr("Cap"), escape(f"{details['cap']}%")))
    if "limit" in details:
        rows.append((tr("Limit"), escape(str(details["limit"]))))
    quoted = [e for e in events if e["kind"] == "message" and e["text"]]
    table = "".join(f"<tr><td valign='top'><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
    said = "".join(
        f"<p>{escape(when(e['at_ms'], tz))} · {escape(as_phone_writes(e['number'], region))}"
        f"<br>“{marked(e['text'], finding.matched)}”</p>" for e in quoted[:6])
    return (f"<h3>{escape(rule.text('title', text_lang()))} "
            f"<span style='color:{colour}'>● {escape(tr(finding.severity))}</span></h3>"
            f"<table cellpadding='2'>{table}</table>"
            + (f"<p><b>{escape(tr('What was said'))}:</b></p>{said}" if said else ""))


def law_html(finding: Finding) -> str:
    """What the rule says, its source, how sure that source is, the limits in force."""
    lang = text_lang()
    rule = finding.rule
    note = rule.text("status_note", lang)
    params = {k: v for k, v in rule.params.items() if "lexicon" not in k}
    limits = show_params(params, current_language()) if params else ""
    return (f"<p>{escape(rule.text('explanation', lang))}</p>"
            f"<p><b>{escape(tr('Source'))}:</b> {escape(rule.text('citation', lang))}</p>"
            f"<p><b>{escape(tr('How sure the source is'))}:</b> "
            f"{escape(tr(SURENESS.get(rule.status, rule.status)))}"
            + (f" {escape(note)}" if note else "") + "</p>"
            + (f"<p><b>{escape(tr('Limits used'))}:</b> {escape(limits)}</p>"
               if limits and limits != "—" else ""))


def when(at_ms: int, tz: Any) -> str:
    return datetime.fromtimestamp(at_ms / 1000, tz).strftime("%Y-%m-%d %H:%M")


class FindingDetail(QWidget):
    evidence_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.facts = QTextBrowser()
        self.facts.setOpenLinks(False)
        layout.addWidget(self.facts, 3)
        self.events_label = QLabel()
        layout.addWidget(self.events_label)
        self.events = QListWidget()
        self.events.setWordWrap(True)
        self.events.itemActivated.connect(self._open)
        self.events.currentItemChanged.connect(lambda *_: self._update_button())
        layout.addWidget(self.events, 2)
        self.open_button = QPushButton(icon("evidence"), "")
        self.open_button.clicked.connect(self._open)
        layout.addWidget(self.open_button)
        self.fold = QToolButton()
        self.fold.setCheckable(True)
        self.fold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fold.setArrowType(Qt.ArrowType.RightArrow)
        self.fold.toggled.connect(self._fold)
        layout.addWidget(self.fold)
        self.law = QTextBrowser()
        self.law.setVisible(False)
        layout.addWidget(self.law, 2)
        self.finding: Finding | None = None
        self.retranslate()

    def show_finding(self, finding: Finding | None, case: Any,
                     people: dict[str, dict[str, Any]]) -> None:
        from evidence_logger.finding_facts import finding_events

        self.finding = finding
        self.events.clear()
        if finding is None or case is None:
            self.facts.clear()
            self.law.clear()
            self.retranslate()
            return
        events = finding_events(case, finding.events)
        self.facts.setHtml(facts_html(finding, events, people, case.region, case.tz))
        self.law.setHtml(law_html(finding))
        for event in events:
            arrow = "←" if event["direction"] == "in" else "→"
            number = as_phone_writes(event["number"], case.region)
            if event["kind"] == "call":
                length = event["duration"]
                what = tr("call") + (f" {int(length) // 60}:{int(length) % 60:02d}"
                                     if length else " " + tr("not answered")
                                     if not event["connected"] else "")
            else:
                what = event["text"] or tr("message")
            item = QListWidgetItem(f"{when(event['at_ms'], case.tz)} {arrow} {number}  {what}")
            item.setData(Qt.ItemDataRole.UserRole, event["sha256"])
            item.setToolTip(event["text"] or "")
            self.events.addItem(item)
        if self.events.count():
            self.events.setCurrentRow(0)
        self.retranslate()

    def _fold(self, shown: bool) -> None:
        self.law.setVisible(shown)
        self.fold.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _update_button(self) -> None:
        item = self.events.currentItem()
        self.open_button.setEnabled(item is not None and bool(item.data(Qt.ItemDataRole.UserRole)))

    def _open(self, *_args: object) -> None:
        item = self.events.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.evidence_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def retranslate(self) -> None:
        self.events_label.setText(tr("Its calls and messages ({count}):",
                                     count=self.events.count()))
        self.events.setAccessibleName(tr("The finding's calls and messages"))
        self.facts.setAccessibleName(tr("What happened"))
        self.law.setAccessibleName(tr("What the rule says"))
        self.open_button.setText(tr("Play or open the original"))
        self.fold.setText(tr("What the rule says, and how sure its source is"))
        self._update_button()
