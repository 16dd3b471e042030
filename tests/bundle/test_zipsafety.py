"""Malicious zips are refused before any member is read, and checking one writes nothing."""

from __future__ import annotations

import stat
import tempfile
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_logger.bundle import verify as verify_module
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.bundle.zipsafety import (
    MAX_MEMBER,
    MAX_RATIO,
    MAX_TOTAL,
    entry_problems,
    unsafe_reason,
)
from tests.bundle.bags import (
    EPOCH,
    make_bag,
    many_entries_zip,
    original,
    patch_member,
    sample_payload,
    write_zip,
)

CAFE = original("images", "café.png", b"\x89PNG cafe")[0]  # NFC, as the spec wants
ZEROS_CRC = 0x4DBDF21C  # zlib.crc32(bytes(2 ** 31)), worked out once


def base_bag() -> dict[str, bytes]:
    return make_bag({**sample_payload(), CAFE: b"\x89PNG cafe"})


def kinds(verdict) -> set[str]:
    return {p.problem for p in verdict.problems}


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Empty working and temporary folders; the zips under test go in ``in``."""
    for name in ("cwd", "tmp", "in"):
        (tmp_path / name).mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    return tmp_path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many bytes verify_bundle got of each member it read."""
    seen: dict[str, int] = {}
    real = verify_module.read_member

    def spy(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        seen.setdefault(info.orig_filename, 0)
        for chunk in real(archive, info):
            seen[info.orig_filename] += len(chunk)
            yield chunk

    monkeypatch.setattr(verify_module, "read_member", spy)
    return seen


def snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.lstat().st_size, p.lstat().st_mtime_ns) for p in root.rglob("*")}


def refused(sandbox: Path, path: Path, **options):
    """Verify ``path``; check it was refused and that nothing was written anywhere."""
    before = snapshot(sandbox)
    verdict = verify_bundle(path, **options)
    assert snapshot(sandbox) == before
    assert not any((sandbox / "cwd").iterdir()) and not any((sandbox / "tmp").iterdir())
    assert not (sandbox / "evil").exists() and not Path("/etc/evil").exists()
    assert (verdict.status, verdict.ok) == ("invalid", False), verdict.to_json()
    return verdict


def entry(name: str, data: bytes = b"evil", mode: int = stat.S_IFREG | 0o644,
          ) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name, EPOCH)
    info.create_system = 3  # Unix, so that the mode in external_attr counts everywhere
    info.external_attr = mode << 16
    return info, data


CORPUS = {
    "parent": (entry("../evil"), "unsafe-name"),
    "parent-inside": (entry("data/../../evil"), "unsafe-name"),
    "absolute": (entry("/etc/evil"), "unsafe-name"),
    "drive-letter": (entry("C:\\evil"), "unsafe-name"),
    "drive-letter-slash": (entry("C:/evil"), "unsafe-name"),
    "backslashes": (entry("a\\..\\..\\evil"), "unsafe-name"),
    "control-character": (entry("data/bell\x07.txt"), "unsafe-name"),
    "symlink": (entry("data/originals/images/link.png", b"/etc/passwd", stat.S_IFLNK | 0o777),
                "link"),
    "fifo": (entry("data/fifo", b"", stat.S_IFIFO | 0o644), "link"),
    "duplicate": (entry("data/case/case.json", b"{}"), "duplicate-name"),
    "nfd-duplicate": (entry(unicodedata.normalize("NFD", CAFE)), "duplicate-name"),
    "file-and-folder": (entry("data/case"), "duplicate-name"),
}


@pytest.mark.parametrize("extra, kind", CORPUS.values(), ids=CORPUS.keys())
def test_unsafe_entries_are_refused_before_anything_is_read(sandbox, reads, extra, kind):
    path = sandbox / "in" / "b.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile's "Duplicate name"
        write_zip(path, base_bag(), extra=[extra])
    verdict = refused(sandbox, path)
    assert kinds(verdict) == {kind}
    assert reads == {}


