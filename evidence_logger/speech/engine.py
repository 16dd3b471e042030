"""The speech engines behind one small interface: a chunk of 16 kHz mono speech in, its words
out, with the engine and model named in every transcript.

Two engines, each for its kind of model (see ``docs/speech.md`` for why):

- sherpa-onnx (offline recognizer) for the Mandarin models a user adds: SenseVoice-Small and
  Paraformer-zh (``model.int8.onnx`` or ``model.onnx`` with ``tokens.txt``);
- PocketSphinx for its English model shipped inside its PyPI wheel: the smallest real model a
  package registry carries, which the tests use (never part of the app's install).

An engine is loaded from the model's folder only, never from a download; anything missing is
:class:`SpeechUnavailable`, said once by the caller, and the rest of the app goes on working.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_

log = logging.getLogger(__name__)

RATE = 16_000  # samples per second every engine is given
SHERPA_KINDS = ("sense-voice", "paraformer")
SPHINX_KIND = "pocketsphinx"
KINDS = (*SHERPA_KINDS, SPHINX_KIND)


class SpeechUnavailable(UserFacingError):
    """No speech model, or it cannot be loaded: recordings are kept, but not transcribed."""


NO_MODEL = N_("No speech model is added, so recordings are not transcribed. Adding one (Settings "
            "▸ Speech model, or evidence-logger speech-model add) lets the rules find threats "
            "spoken in calls, search find a call by what was said, and the dossier print what "
            "each recording says.")


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """Which engine and model made a transcript: kept with every transcript."""

    engine: str  # e.g. "sherpa-onnx 2.0.1"
    model: str  # the model's name as added, e.g. "sense-voice-zh-int8"
    language: str | None = None  # zh, en, ... when the model has one


class SpeechEngine(Protocol):
    """What the transcriber needs of an engine."""

    info: EngineInfo

    def recognise(self, samples: np.ndarray) -> str:
        """The words of one chunk of speech (float32, mono, :data:`RATE`)."""
        ...


def version(package: str) -> str:
    from importlib import metadata  # 30 ms: only when a transcript names its engine

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _unavailable(name: str, reason: str) -> SpeechUnavailable:
    return SpeechUnavailable(
        "The speech model {name} could not be loaded ({reason}). Recordings are kept but not "
        "transcribed; everything else works. Add the model again in Settings ▸ Speech model.",
        name=name, reason=reason)


class SherpaEngine:
    """sherpa-onnx's offline recognizer with a SenseVoice or Paraformer model."""

    def __init__(self, name: str, kind: str, folder: Path, threads: int = 2) -> None:
        try:
            import sherpa_onnx
        except Exception as error:
            log.warning("cannot import sherpa_onnx", exc_info=True)
            raise _unavailable(name, type(error).__name__) from error
        model = next((folder / n for n in ("model.int8.onnx", "model.onnx")
                      if (folder / n).is_file()), None)
        tokens = folder / "tokens.txt"
        if model is None or not tokens.is_file():
            raise _unavailable(name, "model.onnx or tokens.txt missing")
        try:
            if kind == "sense-voice":
                recognizer = sherpa_onnx.OfflineRecognizer.from_sense_voice(
                    model=str(model), tokens=str(tokens), num_threads=threads,
                    use_itn=True, language="auto")
            else:
                recognizer = sherpa_onnx.OfflineRecognizer.from_paraformer(
                    paraformer=str(model), tokens=str(tokens), num_threads=threads)
        except Exception as error:
            log.warning("cannot start sherpa-onnx on %s", folder, exc_info=True)
            raise _unavailable(name, type(error).__name__) from error
        self._recognizer: Any = recognizer
        self.info = EngineInfo(f"sherpa-onnx {version('sherpa-onnx')}", name, "zh")
        self._lock = threading.Lock()

    def recognise(self, samples: np.ndarray) -> str:
        with self._lock:
            stream = self._recognizer.create_stream()
            stream.accept_waveform(RATE, samples)
            self._recognizer.decode_stream(stream)
            return str(stream.result.text).strip()


class SphinxEngine:
    """PocketSphinx with an acoustic model folder, a dictionary and a language model."""

    def __init__(self, name: str, folder: Path) -> None:
        try:
            from pocketsphinx import Decoder
        except Exception as error:
            log.warning("cannot import pocketsphinx", exc_info=True)
            raise _unavailable(name, type(error).__name__) from error
        files = sphinx_files(folder)
        if files is None:
            raise _unavailable(name, "acoustic model, dictionary or language model missing")
        hmm, dictionary, lm = files
        try:
            self._decoder: Any = Decoder(hmm=str(hmm), dict=str(dictionary), lm=str(lm),
                                         samprate=RATE, loglevel="FATAL")
        except Exception as error:
            log.warning("cannot start pocketsphinx on %s", folder, exc_info=True)
            raise _unavailable(name, type(error).__name__) from error
        self.info = EngineInfo(f"pocketsphinx {version('pocketsphinx')}", name, "en")
        self._lock = threading.Lock()

    def recognise(self, samples: np.ndarray) -> str:
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        with self._lock:
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, full_utt=True)
            self._decoder.end_utt()
            hyp = self._decoder.hyp()
        return hyp.hypstr.strip() if hyp is not None else ""


def sphinx_files(folder: Path) -> tuple[Path, Path, Path] | None:
    """(acoustic model folder, dictionary, language model) of a PocketSphinx model folder."""
    hmm = next((p.parent for p in sorted(folder.rglob("mdef"))), None)
    dictionary = next(iter(sorted(folder.rglob("*.dict"))), None)
    lms = [p for p in sorted(folder.rglob("*.lm.bin")) if "phone" not in p.name]
    if hmm is None or dictionary is None or not lms:
        return None
    return hmm, dictionary, lms[0]


def load(name: str, kind: str, folder: Path) -> SpeechEngine:
    """The engine for a model of ``kind`` in ``folder``; raises SpeechUnavailable."""
    if kind in SHERPA_KINDS:
        return SherpaEngine(name, kind, folder)
    if kind == SPHINX_KIND:
        return SphinxEngine(name, folder)
    raise _unavailable(name, f"unknown kind {kind}")
