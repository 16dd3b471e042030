"""Tests for evidence_logger.importers.images: formats, capture times and refused files."""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageFile

from evidence_logger.importers import images
from evidence_logger.importers.images import image_format, probe_image
from evidence_logger.records import TRUST_MEDIUM, TRUST_STRONG, TRUST_WEAK, ReadContext, SkipFile
from tests.fixtures.images import (
    DATE_TIME,
    EXIF_IFD,
    OFFSET_TIME,
    drop_tail,
    flip_byte,
    make_bomb_png,
    make_screenshot,
    truncate_file,
    write_image,
)

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ReadContext(tz=ZoneInfo("Asia/Shanghai"))
NEW_YORK = ReadContext(tz=ZoneInfo("America/New_York"))
# The screenshot in most tests: 2026-03-02 23:10:05.250 +08:00 = 15:10:05.250 UTC.
WHEN = datetime(2026, 3, 2, 23, 10, 5, 250_000)
WHEN_UTC_MS = 1_772_464_205_250


def utc_ms(*parts: int, tz: ZoneInfo | timezone = UTC) -> int:
    """Milliseconds since the epoch of a wall-clock time in ``tz`` (the test's own oracle)."""
    year, month, day, hour, minute, second, ms = parts if len(parts) == 7 else (*parts, 0)
    return int(datetime(year, month, day, hour, minute, second, ms * 1000,
                        tzinfo=tz).timestamp() * 1000)


# --- image_format ------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "expected"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
    (b"\xff\xd8\xff\xe1\x12\x34Exif\x00\x00", "jpeg"),
    (b"RIFF\x72\x02\x00\x00WEBPVP8X", "webp"),
    (b"GIF89a\x68\x01\x80\x02", "gif"),
    (b"GIF87a\x68\x01\x80\x02", "gif"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
    (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00", "heic"),
    (b"", None),
    (b"\x89PN", None),
    (b"hello, this is not an image\n", None),
    (b"<?xml version='1.0' encoding='UTF-8'?><calls>", None),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),  # WAV shares RIFF with WebP
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", None),  # m4a shares ftyp with HEIC
    (b"\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00", None),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00", None),
    (b"\xff\xfb\x90\x64\x00", None),  # mp3 frame
    (b"#!AMR\n", None),
    (b"OggS\x00\x02", None),
    (b"\xef\xbb\xbfdate,number\r\n", None),
])
def test_image_format(head: bytes, expected: str | None) -> None:
    assert image_format(head) == expected


