"""The whole path end to end with a real model: a speech model added, a call recording spoken
by espeak-ng imported and transcribed, the threat found by the lexicon rule with the second it
was said, a correction kept beside the machine's text, search by what was said, the bundle
carrying the transcript and the dossier printing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.speech.voices import PLAIN, THREAT, speak, sphinx_model
from tests.test_cli import run_cli, run_json

COLLECTOR = "+12025550143"
NAME = "12025550143(12025550143)_20260302112000.wav"


@pytest.fixture
def folder(tmp_path: Path, capsys) -> Path:
    case = tmp_path / "case"
    assert run_cli(capsys, "init", case, "--timezone", "America/New_York", "--profile",
                   "us")[0] == 0
    assert run_cli(capsys, "--case", case, "party", "set", COLLECTOR, "--role", "collector",
                   "--platform", "QuickLoan")[0] == 0
    return case


@pytest.fixture
def phone(tmp_path: Path) -> Path:
    folder = tmp_path / "phone"
    folder.mkdir()
    speak(folder / NAME, [PLAIN, THREAT])
    return folder


def test_recording_transcribed_flagged_corrected_and_carried(capsys, folder, phone, tmp_path):
    code, out, err = run_cli(capsys, "speech-model", "add", sphinx_model(), "--name", "en-test")
    assert code == 0, err
    code, out, err = run_cli(capsys, "--case", folder, "import", phone)
    assert code in (0, 3), err
    assert "Transcribed 1 recording(s)" in out and "pocketsphinx" in out
    (item,) = [e for e in run_json(capsys, "--case", folder, "evidence", "list", "--json")
               if e["kind"] == "recording"]
    sha = item["sha256"]
    shown = run_json(capsys, "--case", folder, "transcript", sha[:12], "--json")
    assert shown["machine_made"] and shown["model"] == "en-test"
    assert shown["engine"].startswith("pocketsphinx")
    segments = shown["segments"]
    assert len(segments) == 2, segments
    assert segments[0]["start_ms"] < segments[0]["end_ms"] <= segments[1]["start_ms"]
    threat = segments[1]
    assert "kill you" in threat["text"], segments

    findings = run_json(capsys, "--case", folder, "findings", "--json")
    spoken = [f for f in findings if f["details"].get("in") == "transcript"]
    assert spoken, findings
    (finding,) = spoken
    assert finding["matched"] == ["kill you"] and finding["severity"] != "note"
    assert finding["details"]["source"] == "machine transcript"
    cited = finding["details"]["spoken"][0]
    assert cited["sha256"] == sha and cited["start_ms"] == threat["start_ms"]
    assert cited["read"] == "machine" and sha in finding["evidence"]

    # the borrower corrects the first segment: both texts kept, the correction read
    code, out, err = run_cli(capsys, "--case", folder, "transcript", sha[:12], "--correct",
                             "1", "pay the money")
    assert code == 0, err
    assert "corrected by the borrower: pay the money" in out and PLAIN in out
    again = run_json(capsys, "--case", folder, "transcript", sha[:12], "--json")
    assert again["segments"][0]["text"] == segments[0]["text"]
    assert again["segments"][0]["corrected"] == "pay the money"

    # transcribing again keeps the correction beside the new machine text
    assert run_json(capsys, "--case", folder, "transcribe", "--all", "--json")["transcribed"] == 1
    assert run_json(capsys, "--case", folder, "transcript", sha[:12],
                    "--json")["segments"][0]["corrected"] == "pay the money"

    # the bundle carries the transcript; opened, the case holds it again
    bundle = tmp_path / "case.zip"
    code, out, err = run_cli(capsys, "--case", folder, "export", "--out", bundle)
    assert code == 0, err
    opened = tmp_path / "opened"
    code, out, err = run_cli(capsys, "open", bundle, "--to", opened)
    assert code == 0, err
    carried = run_json(capsys, "--case", opened, "transcript", sha[:12], "--json")
    assert [s["text"] for s in carried["segments"]] == [s["text"] for s in again["segments"]]
    assert carried["segments"][0]["corrected"] == "pay the money"


def test_dossier_prints_the_transcript_marked_machine_made(capsys, folder, phone, tmp_path):
    from pypdf import PdfReader

    assert run_cli(capsys, "speech-model", "add", sphinx_model())[0] == 0
    assert run_cli(capsys, "--case", folder, "import", phone)[0] in (0, 3)
    (item,) = [e for e in run_json(capsys, "--case", folder, "evidence", "list", "--json")
               if e["kind"] == "recording"]
    run_cli(capsys, "--case", folder, "transcript", item["sha256"][:12], "--correct", "1",
            "pay the money")
    pdf = tmp_path / "dossier.pdf"
    code, _, err = run_cli(capsys, "--case", folder, "report", "--lang", "en", "--out", pdf)
    assert code == 0, err
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "machine transcripts" in text and "pocketsphinx" in text
    assert "kill you" in text and "Corrected by the borrower: pay the money" in text


def test_status_counts_the_recordings_waiting_for_a_transcript(capsys, folder, phone):
    assert run_cli(capsys, "--case", folder, "import", phone)[0] in (0, 3)  # no model yet
    assert run_json(capsys, "--case", folder, "status", "--json")[
        "recordings_untranscribed"] == 1
    code, out, _ = run_cli(capsys, "--case", folder, "status")
    assert code == 0
    assert "1 recording(s) have no transcript yet: evidence-logger transcribe" in out
    assert run_cli(capsys, "speech-model", "add", sphinx_model())[0] == 0
    assert run_json(capsys, "--case", folder, "transcribe", "--json")["transcribed"] == 1
    assert run_json(capsys, "--case", folder, "status", "--json")[
        "recordings_untranscribed"] == 0
    assert "no transcript yet" not in run_cli(capsys, "--case", folder, "status")[1]
