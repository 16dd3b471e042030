"""Downloading a speech model, only when the user asks: the files of a catalogue entry
(``resources/speech/models.toml``), each from the first of its addresses that answers (the
mainland mirror first), written to a ``.part`` file, checked against its pinned SHA-256, and only
then added as a model. A refused hash, an error or a cancel (closing the generator) leaves no
file behind. This module and ``trusted_time/client.py`` are the app's only network code.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tomllib
import urllib.error
import urllib.request
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_logger import paths
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_
from evidence_logger.progress import BYTES, Progress
from evidence_logger.speech import models

log = logging.getLogger(__name__)

CHUNK = 1 << 16
TIMEOUT_S = 30
DOWNLOADING = N_("Downloading the speech model {name}: {file}")


class DownloadFailed(UserFacingError):
    """A model download that did not complete: nothing of it is kept."""


@dataclass(frozen=True, slots=True)
class ModelFile:
    name: str
    sha256: str
    urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Offer:
    """A model the app can download, as the catalogue lists it."""

    name: str
    kind: str
    title_en: str
    title_zh: str
    size_mb: int
    status: str
    files: tuple[ModelFile, ...]

    @property
    def pinned(self) -> bool:
        return all(len(f.sha256) == 64 for f in self.files)


def _offer(entry: dict[str, Any]) -> Offer:
    files = []
    for file in entry["file"]:
        urls = tuple(file.get("urls") or (
            f"{mirror}/{entry['repo']}/resolve/{entry.get('revision', 'main')}/{file['name']}"
            for mirror in entry["mirrors"]))
        files.append(ModelFile(file["name"], file.get("sha256", "").lower(), urls))
    return Offer(entry["name"], entry["kind"], entry["title_en"], entry["title_zh"],
                 int(entry["size_mb"]), entry.get("status", "uncertain"), tuple(files))


def catalogue(text: str | None = None) -> list[Offer]:
    """The models offered for download (``text``: a catalogue of one's own, for tests)."""
    if text is None:
        text = paths.resource("speech", "models.toml").read_text(encoding="utf-8")
    return [_offer(entry) for entry in tomllib.loads(text)["model"]]


def offer(name: str, offers: list[Offer] | None = None) -> Offer:
    found = next((o for o in (offers or catalogue()) if o.name == name), None)
    if found is None:
        raise DownloadFailed("No speech model named {name} can be downloaded; the ones "
                             "offered: {names}.", name=name,
                             names=", ".join(o.name for o in (offers or catalogue())))
    return found


def download(name: str, *, offers: list[Offer] | None = None
             ) -> Generator[Progress, None, models.SpeechModel]:
    """Download the model ``name`` (yielding progress in bytes) and add it; raises
    DownloadFailed. Closing the generator cancels it, leaving nothing behind."""
    wanted = offer(name, offers)
    if not wanted.pinned:
        raise DownloadFailed(
            "The download address of {name} has no checked SHA-256 in this version, so it is "
            "not downloaded. Download its files yourself (model.int8.onnx and tokens.txt) and "
            "add the folder: Settings ▸ Speech model ▸ Add from a folder, or evidence-logger "
            "speech-model add FOLDER.", name=name)
    home = paths.speech_models_dir()
    home.mkdir(parents=True, exist_ok=True)
    staging = home / f".{name}.download"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    total = wanted.size_mb * 1_000_000
    done = 0
    try:
        for file in wanted.files:
            label = {"name": name, "file": file.name}
            yield Progress(done, total, BYTES, DOWNLOADING, label)
            got = yield from _fetch(file, staging / file.name, done, total, label)
            done += got
        model = models.add(staging, name=name, kind=wanted.kind,
                           source=" + ".join(f.urls[0] for f in wanted.files))
        yield Progress(total, total, BYTES)
        return model
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fetch(file: ModelFile, target: Path, done: int, total: int, label: dict[str, Any]
           ) -> Generator[Progress, None, int]:
    """One file from the first address that answers, checked; the bytes it took."""
    reasons = []
    for url in file.urls:
        part = target.with_name(target.name + ".part")
        digest = hashlib.sha256()
        got = 0
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT_S) as answer, \
                    part.open("wb") as out:
                while chunk := answer.read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    got += len(chunk)
                    yield Progress(min(done + got, total), max(total, done + got), BYTES,
                                   DOWNLOADING, label)
        except (OSError, urllib.error.URLError, ValueError) as error:
            part.unlink(missing_ok=True)
            log.warning("cannot download %s: %r", url, error)
            reasons.append(f"{url}: {error}")
            continue
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        if digest.hexdigest() != file.sha256:
            part.unlink(missing_ok=True)
            log.warning("%s: SHA-256 %s, expected %s", url, digest.hexdigest(), file.sha256)
            raise DownloadFailed(
                "The file {file} downloaded from {url} is not the one expected (its SHA-256 "
                "differs), so it was deleted and the model not added. Try again later, or "
                "add files you downloaded yourself.", file=file.name, url=url)
        part.rename(target)
        return got
    raise DownloadFailed("The speech model file {file} could not be downloaded from any "
                         "address ({reasons}). Nothing was kept; try again later, or add "
                         "files you downloaded yourself.", file=file.name,
                         reasons="; ".join(reasons))
