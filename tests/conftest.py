"""Shared fixtures: every test gets its own data folder, English messages and a fresh case."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt must run offscreen before pytest-qt makes its (session-wide) QApplication
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from evidence_logger.case import Case
from evidence_logger.i18n import set_language

GUI_TESTS = Path(__file__).parent / "gui"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the window's tests ``gui`` (``-m "not gui"`` runs the core's alone)."""
    for item in items:
        if GUI_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVIDENCE_LOGGER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("EVIDENCE_LOGGER_LANG", "en")
    monkeypatch.delenv("EVIDENCE_LOGGER_CASE", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    yield
    set_language(None)  # a window test may have chosen one; the next test starts from the env


@pytest.fixture
def case(tmp_path: Path):
    with Case.create(tmp_path / "case", name="测试案件", timezone="Asia/Shanghai") as opened:
        yield opened
