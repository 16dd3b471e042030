"""The recordings that ``import_recordings`` imports: big, valid, uniquely hashed, built cheaply.

Input: ``--mib`` MiB (default 512) of recordings named as phones name them -- MIUI
``通话录音@<n>(<n>)_<yyyyMMddHHmmss>.mp3``, Huawei ``<n>_<yyyyMMddHHmmss>.m4a``, vivo
``<n> yyyy-MM-dd HH-mm-ss.amr`` and BCR ``<yyyyMMdd_HHmmss.SSS+0800>_in_<n>.wav`` -- of one to
about eleven MiB each. They are built once and kept under ``--workdir``. Real encoding of that
much sound would take minutes, so big valid files are assembled from small real ones:

* MP3: the frames of one minute of CBR 128 kbit/s noise encoded by ffmpeg (no ID3, no Xing
  header), repeated to the length wanted;
* M4A: one minute of AAC encoded by ffmpeg, looped by ffmpeg's remuxer (``-stream_loop``,
  ``-c copy``) into a few real files of 4 to 24 minutes, each copied as often as needed;
* AMR-NB: the 12.2 kbit/s frames of one minute of noise after the ``#!AMR\\n`` line, repeated;
* WAV: a 44-byte header and seeded random 16-bit PCM.

Sixteen bytes of speech payload (never a frame header or a box) are overwritten with a number of
the file's own, so every file hashes differently. Every file is checked once with
``probe_audio`` (and its name with ``parse_recording_name``) when it is built.
"""

from __future__ import annotations

import hashlib
import json
import random
import struct
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import MIB, remove

SEED = 20261124
BUILD_VERSION = 1  # bump when the files built change
# format -> (share of the bytes, bytes per second, minutes min..max)
PLAN = {"mp3": (0.35, 16_000, (2, 12)), "m4a": (0.20, 8_000, (4, 24)),
        "amr": (0.15, 1_600, (10, 60)), "wav": (0.30, 32_000, (1, 5))}
M4A_MINUTES = (4, 8, 16, 24)
WAV_RATE = 16_000
STAMP_BYTES = 16



def _ffmpeg(*args: str) -> None:
    from tests.fixtures.audio import ffmpeg_exe

    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args],
                   check=True, capture_output=True, timeout=600)


def _noise(rate: int, seconds: int) -> list[str]:
    source = f"anoisesrc=color=pink:amplitude=0.3:seed=7:sample_rate={rate}:duration={seconds}"
    return ["-f", "lavfi", "-i", source, "-ac", "1"]


