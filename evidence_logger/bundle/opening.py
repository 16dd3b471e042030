"""Opening a bundle as a lawyer: verify it, extract it safely, and rebuild a read-only case.

``DIR/bundle/`` gets the bag's files under their readable names, ``DIR/case.sqlite`` and
``DIR/originals/`` the case, rebuilt from ``data/case/case.json`` with the same ids, so that
events and findings are the exporter's. The case remembers where it came from and the verdict;
it refuses every change.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import zipfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

import pyzipper

from evidence_logger import custody, provenance
from evidence_logger.bundle.readings import ReadingsRefused, checked_readings
from evidence_logger.bundle.salvage import readable
from evidence_logger.bundle.verify import iter_verify
from evidence_logger.bundle.zipsafety import BAD_ZIP as _BAD_ZIP
from evidence_logger.case import SAMPLE_KEY, Case
from evidence_logger.case_document import FORMAT, SCREEN_LINE_COLUMNS, SCREEN_READ_COLUMNS
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.progress import Progress
from evidence_logger.tasks import drive
from evidence_logger.trusted_time import bag as trusted_bag
from evidence_logger.way_out import document as way_out_document

log = logging.getLogger(__name__)

CASE_JSON = "data/case/case.json"
TABLES = {  # case.json key -> (table, columns)
    "parties": ("parties", ("id", "number", "role", "platform", "relation", "name",
                            "contact_name")),
    "evidence": ("evidence", ("id", "sha256", "kind", "format", "name", "size", "owner",
                              "source_path", "source_mtime_ms", "imported_at_ms", "at_ms",
                              "at_source", "at_trust", "parent_sha256", "parent_locator",
                              "meta")),
    "events": ("events", ("id", "kind", "owner", "party_id", "direction", "at_ms", "at_source",
                          "at_trust", "at_precision_s", "status", "connected", "duration",
                          "text", "note")),
    "observations": ("observations", ("event_id", "evidence_id", "locator", "source", "at_ms",
                                      "precision_s", "direction", "status", "duration", "text",
                                      "contact_name", "date_sent_ms")),
    "event_links": ("event_links", ("event_id", "evidence_id")),
    "attributions": ("attributions", ("id", "party_id", "platform", "basis", "event_id",
                                      "evidence", "statement", "confirmed_at_ms")),
}


class OpenError(UserFacingError):
    """The bundle cannot be opened; the message is a sentence for the user."""

    def __init__(self, template: str, /, *, needs_password: bool = False,
                 **params: object) -> None:
        super().__init__(template, **params)
        self.needs_password = needs_password  # encrypted, and no (or a wrong) password given


def open_bundle(path: Path, folder: Path, *, password: str | None = None) -> Case:
    """Verify ``path``, extract it into ``folder`` and return the read-only case made from it."""
    return drive(iter_open_bundle(path, folder, password=password))


def iter_open_bundle(path: Path, folder: Path, *, password: str | None = None
                     ) -> Generator[Progress, None, Case]:
    """:func:`open_bundle`, yielding the verification's progress (the longest part)."""
    verdict = yield from iter_verify(path, password=password.encode() if password else None)
    if verdict.status == "invalid":
        first = verdict.problems[0] if verdict.problems else None
        raise OpenError("{name} cannot be opened: {reason}", name=path.name,
                        reason=first.message() if first else verdict.status,
                        needs_password=any(p.problem in ("encrypted", "password")
                                           for p in verdict.problems))
    folder = folder.expanduser().resolve()
    if folder.exists() and any(folder.iterdir()):
        raise OpenError("{folder} is not empty; choose a new or empty folder to open the "
                        "bundle in.", folder=str(folder))
    bad_paths = {p.path for p in verdict.problems}
    with _reader(path, password) as zf:
        document = _case_document(zf, path, bad_paths)
        try:
            readings = checked_readings(document)
        except ReadingsRefused as refused:
            raise OpenError("{name} cannot be opened: {reason}", name=path.name,
                            reason=refused.message()) from refused
        info = document["case"]
        case = Case.create(folder, name=info["name"], timezone=info["timezone"],
                           profile=info["profile"])
        try:
            _fill(case, zf, document, bad_paths, path, verdict, readings)
            _extract_tree(zf, folder / "bundle",
                          {p for p in bad_paths if p.startswith("data/")})
        except BaseException:
            case.close()
            raise
    return Case.open(folder)


