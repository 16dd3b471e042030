"""The Mandarin path as far as no real Mandarin model allows (none is on a package registry):
espeak-ng's Mandarin decoded and cut into segments at its pauses, the sherpa-onnx engine there
and refusing a folder that is not a model with a sentence, and the Chinese lexicon rules reading
what a stand-in for the Mandarin model hears (source "machine transcript", cited with the
segment's time, the borrower's correction preferred)."""

from __future__ import annotations

import numpy as np
import pytest

from evidence_logger.importing import run
from evidence_logger.parties import set_party
from evidence_logger.rules import evaluate
from evidence_logger.speech import audio
from evidence_logger.speech.engine import EngineInfo, SherpaEngine, SpeechUnavailable
from evidence_logger.speech.store import correct
from evidence_logger.speech.transcribing import transcribe_recordings
from evidence_logger.tasks import drive
from tests.speech.voices import speak

SAID = ["你好，我是催收部门的", "今天不还钱就爆你通讯录"]
COLLECTOR = "+8613800138000"


class StandIn:
    """Hears the sentences spoken, in order (what a Mandarin model would return)."""

    def __init__(self) -> None:
        self.info = EngineInfo("stand-in 1", "mandarin-test", "zh")
        self.heard = iter(SAID)

    def recognise(self, samples: np.ndarray) -> str:
        assert samples.dtype == np.float32 and len(samples) > 1600
        return next(self.heard, "")


def test_mandarin_speech_is_cut_at_its_pauses(tmp_path):
    wav = speak(tmp_path / "zh.wav", SAID, voice="cmn", speed=150)
    samples = audio.decode(wav, "zh.wav")
    spans = audio.speech_spans(samples)
    assert len(spans) == 2 and spans[0].end < spans[1].start


def test_sherpa_engine_refuses_what_is_not_a_model(tmp_path):
    pytest.importorskip("sherpa_onnx")
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "model.int8.onnx").write_bytes(b"not onnx")
    (folder / "tokens.txt").write_text("a 0\n")
    with pytest.raises(SpeechUnavailable, match="could not be loaded"):
        SherpaEngine("not-a-model", "sense-voice", folder)


def test_chinese_threats_in_a_transcript_are_found_with_their_time(case, tmp_path):
    phone = tmp_path / "phone"
    phone.mkdir()
    speak(phone / "13800138000(13800138000)_20260302112000.wav", SAID, voice="cmn", speed=150)
    run(case, [phone])
    set_party(case.db, COLLECTOR, case.region, role="collector", platform="速借金融")
    report = drive(transcribe_recordings(case, load=StandIn))
    assert report.transcribed == 1 and report.segments == 2
    (finding,) = [f for f in evaluate(case) if f.details.get("in") == "transcript"]
    assert finding.matched == ["爆你通讯录"] and finding.platform == "速借金融"
    (spoken,) = finding.details["spoken"]
    assert spoken["seq"] == 2 and spoken["start_ms"] > 1000 and spoken["read"] == "machine"
    # the borrower's correction is what the rule reads; the machine's text stays in the finding
    sha = spoken["sha256"]
    correct(case.db, sha, 2, "今天不还钱就联系你家人")
    again = [f for f in evaluate(case) if f.details.get("in") == "transcript"]
    assert all(s["read"] == "corrected" for f in again for s in f.details["spoken"])
    assert all(s["text"] == SAID[1] for f in again for s in f.details["spoken"])
