"""Building the sample case: phone files written, imported, and what only the borrower knows.

:func:`make_demo` is a generator like :func:`evidence_logger.importing.import_paths`: it yields
:class:`Progress` and returns the case folder (its screenshots read, as the window reads them
after an import). The command line drives it with
:func:`evidence_logger.tasks.drive`; the window runs it on a worker and cancels by closing it.
Closing it, or any failure, removes the case it was making: there is never half a sample.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Generator
from pathlib import Path

from evidence_logger import custody, listing
from evidence_logger.case import SAMPLE_KEY, Case
from evidence_logger.db import transaction
from evidence_logger.demo import scenario as s
from evidence_logger.demo import way_out
from evidence_logger.demo.exports import epoch_ms
from evidence_logger.demo.phone_files import count_phone_files, iter_phone_files
from evidence_logger.demo.provenance import add_provenance
from evidence_logger.i18n import N_, Language, current_language, tr
from evidence_logger.importing import collect_files, import_paths
from evidence_logger.ocr.reading import read_screenshots
from evidence_logger.parties import set_party
from evidence_logger.progress import PARTS, Progress
from evidence_logger.timeline import EventSink

log = logging.getLogger(__name__)

WRITING = N_("Writing the sample phone files ({done} of {total})")
IMPORTING = N_("Importing the sample files ({done} of {total})")
READING = N_("Reading the sample screenshots ({done} of {total})")
MARKING = N_("Marking collectors, the relative and the debts")
# each step's start and share of the whole bar
_WEIGHTS = {WRITING: (0.0, 0.35), IMPORTING: (0.35, 0.4), READING: (0.75, 0.2),
            MARKING: (0.95, 0.05)}


def _progress(step: str, done: int, total: int) -> Progress:
    """How far the sample has got, in thousandths of the whole: ``done`` of ``total`` items of
    ``step`` (one of the three sentences above)."""
    start, share = _WEIGHTS[step]
    whole = start + share * (done / total if total else 1.0)
    return Progress(round(1000 * whole), 1000, PARTS, step, {"done": done, "total": total})


def language(lang: str | None) -> str:
    """``zh_CN`` or ``en`` from "zh", "zh_CN", "en" or None (the current language)."""
    if lang is None:
        return current_language()
    return Language.of(lang)


def make_demo(case_dir: Path, *, files_dir: Path | None = None, lang: str | None = None
              ) -> Generator[Progress, None, Path]:
    """Make the sample case in ``case_dir`` (new or empty), yielding progress; returns it.

    The phone files are written to a temporary folder, removed at the end, or to ``files_dir``,
    kept. ``lang`` (zh or en) names the case. Raises :class:`evidence_logger.case.CaseError`
    when ``case_dir`` cannot hold a new case.
    """
    lang = language(lang)
    case_dir = Path(case_dir).expanduser().resolve()
    existed = case_dir.exists()
    case = Case.create(case_dir, name=tr("Sample case", lang), timezone=s.TIMEZONE,
                       profile="cn")
    temp = None
    try:
        if files_dir is None:
            temp = tempfile.TemporaryDirectory(prefix="evidence-logger-sample-")
            folder = Path(temp.name)
        else:
            folder = Path(files_dir).expanduser().resolve()
            folder.mkdir(parents=True, exist_ok=True)
        total = count_phone_files()
        yield _progress(WRITING, 0, total)
        task, written = iter_phone_files(folder), 0
        while True:
            try:
                next(task)
            except StopIteration as stop:
                phones = stop.value
                break
            written += 1
            yield _progress(WRITING, written, total)
        yield from _import(case, phones.borrower, phones.mother)
        yield from _read(case)
        yield _progress(MARKING, 0, 1)
        _add_details(case)
        add_provenance(case, lang)
        case.set_info(SAMPLE_KEY, "1")  # from now on it refuses imports and changes
        yield _progress(MARKING, 1, 1)
        log.info("made the sample case in %s", case_dir)
        return case_dir
    except BaseException:
        log.info("the sample case in %s was not finished; removing it", case_dir)
        case.close()
        _remove(case_dir, keep_folder=existed)
        raise
    finally:
        case.close()
        if temp is not None:
            temp.cleanup()


def _import(case: Case, borrower: Path, mother: Path) -> Generator[Progress, None, None]:
    """Import the borrower's phone, then the mother's (``--owner``), as one progress bar."""
    runs = [(borrower, "self"), (mother, s.MOTHER)]
    total = sum(len(collect_files([folder])) for folder, _ in runs)
    before = 0
    for folder, owner in runs:
        task = import_paths(case, [folder], owner=owner)
        while True:
            try:
                step = next(task)
            except StopIteration as stop:
                report = stop.value
                break
            files_done = step.params["number"] - (1 if step.doing else 0)  # after the last: all
            yield _progress(IMPORTING, before + files_done, total)
        for problem in report.problems:
            log.error("sample file not imported: %s: %s", problem.path, problem.message("en"))
        before += len(collect_files([folder]))


def _read(case: Case) -> Generator[Progress, None, None]:
    """Read the sample's screenshots (OCR), as the window does after an import."""
    task = read_screenshots(case)
    while True:
        try:
            step = next(task)
        except StopIteration as stop:
            report = stop.value
            break
        if step is not None and step.total:
            yield _progress(READING, int(step.done), int(step.total))
    if report.unavailable is not None:
        log.error("sample screenshots not read: %s", report.unavailable.message("en"))


def _add_details(case: Case) -> None:
    """What only the borrower knows: who each number is, a call no file shows, the debts."""
    set_party(case.db, s.BORROWER, case.region, role="self", name=s.BORROWER_NAME,
              reason="sample")
    for number, platform in s.COLLECTORS.items():
        set_party(case.db, number, case.region, role="collector", platform=platform,
                  reason="sample")
    for number, (relation, name) in s.THIRD_PARTIES.items():
        set_party(case.db, number, case.region, role="third-party", relation=relation,
                  name=name, reason="sample")
    call = s.ENTERED_CALL
    at_ms = epoch_ms(call.at)
    with transaction(case.db):  # as `calls add` does
        sink = EventSink(case.db, owner="self", region=case.region, evidence_id=None)
        sink.add_manual_call(number=call.number, at_ms=at_ms, direction="in",
                             duration=call.duration, note=call.note)
        sink.flush()
        custody.append(case.db, "call-added", {
            "number": call.number, "at": listing.iso(at_ms, case.tz), "direction": "in",
            "duration": call.duration, "owner": "self", "note": call.note})
    way_out.add_debts(case)
    way_out.add_negotiations(case)


def _remove(folder: Path, *, keep_folder: bool) -> None:
    """Remove what was made in ``folder`` (originals are read-only: make them writable)."""
    def retry(function: Callable[[str], object], path: str, _error: object) -> None:
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD | stat.S_IEXEC)
        function(path)

    if not keep_folder:
        shutil.rmtree(folder, onerror=retry)
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, onerror=retry)
        else:
            child.unlink()
