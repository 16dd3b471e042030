"""The last case used: remembered in the data folder so that the command line and the window
reopen it. Kept apart from :mod:`evidence_logger.case` so that reading it loads no database code."""

from __future__ import annotations

import logging
from pathlib import Path

from evidence_logger.paths import last_case_file

log = logging.getLogger(__name__)


def remember(folder: Path) -> None:
    """Remember ``folder`` as the last case used."""
    try:
        last_case_file().write_text(str(folder), encoding="utf-8")
    except OSError:
        log.warning("could not remember the last case", exc_info=True)


def last_case() -> Path | None:
    try:
        text = last_case_file().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return Path(text) if text else None
