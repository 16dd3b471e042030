"""The format registry: every format once, and detection, pairing and reading all from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_logger.importers import formats
from evidence_logger.importers.formats import FORMATS, KINDS, REGISTRY, SNIFFERS
from tests.fixtures.audio import FORMATS as AUDIO_SAMPLES
from tests.fixtures.audio import make_audio


def test_each_format_is_declared_once_with_a_known_kind():
    assert len(FORMATS) == len(REGISTRY)
    for fmt in REGISTRY:
        assert fmt.kind in KINDS and fmt.sniff in SNIFFERS, fmt.id
        assert fmt.extensions and all(e == e.lower() and e.startswith(".")
                                      for e in fmt.extensions), fmt.id
        assert (fmt.read is None) == (fmt.kind in (formats.METADATA, formats.OTHER)), fmt.id
        assert fmt.sidecar == (fmt.kind == formats.RECORDING), fmt.id


@pytest.mark.parametrize("fmt", AUDIO_SAMPLES)
def test_every_audio_sample_is_detected_as_a_registered_recording(tmp_path: Path, fmt: str):
    path = make_audio(tmp_path / "tone", fmt, 0.3)
    assert formats.detect(path) == ("recording", fmt)
    assert FORMATS[fmt].kind == "recording"


@pytest.mark.parametrize("name", ["a.oga", "a.OGG", "a.mp4", "a.3g2", "a.m4a", "a.amr",
                                  "a.awb", "a.opus", "a.flac", "a.wav"])
def test_recordings_of_every_extension_pair_with_a_sidecar(name: str):
    assert formats.pairs_with_sidecar(Path(name))


@pytest.mark.parametrize("name", ["a.json", "a.xml", "a.jpg", "a.csv", "a"])
def test_other_files_do_not(name: str):
    assert not formats.pairs_with_sidecar(Path(name))


def test_a_text_file_is_no_format(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("nothing to import here\n", encoding="utf-8")
    assert formats.detect(path) is None
