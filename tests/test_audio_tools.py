"""pydub converts with the bundled ffmpeg and never needs ffprobe (which is not bundled)."""

from __future__ import annotations

import wave
from pathlib import Path

import imageio_ffmpeg
import pytest

from evidence_logger.audio_tools import audio_segment
from evidence_logger.demo.audio import write_recording
from evidence_logger.importers.audio import probe_audio


def test_pydub_converts_with_the_bundled_ffmpeg():
    assert audio_segment().converter == imageio_ffmpeg.get_ffmpeg_exe()


@pytest.mark.parametrize("fmt", ["mp3", "m4a", "amr"])
def test_a_sample_recording_is_encoded_without_ffprobe(tmp_path: Path, monkeypatch, fmt):
    import pydub.utils

    def no_ffprobe(*args: object, **kwargs: object) -> None:
        raise AssertionError("ffprobe was asked for")

    monkeypatch.setattr(pydub.utils, "get_prober_name", no_ffprobe)
    monkeypatch.setattr(pydub.utils, "mediainfo_json", no_ffprobe)
    path = write_recording(tmp_path / f"call.{fmt}", fmt, 1.5, seed=7)
    info = probe_audio(path)
    assert info.meta["duration"] == pytest.approx(1.5, abs=0.25)  # encoder padding
    assert write_recording(tmp_path / f"again.{fmt}", fmt, 1.5, seed=7).read_bytes() == \
        path.read_bytes()  # bit-exact


def test_the_pcm_handed_to_pydub_is_what_was_made(tmp_path: Path):
    out = tmp_path / "plain.wav"
    sound = audio_segment()(data=b"\x01\x00" * 800, sample_width=2, frame_rate=8000, channels=1)
    with out.open("wb") as f:
        sound.export(f, format="wav")
    with wave.open(str(out)) as reader:
        assert (reader.getframerate(), reader.getnframes()) == (8000, 800)
