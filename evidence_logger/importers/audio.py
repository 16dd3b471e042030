"""Call recordings: what an audio file says about itself, read without decoding the sound.

:func:`audio_format` names a format from a file's first bytes, by content only.
:func:`probe_audio` checks with cheap structural tests that a recording is whole (headers and
the tail; AMR, whose frames are tiny, is read once with strided slicing) and reads its duration,
codec, sample rate and channels: mutagen for MP3, MP4/3GP and Ogg, the small parsers below for
AMR, WAV, FLAC and ADTS AAC, and the bundled ffmpeg (``-i`` alone, which reads headers and
decodes nothing) when those cannot tell. The original is opened read-only and never changed.

Files are read with plain ``read()`` calls, not mmap: a file on a phone or a USB stick that goes
away during the import must raise ``OSError``, not kill the process with SIGBUS.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import imageio_ffmpeg
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.ogg import OggFileType
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggspeex import OggSpeex
from mutagen.oggvorbis import OggVorbis

from evidence_logger.records import MediaInfo, SkipFile

log = logging.getLogger(__name__)

AUDIO_EXTENSIONS = frozenset({
    ".mp3", ".m4a", ".mp4", ".aac", ".amr", ".awb", ".3gp", ".3ga", ".3g2", ".ogg", ".oga",
    ".opus", ".wav", ".flac",
})
FFMPEG_TIMEOUT_S = 30
_WINDOW = 64 * 1024  # read-ahead of _Source.read
_AMR_CHUNK = 8 * 1024 * 1024

_AMR_NB_MAGIC, _AMR_WB_MAGIC = b"#!AMR\n", b"#!AMR-WB\n"
_ID3_TRAILER, _APE_FOOTER = b"TAG", b"APETAGEX"
_MP4_AUDIO_BRANDS = {
    b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B ", b"mp41", b"mp42", b"mp71", b"isom", b"iso2",
    b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"MSNV", b"dash",
}
_IMAGE_BRANDS = {
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis",
    b"MA1A", b"MA1B", b"miaf", b"jp2 ", b"jpx ", b"crx ",
}
_PARTIAL = -1  # frame_len(): only the start of a frame header, cut off by the end of the data


class _Cut(Exception):
    """The file ends before its structure says it should."""


class _NoIndex(Exception):
    """An MP4/3GP file without its moov atom: the recorder never finished writing it."""


class _Damaged(Exception):
    """The file's structure is broken in a way that is not a clean cut."""


# ---------------------------------------------------------------------------------- detection

