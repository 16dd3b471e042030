"""Where the evidence came from (原始载体与提取说明): the phones, as the borrower describes them,
and each export made off a phone (how, when, by whom, which files), with the custody log's
import times; plus who signs the declaration (声明) and where the phones are kept.

The borrower enters all of it (``device add``, ``provenance add/set``, the window's provenance
dialog); the dossier prints it on its provenance and declaration pages, and the bundle's case
document carries it (:func:`document_part`, read back by :func:`restore`).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from fnmatch import fnmatch
from typing import Any

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError

log = logging.getLogger(__name__)

DEVICE_COLUMNS = ("id", "label", "owner", "owner_name", "make", "model", "number", "note",
                  "created_at_ms")
EXTRACTION_COLUMNS = ("id", "device_id", "method", "made_at", "made_by", "files", "note",
                      "created_at_ms")
INFO_KEYS = ("declarant", "phones_kept")  # case_info keys this module owns


class ProvenanceError(UserFacingError, ValueError):
    """A phone or an export cannot be recorded as given; the message says why."""

    def __init__(self, template: str, /, *, field: str, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field  # the argument it is about, e.g. "made_at"


def _now_ms() -> int:
    return time.time_ns() // 10**6


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def made_at_text(value: str | None) -> str | None:
    """``value`` as ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` (local time), or an error."""
    value = _clean(value)
    if value is None:
        return None
    try:
        if len(value) <= 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace(" ", "T")).strftime("%Y-%m-%dT%H:%M")
    except ValueError:
        raise ProvenanceError("{value} is not a date like 2026-03-20 or a time like "
                              "2026-03-20T21:30.", field="made_at", value=value) from None


def add_device(db: sqlite_utils.Database, *, label: str, owner: str = "self",
               owner_name: str | None = None, make: str | None = None,
               model: str | None = None, number: str | None = None,
               note: str | None = None, region: str = "CN") -> int:
    """Record a phone; ``owner`` is whose phone it is as imports name it (``self`` or a
    phone number, see :func:`evidence_logger.importing.owner_key`). Returns its id."""
    from evidence_logger.importing import OwnerError, owner_key

    try:
        owner = owner_key(owner, region)
    except OwnerError:
        raise ProvenanceError("Whose phone it is must be self or a phone number, not "
                              "{value}.", field="owner", value=owner) from None
    label = (label or "").strip()
    if not label:
        raise ProvenanceError("A phone needs a short name, e.g. \"my phone\".", field="label")
    if db.execute("SELECT 1 FROM devices WHERE label = ?", (label,)).fetchone():
        raise ProvenanceError("There is already a phone named {label}.", field="label",
                              label=label)
    values = {"label": label, "owner": owner, "owner_name": _clean(owner_name),
              "make": _clean(make), "model": _clean(model), "number": _clean(number),
              "note": _clean(note)}
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO devices (label, owner, owner_name, make, model, number, note, "
            "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (*values.values(), _now_ms()))
        device_id = cursor.lastrowid
        assert device_id is not None
        custody.append(db, "device-added", {"id": device_id, **values})
    return device_id


def find_device(db: sqlite_utils.Database, which: str | int) -> dict[str, Any]:
    """A phone by its id or its name."""
    rows = list(db.query("SELECT * FROM devices WHERE label = ? OR CAST(id AS TEXT) = ? "
                         "ORDER BY label = ? DESC", (str(which), str(which), str(which))))
    if not rows:
        raise ProvenanceError("No phone is named {which}; device list shows the phones.",
                              field="device", which=which)
    return rows[0]


def add_extraction(db: sqlite_utils.Database, *, device: str | int, method: str,
                   made_at: str | None = None, made_by: str | None = None,
                   files: str | None = None, note: str | None = None) -> int:
    """Record how files were taken off a phone: ``method`` (app or tool and what it wrote),
    when, by whom; ``files`` a pattern (``*.xml``, ``Recordings/*``) over the originals' names
    and import paths it covers (none: every original of that phone). Returns its id."""
    phone = find_device(db, device)
    if not _clean(method):
        raise ProvenanceError("Say how the files were taken off the phone, e.g. \"SMS Backup "
                              "& Restore, XML saved to the phone and copied by USB\".",
                              field="method")
    values = {"device_id": phone["id"], "method": _clean(method),
              "made_at": made_at_text(made_at), "made_by": _clean(made_by),
              "files": _clean(files), "note": _clean(note)}
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO extractions (device_id, method, made_at, made_by, files, note, "
            "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)", (*values.values(), _now_ms()))
        extraction_id = cursor.lastrowid
        assert extraction_id is not None
        custody.append(db, "extraction-added", {"id": extraction_id, "device": phone["label"],
                                                **values})
    return extraction_id


def remove(db: sqlite_utils.Database, what: str, item_id: int) -> None:
    """Remove a phone (``what`` = "device", with its exports) or an export ("extraction")
    entered by mistake; the custody log keeps what it was."""
    table = {"device": "devices", "extraction": "extractions"}[what]
    row = db.execute(f"SELECT * FROM {table} WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        if what == "device":
            raise ProvenanceError("There is no phone {id}.", field="id", id=item_id)
        raise ProvenanceError("There is no export {id}.", field="id", id=item_id)
    with transaction(db):
        if what == "device":
            db.execute("DELETE FROM extractions WHERE device_id = ?", (item_id,))
        db.execute(f"DELETE FROM {table} WHERE id = ?", (item_id,))
        custody.append(db, f"{what}-removed", {"id": item_id})


def set_statement(db: sqlite_utils.Database, *, declarant: str | None = None,
                  phones_kept: str | None = None) -> None:
    """Who signs the declaration and where the phones are kept (``None`` leaves a value as
    it is, an empty text clears it)."""
    changes = {k: v.strip() for k, v in (("declarant", declarant), ("phones_kept", phones_kept))
               if v is not None}
    if not changes:
        return
    with transaction(db):
        for key, value in changes.items():
            if value:
                db.execute("INSERT INTO case_info (key, value) VALUES (?, ?) ON CONFLICT (key) "
                           "DO UPDATE SET value = excluded.value", (key, value))
            else:
                db.execute("DELETE FROM case_info WHERE key = ?", (key,))
        custody.append(db, "provenance-statement", changes)


@dataclass(slots=True)
class Provenance:
    """Everything the provenance and declaration pages print."""

    devices: list[dict[str, Any]] = field(default_factory=list)
    extractions: list[dict[str, Any]] = field(default_factory=list)  # with "originals", ...
    declarant: str | None = None
    phones_kept: str | None = None
    unassigned: list[dict[str, Any]] = field(default_factory=list)  # originals of no export

    def mask(self, text: Any) -> None:
        """Mask third parties' numbers (``text``: a redaction's masking function)."""
        for device in self.devices:
            for key in ("owner", "number", "owner_name", "label", "note"):
                device[key] = text(device[key])
        for extraction in self.extractions:
            for key in ("method", "note", "files"):
                extraction[key] = text(extraction[key])
            for original in extraction["originals"]:
                original["name"] = text(original["name"])

    @property
    def empty(self) -> bool:
        return not (self.devices or self.extractions or self.declarant or self.phones_kept)


def _matches(pattern: str | None, original: dict[str, Any]) -> bool:
    if not pattern:
        return True
    names = [original["name"], (original.get("source_path") or "").replace("\\", "/")]
    return any(fnmatch(name, pattern) or fnmatch(name, f"*/{pattern}") for name in names)


def gather(db: sqlite_utils.Database, tz: Any = None) -> Provenance:
    """The phones and exports with, for each export, the originals it covers and when they
    were imported (the custody log's entries); originals of no export listed apart."""
    info = dict(db.execute("SELECT key, value FROM case_info WHERE key IN (?, ?)",
                           INFO_KEYS).fetchall())
    devices = list(db.query("SELECT * FROM devices ORDER BY id"))
    extractions = [dict(e, originals=[]) for e in db.query(
        "SELECT * FROM extractions ORDER BY device_id, made_at, id")]
    imported: dict[str, tuple[int, int]] = {}  # sha -> (custody seq, at_ms)
    for seq, at_ms, detail in db.execute(
            "SELECT seq, at_ms, detail FROM custody WHERE action = 'import' ORDER BY seq"):
        sha = json.loads(detail).get("sha256")
        if sha:
            imported.setdefault(sha, (seq, at_ms))
    by_owner: dict[str, list[dict[str, Any]]] = {}
    for device in devices:
        by_owner.setdefault(device["owner"], []).extend(
            e for e in extractions if e["device_id"] == device["id"])
    unassigned: list[dict[str, Any]] = []
    homes: dict[str, dict[str, Any] | None] = {}
    for original in db.query("SELECT id, sha256, name, kind, owner, source_path, imported_at_ms,"
                             " parent_sha256 FROM evidence ORDER BY id"):
        seq, at_ms = imported.get(original["sha256"], (None, original["imported_at_ms"]))
        original.update(custody_seq=seq, imported_ms=at_ms)
        if original["parent_sha256"] in homes:  # an MMS picture came in with its message file
            home = homes[original["parent_sha256"]]
        else:
            # the most specific export first: one with a pattern that matches, then a catch-all
            candidates = sorted(by_owner.get(original["owner"], []), key=lambda e: not e["files"])
            home = next((e for e in candidates if _matches(e["files"], original)), None)
        homes[original["sha256"]] = home
        (home["originals"] if home else unassigned).append(original)
    for extraction in extractions:
        times = [o["imported_ms"] for o in extraction["originals"]]
        seqs = [o["custody_seq"] for o in extraction["originals"] if o["custody_seq"]]
        extraction.update(first_import_ms=min(times) if times else None,
                          last_import_ms=max(times) if times else None,
                          custody_seqs=(min(seqs), max(seqs)) if seqs else None)
    return Provenance(devices=devices, extractions=extractions,
                      declarant=info.get("declarant"), phones_kept=info.get("phones_kept"),
                      unassigned=unassigned)


def carrier_of(prov: Provenance) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """sha -> (the phone, the export) each original came from, where the borrower said."""
    devices = {d["id"]: d for d in prov.devices}
    return {o["sha256"]: (devices[e["device_id"]], e)
            for e in prov.extractions for o in e["originals"]}


def document_part(db: sqlite_utils.Database, number: Any = None, text: Any = None
                  ) -> dict[str, Any]:
    """The provenance as the bundle's case document carries it (``number``/``text`` mask a
    third party's number, as the rest of the document does)."""
    number = number or (lambda v: v)
    text = text or (lambda v: v)
    info = dict(db.execute("SELECT key, value FROM case_info WHERE key IN (?, ?)",
                           INFO_KEYS).fetchall())
    devices = [{**d, "owner": number(d["owner"]), "number": text(d["number"]),
                "owner_name": text(d["owner_name"]), "label": text(d["label"])}
               for d in db.query("SELECT * FROM devices ORDER BY id")]
    extractions = [{**e, "method": text(e["method"]), "note": text(e["note"])}
                   for e in db.query("SELECT * FROM extractions ORDER BY id")]
    return {"devices": devices, "extractions": extractions,
            "declarant": info.get("declarant"), "phones_kept": info.get("phones_kept")}


def restore(db: sqlite_utils.Database, document: dict[str, Any]) -> None:
    """Put a case document's provenance back into a case being rebuilt from a bundle (inside
    the caller's transaction). A bundle made before provenance existed has none."""
    part = document.get("provenance") or {}
    for table, columns in (("devices", DEVICE_COLUMNS), ("extractions", EXTRACTION_COLUMNS)):
        rows = [tuple(row.get(c) for c in columns) for row in part.get(table, [])]
        marks = ", ".join("?" * len(columns))
        db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                            rows)
    for key in INFO_KEYS:
        if part.get(key):
            db.execute("INSERT INTO case_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                       "UPDATE SET value = excluded.value", (key, part[key]))
