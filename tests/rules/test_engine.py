"""The rule engine, table-driven over every boundary the reference names."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from evidence_logger.case import Case
from evidence_logger.db import transaction
from evidence_logger.debts import add_debt
from evidence_logger.parties import set_party
from evidence_logger.records import CallRecord, MessageRecord
from evidence_logger.rules import evaluate, set_param
from evidence_logger.timeline import EventSink

COLLECTOR = "+8617100000001"
COLLECTOR_B = "+8617100000002"  # same platform as COLLECTOR
OTHER = "+8617100000009"  # another platform
MUM = "+8613800138000"


class Builder:
    """Adds calls and messages to a case as a call-log export would."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.n = 0

    def _sink(self, owner: str) -> EventSink:
        self.n += 1
        sha = hashlib.sha256(str(self.n).encode()).hexdigest()
        evidence = self.case.db.execute(
            "INSERT INTO evidence (sha256, kind, format, name, size, owner, imported_at_ms) "
            "VALUES (?, 'call-log', 'test', ?, 1, ?, 0)", (sha, f"f{self.n}", owner)).lastrowid
        return EventSink(self.case.db, owner=owner, region="CN", evidence_id=evidence)

    def ms(self, local: str) -> int:
        return int(datetime.fromisoformat(local).replace(tzinfo=self.case.tz).timestamp() * 1000)

    def call(self, local: str, number: str = COLLECTOR, *, status: str = "missed",
             duration: float = 0.0, direction: str = "in", owner: str = "self") -> None:
        with transaction(self.case.db):
            sink = self._sink(owner)
            sink.add_call(CallRecord(f"call {self.n}", number, self.ms(local), direction, status,
                                     duration))
            sink.flush()

    def calls(self, day: str, count: int, number: str = COLLECTOR, **kw) -> None:
        for i in range(count):
            self.call(f"{day}T10:{i:02d}:00", number, **kw)

    def message(self, local: str, text: str, number: str = COLLECTOR, *,
                owner: str = "self", direction: str = "in") -> None:
        with transaction(self.case.db):
            sink = self._sink(owner)
            sink.add_message(MessageRecord(f"sms {self.n}", number, self.ms(local), direction,
                                           text))
            sink.flush()


@pytest.fixture
def cn(case):
    set_party(case.db, COLLECTOR, "CN", role="collector", platform="某某借")
    set_party(case.db, COLLECTOR_B, "CN", role="collector", platform="某某借")
    set_party(case.db, OTHER, "CN", role="collector", platform="另一贷")
    return Builder(case)


def by_rule(case, rule_id):
    return [f for f in evaluate(case) if f.rule.id == rule_id]


# -- cn.daily-calls ---------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "flagged"), [(3, False), (4, True)])
def test_daily_calls_threshold(cn, case, count, flagged):
    cn.calls("2026-03-02", count)
    found = by_rule(case, "cn.daily-calls")
    assert len(found) == int(flagged)
    if flagged:
        (f,) = found
        assert (f.day, f.platform, f.count) == ("2026-03-02", "某某借", 4)
        assert f.details == {"connected": 0, "unanswered": 4, "limit": 3,
                             "connected_limit": 3}
        assert len(f.events) == 4 and len(f.evidence) == 4
        assert f.rule.params["max_calls"] == 3


def test_all_numbers_of_one_creditor_count_together_and_creditors_apart(cn, case):
    cn.calls("2026-03-02", 2, COLLECTOR)
    cn.calls("2026-03-02", 2, COLLECTOR_B)
    cn.calls("2026-03-02", 3, OTHER)
    (f,) = by_rule(case, "cn.daily-calls")
    assert (f.platform, f.count) == ("某某借", 4)


def test_connected_calls_over_the_limit_are_severer(cn, case):
    cn.calls("2026-03-02", 4, status="answered", duration=20.0)
    (f,) = by_rule(case, "cn.daily-calls")
    assert f.severity == "high" and f.details["connected"] == 4


def test_the_borrowers_own_calls_and_unknown_numbers_do_not_count(cn, case):
    cn.calls("2026-03-02", 3)
    cn.call("2026-03-02T12:00:00", status="outgoing", duration=30.0, direction="out")
    cn.call("2026-03-02T12:05:00", "+8613900000000")  # not marked as a collector
    assert by_rule(case, "cn.daily-calls") == []


