"""The waveform's peaks and the playable copy: real decoding with the bundled ffmpeg."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from evidence_logger.waveform import (
    CANNOT_DECODE,
    Peaks,
    WaveformError,
    _Reducer,
    iter_peaks,
    peaks,
    playable_copy,
)
from tests.fixtures.audio import make_audio


@pytest.mark.parametrize("fmt", ["mp3", "amr-nb", "m4a"])
def test_peaks_of_a_real_recording(tmp_path: Path, fmt: str):
    path = make_audio(tmp_path / f"tone.{fmt}", fmt, 2.0)
    before = path.read_bytes()
    found = peaks(path, 200)
    assert isinstance(found, Peaks)
    assert 100 < len(found) <= 200
    assert found.duration == pytest.approx(2.0, abs=0.15)
    assert all(-1.0 <= low <= high <= 1.0 for low, high in found.pairs)
    loudest = max(high for _, high in found.pairs)
    assert 0.05 < loudest  # a tone, not silence
    assert path.read_bytes() == before  # the original is only read


def test_peaks_yield_progress_and_can_be_stopped(tmp_path: Path):
    path = make_audio(tmp_path / "long.wav", "wav", 30.0)
    job = iter_peaks(path, 100)
    first = next(job)
    assert 0 < first.done <= 30 and first.unit == "seconds"
    job.close()  # kills ffmpeg; nothing left running


def test_corrupt_input_gives_a_clear_error(tmp_path: Path):
    path = tmp_path / "broken.mp3"
    path.write_bytes(b"this is not audio at all, just text\n" * 50)
    with pytest.raises(WaveformError) as raised:
        peaks(path)
    assert str(raised.value) == CANNOT_DECODE


def test_missing_file_gives_a_clear_error(tmp_path: Path):
    with pytest.raises(WaveformError):
        peaks(tmp_path / "gone.mp3")


def test_reducer_keeps_memory_bounded_and_extremes_exact():
    from array import array

    reducer = _Reducer(10)
    samples = array("h", [0] * 100_000)
    samples[12_345] = 30_000
    samples[77_777] = -20_000
    for start in range(0, len(samples), 4096):
        reducer.add(samples[start:start + 4096])
        assert len(reducer.lows) < 20
    result = reducer.result()
    assert len(result) <= 10
    assert max(h for _, h in result.pairs) == pytest.approx(30_000 / 32768)
    assert min(low for low, _ in result.pairs) == pytest.approx(-20_000 / 32768)


def test_playable_copy_is_a_wav_outside_the_original(tmp_path: Path):
    path = make_audio(tmp_path / "call.amr", "amr-nb", 1.0)
    before = path.read_bytes()
    copy = playable_copy(path, tmp_path / "cache", "abc")
    with wave.open(str(copy)) as reader:
        assert reader.getnframes() > 0
    assert copy.parent == tmp_path / "cache"
    assert playable_copy(path, tmp_path / "cache", "abc") == copy  # reused
    assert path.read_bytes() == before
