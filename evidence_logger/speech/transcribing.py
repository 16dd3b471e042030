"""Transcribing a case's recordings: a generator with progress, run after an import (the
command line right away, the window in the background at low priority) and by
``evidence-logger transcribe``.

Each recording is decoded (the original only read), cut at its pauses into segments, each
segment heard by the engine of the model the user added, and in one transaction the transcript,
its segments and a custody entry are written. A recording that cannot be decoded is named and
passed over; no model, or one that cannot be loaded, is said once. Closing the generator
cancels between two segments, leaving the recording being heard untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from evidence_logger import custody
from evidence_logger.case import Case
from evidence_logger.db import transaction
from evidence_logger.i18n import N_
from evidence_logger.progress import SECONDS, Progress
from evidence_logger.speech import models
from evidence_logger.speech.audio import RecordingUndecodable, decode, speech_spans
from evidence_logger.speech.engine import RATE, SpeechEngine, SpeechUnavailable
from evidence_logger.speech.store import Segment, Untranscribed, save, waiting

log = logging.getLogger(__name__)

HEARING = N_("Transcribing recording {number} of {count}: {name}")


@dataclass(slots=True)
class TranscribeReport:
    """What transcribing the recordings did."""

    transcribed: int = 0
    segments: int = 0
    seconds: float = 0.0  # of audio heard
    engine: str = ""
    model: str = ""
    problems: list[RecordingUndecodable] = field(default_factory=list)
    unavailable: SpeechUnavailable | None = None  # no model or it cannot load: nothing heard


def transcribe_recordings(case: Case, *, again: bool = False, shas: list[str] | None = None,
                          load: Callable[[], SpeechEngine] = models.load_active
                          ) -> Generator[Progress, None, TranscribeReport]:
    """Transcribe the recordings without a transcript (``again``: all; ``shas``: only these),
    yielding progress; returns the report. ``load`` gives the engine (tests hand in theirs)."""
    report = TranscribeReport()
    items = waiting(case.db, again=again, shas=shas)
    if not items:
        return report
    yield Progress(0, len(items), "files", HEARING,
                   {"number": 1, "count": len(items), "name": items[0].name})
    try:
        engine = load()
    except SpeechUnavailable as error:
        report.unavailable = error
        return report
    report.engine, report.model = engine.info.engine, engine.info.model
    for number, item in enumerate(items):
        label = {"number": number + 1, "count": len(items), "name": item.name}
        try:
            samples = decode(case.vault.path(item.sha256), item.name)
        except RecordingUndecodable as problem:
            report.problems.append(problem)
            continue
        total_s = len(samples) / RATE
        yield Progress(0, total_s, SECONDS, HEARING, label)
        segments = []
        for span in speech_spans(samples):
            text = engine.recognise(samples[span.start:span.end])
            yield Progress(span.end / RATE, total_s, SECONDS, HEARING, label)
            if text:
                segments.append(Segment(span.start * 1000 // RATE, span.end * 1000 // RATE,
                                        text))
        _store(case, item, engine, segments, int(total_s * 1000))
        report.transcribed += 1
        report.segments += len(segments)
        report.seconds += total_s
    yield Progress(len(items), len(items), "files")
    return report


def _store(case: Case, item: Untranscribed, engine: SpeechEngine, segments: list[Segment],
           duration_ms: int) -> None:
    with transaction(case.db):
        save(case.db, item, engine.info, segments, duration_ms=duration_ms)
        custody.append(case.db, "transcribe", {
            "sha256": item.sha256, "engine": engine.info.engine, "model": engine.info.model,
            "segments": len(segments), "duration_ms": duration_ms})
