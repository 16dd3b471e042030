"""Check this installation: everything a borrower relies on, end to end, in a temporary folder.

``evidence-logger selftest`` (and Help ▸ Check this installation in the window, which runs that
command as a separate process) builds the sample case, evaluates its findings, renders the dossier
in both languages, exports and verifies a bundle, decodes the sample's recordings with the bundled
ffmpeg, reads the sample's screenshots with the bundled OCR models and, given a ``window`` step
by the caller, opens and closes the main window. Each step reports one line; the check passes
only when every step does. It reads the shipped resources through :mod:`importlib.resources`
exactly as the app does, so a frozen build or an installed wheel that lost a file fails here
rather than in front of a user.

Qt-free: the window step is handed in by the command line (``cli/selftest_command.py``).
The user's own data folder is not touched: the steps run with the data folder redirected to the
temporary folder (a signing key made for the test bundle stays there and is deleted with it).
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from evidence_logger.audio_tools import no_window
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_, tr
from evidence_logger.paths import DATA_DIR_ENV, app_command
from evidence_logger.progress import STEPS as STEPS_UNIT
from evidence_logger.progress import Progress

log = logging.getLogger(__name__)

_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")  # a page object, not the /Pages tree

# the rules the sample case's story breaks (tests/demo/test_findings.py holds each finding)
SAMPLE_RULES = frozenset({"cn.daily-calls", "cn.redial", "cn.quiet-hours", "cn.third-party",
                          "cn.threat-language", "cn.impersonation", "cn.excess-interest"})


class CheckFailed(Exception):
    """A step found something wrong; ``str(error)`` says what, in the user's language."""


@dataclass(frozen=True, slots=True)
class StepResult:
    """The outcome of one step: its name (an N_-marked phrase), whether it passed, what it found
    (a sentence, already translated) and how long it took."""

    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self, lang: str | None = None) -> str:
        mark = tr("passed", lang) if self.ok else tr("FAILED", lang)
        return f"[{mark}] {tr(self.name, lang)}: {self.detail} ({self.seconds:.1f} s)"


OnResult = Callable[[StepResult], None]
CHECKING = N_("Checking: {step}")


def _progress(done: int, total: int, step: str) -> Progress:
    return Progress(done, total, STEPS_UNIT, CHECKING if step else "", {"step": step})


@dataclass(slots=True)
class Context:
    """What the steps hand on to each other."""

    folder: Path
    lang: str
    case_dir: Path | None = None


Step = tuple[str, Callable[[Context], str]]


def _need_sample(ctx: Context) -> Path:
    if ctx.case_dir is None:
        raise CheckFailed(tr("Not checked: the sample case could not be made (see above).",
                             ctx.lang))
    return ctx.case_dir


def _resources(ctx: Context) -> str:
    from evidence_logger.i18n import catalogue
    from evidence_logger.report.fonts import register
    from evidence_logger.rules.profile import load_profile

    rules = sum(len(load_profile(profile).rules) for profile in ("cn", "us", "uk"))
    strings = len(catalogue("zh_CN"))
    if not strings:
        raise CheckFailed(tr("The Chinese translations are missing.", ctx.lang))
    register()
    return tr("{rules} rules in 3 profiles, {strings} Chinese strings, the PDF font.", ctx.lang,
              rules=rules, strings=strings)


def _sample(ctx: Context) -> str:
    from evidence_logger import listing
    from evidence_logger.case import Case
    from evidence_logger.demo import make_demo
    from evidence_logger.rules import evaluate
    from evidence_logger.rules.counting import counted
    from evidence_logger.tasks import drive

    ctx.case_dir = drive(make_demo(ctx.folder / "sample", lang=ctx.lang))
    with Case.open(ctx.case_dir, read_only=True) as case:
        info = listing.status(case)
        findings = evaluate(case)
    found = {f.rule.id for f in findings}
    if found != SAMPLE_RULES:
        raise CheckFailed(tr("The sample case gives findings under {found} instead of "
                             "{expected}.", ctx.lang, found=", ".join(sorted(found)) or "-",
                             expected=", ".join(sorted(SAMPLE_RULES))))
    return tr("{files} files, {calls} calls, {messages} messages; {findings} findings under "
              "{rules} rules.", ctx.lang, files=info["evidence"], calls=info["calls"],
              messages=info["messages"], findings=len(counted(findings)),
              rules=len(found))


