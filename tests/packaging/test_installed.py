"""The app as users get it: a wheel installed into a fresh virtual environment, the package run
from a zip, and the frozen build; each driven from a folder outside the checkout.

The frozen build is made by ``python3 dev.py package`` (``.ci/run`` does that first and points
``EVIDENCE_LOGGER_FROZEN_APP`` at it); without it the frozen test is skipped, except in CI,
where a missing build fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.packaging.installed import (
    ROOT,
    Installed,
    check_first_start,
    check_whole_flow,
    expected_findings,
)

# building and installing a wheel takes minutes: beyond pyproject's per-test timeout
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

FROZEN_ENV = "EVIDENCE_LOGGER_FROZEN_APP"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("installed")
    assert not str(folder.resolve()).startswith(str(ROOT))
    return folder


@pytest.fixture(scope="module")
def expected(sandbox: Path) -> list[tuple]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EVIDENCE_LOGGER_DATA_DIR", str(sandbox / "expected-data"))
        return expected_findings(sandbox / "expected")


@pytest.fixture(scope="module")
def wheel(sandbox: Path) -> Path:
    """The wheel ``pip wheel`` builds from the checkout."""
    out = sandbox / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    (built,) = out.glob("evidence_logger-*.whl")
    return built


def _sandbox_app(sandbox: Path, name: str, command: list[str]) -> Installed:
    home, work = sandbox / f"{name}-home", sandbox / f"{name}-work"
    home.mkdir()
    work.mkdir()
    return Installed(command, home, work)


def test_the_wheel_holds_every_resource(wheel: Path):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"evidence_logger/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
               for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped <= names, sorted(shipped - names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_installed_wheel_in_a_fresh_venv(wheel: Path, sandbox: Path, expected: list[tuple]):
    env_dir = sandbox / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True, timeout=900)
    script = env_dir / ("Scripts/evidence-logger.exe" if os.name == "nt"
                        else "bin/evidence-logger")
    app = _sandbox_app(sandbox, "wheel", [str(script)])
    where = subprocess.run([str(python), "-c", "import evidence_logger; "
                            "print(evidence_logger.__file__)"], cwd=app.work, env=app.env(),
                           capture_output=True, text=True, check=True).stdout
    assert Path(where).resolve().is_relative_to(env_dir.resolve()), where
    check_whole_flow(app, expected)
    check_first_start(app)


def test_the_package_runs_from_a_zip(wheel: Path, sandbox: Path, expected: list[tuple]):
    """A wheel is a zip: imported from it with zipimport, every resource is still found (no
    code path may depend on files on disk)."""
    app = _sandbox_app(sandbox, "zip", [sys.executable, "-m", "evidence_logger"])
    probe = ("import evidence_logger, sys; assert '.whl' in evidence_logger.__file__, "
             "evidence_logger.__file__")
    env = {"PYTHONPATH": str(wheel)}
    done = subprocess.run([sys.executable, "-c", probe], cwd=app.work, env=app.env(**env),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    original = app.env

    def zipped_env(**extra: str) -> dict[str, str]:
        return original(**{**env, **extra})

    app.env = zipped_env  # type: ignore[method-assign]
    check_whole_flow(app, expected)


def _frozen() -> Path | None:
    value = os.environ.get(FROZEN_ENV)
    if value:
        return Path(value)
    if os.environ.get("CI"):
        pytest.fail(f"CI must test the frozen build: set {FROZEN_ENV} (see .ci/run)")
    pytest.skip(f"no frozen build: run python3 dev.py package and set {FROZEN_ENV}")
    return None


def test_frozen_build(sandbox: Path, expected: list[tuple]):
    exe = _frozen()
    assert exe is not None and exe.is_file(), exe
    app = _sandbox_app(sandbox, "frozen", [str(exe)])
    # like a Windows machine: no system time-zone database, only the bundled tzdata
    original = app.env

    def no_system_zones(**extra: str) -> dict[str, str]:
        return original(**{"PYTHONTZPATH": str(app.home / "no-zoneinfo"), **extra})

    app.env = no_system_zones  # type: ignore[method-assign]
    check_whole_flow(app, expected)
    check_first_start(app)
