"""Transcribing recordings: the real-time factor (seconds spent per second of audio) of the
speech model present, on this machine.

Input (synthesised on every run by espeak-ng, a fixed text): a call of about two minutes, turns
of one or two sentences with a pause of 1.2 s between them, in Mandarin (voice ``cmn``) for a
Mandarin model and in English for an English one, written as a 16-bit WAV of 22.05 kHz (as a
phone's recorder might) into ``--workdir``.

Subject: ``transcribe_recordings`` of a case holding that recording, all of it: decoding with
ffmpeg, the cut at pauses, the engine on each segment, the writing of the transcript (the
engine is loaded before timing). The figure is the minimum and the median over ``--rounds``
rounds of (time / audio seconds). Aim for the Mandarin model (SenseVoice-Small int8): under 0.2.
The model is the one added (``speech-model add``), else PocketSphinx's English model when the
package is installed (the tests' model); with neither, the benchmark is skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

ENGLISH = ["hello this is the collection department", "you owe us money money money",
           "we will kill you", "pay today or we call your family", "do you understand me"]
MANDARIN = ["你好，我是催收部门的", "你欠我们的钱今天必须还", "今天不还钱就爆你通讯录",
            "我们会联系你的家人和单位", "你听明白了吗"]
PAUSE_S = 1.2
RATE = 22_050


def _speech(target: Path, sentences: list[str], voice: str, seconds: float) -> float:
    parts: list[np.ndarray] = []
    total = 0.0
    while total < seconds:
        for sentence in sentences:
            done = subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "--stdout",
                                   sentence], capture_output=True, check=True)
            with wave.open(_reader(done.stdout)) as spoken:
                chunk = np.frombuffer(spoken.readframes(spoken.getnframes()), dtype="<i2")
            parts += [chunk, np.zeros(int(PAUSE_S * RATE), dtype="<i2")]
            total += len(chunk) / RATE + PAUSE_S
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.concatenate(parts).tobytes())
    return total


def _reader(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def _engine() -> tuple[Any, str] | None:
    from evidence_logger.speech import models
    from evidence_logger.speech.engine import SphinxEngine

    model = models.active()
    if model is not None:
        return models.load(model.name, model.kind, model.folder), model.kind
    try:
        import pocketsphinx
    except ImportError:
        return None
    folder = Path(pocketsphinx.get_model_path()) / "en-us"
    return SphinxEngine("pocketsphinx-en-us (test model)", folder), "pocketsphinx"


def bench(workdir: Path, rounds: int, seconds: float) -> dict[str, Any]:
    from evidence_logger.case import Case
    from evidence_logger.importing import run
    from evidence_logger.speech.transcribing import transcribe_recordings
    from evidence_logger.tasks import drive

    found = _engine()
    if found is None:
        return {"skipped": "no speech model is added and pocketsphinx is not installed"}
    engine, kind = found
    english = kind == "pocketsphinx"
    phone = workdir / "phone"
    phone.mkdir(parents=True, exist_ok=True)
    wav = phone / "13800138000(13800138000)_20260302112000.wav"
    audio_s = _speech(wav, ENGLISH if english else MANDARIN, "en-us" if english else "cmn",
                      seconds)
    factors = []
    segments = 0
    with Case.create(workdir / "case", name="bench", timezone="Asia/Shanghai") as case:
        run(case, [phone])
        for _ in range(rounds):
            start = time.perf_counter()
            report = drive(transcribe_recordings(case, again=True, load=lambda: engine))
            factors.append((time.perf_counter() - start) / audio_s)
            segments = report.segments
    return {"engine": engine.info.engine, "model": engine.info.model,
            "audio_s": round(audio_s, 1), "segments": segments, "rounds": rounds,
            "rtf_min": round(min(factors), 4), "rtf_median": round(statistics.median(factors), 4),
            "aim": "< 0.2 for the Mandarin model" if not english else "reported"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-transcribe-") as scratch:
        workdir = args.workdir or Path(scratch)
        print(json.dumps(bench(workdir, args.rounds, args.seconds), ensure_ascii=False,
                         indent=1))


if __name__ == "__main__":
    main()
