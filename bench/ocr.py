"""Reading screenshots: how well and how fast the OCR engine and the layout reader read them.

Input (rendered on every run, a fixed seed; PNGs kept under ``--workdir`` for the memory child):
20 screens drawn by :mod:`evidence_logger.demo.phone_screens` with the bundled font: 8 SMS
threads, 8 WeChat-style chats and 4 call lists; 15 at 1080x2400 and 5 at 720x1600 (2 SMS,
2 WeChat, 1 call list). Chats hold 4-9 messages of 4-60 characters (threats, replies, amounts,
dates, a few Latin words), with separators in every style the reader knows (``10月13日 15:05``,
``2026-10-13 15:05``, ``昨天 21:03``, ``星期二 09:15``, ``10月2日 下午3:05``,
``Yesterday 9:03 PM``); call lists 5-9 rows with counts, names, red missed rows.

Accuracy, on all 20 (what the reader returns against what was drawn):
- character error rate: the edit distance between the drawn and the read message texts (each
  screen's messages in order, joined by a mark that is never read), over the drawn characters,
  after :func:`evidence_logger.ocr.text.normalise` (as the app compares them); also reported
  before normalising (only NFKC width folding and no spaces).
- message split: drawn messages that come back as exactly one read message (paired in order,
  within 25% edits), over drawn messages plus extra read ones.
- times: a paired message's time is right when it is the drawn separator's, or, when the
  separator above it was scrolled away, when it is given as a bound ("on or before").
- direction: paired messages read in the drawn direction (aim: all of them); times: paired
  messages whose time is the drawn separator's.
- call rows: rows whose number or name, count, time and missed mark are all right.
- screens: kind (chat or call list), app (sms, wechat, dialer) and the chat's counterpart
  (number, and name where the header shows one) all right.

Speed: seconds per 1080x2400 screenshot, ``engine().read`` and ``read_screen`` together, the
mean over the 15 renders, min and median over ``--rounds`` rounds (aims: at most 3 s, 1.5 s
hoped for; the engine is loaded before timing). A ratio row (reported) compares it with the
engine's read alone (floor); the layout reader's own time is also measured alone on the pages
already read (the min of 20 passes), as it is too small to show through the engine's noise.
Every other render is saved as a JPEG of quality 75 and read back, as MIUI saves screenshots.

Memory: peak RSS (``ru_maxrss``) of a fresh process that loads the engine and reads 4, then all
15, 1080x2400 renders (reported; "before" is after the engine is loaded).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image

from bench.common import (
    ROOT,
    Memory,
    Ratio,
    Runs,
    default_workdir,
    markdown,
    missed,
    prepare_workdir,
)

SEED = 20261202
JPEG_QUALITY = 75
CER_AIM, SECONDS_AIM, SECONDS_HOPE = 0.02, 3.0, 1.5
BIG, SMALL = (1080, 2400), (720, 1600)
CAPTURED = datetime(2026, 10, 14, 10, 40)
MARK = "⏐"  # joins a screen's messages for the edit distance: never drawn, never read

THREATS = [
    "再不还款就联系你的家人和单位", "我们是法院的，明天上门", "今天下午6点前不还款，后果自负",
    "你的通讯录我们已经掌握了，全部都会通知", "已经移交法务部门，准备起诉",
    "我们会把你的照片发到你公司群里", "逾期记录已上报征信中心，影响你子女上学",
    "再不接电话我们就去你老家找你父母",
]
ORDINARY = [
    "好", "收到", "我下周发工资就还", "请问你们是哪个公司的？", "我已经还了2000元，请核实",
    "您好，您在速借金融的借款已逾期15天，请于今天18:00前还款5,326.50元。",
    "不要再打我家人电话了", "可以分期吗", "我现在在上班，不方便接电话",
    "您的账单：本金3000元，利息及服务费1,245元，合计4,245元", "明天中午12点前一定还",
    "你们的利息太高了，年化超过36%", "已截图保存，我会去投诉", "请把还款账号发给我",
    "OK，我知道了", "回复TD退订【速借金融】", "客服电话400-820-8820",
    "您的借款编号JD20261013-8842已逾期，请登录APP处理",
    "【速借金融】尊敬的客户，您尾号8842的账户已逾期，逾期费用每日0.5%",
    "Your loan is overdue. Pay now or we will call your contacts.",
    "骚扰电话已录音，已向银保监会投诉", "你们凌晨2点还打电话，这是违法的！",
]
NAMES = ["速借金融-催收", "张经理", "闪电贷客服", "李专员(法务部)", "借呗小助手", "王律师"]
NUMBERS = ["13800138000", "17100000001", "02188886666", "95588", "13912345678", "18612345678"]
PLACES = ["广东 深圳", "北京", "上海", "浙江 杭州", "四川 成都", ""]


@dataclass
class Render:
    name: str
    kind: str  # "sms" / "wechat" / "calls"
    size: tuple[int, int]
    image: Image.Image
    truth: object  # ChatTruth / CallListTruth


def renders(seed: int = SEED) -> list[Render]:
    """The 20 screens, in a fixed order."""
    from evidence_logger.demo.phone_screens import render_call_list, render_sms, render_wechat

    rng = random.Random(seed)
    plan = ([("sms", BIG)] * 6 + [("sms", SMALL)] * 2 + [("wechat", BIG)] * 6
            + [("wechat", SMALL)] * 2 + [("calls", BIG)] * 3 + [("calls", SMALL)])
    styles = ["date", "full", "auto", "english"]
    out = []
    for n, (kind, size) in enumerate(plan):
        name = f"{n:02d}-{kind}-{size[0]}x{size[1]}"
        if kind == "calls":
            image, truth = render_call_list(_rows(rng), CAPTURED, size=size,
                                            words=rng.random() < 0.5)
            out.append(Render(name, kind, size, image, truth))
            continue
        messages = _messages(rng)
        if kind == "sms":
            contact = rng.random() < 0.3
            image, chat = render_sms(messages, CAPTURED, number=rng.choice(NUMBERS),
                                     name=rng.choice(NAMES) if contact else None, size=size,
                                     separators=styles[n % len(styles)])
        else:
            image, chat = render_wechat(messages, CAPTURED, name=rng.choice(NAMES), size=size,
                                        separators="english" if n % 5 == 4 else "auto")
        out.append(Render(name, kind, size, image, chat))
    for render in out[1::2]:  # every other one as a JPEG, as MIUI saves screenshots
        buffer = io.BytesIO()
        render.image.save(buffer, "JPEG", quality=JPEG_QUALITY)
        render.image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
        render.name += "-jpeg"
    return out


def _messages(rng: random.Random) -> list:
    from evidence_logger.demo.phone_screens import ChatMessage

    count = rng.randint(4, 9)
    at = CAPTURED - timedelta(days=rng.choice([0, 1, 3, 12, 40]), hours=rng.randint(1, 9))
    at = min(at, CAPTURED - timedelta(hours=count))
    messages = []
    for _ in range(count):
        sent = rng.random() < 0.4
        text = rng.choice(ORDINARY if sent or rng.random() < 0.4 else THREATS)
        messages.append(ChatMessage(text, sent, at))
        at += rng.choice([timedelta(minutes=1), timedelta(minutes=7), timedelta(hours=5)])
        at = min(at, CAPTURED - timedelta(minutes=1))
    return messages


def _rows(rng: random.Random) -> list:
    from evidence_logger.demo.phone_screens import CallRow

    at = CAPTURED - timedelta(minutes=rng.randint(3, 50))
    rows = []
    for _ in range(rng.randint(5, 9)):
        named = rng.random() < 0.25
        rows.append(CallRow(at, number=None if named else rng.choice(NUMBERS),
                            name=rng.choice(NAMES) if named else None,
                            count=rng.choice([1, 1, 1, 2, 3, 12]), missed=rng.random() < 0.4,
                            outgoing=rng.random() < 0.2, place=rng.choice(PLACES)))
        at -= timedelta(hours=rng.choice([1, 5, 20, 50, 200]))
    return rows


# -- scoring --------------------------------------------------------------------------------


def distance(a: str, b: str) -> int:
    """Levenshtein edit distance."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _raw(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass
