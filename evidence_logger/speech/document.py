"""The transcripts as the case document carries them (``transcripts`` and
``transcript_segments`` in ``case.json``, ``data/recording-transcripts.csv``); checked on the way
back in by :mod:`evidence_logger.bundle.transcripts`."""

from __future__ import annotations

from typing import Any

TRANSCRIPT_COLUMNS = ("evidence_id", "sha256", "engine", "model", "language", "duration_ms",
                      "made_at_ms")
SEGMENT_COLUMNS = ("evidence_id", "seq", "start_ms", "end_ms", "text", "corrected",
                   "corrected_at_ms")


def document_part(db: Any, withheld: set[int], text: Any) -> dict[str, list[dict[str, Any]]]:
    """The transcripts and their segments (none of a withheld recording; ``text`` masks
    third parties' numbers in what was said), each transcript marked machine-made."""
    transcripts = []
    for values in db.execute(f"SELECT {', '.join(TRANSCRIPT_COLUMNS)} FROM transcripts "
                             "ORDER BY evidence_id"):
        row = dict(zip(TRANSCRIPT_COLUMNS, values, strict=True))
        if row["evidence_id"] not in withheld:
            transcripts.append({**row, "machine_made": True})
    segments = []
    for values in db.execute(f"SELECT {', '.join(SEGMENT_COLUMNS)} FROM transcript_segments "
                             "ORDER BY evidence_id, seq"):
        row = dict(zip(SEGMENT_COLUMNS, values, strict=True))
        if row["evidence_id"] not in withheld:
            segments.append({**row, "text": text(row["text"]),
                             "corrected": text(row["corrected"])})
    return {"transcripts": transcripts, "transcript_segments": segments}


def csv_rows(document: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """``recording-transcripts.csv``: one row per segment, the machine's text and the
    borrower's correction in columns of their own."""
    heads = {t["evidence_id"]: t for t in document.get("transcripts", [])}
    body = [[heads[s["evidence_id"]]["sha256"], s["seq"], s["start_ms"], s["end_ms"],
             s["text"], s["corrected"] or "", heads[s["evidence_id"]]["engine"],
             heads[s["evidence_id"]]["model"]]
            for s in document.get("transcript_segments", []) if s["evidence_id"] in heads]
    return (["sha256", "segment", "start_ms", "end_ms", "machine_text", "borrower_correction",
             "engine", "model"], body)
