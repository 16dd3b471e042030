"""The one background-task helper: progress, result, failure and cancel, off the UI thread."""

from __future__ import annotations

import threading

import pytest

from evidence_logger.gui.tasks import TaskRunner


def counting(steps: int, log: list, fail_at: int | None = None):
    def run():
        log.append(threading.current_thread() is threading.main_thread())
        try:
            for step in range(steps):
                if step == fail_at:
                    raise ValueError("broken input")
                yield step
            return "done"
        finally:
            log.append("closed")
    return run


def test_a_task_runs_off_the_ui_thread_and_reports_its_result(qtbot):
    runner = TaskRunner()
    log: list = []
    seen: list = []
    runner.progressed.connect(seen.append)
    with qtbot.waitSignal(runner.succeeded, timeout=5000) as result:
        runner.start(counting(1000, log))
    assert result.args == ["done"]
    assert log == [False, "closed"]
    assert seen and seen[-1] == 999  # the last progress is always delivered
    assert len(seen) < 1000  # throttled
    qtbot.waitUntil(lambda: not runner.running)


def test_a_failure_is_reported_with_the_exception(qtbot):
    runner = TaskRunner()
    with qtbot.waitSignal(runner.failed, timeout=5000) as failure:
        runner.start(counting(10, [], fail_at=3))
    assert isinstance(failure.args[0], ValueError)
    qtbot.waitUntil(lambda: not runner.running)


def test_cancel_closes_the_generator(qtbot):
    runner = TaskRunner()
    log: list = []
    started = threading.Event()

    def slow():
        try:
            while True:
                started.set()
                threading.Event().wait(0.01)
                yield None
        finally:
            log.append("closed")

    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        runner.start(slow)
        assert started.wait(5)
        runner.cancel()
    assert log == ["closed"]
    qtbot.waitUntil(lambda: not runner.running)


def test_one_task_at_a_time(qtbot):
    runner = TaskRunner()
    gate = threading.Event()

    def waiting():
        gate.wait(5)
        yield None

    runner.start(waiting)
    with pytest.raises(RuntimeError):
        runner.start(waiting)
    gate.set()
    qtbot.waitUntil(lambda: not runner.running)


def test_the_progress_dialog_stays_until_a_cancelled_task_has_ended(qtbot):
    from PySide6.QtWidgets import QWidget
    from shiboken6 import Shiboken

    from evidence_logger.gui.progress import run_with_progress

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = TaskRunner()
    release = threading.Event()
    outcome: list = []

    def slow():
        yield None
        release.wait(10)
        yield None

    dialog = run_with_progress(parent, runner, "Working", slow, outcome.append,
                               outcome.append, lambda: outcome.append("cancelled"))
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    dialog.cancel_button.click()
    assert dialog.isVisible() and dialog.label.text() == "Stopping…"
    dialog.reject()  # Escape does not hide it either
    assert dialog.isVisible() and runner.running
    release.set()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert not Shiboken.isValid(dialog) or not dialog.isVisible()


def test_the_progress_dialog_reads_the_core_progress_and_refuses_anything_else(qtbot):
    from PySide6.QtWidgets import QWidget

    from evidence_logger.gui.progress import BAR_STEPS, TaskProgress
    from evidence_logger.progress import file_of

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = TaskProgress(parent, TaskRunner(), "Working")
    dialog._show(file_of(3 << 40, 4 << 40, 2, 5, "big.zip"))  # beyond int32: still right
    assert (dialog.bar.maximum(), dialog.bar.value()) == (BAR_STEPS, 3 * BAR_STEPS // 4)
    assert dialog.label.text() == "File 2 of 5: big.zip"
    dialog._show(None)  # a cancel point: nothing changes
    assert dialog.label.text() == "File 2 of 5: big.zip"
    with pytest.raises(TypeError, match="not a Progress"):
        dialog._show({"done_bytes": 1})  # type: ignore[arg-type]  # what the type refuses
    dialog.finish()
