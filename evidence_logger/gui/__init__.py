"""The desktop window (PySide6). All logic lives in the Qt-free core; this package shows it."""
