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


# ---------------------------------------------------- the newer rows of the reference's table

NEWER = {
    # Samsung One UI: English and localised prefixes, numbers and contact names
    "Call recording 18611112222_240917_204501.m4a":
        _name("samsung", "18611112222", datetime(2024, 9, 17, 20, 45, 1)),
    "通话录音 13599887766_251231_235958.m4a":
        _name("samsung", "13599887766", datetime(2025, 12, 31, 23, 59, 58)),
    "Call recording 王经理_230105_090807.m4a":
        _name("samsung", None, datetime(2023, 1, 5, 9, 8, 7), contact_name="王经理"),
    "Call recording +86 176 0001 2345_220228_120000.m4a":
        _name("samsung", "+86 176 0001 2345", datetime(2022, 2, 28, 12)),
    "Anrufaufnahme Max Muster_210704_071530.m4a":
        _name("samsung", None, datetime(2021, 7, 4, 7, 15, 30), contact_name="Max Muster"),
    # True Phone: "@" form and "(number label)" form, both directions
    "10010 @ 2024-06-30_235901_in.amr":
        _name("truephone", "10010", datetime(2024, 6, 30, 23, 59, 1), direction="in"),
    "催收李 @ 2023-02-14_080000_out.amr":
        _name("truephone", None, datetime(2023, 2, 14, 8), direction="out",
              contact_name="催收李"),
    "陈先生 (15012345678 手机) 2025-01-09_134512_in.m4a":
        _name("truephone", "15012345678", datetime(2025, 1, 9, 13, 45, 12), direction="in",
              contact_name="陈先生"),
    "Office (+86 21 6012 3456 Work) 2024-11-02_091503_out.amr":
        _name("truephone", "+86 21 6012 3456", datetime(2024, 11, 2, 9, 15, 3),
              direction="out", contact_name="Office"),
    "Anna (0711-123456) 2022-08-08_080808_in.amr":
        _name("truephone", "0711-123456", datetime(2022, 8, 8, 8, 8, 8), direction="in",
              contact_name="Anna"),
    # LG: 0 or 1, 14-digit time, number or "null"
    "0d20221130081522p02161234567.3gp":
        _name("lg", "02161234567", datetime(2022, 11, 30, 8, 15, 22)),
    "1d20250704230001p+8613711223344.3gp":
        _name("lg", "+8613711223344", datetime(2025, 7, 4, 23, 0, 1)),
    "1d20240229120000pnull.3gp": _name("lg", None, datetime(2024, 2, 29, 12)),
    # BCR older and compatible: 1 to 6 fraction digits, any zone, optional parts, withheld
    "20240302_101112.5+0800_18800001111.ogg":
        _name("bcr", "18800001111", datetime(2024, 3, 2, 10, 11, 12, 500000),
              utc_offset_minutes=480),
    "20221010_202020.881926-0400_out_+12025550173.m4a":
        _name("bcr", "+12025550173", datetime(2022, 10, 10, 20, 20, 20, 881926),
              direction="out", utc_offset_minutes=-240),
    "20210605_000001+0000_in_sim2_4412345678_Mr_Lee.oga":
        _name("bcr", "4412345678", datetime(2021, 6, 5, 0, 0, 1), direction="in",
              contact_name="Mr_Lee", utc_offset_minutes=0),
    "20250115_183000.07+0800_in_.ogg":
        _name("bcr", "unknown", datetime(2025, 1, 15, 18, 30, 0, 70000), direction="in",
              utc_offset_minutes=480),
    "20250115_183000.1234+0800_in_sim1_.flac":
        _name("bcr", "unknown", datetime(2025, 1, 15, 18, 30, 0, 123400), direction="in",
              utc_offset_minutes=480),
    "20250116_090000.000+0800_out.m4a":
        _name("bcr", None, datetime(2025, 1, 16, 9), direction="out", utc_offset_minutes=480),
    # MIUI brackets: spaces, dashes, parentheses, 0086; a label instead of a number
    "李四(186-0000-1111)_20240102030405.mp3":
        _name("miui", "186-0000-1111", datetime(2024, 1, 2, 3, 4, 5), contact_name="李四"),
    "通话录音@催收(0086 139 8765 4321)_20231120101010.mp3":
        _name("miui", "+86 139 8765 4321", datetime(2023, 11, 20, 10, 10, 10),
              contact_name="催收"),
    "某公司((020) 8765-4321)_20230808080808.mp3":
        _name("miui", "(020) 8765-4321", datetime(2023, 8, 8, 8, 8, 8), contact_name="某公司"),
    "137 0000 2222(137 0000 2222)_20220101121212.mp3":
        _name("miui", "137 0000 2222", datetime(2022, 1, 1, 12, 12, 12)),
    "95533(客服热线)_20240315091011.mp3":
        _name("miui", "95533", datetime(2024, 3, 15, 9, 10, 11), contact_name="客服热线"),
    "通话录音@12368(法院服务)_20240315091011.mp3":
        _name("miui", "12368", datetime(2024, 3, 15, 9, 10, 11), contact_name="法院服务"),
    "招商银行(信用卡中心)_20240315091011.mp3":
        _name("miui", None, datetime(2024, 3, 15, 9, 10, 11), contact_name="招商银行"),
    # any other recorder: one date-time and one number, in either order
    "录音_13912340000_2024-03-05 14.22.10.mp3":
        _name("other", "13912340000", datetime(2024, 3, 5, 14, 22, 10)),
    "Rec 20230709-221500 +86 139-0000-7777.m4a":
        _name("other", "+86 139-0000-7777", datetime(2023, 7, 9, 22, 15)),
    "2022_12_01_07_08_09 from 95566.wav":
        _name("other", "95566", datetime(2022, 12, 1, 7, 8, 9)),
    "call_240605_131415_07552345678.amr":
        _name("other", "07552345678", datetime(2024, 6, 5, 13, 14, 15)),
    "通话 15600001234 20241001080910.mp3":
        _name("other", "15600001234", datetime(2024, 10, 1, 8, 9, 10)),
    # messy real shapes: a copy's "(1)", upper-case extensions, formatted numbers
    "Call recording 13912345670_250314_083015(1).m4a":
        _name("other", "13912345670", datetime(2025, 3, 14, 8, 30, 15)),
    "通话录音@张三(139 1234 5670)_20240101101010.MP3":
        _name("miui", "139 1234 5670", datetime(2024, 1, 1, 10, 10, 10), contact_name="张三"),
    "+86 139-1234-5670 @ 2024-01-01_101010_out.M4A":
        _name("truephone", "+86 139-1234-5670", datetime(2024, 1, 1, 10, 10, 10),
              direction="out"),
}


