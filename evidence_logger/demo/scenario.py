"""The sample case's story, as data: who calls whom, what they write, what the borrower owes.

A week in October 2026 (Asia/Shanghai) of borrower 李明, harassed by two fictitious lending
platforms, 闪电借 and 速贷宝, whose collectors also reach his mother 王秀兰. Every number is in
the 170/171 virtual ranges (or a made-up 106 sender) and every name is invented. Times are the
phones' local wall-clock times; the exporters turn them into what each tool writes.

The facts are chosen so that the ``cn`` profile finds each kind of violation a known number of
times (see ``tests/demo``): too many calls a day, redialling, night contact, a relative
contacted with the debt disclosed, threats, impersonation, interest above the cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

TIMEZONE = "Asia/Shanghai"

BORROWER = "17000000100"  # 李明
BORROWER_NAME = "李明"
MOTHER = "17000000101"  # 王秀兰, on whose phone collectors also call
MOTHER_NAME = "王秀兰"
FRIEND = "17000000202"  # 张伟, a colleague
AUNT = "17000000303"  # an aunt, left unmarked as a user would
SCAM_AGENT = "17000000888"  # a "credit repair" agent who texts out of the blue, left unmarked
SHANDIAN = "闪电借"
SUDAI = "速贷宝"
# a 速贷宝 collector who writes on WeChat: known only by the name his chat's header shows
WECHAT_COLLECTOR = "速贷宝-贷后专员小刘"
COLLECTORS: dict[str, str] = {  # number (or WeChat name) -> platform (what only the borrower knows)
    "17100001001": SHANDIAN, "17100001002": SHANDIAN, "17100001003": SHANDIAN,
    "17100002001": SUDAI, "17100002002": SUDAI, "10690000888": SUDAI, WECHAT_COLLECTOR: SUDAI,
}
THIRD_PARTIES: dict[str, tuple[str, str]] = {  # number -> (relation, name)
    MOTHER: ("母亲", MOTHER_NAME), FRIEND: ("同事", "张伟"),
}


def at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    """A local time in October 2026."""
    return datetime(2026, 10, day, hour, minute, second)


@dataclass(frozen=True, slots=True)
class Call:
    """One call in a phone's log. ``kind``: in (answered), out, missed, rejected, blocked.
    ``recording``: how the phone names its recording of the call (miui, huawei), if any."""

    at: datetime
    number: str
    kind: str
    duration: int = 0
    contact: str | None = None
    recording: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One SMS; ``sent`` when the phone's owner wrote it."""

    at: datetime
    number: str
    text: str
    sent: bool = False
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class Screenshot:
    """A screenshot of a message thread; ``exif`` says whether the phone wrote EXIF times
    (stock Android PNG) or only put the time in the name (MIUI JPEG)."""

    at: datetime
    number: str
    exif: bool


@dataclass(frozen=True, slots=True)
class Debt:
    platform: str
    principal: str
    annual_rate: str
    contract_date: str
    lender_type: str
    note: str
    # the rest of the debt, whole (see demo/way_out.py for its schedule and negotiations)
    lender: str | None = None
    funder: str | None = None
    received: str | None = None
    fees: str | None = None
    reported: str = "unknown"
    instalments: int = 0  # an equal-instalment schedule of this many months, from first_due
    first_due: str | None = None
    paid_instalments: int = 0


@dataclass(frozen=True, slots=True)
class EnteredCall:
    """A call the borrower remembers but no file shows (the log was cleared that day)."""

    at: datetime
    number: str
    duration: float
    note: str


def _burst(number: str, day: int, times: list[tuple[int, int, str]]) -> list[Call]:
    return [Call(at(day, h, m), number, kind) for h, m, kind in times]


# -- the borrower's phone (Xiaomi: MIUI recordings, SMS Backup & Restore, screenshots) -----

