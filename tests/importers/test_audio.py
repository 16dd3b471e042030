"""Audio recordings: detection by content, durations, and the cheap checks for cut-off files."""

from __future__ import annotations

import ast
import hashlib
import json
import random
import re
import zipfile
from pathlib import Path

import imageio_ffmpeg
import pytest

from evidence_logger.importers.audio import (
    amr,
    audio_format,
    ffmpeg_probe,
    flac,
    mp4,
    mpeg,
    probe_audio,
    sniff,
)
from evidence_logger.records import SkipFile
from tests.fixtures.audio import FORMATS, decodes, make_audio, write_amr_wb

SECONDS = 2.0
TOLERANCE = 0.15
ROOT = Path(__file__).resolve().parents[2]

EMPTY = "{name} is empty."
NOT_AUDIO = "{name} is not an audio recording: its content is not any audio format we know."
NOT_AUDIO_EXT = ("{name} is not an audio recording: its content is not any audio format we "
                 "know, although its name ends in {ext}.")
CUT = ("{name} is cut off: the recording ends early, perhaps because it was not copied "
       "completely.")
UNFINISHED = ("{name} is unfinished: the phone never closed the recording properly (its index "
              "is missing), so it cannot be played.")
DAMAGED = "{name} is damaged and cannot be read as an audio recording."
UNREADABLE = ("{name} could not be read. Check that it still exists and that you are allowed "
              "to open it.")