def _case_document(zf: zipfile.ZipFile, path: Path, bad_paths: set[str]) -> dict[str, Any]:
    """``data/case/case.json``: what the case is made from (an edited one is read, and shown
    as altered; a damaged one cannot be)."""
    try:
        document = json.loads(zf.read(CASE_JSON))
    except KeyError:
        raise OpenError("{name} holds no Evidence Logger case.", name=path.name) from None
    except (*_BAD_ZIP, UnicodeDecodeError) as error:
        log.warning("cannot read %s in %s: %s", CASE_JSON, path, error)
        raise OpenError("{name} cannot be opened: the description of the case inside it "
                        "({path}) is damaged. Ask for the bundle again; the files in it can "
                        "still be checked with evidence-logger verify.", name=path.name,
                        path=CASE_JSON) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise OpenError("{name} holds no Evidence Logger case.", name=path.name)
    if CASE_JSON in bad_paths:
        log.warning("%s in %s was changed after export", CASE_JSON, path)
    return document


@contextmanager
def _reader(path: Path, password: str | None) -> Iterator[zipfile.ZipFile]:
    """The bundle's zip (what arrived whole of one cut short, see :mod:`.salvage`)."""
    with open(path, "rb") as f, pyzipper.AESZipFile(readable(f)) as zf:
        if password:
            zf.setpassword(password.encode("utf-8"))
        yield zf


def _fill(case: Case, zf: zipfile.ZipFile, document: dict[str, Any], bad_paths: set[str],
          source: Path, verdict: Any, readings: tuple[list[Any], list[Any]]) -> None:
    db = case.db
    with transaction(db):
        for key, (table, columns) in TABLES.items():
            rows = []
            for row in document.get(key, ()):  # a bundle made before a table existed
                if key == "evidence":
                    meta = dict(row.get("meta") or {})
                    if row.get("path") is None:
                        meta["withheld"] = True
                    elif row["path"] in bad_paths:
                        meta["altered_in_bundle"] = True
                    row = {**row, "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True)}
                rows.append(tuple(row.get(c) for c in columns))
            marks = ", ".join("?" * len(columns))
            db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                                rows)
        for table, columns, checked in (("screen_reads", SCREEN_READ_COLUMNS, readings[0]),
                                        ("screen_lines", SCREEN_LINE_COLUMNS, readings[1])):
            marks = ", ".join("?" * len(columns))
            db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                                checked)
        provenance.restore(db, document)
        way_out_document.restore(db, document)
        trusted_bag.restore(db, zf.namelist(), zf.read, bad_paths)
        for rule, params in document.get("rule_settings", {}).items():
            for param, value in params.items():
                db.execute("INSERT INTO rule_settings (rule, param, value) VALUES (?, ?, ?)",
                           (rule, param, json.dumps(value, ensure_ascii=False)))
        for row in document["evidence"]:
            if row.get("path") and row["path"] not in bad_paths:
                try:
                    with zf.open(row["path"]) as src:
                        staged = case.vault.stage_stream(src, row["name"])
                except (*_BAD_ZIP, OSError):
                    log.warning("cannot read %s in %s", row["path"], source, exc_info=True)
                    continue
                if staged.sha256 != row["sha256"]:
                    case.vault.discard(staged)
                    continue
                case.vault.commit(staged)
        opened = {"opened_from": str(source.resolve()), "opened_at_ms": str(time.time_ns()
                                                                             // 10**6),
                  "bundle_status": verdict.status,
                  "bundle_fingerprint": verdict.info.get("fingerprint", ""),
                  "bundle_exported_at": verdict.info.get("bag_info", {}).get("Bagging-Time", ""),
                  "bundle_problems": json.dumps([{"problem": p.problem, "path": p.path,
                                                  "template": p.message_template,
                                                  "params": p.params}
                                                 for p in verdict.problems],
                                                ensure_ascii=False, default=str),
                  "read_only": "1"}
        if document["case"].get("sample") is True:  # invented data: it says so wherever shown
            opened[SAMPLE_KEY] = "1"
        db.conn.executemany("INSERT INTO case_info (key, value) VALUES (?, ?) ON CONFLICT (key) "
                            "DO UPDATE SET value = excluded.value", opened.items())
        custody.append(db, "bundle-opened", {
            "bundle": source.name, "status": verdict.status,
            "fingerprint": opened["bundle_fingerprint"],
            "custody_head": verdict.info.get("bag_info", {}).get("Custody-Log-Head", ""),
            "problems": len(verdict.problems)})


def _extract_tree(zf: zipfile.ZipFile, target: Path, skip: set[str]) -> None:
    """The bag's files under their own names, for reading with other tools (read-only); the
    payload files in ``skip`` (damaged or changed) are left out."""
    target.mkdir()
    root = target.resolve()
    for info in zf.infolist():
        name = PurePosixPath(info.filename)
        if info.is_dir() or name.is_absolute() or ".." in name.parts:
            continue
        destination = (target / Path(*name.parts)).resolve()
        if root not in destination.parents:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if info.filename in skip:  # damaged or changed: the case marks it, nothing to read
            continue
        try:
            with zf.open(info) as src, open(destination, "xb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except _BAD_ZIP:
            log.warning("cannot extract %s", info.filename, exc_info=True)
            destination.unlink(missing_ok=True)
            continue
        os.chmod(destination, 0o444)