def test_calls_from_family_never_count(cn, case):
    set_party(case.db, MUM, "CN", role="third-party", relation="母亲")
    cn.calls("2026-03-02", 5, MUM)
    assert evaluate(case) == []


def test_numbers_in_different_forms_are_one_party(cn, case):
    for i, form in enumerate(["171-0000-0001", "008617100000001", "+86 171 0000 0001",
                              "17100000001"]):
        cn.call(f"2026-03-02T09:0{i}:00", form)
    (f,) = by_rule(case, "cn.daily-calls")
    assert f.count == 4


def test_a_local_day_is_not_a_utc_day(cn, case):
    # 07:30 in Shanghai is 23:30 UTC the day before: four calls on one local day
    for t in ("2026-03-02T07:30:00", "2026-03-02T07:40:00", "2026-03-02T09:00:00",
              "2026-03-02T23:50:00"):
        cn.call(t)
    (f,) = by_rule(case, "cn.daily-calls")
    assert f.day == "2026-03-02" and f.count == 4


def test_a_call_known_from_a_log_and_a_recording_counts_once(cn, case):
    cn.calls("2026-03-02", 3)
    cn.call("2026-03-02T15:00:00", status="answered", duration=60.0)
    with transaction(case.db):
        sink = cn._sink("self")
        sink.add_call(CallRecord("file name", COLLECTOR, cn.ms("2026-03-02T15:00:20"), "unknown",
                                 "recorded", 59.0, time_source="file-name"),
                      source="recording")
        sink.flush()
    (f,) = by_rule(case, "cn.daily-calls")
    assert f.count == 4 and len(f.evidence) == 5


def test_roles_set_after_import_change_the_findings(case):
    b = Builder(case)
    b.calls("2026-03-02", 4)
    assert evaluate(case) == []
    set_party(case.db, COLLECTOR, "CN", role="collector", platform="某某借")
    assert len(by_rule(case, "cn.daily-calls")) == 1
    set_party(case.db, COLLECTOR, "CN", role="unknown")
    assert evaluate(case) == []


def test_a_case_threshold_is_applied_and_recorded(cn, case):
    cn.calls("2026-03-02", 3)
    set_param(case.db, "cn", "cn.daily-calls.max_calls", "2")
    (f,) = by_rule(case, "cn.daily-calls")
    assert f.rule.params["max_calls"] == 2 and f.details["limit"] == 2


# -- cn.redial ----------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "flagged"), [(6, False), (7, True)])
def test_redial(cn, case, count, flagged):
    cn.calls("2026-03-02", count)
    found = by_rule(case, "cn.redial")
    assert len(found) == int(flagged)
    if flagged:
        assert found[0].number == COLLECTOR and found[0].count == 7


def test_answered_calls_are_not_redials(cn, case):
    cn.calls("2026-03-02", 7, status="answered", duration=5.0)
    assert by_rule(case, "cn.redial") == []


# -- cn.quiet-hours -----------------------------------------------------------------------

@pytest.mark.parametrize(("clock", "night"), [
    ("21:59:59", False), ("22:00:00", True), ("23:59:59", True), ("00:00:00", True),
    ("07:59:59", True), ("08:00:00", False), ("12:00:00", False)])
def test_quiet_hours_boundaries(cn, case, clock, night):
    cn.call(f"2026-03-02T{clock}")
    found = by_rule(case, "cn.quiet-hours")
    assert len(found) == int(night)
    if night:
        assert found[0].day == "2026-03-02" and found[0].count == 1


def test_messages_at_night_count_too(cn, case):
    cn.message("2026-03-02T23:30:00", "还钱")
    (f,) = by_rule(case, "cn.quiet-hours")
    assert f.count == 1


# -- cn.third-party -----------------------------------------------------------------------

def test_a_collector_call_on_mums_phone_is_third_party_contact(cn, case):
    set_party(case.db, MUM, "CN", role="third-party", relation="母亲")
    cn.call("2026-03-02T10:00:00", owner=MUM, status="answered", duration=30.0)
    (f,) = by_rule(case, "cn.third-party")
    assert f.number == MUM and f.platform == "某某借" and f.severity == "medium"
    assert f.details["relation"] == "母亲" and not f.details["discloses_debt"]
    assert by_rule(case, "cn.daily-calls") == []  # not a call to the borrower


