"""Readings of screenshots in the case: what was read, by which engine, line by line.

A reading is derived data of one original image (``screen_reads`` keyed by its evidence id,
carrying its SHA-256), never a change to it: the lines with their boxes and scores in
``screen_lines``, and the messages and calls read off it as observations of source
``screenshot`` whose locator names the lines. Reading a screenshot again replaces all of that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from evidence_logger.ocr.engine import EngineInfo
from evidence_logger.ocr.page import PageText, ScreenReading

SCREENSHOT_SOURCE = "screenshot"  # observations.source of what a screenshot shows


@dataclass(frozen=True, slots=True)
class Unread:
    """An image of the case waiting to be read."""

    evidence_id: int
    sha256: str
    name: str
    owner: str
    at_ms: int | None
    at_source: str | None
    at_trust: str | None


def waiting(db: sqlite_utils.Database, *, again: bool = False,
            shas: list[str] | None = None) -> list[Unread]:
    """The images not read yet (``again``: every image), in import order; ``shas``: only
    these."""
    sql = ("SELECT v.id, v.sha256, v.name, v.owner, v.at_ms, v.at_source, v.at_trust "
           "FROM evidence v WHERE v.kind = 'image'")
    if not again:
        sql += " AND NOT EXISTS (SELECT 1 FROM screen_reads r WHERE r.evidence_id = v.id)"
    rows = [Unread(*row) for row in db.execute(sql + " ORDER BY v.id")]
    if shas is not None:
        wanted = set(shas)
        rows = [row for row in rows if row.sha256 in wanted]
    return rows


def count_waiting(db: sqlite_utils.Database) -> int:
    """How many images are not read yet."""
    return db.execute(
        "SELECT count(*) FROM evidence v WHERE v.kind = 'image' AND NOT EXISTS "
        "(SELECT 1 FROM screen_reads r WHERE r.evidence_id = v.id)").fetchone()[0]


def forget(db: sqlite_utils.Database, evidence_id: int) -> None:
    """Remove an earlier reading of an image and the events it alone stated (inside the
    caller's transaction): the image is read again."""
    events = [row[0] for row in db.execute(
        "SELECT DISTINCT event_id FROM observations WHERE evidence_id = ? AND source = ?",
        (evidence_id, SCREENSHOT_SOURCE))]
    db.execute("DELETE FROM observations WHERE evidence_id = ? AND source = ?",
               (evidence_id, SCREENSHOT_SOURCE))
    for event_id in events:
        if db.execute("SELECT 1 FROM observations WHERE event_id = ? LIMIT 1",
                      (event_id,)).fetchone() is None:
            db.execute("DELETE FROM event_links WHERE event_id = ?", (event_id,))
            db.execute("DELETE FROM events WHERE id = ?", (event_id,))
    db.execute("DELETE FROM screen_lines WHERE evidence_id = ?", (evidence_id,))
    db.execute("DELETE FROM screen_reads WHERE evidence_id = ?", (evidence_id,))


def save(db: sqlite_utils.Database, item: Unread, info: EngineInfo, page: PageText,
         reading: ScreenReading, *, read_at_ms: int, meta: dict[str, Any]) -> None:
    """Store a reading of ``item`` (inside the caller's transaction)."""
    counterpart = reading.counterpart
    shown = None
    if counterpart is not None:
        shown = " ".join(part for part in (counterpart.name, counterpart.number) if part)
    db.execute(
        "INSERT INTO screen_reads (evidence_id, sha256, engine, model, read_at_ms, width, "
        "height, kind, app, counterpart, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (item.evidence_id, item.sha256, info.engine, info.model, read_at_ms, page.width,
         page.height, reading.kind, reading.app, shown or None,
         json.dumps(meta, ensure_ascii=False, sort_keys=True)))
    db.conn.executemany(
        "INSERT INTO screen_lines (evidence_id, line, text, x0, y0, x1, y1, score, role) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(item.evidence_id, n, line.text, line.box.left, line.box.top, line.box.right,
          line.box.bottom, line.score, reading.roles.get(n - 1))
         for n, line in enumerate(page.lines, 1)])


def reading_of(db: sqlite_utils.Database, sha256: str) -> dict[str, Any] | None:
    """A screenshot's reading as plain data (``None`` when it was not read): engine, model,
    kind, app, counterpart, and every line with text, box [x0, y0, x1, y1], score and role."""
    row = db.execute(
        "SELECT r.evidence_id, r.engine, r.model, r.read_at_ms, r.width, r.height, r.kind, "
        "r.app, r.counterpart, r.meta FROM screen_reads r JOIN evidence v "
        "ON v.id = r.evidence_id WHERE v.sha256 = ?", (sha256,)).fetchone()
    if row is None:
        return None
    evidence_id, engine, model, read_ms, width, height, kind, app, counterpart, meta = row
    lines = [{"line": n, "text": text, "box": [x0, y0, x1, y1], "score": score, "role": role}
             for n, text, x0, y0, x1, y1, score, role in db.execute(
                 "SELECT line, text, x0, y0, x1, y1, score, role FROM screen_lines "
                 "WHERE evidence_id = ? ORDER BY line", (evidence_id,))]
    return {"machine_read": True, "engine": engine, "model": model, "read_at_ms": read_ms,
            "width": width, "height": height, "kind": kind, "app": app,
            "counterpart": counterpart, "meta": json.loads(meta), "lines": lines}


def search(db: sqlite_utils.Database, words: str, limit: int = 200) -> list[tuple[str, int, str]]:
    """``(sha256, line, text)`` of the screenshot lines containing ``words`` (case-blind)."""
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [tuple(row) for row in db.execute(
        "SELECT v.sha256, l.line, l.text FROM screen_lines l JOIN evidence v "
        "ON v.id = l.evidence_id WHERE l.text LIKE ? ESCAPE '\\' ORDER BY v.id, l.line LIMIT ?",
        (pattern, limit))]


def lines_locator(lines: tuple[int, ...]) -> str:
    """The locator of statements read off lines (0-based indices): "line 5", "lines 5-7"."""
    first, last = min(lines) + 1, max(lines) + 1
    return f"line {first}" if first == last else f"lines {first}-{last}"