def _dossier(lang: str) -> Callable[[Context], str]:
    def step(ctx: Context) -> str:
        from evidence_logger.case import Case
        from evidence_logger.report.document import build_report

        case_dir = _need_sample(ctx)
        out = ctx.folder / f"dossier-{lang}.pdf"
        with Case.open(case_dir, read_only=True) as case:
            build_report(case, out, lang=lang)
        data = out.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise CheckFailed(tr("{name} is not a complete PDF.", ctx.lang, name=out.name))
        if b"NotoSansSC" not in data:
            raise CheckFailed(tr("{name} does not embed the Chinese font.", ctx.lang,
                                 name=out.name))
        return tr("{pages} pages, {size} KB, Chinese font embedded.", ctx.lang,
                  pages=len(_PAGE.findall(data)),
                  size=len(data) // 1024)
    return step


def _bundle(ctx: Context) -> str:
    from evidence_logger.bundle.verify import verify_bundle
    from evidence_logger.case import Case
    from evidence_logger.exporting import ExportError, export_case
    from evidence_logger.tasks import drive

    case_dir = _need_sample(ctx)
    bundle = ctx.folder / "bundle.zip"
    with Case.open(case_dir) as case:
        try:
            result = drive(export_case(case, bundle, lang="zh"))
        except ExportError as error:
            raise CheckFailed(error.message(ctx.lang)) from error
    verdict = verify_bundle(bundle)
    if verdict.status != "intact":
        raise CheckFailed(tr("The new bundle does not verify: {problems}", ctx.lang,
                             problems="; ".join(p.message(ctx.lang) for p in verdict.problems)))
    return tr("{files} files exported and verified intact.", ctx.lang, files=result.files)


def _audio(ctx: Context) -> str:
    from evidence_logger.case import Case
    from evidence_logger.waveform import WaveformError, peaks

    case_dir = _need_sample(ctx)
    with Case.open(case_dir, read_only=True) as case:
        rows = case.db.execute("SELECT sha256, name, format FROM evidence "
                               "WHERE kind = 'recording' ORDER BY name").fetchall()
        files = [(name, case.vault.path(sha)) for sha, name, _ in rows]
        kinds = sorted({fmt for _, _, fmt in rows})
    if not files:
        raise CheckFailed(tr("The sample case has no recordings.", ctx.lang))
    seconds = 0.0
    for name, path in files:
        try:
            decoded = peaks(path, 100)
        except WaveformError as error:
            raise CheckFailed(f"{name}: {error.message(ctx.lang)}") from error
        seconds += decoded.duration
    return tr("{count} recordings ({kinds}), {seconds:.0f} s of audio decoded by ffmpeg.",
              ctx.lang, count=len(files), kinds=", ".join(kinds), seconds=seconds)


# A carrier's bill of three calls (China Mobile's columns), written as .xlsx and as a PDF table:
# (time, 通信方式, number, duration written as the carrier writes it, direction, seconds)
_BILL = [("10-13 09:12:05", "被叫", "17100001001", "56秒", "in", 56),
         ("10-13 21:47:30", "被叫", "17100001002", "1分56秒", "in", 116),
         ("10-14 10:02:11", "主叫", "13800138000", "00:02:03", "out", 123)]
_BILL_HEADER = ["起始时间", "通信地点", "通信方式", "对方号码", "通信时长", "通信类型", "套餐优惠",
                "实收通信费(元)"]
_BILL_TITLE = "中国移动 通话详单 2026年10月"


def _write_bill(folder: Path) -> list[Path]:
    """The bill as the carrier's app exports it: an Excel workbook and a text PDF."""
    import openpyxl
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from evidence_logger.report.fonts import REGULAR, register

    rows = [[at, "广东深圳", mode, number, written, "本地", "套餐内", "0.00"]
            for at, mode, number, written, _, _ in _BILL]
    folder.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([_BILL_TITLE])
    sheet.append(_BILL_HEADER)
    for row in rows:
        sheet.append(row)
    xlsx = folder / "详单-2026年10月.xlsx"
    book.save(xlsx)
    register()
    pdf = folder / "电子详单.pdf"
    table = Table([_BILL_HEADER, *rows])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                               ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    SimpleDocTemplate(str(pdf), pagesize=landscape(A4)).build(
        [Paragraph(_BILL_TITLE, ParagraphStyle("title", fontName=REGULAR, fontSize=14)), table])
    return [xlsx, pdf]


def _carrier(ctx: Context) -> str:
    from evidence_logger import listing
    from evidence_logger.case import Case
    from evidence_logger.importing import import_paths
    from evidence_logger.tasks import drive

    files = _write_bill(ctx.folder / "bill")
    with Case.create(ctx.folder / "carrier-case", name="carrier", timezone="Asia/Shanghai",
                     profile="cn") as case:
        report = drive(import_paths(case, files))
        if report.problems:
            raise CheckFailed("; ".join(p.message(ctx.lang) for p in report.problems))
        calls = [e for e in listing.events(case) if e["kind"] == "call"]
    got = sorted((e["direction"], e["duration"], e["at_source"]) for e in calls)
    expected = sorted((d, s, "carrier") for *_, d, s in _BILL)
    if got != expected:
        raise CheckFailed(tr("The carrier's bill was read as {got} instead of {expected}.",
                             ctx.lang, got=got, expected=expected))
    return tr("{calls} calls read from a carrier's bill as .xlsx and as PDF, counted once.",
              ctx.lang, calls=len(calls))


def _screenshots(ctx: Context) -> str:
    from evidence_logger.case import Case
    from evidence_logger.demo import scenario
    from evidence_logger.ocr.engine import OcrUnavailable, engine

    try:
        info = engine().info
    except OcrUnavailable as error:
        raise CheckFailed(error.message(ctx.lang)) from error
    case_dir = _need_sample(ctx)
    with Case.open(case_dir, read_only=True) as case:
        images, read = case.db.execute(
            "SELECT count(*), (SELECT count(*) FROM screen_reads) FROM evidence "
            "WHERE kind = 'image'").fetchone()
        wechat = case.db.execute(
            "SELECT count(*) FROM events e JOIN parties p ON p.id = e.party_id "
            "WHERE p.number = ? AND e.kind = 'message'",
            (scenario.WECHAT_COLLECTOR,)).fetchone()[0]
    if read != images or wechat != len(scenario.WECHAT_MESSAGES):
        raise CheckFailed(tr("{read} of {images} sample screenshots were read, with {found} of "
                             "the {expected} WeChat messages.", ctx.lang, read=read,
                             images=images, found=wechat,
                             expected=len(scenario.WECHAT_MESSAGES)))
    return tr("{images} screenshots read offline by {engine}.", ctx.lang, images=images,
              engine=info.engine)


def _speech(ctx: Context) -> str:
    from evidence_logger.speech.check import engine_check

    passed, said = engine_check(ctx.lang)
    if not passed:
        raise CheckFailed(said)
    return said


WINDOW = N_("Main window")  # the step the caller adds (cli/selftest_command.py)

STEPS: list[Step] = [
    (N_("Shipped resources"), _resources),
    (N_("Sample case and its findings"), _sample),
    (N_("Dossier in Chinese"), _dossier("zh")),
    (N_("Dossier in English"), _dossier("en")),
    (N_("Bundle export and verification"), _bundle),
    (N_("Recordings decoded"), _audio),
    (N_("Carrier records read"), _carrier),
    (N_("Screenshots read (OCR)"), _screenshots),
    (N_("Speech to text engine"), _speech),
]


def run(lang: str, window: Step | None = None, folder: Path | None = None,
        on_result: OnResult | None = None) -> Generator[Progress, None, list[StepResult]]:
    """Run every step (and ``window`` last, if given), yielding progress; returns the results,
    each also handed to ``on_result`` as soon as its step has ended.

    A failed step is reported and the steps that need its result are reported as failed too;
    nothing stops the check half-way. ``folder`` (default: a new temporary one, removed at the
    end) holds the sample case, the PDFs and the bundle.
    """
    steps = [*STEPS, *([window] if window else [])]
    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="evidence-logger-selftest-") as temp:
        ctx = Context(Path(folder or temp), lang)
        ctx.folder.mkdir(parents=True, exist_ok=True)
        saved = os.environ.get(DATA_DIR_ENV)
        os.environ[DATA_DIR_ENV] = str(ctx.folder / "data")  # leave the user's folder alone
        try:
            for index, (name, step) in enumerate(steps):
                yield _progress(index, len(steps), name)
                results.append(_one(name, step, ctx))
                if on_result is not None:
                    on_result(results[-1])
            yield _progress(len(steps), len(steps), "")
        finally:
            if saved is None:
                os.environ.pop(DATA_DIR_ENV, None)
            else:
                os.environ[DATA_DIR_ENV] = saved
    return results