def test_disclosing_the_debt_to_a_third_party_is_severer(cn, case):
    cn.message("2026-03-02T10:00:00", "你儿子欠款5000元逾期不还", owner=MUM)
    (f,) = by_rule(case, "cn.third-party")
    assert f.severity == "high" and f.details["discloses_debt"]
    assert "5000元" in f.matched


# -- lexicons -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule", "word"), [
    ("再不还钱就爆你通讯录", "cn.threat-language", "爆你通讯录"),
    ("我们会爆了你的通讯录", "cn.threat-language", "爆了你的通讯录"),
    ("明天上门找你", "cn.threat-language", "上门"),
    ("我们是公安局的，已经立案", "cn.impersonation", None),
])
def test_threat_and_impersonation_words(cn, case, text, rule, word):
    cn.message("2026-03-02T10:00:00", text)
    (f,) = by_rule(case, rule)
    assert f.matched
    if word:
        assert any(word in m for m in f.matched), f.matched
    assert f.details["in"] == "message" and f.events


def test_an_ordinary_message_is_not_a_threat(cn, case):
    cn.message("2026-03-02T10:00:00", "您好，您的账单将于3月5日到期，请按时还款。")
    assert by_rule(case, "cn.threat-language") == []
    assert by_rule(case, "cn.impersonation") == []


def test_text_rules_apply_to_collectors_only(cn, case):
    set_party(case.db, MUM, "CN", role="third-party", relation="母亲")
    cn.message("2026-03-02T10:00:00", "他们说要爆你通讯录，还说要上门", MUM)
    assert by_rule(case, "cn.threat-language") == []


# -- cn.excess-interest ---------------------------------------------------------------------

@pytest.mark.parametrize(("rate", "contract", "lender", "severity", "lpr"), [
    ("12.0", "2025-06-01", "platform", None, None),  # exactly 4 x 3.0 %: not above the cap
    ("12.01", "2025-06-01", "platform", "medium", "3.00"),
    ("13.8", "2024-01-01", "platform", None, None),  # 4 x 3.45 %
    ("14.5", "2024-01-01", "platform", "medium", "3.45"),
    ("35.9", "2025-06-01", "microlender", "note", "3.00"),  # exempt: a note, not a flag
])
def test_excess_interest(case, rate, contract, lender, severity, lpr):
    add_debt(case.db, platform="某某借", principal="5000", annual_rate=rate,
             contract_date=contract, lender_type=lender)
    found = by_rule(case, "cn.excess-interest")
    assert [f.severity for f in found] == ([severity] if severity else [])
    if found:
        assert found[0].details["lpr"] == lpr and found[0].day == contract


def test_interest_taken_out_in_advance_is_judged_by_the_true_rate(case):
    """A stated 10 % that paid out 7,000 of 10,000 (砍头息) and wants 11,000 back in a year:
    the true rate is far above 4 x LPR, and the finding says which rate it judged."""
    add_debt(case.db, platform="快借", principal="10000", annual_rate="10",
             contract_date="2025-06-01", lender_type="platform", received="7000",
             due_dates=["2026-06-01"], due_amounts=["11000"])
    add_debt(case.db, platform="慢借", principal="10000", annual_rate="10",
             contract_date="2025-06-01", lender_type="platform",
             due_dates=["2026-06-01"], due_amounts=["11000"])  # paid out in full: within
    (found,) = by_rule(case, "cn.excess-interest")
    assert found.platform == "快借" and found.severity == "medium"
    assert found.details["rate_judged"] == "true" and found.details["annual_rate"] == "10"
    assert Decimal(found.details["true_rate"]) > 40 and found.details["net_received"] == "7000"
    from evidence_logger.report.complaint_facts import fact_sentence
    from evidence_logger.report.data import gather

    data = gather(case, lang="en", start=None, end=None)
    text = fact_sentence(data, [found], {}, ({}, {}))
    assert "only 7000 yuan was paid out after fees" in text and "above 12.00%" in text


# -- stability ------------------------------------------------------------------------------

def test_the_same_case_always_gives_the_same_findings(cn, case):
    cn.calls("2026-03-02", 8)
    cn.message("2026-03-02T23:00:00", "爆你通讯录")
    first = [f.to_json("en") for f in evaluate(case)]
    assert first == [f.to_json("en") for f in evaluate(case)]
    assert {f["rule"] for f in first} == {"cn.daily-calls", "cn.redial", "cn.quiet-hours",
                                          "cn.threat-language"}
    for f in first:
        assert f["citation"] and f["title"] and f["status"] in ("verified", "secondary",
                                                                "uncertain")


