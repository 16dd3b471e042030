"""The speech models the user added: app-wide in the data folder (``paths.speech_models_dir``),
never in a case, each a folder of its own with ``model.json`` naming its kind and where it
came from.

A model is added from a folder (or a file in it) the user downloaded, or by a download the user
asked for (:mod:`evidence_logger.speech.download`). The model in use is the one the user chose
last, else the Mandarin one added last, else any.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_logger import paths
from evidence_logger.errors import UserFacingError
from evidence_logger.speech.engine import (
    NO_MODEL,
    SHERPA_KINDS,
    SPHINX_KIND,
    SpeechEngine,
    SpeechUnavailable,
    load,
    sphinx_files,
)

log = logging.getLogger(__name__)

META = "model.json"
CHOSEN = "chosen.txt"


class ModelRefused(UserFacingError):
    """A folder or file that is not a speech model this app can use."""


@dataclass(frozen=True, slots=True)
class SpeechModel:
    name: str
    kind: str
    folder: Path
    source: str  # the path or address it was added from
    added_at_ms: int
    size: int  # bytes


def detect(path: Path) -> tuple[str, Path]:
    """(kind, folder) of the model at ``path`` (a folder, or a file inside one); raises
    ModelRefused with what was looked for."""
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        raise ModelRefused("{path} does not exist.", path=str(path))
    if (folder / "tokens.txt").is_file() and any(
            (folder / n).is_file() for n in ("model.int8.onnx", "model.onnx")):
        lowered = folder.name.lower()
        if "paraformer" in lowered:
            return "paraformer", folder
        return "sense-voice", folder
    if sphinx_files(folder) is not None:
        return SPHINX_KIND, folder
    raise ModelRefused(
        "{path} holds no speech model this app can use: a SenseVoice or Paraformer model "
        "(model.int8.onnx or model.onnx with tokens.txt) or a PocketSphinx model.",
        path=str(path))


def _name(kind: str, folder: Path) -> str:
    raw = folder.name if folder.name not in ("", ".") else kind
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in raw)[:80] or kind


def add(path: Path, *, name: str | None = None, kind: str | None = None,
        source: str | None = None) -> SpeechModel:
    """Copy the model at ``path`` into the data folder (whole, or not at all) and return it."""
    found_kind, folder = detect(path)
    kind = kind or found_kind
    name = name or _name(kind, folder)
    home = paths.speech_models_dir()
    home.mkdir(parents=True, exist_ok=True)
    target = home / name
    if target.exists():
        raise ModelRefused("A speech model named {name} is added already (remove it first).",
                           name=name)
    part = home / f".{name}.part"
    shutil.rmtree(part, ignore_errors=True)
    try:
        if kind == SPHINX_KIND:
            shutil.copytree(folder, part)
        else:
            part.mkdir()
            for file in ("model.int8.onnx", "model.onnx", "tokens.txt"):
                if (folder / file).is_file():
                    shutil.copy2(folder / file, part / file)
                    if file == "model.int8.onnx":
                        break  # the int8 model is the one used; the float one is not copied
            if not (part / "tokens.txt").exists():
                shutil.copy2(folder / "tokens.txt", part / "tokens.txt")
        meta = {"name": name, "kind": kind, "source": source or str(path),
                "added_at_ms": int(time.time() * 1000)}
        (part / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                 encoding="utf-8")
        part.rename(target)
    except OSError as error:
        shutil.rmtree(part, ignore_errors=True)
        log.warning("cannot add speech model from %s", path, exc_info=True)
        raise ModelRefused("The speech model could not be copied into the data folder "
                           "({reason}).", reason=str(error)) from error
    choose(name)
    model = get(name)
    assert model is not None
    return model


def _read(folder: Path) -> SpeechModel | None:
    try:
        meta: dict[str, Any] = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return SpeechModel(meta["name"], meta["kind"], folder, meta.get("source", ""),
                       int(meta.get("added_at_ms", 0)), size)


def list_models() -> list[SpeechModel]:
    """The models added, oldest first."""
    home = paths.speech_models_dir()
    if not home.is_dir():
        return []
    found = [m for f in sorted(home.iterdir()) if f.is_dir() and not f.name.startswith(".")
             and (m := _read(f)) is not None]
    return sorted(found, key=lambda m: (m.added_at_ms, m.name))


def get(name: str) -> SpeechModel | None:
    return next((m for m in list_models() if m.name == name), None)


def remove(name: str) -> None:
    model = get(name)
    if model is None:
        raise ModelRefused("No speech model is named {name}.", name=name)
    shutil.rmtree(model.folder)
    chosen = paths.speech_models_dir() / CHOSEN
    if chosen.is_file() and chosen.read_text(encoding="utf-8").strip() == name:
        chosen.unlink()


def choose(name: str) -> None:
    """Use ``name`` from now on."""
    home = paths.speech_models_dir()
    home.mkdir(parents=True, exist_ok=True)
    (home / CHOSEN).write_text(name, encoding="utf-8")


def active() -> SpeechModel | None:
    """The model in use: the one chosen, else the Mandarin one added last, else any."""
    models = list_models()
    chosen = paths.speech_models_dir() / CHOSEN
    if chosen.is_file():
        name = chosen.read_text(encoding="utf-8").strip()
        model = next((m for m in models if m.name == name), None)
        if model is not None:
            return model
    mandarin = [m for m in models if m.kind in SHERPA_KINDS]
    pool = mandarin or models
    return pool[-1] if pool else None


def load_active() -> SpeechEngine:
    """The engine of the model in use; raises SpeechUnavailable (no model: what one gives)."""
    model = active()
    if model is None:
        raise SpeechUnavailable(NO_MODEL)
    return load(model.name, model.kind, model.folder)
