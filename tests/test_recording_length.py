"""A recording much shorter or longer than its call is said so: in ``events list --json``, the
window's timeline (tests/gui) and the dossier, in Chinese and English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidence_logger.case import Case
from evidence_logger.parties import set_party
from evidence_logger.recording_length import length_note, seconds_words
from evidence_logger.report.document import build_report
from tests.fixtures.audio import make_audio
from tests.fixtures.exports import T0_MS, sbr_call, write_sbr
from tests.test_cli import run_cli
from tests.test_importing import stamp

MINUTE = 60_000


@pytest.mark.parametrize(("recording", "call", "late", "said"), [
    (4, 45, None, "the recording covers the first 4 s of a 45 s call"),
    (4.4, 45.2, 2, "the recording covers the first 4 s of a 45 s call"),
    (62, 45, None, "the recording (62 s) is longer than the call (45 s)"),
    (20, 300, 95, "the recording covers 20 s of a 5 min 00 s call, starting about 95 s after "
                  "the call began"),
    (3700, 7300, None, "the recording covers the first 1 h 01 min of a 2 h 01 min call"),
    (40, 45, None, None),  # 5 s apart: the log counts from connection, the recorder from start
    (30, 36, None, None),  # 6 s but under a fifth of the call
    (1200, 1207, 30, None),
    (10, 14, None, None),  # over a fifth, but only 4 s
    (None, 45, None, None),
    (20, None, None, None),
    (20, 0, None, None),
])
def test_the_sentence_and_its_threshold(recording, call, late, said):
    assert length_note(recording, call, late_s=late, lang="en") == said


def test_the_sentence_in_chinese():
    assert length_note(4, 45, lang="zh_CN") == "录音只录下了这通 45 秒 通话的前 4 秒"
    assert length_note(62, 45, lang="zh_CN") == "录音（62 秒）比通话（45 秒）还长"
    assert seconds_words(185, "zh_CN") == "3 分 05 秒"


def recorded_calls(root: Path) -> dict[str, Path]:
    """A log with three answered calls from one collector and a recording of each: one that
    stops after 4 s, one longer than its call, one that matches."""
    root.mkdir(parents=True)
    t = T0_MS
    log = write_sbr(root / "calls-2.xml", "calls", [
        sbr_call(0, number="17122223333", type="1", duration="45", date=str(t)),
        sbr_call(0, number="17122223333", type="1", duration="12", date=str(t + 30 * MINUTE)),
        sbr_call(0, number="17122223333", type="1", duration="21", date=str(t + 90 * MINUTE)),
    ])
    folder = root / "call_rec"
    folder.mkdir()
    for offset, seconds in ((0, 4.0), (30 * MINUTE, 25.0), (90 * MINUTE, 20.0)):
        make_audio(folder / f"17122223333(17122223333)_{stamp(t + offset, '%Y%m%d%H%M%S')}.mp3",
                   "mp3", seconds)
    return {"log": log, "recordings": folder}


@pytest.fixture
def folder(tmp_path, capsys) -> Path:
    files = recorded_calls(tmp_path / "phone")
    case = tmp_path / "case"
    run_cli(capsys, "init", case, "--timezone", "Asia/Shanghai")
    code, _, err = run_cli(capsys, "--case", case, "import", files["recordings"], files["log"])
    assert code == 0, err
    return case


def test_events_list_json_says_it(folder, capsys):
    code, out, _ = run_cli(capsys, "--case", folder, "events", "list", "--json")
    calls = [e for e in json.loads(out) if e["kind"] == "call"]
    assert code == 0 and len(calls) == 3
    short, long_, right = calls
    assert short["recording_note"] == "the recording covers the first 4 s of a 45 s call"
    assert short["recording_duration"] == pytest.approx(4, abs=0.1)
    assert long_["recording_note"] == "the recording (25 s) is longer than the call (12 s)"
    assert "recording_note" not in right
    assert right["recording_duration"] == pytest.approx(20, abs=0.1)
    code, out, _ = run_cli(capsys, "--case", folder, "events", "list")
    assert code == 0 and "(the recording covers the first 4 s of a 45 s call)" in out


def flat(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.mark.parametrize(("lang", "short", "long_"), [
    ("en", "therecordingcoversthefirst4sofa45scall",
     "therecording(25s)islongerthanthecall(12s)"),
    ("zh", "录音只录下了这通45秒通话的前4秒", "录音（25秒）比通话（12秒）还长"),
])
def test_the_dossier_says_it_in_the_recordings_table_and_the_timeline(folder, tmp_path, lang,
                                                                      short, long_):
    with Case.open(folder) as case:
        set_party(case.db, "17122223333", case.region, role="collector", platform="某某贷")
        out = build_report(case, tmp_path / f"dossier-{lang}.pdf", lang=lang)
    text = flat(out)
    assert text.count(short) == 2  # the recordings table and the timeline
    assert text.count(long_) == 2