def build_masters(folder: Path) -> dict[str, object]:
    """The real encoded material the recordings are cut from (made once, a few seconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    mp3, amr, m4a = folder / "noise.mp3", folder / "noise.amr", folder / "noise-1min.m4a"
    if not mp3.exists():
        _ffmpeg(*_noise(44100, 60), "-c:a", "libmp3lame", "-b:a", "128k", "-write_xing", "0",
                "-id3v2_version", "0", "-map_metadata", "-1", "-fflags", "+bitexact",
                "-f", "mp3", str(mp3))
    if not amr.exists():
        _ffmpeg(*_noise(8000, 60), "-c:a", "libopencore_amrnb", "-b:a", "12.2k", "-f", "amr",
                str(amr))
    if not m4a.exists():
        _ffmpeg(*_noise(44100, 60), "-c:a", "aac", "-b:a", "64k", "-map_metadata", "-1",
                "-fflags", "+bitexact", "-f", "ipod", str(m4a))
    m4as = []
    for minutes in M4A_MINUTES:
        looped = folder / f"noise-{minutes}min.m4a"
        if not looped.exists():
            _ffmpeg("-stream_loop", str(minutes - 1), "-i", str(m4a), "-c", "copy",
                    "-map_metadata", "-1", "-fflags", "+bitexact", "-f", "ipod", str(looped))
        m4as.append(looped.read_bytes())
    data = mp3.read_bytes()  # whole frames only, cut where the frame chain ends
    frames, pos = [], 0
    while data[pos:pos + 2] == b"\xff\xfb" and data[pos + 2] & 0xFC == 0x90:
        # MPEG-1 layer III, 128 kbit/s, 44.1 kHz
        length = 417 + ((data[pos + 2] >> 1) & 1)  # 144 * 128000 / 44100, plus padding
        if pos + length > len(data):
            break
        frames.append(data[pos:pos + length])
        pos += length
    if len(frames) < 2000:
        raise RuntimeError(f"expected a minute of 128 kbit/s MP3 frames, found {len(frames)}")
    amr_data = amr.read_bytes()[6:]
    if not amr.read_bytes().startswith(b"#!AMR\n") or amr_data[0] != amr_data[32] or \
            len(amr_data) % 32:
        raise RuntimeError("expected constant 12.2 kbit/s AMR-NB frames of 32 bytes")
    return {"mp3": frames, "amr": amr_data, "m4a": m4as}


def _stamp(data: bytearray, at: int, index: int) -> None:
    data[at:at + STAMP_BYTES] = hashlib.sha256(b"recording %d" % index).digest()[:STAMP_BYTES]


def _mp3(masters: dict, size: int, index: int) -> bytearray:
    frames: list[bytes] = masters["mp3"]
    block = b"".join(frames)
    data = bytearray(block * (size // len(block)))
    for frame in frames:
        if len(data) + len(frame) > size:
            break
        data += frame
    frame7 = len(block) * (size // len(block) // 2) + sum(map(len, frames[:7]))
    _stamp(data, frame7 + 40, index)  # past frame 7's header (4 bytes) and side info (17)
    return data


def _amr(masters: dict, size: int, index: int) -> bytearray:
    frames: bytes = masters["amr"]
    count = max((size - 6) // 32, 1)
    data = bytearray(b"#!AMR\n") + (frames * (count // (len(frames) // 32) + 1))[:count * 32]
    _stamp(data, 6 + 32 * (count // 2) + 1, index)  # one frame's payload, not its header byte
    return data


def _m4a(masters: dict, size: int, index: int) -> bytearray:
    data = bytearray(min(masters["m4a"], key=lambda m: abs(len(m) - size)))
    pos = 0
    while pos < len(data):  # find mdat among the top-level boxes (ffmpeg writes 32-bit sizes)
        box, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if box < 8:
            break
        if kind == b"mdat":
            _stamp(data, pos + 8 + (box - 8) // 2, index)
            return data
        pos += box
    raise RuntimeError("no mdat in the m4a master")


def _wav(size: int, index: int) -> bytearray:
    pcm = (size - 44) // 2 * 2
    header = b"RIFF" + struct.pack("<I", 36 + pcm) + b"WAVEfmt " + struct.pack(
        "<IHHIIHH", 16, 1, 1, WAV_RATE, WAV_RATE * 2, 2, 16) + b"data" + struct.pack("<I", pcm)
    return bytearray(header + random.Random(SEED + index).randbytes(pcm))


def _name(fmt: str, number: str, when: datetime) -> str:
    if fmt == "mp3":  # MIUI / HyperOS
        return f"通话录音@{number}({number})_{when:%Y%m%d%H%M%S}.mp3"
    if fmt == "m4a":  # Huawei / Honor
        return f"{number}_{when:%Y%m%d%H%M%S}.m4a"
    if fmt == "amr":  # vivo
        return f"{number} {when:%Y-%m-%d %H-%M-%S}.amr"
    return f"{when:%Y%m%d_%H%M%S}.000+0800_in_{number}.wav"  # BCR


def _numbers(rng: random.Random, count: int) -> list[str]:
    prefixes = ("130", "137", "150", "158", "166", "171", "176", "185", "188", "199")
    return [rng.choice(prefixes) + f"{rng.randrange(10**8):08d}" for _ in range(count)]


def build(folder: Path, mib: int, masters_folder: Path) -> list[Path]:
    """The recordings of ``mib`` MiB in ``folder/phone`` (reused when already built)."""
    manifest, phone = folder / "manifest.json", folder / "phone"
    want = {"version": BUILD_VERSION, "mib": mib, "seed": SEED}
    if manifest.exists():
        saved = json.loads(manifest.read_text())
        paths = [phone / name for name, _ in saved["files"]]
        if {k: saved.get(k) for k in want} == want and all(
                p.is_file() and p.stat().st_size == size
                for p, (_, size) in zip(paths, saved["files"], strict=True)):
            return paths
    print(f"building {mib} MiB of recordings in {phone} ...", flush=True)
    start = time.perf_counter()
    masters = build_masters(masters_folder)
    remove(folder)
    phone.mkdir(parents=True)
    rng = random.Random(SEED)
    numbers = _numbers(rng, 40)
    when = datetime(2026, 3, 2, 9, 0, 0)
    written = {fmt: 0 for fmt in PLAN}
    files: list[tuple[str, int]] = []
    total, budget = 0, mib * MIB
    while total < budget:
        fmt = min(PLAN, key=lambda f: written[f] / PLAN[f][0])  # the most behind its share
        _, rate, (low, high) = PLAN[fmt]
        minutes = low * (high / low) ** rng.random()  # log-uniform
        size = min(int(minutes * 60 * rate), budget - total + 64 * 1024)
        index = len(files)
        data = (_mp3(masters, size, index) if fmt == "mp3" else
                _amr(masters, size, index) if fmt == "amr" else
                _m4a(masters, size, index) if fmt == "m4a" else _wav(size, index))
        when += timedelta(minutes=rng.randint(20, 300), seconds=rng.randint(0, 59))
        name = _name(fmt, rng.choice(numbers), when)
        (phone / name).write_bytes(data)
        files.append((name, len(data)))
        written[fmt] += len(data)
        total += len(data)
    paths = [phone / name for name, _ in files]
    check(paths)
    manifest.write_text(json.dumps({**want, "files": files}, ensure_ascii=False, indent=0))
    print(f"  {len(files)} files, {total / MIB:.0f} MiB, in {time.perf_counter() - start:.0f} s"
          f" ({', '.join(f'{f} {n / MIB:.0f} MiB' for f, n in written.items())})", flush=True)
    return paths


def check(paths: list[Path]) -> None:
    """Every file must be accepted by the app's probe and its name understood."""
    from evidence_logger.importers.audio import probe_audio
    from evidence_logger.importers.recording_names import parse_recording_name

    formats = {".mp3": "mp3", ".m4a": "m4a", ".amr": "amr-nb", ".wav": "wav"}
    hashes = set()
    for path in paths:
        info = probe_audio(path)
        name = parse_recording_name(path.name)
        if info.format != formats[path.suffix] or not info.meta.get("duration"):
            raise RuntimeError(f"{path.name}: probed as {info}")
        if name is None or name.number is None or name.local_time is None:
            raise RuntimeError(f"{path.name}: name not understood ({name})")
        hashes.add(hashlib.sha256(path.read_bytes()).digest())
    if len(hashes) != len(paths):
        raise RuntimeError("two recordings have the same bytes")
