"""One sample case, built once for the module's tests (about a second and a half)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence_logger.demo import make_demo
from evidence_logger.progress import Progress


@dataclass
class Built:
    case_dir: Path
    files_dir: Path
    progress: list[Progress]


@pytest.fixture(scope="package")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:  # the per-test data folder is not set up yet
        mp.setenv("EVIDENCE_LOGGER_DATA_DIR", str(root / "data"))
        task = make_demo(root / "case", files_dir=root / "files", lang="zh")
        progress: list[Progress] = []
        while True:
            try:
                progress.append(next(task))
            except StopIteration as stop:
                return Built(stop.value, root / "files", progress)
