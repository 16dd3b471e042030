"""Joining observations into events: each call and message counted once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evidence_logger import timeline, timeline_near
from evidence_logger.db import transaction
from evidence_logger.records import CallRecord, MessageRecord
from evidence_logger.timeline import BATCH, EventSink

SH = ZoneInfo("Asia/Shanghai")
T0 = int(datetime(2026, 3, 2, 11, 20, tzinfo=SH).timestamp() * 1000)
NUMBER = "17100000001"


def _evidence(case, sha, fmt="test"):
    return case.db.execute("INSERT INTO evidence (sha256, kind, format, name, size, owner, "
                           "imported_at_ms) VALUES (?, 'call-log', ?, ?, 1, 'self', 0)",
                           (sha, fmt, sha[:4])).lastrowid


def feed(case, sha, records, *, owner="self", source="log", fmt="test", defer=False):
    """``defer``: as an import does, the sink may write a large file out of order without
    events_at (timeline_index) and build it again at the end."""
    with transaction(case.db):
        evidence_id = _evidence(case, sha, fmt) if sha else None
        sink = EventSink(case.db, owner=owner, region="CN", evidence_id=evidence_id,
                         defer_index=defer)
        for rec in records:
            if isinstance(rec, MessageRecord):
                sink.add_message(rec)
            else:
                sink.add_call(rec, source=source)
        sink.finish()
    return sink


def has_time_index(case) -> bool:
    return case.db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                           "name = 'events_at'").fetchone()[0] == 1


def call(offset_s=0, *, number=NUMBER, status="answered", direction="in", duration=30.0,
         precision=1, locator="call 1"):
    return CallRecord(locator, number, T0 + offset_s * 1000, direction, status, duration,
                      time_precision_s=precision)


def recording(offset_s=0, *, number=NUMBER, direction="unknown", duration=29.0, precision=1):
    return CallRecord("file name", number, T0 + offset_s * 1000, direction, "recorded", duration,
                      time_source="file-name", time_trust="medium", time_precision_s=precision)


def events(case):
    return case.db.execute("SELECT id, at_ms, direction, status, connected, duration, "
                           "(SELECT count(*) FROM observations o WHERE o.event_id = e.id) "
                           "FROM events e ORDER BY at_ms, id").fetchall()


SHA = [f"{n:064x}" for n in range(1, 10)]


def test_the_same_call_in_two_exports_is_one_event(case):
    feed(case, SHA[0], [call(0), call(600, locator="call 2")])
    second = feed(case, SHA[1], [call(1, number="+86 171-0000-0001"), call(600)])
    assert second.added == 0 and second.joined == 2
    rows = events(case)
    assert len(rows) == 2 and all(r[6] == 2 for r in rows)


def test_calls_in_one_file_are_only_joined_when_identical(case):
    sink = feed(case, SHA[0], [call(0), call(1, locator="call 2"), call(0, locator="call 3")])
    assert sink.added == 2 and sink.joined == 1


@pytest.mark.parametrize(("offset", "joined"), [(0, True), (2, True), (3, False), (-3, False)])
def test_log_tolerance(case, offset, joined):
    feed(case, SHA[0], [call(0)])
    sink = feed(case, SHA[1], [call(offset)])
    assert sink.joined == int(joined)


def test_minute_precision_widens_the_window(case):
    feed(case, SHA[0], [call(35)])
    sink = feed(case, SHA[1], [call(0, precision=60)])
    assert sink.joined == 1


def test_direction_must_agree_between_logs(case):
    feed(case, SHA[0], [call(0)])
    sink = feed(case, SHA[1], [call(0, direction="out", status="outgoing")])
    assert sink.added == 1


@pytest.mark.parametrize("log_first", [True, False])
def test_a_recording_joins_its_logged_call_whatever_the_order(case, log_first):
    log_rows = [call(0, status="missed", duration=0, locator="call 1"),
                call(300, duration=95.0, locator="call 2")]  # the recording is of this call
    rec = [recording(318)]
    if log_first:
        feed(case, SHA[0], log_rows)
        feed(case, SHA[1], rec, source="recording")
    else:
        feed(case, SHA[1], rec, source="recording")
        feed(case, SHA[0], log_rows)
    rows = events(case)
    assert len(rows) == 2
    missed, answered = rows
    assert missed[3] == "missed" and missed[4] == 0 and missed[6] == 1
    assert answered[1] == T0 + 300_000  # the log's time wins
    assert answered[2] == "in" and answered[3] == "answered" and answered[4] == 1
    assert answered[5] == 95.0 and answered[6] == 2


def test_a_recording_with_no_log_entry_is_a_call_of_its_own(case):
    sink = feed(case, SHA[0], [recording(0)], source="recording")
    assert sink.added == 1
    (row,) = events(case)
    assert row[2] == "unknown" and row[3] == "recorded" and row[4] == 1 and row[5] == 29.0


def test_a_recording_far_from_any_call_does_not_join(case):
    feed(case, SHA[0], [call(0)])
    sink = feed(case, SHA[1], [recording(1800)], source="recording")
    assert sink.added == 1


def test_two_recordings_never_join_one_call(case):
    feed(case, SHA[0], [call(0, duration=60.0)])
    feed(case, SHA[1], [recording(5)], source="recording")
    sink = feed(case, SHA[2], [recording(20)], source="recording")
    assert sink.added == 1


def test_owner_separates_phones(case):
    feed(case, SHA[0], [call(0)])
    sink = feed(case, SHA[1], [call(0)], owner="+8613800138000")
    assert sink.added == 1


def test_messages_join_on_text(case):
    m = MessageRecord("sms 1", NUMBER, T0, "in", "请尽快还款")
    feed(case, SHA[0], [m])
    same = feed(case, SHA[1], [MessageRecord("sms 9", "+8617100000001", T0 + 1000, "in",
                                             "请尽快还款")])
    other = feed(case, SHA[2], [MessageRecord("sms 3", NUMBER, T0, "in", "另一条")])
    assert same.joined == 1 and other.added == 1


def test_manual_calls_are_kept_apart_and_not_doubled(case):
    feed(case, SHA[0], [call(0)])
    with transaction(case.db):
        sink = EventSink(case.db, owner="self", region="CN", evidence_id=None)
        sink.add_manual_call(number=NUMBER, at_ms=T0, direction="in", duration=None,
                             note="打给了我妈")
        sink.add_manual_call(number=NUMBER, at_ms=T0, direction="in", duration=None,
                             note="打给了我妈")
        sink.flush()
    assert sink.added == 1 and sink.joined == 1
    note = case.db.execute("SELECT note FROM events WHERE note IS NOT NULL").fetchone()[0]
    assert note == "打给了我妈"


def test_batches_larger_than_one_flush_still_join(case):
    rows = [call(i * 10, locator=f"call {i}") for i in range(BATCH * 2 + 5)]
    feed(case, SHA[0], rows)
    sink = feed(case, SHA[1], list(reversed(rows)))
    assert sink.joined == len(rows) and sink.added == 0
    assert case.db.execute("SELECT count(*) FROM events").fetchone()[0] == len(rows)


# -- order of rows --------------------------------------------------------------------------

PARTIES = [f"1710000{n:04d}" for n in range(23)]


def _files(seed=7):
    """Three exports of one phone, with every kind of join: a call log, a second call log
    that repeats part of it a second off (and adds calls and a wrong direction), recordings of
    isolated answered calls, and messages in two exports (same text, a second apart)."""
    import random

    rng = random.Random(seed)
    first, second, recordings, carrier = [], [], [], []
    last_at: dict[str, int] = {}
    for i in range(BATCH * 2 + 700):
        number = rng.choice(PARTIES)
        at = i * 41 + rng.randint(-5, 5)
        status = rng.choice(("answered", "missed", "outgoing", "rejected"))
        direction = "out" if status == "outgoing" else "in"
        duration = float(rng.randint(1, 300)) if status in ("answered", "outgoing") else 0.0
        rec = call(at, number=number, status=status, direction=direction, duration=duration,
                   locator=f"call {i}")
        first.append(rec)
        if i % 97 == 0:
            first.append(rec)  # the same row twice in one file: one call
        roll = rng.random()
        if roll < 0.4:  # the same call in the second export, a second off
            second.append(call(at + 1, number=number, status=status, direction=direction,
                               duration=duration, locator=f"row {i}"))
        elif roll < 0.45:  # a different direction: another call
            second.append(call(at + 1, number=number, status="outgoing", direction="out",
                               duration=12.0, locator=f"row {i}"))
        gap = at - last_at.get(number, -10**6)
        last_at[number] = at
        if status == "answered" and gap > 600 and roll > 0.8 and i % 5 == 0:
            recordings.append(recording(at + 7, number=number, duration=duration - 1))
        elif status in ("answered", "outgoing") and duration and gap > 600 and i % 3 == 0:
            # the carrier's bill: from the connection, its own clock, whole seconds
            carrier.append(CallRecord(f"bill row {i}", number, T0 + (at + 15) * 1000,
                                      direction, "answered" if direction == "in" else "outgoing",
                                      duration - 2, time_source="carrier",
                                      time_trust="strong"))
    second.append(call(10**6, number=PARTIES[0], locator="row late"))
    messages_a = [MessageRecord(f"sms {i}", rng.choice(PARTIES), T0 + i * 53_000,
                                rng.choice(("in", "out")), f"还款提醒 {i % 40}")
                  for i in range(BATCH + 300)]
    messages_b = [MessageRecord(f"sms {i}", m.number, m.at_ms + 1_000, m.direction, m.text)
                  for i, m in enumerate(messages_a) if i % 3 == 0]
    messages_a.append(messages_a[5])  # the same message twice in one export: one message
    return first, second, recordings, (messages_a, messages_b), carrier


def _timeline(case):
    """Every event with the number and what its observations say, ids left out."""
    rows = case.db.execute(
        "SELECT e.kind, p.number, e.at_ms, e.direction, e.status, e.connected, e.duration, "
        "e.text, (SELECT group_concat(x, '|') FROM (SELECT o.source || ' ' || o.locator || ' ' "
        "|| o.at_ms AS x FROM observations o WHERE o.event_id = e.id ORDER BY x)) "
        "FROM events e JOIN parties p ON p.id = e.party_id").fetchall()
    return sorted(rows, key=repr)


def _import_in_order(case, order, defer=False):
    import random

    rng = random.Random(11)
    first, second, recordings, messages, carrier = _files()

    def arrange(rows):
        rows = list(rows)
        if order == "shuffled":
            rng.shuffle(rows)
        elif order == "newest-first":
            rows.reverse()
        return rows

    first_sink = feed(case, SHA[0], arrange(first), defer=defer)
    # a shuffled file into an empty case: written without events_at when the sink may
    assert first_sink.without_index == (defer and order == "shuffled")
    feed(case, SHA[1], arrange(second), defer=defer)
    feed(case, SHA[4], arrange(carrier), source="carrier", fmt="carrier-calls", defer=defer)
    for n, rec in enumerate(arrange(recordings)):
        feed(case, f"{n + 100:064x}", [rec], source="recording", defer=defer)
    feed(case, SHA[2], arrange(messages[0]), defer=defer)
    feed(case, SHA[3], arrange(messages[1]), defer=defer)
    assert has_time_index(case)
    return _timeline(case)


@pytest.mark.parametrize("defer", [False, True])
@pytest.mark.parametrize("order", ["shuffled", "newest-first"])
def test_rows_in_any_order_give_exactly_the_same_events(tmp_path, order, defer):
    from evidence_logger.case import Case

    sorted_case = Case.create(tmp_path / "sorted", timezone="Asia/Shanghai")
    other_case = Case.create(tmp_path / order, timezone="Asia/Shanghai")
    expected = _import_in_order(sorted_case, "oldest-first")
    kinds = [row[0] for row in expected]
    joined = [row for row in expected if "|" in (row[8] or "")]
    # the input has every kind of join, so the comparison means something
    assert kinds.count("message") and kinds.count("call")
    assert any(row[8].count("recording") for row in joined)
    assert any(row[8].count("row ") for row in joined)
    assert any(row[8].count("bill row") for row in joined)
    assert any(row[0] == "message" for row in joined)
    assert _import_in_order(other_case, order, defer) == expected
    sorted_case.close()
    other_case.close()


@pytest.mark.parametrize("defer", [False, True])
@pytest.mark.parametrize("order", ["shuffled", "newest-first"])
def test_a_large_file_past_the_case_s_events_gives_the_same_events_in_any_order(tmp_path,
                                                                                  order, defer):
    """The case holds events of the file's first third only (recordings, which the file's
    entries move, and a second export): records past them can meet only the file's own
    events, which the sink's filter of its own writes answers for - or, when the sink may
    write without events_at, its index in memory of the case's events and its own."""
    import random

    from evidence_logger.case import Case

    first, second, recordings, _, _ = _files(seed=5)
    cut = first[len(first) // 3].at_ms

    def timeline_of(folder, arrange):
        case = Case.create(tmp_path / folder, timezone="Asia/Shanghai")
        for n, rec in enumerate(r for r in recordings if r.at_ms < cut):
            feed(case, f"{n + 100:064x}", [rec], source="recording")
        feed(case, SHA[1], [r for r in second if r.at_ms < cut])
        sink = feed(case, SHA[0], arrange(list(first)), defer=defer)
        assert has_time_index(case)
        found = _timeline(case)
        case.close()
        return found, sink

    def arrange(rows):
        if order == "shuffled":
            random.Random(3).shuffle(rows)
            return rows
        return rows[::-1]

    expected, _ = timeline_of("sorted", lambda rows: rows)
    arranged, sink = timeline_of(order, arrange)
    assert arranged == expected
    if defer:  # written without events_at, asked the index in memory instead
        assert sink.without_index and sink.seen is None and sink.index is None
    else:  # records past the case's events asked the filter
        assert sink.seen is not None and not sink.without_index
    assert any("recording" in (row[8] or "") and "call " in row[8] for row in expected)
    assert sink.joined > 0


def _spread_case(case, parties=40, days=200):
    """A case with two calls of each party 60 s apart at 10:00 on each of ``days`` days."""
    day = 86_400
    rows = [call(d * day + k * 60, number=f"1710100{p:04d}", locator=f"call {d} {p} {k}")
            for d in range(days) for p in range(parties) for k in (0, 1)]
    feed(case, SHA[0], rows)
    return day


def test_the_matcher_reads_only_the_events_near_each_record_whatever_the_spread(case):
    day = _spread_case(case)
    # one record per party, all on one day; then one per party, each on another day
    narrow = [call(100 * day + 1, number=f"1710100{p:04d}", locator=f"n {p}")
              for p in range(40)]
    spread = [call(p * 5 * day + 1, number=f"1710100{p:04d}", locator=f"s {p}")
              for p in range(40)]
    first = feed(case, SHA[1], narrow)
    second = feed(case, SHA[2], spread)
    # each record joins its call and looks at just its party's two calls within reach
    assert first.joined == second.joined == 40
    assert first.candidates == second.candidates == 80


def test_the_matcher_looks_events_up_by_party_and_time(case):
    feed(case, SHA[0], [call(0)])
    assert feed(case, SHA[1], [call(1)]).candidates == 1
    plan = " ".join(row[3] for row in case.db.execute(
        "EXPLAIN QUERY PLAN " + timeline_near.CANDIDATE + timeline_near.NEAR_EVENTS, ("self",)))
    assert "SEARCH e USING INDEX events_at (at_ms>? AND at_ms<?)" in plan


def test_a_page_cache_raised_for_an_import_is_put_back(case):
    from evidence_logger.db import page_cache_kept, raise_page_cache

    def cap():
        return case.db.execute("PRAGMA cache_size").fetchone()[0]

    before = cap()
    with page_cache_kept(case.db):
        raise_page_cache(case.db, 16 * 1024)
        assert cap() == -16 * 1024
        raise_page_cache(case.db, 1024)  # never lowered
        assert cap() == -16 * 1024
    assert cap() == before


# -- the split between the fast path and the matcher ----------------------------------------


def test_a_record_every_event_near_it_turns_down_is_written_fast_unless_a_join_is_near(case):
    """The sink's split: turned down by the events near it (a missed call of this file
    against a call-log event of another direction) -> the fast path; but within twice the
    reach of a record that joins an event, the matcher decides, in the batch's order."""
    feed(case, SHA[0], [call(0, direction="out", status="outgoing"), call(3_600)])
    with transaction(case.db):
        sink = EventSink(case.db, owner="self", region="CN", evidence_id=_evidence(case, SHA[1]))
        batch = [call(1, status="missed", duration=0.0, locator="a"),  # turned down
                 call(3_601, locator="b"),  # joins the call at 3,600 s
                 call(3_700, status="missed", duration=0.0, locator="c")]  # near b
        for rec in batch:
            sink.add_call(rec)
        pending = sink.pending
        fresh, rest = sink._split(pending, sink._load_lanes(pending))
        assert [o.rec.locator for o in fresh] == ["a"]
        assert [o.rec.locator for o in rest] == ["b", "c"]
        sink.flush()
    assert len(events(case)) == 4  # a and c are calls of their own, b joined


@pytest.mark.parametrize("defer", [False, True])
@pytest.mark.parametrize("order", ["oldest-first", "newest-first", "shuffled"])
@pytest.mark.parametrize("batch", [BATCH, 97])
def test_the_fast_path_gives_what_the_matcher_alone_gives(tmp_path, monkeypatch, order, batch,
                                                          defer):
    """Every kind of join, in every order and batch size: the split sends records the fast way
    only when the general matcher would have made each an event of its own (and so with the
    index in memory while events_at is built again at the end)."""
    from evidence_logger.case import Case

    monkeypatch.setattr(timeline, "BATCH", batch)
    monkeypatch.setattr(timeline, "_FILTER_FROM", max(1, batch // 16))  # as for a full batch
    fast = Case.create(tmp_path / "fast", timezone="Asia/Shanghai")
    found = _import_in_order(fast, order, defer)
    split = EventSink._split
    monkeypatch.setattr(EventSink, "_split", lambda self, batch, lanes: ([], batch))
    slow = Case.create(tmp_path / "slow", timezone="Asia/Shanghai")
    assert _import_in_order(slow, order) == found
    monkeypatch.setattr(EventSink, "_split", split)
    fast.close()
    slow.close()


# -- writing without events_at (timeline_index) ------------------------------------------------


def _shuffled_calls(count, seed=7):
    import random

    rows = [call(i * 40, number=f"1710200{i % 300:04d}", locator=f"call {i}")
            for i in range(count)]
    random.Random(seed).shuffle(rows)
    return rows


def test_a_case_with_many_events_keeps_its_index_and_asks_the_filter(case, monkeypatch):
    monkeypatch.setattr(timeline, "DEFER_INDEX_UP_TO", 10)
    feed(case, SHA[0], [call(-10**6 + i * 40, locator=f"old {i}") for i in range(11)])
    sink = feed(case, SHA[1], _shuffled_calls(BATCH * 3), defer=True)
    assert not sink.without_index and sink.seen is not None and has_time_index(case)


def test_a_failed_import_without_the_index_leaves_it_in_place(case):
    class Stop(Exception):
        pass

    before = events(case)
    with pytest.raises(Stop), transaction(case.db):
        sink = EventSink(case.db, owner="self", region="CN",
                         evidence_id=_evidence(case, SHA[0]), defer_index=True)
        for rec in _shuffled_calls(BATCH * 3):
            sink.add_call(rec)
        assert sink.without_index and not has_time_index(case)
        raise Stop  # before finish(): the drop goes back with the rest
    assert has_time_index(case) and events(case) == before
    assert case.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_index_built_again_is_the_schema_s(case):
    sql = case.db.execute("SELECT sql FROM sqlite_master WHERE name = 'events_at'").fetchone()
    sink = feed(case, SHA[0], _shuffled_calls(BATCH * 3), defer=True)
    assert sink.without_index
    assert case.db.execute("SELECT sql FROM sqlite_master WHERE name = 'events_at'"
                           ).fetchone() == sql
    assert case.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(events(case)) == BATCH * 3
