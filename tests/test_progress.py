"""The one progress type: the same words and fraction for the status line and the dialog."""

from __future__ import annotations

import pytest

from evidence_logger.progress import BYTES, SECONDS, Progress, file_of


def test_a_file_task_says_which_file_and_how_far():
    progress = file_of(250, 1000, 2, 3, "call.mp3")
    assert progress.fraction == 0.25 and progress.unit == BYTES
    assert progress.label("en") == "File 2 of 3: call.mp3"
    assert progress.label("zh_CN") == "第 2 个文件，共 3 个：call.mp3"
    assert progress.line("en") == " 25% File 2 of 3: call.mp3"
    end = file_of(1000, 1000, 3, 3, "")
    assert end.label("en") == "" and end.line("en") == "100%"


def test_an_unknown_total_has_no_fraction():
    progress = Progress(12.5, 0, SECONDS)
    assert progress.fraction is None and progress.line("en") == ""


def test_a_unit_outside_the_list_is_refused():
    with pytest.raises(ValueError, match="unit"):
        Progress(1, 2, "bytes_done")
