"""Transcripts from the command line: ``transcribe [--all]``, ``transcript SHA [--correct N
TEXT]``, and ``speech-model add PATH | add --download NAME | list | remove NAME | offered``;
see :mod:`evidence_logger.speech`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from evidence_logger import listing
from evidence_logger.case import Case
from evidence_logger.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_SKIPPED,
    UserError,
    open_case,
    print_json,
    show_progress,
    status_line,
)
from evidence_logger.i18n import tr
from evidence_logger.speech import download, models
from evidence_logger.speech.store import clock, correct, transcript_of
from evidence_logger.speech.transcribing import TranscribeReport, transcribe_recordings
from evidence_logger.tasks import drive


def transcribe_and_say(case: Case, *, again: bool = False, shas: list[str] | None = None
                       ) -> TranscribeReport:
    report = drive(transcribe_recordings(case, again=again, shas=shas), show_progress())
    status_line("")
    print_report(report)
    return report


def transcribe_new(case: Case, report: Any, *, skip: bool) -> TranscribeReport | None:
    """After ``import``: the new recordings transcribed when a speech model is added (without
    one, nothing is said here: ``status`` and the window say what adding one gives)."""
    recordings = [item.sha256 for item in report.imported if item.kind == "recording"]
    if skip or not recordings or models.active() is None:
        return None
    return transcribe_and_say(case, shas=recordings)


def print_report(report: TranscribeReport) -> None:
    if report.unavailable is not None:
        print(report.unavailable.message(), file=sys.stderr)
        return
    if report.transcribed:
        print(tr("Transcribed {count} recording(s), {seconds} s of audio, {segments} "
                 "segment(s) ({engine}, model {model}; machine transcripts).",
                 count=report.transcribed, seconds=round(report.seconds),
                 segments=report.segments, engine=report.engine, model=report.model))
    for problem in report.problems:
        print("  " + tr("not transcribed: ") + problem.message(), file=sys.stderr)


def cmd_transcribe(args: argparse.Namespace) -> int:
    with open_case(args, changes=True) as case:
        if args.json:
            report = drive(transcribe_recordings(case, again=args.all))
            print_json({"transcribed": report.transcribed, "segments": report.segments,
                        "seconds": round(report.seconds, 1), "engine": report.engine,
                        "model": report.model,
                        "problems": [p.message() for p in report.problems],
                        "unavailable": (report.unavailable.message()
                                        if report.unavailable else None)})
        else:
            report = transcribe_and_say(case, again=args.all)
            if not report.transcribed and not report.problems and report.unavailable is None:
                print(tr("Every recording is transcribed already (--all transcribes them "
                         "again)."))
        if report.unavailable is not None:
            return EXIT_ERROR
        return EXIT_SKIPPED if report.problems else EXIT_OK


def cmd_transcript(args: argparse.Namespace) -> int:
    with open_case(args, read_only=args.correct is None, changes=args.correct is not None) \
            as case:
        matches = [item for item in listing.evidence(case)
                   if item["sha256"].startswith(args.sha.lower())
                   and item["kind"] == "recording"]
        if len(matches) != 1:
            raise UserError("{count} recordings' SHA-256 begin with {value}; give one "
                            "recording's.", count=len(matches), value=args.sha)
        sha = matches[0]["sha256"]
        if args.correct is not None:
            seq, text = args.correct
            if not seq.isdigit():
                raise UserError("N must be a segment's number, not {value}.", value=seq)
            correct(case.db, sha, int(seq), text)
        transcript = transcript_of(case.db, sha)
        if args.json:
            print_json(transcript)
            return EXIT_OK
        if transcript is None:
            print(tr("Not transcribed yet: evidence-logger transcribe transcribes it."))
            return EXIT_OK
        print(tr("Machine transcript ({engine}, model {model}):", engine=transcript["engine"],
                 model=transcript["model"]))
        for seg in transcript["segments"]:
            print(f"  {seg['seq']:>3} {clock(seg['start_ms'])}-{clock(seg['end_ms'])}  "
                  f"{seg['text']}")
            if seg["corrected"]:
                print("      " + tr("corrected by the borrower: {text}", text=seg["corrected"]))
        return EXIT_OK


def cmd_speech_model(args: argparse.Namespace) -> int:
    action = args.model_command
    if action == "add":
        if args.download:
            model = drive(download.download(args.download), show_progress())
            status_line("")
        elif args.path is not None:
            model = models.add(args.path, name=args.name)
        else:
            raise UserError("Give the folder of a model you downloaded, or --download NAME.")
        print(tr("Added the speech model {name} ({kind}); it is used from now on.",
                 name=model.name, kind=model.kind))
        return EXIT_OK
    if action == "remove":
        models.remove(args.name)
        print(tr("Removed the speech model {name}.", name=args.name))
        return EXIT_OK
    if action == "use":
        if models.get(args.name) is None:
            raise UserError("No speech model is named {name}.", name=args.name)
        models.choose(args.name)
        return EXIT_OK
    if action == "offered":
        for offer in download.catalogue():
            state = tr("ready to download") if offer.pinned else tr(
                "not downloadable in this version (no checked SHA-256): add it from a folder")
            print(f"{offer.name}  {offer.title_en}  [{state}]")
        return EXIT_OK
    in_use = models.active()
    found = models.list_models()
    if not found:
        print(tr("No speech model is added: recordings are kept but not transcribed. "
                 "speech-model add FOLDER adds one."))
    for model in found:
        mark = "*" if in_use is not None and model.name == in_use.name else " "
        print(f"{mark} {model.name}  {model.kind}  {model.size // 1_000_000} MB  "
              f"{model.source}")
    return EXIT_OK
