"""Transcripts of recordings in the case: derived data of one original (``transcripts`` keyed
by its evidence id, carrying its SHA-256, the engine and the model), never a change to it; the
segments with start and end times in ``transcript_segments``, the machine's text kept as it was
heard and the borrower's correction beside it. Transcribing again replaces the machine's text;
a correction is the borrower's and is kept only while it is the same segment's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.speech.engine import EngineInfo

TRANSCRIPT_SOURCE = "machine transcript"  # how the rules and the dossier name it
AUDIO_KINDS = ("recording",)


class NoSuchSegment(UserFacingError):
    """A correction of a segment the recording's transcript does not have."""


@dataclass(frozen=True, slots=True)
class Untranscribed:
    evidence_id: int
    sha256: str
    name: str


@dataclass(frozen=True, slots=True)
class Segment:
    start_ms: int
    end_ms: int
    text: str


# each recording and the call events it stands behind (read as the call's recording, or linked)
RECORDING_CALLS = """(SELECT event_id, evidence_id FROM observations WHERE source = 'recording'
     UNION SELECT event_id, evidence_id FROM event_links)"""


def waiting(db: sqlite_utils.Database, *, again: bool = False,
            shas: list[str] | None = None) -> list[Untranscribed]:
    """The recordings without a transcript (``again``: every recording), in import order."""
    sql = "SELECT v.id, v.sha256, v.name FROM evidence v WHERE v.kind = 'recording'"
    if not again:
        sql += " AND NOT EXISTS (SELECT 1 FROM transcripts t WHERE t.evidence_id = v.id)"
    rows = [Untranscribed(*row) for row in db.execute(sql + " ORDER BY v.id")]
    if shas is not None:
        wanted = set(shas)
        rows = [row for row in rows if row.sha256 in wanted]
    return rows


def count_waiting(db: sqlite_utils.Database) -> int:
    """How many recordings have no transcript yet."""
    return db.execute("SELECT count(*) FROM evidence v WHERE v.kind = 'recording' AND NOT "
                      "EXISTS (SELECT 1 FROM transcripts t WHERE t.evidence_id = v.id)"
                      ).fetchone()[0]


def save(db: sqlite_utils.Database, item: Untranscribed, info: EngineInfo,
         segments: list[Segment], *, duration_ms: int) -> None:
    """Store a transcript of ``item`` (inside the caller's transaction), replacing an earlier
    one; a correction is kept where the new segment has the old one's times."""
    kept = {(start, end): (text, at) for start, end, text, at in db.execute(
        "SELECT start_ms, end_ms, corrected, corrected_at_ms FROM transcript_segments "
        "WHERE evidence_id = ? AND corrected IS NOT NULL", (item.evidence_id,))}
    db.execute("DELETE FROM transcript_segments WHERE evidence_id = ?", (item.evidence_id,))
    db.execute("DELETE FROM transcripts WHERE evidence_id = ?", (item.evidence_id,))
    db.execute(
        "INSERT INTO transcripts (evidence_id, sha256, engine, model, language, duration_ms, "
        "made_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (item.evidence_id, item.sha256, info.engine, info.model, info.language, duration_ms,
         int(time.time() * 1000)))
    db.conn.executemany(
        "INSERT INTO transcript_segments (evidence_id, seq, start_ms, end_ms, text, corrected, "
        "corrected_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(item.evidence_id, n, s.start_ms, s.end_ms, s.text,
          *kept.get((s.start_ms, s.end_ms), (None, None)))
         for n, s in enumerate(segments, 1)])


def transcript_of(db: sqlite_utils.Database, sha256: str) -> dict[str, Any] | None:
    """A recording's transcript as plain data (``None`` when it has none): engine, model,
    language, duration, and every segment with its times, the machine's text and the
    borrower's correction (or ``None``)."""
    row = db.execute(
        "SELECT t.evidence_id, t.engine, t.model, t.language, t.duration_ms, t.made_at_ms "
        "FROM transcripts t JOIN evidence v ON v.id = t.evidence_id WHERE v.sha256 = ?",
        (sha256,)).fetchone()
    if row is None:
        return None
    evidence_id, engine, model, language, duration, made = row
    segments = [{"seq": seq, "start_ms": start, "end_ms": end, "text": text,
                 "corrected": corrected, "corrected_at_ms": at}
                for seq, start, end, text, corrected, at in db.execute(
                    "SELECT seq, start_ms, end_ms, text, corrected, corrected_at_ms FROM "
                    "transcript_segments WHERE evidence_id = ? ORDER BY seq", (evidence_id,))]
    return {"machine_made": True, "source": TRANSCRIPT_SOURCE, "engine": engine,
            "model": model, "language": language, "duration_ms": duration,
            "made_at_ms": made, "segments": segments}


def correct(db: sqlite_utils.Database, sha256: str, seq: int, text: str | None) -> None:
    """The borrower's correction of segment ``seq`` (``None`` or empty: withdrawn); the
    machine's text stays as it was."""
    text = (text or "").strip() or None
    with transaction(db):
        found = db.execute(
            "UPDATE transcript_segments SET corrected = ?, corrected_at_ms = ? WHERE seq = ? "
            "AND evidence_id = (SELECT id FROM evidence WHERE sha256 = ?)",
            (text, int(time.time() * 1000) if text else None, seq, sha256)).rowcount
        if not found:
            raise NoSuchSegment("The recording's transcript has no segment {seq}.", seq=seq)
        custody.append(db, "transcript-correction", {"sha256": sha256, "segment": seq,
                                                     "withdrawn": text is None})


def search(db: sqlite_utils.Database, words: str, limit: int = 200
           ) -> list[tuple[str, int, int, str]]:
    """``(sha256, seq, start_ms, text)`` of the segments whose machine text or correction
    contains ``words`` (case-blind)."""
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [tuple(row) for row in db.execute(
        "SELECT v.sha256, s.seq, s.start_ms, coalesce(s.corrected, s.text) FROM "
        "transcript_segments s JOIN evidence v ON v.id = s.evidence_id WHERE s.text LIKE ?1 "
        "ESCAPE '\\' OR s.corrected LIKE ?1 ESCAPE '\\' ORDER BY v.id, s.seq LIMIT ?2",
        (pattern, limit))]


def clock(ms: int) -> str:
    """``m:ss`` (or ``h:mm:ss``) of a time within a recording."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
