"""A case: one folder holding the database and the vault of originals.

::

    <case>/case.sqlite      the database (see schema.py)
    <case>/originals/       the originals, named by SHA-256 (see vault.py)

Opening a case for writing sweeps away what an interrupted import left behind.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlite_utils
import tzlocal

from evidence_logger import __version__, custody
from evidence_logger import db as dbmod
from evidence_logger.db import BUSY_TIMEOUT_MS, DB_NAME, transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_
from evidence_logger.recent import last_case, remember  # noqa: F401 - part of this API
from evidence_logger.records import ReadContext
from evidence_logger.vault import Vault

log = logging.getLogger(__name__)

PROFILES = ("cn", "us", "uk")
SAMPLE_KEY = "sample"  # case_info: "1" in the sample case
SAMPLE_REFUSAL = N_("This is the sample case: its calls, messages and people are invented, so it "
                  "takes no imports and no changes (no real evidence is mixed with them). Make "
                  "a case of your own for your files: evidence-logger init DIR, or New case of "
                  "my own in the window.")
DEFAULT_REGION = {"cn": "CN", "us": "US", "uk": "GB"}


class CaseError(UserFacingError):
    """A case cannot be made or opened; the message is a sentence for the user."""


def system_timezone() -> str:
    try:
        return tzlocal.get_localzone_name() or "UTC"
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "UTC"


class Case:
    """An open case. Use :meth:`create` or :meth:`open`."""

    def __init__(self, folder: Path, db: sqlite_utils.Database, read_only: bool) -> None:
        self.folder = folder
        self.db = db
        self.read_only = read_only
        self.vault = Vault(folder / "originals")
        info = dict(db.execute("SELECT key, value FROM case_info").fetchall())
        self.name: str = info.get("name", folder.name)
        self.timezone: str = info.get("timezone", "UTC")
        self.profile: str = info.get("profile", "cn")
        self.region: str = info.get("region", "CN")
        self.tz = ZoneInfo(self.timezone)
        # a case opened from a bundle: where from, and whether the bundle verified
        self.opened_from: str | None = info.get("opened_from")
        self.bundle_status: str | None = info.get("bundle_status")
        self.read_only_bundle = info.get("read_only") == "1"
        # the sample case (demo/build.py): invented data, never to be mixed with real evidence
        self.sample = info.get(SAMPLE_KEY) == "1"

    # -- making and opening -------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, *, name: str | None = None, timezone: str | None = None,
               profile: str = "cn") -> Case:
        folder = folder.expanduser().resolve()
        if (folder / DB_NAME).exists():
            raise CaseError("{folder} already holds a case.", folder=str(folder))
        if folder.exists() and not folder.is_dir():
            raise CaseError("{folder} is a file, not a folder.", folder=str(folder))
        if folder.is_dir() and any(p for p in folder.iterdir() if not p.name.startswith(".")):
            raise CaseError("{folder} is not empty; choose a new or empty folder for the case.",
                            folder=str(folder))
        if profile not in PROFILES:
            raise CaseError("Unknown rule profile {profile}; choose cn, us or uk.", profile=profile)
        timezone = timezone or system_timezone()
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CaseError("Unknown time zone {zone}; use a name such as Asia/Shanghai.",
                            zone=timezone) from None
        folder.mkdir(parents=True, exist_ok=True)
        db = dbmod.connect(folder / DB_NAME)
        info = {"name": name or folder.name, "timezone": timezone, "profile": profile,
                "region": DEFAULT_REGION[profile], "created_at_ms": str(time.time_ns() // 10**6),
                "created_by": f"evidence-logger {__version__}"}
        with transaction(db):
            db.conn.executemany("INSERT INTO case_info (key, value) VALUES (?, ?)", info.items())
            custody.append(db, "case-created", {k: v for k, v in info.items()
                                                if k != "created_at_ms"})
        case = cls(folder, db, read_only=False)
        case.vault.create()
        remember(folder)
        return case

    @classmethod
    def open(cls, folder: Path, *, read_only: bool = False) -> Case:
        folder = folder.expanduser().resolve()
        if not (folder / DB_NAME).is_file():
            raise CaseError("{folder} is not a case folder (it has no {db}).", folder=str(folder),
                            db=DB_NAME)
        try:
            db = dbmod.connect(folder / DB_NAME, read_only=read_only)
        except dbmod.CaseVersionError:
            raise CaseError("{folder} was made by a newer version of Evidence Logger; "
                            "update the app to open it.", folder=str(folder)) from None
        except sqlite3.DatabaseError as error:  # not SQLite, or damaged beyond reading
            log.warning("cannot open %s", folder, exc_info=True)
            raise CaseError("The case database in {folder} is damaged and cannot be read "
                            "({reason}). The originals are still in its originals folder; "
                            "restore case.sqlite from a backup or a bundle.",
                            folder=str(folder), reason=str(error)) from None
        case = cls(folder, db, read_only)
        if not read_only:
            case.vault.create()
            case.sweep()
            remember(folder)
        return case

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- housekeeping -------------------------------------------------------------------

    def sweep(self) -> list[str]:
        """Remove files an interrupted import left behind (under the write lock).

        When another process holds the lock (it is importing), the sweep waits for the next
        open: that process's files are not leftovers.
        """
        conn = self.db.conn
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            with transaction(self.db):
                referenced = {row[0] for row in self.db.execute("SELECT sha256 FROM evidence")}
                removed = self.vault.sweep(referenced)
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            log.info("not sweeping %s: another process is writing to it", self.folder)
            return []
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if removed:
            log.info("cleaned up %d leftover file(s) in %s", len(removed), self.folder)
        return removed

    def missing_originals(self) -> list[str]:
        """Hashes of records whose original is not in the vault (should never happen; a case
        opened from a redacted or altered bundle knows which ones it was not given)."""
        return [sha for (sha,) in self.db.execute(
                    "SELECT sha256 FROM evidence WHERE json_extract(meta, '$.withheld') IS NULL "
                    "AND json_extract(meta, '$.altered_in_bundle') IS NULL ORDER BY sha256")
                if not self.vault.has(sha)]

    def refuse_changes(self) -> None:
        """Raise :class:`CaseError` with a sentence when this case must not change: it was
        opened from a bundle, or it is the sample case."""
        if self.read_only_bundle:
            raise CaseError("This case was opened from a bundle ({source}) and cannot be "
                            "changed.", source=self.opened_from or "")
        if self.sample:
            raise CaseError(SAMPLE_REFUSAL)

    def context(self) -> ReadContext:
        return ReadContext(tz=self.tz, region=self.region)

    def set_info(self, key: str, value: str) -> None:
        with transaction(self.db):
            self.db.execute("INSERT INTO case_info (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
            custody.append(self.db, "case-setting", {"key": key, "value": value})
