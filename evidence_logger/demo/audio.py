"""Synthetic call recordings: speech-like sound, encoded by pydub with the bundled ffmpeg.

The sound is two "voices" taking turns: syllables of a gliding voiced tone with a few
harmonics under a smooth envelope, pauses between words and turns, and a low hiss, as a phone
line sounds from across a room. It is made in Python from a seed, handed to pydub as PCM, and
encoded with bit-exact flags and no metadata, so the same call gives the same bytes.
"""

from __future__ import annotations

import array
import logging
import math
import random
from pathlib import Path

from evidence_logger.audio_tools import audio_segment

log = logging.getLogger(__name__)

RATE = 8000  # phone calls are narrow-band; every encoder below takes 8 kHz
# format -> (ffmpeg muxer, encoder, bit rate)
ENCODERS: dict[str, tuple[str, str, str]] = {
    "mp3": ("mp3", "libmp3lame", "16k"),
    "m4a": ("ipod", "aac", "24k"),
    "amr": ("amr", "libopencore_amrnb", "12.2k"),
}
BIT_EXACT = ["-ar", str(RATE), "-map_metadata", "-1", "-fflags", "+bitexact",
             "-flags:a", "+bitexact"]
_HARMONICS = (1.0, 0.6, 0.45, 0.3, 0.2, 0.12)


class AudioError(RuntimeError):
    """ffmpeg could not encode a sample recording."""


def speech_like(seconds: float, seed: int) -> bytes:
    """``seconds`` of speech-like mono 16-bit PCM at :data:`RATE` Hz, the same for one seed."""
    rng = random.Random(seed)
    total = int(seconds * RATE)
    out = array.array("h", bytes(2 * total))
    pos = int(rng.uniform(0.1, 0.3) * RATE)
    voice = 0
    while pos < total:
        base = (120.0, 210.0)[voice] * rng.uniform(0.9, 1.1)
        for _ in range(rng.randint(3, 8)):  # one turn: a few words of syllables
            length = int(rng.uniform(0.12, 0.28) * RATE)
            glide = rng.uniform(-0.25, 0.25)
            loud = rng.uniform(0.35, 0.8) * (0.8 if voice else 1.0)
            phase = 0.0
            for i in range(min(length, total - pos)):
                t = i / length
                f0 = base * (1 + glide * t)
                phase += 2 * math.pi * f0 / RATE
                value = sum(a * math.sin(k * phase) for k, a in enumerate(_HARMONICS, 1))
                out[pos + i] = int(6000 * loud * math.sin(math.pi * t) * value)
            pos += length + int(rng.uniform(0.02, 0.12) * RATE)
            if pos >= total:
                break
        pos += int(rng.uniform(0.25, 0.6) * RATE)  # the other one answers
        voice = 1 - voice
    hiss = random.Random(seed + 1)
    for i in range(total):
        out[i] = max(-32768, min(32767, out[i] + int(hiss.gauss(0, 120))))
    return out.tobytes()


def write_recording(path: Path, fmt: str, seconds: float, seed: int) -> Path:
    """Encode :func:`speech_like` sound as ``fmt`` (mp3, m4a or amr) into ``path``."""
    muxer, codec, bitrate = ENCODERS[fmt]
    sound = audio_segment()(data=speech_like(seconds, seed), sample_width=2, frame_rate=RATE,
                            channels=1)
    try:
        with path.open("wb") as out:
            sound.export(out, format=muxer, codec=codec, bitrate=bitrate, parameters=BIT_EXACT)
    except Exception as error:  # pydub's CouldntEncodeError, OSError, a missing ffmpeg
        log.error("ffmpeg failed on %s: %s", path, error)
        path.unlink(missing_ok=True)
        raise AudioError(str(path)) from error
    log.debug("wrote %s (%d bytes)", path, path.stat().st_size)
    return path
