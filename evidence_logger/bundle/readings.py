"""The screenshots' readings (OCR) a bundle carries, checked before they go into a case.

A bundle is verified against its own key, and anyone can sign a bundle: what ``case.json``
says is therefore checked before a row of it is written. The readings (``screen_reads`` and
``screen_lines``, see docs/bundle-format.md) must be of the types the case's tables hold, with
numbers in the ranges a screen can have, each reading tied to an original of the bundle by its
id *and* SHA-256, each line to a reading. Anything else refuses the bundle with a sentence
(:class:`ReadingsRefused`); nothing of it is written.
"""

from __future__ import annotations

import json
import math
from typing import Any

from evidence_logger.case_document import SCREEN_LINE_COLUMNS, SCREEN_READ_COLUMNS
from evidence_logger.errors import UserFacingError
from evidence_logger.ocr.page import SCREEN_KINDS

MAX_PIXELS = 1_000_000  # a side or a coordinate of a screen, in pixels
MAX_LINES = 100_000  # lines of one screenshot
MAX_TIME_MS = 1 << 53
MAX_TEXT = 100_000  # characters of one line
MAX_NAME = 1_000  # characters of an engine's or model's name, an app, a role, a counterpart

Row = tuple[Any, ...]


class ReadingsRefused(UserFacingError):
    """The readings in a bundle's case document are not what this app writes."""


def _bad(field: str, where: str) -> ReadingsRefused:
    return ReadingsRefused("its screenshot readings are malformed: {field} of {where} is "
                           "missing, of the wrong type or out of range.", field=field,
                           where=where)


def _int(row: dict[str, Any], key: str, low: int, high: int, where: str) -> int:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(key, where)
    if not low <= value <= high:
        raise _bad(key, where)
    return value


def _text(row: dict[str, Any], key: str, limit: int, where: str, *,
          optional: bool = False) -> str | None:
    value = row.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _bad(key, where)
    if len(value) > limit:
        raise _bad(key, where)
    return value


def _list(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])  # bundles from before OCR have none
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise _bad(key, "case.json")
    return value


def checked_readings(document: dict[str, Any]) -> tuple[list[Row], list[Row]]:
    """The rows of ``screen_reads`` and ``screen_lines`` (in :data:`SCREEN_READ_COLUMNS` and
    :data:`SCREEN_LINE_COLUMNS` order) of a bundle's case document, each checked; raises
    :class:`ReadingsRefused` at the first thing wrong."""
    evidence = document.get("evidence")
    if not isinstance(evidence, list):
        raise _bad("evidence", "case.json")
    shas = {row["id"]: row.get("sha256") for row in evidence
            if isinstance(row, dict) and isinstance(row.get("id"), int)}
    reads: list[Row] = []
    sizes: dict[int, tuple[int, int]] = {}
    for n, row in enumerate(_list(document, "screen_reads"), 1):
        where = f"screen_reads #{n}"
        evidence_id = _int(row, "evidence_id", 1, MAX_TIME_MS, where)
        sha = _text(row, "sha256", 64, where)
        if evidence_id not in shas or shas[evidence_id] != sha:
            raise ReadingsRefused("its screenshot readings are malformed: {where} is a reading "
                                  "of {sha}, which is not an original of the bundle.",
                                  where=where, sha=str(sha)[:64])
        if evidence_id in sizes:
            raise ReadingsRefused("its screenshot readings are malformed: {where} reads an "
                                  "original read before.", where=where)
        width = _int(row, "width", 1, MAX_PIXELS, where)
        height = _int(row, "height", 1, MAX_PIXELS, where)
        sizes[evidence_id] = (width, height)
        if row.get("kind") not in SCREEN_KINDS:
            raise _bad("kind", where)
        meta = row.get("meta", {})
        if not isinstance(meta, dict):
            raise _bad("meta", where)
        values = {"evidence_id": evidence_id, "sha256": sha,
                  "engine": _text(row, "engine", MAX_NAME, where),
                  "model": _text(row, "model", MAX_NAME, where),
                  "read_at_ms": _int(row, "read_at_ms", 0, MAX_TIME_MS, where),
                  "width": width, "height": height, "kind": row["kind"],
                  "app": _text(row, "app", MAX_NAME, where, optional=True),
                  "counterpart": _text(row, "counterpart", MAX_NAME, where, optional=True),
                  "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True)}
        reads.append(tuple(values[c] for c in SCREEN_READ_COLUMNS))
    lines: list[Row] = []
    seen: set[tuple[int, int]] = set()
    for n, row in enumerate(_list(document, "screen_lines"), 1):
        where = f"screen_lines #{n}"
        owner = row.get("evidence_id")
        if not isinstance(owner, int) or isinstance(owner, bool) or owner not in sizes:
            raise ReadingsRefused("its screenshot readings are malformed: {where} is a line of "
                                  "no reading in the bundle.", where=where)
        number = _int(row, "line", 1, MAX_LINES, where)
        if (owner, number) in seen:
            raise ReadingsRefused("its screenshot readings are malformed: {where} gives a line "
                                  "given before.", where=where)
        seen.add((owner, number))
        box = [_int(row, key, -MAX_PIXELS, MAX_PIXELS, where) for key in ("x0", "y0", "x1", "y1")]
        if box[0] > box[2] or box[1] > box[3]:
            raise _bad("box", where)
        score = row.get("score")
        if isinstance(score, bool) or not isinstance(score, int | float) \
                or not math.isfinite(score) or not 0 <= score <= 1:
            raise _bad("score", where)
        values = {"evidence_id": owner, "line": number,
                  "text": _text(row, "text", MAX_TEXT, where), "x0": box[0], "y0": box[1],
                  "x1": box[2], "y1": box[3], "score": float(score),
                  "role": _text(row, "role", MAX_NAME, where, optional=True)}
        lines.append(tuple(values[c] for c in SCREEN_LINE_COLUMNS))
    return reads, lines
