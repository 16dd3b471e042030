"""Writing the evidence bundle: a BagIt bag (RFC 8493) inside a zip, signed with Ed25519.

The bag is written straight into the zip: each original is streamed from the vault into a
stored (uncompressed) entry while its SHA-256 is computed again, so that an original that
changed on disk since import stops the export instead of being passed on. The zip is written
next to its destination under a temporary name and moved into place only when complete.

The dossier inside (``data/report/dossier.pdf``) is written by the function the caller hands
in (:class:`DossierWriter`): ``bundle/`` never imports ``report/``. The app's callers go through
:mod:`evidence_logger.exporting`, which hands in the report's ``build_report``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import unicodedata
import zipfile
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import pyzipper

from evidence_logger import __version__, custody
from evidence_logger import evidence_root as root
from evidence_logger.bundle import signing
from evidence_logger.bundle.howto import how_to_verify, withheld_note
from evidence_logger.case import Case
from evidence_logger.case_document import Redaction
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_
from evidence_logger.progress import BYTES, MAKING_REPORT, Progress
from evidence_logger.trusted_time import bag as trusted

log = logging.getLogger(__name__)

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
CHUNK = 1 << 20
SIGNATURE = "tagmanifest-sha256.txt.sig"
ADDING = N_("Adding {name} to the bundle")


class DossierWriter(Protocol):
    """Writes the case's PDF dossier to ``out`` with the bundle's evidence root on its cover,
    leaving out what ``redaction`` withholds (``report.document.build_report``)."""

    def __call__(self, case: Case, out: Path, *, lang: str, root: str,
                 redaction: Redaction) -> Path: ...


class ExportError(UserFacingError):
    """The bundle cannot be made; the message is a sentence for the user."""


@dataclass(slots=True)
class ExportResult:
    path: Path
    files: int
    payload_bytes: int
    fingerprint: str
    manifest_sha256: str  # of manifest-sha256.txt
    tagmanifest_sha256: str
    withheld: int
    evidence_root: str = ""
    timestamp: trusted.ExportStamp | None = None  # the export token, or why there is none


class _BagWriter:
    """Adds files to the zip and remembers their hashes for the manifests."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.hashes: dict[str, str] = {}
        self.sizes: dict[str, int] = {}

    def _info(self, name: str, compress: int) -> zipfile.ZipInfo:
        info = self.zf.zipinfo_cls(unicodedata.normalize("NFC", name), date_time=FIXED_TIME) \
            if hasattr(self.zf, "zipinfo_cls") else zipfile.ZipInfo(name, FIXED_TIME)
        info.compress_type = compress
        info.external_attr = 0o644 << 16
        return info

    def add_bytes(self, name: str, data: bytes) -> None:
        self.zf.writestr(self._info(name, zipfile.ZIP_DEFLATED), data)
        self.hashes[name] = hashlib.sha256(data).hexdigest()
        self.sizes[name] = len(data)

    def add_file(self, name: str, source: Path) -> str:
        digest = hashlib.sha256()
        size = 0
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        with open(source, "rb") as src, self.zf.open(self._info(name, zipfile.ZIP_STORED), "w",
                                                     force_zip64=True) as dst:
            while n := src.readinto(buffer):
                digest.update(view[:n])
                dst.write(view[:n])
                size += n
        self.hashes[name] = digest.hexdigest()
        self.sizes[name] = size
        return self.hashes[name]


