"""The sample case's way out: its debts whole (schedules, fees, what was repaid), the
borrower's negotiation history linked to the calls and messages that show it, and a budget
for the repayment plan. The scam offer and the promise-letter request are messages of the
borrower's phone (scenario.BORROWER_MESSAGES)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from evidence_logger.case import Case
from evidence_logger.debts import add_debt
from evidence_logger.demo import scenario as s
from evidence_logger.demo.exports import epoch_ms
from evidence_logger.way_out.budget import set_budget
from evidence_logger.way_out.negotiations import add_negotiation
from evidence_logger.way_out.true_rate import amortised


@dataclass(frozen=True, slots=True)
class Negotiation:
    platform: str
    at: datetime
    channel: str
    asked: str
    offered: str | None
    outcome: str
    number: str | None  # the call that shows it: its number, at ``at``
    counterpart: str | None = None
    text: str | None = None  # the message that shows it: its text


NEGOTIATIONS = [
    Negotiation(s.SHANDIAN, s.at(13, 13, 20, 30), "call", "分6期还清本金，停止罚息",
                "必须今天一次性结清", "拒绝分期", "17100001001", "催收员（自称王经理）"),
    Negotiation(s.SUDAI, s.at(15, 8, 30, 0), "sms", "发工资后先还一部分；不要再联系家人",
                None, "未回复；当天下午仍打给母亲", None,
                text=s.BORROWER_MESSAGES[6].text),
    Negotiation(s.SUDAI, s.at(16, 21, 8, 0), "app", "宽限几天，周五发工资后还款",
                None, "拒绝，并威胁让全家知道", None, s.WECHAT_COLLECTOR,
                text=s.WECHAT_MESSAGES[1].text),
    Negotiation(s.BANK_CARD, s.at(20, 10, 0, 0), "letter", "个性化分期（60期），停止计息",
                None, "等待银行书面答复", None, "信用卡中心"),
]
INCOME, EXPENSES = "6200", "3800"
HARDSHIP = "今年8月起单位降薪，月收入从9000元降到6200元，还要负担母亲的医药费。"


def add_debts(case: Case) -> None:
    for debt in s.DEBTS:
        dues = amortised(Decimal(debt.principal), Decimal(debt.annual_rate), debt.instalments,
                         date.fromisoformat(debt.first_due)) if debt.first_due else []
        repaid = sum((Decimal(a) for _, a in dues[:debt.paid_instalments]), Decimal(0))
        add_debt(case.db, platform=debt.platform, principal=debt.principal,
                 annual_rate=debt.annual_rate, contract_date=debt.contract_date,
                 lender_type=debt.lender_type, note=debt.note, lender=debt.lender,
                 funder=debt.funder, received=debt.received, fees=debt.fees,
                 reported=debt.reported, repaid=str(repaid) if repaid else None,
                 due_dates=[d for d, _ in dues], due_amounts=[a for _, a in dues])


def add_negotiations(case: Case) -> None:
    for n in NEGOTIATIONS:
        events: list[int] = []
        if n.text is not None:
            events = [i for (i,) in case.db.execute(
                "SELECT id FROM events WHERE text = ? AND owner = 'self' ORDER BY id LIMIT 1",
                (n.text,))]
        if n.number is not None:
            at_ms = epoch_ms(n.at)
            events = [i for (i,) in case.db.execute(
                "SELECT e.id FROM events e JOIN parties p ON p.id = e.party_id "
                "WHERE p.number LIKE ? AND abs(e.at_ms - ?) <= 60000 AND e.owner = 'self'",
                (f"%{n.number[-8:]}", at_ms))][:1]
        add_negotiation(case.db, platform=n.platform, at_ms=epoch_ms(n.at), channel=n.channel,
                        asked=n.asked, offered=n.offered, outcome=n.outcome,
                        counterpart=n.counterpart, event_ids=events)
    set_budget(case.db, income=INCOME, expenses=EXPENSES, hardship=HARDSHIP)
