"""Screenshots and photos: what an image file says about itself, read without decoding pixels.

:func:`probe_image` checks that a file really is a complete image, reads its size and finds
when it was made, saying where that claim comes from (see ``evidence-practice.md``, "Honest
time"): EXIF DateTimeOriginal, then EXIF DateTime, then the file name, then the file's
modification time. Pillow only parses headers here; the original is opened read-only.
"""

from __future__ import annotations

import logging
import mmap
import re
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image

from evidence_logger.records import (
    TRUST_MEDIUM,
    TRUST_STRONG,
    TRUST_WEAK,
    MediaInfo,
    ReadContext,
    SkipFile,
    TimeClaim,
)

log = logging.getLogger(__name__)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP", "gif": "GIF"}
_PNG_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the whole 12-byte IEND chunk, CRC included

_EXIF_IFD = 0x8769
_DATE_TIME, _DATE_TIME_ORIGINAL = 306, 36867
_OFFSET_TIME, _OFFSET_TIME_ORIGINAL = 36880, 36881
_SUBSEC_TIME, _SUBSEC_TIME_ORIGINAL = 37520, 37521
_EXIF_TIME = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_EXIF_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")

# Names with a local date and time: Android, Samsung, MIUI/Huawei (app package after the time),
# Pixel, GNOME, macOS (English, Chinese, 12-hour), Windows, WeChat/QQ for PC, Snipaste.
_NAME_LOCAL = re.compile(
    r"""^(?:screenshot(?:[ _]from)?|screen[ _]?shot|屏幕截图|屏幕快照|微信截图|qq截图|截屏|截图
        |snipaste|img|pxl)
    [ _-]?
    (?P<y>(?:19|20)\d\d)[-_.]?(?P<mo>\d\d)[-_.]?(?P<d>\d\d)
    (?:[ _]at[ _]|[ _-])?
    (?P<half>上午|下午)?
    (?P<H>\d{1,2})[-_.:]?(?P<M>\d\d)[-_.:]?(?P<S>\d\d)
    (?:[-_.]?(?P<ms>\d{3}))?
    (?:[\s\u202f]?(?P<ampm>am|pm))?
    (?!\d)""",
    re.IGNORECASE | re.VERBOSE,
)
# Names with epoch milliseconds (UTC): WeChat saves (mmexport, old microMsg) and WeChat camera.
_NAME_EPOCH = re.compile(r"^(?:mmexport|wx_camera_|microMsg\.)(?P<ms>\d{13})(?!\d)", re.IGNORECASE)


def image_format(head: bytes) -> str | None:
    """Name the image format of a file from its first bytes (16 are enough), or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heic"
    return None


def probe_image(path: Path, ctx: ReadContext) -> MediaInfo:
    """Check that ``path`` is a complete image and read its size and capture time.

    Raises :class:`SkipFile` for an empty, unreadable, non-image, cut-off or damaged file and
    for a "decompression bomb" (a header claiming an absurd pixel count).
    """
    try:
        with path.open("rb") as f:
            head = f.read(32)
        mtime_ns = path.stat().st_mtime_ns
    except OSError as e:
        log.warning("cannot read %s: %s", path, e)
        raise SkipFile("{name} could not be read. Check that it still exists and that you "
                       "are allowed to open it.", name=path.name) from e
    if not head:
        raise SkipFile("{name} is empty.", name=path.name)
    fmt = image_format(head)
    if fmt is None:
        raise SkipFile("{name} does not contain an image (PNG, JPEG, WebP, GIF or HEIC).",
                       name=path.name)

    meta: dict[str, object] = {"width": None, "height": None}
    exif = None
    if fmt != "heic":  # Pillow cannot read HEIC; keep the original and date it by name/mtime
        if _is_cut_off(path, fmt):
            raise SkipFile("{name} is cut off: the image ends early, perhaps because it was "
                           "not copied completely.", name=path.name)
        meta["width"], meta["height"], exif = _open_headers(path, fmt)

    claims = [_exif_claim(exif, ctx.tz, meta) if exif is not None else None,
              _name_claim(path.name, ctx.tz, meta),
              TimeClaim(mtime_ns // 1_000_000, "file-mtime", TRUST_WEAK)]
    return MediaInfo(kind="image", format=fmt, meta=meta,
                     at=next(c for c in claims if c is not None))


def _open_headers(path: Path, fmt: str) -> tuple[int, int, Image.Exif | None]:
    """Open with Pillow (headers only) and return width, height and the EXIF, if any."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[_PILLOW_FORMATS[fmt]]) as im:
                width, height = im.size
                exif = _read_exif(im.info.get("exif"), path)
                if fmt == "png":
                    im.verify()  # walks chunks and checks CRCs without inflating pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        log.warning("refusing %s: %s", path, e)
        raise SkipFile("{name} claims an image size too large to open safely, so it was "
                       "not read.", name=path.name) from e
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as e:
        log.warning("damaged image %s: %r", path, e)
        raise SkipFile("{name} is damaged and cannot be read as an image.",
                       name=path.name) from e
    return width, height, exif


