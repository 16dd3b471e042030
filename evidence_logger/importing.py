"""Bringing files into a case: originals into the vault, what they say into the timeline.

:func:`import_paths` is a generator: it yields :class:`Progress` as it goes and returns an
:class:`ImportReport`. The command line prints the progress; the window runs the same generator
on a worker thread and cancels by closing it.

Each file is one unit of work. It is copied into the vault's staging area while being hashed;
the copy, not the source, is what the readers parse, so the bytes read are the bytes kept. Then
one database transaction records the original, its events and a custody entry, and moves the
staged copy into place. Any failure rolls all of that back and removes what the file had added;
the next file goes on.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sqlite3
import time
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from evidence_logger import custody, reading_process
from evidence_logger.case import Case
from evidence_logger.db import IMPORT_CACHE_KIB, page_cache_kept, transaction
from evidence_logger.i18n import N_
from evidence_logger.import_report import Imported, ImportReport, Problem
from evidence_logger.importers import formats, recording_names
from evidence_logger.importers.formats import (
    CALL_LOG,
    IMAGE,
    MESSAGES,
    OTHER,
    RECORDING,
    detect,
    pairs_with_sidecar,
    unsupported,
)
from evidence_logger.phones import UNKNOWN, is_phone_number, normalize
from evidence_logger.progress import Progress, file_of
from evidence_logger.records import (
    TRUST_MEDIUM,
    TRUST_STRONG,
    TRUST_WEAK,
    Attachment,
    CallRecord,
    FileNote,
    MediaInfo,
    MessageRecord,
    PartialFile,
    RecordingName,
    SkipFile,
    TimeClaim,
    YearNeeded,
)
from evidence_logger.tasks import drive
from evidence_logger.timeline import EventSink
from evidence_logger.vault import Staged, VaultWriteError

log = logging.getLogger(__name__)

PROGRESS_EVERY = 5_000  # records between progress reports inside one file
_JUNK = {"thumbs.db", "desktop.ini"}
KEPT_UNREAD = N_("{name} is kept as other evidence (a contract, video, voice message or document):"
               " its fingerprint (SHA-256) and time are recorded, but the app does not read it.")



class OwnerError(ValueError):
    """``--owner`` is neither ``self`` nor a phone number."""


def owner_key(owner: str | None, region: str) -> str:
    """``self`` or the E.164 number of the phone the files come from."""
    if owner is None or owner.strip().lower() in ("", "self"):
        return "self"
    key = normalize(owner, region)
    if not is_phone_number(key):
        raise OwnerError(owner)
    return key


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Every file under ``paths`` (folders walked), without hidden or system files."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name.lower() not in _JUNK:
                        found.setdefault(Path(root) / name, None)
        else:
            found.setdefault(path, None)
    return list(found)


def import_paths(case: Case, paths: Iterable[Path], *, owner: str | None = None,
                 year: int | None = None) -> Generator[Progress, None, ImportReport]:
    """Import files and folders into ``case``, yielding progress; returns the report.
    ``year``: the year of dates written without one, for files that do not say it."""
    case.refuse_changes()  # a bundle opened as a lawyer, or the sample case
    key = owner_key(owner, case.region)
    if key != "self":
        _mark_owner(case, key)
    files = collect_files(Path(p) for p in paths)
    report = ImportReport()
    sizes = {}
    for path in files:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0
    total = sum(sizes.values())
    sidecars = {p.with_suffix(""): p for p in files if p.suffix.lower() == ".json"}
    paired = set()
    done_bytes = 0
    for number, path in enumerate(files):
        progress = file_of(done_bytes, total, number + 1, len(files), path.name)
        yield progress
        if path in paired:
            done_bytes += sizes[path]
            continue
        sidecar = sidecars.get(path.with_suffix("")) if pairs_with_sidecar(path) else None
        if sidecar is not None and sidecar != path:
            paired.add(sidecar)
        with _few_collections():
            go_on = yield from _import_file(case, path, key, sidecar, report, progress, year)
        done_bytes += sizes[path]
        if not go_on:  # the disk is full: every file after this one would fail too
            report.problems.append(Problem(
                str(path), "The disk holding the case is full: {name} and the {count} file(s) "
                "after it were not imported. Free some space, then import again.",
                {"name": path.name, "count": len(files) - number - 1}, True))
            break
    if report.imported:  # one trusted timestamp over what no token covers yet (off: nothing)
        from evidence_logger.trusted_time.store import after_import

        report.timestamp = yield from after_import(case)
    yield file_of(total, total, len(files), len(files), "")
    return report


@contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cycle collector, at its default thresholds, runs over a thousand times during a
    300,000-call file (each batch's 2,000 records held at once count as new objects) and walks
    the whole heap a dozen times: 10-15 % of the import. During one file it runs only past
    100,000 new objects (the import itself never holds that many: a cycle made by mistake is
    still collected), and the thresholds are put back after it."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run(case: Case, paths: Iterable[Path], *, owner: str | None = None,
        year: int | None = None) -> ImportReport:
    """Import without watching progress."""
    return drive(import_paths(case, paths, owner=owner, year=year))


def _mark_owner(case: Case, key: str) -> None:
    """A phone that is not the borrower's belongs to a third party unless said otherwise."""
    row = case.db.execute("SELECT role FROM parties WHERE number = ?", (key,)).fetchone()
    if row is None or row[0] == "unknown":
        from evidence_logger.parties import set_party

        set_party(case.db, key, case.region, role="third-party", reason="import --owner")


