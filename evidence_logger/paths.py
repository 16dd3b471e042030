"""Where things live: the user's data folder and the shipped resources.

The only module that decides paths. Tests redirect the data folder with the
``EVIDENCE_LOGGER_DATA_DIR`` environment variable.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

from evidence_logger import APP_NAME

DATA_DIR_ENV = "EVIDENCE_LOGGER_DATA_DIR"
CASE_ENV = "EVIDENCE_LOGGER_CASE"


def data_dir() -> Path:
    """The user's data folder (settings, the last case used, later the signing key)."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(
        platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The shipped resources: fonts, translations, rule profiles, templates."""
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("evidence_logger.resources")))


def last_case_file() -> Path:
    """The file remembering the last case used."""
    return data_dir() / "last-case.txt"


def log_file() -> Path:
    """The app's log, where the details behind every user-facing problem go."""
    return data_dir() / "evidence-logger.log"


def cases_dir() -> Path:
    """Where the window proposes to keep new cases (the user may choose another folder)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override) / "cases"
    return Path(platformdirs.user_documents_dir()) / APP_NAME


def gui_settings_file() -> Path:
    """The window's settings (language, window state, recent cases)."""
    return data_dir() / "window.ini"


def signing_key_file() -> Path:
    """The user's Ed25519 signing key for bundles (made on the first export)."""
    return data_dir() / "signing-key.pem"


def opened_bundles_dir() -> Path:
    """Where bundles opened in the window are extracted, each as a read-only case."""
    return data_dir() / "opened-bundles"


def playback_cache_dir() -> Path:
    """Where playable copies of recordings go: a temporary folder, never inside a case."""
    return Path(tempfile.gettempdir()) / "evidence-logger-playback"


def documents_dir() -> Path:
    """The user's documents folder, where the window proposes to write exports."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override) / "documents"
    return Path(platformdirs.user_documents_dir())


def home_dir() -> Path:
    """Where file dialogs start when nothing better is known."""
    return Path.home()