# --- capture time from EXIF --------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "suffix"), [("png", "png"), ("jpeg", "jpg"), ("webp", "webp")])
def test_exif_with_offset_is_exact_and_strong(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = make_screenshot(tmp_path / f"IMG_1234.{suffix}", when=WHEN, fmt=fmt, text="pay now")
    info = probe_image(path, NEW_YORK)  # the offset, not the case's zone, decides
    assert (info.kind, info.format) == ("image", fmt)
    assert (info.meta["width"], info.meta["height"]) == (360, 640)
    assert info.at is not None
    assert (info.at.utc_ms, info.at.source, info.at.trust) == (WHEN_UTC_MS, "exif", TRUST_STRONG)
    assert info.meta["exif_datetime_original"] == "2026:03:02 23:10:05"
    assert info.meta["exif_subsec_original"] == "250"
    assert info.meta["exif_offset_original"] == "+08:00"


@pytest.mark.parametrize(("when", "offset", "ctx", "expected_utc"), [
    (WHEN, "-05:00", SHANGHAI, datetime(2026, 3, 3, 4, 10, 5, 250_000, tzinfo=UTC)),
    (WHEN, "+0530", SHANGHAI, datetime(2026, 3, 2, 17, 40, 5, 250_000, tzinfo=UTC)),
    # No offset: the wall clock is in the case's zone and the claim is only medium.
    (WHEN, None, SHANGHAI, datetime(2026, 3, 2, 15, 10, 5, 250_000, tzinfo=UTC)),
    # New York, 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT.
    (datetime(2026, 3, 8, 1, 30), None, NEW_YORK,
     datetime(2026, 3, 8, 6, 30, tzinfo=UTC)),
    (datetime(2026, 3, 8, 3, 30), None, NEW_YORK,
     datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
    # 2026-11-01 01:30 happens twice in New York; the first (EDT) is taken.
    (datetime(2026, 11, 1, 1, 30), None, NEW_YORK,
     datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
])
def test_exif_offsets_and_local_times(tmp_path: Path, when: datetime, offset: str | None,
                                      ctx: ReadContext, expected_utc: datetime) -> None:
    path = make_screenshot(tmp_path / "photo.png", when=when, offset=offset)
    info = probe_image(path, ctx)
    assert info.at is not None
    assert info.at.utc_ms == int(expected_utc.timestamp() * 1000)
    assert info.at.source == "exif"
    assert info.at.trust == (TRUST_STRONG if offset else TRUST_MEDIUM)
    assert ("exif_offset_original" in info.meta) == (offset is not None)


@pytest.mark.parametrize(("offset", "trust", "expected_ms"), [
    (None, TRUST_WEAK, utc_ms(2026, 3, 2, 23, 10, 5, tz=ZoneInfo("Asia/Shanghai"))),
    ("+09:00", TRUST_MEDIUM, utc_ms(2026, 3, 2, 14, 10, 5)),
])
def test_exif_datetime_without_original_is_weaker(tmp_path: Path, offset: str | None,
                                                  trust: str, expected_ms: int) -> None:
    exif = Image.Exif()
    exif[DATE_TIME] = "2026:03:02 23:10:05"
    if offset:
        exif.get_ifd(EXIF_IFD)[OFFSET_TIME] = offset
    path = write_image(tmp_path / "Screenshot_20200101-000000.png", exif=exif)
    info = probe_image(path, SHANGHAI)
    assert info.at is not None
    assert (info.at.utc_ms, info.at.source, info.at.trust) == (expected_ms, "exif", trust)
    assert info.meta["exif_datetime"] == "2026:03:02 23:10:05"


def test_exif_datetime_original_beats_datetime(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[DATE_TIME] = "2027:01:01 00:00:00"  # an editor saved it later
    sub = exif.get_ifd(EXIF_IFD)
    sub[36867], sub[37521], sub[36881] = "2026:03:02 23:10:05", "25", "+08:00"
    info = probe_image(write_image(tmp_path / "a.jpg", exif=exif, fmt="jpeg"), SHANGHAI)
    assert info.at is not None
    assert (info.at.utc_ms, info.at.trust) == (WHEN_UTC_MS, TRUST_STRONG)  # "25" = .250 s
    assert info.meta["exif_datetime"] == "2027:01:01 00:00:00"


def test_unknown_exif_date_falls_through_to_name(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[36867] = "0000:00:00 00:00:00"
    info = probe_image(write_image(tmp_path / "IMG_20230506_192735.jpg", exif=exif, fmt="jpeg"),
                       SHANGHAI)
    assert info.at is not None and info.at.source == "file-name"
    assert info.meta["exif_datetime_original"] == "0000:00:00 00:00:00"


def test_exif_wins_over_a_disagreeing_name(tmp_path: Path) -> None:
    path = make_screenshot(tmp_path / "Screenshot_20250101-120000.png", when=WHEN)
    info = probe_image(path, SHANGHAI)
    assert info.at is not None
    assert (info.at.utc_ms, info.at.source) == (WHEN_UTC_MS, "exif")
    assert info.meta["file_name_time"] == "Screenshot_20250101-120000"  # kept to show the clash


# --- capture time from the file name -----------------------------------------------------

LOCAL_NAMES = [
    ("Screenshot_20230506-192735.png", (2023, 5, 6, 19, 27, 35)),  # stock Android
    ("Screenshot_20230506_192735_WeChat.jpg", (2023, 5, 6, 19, 27, 35)),  # Samsung
    ("Screenshot_2025-10-28-19-07-16-918_com.tencent.mm.jpg", (2025, 10, 28, 19, 7, 16, 918)),
    ("Screenshot_20201114_170057_com.tencent.mm.jpg", (2020, 11, 14, 17, 0, 57)),
    ("IMG_20230506_192735.jpg", (2023, 5, 6, 19, 27, 35)),
    ("IMG_20230506_192735_HDR.jpg", (2023, 5, 6, 19, 27, 35)),
    ("IMG20230506192735.jpg", (2023, 5, 6, 19, 27, 35)),  # OPPO / OnePlus
    ("PXL_20230506_192735123.jpg", (2023, 5, 6, 19, 27, 35, 123)),  # Pixel
    ("Screenshot from 2024-01-05 10-11-12.png", (2024, 1, 5, 10, 11, 12)),  # GNOME
    ("Screenshot 2024-01-05 at 10.11.12.png", (2024, 1, 5, 10, 11, 12)),  # macOS
    ("Screen Shot 2024-01-05 at 2.11.12 PM.png", (2024, 1, 5, 14, 11, 12)),  # older macOS
    ("Screenshot 2024-01-05 at 12.11.12\u202fAM.png", (2024, 1, 5, 0, 11, 12)),
    ("截屏2024-01-05 10.11.12.png", (2024, 1, 5, 10, 11, 12)),  # macOS, Chinese
    ("屏幕快照 2019-01-05 下午3.11.12.png", (2019, 1, 5, 15, 11, 12)),  # older macOS, Chinese
    ("屏幕截图 2024-01-05 101112.png", (2024, 1, 5, 10, 11, 12)),  # Windows 11, Chinese
    ("Screenshot 2024-01-05 101112.png", (2024, 1, 5, 10, 11, 12)),  # Windows 11
    ("微信截图_20240105101112.png", (2024, 1, 5, 10, 11, 12)),  # WeChat for PC
    ("QQ截图20240105101112.png", (2024, 1, 5, 10, 11, 12)),
    ("Snipaste_2024-01-05_10-11-12.png", (2024, 1, 5, 10, 11, 12)),
]
EPOCH_NAMES = ["mmexport1699999999999.jpg", "wx_camera_1699999999999.jpg",
               "microMsg.1699999999999.jpg"]


def _no_exif_image(path: Path) -> Path:
    fmt = {".jpg": "jpeg", ".png": "png", ".webp": "webp"}[path.suffix.lower()]
    return make_screenshot(path, fmt=fmt)


@pytest.mark.parametrize(("name", "local"), LOCAL_NAMES, ids=[n for n, _ in LOCAL_NAMES])
@pytest.mark.parametrize("ctx", [SHANGHAI, NEW_YORK], ids=["shanghai", "new-york"])
def test_local_time_in_name(tmp_path: Path, name: str, local: tuple[int, ...],
                            ctx: ReadContext) -> None:
    info = probe_image(_no_exif_image(tmp_path / name), ctx)
    assert info.at is not None
    assert info.at.utc_ms == utc_ms(*local, tz=ctx.tz)
    assert (info.at.source, info.at.trust) == ("file-name", TRUST_MEDIUM)
    assert "exif_datetime_original" not in info.meta


@pytest.mark.parametrize("name", EPOCH_NAMES)
def test_epoch_ms_in_name_ignores_zone(tmp_path: Path, name: str) -> None:
    for ctx in (SHANGHAI, NEW_YORK):
        info = probe_image(_no_exif_image(tmp_path / name), ctx)
        assert info.at is not None
        assert (info.at.utc_ms, info.at.source, info.at.trust) == (
            1_699_999_999_999, "file-name", TRUST_MEDIUM)


@pytest.mark.parametrize("name", [
    "IMG_1234.PNG", "photo.png", "Screenshot_20231345-999999.png", "mmexport123.jpg",
    "Screenshot_2023.png", "wx_camera_16999999999990.jpg", "my IMG_20230506_192735.jpg",
])
def test_no_time_in_name_falls_back_to_weak_mtime(tmp_path: Path, name: str) -> None:
    path = _no_exif_image(tmp_path / name)
    mtime_ns = 1_700_000_000_123_456_789
    os.utime(path, ns=(mtime_ns, mtime_ns))
    info = probe_image(path, SHANGHAI)
    assert info.at is not None
    assert (info.at.utc_ms, info.at.source, info.at.trust) == (
        1_700_000_000_123, "file-mtime", TRUST_WEAK)


# --- formats -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp", "gif"])
def test_formats_without_exif(tmp_path: Path, fmt: str) -> None:
    path = make_screenshot(tmp_path / f"IMG_1234.{fmt}", fmt=fmt, size=(320, 200))
    info = probe_image(path, SHANGHAI)
    assert (info.format, info.meta["width"], info.meta["height"]) == (fmt, 320, 200)
    assert info.at is not None and info.at.source == "file-mtime"


def test_heic_is_kept_and_dated_by_name(tmp_path: Path) -> None:
    path = tmp_path / "IMG_20230506_192735.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    info = probe_image(path, SHANGHAI)
    assert (info.format, info.meta["width"]) == ("heic", None)
    assert info.at is not None and info.at.source == "file-name"


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp", "gif"])
@pytest.mark.parametrize("with_exif", [True, False])
def test_pixels_are_never_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str,
                                  with_exif: bool) -> None:
    path = make_screenshot(tmp_path / f"a.{fmt}", fmt=fmt, when=WHEN if with_exif else None)

    def refuse(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    assert probe_image(path, SHANGHAI).format == fmt


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp", "gif"])
def test_original_is_untouched(tmp_path: Path, fmt: str) -> None:
    path = make_screenshot(tmp_path / f"a.{fmt}", fmt=fmt, when=WHEN if fmt != "gif" else None)
    os.chmod(path, 0o444)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    probe_image(path, SHANGHAI)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


# --- refused files -----------------------------------------------------------------------

EMPTY = "{name} is empty."
NOT_IMAGE = "{name} does not contain an image (PNG, JPEG, WebP, GIF or HEIC)."
CUT_OFF = ("{name} is cut off: the image ends early, perhaps because it was not copied "
           "completely.")
DAMAGED = "{name} is damaged and cannot be read as an image."
BOMB = "{name} claims an image size too large to open safely, so it was not read."
UNREADABLE = ("{name} could not be read. Check that it still exists and that you are allowed "
              "to open it.")


def _png(p: Path) -> Path:
    return make_screenshot(p, when=WHEN)


def _jpeg(p: Path) -> Path:
    return make_screenshot(p, when=WHEN, fmt="jpeg")


def _damage_idat(p: Path) -> Path:
    _png(p)
    return flip_byte(p, p.read_bytes().index(b"IDAT") + 10)


def _damage_ihdr(p: Path) -> Path:
    _png(p)
    return flip_byte(p, 20)  # inside IHDR's width: its CRC no longer matches


def _made_folder(path: Path) -> Path:
    path.mkdir()
    return path


BROKEN: list[tuple[str, str, Callable[[Path], Path], str]] = [
    ("empty", "a.png", lambda p: (p.write_bytes(b""), p)[1], EMPTY),
    ("text named png", "a.png", lambda p: (p.write_text("not an image\n"), p)[1], NOT_IMAGE),
    ("xml named jpg", "a.jpg", lambda p: (p.write_text("<?xml version='1.0'?><smses/>"), p)[1],
     NOT_IMAGE),
    ("wav named webp", "a.webp",
     lambda p: (p.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(32)), p)[1], NOT_IMAGE),
    ("png half", "a.png", lambda p: truncate_file(_png(p)), CUT_OFF),
    ("png header only", "a.png", lambda p: truncate_file(_png(p), 30), CUT_OFF),
    ("png no IEND", "a.png", lambda p: drop_tail(_png(p), 12), CUT_OFF),
    ("png last CRC byte", "a.png", lambda p: drop_tail(_png(p), 1), CUT_OFF),
    ("png bad IDAT CRC", "a.png", _damage_idat, DAMAGED),
    ("png bad IHDR CRC", "a.png", _damage_ihdr, DAMAGED),
    ("jpeg half", "a.jpg", lambda p: truncate_file(_jpeg(p)), CUT_OFF),
    ("jpeg no EOI", "a.jpg", lambda p: drop_tail(_jpeg(p), 2), CUT_OFF),
    ("jpeg in headers", "a.jpg", lambda p: truncate_file(_jpeg(p), 40), CUT_OFF),
    ("webp half", "a.webp",
     lambda p: truncate_file(make_screenshot(p, when=WHEN, fmt="webp")), CUT_OFF),
    ("gif half", "a.gif", lambda p: truncate_file(make_screenshot(p, fmt="gif")), CUT_OFF),
    ("bomb (error)", "a.png", make_bomb_png, BOMB),
    ("bomb (warning)", "a.png", lambda p: make_bomb_png(p, (10_000, 10_000)), BOMB),
    ("directory", "dir.png", lambda p: _made_folder(p), UNREADABLE),
    ("missing", "gone.png", lambda p: p, UNREADABLE),
]


@pytest.mark.parametrize(("name", "build", "template"), [b[1:] for b in BROKEN],
                         ids=[b[0] for b in BROKEN])
def test_refused_files(tmp_path: Path, name: str, build: Callable[[Path], Path],
                       template: str) -> None:
    path = build(tmp_path / name)
    with pytest.raises(SkipFile) as caught:
        probe_image(path, SHANGHAI)
    assert caught.value.template == template
    assert caught.value.params == {"name": name}


def test_bomb_fixture_is_small(tmp_path: Path) -> None:
    assert make_bomb_png(tmp_path / "b.png").stat().st_size < 1024


def test_jpeg_with_data_after_eoi_is_complete(tmp_path: Path) -> None:
    path = _jpeg(tmp_path / "samsung.jpg")
    path.write_bytes(path.read_bytes() + b"SEFH" + bytes(200) + b"SEFT")  # Samsung's trailer
    assert probe_image(path, SHANGHAI).format == "jpeg"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = _png(tmp_path / "locked.png")
    path.chmod(0)
    with pytest.raises(SkipFile) as caught:
        probe_image(path, SHANGHAI)
    assert caught.value.template == UNREADABLE


# --- translations ------------------------------------------------------------------------

def _templates() -> set[str]:
    tree = ast.parse(Path(images.__file__).read_text(encoding="utf-8"))
    return {str(node.args[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "SkipFile"
            and isinstance(node.args[0], ast.Constant)}


def test_every_template_is_translated() -> None:
    path = ROOT / "resources" / "translations" / "zh_CN" / "images.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    assert set(table) == _templates() == {EMPTY, NOT_IMAGE, CUT_OFF, DAMAGED, BOMB, UNREADABLE}
    for english, chinese in table.items():
        assert chinese.count("{name}") == english.count("{name}") == 1