# -- one file ---------------------------------------------------------------------------


class _Unit:
    """The originals one file adds, so that a failure can take all of them back."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.placed: list[str] = []

    def place(self, staged: Staged) -> None:
        if not self.case.vault.has(staged.sha256):
            self.case.vault.commit(staged)
            self.placed.append(staged.sha256)
        else:
            self.case.vault.discard(staged)

    def undo(self) -> None:
        for sha in self.placed:
            self.case.vault.remove_uncommitted(sha)


def _import_file(case: Case, path: Path, owner: str, sidecar: Path | None,
                 report: ImportReport, progress: Progress, year: int | None = None
                 ) -> Generator[Progress, None, bool]:
    """Import one file; returns False when the import cannot go on (the disk is full)."""
    shown = str(path)
    try:
        if path.is_symlink() and not path.exists():
            raise SkipFile("{name} is a link to a file that does not exist.", name=path.name)
        staged = case.vault.stage(path)
    except SkipFile as problem:
        report.problems.append(Problem(shown, problem.template, problem.params, True))
        return True
    except VaultWriteError as error:
        log.error("cannot write into %s: %s", case.folder, error)
        if error.disk_full:
            return False
        report.problems.append(Problem(shown, "{name} could not be copied into the case: "
                                       "{reason}.", {"name": path.name,
                                                     "reason": error.strerror}, True))
        return True
    except OSError as error:
        log.warning("cannot read %s: %s", path, error)
        report.problems.append(Problem(shown, "{name} could not be read: {reason}.",
                                       {"name": path.name, "reason": error.strerror or str(error)},
                                       True))
        return True
    unit = _Unit(case)
    try:
        if staged.size == 0:
            raise SkipFile("{name} is empty.", name=path.name)
        if _known(case, staged.sha256):
            report.already.append((shown, staged.sha256))
            case.vault.discard(staged)
            return True
        found = detect(staged.path)
        if found is None:
            raise unsupported(path)
        kind, fmt = found
        with page_cache_kept(case.db), transaction(case.db):
            if _known(case, staged.sha256):  # another process got there first
                report.already.append((shown, staged.sha256))
                case.vault.discard(staged)
                return True
            done = yield from _record(case, unit, path, staged, kind, fmt, owner, sidecar,
                                      report, progress, year)
        report.imported.append(done)
    except SkipFile as problem:
        unit.undo()
        case.vault.discard(staged)
        report.problems.append(Problem(shown, problem.template, problem.params, True,
                                       isinstance(problem, YearNeeded)))
    except GeneratorExit:
        unit.undo()
        case.vault.discard(staged)
        raise
    except (VaultWriteError, sqlite3.OperationalError) as error:
        unit.undo()
        case.vault.discard(staged)
        log.error("importing %s failed: %s", path, error)
        if getattr(error, "disk_full", False) or "full" in str(error):
            return False
        report.problems.append(Problem(shown, "{name} could not be copied into the case: "
                                       "{reason}.", {"name": path.name, "reason": str(error)},
                                       True))
    except Exception:
        unit.undo()
        case.vault.discard(staged)
        log.exception("importing %s failed", path)
        report.problems.append(Problem(
            shown, "{name} could not be imported because of an unexpected error; "
                   "the details are in the log.", {"name": path.name}, True))
    return True


def _evidence_id(case: Case, sha256: str) -> int | None:
    row = case.db.execute("SELECT id FROM evidence WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None


def _known(case: Case, sha256: str) -> bool:
    return _evidence_id(case, sha256) is not None


def _record(case: Case, unit: _Unit, path: Path, staged: Staged, kind: str, fmt: str,
            owner: str, sidecar: Path | None, report: ImportReport,
            progress: Progress, year: int | None = None) -> Generator[Progress, None, Imported]:
    """Read one staged original and write it, its events and its custody entry."""
    ctx = case.context()
    if year is not None:
        ctx = replace(ctx, year=year)
    evidence_id = _insert_evidence(case, staged, path, kind, fmt, owner)
    sink = EventSink(case.db, owner=owner, region=case.region, evidence_id=evidence_id,
                     cache_kib=IMPORT_CACHE_KIB, defer_index=True)
    meta: dict[str, Any] = {}
    notes: list[FileNote] = []
    at: TimeClaim | None = None
    sidecar_id: int | None = None
    # the format's reader (the registry's); the kind says how what it reads is kept
    found: Any = None
    if kind in (CALL_LOG, MESSAGES):  # a large export is parsed by a second process
        found = reading_process.records(fmt, staged.path, ctx, staged.size)
    elif formats.FORMATS[fmt].read:
        found = formats.read(fmt, staged.path, ctx)
    if kind == RECORDING:
        info = found
        if sidecar is not None:
            sidecar_id = _add_sidecar(case, unit, sidecar, owner)
        at = _add_recording(case, sink, path, sidecar, info, sidecar_id, meta)
        meta.update(info.meta)
    elif kind == IMAGE:
        at = found.at  # the staged copy keeps the original's name and mtime
        meta.update(found.meta)
    elif kind in (CALL_LOG, MESSAGES):  # a file may hold both (Nokia LogExport)
        add_call = sink.add_call

        def add(record: CallRecord | MessageRecord | FileNote) -> bool:
            """Take one thing a reader yields; whether it was a record (not a note)."""
            if type(record) is CallRecord:  # most of them: the short way
                add_call(record, source=_call_source(record))
            elif isinstance(record, FileNote):
                notes.append(record)
                return False
            elif isinstance(record, CallRecord):
                add_call(record, source=_call_source(record))
            else:
                links = tuple(_add_attachment(case, unit, staged.sha256, owner, part)
                              for part in record.attachments)
                sink.add_message(record, links=links)
            return True
        yield from _read_records(found, add, path, meta, report, progress)
    elif kind == OTHER:  # kept, not read: its hash, its time, its custody entry
        at = _mtime_claim(path)
        notes.append(FileNote(KEPT_UNREAD))
    else:  # a sidecar on its own
        meta["sidecar"] = True
    sink.finish()  # events_at built again, if a large file out of order was written without it
    unit.place(staged)  # the readers are done with the staged copy: move it into place
    meta.update(events_added=sink.added, events_joined=sink.joined)
    if notes:
        meta["notes"] = [note.message(path.name, "en") for note in notes]
    case.db.execute("UPDATE evidence SET meta = ?, at_ms = ?, at_source = ?, at_trust = ? "
                    "WHERE sha256 = ?",
                    (json.dumps(meta, ensure_ascii=False, sort_keys=True),
                     at.utc_ms if at else None, at.source if at else None,
                     at.trust if at else None, staged.sha256))
    custody.append(case.db, "import", {
        "sha256": staged.sha256, "name": path.name, "kind": kind, "format": fmt,
        "size": staged.size, "owner": owner, "events_added": sink.added,
        "events_joined": sink.joined, "records": sink.observations,
        "problem": meta.get("problem")})
    return Imported(str(path), staged.sha256, kind, fmt, sink.added, sink.joined, notes,
                    meta.get("unplaced"))


def _call_source(record: CallRecord) -> str:
    """The kind of source a call rests on: a carrier's record or a phone's log."""
    return "carrier" if record.time_source == "carrier" else "log"


def _read_records(records: Iterator, add, path: Path, meta: dict[str, Any],
                  report: ImportReport, progress: Progress) -> Generator[Progress, None, None]:
    count = 0
    try:
        for record in records:
            if add(record):  # a record, not a note
                count += 1
                if count % PROGRESS_EVERY == 0:  # the same news, and a chance to cancel
                    yield progress
    except PartialFile as partial:
        report.problems.append(Problem(str(path), partial.template, partial.params, False))
        meta["problem"] = str(partial)
    finally:  # cancelled or failed: the reader lets go of the file (and its process) now
        close = getattr(records, "close", None)
        if close is not None:
            close()
    meta["records"] = count


def _insert_evidence(case: Case, staged: Staged, path: Path, kind: str, fmt: str, owner: str,
                     parent: tuple[str, str] | None = None) -> int:
    """Record an original (its file is placed later, in the same transaction); returns its id."""
    try:
        mtime_ms = int(path.stat().st_mtime * 1000) if parent is None else None
    except OSError:
        mtime_ms = None
    # an INSERT's rowid, never None
    return case.db.execute(  # type: ignore[return-value]
        "INSERT INTO evidence (sha256, kind, format, name, size, owner, source_path, "
        "source_mtime_ms, imported_at_ms, parent_sha256, parent_locator) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (staged.sha256, kind, fmt, path.name, staged.size, owner,
         str(path.resolve()) if parent is None else None, mtime_ms, time.time_ns() // 10**6,
         parent[0] if parent else None, parent[1] if parent else None)).lastrowid


def _mtime_claim(path: Path) -> TimeClaim | None:
    try:
        return TimeClaim(int(path.stat().st_mtime * 1000), "file-mtime", TRUST_WEAK)
    except OSError:
        return None


def _add_sidecar(case: Case, unit: _Unit, sidecar: Path, owner: str) -> int | None:
    """Keep a recording's BCR sidecar as an original of its own; returns its id."""
    try:
        staged = case.vault.stage(sidecar)
    except OSError:
        log.warning("cannot read sidecar %s", sidecar, exc_info=True)
        return None
    if (known := _evidence_id(case, staged.sha256)) is not None:
        case.vault.discard(staged)
        return known
    evidence_id = _insert_evidence(case, staged, sidecar, "metadata", "bcr-sidecar", owner)
    unit.place(staged)
    return evidence_id