BORROWER_CALLS: list[Call] = [
    # 10-12: the first calls
    Call(at(12, 9, 15, 20), "17100001001", "in", 45, recording="miui"),
    Call(at(12, 14, 30, 5), MOTHER, "in", 180, contact="妈妈", recording="miui"),
    Call(at(12, 16, 0, 40), "17100002001", "missed"),
    # 10-13: 闪电借 calls five times, once at 22:30
    Call(at(13, 8, 40, 11), "17100001001", "missed"),
    Call(at(13, 10, 5, 2), "17100001002", "rejected"),
    Call(at(13, 13, 20, 30), "17100001001", "in", 62, recording="miui"),
    Call(at(13, 18, 45, 9), "17100001003", "missed"),
    Call(at(13, 20, 0, 0), FRIEND, "out", 300, contact="张伟"),
    Call(at(13, 22, 30, 44), "17100001002", "in", 30),
    # 10-14: 速贷宝 calls four times
    Call(at(14, 9, 5, 0), "17100002001", "missed"),
    Call(at(14, 9, 50, 31), "17100002002", "missed"),
    Call(at(14, 11, 30, 15), "17100002001", "in", 48, recording="miui"),
    Call(at(14, 12, 0, 0), MOTHER, "out", 240, contact="妈妈"),
    Call(at(14, 15, 10, 27), "17100002002", "rejected"),
    # 10-15: 速贷宝 at 06:50, 闪电借 four times
    Call(at(15, 6, 50, 3), "17100002002", "missed"),
    Call(at(15, 9, 0, 12), "17100001003", "missed"),
    Call(at(15, 10, 30, 40), "17100001001", "missed"),
    Call(at(15, 12, 15, 8), "17100001002", "in", 20),
    Call(at(15, 17, 40, 55), "17100001003", "missed"),
    # 10-16: one 速贷宝 number redials seven times in two hours
    *_burst("17100002002", 16, [(9, 0, "missed"), (9, 20, "rejected"), (9, 40, "missed"),
                                (10, 0, "missed"), (10, 20, "rejected"), (10, 40, "missed"),
                                (11, 0, "blocked")]),
    # ordinary life
    Call(at(16, 18, 30, 0), FRIEND, "in", 95, contact="张伟"),
    Call(at(17, 19, 30, 0), MOTHER, "in", 600, contact="妈妈"),
    Call(at(18, 10, 0, 0), AUNT, "in", 130),
]

BORROWER_MESSAGES: list[Message] = [
    Message(at(12, 9, 20, 3), "17100001001",
            "【闪电借】李明先生，您在闪电借的借款5000元已逾期12天，请于今日18点前还款。"),
    Message(at(12, 14, 40, 0), MOTHER, "明明，这个月钱够用吗？不够跟妈说。", contact="妈妈"),
    Message(at(12, 14, 45, 12), MOTHER, "够的，妈你别担心。", sent=True, contact="妈妈"),
    Message(at(13, 23, 5, 17), "17100001002",
            "李明你再不还钱，我们就爆你通讯录，通知你单位领导，后果自负！"),
    Message(at(14, 10, 0, 0), "10690000888", "【速贷宝】您的账单已逾期3天，请尽快登录App还款。"),
    Message(at(14, 23, 40, 26), "17100002001",
            "我是速贷宝法务部张律师，你的案件已提交法院立案，法院传票将在三日内送达你户籍地，"
            "律师函已发出。"),
    Message(at(15, 8, 30, 0), "17100002001",
            "我这周五发工资后会还一部分，请不要再打给我家人。", sent=True),
    Message(at(15, 14, 0, 41), "17100001003",
            "你已被列入网贷黑名单，征信一辈子都会有污点，子女政审都过不了。"),
    Message(at(15, 19, 12, 0), "95588",
            "【工商银行】您尾号0000卡10月15日收入（工资）6,200.00元。"),
    Message(at(16, 12, 0, 9), "17100002002",
            "今天下午我们安排外访人员上门找你，你不在就去你老家找你父母。"),
    # a "credit repair" agent's offer: a scam warning for the borrower, not a violation
    Message(at(16, 15, 22, 0), SCAM_AGENT,
            "【信用管家】专业债务优化，代办停息挂账，可消除网贷逾期记录，"
            "成功后收取服务费1980元，详询微信xyhf2026。"),
    # the 速贷宝 collector asks for a signed promise letter: "ask a lawyer before you sign"
    Message(at(17, 9, 40, 0), "17100002001",
            "你先写一份还款承诺书拍照发过来，保证月底前还清，并承诺不再投诉，我们就暂停催收。"),
    Message(at(16, 18, 40, 0), FRIEND, "周末一起吃饭？别太有压力，有事说。", contact="张伟"),
    Message(at(16, 18, 41, 30), FRIEND, "好，谢谢你。", sent=True, contact="张伟"),
]