def audio_format(head: bytes) -> str | None:
    """Name the audio format of a file from its first bytes (64 are enough), or None.

    Ids: ``mp3``, ``m4a``, ``3gp``, ``amr-nb``, ``amr-wb``, ``ogg-opus``, ``ogg-vorbis``, ``ogg``
    (another codec in Ogg), ``wav``, ``flac``, ``aac`` (ADTS). By content only, never by name.
    """
    head = bytes(head[:64])
    if head.startswith(_AMR_NB_MAGIC):
        return "amr-nb"
    if head.startswith(_AMR_WB_MAGIC):
        return "amr-wb"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] in (b"RIFF", b"RF64", b"BW64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:5] == b"OggS\x00" and len(head) >= 27:
        return _ogg_kind(head)
    if head[4:8] == b"ftyp":
        return _ftyp_kind(head)
    if _id3_size(head) is not None:
        return "mp3"
    if _adts(head, 0) is not None:
        return "aac"
    if _mpeg(head, 0) is not None:
        return "mp3"
    return None


def _ogg_kind(head: bytes) -> str:
    """Tell Opus and Vorbis apart by the first packet of the first Ogg page."""
    packet = head[27 + head[26]:]
    if packet.startswith(b"OpusHead"):
        return "ogg-opus"
    if packet.startswith(b"\x01vorbis"):
        return "ogg-vorbis"
    return "ogg"


def _ftyp_kind(head: bytes) -> str | None:
    """``3gp`` or ``m4a`` from an ISO BMFF ftyp box; None for HEIF/AVIF images and video."""
    box_end = min(int.from_bytes(head[:4], "big"), len(head))
    major = head[8:12]
    compatible = {head[i:i + 4] for i in range(16, box_end - 3, 4)}
    if major[:2] == b"3g":
        return "3gp"
    if major in _IMAGE_BRANDS:
        return None
    if major in _MP4_AUDIO_BRANDS:
        return "m4a"
    if any(brand[:2] == b"3g" for brand in compatible):
        return "3gp"
    if compatible & _MP4_AUDIO_BRANDS and not compatible & _IMAGE_BRANDS:
        return "m4a"
    return None


def _id3_size(head: bytes) -> int | None:
    """Total size of an ID3v2 tag at the start of ``head``, or None if there is none."""
    if len(head) < 10 or head[:3] != b"ID3" or head[3] not in (2, 3, 4) or head[4] == 0xFF:
        return None
    if any(b & 0x80 for b in head[6:10]):
        return None
    size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    return 10 + size + (10 if head[3] == 4 and head[5] & 0x10 else 0)


class _Frame(NamedTuple):
    length: int  # bytes, header included
    samples: int
    sample_rate: int
    channels: int


_MPEG_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_MPEG_KBPS = {  # (MPEG-1?, layer) -> bitrate index 1..14
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}


def _mpeg(buf: bytes, p: int) -> _Frame | None:
    """An MPEG audio layer II/III frame header at ``buf[p]``, or None.

    Layer I is refused: no phone writes it, and a UTF-16 byte-order mark looks like one."""
    if len(buf) - p < 4 or buf[p] != 0xFF or buf[p + 1] & 0xE0 != 0xE0:
        return None
    b1, b2, b3 = buf[p + 1], buf[p + 2], buf[p + 3]
    version, layer_bits = (b1 >> 3) & 3, (b1 >> 1) & 3
    bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 3
    if version == 1 or layer_bits not in (1, 2) or not 0 < bitrate_index < 15 \
            or rate_index == 3 or b3 & 3 == 2:
        return None
    layer = 4 - layer_bits
    mpeg1 = version == 3
    kbps = _MPEG_KBPS[mpeg1, layer][bitrate_index - 1]
    rate = _MPEG_RATES[version][rate_index]
    samples = 1152 if layer == 2 or mpeg1 else 576
    length = samples // 8 * kbps * 1000 // rate + ((b2 >> 1) & 1)
    return _Frame(length, samples, rate, 1 if b3 >> 6 == 3 else 2)


_ADTS_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
               8000, 7350)


def _adts(buf: bytes, p: int) -> _Frame | None:
    """An ADTS (raw AAC) frame header at ``buf[p]``, or None."""
    if len(buf) - p < 7 or buf[p] != 0xFF or buf[p + 1] & 0xF6 != 0xF0:
        return None
    b2, b3, b4, b5, b6 = buf[p + 2:p + 7]
    rate_index = (b2 >> 2) & 0xF
    length = ((b3 & 3) << 11) | (b4 << 3) | (b5 >> 5)
    if rate_index >= len(_ADTS_RATES) or length < (7 if buf[p + 1] & 1 else 9):
        return None
    channels = ((b2 & 1) << 2) | (b3 >> 6)
    return _Frame(length, 1024 * ((b6 & 3) + 1), _ADTS_RATES[rate_index], channels)


# ------------------------------------------------------------------------------------ probing

class _Source:
    """Random reads of the original through a small read-ahead window."""

    def __init__(self, f: BinaryIO, size: int) -> None:
        self.f, self.size = f, size
        self._start, self._buf = 0, b""

    def read(self, pos: int, n: int) -> bytes:
        if pos < 0:
            pos, n = 0, max(n + pos, 0)
        off = pos - self._start
        if off >= 0 and off + n <= len(self._buf):
            return self._buf[off:off + n]
        self.f.seek(pos)
        if n >= _WINDOW:
            return self.f.read(n)
        self._start, self._buf = pos, self.f.read(_WINDOW)
        return self._buf[:n]


