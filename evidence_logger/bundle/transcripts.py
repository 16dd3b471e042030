"""The recordings' transcripts a bundle carries (``transcripts`` and ``transcript_segments`` in
``case.json``, and ``data/recording-transcripts.csv``), written from a case and checked before
they go back into one: of the types the case's tables hold, each transcript tied to an original
recording of the bundle by its evidence id and SHA-256, segments in order and inside it.
"""

from __future__ import annotations

from typing import Any

from evidence_logger.bundle.readings import (
    MAX_NAME,
    MAX_TEXT,
    MAX_TIME_MS,
    ReadingsRefused,
    Row,
    _int,
    _list,
    _text,
)
from evidence_logger.speech.document import SEGMENT_COLUMNS, TRANSCRIPT_COLUMNS

MAX_SEGMENTS = 1_000_000


def _refused(where: str, what: str) -> ReadingsRefused:
    return ReadingsRefused("its transcripts are malformed: {where} {what}.", where=where,
                           what=what)


def checked_transcripts(document: dict[str, Any]) -> tuple[list[Row], list[Row]]:
    """The rows of both tables, checked; raises ReadingsRefused at the first thing wrong."""
    shas = {row["id"]: (row.get("sha256"), row.get("kind"))
            for row in document.get("evidence") or () if isinstance(row, dict)
            and isinstance(row.get("id"), int)}
    heads: list[Row] = []
    lengths: dict[int, int] = {}
    for n, row in enumerate(_list(document, "transcripts"), 1):
        where = f"transcripts #{n}"
        evidence_id = _int(row, "evidence_id", 1, MAX_TIME_MS, where)
        sha = _text(row, "sha256", 64, where)
        if shas.get(evidence_id) != (sha, "recording"):
            raise _refused(where, "is not of an original recording of the bundle")
        if evidence_id in lengths:
            raise _refused(where, "transcribes a recording transcribed before")
        lengths[evidence_id] = _int(row, "duration_ms", 0, MAX_TIME_MS, where)
        values = {"evidence_id": evidence_id, "sha256": sha,
                  "engine": _text(row, "engine", MAX_NAME, where),
                  "model": _text(row, "model", MAX_NAME, where),
                  "language": _text(row, "language", MAX_NAME, where, optional=True),
                  "duration_ms": lengths[evidence_id],
                  "made_at_ms": _int(row, "made_at_ms", 0, MAX_TIME_MS, where)}
        heads.append(tuple(values[c] for c in TRANSCRIPT_COLUMNS))
    segments: list[Row] = []
    seen: set[tuple[int, int]] = set()
    for n, row in enumerate(_list(document, "transcript_segments"), 1):
        where = f"transcript_segments #{n}"
        owner = row.get("evidence_id")
        if not isinstance(owner, int) or isinstance(owner, bool) or owner not in lengths:
            raise _refused(where, "is a segment of no transcript in the bundle")
        seq = _int(row, "seq", 1, MAX_SEGMENTS, where)
        if (owner, seq) in seen:
            raise _refused(where, "gives a segment given before")
        seen.add((owner, seq))
        start = _int(row, "start_ms", 0, lengths[owner], where)
        end = _int(row, "end_ms", start, lengths[owner], where)
        values = {"evidence_id": owner, "seq": seq, "start_ms": start, "end_ms": end,
                  "text": _text(row, "text", MAX_TEXT, where),
                  "corrected": _text(row, "corrected", MAX_TEXT, where, optional=True),
                  "corrected_at_ms": (None if row.get("corrected_at_ms") is None else
                                      _int(row, "corrected_at_ms", 0, MAX_TIME_MS, where))}
        segments.append(tuple(values[c] for c in SEGMENT_COLUMNS))
    return heads, segments


def restore(db: Any, checked: tuple[list[Row], list[Row]]) -> None:
    """Write the checked rows (inside the caller's transaction)."""
    for table, columns, rows in (("transcripts", TRANSCRIPT_COLUMNS, checked[0]),
                                 ("transcript_segments", SEGMENT_COLUMNS, checked[1])):
        marks = ", ".join("?" * len(columns))
        db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                            rows)