SCREENSHOTS: list[Screenshot] = [
    Screenshot(at(13, 23, 6, 12), "17100001002", exif=False),
    Screenshot(at(14, 23, 42, 12), "17100002001", exif=True),
    Screenshot(at(16, 12, 1, 30), "17100002002", exif=False),
]

# a WeChat chat with the 速贷宝 collector, known only from a screenshot (JPEG, MIUI's name)
WECHAT_SHOT_AT = at(16, 21, 12, 40)
WECHAT_MESSAGES: list[Message] = [
    Message(at(16, 21, 5, 0), WECHAT_COLLECTOR,
            "李明，今天再不处理，明天我们就去你公司找你领导。"),
    Message(at(16, 21, 8, 0), WECHAT_COLLECTOR, "我周五发工资就还，请给我几天时间。", sent=True),
    Message(at(16, 21, 10, 0), WECHAT_COLLECTOR,
            "别跟我讲这些，不还钱就让你全家都知道你欠钱不还。"),
]
# the phone's call list right after the 10-16 burst of redials (grouped rows, missed in red)
CALL_LIST_SHOT_AT = at(16, 11, 5, 10)

ENTERED_CALL = EnteredCall(at(17, 10, 5), "17100001001", 120,
                           "对方自称是公安局经侦的民警，说我涉嫌骗贷，要来单位抓我。"
                           "那天的通话记录被我误删了。")

# -- the mother's phone (Huawei: CSV call log from a PC suite, SBR messages, recordings) ----

MOTHER_CALLS: list[Call] = [
    Call(at(13, 11, 2, 5), "17100001001", "in", 75, recording="huawei"),
    Call(at(13, 11, 30, 0), "17100001003", "missed"),
    Call(at(13, 19, 0, 0), BORROWER, "out", 200, contact="明明"),
    Call(at(15, 16, 20, 0), "17100002002", "in", 40, recording="huawei-amr"),
    Call(at(16, 9, 10, 0), AUNT, "in", 320, contact="妹妹"),
]

MOTHER_MESSAGES: list[Message] = [
    Message(at(13, 11, 35, 48), "17100001003",
            "您好，您儿子李明在闪电借的借款5000元已逾期，他留的紧急联系人是您，"
            "请督促他尽快还款，否则后果自负。"),
    Message(at(13, 19, 10, 0), BORROWER, "明明，今天有人打电话说你欠钱，怎么回事？",
            sent=True, contact="明明"),
]

BANK_CARD = "金桥银行信用卡"
HAOFENQI = "好分期"
DEBTS: list[Debt] = [
    Debt(SHANDIAN, "5000", "35.9", "2026-03-15", "platform",
         "分12期；另收服务费600元、担保费300元", lender="深圳闪电借网络科技有限公司",
         received="5000", fees="900", reported="no", instalments=12, first_due="2026-04-30",
         paid_instalments=5),
    Debt(SUDAI, "3000", "18", "2026-05-08", "microlender", "持牌小额贷款公司放款",
         lender="某某市速贷宝网络小额贷款有限公司", received="2700", reported="yes",
         instalments=6, first_due="2026-06-08", paid_instalments=3),
    # two more, without collectors in the files: a bank card and a 助贷 loan
    Debt(BANK_CARD, "20000", "18", "2025-11-01", "bank", "信用卡账单分期",
         lender="金桥银行股份有限公司", reported="yes", instalments=12, first_due="2025-12-25",
         paid_instalments=9),
    Debt(HAOFENQI, "6000", "23.9", "2025-12-10", "consumer-finance",
         "好分期平台助贷，资金方为消费金融公司；另收会员费480元",
         lender="安和消费金融股份有限公司", funder="安和消费金融股份有限公司", fees="480",
         reported="unknown", instalments=12, first_due="2026-01-10", paid_instalments=9),
]
