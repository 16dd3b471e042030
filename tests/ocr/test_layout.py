"""The layout reader on hand-built pages (no engine): kinds, apps, counterparts, bubbles,
directions, times, call rows, roles; at 1080x2400 and at half that scale."""

from __future__ import annotations

from datetime import datetime

from PIL import Image, ImageDraw

from evidence_logger.demo.screenshots import font
from evidence_logger.ocr import stamps
from evidence_logger.ocr.layout import read_screen
from evidence_logger.ocr.page import Box, OcrLine, PageText
from evidence_logger.ocr.stamps import how_text

CAPTURED = datetime(2026, 10, 14, 10, 40)  # a Wednesday
Spec = tuple[str, int, int, int, int]


def page(specs: list[Spec], size: tuple[int, int] = (1080, 2400), scale: float = 1.0,
         ) -> PageText:
    lines = tuple(OcrLine(text, Box(*(round(v * scale) for v in edges)), 0.99)
                  for text, *edges in specs)
    return PageText(round(size[0] * scale), round(size[1] * scale), lines)


SMS: list[Spec] = [
    ("10:40", 41, 24, 145, 73),  # the status bar's clock: the capture, not a message
    ("5G", 817, 17, 1041, 74),
    ("く", 43, 144, 90, 198),
    ("+86 138 0013 8000", 122, 144, 560, 201),
    ("中国·手机号码", 122, 206, 371, 252),
    ("您好，您的借款已逾期", 58, 1000, 715, 1049),  # no time above it
    ("昨天21：03", 453, 1100, 628, 1145),
    ("您好，您在速借金融的借款已逾", 58, 1191, 715, 1249),
    ("期15天，请尽快还款。", 60, 1260, 506, 1311),
    ("你们的利息太高了，年化超过36", 360, 1386, 1022, 1443),
    ("%", 354, 1450, 418, 1500),  # a sent bubble's short last line: alone, it leans left
    ("好", 938, 1560, 990, 1610),  # a short sent bubble: its left edge past the middle
    ("1O:32", 489, 1640, 593, 1685),  # O read for 0
    ("再不还款就联系你的家人和单位", 60, 1730, 715, 1784),
    ("嗯", 90, 1840, 140, 1890),  # a short received bubble
    ("我们是法院的，明天上门", 60, 1930, 581, 1986),
    ("短信", 74, 2280, 196, 2356),
]


def check_sms(specs: list[Spec], scale: float) -> None:
    reading = read_screen(page(specs, scale=scale), None, CAPTURED)
    assert (reading.kind, reading.app) == ("chat", "sms")
    assert reading.counterpart is not None
    assert (reading.counterpart.number, reading.counterpart.name) == ("+8613800138000", None)
    assert reading.counterpart.line == 3
    got = [(m.direction, m.text) for m in reading.messages]
    assert got == [
        ("in", "您好，您的借款已逾期"),
        ("in", "您好，您在速借金融的借款已逾期15天，请尽快还款。"),
        ("out", "你们的利息太高了，年化超过36%"), ("out", "好"),
        ("in", "再不还款就联系你的家人和单位"), ("in", "嗯"), ("in", "我们是法院的，明天上门")]
    assert reading.messages[1].lines == (7, 8)
    times = [m.time for m in reading.messages]
    assert all(t is not None for t in times)
    first = times[0]
    assert first is not None
    assert (first.at, first.precision_s, first.how) == (
        datetime(2026, 10, 13, 21, 3), 86400, stamps.HOW_BEFORE_STAMP)
    assert [t.at for t in times[1:] if t] == [datetime(2026, 10, 13, 21, 3)] * 3 + [
        datetime(2026, 10, 14, 10, 32)] * 3
    assert [t.line for t in times[1:] if t] == [6] * 3 + [12] * 3
    assert all(t.precision_s == 60 and t.relative for t in times[1:] if t)
    assert "昨天21：03" in how_text(times[1] or first)
    assert reading.roles == {0: "status-bar", 1: "status-bar", 2: "chrome", 3: "header",
                             4: "chrome", 5: "message", 6: "time", 7: "message", 8: "message",
                             9: "message", 10: "message", 11: "message", 12: "time",
                             13: "message", 14: "message", 15: "message", 16: "chrome"}


def test_sms_chat() -> None:
    check_sms(SMS, 1.0)


def test_sms_chat_at_half_size() -> None:
    check_sms(SMS, 0.5)


def test_no_capture_time_and_no_separator_gives_no_time() -> None:
    specs = [s for s in SMS if s[0] not in ("昨天21：03", "1O:32")]
    reading = read_screen(page(specs), None, None)
    assert reading.kind == "chat"
    assert [m.time for m in reading.messages] == [None] * 7
    reading = read_screen(page(specs), None, CAPTURED)
    assert {(m.time.at, m.time.how) for m in reading.messages if m.time} == {
        (CAPTURED, stamps.HOW_BEFORE_CAPTURE)}