def probe_audio(path: Path) -> MediaInfo:
    """Check that ``path`` is a complete call recording and read its duration and codec.

    ``meta`` holds ``duration`` (seconds, float; None only when nothing could tell), ``codec``,
    ``sample_rate`` and ``channels`` where known. Raises :class:`SkipFile` for an unreadable,
    empty, non-audio, cut-off, unfinished or damaged file.
    """
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size == 0:
                raise SkipFile("{name} is empty.", name=path.name)
            src = _Source(f, size)
            fmt = audio_format(src.read(0, 64))
            if fmt is None:
                ext = path.suffix.lower()
                if ext in AUDIO_EXTENSIONS:
                    raise SkipFile("{name} is not an audio recording: its content is not any "
                                   "audio format we know, although its name ends in {ext}.",
                                   name=path.name, ext=ext)
                raise SkipFile("{name} is not an audio recording: its content is not any "
                               "audio format we know.", name=path.name)
            try:
                fmt, meta = _probe(path, src, fmt)
            except _Cut as e:
                log.warning("cut-off %s (%s): %s", path, fmt, e)
                raise SkipFile("{name} is cut off: the recording ends early, perhaps because "
                               "it was not copied completely.", name=path.name) from e
            except _NoIndex as e:
                log.warning("unfinished %s (%s): %s", path, fmt, e)
                raise SkipFile("{name} is unfinished: the phone never closed the recording "
                               "properly (its index is missing), so it cannot be played.",
                               name=path.name) from e
            except _Damaged as e:
                log.warning("damaged %s (%s): %s", path, fmt, e)
                raise SkipFile("{name} is damaged and cannot be read as an audio recording.",
                               name=path.name) from e
    except OSError as e:
        log.warning("cannot read %s: %s", path, e)
        raise SkipFile("{name} could not be read. Check that it still exists and that you "
                       "are allowed to open it.", name=path.name) from e
    return MediaInfo(kind="recording", format=fmt, meta=meta)


def _probe(path: Path, src: _Source, fmt: str) -> tuple[str, dict[str, Any]]:
    """Run the format's structural checks and read its stream facts; fill gaps with ffmpeg."""
    start = 0
    if fmt == "mp3" and (tag := _id3_size(src.read(0, 10))):
        start = tag
        if start > src.size:
            raise _Cut(f"ID3 tag of {tag} bytes in a file of {src.size}")
        inner = audio_format(src.read(start, 64))
        fmt = inner if inner in ("flac", "aac") else fmt  # ID3 before FLAC/ADTS happens
    if fmt in ("amr-nb", "amr-wb"):
        meta = _probe_amr(src, fmt)
    elif fmt in ("m4a", "3gp"):
        meta = _probe_mp4(path, src)
    elif fmt == "wav":
        meta = _probe_wav(src)
    elif fmt == "flac":
        meta = _probe_flac(src, start)
    elif fmt == "aac":
        meta = _probe_adts(src, start)
    elif fmt == "mp3":
        meta = _probe_mp3(path, src, start)
    else:
        meta = _probe_ogg(path, src, fmt)
    if meta.get("duration") is None:
        found = ffmpeg_probe(path)
        if found is None:
            log.warning("duration of %s unknown: no ffmpeg to ask", path)
        elif "sample_rate" not in found:
            raise _Damaged("ffmpeg finds no audio stream in it")
        else:
            for key, value in found.items():
                if meta.get(key) is None:
                    meta[key] = value
    meta.setdefault("duration", None)
    return fmt, meta


# --- AMR (RFC 4867 storage format): a magic line, then frames whose size the header byte gives

_AMR_SIZES = {  # speech bytes after the 1-byte header, per frame type; None: reserved type
    "amr-nb": (12, 13, 15, 17, 19, 20, 26, 31, 5, None, None, None, None, None, None, 0),
    "amr-wb": (17, 23, 32, 36, 40, 46, 50, 58, 60, 5, None, None, None, None, 0, 0),
}
_AMR_STREAM = {"amr-nb": (_AMR_NB_MAGIC, 8000, "amr_nb"),
               "amr-wb": (_AMR_WB_MAGIC, 16000, "amr_wb")}
# Header bytes of one frame type (its padding and quality bits vary; decoders ignore them).
_AMR_SAME_TYPE = [bytes(b for b in range(256) if (b >> 3) & 15 == ft) for ft in range(16)]


def _probe_amr(src: _Source, fmt: str) -> dict[str, Any]:
    """Count the frames (20 ms each), reading the file once in chunks; check the last one."""
    magic, rate, codec = _AMR_STREAM[fmt]
    lengths = [None if (s := _AMR_SIZES[fmt][(b >> 3) & 15]) is None else s + 1
               for b in range(256)]
    src.f.seek(len(magic))
    frames, rest = 0, b""
    while True:
        data = src.f.read(_AMR_CHUNK)
        buf = rest + data if rest else data
        count, used = _amr_frames(buf, lengths, final=not data, before=frames)
        frames += count
        if not data:
            break
        rest = buf[used:]
    return {"duration": frames * 0.02, "codec": codec, "sample_rate": rate, "channels": 1,
            "frames": frames}


