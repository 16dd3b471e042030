"""Speech for the tests, synthesised by espeak-ng, and the smallest real speech model a package
registry carries (PocketSphinx's English model inside its wheel; the extra ``test``)."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

RATE = 22_050  # espeak-ng's own rate
PAUSE_S = 1.2
THREAT = "we will kill you"
PLAIN = "money money money"


def espeak() -> str:
    exe = shutil.which("espeak-ng")
    if exe is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng; .ci/run installs it)")
    return exe


def sphinx_model() -> Path:
    try:
        import pocketsphinx
    except ImportError:
        pytest.skip("pocketsphinx (the test speech model) is not installed: pip install .[test]")
    return Path(pocketsphinx.get_model_path()) / "en-us"


def speak(target: Path, sentences: list[str], voice: str = "en-us", speed: int = 160) -> Path:
    """A WAV of ``sentences`` spoken one after the other with pauses between them."""
    exe = espeak()
    parts = []
    for sentence in sentences:
        done = subprocess.run([exe, "-v", voice, "-s", str(speed), "--stdout", sentence],
                              capture_output=True, check=True)
        with wave.open(_buffer(done.stdout)) as spoken:
            parts.append(np.frombuffer(spoken.readframes(spoken.getnframes()), dtype="<i2"))
        parts.append(np.zeros(int(PAUSE_S * RATE), dtype="<i2"))
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.concatenate([np.zeros(RATE // 2, dtype="<i2"), *parts]).tobytes())
    return target


def _buffer(data: bytes):
    import io

    return io.BytesIO(data)
