"""The window's settings, declared once (key, type, default) over one INI file.

The file lives in the data folder (:func:`evidence_logger.paths.gui_settings_file`), so tests
that redirect the data folder get fresh settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from evidence_logger.paths import gui_settings_file


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    type: type
    default: Any


LANGUAGE = Key("language", str, "system")  # "system", "zh_CN" or "en"
CASES_FOLDER = Key("cases_folder", str, "")  # "" = the default under Documents
GEOMETRY = Key("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Key("window/state", QByteArray, QByteArray())
LAST_PAGE = Key("window/page", int, 0)
RECENT_CASES = Key("recent_cases", list, [])
LAST_IMPORT_FOLDER = Key("last_import_folder", str, "")

MAX_RECENT = 8


class Settings:
    """Typed access to the window's settings."""

    def __init__(self) -> None:
        self._store = QSettings(str(gui_settings_file()), QSettings.Format.IniFormat)

    def get(self, key: Key) -> Any:
        value = self._store.value(key.name, key.default)
        if key.type is list:
            if value is None or value == "":
                return []
            return [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        if key.type is int:
            try:
                return int(value)  # type: ignore[call-overload]
            except (TypeError, ValueError):
                return key.default
        if key.type is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray()
        return value if isinstance(value, key.type) else key.default

    def set(self, key: Key, value: Any) -> None:
        self._store.setValue(key.name, value)

    def add_recent(self, folder: str) -> None:
        recent = [f for f in self.get(RECENT_CASES) if f != folder]
        self.set(RECENT_CASES, [folder, *recent][:MAX_RECENT])

    def sync(self) -> None:
        self._store.sync()
