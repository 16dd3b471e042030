"""Fixtures for the window's tests: the real app object once, a fresh window per test on a
fresh data folder (so settings and the last case start empty), Qt offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_logger.case import Case
from evidence_logger.i18n import set_language
from tests.fixtures.cases import fill
from tests.gui.helpers import settled


@pytest.fixture
def app(qapp):
    from evidence_logger.gui.app import make_app

    return make_app()


@pytest.fixture
def window(app, qtbot) -> Iterator:
    """The main window on no case, in English."""
    from evidence_logger.gui.app import make_window
    from evidence_logger.gui.settings import LANGUAGE, Settings
    from evidence_logger.gui.tasks import stop_all

    settings = Settings()
    settings.set(LANGUAGE, "en")
    made = make_window(settings)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.runner.cancel()
    made.runner.cancel_background()
    made.runner.wait()
    made.session.close()
    stop_all()  # the findings' workers too
    set_language(None)


@pytest.fixture
def filled_folder(tmp_path: Path) -> Path:
    """A case folder with the shared sample data (tests/fixtures/cases.fill), closed."""
    folder = tmp_path / "filled"
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    with Case.create(folder, name="测试案件", timezone="Asia/Shanghai") as case:
        fill(case, inputs)
    return folder


@pytest.fixture
def filled_window(window, filled_folder: Path, qtbot):
    """The main window on a filled case, its screenshot read and its findings computed."""
    window.session.open(filled_folder)
    settled(qtbot, window)
    return window