class Score:
    chars: int = 0
    errors: int = 0
    raw_errors: int = 0
    drawn: int = 0
    split_ok: int = 0
    extra: int = 0
    paired: int = 0
    direction_ok: int = 0
    time_ok: int = 0
    rows: int = 0
    rows_ok: int = 0
    kind_ok: int = 0
    screens: int = 0
    wrong: list[str] = field(default_factory=list)


def score(render: Render, reading, into: Score) -> None:
    """Add what ``reading`` (a ScreenReading) got right of ``render`` to ``into``."""
    from evidence_logger.demo.phone_screens import CallListTruth, ChatTruth
    from evidence_logger.ocr.stamps import HOW_BEFORE_CAPTURE, HOW_BEFORE_STAMP
    from evidence_logger.ocr.text import normalise

    BOUNDS = (HOW_BEFORE_STAMP, HOW_BEFORE_CAPTURE)  # noqa: N806

    into.screens += 1
    truth = render.truth
    if isinstance(truth, CallListTruth):
        into.kind_ok += reading.kind == "call-list"
        into.rows += len(truth.calls)
        for k, expected in enumerate(truth.calls):
            got = reading.calls[k] if k < len(reading.calls) else None
            right = got is not None and (got.number, got.name, got.count) == (
                expected.number, expected.name, expected.count) and (
                got.status == "missed") == expected.missed and got.time is not None and (
                got.time.at, got.time.precision_s) == (expected.at, expected.precision_s)
            into.rows_ok += right
            if not right:
                into.wrong.append(f"{render.name}: row {k} {expected} read as {got}")
        return
    assert isinstance(truth, ChatTruth)
    who = reading.counterpart
    into.kind_ok += (reading.kind == "chat" and reading.app == truth.app and who is not None
                     and who.number == truth.number
                     and ((truth.app == "sms" and not truth.name) or who.name == truth.name))
    drawn = [t.text for t in truth.messages]
    read = [m.text for m in reading.messages]
    into.chars += len(normalise(MARK.join(drawn)).replace(MARK, ""))
    into.errors += distance(normalise(MARK.join(drawn)), normalise(MARK.join(read)))
    into.raw_errors += distance(_raw(MARK.join(drawn)), _raw(MARK.join(read)))
    into.drawn += len(drawn)
    j = 0
    pairs = []
    for i, text in enumerate(drawn):  # pair in order, each read message at most once
        for k in range(j, len(read)):
            if distance(normalise(text), normalise(read[k])) <= 0.25 * len(normalise(text)):
                pairs.append((i, k))
                j = k + 1
                break
    into.split_ok += len(pairs)
    into.extra += max(0, len(read) - len(pairs))
    into.paired += len(pairs)
    for i, k in pairs:
        expected, got = truth.messages[i], reading.messages[k]
        into.direction_ok += got.direction == expected.direction
        if expected.stamp_at is None:  # its separator scrolled away: a bound, or nothing
            into.time_ok += got.time is None or got.time.how in BOUNDS
        else:
            into.time_ok += got.time is not None and got.time.at == expected.stamp_at
        if got.direction != expected.direction:
            into.wrong.append(f"{render.name}: {expected.text!r} read as {got.direction}")
    if len(pairs) < len(drawn) or len(read) > len(pairs):
        into.wrong.append(f"{render.name}: split {drawn} read as {read}")


