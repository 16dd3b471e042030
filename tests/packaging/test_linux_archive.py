"""The Linux archive as a user gets it (packaging/build_installer.py), unpacked by .ci/run:
install.sh puts it in the user's menu with one command, without root, and uninstall.sh takes it
out again, leaving the user's data alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.test_installed import FROZEN_ENV

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600),  # install.sh may take minutes
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux archive")]
APP_ID = "io.github.evidence_logger.EvidenceLogger"


@pytest.fixture
def unpacked() -> Path:
    value = os.environ.get(FROZEN_ENV)
    folder = Path(value).parent if value else None
    if folder is None or not (folder / "install.sh").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the unpacked Linux archive: {FROZEN_ENV} (see .ci/run)")
        pytest.skip("no unpacked Linux archive: see .ci/run")
    return folder


def test_install_and_uninstall_for_one_user(unpacked: Path, tmp_path: Path):
    home, data, bin_dir = tmp_path / "home", tmp_path / "share", tmp_path / "bin"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data),
           "EVIDENCE_LOGGER_BIN_DIR": str(bin_dir), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(["sh", str(unpacked / "install.sh")], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    installed = data / "evidence-logger-app" / "app"
    desktop = data / "applications" / f"{APP_ID}.desktop"
    launcher = bin_dir / "evidence-logger"
    assert (installed / "evidence-logger").is_file()
    text = desktop.read_text(encoding="utf-8")
    assert f"Exec={installed / 'evidence-logger'}" in text or \
        f'Exec="{installed / "evidence-logger"}"' in text, text
    assert "Name[zh_CN]=证据记录" in text and f"Icon={APP_ID}" in text
    for size in (16, 48, 256):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    version = subprocess.run([str(launcher), "--version"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("evidence-logger "), version

    user_data = data / "evidence-logger"  # what the app itself keeps: never the installer's
    user_data.mkdir(exist_ok=True)
    (user_data / "signing-key.pem").write_text("the user's key")
    done = subprocess.run(["sh", str(installed / "uninstall.sh")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not installed.exists() and not desktop.exists() and not launcher.exists()
    assert (user_data / "signing-key.pem").read_text() == "the user's key"