def export_case(case: Case, out: Path, *, dossier: DossierWriter, lang: str = "zh",
                redact: bool = False, password: str | None = None,
                plan: Redaction | None = None) -> Generator[Progress, None, ExportResult]:
    """Write the case's bundle to ``out`` with the dossier ``dossier`` writes, yielding
    progress; returns what was written. ``plan`` makes it a submission bundle (see
    :mod:`evidence_logger.bundle.submission`)."""
    key = signing.load_or_create()
    public = key.public_key()
    fingerprint = signing.fingerprint(public)
    document, redaction, files = root.payload_files(case, lang=lang, redact=redact, plan=plan)
    submission = redaction.submission
    evidence_root = root.evidence_root(root.payload_hashes(document, files))
    originals = [(e["path"], e["sha256"]) for e in document["evidence"] if e["path"]]
    total = sum(e["size"] for e in document["evidence"] if e["path"])
    out = out.expanduser().resolve()
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    dossier_file = out.with_name(f".{out.name}.{os.getpid()}.pdf.part")
    entries, chain_head = custody.verify(case.db)[0], custody.head(case.db)
    try:
        yield Progress(0, total, BYTES, MAKING_REPORT)
        dossier(case, dossier_file, lang=lang, root=evidence_root, redaction=redaction)
        with _open_zip(temporary, password) as zf:
            bag = _BagWriter(zf)
            done = 0
            for path, sha in sorted(originals):
                yield Progress(done, total, BYTES, ADDING, {"name": path[-60:]})
                if bag.add_file(path, case.vault.path(sha)) != sha:
                    raise ExportError("The original {sha} in the case no longer matches its "
                                      "hash: it was changed on disk after import. The bundle "
                                      "was not written.", sha=sha)
                done += bag.sizes[path]
            for name, data in sorted(files.items()):
                bag.add_bytes(name, data)
            bag.add_file(root.REPORT_PATH, dossier_file)
            payload = sorted(bag.hashes)
            manifest = root.manifest(bag.hashes, payload)
            if root.evidence_root(bag.hashes) != evidence_root:
                raise RuntimeError("the evidence root changed while the bundle was written")
            now = datetime.now(case.tz)  # local time with its offset, as the dossier's
            info = {
                "Bagging-Date": now.date().isoformat(),
                "Bagging-Time": now.isoformat(timespec="seconds"),
                "Bag-Software-Agent": f"evidence-logger {__version__}",
                "External-Identifier": case.name,
                "Case-Time-Zone": case.timezone, "Rule-Profile": case.profile,
                "Custody-Log-Head": chain_head, "Custody-Log-Entries": str(entries),
                "Signing-Key-Fingerprint": fingerprint, "Language": lang,
                "Redacted-Third-Parties": "yes" if redaction.masks else "no",
                "Bundle-Kind": "submission" if submission else "full",
                "Withheld-Originals": str(len(redaction.withheld)),
                "Payload-Oxum": f"{sum(bag.sizes[n] for n in payload)}.{len(payload)}",
                root.ROOT_LABEL: evidence_root,
            }
            stamps = trusted.import_files(case)
            tags = {
                "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
                "bag-info.txt": "".join(f"{k}: {v}\n" for k, v in info.items()).encode(),
                "manifest-sha256.txt": manifest,
                "custody-log.json": _custody_json(case, redaction),
                "HOW-TO-VERIFY.txt": (how_to_verify(fingerprint, stamps) + withheld_note(
                    len(redaction.withheld), submission)).encode("utf-8"),
                "signing-key.pub": signing.public_pem(public), **stamps,
            }
            for name, data in tags.items():
                bag.add_bytes(name, data)
            tagmanifest = root.manifest(bag.hashes, list(tags))
            bag.add_bytes("tagmanifest-sha256.txt", tagmanifest)
            bag.add_bytes(SIGNATURE, signing.sign(key, tagmanifest))
            if tsa := trusted.asking():
                yield Progress(total, total, BYTES, trusted.ASKING, {"tsa": tsa})
            stamp = trusted.stamp_export(tagmanifest)
            for name, data in stamp.files.items():
                bag.add_bytes(name, data)
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        dossier_file.unlink(missing_ok=True)
    result = ExportResult(out, len(payload), sum(bag.sizes[n] for n in payload), fingerprint,
                          hashlib.sha256(manifest).hexdigest(),
                          hashlib.sha256(tagmanifest).hexdigest(), len(redaction.withheld),
                          evidence_root, stamp)
    with transaction(case.db):
        custody.append(case.db, "export", {
            "file": out.name, "files": result.files, "bytes": result.payload_bytes,
            "manifest_sha256": result.manifest_sha256,
            "tagmanifest_sha256": result.tagmanifest_sha256, "fingerprint": fingerprint,
            "evidence_root": evidence_root,
            "language": lang, "redacted": bool(redaction.masks), "submission": submission,
            "encrypted": password is not None,
            "withheld": result.withheld, "timestamp": stamp.time or None})
    yield Progress(total, total, BYTES)
    return result


def _open_zip(path: Path, password: str | None) -> zipfile.ZipFile:
    if password is None:
        return zipfile.ZipFile(path, "w", allowZip64=True)
    zf = pyzipper.AESZipFile(path, "w", allowZip64=True, encryption=pyzipper.WZ_AES)
    zf.setpassword(password.encode("utf-8"))
    zf.setencryption(pyzipper.WZ_AES, nbits=256)
    return zf


def _custody_json(case: Case, redaction: Redaction) -> bytes:
    """The custody log; with redaction, an entry naming a third party has its detail masked
    and says so (its own hash can then no longer be recomputed, the links between hashes can)."""
    entries: list[dict[str, Any]] = []
    for seq, at_ms, action, detail, prev, digest in case.db.execute(
            "SELECT seq, at_ms, action, detail, prev_hash, hash FROM custody ORDER BY seq"):
        masked = redaction.text(detail)
        entry = {"seq": seq, "at_ms": at_ms, "action": action, "detail": json.loads(masked),
                 "prev_hash": prev, "hash": digest}
        if masked != detail:
            entry["redacted"] = True
        entries.append(entry)
    return (json.dumps({"format": "evidence-logger-custody", "version": 1, "entries": entries,
                        "hash": "sha256 of canonical JSON of {seq, at_ms, action, detail, "
                                "prev_hash}; see docs/case-format.md"},
                       ensure_ascii=False, indent=1) + "\n").encode("utf-8")

