"""Timestamp tokens in a bundle: the files export adds, and their offline check by ``verify``.

Tag files (docs/bundle-format.md)::

    timestamps/import-0001.sha256.txt   the hash list an import token stamped (see store.py)
    timestamps/import-0001.tsr          the TSA's answer (DER TimeStampResp)
    timestamps/import-0001.chain.pem    the TSA's certificate chain, root included
    tagmanifest-sha256.txt.tsr          the export token, over tagmanifest-sha256.txt
    tagmanifest-sha256.txt.tsa-chain.pem

The import files are listed in tagmanifest-sha256.txt (so the signature covers them); the two
export files cannot be (they are made from it) and sit beside it like the signature.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from evidence_logger.bundle.problems import Problem, flag
from evidence_logger.case import Case
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import tr
from evidence_logger.trusted_time import client, settings, store, tokens

log = logging.getLogger(__name__)

FOLDER = "timestamps/"
EXPORT_TOKEN = "tagmanifest-sha256.txt.tsr"
EXPORT_CHAIN = "tagmanifest-sha256.txt.tsa-chain.pem"
EXPORT_FILES = (EXPORT_TOKEN, EXPORT_CHAIN)
IMPORT_TOKEN = re.compile(r"timestamps/import-(\d{4,})\.tsr")
IMPORT_FILE = re.compile(r"timestamps/import-\d{4,}\.(tsr|sha256\.txt|chain\.pem)")
ASKING = store.ASKING


@dataclass(slots=True)
class ExportStamp:
    """The export's token files, or why there are none (``problem``; ``None`` when trusted
    time is off)."""

    files: dict[str, bytes]
    time: str = ""
    tsa: str = ""
    problem: UserFacingError | None = None

    def sentence(self, lang: str | None = None, *, when_off: bool = False) -> str:
        """What the export says of its token ("" when trusted time is off, unless
        ``when_off``)."""
        if self.files:
            return tr("Trusted timestamp of the export: {time} by {tsa}.", lang,
                      time=self.time, tsa=self.tsa)
        if self.problem is not None:
            return tr("The bundle was written without a trusted timestamp: {reason} Export "
                      "again later to add one.", lang, reason=self.problem.message(lang))
        return tr("The bundle has no trusted timestamp: trusted timestamps are off (Settings).",
                  lang) if when_off else ""


def keeps(name: str) -> bool:
    """Whether ``verify`` must keep this member's bytes to check a token."""
    return IMPORT_FILE.fullmatch(name) is not None or name in EXPORT_FILES


def import_files(case: Case) -> dict[str, bytes]:
    """The case's import tokens as tag files."""
    files: dict[str, bytes] = {}
    for number, kept in enumerate(store.kept_tokens(case), start=1):
        stem = f"{FOLDER}import-{number:04d}"
        files[f"{stem}.sha256.txt"] = kept.message
        files[f"{stem}.tsr"] = kept.token
        files[f"{stem}.chain.pem"] = kept.chain_pem.encode("ascii")
    return files


def asking() -> str:
    """The name of the TSA an export will ask, "" when trusted time is off."""
    current = settings.load()
    return current.tsa_name if current.active else ""


def stamp_export(tagmanifest: bytes) -> ExportStamp:
    """A token over the tag manifest from the settings' TSA; failures are kept, not raised."""
    current = settings.load()
    if not current.active:
        return ExportStamp({})
    try:
        stamp = client.request_token(tagmanifest, current)
    except client.StampError as error:
        log.warning("export timestamp not obtained: %s", error)
        return ExportStamp({}, tsa=current.tsa_name, problem=error)
    return ExportStamp({EXPORT_TOKEN: stamp.token, EXPORT_CHAIN: stamp.chain_pem.encode("ascii")},
                       stamp.check.iso_time, stamp.check.tsa or current.tsa_name)


def _import_tokens(names: Iterable[str], read: Callable[[str], bytes]
                   ) -> Iterator[tuple[str, bytes, bytes, str, tokens.TokenCheck]]:
    """Each import token of a bag checked offline, in name order: (its file name, the token,
    the hash list it stamps, the chain beside it, the check); ``read`` gives b"" for a file
    the bag lacks."""
    for name in sorted(n for n in names if IMPORT_TOKEN.fullmatch(n)):
        stem = name[:-len(".tsr")]
        token, message = read(name), read(stem + ".sha256.txt")
        chain = read(stem + ".chain.pem").decode("ascii", "replace")
        yield name, token, message, chain, tokens.check(token, message, chain)


def check_bag(tags: dict[str, bytes], manifest_hashes: set[str]
              ) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Every token in the bag checked offline: (the ``timestamps`` list of ``verify --json``,
    the problems). ``manifest_hashes``: the SHA-256 of the originals the payload manifest
    lists, to count what an import token covers in this bag."""
    found: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for name, _, message, _, result in _import_tokens(tags, lambda n: tags.get(n, b"")):
        listed = message.decode("ascii", "replace").split()
        entry = _entry("import", name, result)
        entry["originals"] = len(listed)
        entry["in_bundle"] = len(set(listed) & manifest_hashes)
        found.append(entry)
        problems += _problem(name, result)
    if EXPORT_TOKEN in tags:
        result = tokens.check(tags[EXPORT_TOKEN], tags.get("tagmanifest-sha256.txt", b""),
                              tags.get(EXPORT_CHAIN, b"").decode("ascii", "replace"))
        found.append(_entry("export", EXPORT_TOKEN, result))
        problems += _problem(EXPORT_TOKEN, result)
    return found, problems


def restore(db: Any, names: list[str], read: Callable[[str], bytes], skip: set[str]) -> int:
    """Keep the bag's import tokens that check out in a case rebuilt from it (inside the
    caller's transaction), so that its dossier lists them as the exported one does; a token
    that does not check out (or a file of it in ``skip``, changed) is left to the verdict,
    which names it. Returns how many were kept."""
    present = set(names)

    def read_kept(name: str) -> bytes:  # a changed or missing file: as if absent
        return read(name) if name in present and name not in skip else b""

    kept = 0
    for _, token, message, chain, result in _import_tokens(present, read_kept):
        if not result.ok or result.time is None:
            continue
        time_ms = int(result.time.timestamp() * 1000)
        db.execute("INSERT INTO timestamps (kind, message, token, chain_pem, tsa_url, tsa_name, "
                   "time_ms, requested_at_ms) VALUES ('import', ?, ?, ?, '', ?, ?, ?)",
                   (message, token, chain, result.tsa, time_ms, time_ms))
        kept += 1
    return kept


def _entry(kind: str, name: str, result: tokens.TokenCheck) -> dict[str, Any]:
    return {"kind": kind, "time": result.iso_time or None, "tsa": result.tsa, "ok": result.ok,
            "file": name, **({"problem": result.problem} if not result.ok else {})}


def _problem(name: str, result: tokens.TokenCheck) -> list[Problem]:
    if result.ok:
        return []
    if result.problem == "other-data":
        return [flag("The timestamp token {path} does not match the data it stamps: that data "
                     "was changed after the authority stamped it.", "timestamp-mismatch", name)]
    if result.problem == "untrusted":
        return [flag("The timestamp token {path} does not check out against the certificate "
                     "chain beside it ({reason}).", "timestamp-mismatch", name,
                     reason=result.reason)]
    return [flag("The timestamp token {path} cannot be read as an authority's token.",
                 "timestamp-mismatch", name)]