def test_a_nul_in_a_name_is_refused(sandbox, reads):
    path = write_zip(sandbox / "in" / "b.zip", base_bag(), extra=[entry("data/evil_.exe")])
    raw = path.read_bytes()
    assert raw.count(b"data/evil_.exe") == 2  # local and central header
    path.write_bytes(raw.replace(b"data/evil_.exe", b"data/evil\x00.exe"))
    verdict = refused(sandbox, path)
    assert kinds(verdict) == {"unsafe-name"} and verdict.problems[0].path == "data/evil\x00.exe"
    assert reads == {}


def test_a_member_inflating_beyond_its_declared_size_is_a_bomb(sandbox, reads):
    bomb = "data/originals/attachments/bomb.bin"
    info = zipfile.ZipInfo(bomb, EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    path = write_zip(sandbox / "in" / "b.zip", base_bag(), extra=[(info, bytes(10 << 20))])
    patch_member(path, bomb, file_size=1000)
    verdict = refused(sandbox, path)
    assert kinds(verdict) == {"zip-bomb"} and verdict.problems[0].path == bomb
    assert reads[bomb] <= 1000  # it never got more than the zip declares


def deflated_zeros(mib: int) -> Iterator[bytes]:
    """A raw deflate stream of ``mib`` MiB of zeros, made in no time: after a full flush the
    compressor starts afresh, so every MiB compresses to the same block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    for _ in range(mib):
        yield block
    yield compressor.flush()


def test_an_honest_2_gib_of_zeros_is_refused_by_its_ratio_without_inflating(sandbox, reads):
    zeros = "data/originals/attachments/zeros.bin"
    path = write_zip(sandbox / "in" / "b.zip", base_bag())
    with zipfile.ZipFile(path, "a") as archive, archive.open(zipfile.ZipInfo(zeros, EPOCH),
                                                             "w") as member:
        for block in deflated_zeros(2048):  # streamed, stored as it is ...
            member.write(block)
    # ... then declared as what it is: deflated, 2 GiB, with the CRC of 2 GiB of zeros
    patch_member(path, zeros, method=zipfile.ZIP_DEFLATED, file_size=2 << 30, crc=ZEROS_CRC)
    assert path.stat().st_size < 4 << 20
    with zipfile.ZipFile(path) as archive, archive.open(zeros) as member:
        assert member.read(1 << 20) == bytes(1 << 20)  # a genuine deflate stream of zeros
    verdict = refused(sandbox, path)
    assert kinds(verdict) == {"zip-bomb"} and verdict.problems[0].path == zeros
    assert reads == {}


@pytest.mark.parametrize("honest_count", [True, False], ids=["zip64-count", "lying-count"])
def test_more_than_100000_entries_are_refused(sandbox, reads, honest_count):
    path = many_entries_zip(sandbox / "in" / "many.zip", 100_001, honest_count=honest_count)
    verdict = refused(sandbox, path)
    assert kinds(verdict) == {"zip-bomb"}
    assert reads == {}


def _truncated(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[:len(raw) // 2])


def _tail_cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-5])


def _middle_cut(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[:200] + raw[300:])


def _local_name_differs(path: Path) -> None:
    raw = path.read_bytes()  # the first "bagit.txt" is in its local header, before the directory
    path.write_bytes(raw.replace(b"bagit.txt", b"bagit.TXT", 1))


BROKEN = {
    "not-a-zip": (lambda p: p.write_bytes(b"%PDF-1.7 this is not a zip\n" * 40), "not-a-zip"),
    "empty": (lambda p: p.write_bytes(b""), "not-a-zip"),
    "truncated": (_truncated, "unreadable"),
    "middle-cut": (_middle_cut, "unreadable"),
    "local-name-differs": (_local_name_differs, "unreadable"),
}


@pytest.mark.parametrize("damage, kind", BROKEN.values(), ids=BROKEN.keys())
def test_broken_files_are_refused(sandbox, damage, kind):
    path = write_zip(sandbox / "in" / "b.zip", base_bag())
    damage(path)
    verdict = refused(sandbox, path)
    assert kinds(verdict) == {kind}, verdict.to_json()
    assert verdict.problems[0].message("zh_CN") != verdict.problems[0].message("en")


def test_a_zip_cut_at_its_tail_is_checked_as_far_as_it_arrived(sandbox):
    """Every member arrived whole, only the table of contents did not: the members are found
    by their own headers (nothing written) and the bundle is altered, not unreadable."""
    path = write_zip(sandbox / "in" / "b.zip", base_bag())
    before = snapshot(sandbox)
    _tail_cut(path)
    verdict = verify_bundle(path)
    assert snapshot(sandbox).keys() == before.keys()
    assert verdict.status == "altered" and kinds(verdict) == {"truncated"}, verdict.to_json()


@pytest.mark.parametrize("name, unsafe", [
    ("data/case/case.json", False), ("data/originals/images/abc_通话录音@10086(1).mp3", False),
    ("data/", False), ("bagit.txt", False), ("", True), ("..", True), ("a/../b", True),
    ("a/./b", True), ("a//b", True), ("/a", True), ("c:x", True), ("a\\b", True),
    ("a\x00b", True), ("a\nb", True), ("a\x85b", True), ("a\x7fb", True),
])
def test_unsafe_names(name, unsafe):
    assert (unsafe_reason(name) is not None) == unsafe


def _sizes(archive: zipfile.ZipFile, names: list[str], file_size: int,
           compress_size: int) -> None:
    """Declare new sizes, moving the entries far apart so that they do not overlap."""
    archive.start_dir = 1 << 40
    for i, name in enumerate(names):
        info = archive.getinfo(name)
        info.file_size, info.compress_size = file_size, compress_size
        info.header_offset = (1 << 39) + i * 2 * MAX_MEMBER


def _total(archive: zipfile.ZipFile, total: int) -> None:
    """Make the declared sizes add up to ``total``: four files of 8 GiB, one of the rest."""
    names = archive.namelist()
    _sizes(archive, names, 0, 1)
    _sizes(archive, names[:4], MAX_MEMBER, MAX_MEMBER)
    archive.getinfo(names[4]).file_size = total - 4 * MAX_MEMBER


LIMITS = {
    "8-gib-is-allowed": (lambda a: _sizes(a, [CAFE], MAX_MEMBER, MAX_MEMBER), set()),
    "over-8-gib": (lambda a: _sizes(a, [CAFE], MAX_MEMBER + 1, MAX_MEMBER + 1), {"zip-bomb"}),
    "ratio-200-is-allowed": (lambda a: _sizes(a, [CAFE], MAX_RATIO << 20, 1 << 20), set()),
    "ratio-over-200": (lambda a: _sizes(a, [CAFE], (MAX_RATIO << 20) + 1, 1 << 20),
                       {"zip-bomb"}),
    "small-files-have-no-ratio": (lambda a: _sizes(a, [CAFE], 1 << 20, 1), set()),
    "32-gib-in-all-is-allowed": (lambda a: _total(a, MAX_TOTAL), set()),
    "over-32-gib-in-all": (lambda a: _total(a, MAX_TOTAL + 1), {"zip-bomb"}),
    "overlapping": (lambda a: setattr(a.getinfo(CAFE), "header_offset", 0), {"zip-bomb"}),
}


@pytest.mark.parametrize("change, expected", LIMITS.values(), ids=LIMITS.keys())
def test_size_limits_are_checked_on_declared_sizes(tmp_path, change, expected):
    """The limits, on sizes no test could write: the parsed directory is changed in memory."""
    with zipfile.ZipFile(write_zip(tmp_path / "b.zip", base_bag())) as archive:
        change(archive)
        assert {p.problem for p in entry_problems(archive)} == expected
