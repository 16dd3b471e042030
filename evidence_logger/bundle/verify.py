"""Checking a bundle (docs/bundle-format.md) without extracting it and without writing anything.

:func:`verify_bundle` returns a :class:`Verdict`; :func:`iter_verify` does the same work as a
generator that yields :class:`Progress` while it hashes and returns the verdict. The zip is read
once, member by member in the order they are stored, each hashed in 1 MiB chunks; unsafe zips
(see :mod:`evidence_logger.bundle.zipsafety`) are refused before any member is read.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import zipfile
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from evidence_logger.bundle import bagfiles as bf
from evidence_logger.bundle.problems import INVALID_KINDS, BundleInvalid, Problem, flag
from evidence_logger.bundle.salvage import Spliced, salvage
from evidence_logger.bundle.zipsafety import (
    count_entries,
    entry_problems,
    open_archive,
    read_member,
)
from evidence_logger.evidence_root import ROOT_LABEL, evidence_root
from evidence_logger.progress import Progress, file_of
from evidence_logger.tasks import drive
from evidence_logger.trusted_time import bag as trusted

PAYLOAD = "data/"
KEPT = (bf.BAGIT, bf.BAG_INFO, bf.MANIFEST, bf.TAGMANIFEST, bf.SIGNATURE, bf.PUBLIC_KEY)
MAX_TAG_FILE = 128 << 20  # a tag file we read into memory (100,000 manifest lines need ~20 MiB)


@dataclass(slots=True)
class Verdict:
    """The outcome: "intact" (``ok``), "altered" (each problem listed) or "invalid"."""

    ok: bool
    status: str
    problems: list[Problem] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, problems: list[Problem], info: dict[str, Any]) -> Verdict:
        if any(p.problem in INVALID_KINDS for p in problems):
            status = "invalid"
        else:
            status = "altered" if problems else "intact"
        return cls(ok=status == "intact", status=status, problems=problems, info=info)

    @property
    def exit_code(self) -> int:
        """0 intact, 1 altered, 2 not a bundle or unreadable (docs/bundle-format.md)."""
        return {"intact": 0, "altered": 1}.get(self.status, 2)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "status": self.status,
                "problems": [p.to_json() for p in self.problems], "info": self.info,
                "timestamps": self.info.get("timestamps", [])}


def verify_bundle(path: Path, *, password: bytes | None = None,
                  expected_fingerprint: str | None = None) -> Verdict:
    """Check the bundle at ``path``; ``expected_fingerprint`` is the key the borrower gave."""
    return drive(iter_verify(path, password=password, expected_fingerprint=expected_fingerprint))


def iter_verify(path: Path, *, password: bytes | None = None,
                expected_fingerprint: str | None = None) -> Generator[Progress, None, Verdict]:
    """:func:`verify_bundle`, yielding :class:`Progress` after each chunk it hashes."""
    check = _Check(expected_fingerprint)
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            source: BinaryIO = f
            try:
                count_entries(f, size)
            except BundleInvalid as refused:  # cut short? what arrived whole is checked
                source = check.rescue(f, size, refused)
            with open_archive(source, password) as archive:
                yield from check.run(archive)
    except BundleInvalid as refused:
        check.problems.append(refused.problem)
    except OSError as error:
        check.problems.append(flag("The bundle cannot be read: {reason}.", "unreadable",
                                   reason=error.strerror or str(error)))
    return Verdict.of(check.problems, check.info)


class _Check:
    """One check of one bundle: the problems found so far and what it learnt."""

    def __init__(self, expected_fingerprint: str | None) -> None:
        self.expected = expected_fingerprint
        self.problems: list[Problem] = []
        self.info: dict[str, Any] = {"bag_info": {}, "fingerprint": None, "files": 0,
                                     "bytes": 0}
        self.hashes: dict[str, str] = {}  # NFC name -> SHA-256 of every file member
        self.tags: dict[str, bytes] = {}  # contents of the tag files in KEPT
        self.damaged: set[str] = set()  # payload files whose bytes cannot be read
        self.cut_short: BundleInvalid | None = None  # the zip was truncated

    def run(self, archive: zipfile.ZipFile) -> Generator[Progress, None, None]:
        unsafe = entry_problems(archive)
        if unsafe:
            self.problems += unsafe
            return
        members = [i for i in archive.infolist() if not i.is_dir()]
        names = {unicodedata.normalize("NFC", i.orig_filename): i for i in members}
        needed = {bf.BAGIT, bf.BAG_INFO, bf.MANIFEST}
        if self.cut_short is not None and not needed <= set(names):
            # the lists that say what the bundle holds did not arrive: nothing can be checked
            self.problems = [p for p in self.problems if p.problem != "truncated"]
            raise BundleInvalid("The zip was cut short (an interrupted download or copy?): too "
                                "little of it arrived to be checked. Ask for the bundle "
                                "again.", "unreadable")
        _find_bag(names)
        for name in [*KEPT, *filter(trusted.keeps, names)]:
            if name in names and names[name].file_size > MAX_TAG_FILE:
                raise BundleInvalid("{path} is {size} bytes: too large to be a bag's tag file.",
                                    "not-a-bag", name, size=names[name].file_size)
        yield from self._hash_all(archive, names)
        self._check_tags(names)
        self._check_payload(names)
        claimed = self.info["bag_info"].get(bf.FINGERPRINT_LABEL)
        fingerprint, problems = bf.check_signature(self.tags, claimed, self.expected)
        self.info["fingerprint"] = fingerprint
        self.problems += problems
        self._check_timestamps()

    def _check_timestamps(self) -> None:
        """Every RFC 3161 token in the bag, offline (trusted_time/bag.py)."""
        originals = set(self.hashes[n] for n in self.hashes if n.startswith(PAYLOAD))
        self.info["timestamps"], problems = trusted.check_bag(self.tags, originals)
        self.problems += problems

    def _hash_all(self, archive: zipfile.ZipFile,
                  names: dict[str, zipfile.ZipInfo]) -> Generator[Progress, None, None]:
        order = sorted(names.items(), key=lambda item: item[1].header_offset)
        total = sum(info.file_size for info in names.values())
        done = 0
        for number, (name, info) in enumerate(order):
            digest = hashlib.sha256()
            kept: list[bytes] | None = [] if name in KEPT or trusted.keeps(name) else None
            try:
                for chunk in read_member(archive, info):
                    digest.update(chunk)
                    if kept is not None:
                        kept.append(chunk)
                    done += len(chunk)
                    yield file_of(done, total, number + 1, len(order), name)
            except BundleInvalid as refused:
                if not self._damaged(name, refused):
                    raise
            else:
                self.hashes[name] = digest.hexdigest()
            if kept is not None:
                self.tags[name] = b"".join(kept)
            if name.startswith(PAYLOAD):
                self.info["files"] += 1
                self.info["bytes"] += info.file_size
        yield file_of(done, total, len(order), len(order), "")

    def rescue(self, f: BinaryIO, size: int, refused: BundleInvalid) -> BinaryIO:
        """The complete part of a zip cut short (with a table of contents made for it), and
        the problem that says so; ``refused`` again when nothing can be rescued."""
        found = salvage(f, size) if refused.problem.problem == "unreadable" else None
        if found is None:
            raise refused
        self.cut_short = refused
        self.problems.append(flag("The zip was cut short (an interrupted download or copy?): "
                                  "only its first {count} file(s) arrived whole; the files "
                                  "after them are missing.", "truncated", count=found.members))
        return Spliced(f, found)  # type: ignore[return-value]

    def _damaged(self, name: str, refused: BundleInvalid) -> bool:
        """A payload file whose bytes cannot be read is one damaged file, not an unreadable
        bundle: the others are checked as usual (tag files stay essential)."""
        if refused.problem.problem != "unreadable" or not name.startswith(PAYLOAD):
            return False
        self.damaged.add(name)
        self.problems.append(flag("{path} is damaged inside the zip and cannot be read; the "
                                  "other files are not affected.", "damaged", name))
        return True

    def _check_tags(self, names: dict[str, zipfile.ZipInfo]) -> None:
        """bagit.txt, bag-info.txt and every tag file against tagmanifest-sha256.txt."""
        tag_files = {name for name in names if not name.startswith(PAYLOAD)}
        if bf.BAG_INFO in self.tags:
            self.info["bag_info"] = bf.parse_bag_info(self.tags[bf.BAG_INFO])
        if bf.TAGMANIFEST not in self.tags:
            self.problems.append(flag("There is no {path}, so the tag files cannot be checked.",
                                      "missing", bf.TAGMANIFEST))
        else:
            listed = self._compare(bf.TAGMANIFEST, "manifest-mismatch")
            for name in sorted(tag_files - listed - {bf.TAGMANIFEST, bf.SIGNATURE,
                                                     *trusted.EXPORT_FILES}):
                self.problems.append(flag("{path} is not listed in {manifest}, so nothing vouches "
                                          "for it.", "unexpected", name,
                                          manifest=bf.TAGMANIFEST))
        changed = {p.path for p in self.problems}
        reason = bf.declaration_problem(self.tags[bf.BAGIT])
        if reason and bf.BAGIT not in changed:
            self.problems.append(flag("{path} is not a BagIt declaration: {reason}.",
                                      "not-a-bag", bf.BAGIT, reason=reason))

    def _check_payload(self, names: dict[str, zipfile.ZipInfo]) -> None:
        """The payload against manifest-sha256.txt, and Payload-Oxum."""
        if bf.MANIFEST in self.tags:
            listed = self._compare(bf.MANIFEST, "modified")
            for name in sorted(n for n in names if n.startswith(PAYLOAD) and n not in listed):
                self.problems.append(flag("{path} is not listed in {manifest}.", "unexpected",
                                          name, manifest=bf.MANIFEST))
        elif (bf.MANIFEST, "missing") not in {(p.path, p.problem) for p in self.problems}:
            self.problems.append(flag("There is no {path}, so the payload cannot be checked.",
                                      "missing", bf.MANIFEST))
        self._check_root()
        oxum = self.info["bag_info"].get("Payload-Oxum")
        found = (self.info["bytes"], self.info["files"])
        if bf.parse_oxum(oxum) != found:
            self.problems.append(flag("{path} gives Payload-Oxum {oxum}, but the payload is "
                                      "{bytes} bytes in {files} files.", "oxum-mismatch",
                                      bf.BAG_INFO, oxum=str(oxum), bytes=found[0],
                                      files=found[1]))

    def _check_root(self) -> None:
        """Evidence-Root-SHA256 (bags from before it existed have none) against the manifest;
        not again when the manifest itself is already reported as changed."""
        claimed = self.info["bag_info"].get(ROOT_LABEL)
        if claimed is None or bf.MANIFEST not in self.tags \
                or any(p.path == bf.MANIFEST for p in self.problems):
            return
        entries, _ = bf.parse_manifest(self.tags[bf.MANIFEST], bf.MANIFEST)
        found = evidence_root(entries)
        self.info["evidence_root"] = found
        if claimed != found:
            self.problems.append(flag("{path} gives the evidence root {claimed}, but the payload "
                                      "manifest gives {found}.", "root-mismatch", bf.BAG_INFO,
                                      claimed=str(claimed), found=found))

    def _compare(self, manifest: str, kind: str) -> set[str]:
        """Check the files a manifest lists; ``kind`` is the problem for a wrong SHA-256."""
        entries, problems = bf.parse_manifest(self.tags[manifest], manifest)
        self.problems += problems
        for name, digest in entries.items():
            if manifest == bf.MANIFEST and not name.startswith(PAYLOAD):
                self.problems.append(flag("{manifest} lists {path}, which is not in the payload "
                                          "folder data/.", "manifest-mismatch", name,
                                          manifest=manifest))
            elif name in self.damaged:
                continue  # said once, as damaged
            elif name not in self.hashes:
                self.problems.append(flag("{path} is listed in {manifest} but is not in the "
                                          "zip.", "missing", name, manifest=manifest))
            elif self.hashes[name] != digest:
                self.problems.append(flag("{path} has changed: its SHA-256 is not the one in "
                                          "{manifest}.", kind, name, manifest=manifest))
        return set(entries)


def _find_bag(names: dict[str, zipfile.ZipInfo]) -> None:
    """Raise "not-a-bag" unless bagit.txt is at the top of the zip."""
    if bf.BAGIT in names:
        return
    deeper = sorted((n for n in names if n.endswith("/" + bf.BAGIT)), key=len)
    if deeper:
        raise BundleInvalid("The bag is inside a folder {folder}; bagit.txt must be at the top "
                            "of the zip.", "not-a-bag", deeper[0],
                            folder=deeper[0][:-len(bf.BAGIT)])
    raise BundleInvalid("There is no bagit.txt at the top of the zip: this is not a BagIt bag.",
                        "not-a-bag")
