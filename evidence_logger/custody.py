"""The chain-of-custody log: append-only, each entry hash-chained to the one before.

An entry's hash is the SHA-256 of the canonical JSON of ``{seq, at_ms, action, detail,
prev_hash}``; the first entry's ``prev_hash`` is 64 zeros. Changing, removing or reordering any
entry breaks every hash after it, which :func:`verify` reports. The database refuses updates and
deletes of the table outright.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

import sqlite_utils

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(seq: int, at_ms: int, action: str, detail: str, prev_hash: str) -> str:
    payload = canonical_json(
        {"seq": seq, "at_ms": at_ms, "action": action, "detail": json.loads(detail),
         "prev_hash": prev_hash})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(db: sqlite_utils.Database, action: str, detail: dict[str, Any]) -> str:
    """Append one entry; call inside the transaction that makes the change it records."""
    row = db.execute("SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    at_ms = time.time_ns() // 1_000_000
    text = canonical_json(detail)
    digest = entry_hash(seq, at_ms, action, text, prev)
    db.execute("INSERT INTO custody (seq, at_ms, action, detail, prev_hash, hash) "
               "VALUES (?, ?, ?, ?, ?, ?)", (seq, at_ms, action, text, prev, digest))
    return digest


def head(db: sqlite_utils.Database) -> str:
    """The newest entry's hash (the genesis value for an empty log)."""
    row = db.execute("SELECT hash FROM custody ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


@dataclass(slots=True)
class ChainProblem:
    seq: int
    problem: str  # "gap", "prev-hash", "hash"


def verify(db: sqlite_utils.Database) -> tuple[int, list[ChainProblem]]:
    """Recompute the chain; return the number of entries and every break found."""
    problems: list[ChainProblem] = []
    prev, expected_seq, count = GENESIS, 1, 0
    for seq, at_ms, action, detail, prev_hash, digest in db.execute(
            "SELECT seq, at_ms, action, detail, prev_hash, hash FROM custody ORDER BY seq"):
        count += 1
        if seq != expected_seq:
            problems.append(ChainProblem(seq, "gap"))
        if prev_hash != prev:
            problems.append(ChainProblem(seq, "prev-hash"))
        if entry_hash(seq, at_ms, action, detail, prev_hash) != digest:
            problems.append(ChainProblem(seq, "hash"))
        prev, expected_seq = digest, seq + 1
    return count, problems