# -- United States ----------------------------------------------------------------------------

@pytest.fixture
def us(tmp_path):
    with Case.create(tmp_path / "us", timezone="America/New_York", profile="us") as us_case:
        set_party(us_case.db, "+12125550100", "US", role="collector", platform="Acme")
        yield Builder(us_case)


@pytest.mark.parametrize(("calls", "flagged"), [(7, False), (8, True)])
def test_seven_in_seven(us, calls, flagged):
    for i in range(calls):  # spread over the seven days 2026-03-01 to 2026-03-07
        us.call(f"2026-03-0{1 + i % 7}T1{i // 7}:00:00", "+12125550100")
    found = [f for f in evaluate(us.case) if f.rule.id == "us.7-in-7"]
    assert bool(found) == flagged
    if flagged:
        assert found[0].count == 8 and found[0].day == "2026-03-07"


def test_eight_calls_on_eight_days_are_never_eight_in_seven(us):
    for d in range(8):
        us.call(f"2026-03-0{1 + d}T10:00:00", "+12125550100")
    assert [f for f in evaluate(us.case) if f.rule.id == "us.7-in-7"] == []


def test_us_inconvenient_time_on_a_daylight_saving_day(us):
    # 2026-03-08: clocks go from 02:00 to 03:00 in New York
    # (calls from one number seconds apart would be one call in two exports: keep them apart)
    us.call("2026-03-08T07:59:59", "+12125550100")
    us.call("2026-03-08T08:00:05", "+12125550100")
    us.call("2026-03-08T20:59:50", "+12125550100")
    us.call("2026-03-08T21:00:00", "+12125550100")
    (f,) = [f for f in evaluate(us.case) if f.rule.id == "us.inconvenient-time"]
    assert f.day == "2026-03-08" and f.count == 2


def test_us_call_after_a_conversation(us):
    us.call("2026-03-02T10:00:00", "+12125550100", status="answered", duration=120.0)
    us.call("2026-03-08T10:00:00", "+12125550100")  # day 7: still within the 7 days
    us.call("2026-03-09T10:00:00", "+12125550100")  # day 8: allowed again
    found = [f for f in evaluate(us.case) if f.rule.id == "us.after-conversation"]
    assert [f.day for f in found] == ["2026-03-08"]


def test_local_time_is_right_on_both_sides_of_a_daylight_saving_change(us):
    for day in ("2026-03-07", "2026-03-08", "2026-03-09", "2026-10-31", "2026-11-01",
                "2026-11-02"):
        us.call(f"{day}T20:59:00", "+12125550100")  # allowed
        us.call(f"{day}T21:00:30", "+12125550100")  # inconvenient
        us.call(f"{day}T07:59:30", "+12125550100")  # inconvenient
    found = [f for f in evaluate(us.case) if f.rule.id == "us.inconvenient-time"]
    assert [(f.day, f.count) for f in found] == [
        ("2026-03-07", 2), ("2026-03-08", 2), ("2026-03-09", 2), ("2026-10-31", 2),
        ("2026-11-01", 2), ("2026-11-02", 2)]


def test_zone_offsets_find_each_transition():
    from evidence_logger.rules.zone import offsets

    ny = ZoneInfo("America/New_York")
    lo = int(datetime(2026, 1, 1, tzinfo=ny).timestamp() * 1000)
    hi = int(datetime(2026, 12, 31, tzinfo=ny).timestamp() * 1000)
    rows = offsets(ny, lo, hi)
    assert [r[1] // 3_600_000 for r in rows] == [-5, -4, -5]
    assert rows[1][0] == int(datetime(2026, 3, 8, 7, 0, tzinfo=ZoneInfo("UTC")).timestamp()
                             * 1000)
    assert offsets(ZoneInfo("Asia/Shanghai"), lo, hi)[1:] == []


@pytest.mark.parametrize(("lender", "severity"), [("bank", "note"), ("consumer-finance", "note"),
                                                  ("platform", "medium"), ("private", "medium"),
                                                  (None, "medium")])
def test_licensed_lenders_get_a_note_not_a_flag(case, lender, severity):
    add_debt(case.db, platform="某某借", principal="5000", annual_rate="24",
             contract_date="2025-06-01", lender_type=lender)
    (f,) = by_rule(case, "cn.excess-interest")
    assert f.severity == severity
