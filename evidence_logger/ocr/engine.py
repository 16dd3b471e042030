"""The OCR engine: rapidocr (PP-OCR models inside its wheel) on onnxruntime, offline.

Loaded once per process (:func:`engine`) with the models named by path, so rapidocr never
looks for (or downloads) anything: a missing model is :class:`OcrUnavailable`, said once by the
caller, and everything else in the app goes on working. Settings measured on 1080x2400
screenshots (see ``docs/benchmarks.md``): the detector scales the longer side to at most
1280 px, no angle classifier (screenshots are upright).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from importlib import metadata, resources
from typing import Any

from PIL import Image

from evidence_logger.errors import UserFacingError
from evidence_logger.ocr.page import Box, OcrLine, PageText

log = logging.getLogger(__name__)

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
LIMIT_SIDE_LEN = 1280
MIN_SCORE = 0.5  # lines below this are dropped by the engine (rapidocr's text_score)
_SETTINGS = {
    "Global.use_cls": False,
    "Global.text_score": MIN_SCORE,
    "Global.log_level": "error",
    "Det.limit_type": "max",
    "Det.limit_side_len": LIMIT_SIDE_LEN,
}


class OcrUnavailable(UserFacingError):
    """The OCR engine cannot be loaded: screenshots are kept, but not read."""


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """Which engine and models read a screenshot: kept with every reading."""

    engine: str  # e.g. "rapidocr 3.10.0 (onnxruntime 1.32.0)"
    model: str  # e.g. "PP-OCRv6_det_small + PP-OCRv6_rec_small"


class OcrEngine:
    """rapidocr with our settings; :meth:`read` is safe to call from one thread at a time."""

    def __init__(self) -> None:
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except Exception as error:  # an incomplete installation: missing or broken packages
            log.warning("cannot import rapidocr", exc_info=True)
            raise OcrUnavailable(
                "The text reader (OCR) could not be loaded ({reason}). Screenshots are kept "
                "but not read; everything else works.", reason=type(error).__name__) from error
        models = resources.files(rapidocr) / "models"
        paths = {}
        for key, name in (("Det.model_path", DET_MODEL), ("Rec.model_path", REC_MODEL)):
            model = models / name
            if not model.is_file():
                raise OcrUnavailable(
                    "The text reader (OCR) could not be loaded (its model {model} is missing). "
                    "Screenshots are kept but not read; everything else works.", model=name)
            paths[key] = str(model)
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        try:
            self._ocr: Any = RapidOCR(params={**_SETTINGS, **paths})
        except Exception as error:
            log.warning("cannot start rapidocr", exc_info=True)
            raise OcrUnavailable(
                "The text reader (OCR) could not be loaded ({reason}). Screenshots are kept "
                "but not read; everything else works.", reason=type(error).__name__) from error
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        self.info = EngineInfo(
            engine=f"rapidocr {_version('rapidocr')} (onnxruntime {_version('onnxruntime')})",
            model=f"{DET_MODEL.removesuffix('.onnx')} + {REC_MODEL.removesuffix('.onnx')}")
        self._lock = threading.Lock()

    def read(self, image: Image.Image) -> PageText:
        """The lines of text on ``image`` (any mode; read as RGB), top to bottom."""
        import numpy as np

        rgb = image if image.mode == "RGB" else image.convert("RGB")
        pixels = np.asarray(rgb)[:, :, ::-1]  # rapidocr takes OpenCV's BGR order
        with self._lock:
            result = self._ocr(pixels)
        lines = []
        if result.boxes is not None:
            for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
                xs = [float(p[0]) for p in quad]
                ys = [float(p[1]) for p in quad]
                box = Box(max(0, round(min(xs))), max(0, round(min(ys))),
                          min(rgb.width, round(max(xs))), min(rgb.height, round(max(ys))))
                if text.strip():
                    lines.append(OcrLine(text.strip(), box, round(float(score), 4)))
        lines.sort(key=lambda line: (line.box.top + line.box.bottom, line.box.left))
        return PageText(rgb.width, rgb.height, tuple(_rows(lines)))


def _rows(lines: list[OcrLine]) -> list[OcrLine]:
    """``lines`` in reading order: lines whose boxes overlap vertically by more than half form a
    row, read left to right; rows top to bottom."""
    ordered: list[OcrLine] = []
    row: list[OcrLine] = []
    for line in lines:
        if row and not _same_row(row[0], line):
            ordered += sorted(row, key=lambda item: item.box.left)
            row = []
        row.append(line)
    return ordered + sorted(row, key=lambda item: item.box.left)


def _same_row(a: OcrLine, b: OcrLine) -> bool:
    overlap = min(a.box.bottom, b.box.bottom) - max(a.box.top, b.box.top)
    return overlap > 0.5 * min(a.box.height, b.box.height)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


_engine: OcrEngine | None = None
_engine_lock = threading.Lock()


def engine() -> OcrEngine:
    """The process's engine, loaded on first use (about a second); raises OcrUnavailable."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = OcrEngine()
        return _engine
