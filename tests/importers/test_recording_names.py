"""Call recordings' file names and BCR sidecars: number, contact, local time, direction, zone."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from evidence_logger.importers.recording_names import (
    SIDECAR_MAX_BYTES,
    parse_recording_name,
    read_bcr_sidecar,
)
from evidence_logger.records import RecordingName


def _name(vendor: str, number: str | None, when: datetime, **kw: Any) -> RecordingName:
    return RecordingName(vendor, number, when, **kw)


LONG_NAME = ("某某网络小额贷款有限公司催收部" + "某" * 50)[:50]
NAMES = {
    # phone-formats.md examples
    "通话录音@10086(10086)_20191104110052.mp3":
        _name("miui", "10086", datetime(2019, 11, 4, 11, 0, 52)),
    "15882033521(15882033521)_20230506192735.mp3":
        _name("miui", "15882033521", datetime(2023, 5, 6, 19, 27, 35)),
    "张三@13800138000_20210305143012.m4a":
        _name("huawei", "13800138000", datetime(2021, 3, 5, 14, 30, 12), contact_name="张三"),
    "10987654321-2203021149.mp3":
        _name("coloros", "10987654321", datetime(2022, 3, 2, 11, 49), precision_s=60),
    "19145520861 2019-05-16 10-06-40.amr":
        _name("vivo", "19145520861", datetime(2019, 5, 16, 10, 6, 40)),
    "+48123456789_240506_225406577.amr":
        _name("lineageos", "+48123456789", datetime(2024, 5, 6, 22, 54, 6, 577000)),
    "CallRecord_20230619-121746_+12192826655.m4a":
        _name("grapheneos", "+12192826655", datetime(2023, 6, 19, 12, 17, 46)),
    "20230113_231851.904+0530_out_sim1_199_Vodafone Care.m4a":
        _name("bcr", "199", datetime(2023, 1, 13, 23, 18, 51, 904000), direction="out",
              contact_name="Vodafone Care", utc_offset_minutes=330),
    # MIUI: localised prefixes, no prefix, contact names, 00 for +, p for ",", s for "*"
    "Вызов@Мама(0048123456789)_20230506192735.mp3":
        _name("miui", "+48123456789", datetime(2023, 5, 6, 19, 27, 35), contact_name="Мама"),
    "Call@Bank(95588)_20230506192735.mp3":
        _name("miui", "95588", datetime(2023, 5, 6, 19, 27, 35), contact_name="Bank"),
    "张三(13800138000)_20230506192735.mp3":
        _name("miui", "13800138000", datetime(2023, 5, 6, 19, 27, 35), contact_name="张三"),
    "0085298765432(0085298765432)_20240101000000.mp3":
        _name("miui", "+85298765432", datetime(2024, 1, 1)),
    "催收 王(95511p1s2)_20240229235959.mp3":
        _name("miui", "95511,1*2", datetime(2024, 2, 29, 23, 59, 59), contact_name="催收 王"),
    f"{LONG_NAME}(4008123123)_20230506192735.mp3":  # MIUI cuts names at 50 characters
        _name("miui", "4008123123", datetime(2023, 5, 6, 19, 27, 35), contact_name=LONG_NAME),
    "通话录音@张三(公司)(13800138000)_李四(13900139000)_20230506192735.mp3":
        _name("miui", "13800138000", datetime(2023, 5, 6, 19, 27, 35), contact_name="张三(公司)"),
    # Huawei without a contact; ColorOS and vivo with a contact name instead of the number
    "13800138000_20210305143012.amr":
        _name("huawei", "13800138000", datetime(2021, 3, 5, 14, 30, 12)),
    "张三-2203021149.mp3":
        _name("coloros", None, datetime(2022, 3, 2, 11, 49), precision_s=60,
              contact_name="张三"),
    "李四 2019-05-16 10-06-40.m4a":
        _name("vivo", None, datetime(2019, 5, 16, 10, 6, 40), contact_name="李四"),
    # BCR: optional parts left out, names with underscores, other zones and extensions
    "20230101_010203.456+0000_out_1234567890_John_Doe.oga":
        _name("bcr", "1234567890", datetime(2023, 1, 1, 1, 2, 3, 456000), direction="out",
              contact_name="John_Doe", utc_offset_minutes=0),
    "20230414_215701.088-0400_in_+15551234567.flac":
        _name("bcr", "+15551234567", datetime(2023, 4, 14, 21, 57, 1, 88000), direction="in",
              utc_offset_minutes=-240),
    "20230522_164658.997+0200_conference_sim2.m4a":
        _name("bcr", None, datetime(2023, 5, 22, 16, 46, 58, 997000), utc_offset_minutes=120),
    "20231231_235959.000+0800_in_sim1_催收.wav":
        _name("bcr", None, datetime(2023, 12, 31, 23, 59, 59), direction="in",
              contact_name="催收", utc_offset_minutes=480),
}


@pytest.mark.parametrize("filename", NAMES)
def test_vendor_names(filename: str) -> None:
    assert parse_recording_name(filename) == NAMES[filename]


@pytest.mark.parametrize("filename", [
    "(10086)_20191304110052.mp3",  # MIUI, month 13
    "张三@13800138000_20210230143012.m4a",  # Huawei, 30 February
    "10987654321-2213021149.mp3",  # ColorOS, month 22
    "19145520861 2019-05-16 25-06-40.amr",  # vivo, hour 25
    "+48123456789_240506_236406577.amr",  # LineageOS, minute 64
    "CallRecord_20230632-121746_+12192826655.m4a",  # GrapheneOS, 32 June
    "20230113_231861.904+0530_out_sim1_199_Vodafone Care.m4a",  # BCR, second 61
    "13800138000_19650305143012.amr",  # before any phone
    "IMG_20230506_192735.jpg",
    "Screenshot_20230506-192735.png",
    "录音.mp3",
    "10086.mp3",
    "13800138000_20210305143012.txt",
    "",
])
def test_names_that_say_nothing(filename: str) -> None:
    assert parse_recording_name(filename) is None


def test_folders_are_ignored() -> None:
    path = "MIUI/sound_recorder/call_rec/15882033521(15882033521)_20230506192735.mp3"
    assert parse_recording_name(path) == NAMES["15882033521(15882033521)_20230506192735.mp3"]
    assert parse_recording_name("Sounds\\CallRecord\\张三@13800138000_20210305143012.m4a") \
        == NAMES["张三@13800138000_20210305143012.m4a"]


def test_extension_case_does_not_matter() -> None:
    assert parse_recording_name("10987654321-2203021149.MP3") == NAMES["10987654321-2203021149.mp3"]


# ------------------------------------------------------------------------------- BCR sidecars

SIDECAR: dict[str, Any] = {
    "timestamp_unix_ms": 1673632131904,
    "timestamp": "2023-01-13T23:18:51.904+05:30",
    "direction": "out",
    "sim_slot": 1,
    "call_log_name": "Vodafone",
    "calls": [{"phone_number": "+91199", "phone_number_formatted": "199",
               "caller_name": None, "contact_name": "Vodafone Care"}],
    "output": {"format": {"type": "AAC/M4A", "mime_type_container": "audio/mp4",
                          "mime_type_audio": "audio/mp4a-latm", "parameter_type": "bitrate",
                          "parameter": 64000},
               "recording": {"frames_total": 4800, "frames_encoded": 4800, "sample_rate": 48000,
                             "channel_count": 1, "duration_secs_total": 0.1,
                             "duration_secs_encoded": 0.1, "buffer_frames": 480,
                             "buffer_overruns": 0, "was_ever_paused": False,
                             "was_ever_holding": False}},
}
STEM = "20230113_231851.904+0530_out_sim1_199_Vodafone Care"


def _sidecar(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / f"{STEM}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_sidecar_gives_number_contact_direction_and_zone(tmp_path: Path) -> None:
    expected = _name("bcr", "+91199", datetime(2023, 1, 13, 23, 18, 51, 904000),
                     direction="out", contact_name="Vodafone Care", utc_offset_minutes=330)
    assert read_bcr_sidecar(_sidecar(tmp_path, SIDECAR)) == expected


def test_sidecar_is_found_beside_the_recording(tmp_path: Path) -> None:
    _sidecar(tmp_path, SIDECAR)
    found = read_bcr_sidecar(tmp_path / f"{STEM}.m4a")
    assert found is not None and found.number == "+91199"


def test_sidecar_missing_gives_none(tmp_path: Path) -> None:
    assert read_bcr_sidecar(tmp_path / f"{STEM}.m4a") is None


def test_sidecar_with_only_the_unix_time_is_utc(tmp_path: Path) -> None:
    doc: dict[str, object] = {"timestamp_unix_ms": 1673632131904, "direction": None,
                              "calls": []}
    assert read_bcr_sidecar(_sidecar(tmp_path, doc)) == _name(
        "bcr", None, datetime(2023, 1, 13, 17, 48, 51, 904000), utc_offset_minutes=0)


def test_sidecar_with_only_the_iso_time(tmp_path: Path) -> None:
    doc = {"timestamp": "2023-04-14T21:57:01.088-04:00", "direction": "in",
           "calls": [{"phone_number": None, "phone_number_formatted": "(555) 123-4567",
                      "caller_name": "ACME COLLECT", "contact_name": None}]}
    assert read_bcr_sidecar(_sidecar(tmp_path, doc)) == _name(
        "bcr", "(555) 123-4567", datetime(2023, 4, 14, 21, 57, 1, 88000), direction="in",
        contact_name="ACME COLLECT", utc_offset_minutes=-240)


def test_sidecar_conference_and_call_log_name(tmp_path: Path) -> None:
    doc = dict(SIDECAR, direction="conference", calls=[{"phone_number": "+8613800138000"}])
    found = read_bcr_sidecar(_sidecar(tmp_path, doc))
    assert found is not None
    assert (found.direction, found.contact_name) == (None, "Vodafone")


@pytest.mark.parametrize("content", [
    b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'"text"', b"null",
    b'{"name": "some other app"}', b"[" * 100_000 + b"]" * 100_000,
    b'{"timestamp_unix_ms": 1e400, "calls": "nope", "direction": 5}',
])
def test_broken_sidecars_give_none_or_little(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    found = read_bcr_sidecar(path)
    assert found is None or (found.number, found.local_time) == (None, None)


def test_huge_sidecar_is_ignored(tmp_path: Path) -> None:
    doc = dict(SIDECAR, padding="x" * SIDECAR_MAX_BYTES)
    assert read_bcr_sidecar(_sidecar(tmp_path, doc)) is None


def test_sidecar_out_of_range_time(tmp_path: Path) -> None:
    doc = dict(SIDECAR, timestamp_unix_ms=10**20, timestamp="not a time")
    found = read_bcr_sidecar(_sidecar(tmp_path, doc))
    assert found is not None and found.local_time is None and found.number == "+91199"
