"""Help ▸ Check this installation, and the very first start on an account that never ran the
app (no data folder, a Chinese system)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from evidence_logger import paths
from evidence_logger.selftest import STEPS

ROOT = Path(__file__).resolve().parents[2]


def test_check_this_installation_runs_the_selftest_and_shows_each_step(window, qtbot):
    window.act_selftest.trigger()
    dialog = window.selftest_dialog
    assert dialog.isVisible() and not dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=120_000)
    text = dialog.output.toPlainText()
    assert text.count("[passed]") == len(STEPS) + 1, text  # and the window step
    assert "Main window" in text
    assert dialog.status.text().startswith(f"All {len(STEPS) + 1} checks passed")
    assert dialog.bar.value() == dialog.bar.maximum() == len(STEPS) + 1
    dialog.copy_button.click()
    assert "Dossier in Chinese" in QGuiApplication.clipboard().text()
    dialog.close()


def test_cancelling_the_check_stops_it_and_says_so(window, qtbot):
    window.act_selftest.trigger()
    dialog = window.selftest_dialog
    qtbot.waitUntil(lambda: dialog.bar.value() >= 1, timeout=60_000)
    dialog.reject()  # Escape: stops the check, the dialog stays until it has stopped
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=60_000)
    assert dialog.status.text() == "The check was cancelled."
    assert dialog.close_button.isEnabled()
    dialog.close()


def test_first_start_on_a_new_chinese_account(app, qtbot, tmp_path, monkeypatch):
    from evidence_logger.gui.app import make_window

    fresh = tmp_path / "never-ran" / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(fresh))
    monkeypatch.setenv("EVIDENCE_LOGGER_LANG", "")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert not fresh.exists()
    started = make_window(later=True)
    qtbot.addWidget(started)
    started.show()
    assert started.windowTitle() == "证据记录"
    assert started.help_menu.title().startswith("帮助")
    assert started.act_selftest.text().startswith("检查本机安装")
    assert started.session.case is None and started.stack.currentWidget() is started.welcome
    assert fresh.is_dir()  # made on first use
    started.close()


@pytest.mark.parametrize("size", [16, 32, 256])
def test_the_window_has_the_app_icon(app, size):
    from evidence_logger.gui.app import DESKTOP_FILE_NAME

    icon = app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(size, size).width() == size
    assert app.desktopFileName() == DESKTOP_FILE_NAME  # the .desktop file has the same name
    desktop = ROOT / "packaging" / "linux" / f"{DESKTOP_FILE_NAME}.desktop"
    assert f"Icon={DESKTOP_FILE_NAME}" in desktop.read_text(encoding="utf-8")