WECHAT: list[Spec] = [
    ("10:40", 41, 24, 145, 73),
    ("√", 38, 144, 76, 204),  # the back arrow, misread
    ("速借金融-催收", 374, 140, 706, 202),
    ("星期二 09:15", 440, 1094, 640, 1138),
    ("您好，您在速借金融的借款已", 186, 1190, 817, 1247),
    ("逾期15天，请尽快还款。", 186, 1256, 698, 1312),
    ("我下周发工资就还", 500, 1404, 897, 1460),
    ("10:10", 489, 1997, 593, 2043),
    ("再不还款就联系你的家人和单", 183, 2040, 817, 2098),
    ("位", 180, 2102, 250, 2172),
    ("好", 814, 2180, 909, 2225),  # just above the input bar
]


def test_wechat_chat() -> None:
    reading = read_screen(page(WECHAT), None, CAPTURED)
    assert (reading.kind, reading.app) == ("chat", "wechat")
    assert reading.counterpart is not None
    assert (reading.counterpart.number, reading.counterpart.name) == (None, "速借金融-催收")
    assert [(m.direction, m.text) for m in reading.messages] == [
        ("in", "您好，您在速借金融的借款已逾期15天，请尽快还款。"), ("out", "我下周发工资就还"),
        ("in", "再不还款就联系你的家人和单位"), ("out", "好")]
    assert [m.time.at for m in reading.messages if m.time] == [
        datetime(2026, 10, 13, 9, 15)] * 2 + [datetime(2026, 10, 14, 10, 10)] * 2


def test_a_centred_title_is_a_lender_app_on_a_white_page_and_wechat_on_grey() -> None:
    specs = [(("在线客服" if s[0] == "速借金融-催收" else s[0]), *s[1:]) for s in WECHAT]
    white = Image.new("RGB", (1080, 2400), "white")
    grey = Image.new("RGB", (1080, 2400), (237, 237, 237))
    assert read_screen(page(specs), white, CAPTURED).app == "lender"
    assert read_screen(page(specs), grey, CAPTURED).app == "wechat"
    assert read_screen(page(WECHAT), white, CAPTURED).app == "wechat"


def test_sms_header_with_a_name_and_the_number_under_it() -> None:
    specs = [("张经理" if s[0] == "+86 138 0013 8000" else
              "138 0013 8000" if s[0] == "中国·手机号码" else s[0], *s[1:]) for s in SMS]
    reading = read_screen(page(specs), None, CAPTURED)
    assert reading.counterpart is not None
    assert (reading.counterpart.name, reading.counterpart.number) == ("张经理", "13800138000")


CALLS: list[Spec] = [
    ("10:40", 41, 24, 145, 73),
    ("通话记录", 45, 137, 327, 224),
    ("搜索联系人", 101, 270, 297, 321),
    ("138 0013 8000 (3)", 51, 414, 463, 483),
    ("10:20", 838, 452, 939, 498),
    ("广东深圳", 53, 488, 212, 540),
    ("张三", 48, 604, 169, 675),
    ("O7:4O", 838, 644, 939, 690),
    ("广东深圳 呼出", 51, 679, 312, 729),
    ("021 8888 6666", 53, 801, 395, 856),
    ("(2)", 410, 801, 470, 856),  # the count read as a line of its own
    ("昨天", 853, 831, 939, 881),
    ("广东深圳 未接", 46, 862, 352, 921),
    ("95588", 51, 988, 206, 1048),
    ("星期日", 821, 1020, 938, 1073),
    ("北京", 53, 1057, 212, 1110),
    ("139 1234 5678", 53, 1179, 463, 1241),
    ("09-14", 837, 1213, 939, 1260),
    ("电话", 141, 2312, 223, 2360),
    ("联系人", 480, 2310, 600, 2362),
]


def _red_text_image(specs: list[Spec], red: set[str]) -> Image.Image:
    image = Image.new("RGB", (1080, 2400), "white")
    draw = ImageDraw.Draw(image)
    for text, left, top, _right, _bottom in specs:
        fill = (228, 46, 46) if text in red else (25, 25, 25)
        draw.text((left + 2, top + 2), text, font=font(44), fill=fill)
    return image


