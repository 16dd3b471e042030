"""The content-addressed store of originals.

Every original is kept byte for byte as ``originals/<first two hex>/<sha256>``, written once,
then made read-only and never changed. Files arrive in two steps: :meth:`Vault.stage` copies the
source into ``originals/.staging/`` while hashing it (one pass over the bytes), and
:meth:`Vault.commit` moves the staged file into place. The importer commits inside the database
transaction that records the file, so a crash leaves at worst an unreferenced file, which
:meth:`Vault.sweep` removes on the next start.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import stat
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

CHUNK = 1 << 20


class SourceReadError(OSError):
    """The file being imported could not be read (it went away, a device error, ...)."""


class VaultWriteError(OSError):
    """The case's folder could not be written (a full disk, no permission, ...)."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.disk_full = cause.errno in (errno.ENOSPC, errno.EDQUOT)


def _read(src: IO[bytes], buffer: bytearray) -> int:
    try:
        return src.readinto(buffer)  # type: ignore[attr-defined]
    except OSError as error:
        raise SourceReadError(error.errno, error.strerror or str(error)) from error


@dataclass(slots=True)
class Staged:
    """A file copied into the staging area and hashed, not yet part of the case."""

    path: Path
    sha256: str
    size: int


class Vault:
    """The originals folder of one case."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.staging = root / ".staging"

    def create(self) -> None:
        self.staging.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def stage(self, source: Path) -> Staged:
        """Copy ``source`` into staging, hashing the bytes as they are copied.

        The copy keeps the source's name and modification time, so that readers that look at
        either (recording names, screenshot names) see what the borrower's file said.
        """
        with open(source, "rb") as src:  # an OSError here is the source's problem
            staged = self.stage_stream(src, source.name)
            try:
                stat_ = os.fstat(src.fileno())
                os.utime(staged.path, ns=(stat_.st_atime_ns, stat_.st_mtime_ns))
            except OSError as error:
                _remove_staged(staged.path)
                raise VaultWriteError(error) from error
        return staged

    def stage_stream(self, stream: IO[bytes], name: str) -> Staged:
        """Stage what a stream holds (a file, or a file inside a bundle), hashing it as it is
        copied. Read errors raise :class:`SourceReadError`, write errors
        :class:`VaultWriteError`; either way nothing is left behind."""
        try:
            target = self._staging_name(name)
        except OSError as error:
            raise VaultWriteError(error) from error
        digest = hashlib.sha256()
        size = 0
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        try:
            with open(target, "xb") as dst:
                while n := _read(stream, buffer):
                    chunk = view[:n]
                    digest.update(chunk)
                    dst.write(chunk)
                    size += n
                dst.flush()
                os.fsync(dst.fileno())
        except SourceReadError:
            _remove_staged(target)
            raise
        except OSError as error:
            _remove_staged(target)
            raise VaultWriteError(error) from error
        except BaseException:
            _remove_staged(target)
            raise
        return Staged(target, digest.hexdigest(), size)

    def stage_bytes(self, data: bytes, name: str = "embedded") -> Staged:
        """Stage bytes embedded in another original (an MMS image)."""
        try:
            target = self._staging_name(name)
        except OSError as error:
            raise VaultWriteError(error) from error
        try:
            with open(target, "xb") as dst:
                dst.write(data)
                dst.flush()
                os.fsync(dst.fileno())
        except OSError as error:
            _remove_staged(target)
            raise VaultWriteError(error) from error
        except BaseException:
            _remove_staged(target)
            raise
        return Staged(target, hashlib.sha256(data).hexdigest(), len(data))

    def commit(self, staged: Staged) -> Path:
        """Move a staged file into place (a no-op when the same bytes are there already)."""
        final = self.path(staged.sha256)
        if final.exists():
            _remove_staged(staged.path)
            return final
        try:
            final.parent.mkdir(exist_ok=True)
            os.chmod(staged.path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(staged.path, final)
            _fsync_dir(final.parent)
        except OSError as error:
            raise VaultWriteError(error) from error
        _remove_staged(staged.path)
        return final

    def discard(self, staged: Staged) -> None:
        _remove_staged(staged.path)

    def remove_uncommitted(self, sha256: str) -> None:
        """Undo :meth:`commit` for a file whose database record was rolled back."""
        path = self.path(sha256)
        if path.exists():
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()

    def stored(self) -> Iterable[str]:
        """The hashes of every file in the vault."""
        for folder in self.root.iterdir():
            if folder.is_dir() and len(folder.name) == 2:
                for path in folder.iterdir():
                    if len(path.name) == 64:
                        yield path.name

    def sweep(self, referenced: set[str]) -> list[str]:
        """Remove staging leftovers and files no record points to (after a crash)."""
        removed: list[str] = []
        if self.staging.is_dir():
            for path in self.staging.iterdir():
                if _owner_alive(path.name):
                    continue  # another process on this computer is importing right now
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                removed.append(path.name)
        for sha in list(self.stored()):
            if sha not in referenced:
                log.warning("removing %s: no record points to it (an import was interrupted)", sha)
                self.remove_uncommitted(sha)
                removed.append(sha)
        return removed

    def rehash(self, sha256: str) -> str:
        digest = hashlib.sha256()
        with open(self.path(sha256), "rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def _staging_name(self, name: str) -> Path:
        folder = self.staging / f"{os.getpid()}-{uuid.uuid4().hex}"
        folder.mkdir(parents=True)
        safe = "".join("_" if ch in '\\/:\x00' or ord(ch) < 32 else ch for ch in name).strip()
        return folder / (safe if safe.strip(".") else "file")


def _owner_alive(name: str) -> bool:
    """Whether the process that made staging folder ``name`` still runs (POSIX only)."""
    pid_text = name.split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    if int(pid_text) == os.getpid():
        return True  # this process: another thread may be importing
    if os.name != "posix":
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_staged(path: Path) -> None:
    """Remove a staged file (if still there) and its private folder."""
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
