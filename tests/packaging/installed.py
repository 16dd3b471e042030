"""Driving an installed copy of the app (a wheel in a fresh virtual environment, or the frozen
build) from a folder outside the checkout, exactly as a user's shell would."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from evidence_logger.case import Case
from evidence_logger.demo import make_demo
from evidence_logger.reading_process import PROCESS_FROM
from evidence_logger.rules import evaluate
from evidence_logger.selftest import SAMPLE_RULES, STEPS
from evidence_logger.tasks import drive
from tests.fixtures.exports import sbr_call, write_sbr
from tests.report.pdf import fonts_of

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 300


@dataclass
class Installed:
    """The installed app's command (``[exe]`` or ``[python, -m, evidence_logger]``) and a
    sandbox: a home folder that has never seen the app, and a working folder."""

    command: list[str]
    home: Path
    work: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("EVIDENCE_LOGGER_", "PYTHON", "VIRTUAL_ENV", "XDG_"))}
        env.update(HOME=str(self.home), USERPROFILE=str(self.home), QT_QPA_PLATFORM="offscreen",
                   LANG="en_US.UTF-8", EVIDENCE_LOGGER_LANG="en")
        env.pop("LC_ALL", None)
        env.update(extra)
        return env

    def run(self, *args: str | Path, ok: bool = True, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([*self.command, *map(str, args)], cwd=self.work,
                              env=self.env(**(env or {})), capture_output=True, text=True,
                              encoding="utf-8", timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        if ok:
            assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done


def expected_findings(folder: Path) -> list[tuple]:
    """The sample case's findings as the checkout computes them."""
    case_dir = drive(make_demo(folder, lang="zh"))
    with Case.open(case_dir, read_only=True) as case:
        return [(f.rule.id, f.severity, f.day, f.platform, f.number, f.count)
                for f in evaluate(case)]


def findings_of(app: Installed, case: Path) -> list[tuple]:
    found = json.loads(app.run("--case", case, "findings", "--json").stdout)
    return [(f["rule"], f["severity"], f["day"], f["platform"], f["number"], f["count"])
            for f in found]


def selftest(app: Installed, env: dict[str, str] | None = None) -> tuple[list[dict], dict]:
    """The installed app's ``selftest --json``: its step lines and its summary line."""
    out = app.run("selftest", "--json", env=env).stdout
    lines = [json.loads(line) for line in out.splitlines()]
    return lines[:-1], lines[-1]


def check_whole_flow(app: Installed, expected: list[tuple]) -> None:
    """What issue 10 asks of an installed copy: demo, findings, report, export, verify, open,
    selftest; each result checked, not only the exit code."""
    assert not str(app.work.resolve()).startswith(str(ROOT)), "must run outside the checkout"
    sample = app.work / "sample"
    made = app.run("demo", sample, "--lang", "zh")
    assert "19" in made.stdout or "findings" in made.stdout
    assert findings_of(app, sample) == expected
    assert {row[0] for row in expected} == SAMPLE_RULES

    pdf = app.work / "dossier.pdf"
    app.run("--case", sample, "report", "--out", pdf)
    reader = PdfReader(pdf)
    assert len(reader.pages) > 5
    fonts = fonts_of(reader)
    assert fonts and all(fonts.values()), fonts  # every font embedded
    assert any("NotoSansSC" in name for name in fonts)
    assert "证据" in reader.pages[0].extract_text()

    bundle = app.work / "bundle.zip"
    app.run("--case", sample, "export", "--out", bundle)
    verdict = json.loads(app.run("verify", bundle, "--json").stdout)
    assert verdict["status"] == "intact" and verdict["ok"], verdict
    check_trusted_time(app, sample)
    opened = app.work / "opened"
    said = app.run("open", bundle, "--to", opened)
    assert "intact" in said.stdout
    assert findings_of(app, opened) == expected

    check_large_import(app)
    steps, summary = selftest(app)
    assert summary["ok"] and summary["steps"] == len(STEPS) + 1, (steps, summary)  # + window
    assert [step["ok"] for step in steps] == [True] * (len(STEPS) + 1), steps


def large_call_log(path: Path) -> list[tuple]:
    """A calls.xml larger than :data:`PROCESS_FROM` (read by a second process of the app), in
    shuffled order; returns its calls as (time, type, duration) in time order."""
    calls = [(n, ("1", "2", "3", "5")[n % 4], str(n % 97)) for n in range(45_000)]
    order = sorted(range(len(calls)), key=lambda n: (n * 7919) % len(calls))
    write_sbr(path, "calls", (sbr_call(n, number=f"+86138{n % 500:08d}", type=calls[n][1],
                                       duration=calls[n][2]) for n in order))
    assert path.stat().st_size > PROCESS_FROM
    return calls


def check_large_import(app: Installed) -> None:
    """A call log large enough to be read by a second process of the installed app: every call
    lands, as written, and the process is gone afterwards."""
    xml = app.work / "calls-large.xml"
    calls = large_call_log(xml)
    case = app.work / "large"
    app.run("init", case)
    app.run("--case", case, "import", xml)
    with Case.open(case, read_only=True) as opened:
        rows = opened.db.execute("SELECT status, duration FROM events ORDER BY at_ms").fetchall()
    kinds = {"1": "answered", "2": "outgoing", "3": "missed", "5": "rejected"}
    assert rows == [(kinds[kind], float(duration)) for _, kind, duration in calls]


def check_trusted_time(app: Installed, case: Path) -> None:
    """RFC 3161 tokens with the installed copy (rfc3161-client's compiled core, frozen too):
    a local TSA (tests/trusted_time/local_tsa.py) stamps the export; verify checks it."""
    from tests.trusted_time.local_tsa import LocalTsa, openssl_present

    if not openssl_present():
        return
    with LocalTsa(app.work / "tsa") as tsa:
        app.run("timestamps", "set", "--tsa", tsa.url, "--ca-file", tsa.root)
        bundle = app.work / "stamped.zip"
        said = app.run("--case", case, "export", "--out", bundle)
        assert "Trusted timestamp of the export" in said.stdout, said.stderr
        app.run("timestamps", "off")
    verdict = json.loads(app.run("verify", bundle, "--json").stdout)
    assert verdict["ok"] and [(s["kind"], s["ok"]) for s in verdict["timestamps"]] == [
        ("export", True)], verdict["timestamps"]


def check_first_start(app: Installed) -> None:
    """A user account that has never run the app, in Chinese: no data folder yet, sentences in
    Chinese, the window in Chinese, no traceback anywhere."""
    home = app.home / "new-user"
    home.mkdir()
    zh = {"HOME": str(home), "USERPROFILE": str(home), "LANG": "zh_CN.UTF-8",
          "EVIDENCE_LOGGER_LANG": ""}
    data = home / ".local" / "share" / "evidence-logger"
    assert not data.exists()
    version = app.run("--version", env=zh)
    assert version.stdout.strip().startswith("evidence-logger ")
    status = app.run("status", ok=False, env=zh)
    assert status.returncode == 1 and "尚未打开任何案件" in status.stderr, status.stderr
    assert data.is_dir()  # made on first use, with the log in it
    steps, summary = selftest(app, zh)
    assert summary["ok"], steps
    window = steps[-1]
    assert window["step"] == "Main window" and "证据记录" in window["detail"], window