@pytest.mark.parametrize("filename", NEWER)
def test_newer_recorders_and_any_number_with_a_time(filename: str) -> None:
    assert parse_recording_name(filename) == NEWER[filename]


@pytest.mark.parametrize("filename", [
    "Call recording 13912345678_251314_083015.m4a",  # Samsung, month 13
    "95588 @ 2025-11-31_091503_in.amr",  # True Phone, 31 November
    "1d20240132193012p13912345678.3gp",  # LG, 32 January
    "20231005_071530.12+0860_13912345678.flac",  # BCR, a zone of 60 minutes
    "Voice 13912345678.m4a",  # a number, no time
    "13912345678 2024.03.05 14.22.10 then 2024.03.06 10.00.00.mp3",  # two times
    "13912345678 20241305142210.mp3",  # month 13
])
def test_newer_shapes_that_do_not_say_enough(filename: str) -> None:
    assert parse_recording_name(filename) is None


@pytest.mark.parametrize(("filename", "when"), [
    ("Recording_2024-03-05_14-22-10.m4a", datetime(2024, 3, 5, 14, 22, 10)),  # no number
    ("Meeting room 3 2023.12.30 07.06.05 take 2.m4a",  # short counters are not numbers
     datetime(2023, 12, 30, 7, 6, 5)),
    ("13912345678 or 13800001111 20240305142210.mp3",  # two numbers: whose call?
     datetime(2024, 3, 5, 14, 22, 10)),
    ("backup 20220101 copy 20220305142210.mp3",  # a date beside the time is not a number
     datetime(2022, 3, 5, 14, 22, 10)),
    ("rec 250101-000102 room 123456.ogg", datetime(2025, 1, 1, 0, 1, 2)),  # six digits: no
])
def test_a_time_without_a_number_is_kept_to_place_by(filename: str, when: datetime) -> None:
    assert parse_recording_name(filename) == _name("other", None, when)


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


# ------------------------- a localised prefix or a contact beside the number in the party part

PREFIXED = {
    # Huawei-like: <prefix or contact><sep><number>_<yyyyMMddHHmmss>
    "通话录音_13812345678_20261003074109.amr":
        _name("huawei", "13812345678", datetime(2026, 10, 3, 7, 41, 9)),
    "录音-15900002222_20250102030405.m4a":
        _name("huawei", "15900002222", datetime(2025, 1, 2, 3, 4, 5)),
    "Call recording 95588_20240607080910.amr":
        _name("huawei", "95588", datetime(2024, 6, 7, 8, 9, 10)),
    "王催收_17700003333_20231111111111.amr":
        _name("huawei", "17700003333", datetime(2023, 11, 11, 11, 11, 11),
              contact_name="王催收"),
    "通话录音_赵六_18600004444_20220809101112.m4a":
        _name("huawei", "18600004444", datetime(2022, 8, 9, 10, 11, 12), contact_name="赵六"),
    # vivo-like: <prefix or contact> <number> yyyy-MM-dd HH-mm-ss
    "录音 13812345678 2026-10-03 07-41-09.mp3":
        _name("vivo", "13812345678", datetime(2026, 10, 3, 7, 41, 9)),
    "通话录音 +8613600005555 2021-04-05 06-07-08.amr":
        _name("vivo", "+8613600005555", datetime(2021, 4, 5, 6, 7, 8)),
    "孙经理 13500006666 2020-02-29 23-59-58.m4a":
        _name("vivo", "13500006666", datetime(2020, 2, 29, 23, 59, 58), contact_name="孙经理"),
    # ColorOS-like: <prefix><sep><number>-<yyMMddHHmm>
    "录音_13300007777-2203021149.mp3":
        _name("coloros", "13300007777", datetime(2022, 3, 2, 11, 49), precision_s=60),
}


@pytest.mark.parametrize("filename", PREFIXED)
def test_one_number_beside_a_prefix_or_contact_is_the_number(filename: str) -> None:
    assert parse_recording_name(filename) == PREFIXED[filename]


@pytest.mark.parametrize("filename", [
    "通话录音_13812345678_13900001111_20261003074109.amr",
    "录音 13812345678 13900001111 2026-10-03 07-41-09.mp3",
    "转接 95588 18800009999-2610030741.mp3",
])
def test_two_numbers_in_the_party_are_not_guessed(filename: str) -> None:
    found = parse_recording_name(filename)
    assert found is not None and found.local_time is not None
    assert found.number is None
