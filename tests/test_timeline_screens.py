"""What a screenshot shows joins what exports, logs and carriers say: one message, one call."""

from __future__ import annotations

from evidence_logger.db import transaction
from evidence_logger.matching import LISTED
from evidence_logger.records import CallRecord, MessageRecord
from evidence_logger.rules.engine import evaluate
from evidence_logger.timeline import EventSink
from tests.test_timeline import NUMBER, SHA, T0, call, events, feed


def shot(case, sha, records):
    """Feed ``records`` as read off the screenshot ``sha``."""
    with transaction(case.db):
        evidence_id = case.db.execute(
            "INSERT INTO evidence (sha256, kind, format, name, size, owner, imported_at_ms) "
            "VALUES (?, 'image', 'png', 'Screenshot.png', 1, 'self', 0)", (sha,)).lastrowid
        sink = EventSink(case.db, owner="self", region="CN", evidence_id=evidence_id)
        for rec in records:
            if isinstance(rec, MessageRecord):
                sink.add_message(rec, source="screenshot")
            else:
                sink.add_call(rec, source="screenshot")
        sink.flush()
    return sink


def bubble(text, offset_s=0, *, direction="in", precision=60, locator="line 5"):
    return MessageRecord(locator, NUMBER, T0 + offset_s * 1000, direction, text,
                         time_source="screen", time_trust="medium", time_precision_s=precision)


def row(offset_s=0, *, status=LISTED, direction="unknown", precision=60, locator="line 3"):
    return CallRecord(locator, NUMBER, T0 + offset_s * 1000, direction, status,
                      time_source="screen", time_trust="medium", time_precision_s=precision)


def sms(text, offset_s=0, direction="in"):
    return MessageRecord("sms 1", NUMBER, T0 + offset_s * 1000, direction, text)


def messages(case):
    return case.db.execute("SELECT at_ms, at_source, text, (SELECT group_concat(source) FROM "
                           "observations o WHERE o.event_id = e.id) FROM events e "
                           "WHERE kind = 'message' ORDER BY id").fetchall()


def test_a_message_read_off_a_screenshot_joins_the_same_sms_despite_ocr_noise(case):
    feed(case, SHA[0], [sms("再不还款，就联系你的家人和单位！", 17)])
    shot(case, SHA[1], [bubble("再不还款,就联系你的家人和单位 !")])  # minute shown: 17 s off
    assert messages(case) == [(T0 + 17_000, "log", "再不还款，就联系你的家人和单位！",
                               "messages,screenshot")]


def test_the_export_imported_after_the_screenshot_takes_over_time_and_text(case):
    shot(case, SHA[1], [bubble("我们是法院的，明天上门")])
    feed(case, SHA[0], [sms("我们是法院的，明天上门。", 42)])
    assert messages(case) == [(T0 + 42_000, "log", "我们是法院的，明天上门。",
                               "screenshot,messages")]
    precision = case.db.execute("SELECT at_precision_s FROM events").fetchone()[0]
    assert precision == 1


def test_other_words_or_the_other_side_are_other_messages(case):
    feed(case, SHA[0], [sms("今天必须还款", 0)])
    shot(case, SHA[1], [bubble("今天必须还清全部欠款"), bubble("今天必须还款", direction="out",
                                                            locator="line 7")])
    assert len(messages(case)) == 3


def test_two_alike_bubbles_of_one_screenshot_are_two_messages(case):
    shot(case, SHA[1], [bubble("还钱"), bubble("还钱", locator="line 9")])
    assert len(messages(case)) == 2


def test_the_same_bubble_in_two_overlapping_screenshots_is_one_message(case):
    shot(case, SHA[1], [bubble("再不还款就起诉你")])
    shot(case, SHA[2], [bubble("再不还款就起诉你")])
    assert len(messages(case)) == 1


def test_a_red_row_joins_the_logged_missed_call_and_the_log_keeps_its_time(case):
    feed(case, SHA[0], [call(25, status="missed", duration=0)])
    shot(case, SHA[1], [row(0, status="missed", direction="in")])
    assert [e[1:6] for e in events(case)] == [(T0 + 25_000, "in", "missed", 0, 0)]


def test_a_row_never_joins_a_call_of_the_other_outcome(case):
    feed(case, SHA[0], [call(25, status="answered", duration=40.0)])
    shot(case, SHA[1], [row(0, status="missed", direction="in")])
    assert len(events(case)) == 2


def test_a_row_without_outcome_is_neither_answered_nor_unanswered(case):
    shot(case, SHA[1], [row(0)])
    assert events(case)[0][2:5] == ("unknown", LISTED, None)
    feed(case, SHA[0], [call(30, status="missed", duration=0)])  # the log then says
    assert [e[2:5] for e in events(case)] == [("in", "missed", 0)]


def test_a_group_of_alike_rows_stays_that_many_calls(case):
    shot(case, SHA[1], [row(0, status="missed", direction="in", locator=f"line 3 (call {n})")
                        for n in (1, 2, 3)])
    assert len(events(case)) == 3


def test_calls_shown_by_day_only_count_per_day_unless_a_log_covers_that_day(case):
    from evidence_logger.parties import set_party

    set_party(case.db, NUMBER, "CN", role="collector", platform="速借")
    # four calls of one day, shown as "昨天": the day's noon, give or take twelve hours
    noon = T0 + 40 * 60_000
    shot(case, SHA[1], [CallRecord(f"line {n}", NUMBER, noon, "in", "missed",
                                   time_source="screen", time_trust="medium",
                                   time_precision_s=43_200) for n in range(4)])
    daily = [f for f in evaluate(case) if f.rule.check == "daily-calls"]
    assert [f.count for f in daily] == [4]
    assert not [f for f in evaluate(case) if f.rule.check == "quiet-hours"]
    # the phone's log of that day arrives: the day-only rows may be the same calls
    feed(case, SHA[0], [call(n * 600, status="missed", duration=0, locator=f"call {n}")
                        for n in range(5)])
    daily = [f for f in evaluate(case) if f.rule.check == "daily-calls"]
    assert [f.count for f in daily] == [5]


def test_a_threat_from_an_unmarked_name_is_a_note_until_it_is_marked(case):
    from evidence_logger.parties import set_party
    from evidence_logger.report.data import gather

    name = "速借金融-催收"
    rec = MessageRecord("lines 5-6", name, T0, "in", "再不还款就联系你的家人和单位",
                        time_source="screen", time_trust="medium", time_precision_s=60)
    shot(case, SHA[1], [rec])
    (note,) = [f for f in evaluate(case) if f.rule.check == "lexicon"]
    assert note.severity == "note" and note.details["unmarked_party"] and note.number == name
    data = gather(case, lang="zh", start=None, end=None)
    assert not [f for f in data.findings if f.rule.check == "lexicon"]
    set_party(case.db, name, "CN", role="collector", platform="速借")
    (flag,) = [f for f in evaluate(case) if f.rule.check == "lexicon"]
    assert flag.severity == "high" and not flag.details["unmarked_party"]
