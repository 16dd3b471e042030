"""A look before importing: what files and folders hold, by kind, before anything is kept.

:func:`preview_paths` is a generator like :func:`evidence_logger.importing.import_paths`: it
yields :class:`Progress` while it hashes and returns a :class:`Preview`. Nothing is written.
Each file is put in a group (call recordings, screenshots, camera photos, exports, other
evidence, files the app cannot take) and said to be a duplicate when the case already holds it
(or an earlier file of the same look has the same content). What the window ticks by default
(:attr:`Found.chosen`): everything new except camera photos and files it cannot take; the
import then gets only the files chosen.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from evidence_logger.case import Case
from evidence_logger.i18n import N_, tr
from evidence_logger.importers import formats
from evidence_logger.progress import Progress, file_of

log = logging.getLogger(__name__)

RECORDINGS, SCREENSHOTS, PHOTOS, EXPORTS, OTHER, CANNOT = (
    "recordings", "screenshots", "photos", "exports", "other", "cannot")
GROUPS = (RECORDINGS, SCREENSHOTS, PHOTOS, EXPORTS, OTHER, CANNOT)
GROUP_WORDS = {RECORDINGS: N_("Call recordings"), SCREENSHOTS: N_("Screenshots"),
               PHOTOS: N_("Camera photos"), EXPORTS: N_("Call logs and message exports"),
               OTHER: N_("Other evidence (contracts, videos, voice messages, documents)"),
               CANNOT: N_("Files the app cannot take")}
_BY_KIND = {formats.RECORDING: RECORDINGS, formats.METADATA: RECORDINGS,
            formats.CALL_LOG: EXPORTS, formats.MESSAGES: EXPORTS, formats.OTHER: OTHER}
_SCREENSHOT = re.compile(r"screen ?shot|screen_?cap|截屏|截图|屏幕截图|mmexport|wx_camera", re.I)
_CAMERA = re.compile(r"^(img|pxl|dsc|dscn|dcim|vid|mvimg|p)_?\d{4,}|^\d{8}_\d{6}", re.I)
_EXIF_MAKE, _EXIF_MODEL = 271, 272
_CHUNK = 1 << 20


@dataclass(slots=True)
class Found:
    """One file of the look."""

    path: Path
    size: int
    group: str  # one of GROUPS
    format: str | None
    sha256: str
    duplicate: bool = False  # the case (or an earlier file here) holds the same content
    reason: str = ""  # why the app cannot take it (group CANNOT), a sentence

    @property
    def chosen(self) -> bool:
        """Ticked before the user says otherwise."""
        return not self.duplicate and self.group not in (PHOTOS, CANNOT)


@dataclass(slots=True)
class Preview:
    files: list[Found] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Files by group (every group, in order)."""
        counts = dict.fromkeys(GROUPS, 0)
        for item in self.files:
            counts[item.group] += 1
        return counts

    @property
    def duplicates(self) -> int:
        return sum(item.duplicate for item in self.files)

    def chosen(self) -> list[Path]:
        return [item.path for item in self.files if item.chosen]


def preview_paths(case: Case, paths: Iterable[Path]) -> Generator[Progress, None, Preview]:
    """Look at what ``paths`` hold (folders walked as the import walks them)."""
    from evidence_logger.importing import collect_files

    files = collect_files(Path(p) for p in paths)
    sizes = {path: _size(path) for path in files}
    total = sum(sizes.values())
    known = {sha for (sha,) in case.db.execute("SELECT sha256 FROM evidence")}
    preview, done = Preview(), 0
    for number, path in enumerate(files):
        yield file_of(done, total, number + 1, len(files), path.name)
        item = _look(path, sizes[path])
        item.duplicate = bool(item.sha256) and item.sha256 in known
        if item.sha256:
            known.add(item.sha256)
        preview.files.append(item)
        done += sizes[path]
    yield file_of(total, total, len(files), len(files), "")
    return preview


def camera_photos_in_folders(paths: Iterable[Path]) -> list[Path]:
    """The camera photos inside the folders among ``paths`` (files named on their own are the
    user's choice and never counted): what the window leaves unticked, the command line leaves
    out unless asked."""
    from evidence_logger.importing import collect_files

    photos = []
    for path in collect_files(Path(p) for p in paths if Path(p).is_dir()):
        try:
            found = formats.detect(path)
        except OSError:
            continue  # the import says what it cannot read
        if found is not None and found[0] == formats.IMAGE \
                and _image_group(path, found[1]) == PHOTOS:
            photos.append(path)
    return photos


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _look(path: Path, size: int) -> Found:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                digest.update(chunk)
        sha = digest.hexdigest()
        found = formats.detect(path) if size else None
    except OSError as error:
        return Found(path, size, CANNOT, None, "", reason=tr(
            "{name} could not be read: {reason}.", name=path.name,
            reason=error.strerror or str(error)))
    if size == 0:
        return Found(path, size, CANNOT, None, sha, reason=tr("{name} is empty.",
                                                              name=path.name))
    if found is None:
        return Found(path, size, CANNOT, None, sha, reason=formats.unsupported(path).message())
    kind, fmt = found
    group = _image_group(path, fmt) if kind == formats.IMAGE else _BY_KIND.get(kind, OTHER)
    return Found(path, size, group, fmt, sha)


def _image_group(path: Path, fmt: str) -> str:
    """A screenshot, or a photo taken with the phone's camera (by name, folder and EXIF; an
    iPhone's screenshot is an ``IMG_1234.PNG``, its photos JPEG or HEIC)."""
    if _SCREENSHOT.search(path.name) or any(_SCREENSHOT.search(p) for p in path.parts[-3:-1]):
        return SCREENSHOTS
    if fmt == "png":
        return PHOTOS if _has_camera_exif(path) else SCREENSHOTS
    if any(part.lower() in ("camera", "dcim", "相机") for part in path.parts[-3:-1]) \
            or _CAMERA.match(path.stem) or _has_camera_exif(path):
        return PHOTOS
    return SCREENSHOTS


def _has_camera_exif(path: Path) -> bool:
    """A camera writes its make and model into the picture; a screenshot does not."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            exif = image.getexif()
            return bool(exif.get(_EXIF_MAKE) or exif.get(_EXIF_MODEL))
    except Exception:  # a picture Pillow cannot read: the import will say so
        log.debug("no EXIF read from %s", path, exc_info=True)
        return False
