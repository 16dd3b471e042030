"""install.sh and uninstall.sh on a fake unpacked Linux archive (no frozen build needed): the
launcher, the menu entry's Exec quoting for an awkward install path, and a launcher that is not
ours (pipx's, pip's) left alone by both scripts."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux scripts")

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.github.evidence_logger.EvidenceLogger"
# A data folder every quoting layer of a desktop entry has to get right.
AWKWARD = 'my data 100% $HOME \\ "q" `x` %f'


def _linux_extras() -> dict[str, Path]:
    """packaging/build_installer.py's linux_extras(): what the archive adds to the build."""
    spec = importlib.util.spec_from_file_location(
        "_build_installer", ROOT / "packaging" / "build_installer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    extras: dict[str, Path] = module.linux_extras()
    return extras


@pytest.fixture
def unpacked(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence-logger"
    folder.mkdir()
    program = folder / "evidence-logger"
    program.write_text('#!/bin/sh\necho "evidence-logger 0.0"\n', encoding="utf-8")
    program.chmod(0o755)
    icons = 0
    for name, source in _linux_extras().items():
        if name.startswith("share/icons/"):
            if icons:  # one icon is enough here
                continue
            icons += 1
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return folder


def _run(script: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (done.stdout, done.stderr)
    return done


def _desktop_value(raw: str) -> str:
    """A desktop entry string value with its escapes (\\s \\n \\t \\r \\\\) undone."""
    table = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: table.get(m[1], m[0]), raw)


def _exec_args(raw: str) -> list[str]:
    """The Exec key's arguments per the desktop entry spec: string escapes, then the quoting
    (inside "...", \\ escapes " ` $ \\), then %% for a literal %; other field codes fail."""
    value, args, word, quoted, in_word, i = _desktop_value(raw), [], "", False, False, 0
    while i < len(value):
        c = value[i]
        if quoted:
            if c == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
                word, i = word + value[i + 1], i + 1
            elif c == '"':
                quoted = False
            else:
                assert c not in '"`$\\', f"unescaped {c!r} in a quoted argument: {raw!r}"
                word += c
        elif c == '"':
            quoted = in_word = True
        elif c == " ":
            if in_word:
                args.append(word)
            word, in_word = "", False
        else:
            word, in_word = word + c, True
        i += 1
    assert not quoted, f"unterminated quote: {raw!r}"
    if in_word:
        args.append(word)

    def percent(m: re.Match[str]) -> str:
        assert m[1] == "%", f"field code %{m[1]} in {raw!r}"
        return "%"
    return [re.sub(r"%(.)", percent, arg) for arg in args]


def _keys(desktop: Path) -> dict[str, str]:
    lines = desktop.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_install_and_uninstall_with_an_awkward_path(unpacked: Path, tmp_path: Path) -> None:
    home, data, bin_dir = tmp_path / "home", tmp_path / AWKWARD, tmp_path / "bin"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data),
           "EVIDENCE_LOGGER_BIN_DIR": str(bin_dir)}
    _run(unpacked / "install.sh", env)
    installed = data / "evidence-logger-app" / "app"
    exe = installed / "evidence-logger"
    launcher = bin_dir / "evidence-logger"
    desktop = data / "applications" / f"{APP_ID}.desktop"

    version = subprocess.run([str(launcher)], capture_output=True, text=True, timeout=60)
    assert version.stdout == "evidence-logger 0.0\n", version
    keys = _keys(desktop)
    assert _exec_args(keys["Exec"]) == [str(exe)], keys["Exec"]
    assert _desktop_value(keys["TryExec"]) == str(exe), keys["TryExec"]
    assert keys["Name[zh_CN]"] == "证据记录" and keys["Icon"] == APP_ID
    assert list((data / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png"))

    _run(unpacked / "install.sh", env)  # again: our own link is simply renewed
    assert os.readlink(launcher) == str(exe)

    _run(installed / "uninstall.sh", env)
    assert not installed.exists() and not desktop.exists()
    assert not launcher.exists() and not launcher.is_symlink()


def test_a_launcher_that_is_not_ours_is_left_alone(unpacked: Path, tmp_path: Path) -> None:
    home, data, bin_dir = tmp_path / "home", tmp_path / "share", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    pipx = tmp_path / "pipx" / "venvs" / "evidence-logger" / "bin" / "evidence-logger"
    pipx.parent.mkdir(parents=True)
    pipx.write_text('#!/bin/sh\necho "pipx evidence-logger"\n', encoding="utf-8")
    pipx.chmod(0o755)
    launcher = bin_dir / "evidence-logger"
    launcher.symlink_to(pipx)
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data),
           "EVIDENCE_LOGGER_BIN_DIR": str(bin_dir)}

    done = _run(unpacked / "install.sh", env)
    assert os.readlink(launcher) == str(pipx)
    assert "not ours" in done.stderr
    installed = data / "evidence-logger-app" / "app"
    assert (installed / "evidence-logger").is_file()
    assert (data / "applications" / f"{APP_ID}.desktop").is_file()

    _run(installed / "uninstall.sh", env)
    assert os.readlink(launcher) == str(pipx)
    assert not installed.exists()


def test_a_dangling_link_elsewhere_is_left_alone(unpacked: Path, tmp_path: Path) -> None:
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    launcher = bin_dir / "evidence-logger"
    launcher.symlink_to(tmp_path / "gone" / "evidence-logger")
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "share"),
           "EVIDENCE_LOGGER_BIN_DIR": str(bin_dir)}
    _run(unpacked / "install.sh", env)
    assert os.readlink(launcher) == str(tmp_path / "gone" / "evidence-logger")