def test_call_list() -> None:
    image = _red_text_image(CALLS, {"138 0013 8000 (3)", "139 1234 5678"})
    reading = read_screen(page(CALLS), image, CAPTURED)
    assert (reading.kind, reading.app) == ("call-list", "dialer")
    got = [(c.line, c.number, c.name, c.count, c.status, c.direction) for c in reading.calls]
    assert got == [
        (3, "13800138000", None, 3, "missed", "in"),
        (6, None, "张三", 1, "outgoing", "out"),
        (9, "02188886666", None, 2, "missed", "in"),
        (13, "95588", None, 1, None, None),
        (16, "13912345678", None, 1, "missed", "in")]
    times = [c.time for c in reading.calls]
    assert [(t.at, t.precision_s) for t in times if t] == [
        (datetime(2026, 10, 14, 10, 20), 60), (datetime(2026, 10, 14, 7, 40), 60),
        (datetime(2026, 10, 13), 86400), (datetime(2026, 10, 11), 86400),
        (datetime(2026, 9, 14), 86400)]
    assert all(t and t.line is not None and "its row" in how_text(t) for t in times)
    assert reading.roles[1] == "header" and reading.roles[0] == "status-bar"
    assert reading.roles[4] == reading.roles[7] == "time"
    assert reading.roles[3] == reading.roles[10] == "call"
    assert reading.roles[18] == "chrome"


def test_call_list_without_the_image_says_no_status() -> None:
    reading = read_screen(page(CALLS), None, CAPTURED)
    assert [c.status for c in reading.calls] == [None, "outgoing", "missed", None, None]


def test_a_form_is_other() -> None:
    specs: list[Spec] = [
        ("10:40", 41, 24, 145, 73),
        ("借款详情", 400, 140, 680, 202),
        ("借款金额", 60, 400, 260, 450), ("5,000.00元", 760, 400, 1020, 450),
        ("应还日期", 60, 500, 260, 550), ("2026-10-20", 760, 500, 1020, 550),
        ("逾期天数", 60, 600, 260, 650), ("15天", 900, 600, 1020, 650),
        ("逾期费用", 60, 700, 260, 750), ("326.50元", 800, 700, 1020, 750),
    ]
    reading = read_screen(page(specs), None, CAPTURED)
    assert reading.kind == "other"
    assert reading.messages == [] and reading.calls == []
    assert reading.roles[0] == "status-bar"
    assert set(list(reading.roles.values())[1:]) == {"text"}


def test_an_empty_page_is_other() -> None:
    reading = read_screen(PageText(1080, 2400, ()), None, None)
    assert (reading.kind, reading.roles) == ("other", {})


def test_a_bubbles_own_small_time_beside_or_under_it() -> None:
    specs: list[Spec] = [
        ("10:40", 41, 24, 145, 73),
        ("138 0013 8000", 122, 144, 489, 201),
        ("昨天 21:03", 453, 1100, 628, 1145),
        ("再不还款就联系你的家人和单位", 60, 1200, 715, 1254),
        ("21:05", 740, 1215, 820, 1250),  # beside the last line, smaller
        ("我们是法院的", 60, 1400, 400, 1454),
        ("21:30", 60, 1470, 140, 1500),  # under the bubble, smaller
        ("好", 938, 1600, 990, 1654),
    ]
    reading = read_screen(page(specs), None, CAPTURED)
    assert [(m.direction, m.text) for m in reading.messages] == [
        ("in", "再不还款就联系你的家人和单位"), ("in", "我们是法院的"), ("out", "好")]
    assert [m.time.at for m in reading.messages if m.time] == [
        datetime(2026, 10, 13, 21, 5), datetime(2026, 10, 13, 21, 30),
        datetime(2026, 10, 13, 21, 3)]
    first = reading.messages[0].time
    assert first is not None and first.line == 4 and "beside it" in how_text(first)
    assert reading.roles[4] == reading.roles[6] == "time"


def test_wechat_title_is_the_centred_line_not_the_unread_count() -> None:
    specs = [("(12)", 70, 140, 160, 205), *WECHAT]
    reading = read_screen(page(sorted(specs, key=lambda s: (s[2] + s[4], s[1]))), None,
                          CAPTURED)
    assert reading.counterpart is not None
    assert reading.counterpart.name == "速借金融-催收"


def test_separators_make_a_chat_even_with_times_at_the_right() -> None:
    specs: list[Spec] = [
        ("10:40", 41, 24, 145, 73),
        ("张经理", 122, 144, 400, 201),
        ("星期二 09:15", 440, 1094, 640, 1138),
        ("还款了吗", 60, 1200, 400, 1254), ("09:15", 880, 1205, 960, 1250),
        ("在吗", 60, 1400, 300, 1454), ("09:16", 880, 1405, 960, 1450),
        ("说话", 60, 1600, 300, 1654), ("09:17", 880, 1605, 960, 1650),
    ]
    assert read_screen(page(specs), None, CAPTURED).kind == "chat"