def _one(name: str, step: Callable[[Context], str], ctx: Context) -> StepResult:
    start = time.perf_counter()
    try:
        detail, ok = step(ctx), True
    except CheckFailed as failed:
        detail, ok = str(failed), False
        log.warning("self-test step %s failed: %s", name, failed)
    except Exception as error:  # the point of a self-test: report whatever broke, go on
        log.exception("self-test step %s raised", name)
        reason = error.message(ctx.lang) if isinstance(error, UserFacingError) else error
        detail, ok = tr("{kind}: {reason}", ctx.lang, kind=type(error).__name__,
                        reason=reason), False
    return StepResult(name, ok, detail, time.perf_counter() - start)


@dataclass(slots=True)
class ChildReport:
    """What a self-test run in its own process said: the result of each step, whether it passed
    as a whole, and the process's exit code."""

    results: list[StepResult]
    ok: bool = False
    exit_code: int | None = None


def run_in_child(lang: str, *, window: bool = True, on_result: OnResult | None = None
                 ) -> Generator[Progress, None, ChildReport]:
    """Run ``evidence-logger selftest --json`` of this very installation in a new process (so it
    shares nothing with a window already open), yielding progress after each step and handing
    each step's result to ``on_result`` (from the thread that runs this generator); closing the
    generator (cancel) stops the process. Returns what the process said.
    """
    command = [*app_command(), "selftest", "--json", "--lang", "zh" if lang != "en" else "en"]
    if not window:
        command.append("--no-window")
    names = [name for name, _ in STEPS] + ([WINDOW] if window else [])
    report = ChildReport([])
    yield _progress(0, len(names), names[0])
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, creationflags=no_window())
    summary: bool | None = None
    try:
        assert proc.stdout is not None
        for raw in proc.stdout:
            try:
                item = json.loads(raw)
            except ValueError:
                log.info("self-test said: %r", raw[:300])
                continue
            if "step" in item:
                result = StepResult(item["step"], bool(item["ok"]), str(item["detail"]),
                                    float(item["seconds"]))
                report.results.append(result)
                if on_result is not None:
                    on_result(result)
                done = len(report.results)
                yield _progress(done, len(names), names[done] if done < len(names) else "")
            elif "ok" in item:
                summary = bool(item["ok"])
        report.exit_code = proc.wait()
    finally:
        if proc.poll() is None:  # cancelled
            proc.kill()
            proc.wait()
        errors = proc.stderr.read().decode("utf-8", "replace")[-2000:] if proc.stderr else ""
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    if errors.strip():
        log.warning("self-test process wrote to stderr: %s", errors)
    report.ok = bool(summary) and report.exit_code == 0
    if report.exit_code not in (0, 1) and len(report.results) < len(names):
        said = errors.strip().splitlines()[-1] if errors.strip() else "-"
        result = StepResult(N_("The check itself"), False, tr(
            "It stopped with exit code {code}: {said}", lang, code=report.exit_code, said=said),
            0.0)
        report.results.append(result)
        if on_result is not None:
            on_result(result)
    return report
