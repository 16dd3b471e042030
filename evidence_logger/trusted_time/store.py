"""The import tokens of a case: stamping what no token covers yet, and saying what waits.

After an import (:func:`after_import`) and on ``timestamps retry`` (:func:`stamp_waiting`), the
originals no kept token covers are stamped together with one token over their **hash list**:

    the lowercase hex SHA-256 of each original, sorted, each followed by "\\n" (UTF-8)

whose SHA-256 is the token's message imprint. The list is kept with the token (table
``timestamps``), so that anyone can check it later: ``openssl ts -verify -data LIST``. A token
is recorded in the custody log in the same transaction. When the TSA cannot be reached the
originals simply stay uncovered: the next import or ``timestamps retry`` stamps them.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

from evidence_logger import custody
from evidence_logger.case import Case
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_, tr
from evidence_logger.progress import STEPS, Progress
from evidence_logger.trusted_time import client, settings

log = logging.getLogger(__name__)

ASKING = N_("Asking {tsa} for a trusted timestamp…")


@dataclass(slots=True)
class KeptToken:
    id: int
    kind: str
    message: bytes
    token: bytes
    chain_pem: str
    tsa_url: str
    tsa_name: str
    time_ms: int

    @property
    def hashes(self) -> list[str]:
        return self.message.decode("ascii").split()

    @property
    def iso_time(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.time_ms / 1000))


@dataclass(slots=True)
class StampOutcome:
    """What one attempt did: ``stamped`` originals under a token at ``time`` by ``tsa``, or
    ``problem`` (why not) and ``waiting`` originals left for a retry."""

    stamped: int = 0
    time: str = ""
    tsa: str = ""
    waiting: int = 0
    problem: UserFacingError | None = None

    def sentence(self, lang: str | None = None) -> str:
        if self.problem is None:
            return tr("Trusted timestamp: {count} original(s) stamped by {tsa} at {time}.", lang,
                      count=self.stamped, tsa=self.tsa, time=self.time)
        return tr("No trusted timestamp: {reason} {count} original(s) wait; nothing is lost. "
                  "The next import stamps them, or: evidence-logger timestamps retry", lang,
                  reason=self.problem.message(lang), count=self.waiting)


@dataclass(slots=True)
class Status:
    enabled: bool
    tsa: str
    tokens: list[KeptToken] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # SHA-256 of originals no token covers

    def to_json(self) -> dict[str, Any]:
        return {"enabled": self.enabled, "tsa": self.tsa,
                "tokens": [{"kind": t.kind, "time": t.iso_time, "tsa": t.tsa_name,
                            "originals": len(t.hashes)} for t in self.tokens],
                "stamped": len(self.covered()), "waiting": self.waiting}

    def covered(self) -> set[str]:
        return {sha for t in self.tokens for sha in t.hashes}


def hash_list(hashes: list[str]) -> bytes:
    """The stamped message: the sorted hex SHA-256 of the originals, one a line."""
    return "".join(f"{sha.lower()}\n" for sha in sorted(set(hashes))).encode("ascii")


def kept_tokens(case: Case) -> list[KeptToken]:
    if "timestamps" not in case.db.table_names():
        return []
    return [KeptToken(*row) for row in case.db.execute(
        "SELECT id, kind, message, token, chain_pem, tsa_url, tsa_name, time_ms "
        "FROM timestamps ORDER BY id")]


def status(case: Case) -> Status:
    current = settings.load()
    kept = kept_tokens(case)
    covered = {sha for t in kept for sha in t.hashes}
    waiting = [sha for (sha,) in case.db.execute("SELECT sha256 FROM evidence ORDER BY id")
               if sha not in covered]
    return Status(current.active, current.tsa, kept, waiting)


def stamp_waiting(case: Case, current: settings.TrustedTimeSettings | None = None
                  ) -> Generator[Progress, None, StampOutcome | None]:
    """Stamp every original no token covers; ``None`` when trusted time is off (nothing is
    sent) or nothing waits."""
    current = current or settings.load()
    if not current.active or case.read_only_bundle:
        return None
    waiting = status(case).waiting
    if not waiting:
        return None
    yield Progress(0, 1, STEPS, ASKING, {"tsa": current.tsa_name})
    message = hash_list(waiting)
    try:
        stamp = client.request_token(message, current)
    except client.StampError as error:
        log.warning("import timestamp not obtained: %s", error)
        return StampOutcome(waiting=len(waiting), problem=error, tsa=current.tsa_name)
    check = stamp.check
    time_ms = int(check.time.timestamp() * 1000) if check.time else 0
    with transaction(case.db):
        case.db.execute(
            "INSERT INTO timestamps (kind, message, token, chain_pem, tsa_url, tsa_name, "
            "time_ms, requested_at_ms) VALUES ('import', ?, ?, ?, ?, ?, ?, ?)",
            (message, stamp.token, stamp.chain_pem, stamp.tsa_url, check.tsa or
             current.tsa_name, time_ms, time.time_ns() // 1_000_000))
        custody.append(case.db, "timestamp", {
            "kind": "import", "originals": len(waiting), "message_sha256": stamp.message_sha256,
            "token_sha256": hashlib.sha256(stamp.token).hexdigest(),
            "tsa": stamp.tsa_url, "time": check.iso_time})
    yield Progress(1, 1, STEPS)
    return StampOutcome(stamped=len(waiting), time=check.iso_time, tsa=check.tsa or
                        current.tsa_name)


def after_import(case: Case) -> Generator[Progress, None, StampOutcome | None]:
    """Once an import finished: one token over the originals no token covers yet."""
    return (yield from stamp_waiting(case))