def _amr_frames(buf: bytes, lengths: list[int | None], final: bool,
                before: int = 0) -> tuple[int, int]:
    """Count the whole frames at the start of ``buf``: (frames, bytes they take). ``before``
    is the number of frames in earlier chunks, for the log.

    A run of frames of one type is measured at C speed: the header bytes of the run are
    ``buf[pos::size]``, and ``lstrip`` finds where that stride stops being one type. Runs are
    taken in blocks that double while the type holds, so a constant-mode file costs a few dozen
    slices and a file whose type changes every frame costs a few Python steps per frame.
    """
    pos = frames = 0
    n, block = len(buf), 16
    while pos < n:
        header = buf[pos]
        size = lengths[header]
        if size is None:
            raise _Damaged(f"frame {before + frames + 1} has a reserved type ({header:#04x})")
        headers = buf[pos:pos + size * block:size]
        run = len(headers) - len(headers.lstrip(_AMR_SAME_TYPE[(header >> 3) & 15]))
        whole = min(run, (n - pos) // size)
        pos += whole * size
        frames += whole
        if whole < run:
            break  # a frame starts here but does not end in buf
        block = min(block * 2, 1 << 20) if run == len(headers) else 16
    if final and pos < n:
        raise _Cut(f"last AMR frame incomplete ({n - pos} bytes)")
    return frames, pos


# --- MP4 / 3GP (ISO BMFF): top-level boxes must tile the file, and moov must be among them

_MP4_CODECS = {"mp4a": "aac", "samr": "amr_nb", "sawb": "amr_wb", "alac": "alac",
               "ac-3": "ac3", "ec-3": "eac3", "opus": "opus", "flac": "flac", ".mp3": "mp3"}


def _probe_mp4(path: Path, src: _Source) -> dict[str, Any]:
    _check_mp4_boxes(src)
    try:
        info = MP4(path).info
    except Exception as e:  # noqa: BLE001 - mutagen failing must not lose the recording: ask ffmpeg
        log.info("mutagen cannot read %s: %r", path, e)
        return {}
    codec = str(info.codec or "")
    return {"duration": info.length or None,
            "codec": _MP4_CODECS.get(codec.split(".")[0].lower(), codec.lower() or None),
            "sample_rate": info.sample_rate or None, "channels": info.channels or None,
            "bitrate": info.bitrate or None}


def _check_mp4_boxes(src: _Source) -> None:
    pos, have_moov = 0, False
    for _ in range(100_000):
        if pos >= src.size:
            break
        head = src.read(pos, 16)
        if len(head) < 8:
            if head.strip(b"\x00"):
                raise _Cut(f"box header cut at {pos}")
            break  # a few bytes of zero padding
        kind = head[4:8]
        if not all(0x20 <= c <= 0x7E or c == 0xA9 for c in kind):
            if have_moov:
                log.info("ignoring %d bytes of trailing data after the boxes", src.size - pos)
                break
            raise _NoIndex(f"no box at {pos} and no moov before it")
        size, header = int.from_bytes(head[:4], "big"), 8
        if size == 1:
            if len(head) < 16:
                raise _Cut(f"box header cut at {pos}")
            size, header = int.from_bytes(head[8:16], "big"), 16
        elif size == 0:
            size = src.size - pos  # "to the end of the file"
        if size < header:  # e.g. the 64-bit mdat size a recorder writes when it stops
            raise (_Damaged if have_moov else _NoIndex)(f"box {kind!r} at {pos} has size {size}")
        if pos + size > src.size:
            raise _Cut(f"box {kind!r} at {pos} needs {pos + size} bytes, file has {src.size}")
        have_moov |= kind == b"moov"
        pos += size
    if not have_moov:
        raise _NoIndex("no moov box")


# --- WAV (RIFF / RF64): the RIFF and data sizes must fit in the file

_WAV_CODECS = {1: "pcm", 2: "adpcm_ms", 3: "pcm_float", 6: "pcm_alaw", 7: "pcm_mulaw",
               0x11: "adpcm_ima_wav", 0x31: "gsm_ms", 0x55: "mp3"}
_UNSET = (0, 0xFFFFFFFF)  # sizes a streaming writer leaves when it never finishes the header


def _probe_wav(src: _Source) -> dict[str, Any]:
    head = src.read(0, 12)
    riff_size = int.from_bytes(head[4:8], "little")
    if head[:4] == b"RIFF" and riff_size not in _UNSET and 8 + riff_size > src.size:
        raise _Cut(f"RIFF size {riff_size} in a file of {src.size}")
    pos, fmt, fact, data_size, ds64_data = 12, None, None, None, None
    for _ in range(10_000):
        chunk = src.read(pos, 8)
        if len(chunk) < 8:
            break
        kind, size = chunk[:4], int.from_bytes(chunk[4:], "little")
        if kind == b"ds64":
            ds64_data = int.from_bytes(src.read(pos + 16, 8), "little")
        elif kind == b"fmt ":
            fmt = src.read(pos + 8, min(size, 40))
        elif kind == b"fact":
            fact = int.from_bytes(src.read(pos + 8, 4), "little")
        elif kind == b"data":
            if size == 0xFFFFFFFF and ds64_data is not None:
                size = ds64_data
            elif size in _UNSET:
                size = src.size - pos - 8  # unfinished header: the sound runs to the end
            if pos + 8 + size > src.size:
                raise _Cut(f"data chunk of {size} bytes at {pos}, file has {src.size}")
            data_size = size
            break
        if pos + 8 + size > src.size:
            raise _Cut(f"chunk {kind!r} of {size} bytes at {pos}, file has {src.size}")
        pos += 8 + size + (size & 1)
    if fmt is None or len(fmt) < 16 or data_size is None:
        raise _Damaged("no fmt or data chunk")
    tag = int.from_bytes(fmt[0:2], "little")
    channels, rate = int.from_bytes(fmt[2:4], "little"), int.from_bytes(fmt[4:8], "little")
    byte_rate, align = int.from_bytes(fmt[8:12], "little"), int.from_bytes(fmt[12:14], "little")
    bits = int.from_bytes(fmt[14:16], "little")
    if tag == 0xFFFE and len(fmt) >= 26:  # WAVE_FORMAT_EXTENSIBLE: the real tag is in the GUID
        tag = int.from_bytes(fmt[24:26], "little")
    if tag in (1, 3) and align and rate:
        duration = data_size // align / rate
    elif fact is not None and rate:
        duration = fact / rate
    else:
        duration = data_size / byte_rate if byte_rate else None
    codec = _WAV_CODECS.get(tag, f"wav_0x{tag:04x}")
    if codec == "pcm":
        codec = f"pcm_s{bits}le" if bits > 8 else "pcm_u8"
    return {"duration": duration, "codec": codec, "sample_rate": rate or None,
            "channels": channels or None, "bitrate": byte_rate * 8 or None}


# --- FLAC: STREAMINFO first; the last frame must end the file with a good CRC-16

def _crc_table(poly: int, width: int) -> list[int]:
    top, mask, table = 1 << (width - 1), (1 << width) - 1, []
    for i in range(256):
        c = i << (width - 8)
        for _ in range(8):
            c = ((c << 1) ^ poly) if c & top else c << 1
        table.append(c & mask)
    return table


_CRC8, _CRC16 = _crc_table(0x07, 8), _crc_table(0x8005, 16)


def _probe_flac(src: _Source, start: int) -> dict[str, Any]:
    pos = start + 4
    header = src.read(pos, 4)
    if len(header) < 4:
        raise _Cut("FLAC ends before its first metadata block")
    if header[0] & 0x7F != 0 or int.from_bytes(header[1:4], "big") != 34:
        raise _Damaged("STREAMINFO missing")
    info = src.read(pos + 4, 34)
    if len(info) < 34:
        raise _Cut("STREAMINFO cut")
    block = int.from_bytes(info[2:4], "big")
    max_frame = int.from_bytes(info[7:10], "big")
    packed = int.from_bytes(info[10:18], "big")
    rate, channels = packed >> 44, ((packed >> 41) & 7) + 1
    total = packed & ((1 << 36) - 1)
    for _ in range(10_000):  # walk the metadata blocks to the first frame
        header = src.read(pos, 4)
        if len(header) < 4:
            raise _Cut("metadata block header cut")
        if header[0] & 0x7F == 127:
            raise _Damaged("invalid metadata block type")
        pos += 4 + int.from_bytes(header[1:4], "big")
        if pos > src.size:
            raise _Cut("metadata block runs past the end")
        if header[0] & 0x80:
            break
    end = src.size - _trailer_size(src, pos)
    if pos >= end:
        if total:
            raise _Cut(f"no frames, STREAMINFO says {total} samples")
    else:
        last = _check_flac_tail(src, pos, end, block, max_frame, total, channels)
        total = total or last or 0  # an encoder that was stopped never wrote the count
    return {"duration": total / rate if total and rate else None, "codec": "flac",
            "sample_rate": rate or None, "channels": channels}


def _check_flac_tail(src: _Source, audio_start: int, end: int, block: int, max_frame: int,
                     total: int, channels: int) -> int | None:
    """Find the last frame header in the tail; it must reach the sample count of STREAMINFO
    and its CRC-16 must hold over the bytes up to the end of the file. Returns the number of
    samples up to the end of that frame (None if no frame header is in the tail)."""
    window = min(end - audio_start, max(_WINDOW, 3 * max_frame), 8 * 1024 * 1024)
    tail = src.read(end - window, window)
    for m in reversed(list(re.finditer(rb"\xff[\xf8\xf9]", tail))):
        frame = _flac_frame_header(tail, m.start())
        if frame is None or frame[4] != channels or (block and frame[1] > block):
            continue  # not a frame header of this stream
        header_len, size, number, variable, _ = frame
        last_sample = number + size if variable else number * block + size
        if total and last_sample < total:
            raise _Cut(f"last frame ends at sample {last_sample} of {total}")
        data = tail[m.start():]
        crc = 0
        matches_at = None
        for j in range(len(data) - 2):
            if j >= header_len and matches_at is None \
                    and crc == (data[j] << 8 | data[j + 1]) and j + 2 < len(data):
                matches_at = j + 2  # a frame could end here, with something else after it
            crc = ((crc << 8) & 0xFFFF) ^ _CRC16[(crc >> 8) ^ data[j]]
        if crc == int.from_bytes(data[-2:], "big"):
            return last_sample
        if matches_at is not None and data[matches_at:matches_at + 2] not in (
                b"\xff\xf8", b"\xff\xf9"):
            log.info("ignoring %d bytes after the last FLAC frame", len(data) - matches_at)
            return last_sample
        raise _Cut("last FLAC frame incomplete (CRC-16 mismatch)")
    if end - audio_start <= window:
        raise _Damaged("no FLAC frame")
    log.info("no FLAC frame header in the last %d bytes", window)
    return None


def _flac_frame_header(b: bytes, p: int) -> tuple[int, int, int, bool, int] | None:
    """(header length, block size, frame or sample number, variable?, channels) if a frame
    header with a good CRC-8 starts at ``p``."""
    if len(b) - p < 6 or b[p] != 0xFF or b[p + 1] & 0xFE != 0xF8:
        return None
    code, rate_code, b3 = b[p + 2] >> 4, b[p + 2] & 15, b[p + 3]
    if code == 0 or rate_code == 15 or b3 >> 4 > 10 or b3 & 1:
        return None
    first, q = b[p + 4], p + 5
    extra = next((i for i, mask in enumerate((0x80, 0xE0, 0xF0, 0xF8, 0xFC, 0xFE, 0xFF))
                  if first & mask == (mask << 1) & 0xFF), None)
    if extra is None or q + extra > len(b):
        return None
    number = first & ((1 << (6 - extra)) - 1) if extra else first
    for c in b[q:q + extra]:
        if c & 0xC0 != 0x80:
            return None
        number = number << 6 | (c & 0x3F)
    q += extra
    if code in (6, 7):
        if q + code - 5 > len(b):
            return None
        size, q = 1 + int.from_bytes(b[q:q + code - 5], "big"), q + code - 5
    else:
        size = 192 if code == 1 else 576 << (code - 2) if code <= 5 else 256 << (code - 8)
    q += 1 if rate_code == 12 else 2 if rate_code in (13, 14) else 0
    if q >= len(b):
        return None
    crc = 0
    for c in b[p:q]:
        crc = _CRC8[crc ^ c]
    if crc != b[q]:
        return None
    return q + 1 - p, size, number, bool(b[p + 1] & 1), (b3 >> 4) + 1 if b3 >> 4 < 8 else 2


# --- MP3 and ADTS AAC: streams of self-describing frames

def _trailer_size(src: _Source, floor: int) -> int:
    """Bytes of ID3v1 and APEv2 tags at the end of the file (none before ``floor``)."""
    end = src.size
    if end - 128 >= floor and src.read(end - 128, 3) == _ID3_TRAILER:
        end -= 128
    footer = src.read(end - 32, 32) if end - 32 >= floor else b""
    if footer[:8] == _APE_FOOTER:
        size = int.from_bytes(footer[12:16], "little")
        size += 32 if int.from_bytes(footer[20:24], "little") & 0x80000000 else 0
        end = max(end - size, floor)
    return src.size - end


def _frame_reader(parse: Callable[[bytes, int], _Frame | None], ref: bytes, header: int,
                  mask: int) -> Callable[[bytes, int], int | None]:
    """A frame_len() for :func:`_chain_verdict`: a frame's length at ``p`` if its header matches
    the stream's first one, ``ref`` (byte 1 and the ``mask`` bits of byte 2 never change within
    a stream), _PARTIAL if the data ends inside such a header, else None."""
    def frame_len(buf: bytes, p: int) -> int | None:
        rest = len(buf) - p
        if rest < header:
            same = buf[p:p + 2] == ref[:min(rest, 2)]
            return _PARTIAL if same and (rest < 3 or buf[p + 2] & mask == ref[2] & mask) else None
        if buf[p + 1] != ref[1] or buf[p + 2] & mask != ref[2] & mask:
            return None
        frame = parse(buf, p)
        return frame.length if frame else None
    return frame_len


def _first_frame(buf: bytes, sync: bytes, frame_len: Callable[[bytes, int], int | None],
                 from_pos: int = 0) -> int | None:
    """The first position from which two frames follow each other (or one ends ``buf``)."""
    p = buf.find(sync, from_pos)
    while p != -1:
        n = frame_len(buf, p)
        if n and n > 0 and p + n <= len(buf) \
                and (p + n == len(buf) or frame_len(buf, p + n) is not None):
            return p
        p = buf.find(sync, p + 1)
    return None


def _chain_verdict(buf: bytes, sync: bytes,
                   frame_len: Callable[[bytes, int], int | None]) -> str | None:
    """Follow the frames of ``buf`` (a file's tail) to its end: "complete" if the last one ends
    exactly there, "cut" if it runs past it, None if something else follows (an unknown tag)
    or no frames are found."""
    p = _first_frame(buf, sync, frame_len)
    if p is None:
        return None
    while True:
        n = frame_len(buf, p)
        if n is None:
            return None
        if n == _PARTIAL or p + n > len(buf):
            return "cut"
        if p + n == len(buf):
            return "complete"
        p += n


def _probe_mp3(path: Path, src: _Source, start: int) -> dict[str, Any]:
    """Check the Xing/Info/VBRI byte count and the last frame; mutagen reads the duration."""
    head = src.read(start, _WINDOW)
    sync = _first_frame(head, b"\xff", lambda b, p: (f := _mpeg(b, p)) and f.length)
    if sync is not None:
        ref = head[sync:sync + 4]
        declared = _mp3_declared_bytes(head, sync, ref)
        # Some writers count the ID3v2 tag in the Xing byte count: allow for it.
        if declared and declared > src.size - (start + sync) + start:
            raise _Cut(f"Xing/VBRI header declares {declared} bytes, file has {src.size}")
        end = src.size - _trailer_size(src, start + sync)
        tail_start = max(start + sync, end - 16 * 1024)
        frame_len = _frame_reader(_mpeg, ref, 4, 0x0C)
        if _chain_verdict(src.read(tail_start, end - tail_start), ref[:1], frame_len) == "cut":
            raise _Cut("last MPEG frame runs past the end")
    try:
        info = MP3(path).info
    except Exception as e:  # noqa: BLE001 - mutagen failing must not lose the recording: ask ffmpeg
        log.info("mutagen cannot read %s: %r", path, e)
        return {}
    return {"duration": info.length or None, "codec": f"mp{info.layer}",
            "sample_rate": info.sample_rate, "channels": info.channels,
            "bitrate": info.bitrate or None}


def _mp3_declared_bytes(head: bytes, p: int, ref: bytes) -> int | None:
    """The stream size a Xing/Info or VBRI header in the first frame declares, if any."""
    mono, mpeg1 = ref[3] >> 6 == 3, (ref[1] >> 3) & 3 == 3
    side = (17 if mono else 32) if mpeg1 else (9 if mono else 17)
    x = p + 4 + side + (0 if ref[1] & 1 else 2)  # a CRC follows the header when bit 0 is clear
    if head[x:x + 4] in (b"Xing", b"Info"):
        flags = int.from_bytes(head[x + 4:x + 8], "big")
        if flags & 2:
            q = x + 8 + (4 if flags & 1 else 0)
            return int.from_bytes(head[q:q + 4], "big") or None
        return None
    if head[p + 36:p + 40] == b"VBRI":
        return int.from_bytes(head[p + 46:p + 50], "big") or None
    return None


def _probe_adts(src: _Source, start: int) -> dict[str, Any]:
    """Walk every ADTS frame header (a few dozen a second): an exact duration and a check that
    the last frame ends the file. Falls back to ffmpeg if the frames break off into junk."""
    sync = _first_frame(src.read(start, _WINDOW), b"\xff", lambda b, p: (f := _adts(b, p))
                        and f.length)
    if sync is None:
        return {}
    pos = start + sync
    ref = src.read(pos, 7)
    if (first := _adts(ref, 0)) is None:
        return {}
    end = src.size - _trailer_size(src, pos)
    frame_len = _frame_reader(_adts, ref, 7, 0xFC)
    samples = 0
    while pos < end:
        head = src.read(pos, min(9, end - pos))
        n = frame_len(head, 0)
        if n is None:
            log.info("ADTS frames break off at %d of %d: asking ffmpeg", pos, end)
            return {"codec": "aac", "sample_rate": first.sample_rate,
                    "channels": first.channels or None}
        if n == _PARTIAL or pos + n > end:
            raise _Cut(f"last ADTS frame at {pos} runs past the end")
        samples += 1024 * ((head[6] & 3) + 1)
        pos += n
    return {"duration": samples / first.sample_rate, "codec": "aac",
            "sample_rate": first.sample_rate, "channels": first.channels or None}


# --- Ogg: the last page must end the file

_OGG_CLASSES: dict[str, tuple[type[OggFileType], ...]] = {
    "ogg-opus": (OggOpus,), "ogg-vorbis": (OggVorbis,), "ogg": (OggSpeex, OggFLAC),
}
_OGG_CODECS = {OggOpus: "opus", OggVorbis: "vorbis", OggSpeex: "speex", OggFLAC: "flac"}


def _ogg_page_len(buf: bytes, p: int) -> int | None:
    rest = len(buf) - p
    if rest < 27:
        return _PARTIAL if b"OggS\x00".startswith(buf[p:p + 5]) else None
    if buf[p:p + 5] != b"OggS\x00":
        return None
    segments = buf[p + 26]
    if rest < 27 + segments:
        return _PARTIAL
    return 27 + segments + sum(buf[p + 27:p + 27 + segments])


def _probe_ogg(path: Path, src: _Source, fmt: str) -> dict[str, Any]:
    window = min(src.size, 3 * 65307)  # a page is at most 65,307 bytes
    if _chain_verdict(src.read(src.size - window, window), b"OggS", _ogg_page_len) == "cut":
        raise _Cut("last Ogg page incomplete")
    for cls in _OGG_CLASSES[fmt]:
        try:
            info = cls(path).info
        except Exception as e:  # noqa: BLE001 - mutagen failing must not lose the recording
            log.info("mutagen cannot read %s as %s: %r", path, cls.__name__, e)
            continue
        rate = 48000 if cls is OggOpus else getattr(info, "sample_rate", None)
        return {"duration": info.length, "codec": _OGG_CODECS[cls], "sample_rate": rate,
                "channels": getattr(info, "channels", None),
                "bitrate": getattr(info, "bitrate", None) or None}
    return {}


# --- ffmpeg: headers only, as the last resort

_FF_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_FF_AUDIO = re.compile(r"Stream #\S+: Audio: (\w+)[^\n]*?, (\d+) Hz, ([^,\n]+)")
_FF_CHANNELS = {"mono": 1, "stereo": 2}


def ffmpeg_probe(path: Path) -> dict[str, Any] | None:
    """What ``ffmpeg -i`` says about ``path`` (it reads headers, decodes nothing).

    None if ffmpeg could not be run; ``{}`` if it finds no audio stream; else ``codec``,
    ``sample_rate``, ``channels`` and ``duration`` when ffmpeg states them.
    """
    try:
        exe = imageio_ffmpeg.get_ffmpeg_exe()
        done = subprocess.run(
            [exe, "-hide_banner", "-nostdin", "-i", "file:" + str(path.absolute())],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=FFMPEG_TIMEOUT_S,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        log.warning("ffmpeg could not probe %s: %r", path, e)
        return None
    text = done.stderr.decode("utf-8", "replace")
    audio = _FF_AUDIO.search(text)
    if audio is None:
        log.info("ffmpeg finds no audio in %s: %s", path, text[-500:])
        return {}
    layout = audio[3].strip()
    found: dict[str, Any] = {"codec": audio[1], "sample_rate": int(audio[2])}
    channels = _FF_CHANNELS.get(layout) or (int(m[1]) if (m := re.match(r"(\d+) ch", layout))
                                            else None)
    if channels:
        found["channels"] = channels
    if duration := _FF_DURATION.search(text):
        found["duration"] = (int(duration[1]) * 3600 + int(duration[2]) * 60
                             + float(duration[3]))
    return found
