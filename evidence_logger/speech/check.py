"""The self-test's look at speech to text: the engine for Mandarin models (sherpa-onnx) loads in
this installation, and the model the user added, if any, loads with it."""

from __future__ import annotations

from evidence_logger.i18n import tr
from evidence_logger.speech import models
from evidence_logger.speech.engine import SpeechUnavailable, version


def engine_check(lang: str | None) -> tuple[bool, str]:
    """(passed, what was found) in ``lang``."""
    try:
        import sherpa_onnx
    except Exception as error:  # a broken installation: the libraries are missing
        return False, tr("The speech engine (sherpa-onnx) cannot be loaded ({reason}).", lang,
                         reason=type(error).__name__)
    if not hasattr(sherpa_onnx, "OfflineRecognizer"):
        return False, tr("The speech engine (sherpa-onnx) is incomplete.", lang)
    model = models.active()
    if model is None:
        return True, tr("Speech engine sherpa-onnx {version} ready; no speech model is added "
                        "(recordings are not transcribed).", lang,
                        version=version("sherpa-onnx"))
    try:
        engine = models.load(model.name, model.kind, model.folder)
    except SpeechUnavailable as error:
        return False, error.message(lang)
    return True, tr("Speech model {model} loaded by {engine}.", lang, model=model.name,
                    engine=engine.info.engine)