@dataclass
class Figure:
    """An accuracy or absolute figure against the issue's aim (not a ratio)."""

    bench: str
    value: str
    aim: str
    passed: bool | None
    note: str = ""

    def as_dict(self) -> dict:
        return {"bench": self.bench, "value": self.value, "aim": self.aim,
                "passed": self.passed, "note": self.note}


def figures_markdown(results: list) -> str:
    """The figures as a Markdown table (bench.common.markdown prints the ratios and memory)."""
    rows = [r for r in results if isinstance(r, Figure)]
    if not rows:
        return ""
    lines = ["| reading screenshots | value | aim | result |", "|---|---|---|---|"]
    for r in rows:
        verdict = "info" if r.passed is None else "ok" if r.passed else "**MISSED**"
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.bench}{note} | **{r.value}** | {r.aim} | {verdict} |")
    return "\n".join(lines)


# -- timing and memory ----------------------------------------------------------------------


def _timed_all(items: list[Any], fn: Callable[[Any], object]) -> float:
    """The mean seconds of ``fn`` over ``items``."""
    start = time.perf_counter()
    for item in items:
        fn(item)
    return (time.perf_counter() - start) / len(items)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(paths: list[Path]) -> None:
    """Load the engine, read ``paths`` in this (fresh) process; print peak RSS as JSON."""
    from evidence_logger.ocr.engine import engine
    from evidence_logger.ocr.layout import read_screen

    ocr = engine()
    baseline = _peak_mib()
    for path in paths:
        with Image.open(path) as image:
            image.load()
            read_screen(ocr.read(image), image, CAPTURED)
    print(json.dumps({"baseline_mib": baseline, "peak_mib": _peak_mib()}))