def _add_recording(case: Case, sink: EventSink, path: Path, sidecar: Path | None,
                   info: MediaInfo, sidecar_id: int | None, meta: dict[str, Any]
                   ) -> TimeClaim | None:
    """Make (or join) the call a recording documents; returns the recording's time."""
    name: RecordingName | None = None
    source = "file-name"
    if sidecar is not None:
        name = recording_names.read_bcr_sidecar(sidecar)
        source = "sidecar"
    if name is None:
        name, source = recording_names.parse_recording_name(path.name), "file-name"
    if name is None or name.local_time is None:
        meta.update(note="the file name gives no call time", unplaced="no-time")
        return _mtime_claim(path)
    at = _claim_from_name(name, source, case)
    number = name.number
    if number is None and name.contact_name:
        number = _number_for_contact(case, name.contact_name)
    if number is None:
        meta.update(note="the file name gives no phone number", unplaced="no-number")
        return at
    meta["vendor"] = name.vendor
    links = (sidecar_id,) if sidecar_id else ()
    sink.add_call(CallRecord(locator="file name", number=number, at_ms=at.utc_ms,
                             direction=name.direction or "unknown", status="recorded",
                             duration=info.meta.get("duration"), contact_name=name.contact_name,
                             time_source=source, time_trust=at.trust,
                             time_precision_s=name.precision_s),
                  source="recording", links=links)
    return at


