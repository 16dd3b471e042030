"""Where things live: the user's data folder and the shipped resources.

The only module that decides paths. Tests redirect the data folder with the
``EVIDENCE_LOGGER_DATA_DIR`` environment variable.

Shipped resources (fonts, translations, rule profiles, lexicons, icons, the style sheet) are the
package ``evidence_logger.resources`` (the ``resources/`` folder of the checkout) and are read
through :mod:`importlib.resources` only, so that they work the same from a checkout, an editable
install, a wheel, a zip and a frozen build: read them with :func:`resource` (``read_bytes``,
``read_text``, ``iterdir``); never turn a resource into a path string.
"""

from __future__ import annotations

import os
import sys
import tempfile
from importlib.resources import files
from importlib.resources.abc import Traversable
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


RESOURCES_PACKAGE = "evidence_logger.resources"


def resource(*parts: str) -> Traversable:
    """A shipped resource, e.g. ``resource("rules", "cn.toml")``, or a folder of them.

    What comes back may live in a zip or a frozen bundle: read it (``read_bytes``,
    ``read_text``, ``iterdir``, ``is_file``), and hand a library its bytes rather than a path.
    """
    node = files(RESOURCES_PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    return node


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


def app_command() -> list[str]:
    """How to run this very installation's command line from another process.

    From Python (checkout, venv, wheel): this interpreter with ``-m evidence_logger``. Frozen:
    the executable itself, except on Windows, whose windowed app has no console output; there
    its console twin ``evidence-logger-cli.exe`` beside it (packaging/evidence-logger.spec).
    """
    if not getattr(sys, "frozen", False):
        return [sys.executable, "-m", "evidence_logger"]
    exe = Path(sys.executable)
    if sys.platform == "win32":
        console = exe.with_name(f"{exe.stem}-cli{exe.suffix}")
        if console.is_file():
            return [str(console)]
    return [str(exe)]


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


def speech_models_dir() -> Path:
    """The speech models the user added (Settings or ``speech-model add``): app-wide, never in
    a case."""
    return data_dir() / "speech-models"


def trusted_time_settings_file() -> Path:
    """The app-wide trusted-time settings (the TSA, on or off), read by the CLI and the window."""
    return data_dir() / "trusted-time.json"