# format id -> (codec, sample rate) that probe_audio must report for the fixtures
STREAMS = {
    "mp3": ("mp3", 22050), "m4a": ("aac", 16000), "3gp": ("amr_nb", 8000),
    "amr-nb": ("amr_nb", 8000), "amr-wb": ("amr_wb", 16000), "ogg-opus": ("opus", 48000),
    "ogg-vorbis": ("vorbis", 22050), "wav": ("pcm_s16le", 8000), "flac": ("flac", 16000),
    "aac": ("aac", 16000),
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One recording per format; the ".dat" name shows that only the content counts."""
    folder = tmp_path_factory.mktemp("audio")
    return {fmt: make_audio(folder / f"tone-{fmt}.dat", fmt, SECONDS) for fmt in FORMATS}


def _copy(tmp_path: Path, data: bytes, name: str = "copy.dat") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _skip(path: Path) -> SkipFile:
    with pytest.raises(SkipFile) as caught:
        probe_audio(path)
    assert caught.value.params["name"] == path.name
    return caught.value


# ------------------------------------------------------------------------------- real files

def test_fixtures_cover_every_format() -> None:
    assert set(FORMATS) == set(STREAMS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_is_detected_from_the_first_64_bytes(samples: dict[str, Path], fmt: str) -> None:
    assert audio_format(samples[fmt].read_bytes()[:64]) == fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_probe_reads_duration_and_stream(samples: dict[str, Path], fmt: str) -> None:
    info = probe_audio(samples[fmt])
    codec, rate = STREAMS[fmt]
    assert (info.kind, info.format) == ("recording", fmt)
    assert info.meta["duration"] == pytest.approx(SECONDS, abs=TOLERANCE)
    assert (info.meta["codec"], info.meta["sample_rate"], info.meta["channels"]) == (codec, rate, 1)
    assert info.at is None


def test_probe_never_changes_the_original(samples: dict[str, Path]) -> None:
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
              for p in samples.values()}
    for path in samples.values():
        probe_audio(path)
    assert before == {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
                      for p in samples.values()}


def test_hand_written_amr_wb_decodes_with_ffmpeg(samples: dict[str, Path]) -> None:
    ok, messages = decodes(samples["amr-wb"])
    assert ok, messages


def test_longer_amr_wb_has_exact_duration(tmp_path: Path) -> None:
    path = write_amr_wb(tmp_path / "long.awb", frames=3456, mode=8)
    assert probe_audio(path).meta["duration"] == pytest.approx(3456 * 0.02)


# --------------------------------------------------------------------------- not audio at all

def _zip_bytes(tmp_path: Path) -> bytes:
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as z:
        z.writestr("calls.xml", "<calls/>")
    return (tmp_path / "a.zip").read_bytes()


NOT_AUDIO_HEADS = {
    "text": "通话记录 2023-05-06 催收电话\n".encode(),
    "utf-16 text with BOM": "\ufeffHello, this is text".encode("utf-16-le"),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    "xml": b'<?xml version="1.0" encoding="UTF-8"?>\n<calls count="1">',
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    "avif": b"\x00\x00\x00\x20ftypavif\x00\x00\x00\x00avifmif1miafMA1B",
    "nothing": b"",
}


@pytest.mark.parametrize("kind", NOT_AUDIO_HEADS)
def test_other_content_is_not_audio(kind: str) -> None:
    assert audio_format(NOT_AUDIO_HEADS[kind]) is None


def test_zip_is_not_audio(tmp_path: Path) -> None:
    assert audio_format(_zip_bytes(tmp_path)[:64]) is None


def test_text_named_mp3_is_skipped(tmp_path: Path) -> None:
    path = _copy(tmp_path, NOT_AUDIO_HEADS["text"] * 20, "录音.mp3")
    error = _skip(path)
    assert (error.template, error.params["ext"]) == (NOT_AUDIO_EXT, ".mp3")


def test_png_named_m4a_is_skipped(tmp_path: Path) -> None:
    error = _skip(_copy(tmp_path, NOT_AUDIO_HEADS["png"] + bytes(200), "call.M4A"))
    assert (error.template, error.params["ext"]) == (NOT_AUDIO_EXT, ".m4a")


def test_zip_named_zip_is_skipped(tmp_path: Path) -> None:
    assert _skip(_copy(tmp_path, _zip_bytes(tmp_path), "backup.zip")).template == NOT_AUDIO


def test_empty_file_is_skipped(tmp_path: Path) -> None:
    assert _skip(_copy(tmp_path, b"", "empty.amr")).template == EMPTY


def test_folder_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "call.mp3"
    folder.mkdir()
    assert _skip(folder).template == UNREADABLE


def test_unreadable_file_is_skipped(tmp_path: Path, samples: dict[str, Path],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy(tmp_path, samples["amr-nb"].read_bytes(), "locked.amr")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)  # the tests run as root, so chmod cannot do it
    assert _skip(path).template == UNREADABLE


# ------------------------------------------------------------------------------- cut-off files

@pytest.mark.parametrize("fmt", FORMATS)
def test_file_cut_at_60_percent_is_skipped(tmp_path: Path, samples: dict[str, Path],
                                           fmt: str) -> None:
    data = samples[fmt].read_bytes()
    assert _skip(_copy(tmp_path, data[:len(data) * 6 // 10])).template == CUT


@pytest.mark.parametrize("fmt", ["mp3", "aac", "amr-nb", "amr-wb", "ogg-opus", "flac"])
def test_last_bytes_missing_is_skipped(tmp_path: Path, samples: dict[str, Path],
                                       fmt: str) -> None:
    data = samples[fmt].read_bytes()
    assert _skip(_copy(tmp_path, data[:-3])).template == CUT


def test_mp3_without_xing_header_is_caught_by_its_last_frame(tmp_path: Path,
                                                             samples: dict[str, Path]) -> None:
    data = samples["mp3"].read_bytes()
    start = sniff._id3_size(data)
    assert start is not None
    info_frame = mpeg._mpeg(data, start)
    assert start and info_frame and data[start:start + info_frame.length].count(b"Info") == 1
    plain = data[:start] + data[start + info_frame.length:]  # CBR, as old encoders write it
    assert probe_audio(_copy(tmp_path, plain)).meta["duration"] == pytest.approx(
        SECONDS, abs=TOLERANCE)
    assert _skip(_copy(tmp_path, plain[:len(plain) * 6 // 10])).template == CUT


def test_id3_tag_longer_than_the_file_is_cut(tmp_path: Path) -> None:
    tag = b"ID3\x04\x00\x00\x00\x00\x10\x00"  # declares 2,048 bytes of tag
    assert _skip(_copy(tmp_path, tag + bytes(100))).template == CUT


def test_mp4_without_moov_is_unfinished(tmp_path: Path, samples: dict[str, Path]) -> None:
    data = samples["m4a"].read_bytes()
    moov = data.index(b"moov") - 4  # ffmpeg writes moov last, as phones do
    assert _skip(_copy(tmp_path, data[:moov])).template == UNFINISHED


def test_mp4_whose_recorder_stopped_before_sizing_mdat_is_unfinished(
        tmp_path: Path, samples: dict[str, Path]) -> None:
    data = samples["m4a"].read_bytes()
    mdat, moov = data.index(b"mdat") - 4, data.index(b"moov") - 4
    placeholder = (1).to_bytes(4, "big") + b"mdat" + bytes(8)  # 64-bit size, never filled in
    cut = data[:mdat] + placeholder + data[mdat + 8:moov]
    assert _skip(_copy(tmp_path, cut)).template == UNFINISHED


def test_mp4_box_running_past_the_end_is_cut(tmp_path: Path, samples: dict[str, Path]) -> None:
    data = samples["3gp"].read_bytes()
    assert _skip(_copy(tmp_path, data[:-1])).template == CUT


def test_wav_data_chunk_longer_than_the_file_is_cut(tmp_path: Path,
                                                    samples: dict[str, Path]) -> None:
    data = bytearray(samples["wav"].read_bytes())
    data[4:8] = b"\xff\xff\xff\xff"  # a streaming writer's RIFF size: only the data chunk tells
    assert _skip(_copy(tmp_path, bytes(data[:-100]))).template == CUT


def test_wav_whose_writer_never_finished_the_header_reads_to_the_end(
        tmp_path: Path, samples: dict[str, Path]) -> None:
    data = bytearray(samples["wav"].read_bytes())
    data[4:8] = bytes(4)
    data[data.index(b"data") + 4:data.index(b"data") + 8] = bytes(4)
    info = probe_audio(_copy(tmp_path, bytes(data)))
    assert info.meta["duration"] == pytest.approx(SECONDS)


def test_amr_cut_on_a_frame_boundary_is_not_noticed(tmp_path: Path,
                                                    samples: dict[str, Path]) -> None:
    """A known limit: AMR has no frame count, so a cut between frames looks like a short file."""
    data = samples["amr-nb"].read_bytes()
    info = probe_audio(_copy(tmp_path, data[:6 + 50 * 32]))
    assert info.meta["duration"] == pytest.approx(1.0)


def test_amr_with_a_reserved_frame_type_is_damaged(tmp_path: Path,
                                                   samples: dict[str, Path]) -> None:
    data = bytearray(samples["amr-nb"].read_bytes())
    data[6 + 40 * 32] = 12 << 3  # frame 41: type 12 is reserved
    assert _skip(_copy(tmp_path, bytes(data))).template == DAMAGED


def test_ogg_cut_on_a_page_boundary_is_not_noticed(tmp_path: Path,
                                                   samples: dict[str, Path]) -> None:
    """A known limit: a cut between Ogg pages leaves a shorter but whole file."""
    data = samples["ogg-vorbis"].read_bytes()
    last_page = data.rindex(b"OggS")
    info = probe_audio(_copy(tmp_path, data[:last_page]))
    assert info.meta["duration"] < SECONDS


def _flac_frames(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"\xff[\xf8\xf9]", data)
            if flac._flac_frame_header(data, m.start()) is not None]


def test_flac_cut_on_a_frame_boundary_is_caught_by_the_sample_count(
        tmp_path: Path, samples: dict[str, Path]) -> None:
    data = samples["flac"].read_bytes()
    boundary = next(p for p in _flac_frames(data) if p > len(data) * 6 // 10)
    assert _skip(_copy(tmp_path, data[:boundary])).template == CUT


def _without_sample_count(data: bytes) -> bytes:
    """STREAMINFO as an encoder that was stopped leaves it: total samples 0."""
    packed = int.from_bytes(data[18:26], "big") & ~((1 << 36) - 1)
    return data[:18] + packed.to_bytes(8, "big") + data[26:]


def test_flac_without_sample_count_is_timed_by_its_last_frame(
        tmp_path: Path, samples: dict[str, Path]) -> None:
    data = _without_sample_count(samples["flac"].read_bytes())
    assert probe_audio(_copy(tmp_path, data)).meta["duration"] == pytest.approx(SECONDS)
    # Cut inside a frame: only the CRC-16 of the last frame can tell.
    cut = data[:next(p for p in _flac_frames(data) if p > len(data) * 6 // 10) + 50]
    assert _skip(_copy(tmp_path, cut)).template == CUT


def test_flac_without_streaminfo_is_damaged(tmp_path: Path) -> None:
    comment = b"\x84\x00\x00\x08" + b"\x00" * 8  # a last VORBIS_COMMENT block, no STREAMINFO
    assert _skip(_copy(tmp_path, b"fLaC" + comment + bytes(100))).template == DAMAGED


def test_flac_with_id3_tag_in_front_is_flac(tmp_path: Path, samples: dict[str, Path]) -> None:
    tag = b"ID3\x03\x00\x00\x00\x00\x00\x0a" + bytes(10)
    info = probe_audio(_copy(tmp_path, tag + samples["flac"].read_bytes()))
    assert (info.format, info.meta["duration"]) == ("flac", pytest.approx(SECONDS))


def test_trailing_id3v1_tag_is_not_a_cut(tmp_path: Path, samples: dict[str, Path]) -> None:
    tagged = samples["mp3"].read_bytes() + b"TAG" + bytes(125)
    assert probe_audio(_copy(tmp_path, tagged)).format == "mp3"


# ---------------------------------------------------------------------------- AMR frame counts

def _amr_file(frames: list[int], magic: bytes = b"#!AMR\n") -> tuple[bytes, int]:
    sizes = amr._AMR_SIZES["amr-nb" if magic == b"#!AMR\n" else "amr-wb"]
    rng = random.Random(7)
    body = b"".join(bytes([ft << 3 | 4]) + rng.randbytes(sizes[ft] or 0) for ft in frames)
    return magic + body, len(frames)


def test_amr_with_changing_modes_is_counted_exactly(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Speech, SID and NO_DATA frames mixed, read in chunks that end inside frames."""
    rng = random.Random(3)
    types: list[int] = []
    while len(types) < 5000:
        types += [rng.choice([0, 4, 7, 8, 15])] * rng.choice([1, 1, 2, 7, 40, 300])
    data, count = _amr_file(types)
    path = _copy(tmp_path, data, "mixed.amr")
    assert probe_audio(path).meta["frames"] == count
    monkeypatch.setattr(amr, "_AMR_CHUNK", 997)
    assert probe_audio(path).meta["frames"] == count
    assert _skip(_copy(tmp_path, data[:-1], "cut.amr")).template == CUT


def test_large_constant_mode_amr_is_counted(tmp_path: Path) -> None:
    data, _ = _amr_file([7])
    frames = 300_000  # 100 minutes, 9.6 MB, more than one read chunk
    path = _copy(tmp_path, data + data[6:] * (frames - 1), "long.amr")
    assert probe_audio(path).meta == {"duration": pytest.approx(frames * 0.02),
                                      "codec": "amr_nb", "sample_rate": 8000, "channels": 1,
                                      "frames": frames}


def test_amr_with_header_only_lasts_zero_seconds(tmp_path: Path) -> None:
    assert probe_audio(_copy(tmp_path, b"#!AMR-WB\n")).meta["duration"] == 0.0


# -------------------------------------------------------------------------- ffmpeg as fallback

def test_ffmpeg_probe_reads_headers(samples: dict[str, Path]) -> None:
    found = ffmpeg_probe(samples["3gp"])
    assert found is not None
    assert (found["codec"], found["sample_rate"], found["channels"]) == ("amr_nb", 8000, 1)
    assert found["duration"] == pytest.approx(SECONDS, abs=TOLERANCE)


def test_ffmpeg_probe_finds_no_audio_in_text(tmp_path: Path) -> None:
    assert ffmpeg_probe(_copy(tmp_path, NOT_AUDIO_HEADS["text"] * 50)) == {}


def test_ffmpeg_gives_the_duration_when_mutagen_cannot(
        samples: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: object) -> object:
        raise ValueError("mutagen bug")

    monkeypatch.setattr(mpeg, "MP3", fail)
    info = probe_audio(samples["mp3"])
    assert info.meta["duration"] == pytest.approx(SECONDS, abs=TOLERANCE)
    assert info.meta["codec"] == "mp3"


def test_without_ffmpeg_the_duration_is_unknown(
        samples: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: object) -> object:
        raise ValueError("mutagen bug")

    def no_ffmpeg() -> str:
        raise RuntimeError("no ffmpeg")

    monkeypatch.setattr(mp4, "MP4", fail)
    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", no_ffmpeg)  # the bundled binary
    assert probe_audio(samples["m4a"]).meta["duration"] is None


def test_id3_tag_over_garbage_is_damaged(tmp_path: Path) -> None:
    tag = b"ID3\x03\x00\x00\x00\x00\x00\x00"
    assert _skip(_copy(tmp_path, tag + NOT_AUDIO_HEADS["text"] * 50)).template == DAMAGED


# --------------------------------------------------------------------------------- translation

def _skipfile_templates(package: Path) -> set[str]:
    templates = set()
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "SkipFile":
                first = node.args[0]
                assert isinstance(first, ast.Constant) and isinstance(first.value, str)
                templates.add(first.value)
    return templates


def test_every_message_has_a_chinese_translation() -> None:
    templates = _skipfile_templates(ROOT / "evidence_logger/importers/audio")
    catalogue = json.loads((ROOT / "resources/translations/zh_CN/audio.json")
                           .read_text(encoding="utf-8"))
    assert templates == set(catalogue)
    assert templates == {EMPTY, NOT_AUDIO, NOT_AUDIO_EXT, CUT, UNFINISHED, DAMAGED, UNREADABLE}
    for english, chinese in catalogue.items():
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", chinese))