def _read_exif(raw: object, path: Path) -> Image.Exif | None:
    """Parse EXIF bytes from ``im.info``. Not ``im.getexif()``: for a PNG without an eXIf
    chunk before IDAT, that calls ``load()`` and so decodes every pixel."""
    if not isinstance(raw, bytes):
        return None
    exif = Image.Exif()
    try:
        exif.load(raw)
    except Exception as e:
        log.warning("ignoring unreadable EXIF in %s: %r", path, e)
        return None
    return exif


def _is_cut_off(path: Path, fmt: str) -> bool:
    """Tell whether the file ends before its format says it should (a cheap structural check)."""
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if fmt == "png":  # also catches a missing IEND CRC, which Pillow's verify() lets pass
            return data.rfind(_PNG_IEND) == -1
        if fmt == "webp":
            return int.from_bytes(data[4:8], "little") + 8 > len(data)
        if fmt == "gif":
            return data[-1:] != b"\x3b"
        return _jpeg_cut_off(data)


def _jpeg_cut_off(data: mmap.mmap) -> bool:
    """Walk JPEG segments to the first scan, then look for the end-of-image marker after it.

    Scan data never holds FF D9 (FF bytes are stuffed), and segments before the scan (an EXIF
    thumbnail) are skipped by length, so finding one means the image ends where it should.
    Trailing data after it (Samsung appends some) is allowed."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return False  # not a marker: let Pillow judge the damage
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        end = pos + 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker == 0xDA:
            return data.find(b"\xff\xd9", end) == -1
        pos = end
    return True


def _exif_claim(exif: Image.Exif, tz: ZoneInfo, meta: dict[str, object]) -> TimeClaim | None:
    """DateTimeOriginal (strong with its offset, medium without), else DateTime (one step
    weaker: editors rewrite it). Records the raw strings found in ``meta``."""
    sub = exif.get_ifd(_EXIF_IFD)
    original = _exif_stamp(meta, "_original", sub.get(_DATE_TIME_ORIGINAL),
                           sub.get(_SUBSEC_TIME_ORIGINAL), sub.get(_OFFSET_TIME_ORIGINAL))
    changed = _exif_stamp(meta, "", exif.get(_DATE_TIME), sub.get(_SUBSEC_TIME),
                          sub.get(_OFFSET_TIME))
    for stamp, with_offset, without in ((original, TRUST_STRONG, TRUST_MEDIUM),
                                        (changed, TRUST_MEDIUM, TRUST_WEAK)):
        if stamp is None:
            continue
        parts, ms, offset_minutes = stamp
        zone = tz if offset_minutes is None else timezone(timedelta(minutes=offset_minutes))
        trust = without if offset_minutes is None else with_offset
        if claim := _claim(parts, ms, zone, "exif", trust):
            return claim
    return None


def _exif_stamp(meta: dict[str, object], suffix: str, *raw: object
                ) -> tuple[tuple[str, ...], int, int | None] | None:
    """Parse one EXIF date, sub-second and offset triple (recording the raw strings in
    ``meta``) into date-time parts, milliseconds and UTC offset minutes (None: no offset)."""
    date, subsec, offset = (_text(value) for value in raw)
    for key, value in (("datetime", date), ("subsec", subsec), ("offset", offset)):
        if value:
            meta[f"exif_{key}{suffix}"] = value
    if not (m := _EXIF_TIME.fullmatch(date or "")):
        return None
    ms = int((re.sub(r"\D", "", subsec or "") + "000")[:3])
    if not (off := _EXIF_OFFSET.fullmatch(offset or "")):
        return m.groups(), ms, None
    minutes = int(off[2]) * 60 + int(off[3])
    return m.groups(), ms, -minutes if off[1] == "-" else minutes


def _name_claim(name: str, tz: ZoneInfo, meta: dict[str, object]) -> TimeClaim | None:
    """A time in a known file-name pattern: naive ones are local in ``tz``."""
    if m := _NAME_EPOCH.match(name):
        meta["file_name_time"] = m[0]
        return TimeClaim(int(m["ms"]), "file-name", TRUST_MEDIUM)
    if not (m := _NAME_LOCAL.match(name)):
        return None
    meta["file_name_time"] = m[0]
    hour = int(m["H"]) % 12 if (m["half"] or m["ampm"]) else int(m["H"])
    if (m["half"] or "").startswith("下") or (m["ampm"] or "").lower() == "pm":
        hour += 12
    parts = (m["y"], m["mo"], m["d"], str(hour), m["M"], m["S"])
    return _claim(parts, int(m["ms"] or 0), tz, "file-name", TRUST_MEDIUM)


def _claim(parts: tuple[str, ...], ms: int, zone: ZoneInfo | timezone, source: str,
           trust: str) -> TimeClaim | None:
    """Turn year..second strings in ``zone`` into a claim; None for an impossible date."""
    try:
        local = datetime(*map(int, parts), ms * 1000, tzinfo=zone)  # type: ignore[misc, arg-type]
    except ValueError:
        return None  # e.g. "0000:00:00 00:00:00", which cameras write for "unknown"
    return TimeClaim((local - _EPOCH) // timedelta(milliseconds=1), source, trust)


def _text(value: object) -> str | None:
    """An EXIF ASCII value as a stripped string (some writers store bytes or pad with NULs)."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    return value.strip("\x00 ") or None