def _claim_from_name(name: RecordingName, source: str, case: Case) -> TimeClaim:
    assert name.local_time is not None
    if name.utc_offset_minutes is not None:
        zone = timezone(timedelta(minutes=name.utc_offset_minutes))
        moment = name.local_time.replace(tzinfo=zone)
        trust = TRUST_STRONG
    else:
        moment = name.local_time.replace(tzinfo=case.tz)
        trust = TRUST_MEDIUM
    return TimeClaim(int(moment.timestamp() * 1000), source, trust, name.precision_s)


def _number_for_contact(case: Case, contact: str) -> str | None:
    """The number a phone's address book gave ``contact``, when exactly one has it."""
    rows = case.db.execute("SELECT number FROM parties WHERE contact_name = ? OR name = ? "
                           "LIMIT 2", (contact, contact)).fetchall()
    return rows[0][0] if len(rows) == 1 and rows[0][0] != UNKNOWN else None


def _add_attachment(case: Case, unit: _Unit, parent_sha: str, owner: str,
                    part: Attachment) -> int:
    """Keep an MMS part as an original of its own, linked to the export it came from."""
    staged = case.vault.stage_bytes(part.data, part.name or "attachment")
    if (known := _evidence_id(case, staged.sha256)) is not None:
        case.vault.discard(staged)
        return known
    evidence_id = _insert_evidence(case, staged, Path(part.name or part.locator), "attachment",
                                   part.mime or "application/octet-stream", owner,
                                   parent=(parent_sha, part.locator))
    unit.place(staged)
    return evidence_id


def parse_time(text: str, tz) -> datetime:
    """A user-typed time: ISO 8601, with or without an offset (then local in ``tz``)."""
    value = datetime.fromisoformat(text.strip().replace("/", "-"))
    return value if value.tzinfo else value.replace(tzinfo=tz)
