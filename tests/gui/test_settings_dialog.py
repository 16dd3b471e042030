"""The settings dialog: thresholds change the findings; the language switches the window;
the time zone is shown, not changed; a case opened from a bundle keeps its thresholds."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from evidence_logger.gui import settings as keys
from evidence_logger.gui.settings_dialog import SettingsDialog
from tests.gui.helpers import findings_of


def _dialog(window, qtbot) -> SettingsDialog:
    dialog = SettingsDialog(window, window.settings, window.session)
    qtbot.addWidget(dialog)
    dialog.language_chosen.connect(window.set_language)
    return dialog


def _daily(window, qtbot) -> int:
    return sum(f.rule.check == "daily-calls" for f in findings_of(qtbot, window.session))


def test_a_threshold_changes_the_findings(filled_window, qtbot):
    dialog = _dialog(filled_window, qtbot)
    before = _daily(filled_window, qtbot)
    assert before > 0
    with qtbot.waitSignal(filled_window.session.changed):
        assert dialog.set_threshold("cn.daily-calls.max_calls", "100")
    assert _daily(filled_window, qtbot) < before
    assert filled_window.session.profile().rule("cn.daily-calls").params["max_calls"] == 100
    assert dialog.set_threshold("cn.daily-calls.max_calls", "3")
    assert _daily(filled_window, qtbot) == before


def test_a_bad_threshold_shows_a_sentence(filled_window, qtbot):
    dialog = _dialog(filled_window, qtbot)
    assert not dialog.set_threshold("cn.quiet-hours.start", "25:00")
    assert dialog.errors["cn.quiet-hours.start"].text() == \
        "25:00 is not a valid value for start."


def test_default_is_shown_and_time_zone_is_read_only(filled_window, qtbot):
    dialog = _dialog(filled_window, qtbot)
    labels = [label.text() for label, _, _ in dialog.param_labels]
    assert "most calls a day (default 3):" in labels
    assert "Asia/Shanghai" in dialog.case_info.text()
    assert "Fixed when the case was made" in dialog.case_info.text()


def test_read_only_case_cannot_change_thresholds(filled_window, qtbot):
    filled_window.session.case.read_only_bundle = True
    dialog = _dialog(filled_window, qtbot)
    assert dialog.fields["cn.daily-calls.max_calls"].isReadOnly()
    assert not dialog.set_threshold("cn.daily-calls.max_calls", "100")


def test_switch_language_to_chinese(filled_window, qtbot):
    dialog = _dialog(filled_window, qtbot)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    title = filled_window.file_menu.title()
    assert title == "文件(&F)" or "文件" in title
    assert filled_window.settings.get(keys.LANGUAGE) == "zh_CN"
    assert dialog.windowTitle() == "设置"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert filled_window.file_menu.title() == "&File"


def test_cases_folder(filled_window, qtbot, tmp_path):
    dialog = _dialog(filled_window, qtbot)
    dialog.set_cases_folder(str(tmp_path))
    assert filled_window.settings.get(keys.CASES_FOLDER) == str(tmp_path)
    dialog.set_cases_folder("")
    assert dialog.folder.text().endswith("cases")


def test_the_window_opens_the_dialog(filled_window, qtbot):
    seen: list[SettingsDialog] = []

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close)
    filled_window.open_settings()
    assert seen