def read_in_child(paths: list[Path]) -> dict:
    command = [sys.executable, "-m", "bench.ocr", "--child", *map(str, paths)]
    if os.name == "posix":  # see bench.common.import_in_child: start from a small process
        command = ["/bin/sh", "-c", '"$0" "$@"; exit $?', *command]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ocr child failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(workdir: Path, rounds: int = 3, memory: bool = True, verbose: bool = False,
          ) -> list[Ratio | Memory | Figure]:
    from evidence_logger.ocr.engine import engine
    from evidence_logger.ocr.layout import read_screen

    workdir = prepare_workdir(workdir)
    shots = renders()
    ocr = engine()
    print(f"ocr: {len(shots)} renders, {rounds} rounds ({ocr.info.engine}; {ocr.info.model})",
          flush=True)
    result = Score()
    pages = []
    for render in shots:
        pages.append(ocr.read(render.image))
        score(render, read_screen(pages[-1], render.image, CAPTURED), result)
    layout_ms = 1000 * min(
        _timed_all(list(range(len(shots))),
                   lambda n: read_screen(pages[n], shots[n].image, CAPTURED))
        for _ in range(20))
    if verbose or result.wrong:
        for line in result.wrong:
            print(f"  wrong: {line}")
    big = [r.image for r in shots if r.size == BIG]
    floor, subject = Runs("engine read"), Runs("read + read_screen")
    for number in range(rounds):  # alternate which goes first, as bench.common.interleave
        order = [(floor, lambda im: ocr.read(im)),
                 (subject, lambda im: read_screen(ocr.read(im), im, CAPTURED))]
        for runs, fn in order if number % 2 == 0 else order[::-1]:
            runs.seconds.append(_timed_all(big, fn))
            print(f"  round {number + 1}/{rounds}: {runs.name:<28} {runs.seconds[-1]:8.3f} s "
                  "a screenshot", flush=True)
    cer = result.errors / result.chars
    results: list[Ratio | Memory | Figure] = [
        Figure("character error rate, messages (normalised)", f"{cer:.2%}",
               f"< {CER_AIM:.0%}", cer < CER_AIM,
               f"{result.errors} edits over {result.chars} characters"),
        Figure("character error rate, messages (before normalising)",
               f"{result.raw_errors / result.chars:.2%}", "—", None),
        Figure("message split", f"{result.split_ok / (result.drawn + result.extra):.1%}",
               "—", None, f"{result.split_ok} of {result.drawn} drawn, {result.extra} extra"),
        Figure("direction", f"{result.direction_ok}/{result.paired}", "all",
               result.direction_ok == result.paired == result.drawn),
        Figure("message times", f"{result.time_ok}/{result.paired}", "—", None),
        Figure("call rows", f"{result.rows_ok}/{result.rows}", "—", None),
        Figure("screen kind, app and counterpart", f"{result.kind_ok}/{result.screens}", "—", None),
        Figure("seconds per 1080x2400 screenshot (min / median)",
               f"{subject.min:.2f} / {subject.median:.2f}",
               f"≤ {SECONDS_AIM:g} s (hoped {SECONDS_HOPE:g} s)", subject.min <= SECONDS_AIM,
               f"{len(big)} renders, {rounds} rounds"),
        Figure("layout reader alone, ms a screenshot (min of 20)", f"{layout_ms:.1f}", "—",
               None, "read_screen of the pages read above"),
        Ratio("ocr: engine read + layout reader", floor, subject, None,
              f"{len(big)} renders of 1080x2400, seconds a screenshot"),
    ]
    if memory:
        folder = workdir / "ocr-renders"
        folder.mkdir(exist_ok=True)
        paths = []
        for render in shots:
            if render.size == BIG:
                paths.append(folder / f"{render.name}.png")
                render.image.save(paths[-1])
        sizes = [4, len(paths)]
        peaks = [read_in_child(paths[:n]) for n in sizes]
        results.append(Memory("ocr: read 1080x2400 screenshots", [f"{n}" for n in sizes],
                              [p["peak_mib"] for p in peaks], [p["baseline_mib"] for p in peaks],
                              None))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak RSS runs")
    parser.add_argument("--verbose", action="store_true", help="print every wrong reading")
    parser.add_argument("--save", type=Path, help="save the renders as PNG into this folder")
    parser.add_argument("--child", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for render in renders():
            render.image.save(args.save / f"{render.name}.png")
    results = bench(args.workdir, args.rounds, not args.no_memory, args.verbose)
    print(markdown(results))
    print()
    print(figures_markdown(results))
    return 1 if missed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
