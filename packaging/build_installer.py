#!/usr/bin/env python3
"""Turn the frozen build into the one file a user downloads, for the system this runs on.

    python3 dev.py package                  # first: the PyInstaller build in dist/
    python packaging/build_installer.py     # then: the installer, next to it in dist/

Linux    dist/evidence-logger/           -> dist/evidence-logger-<version>-linux-<machine>.tar.gz
         (a folder evidence-logger-<version>/ with the program, install.sh, uninstall.sh,
         README.txt, the menu entry and the icons)
Windows  dist/evidence-logger/           -> dist/evidence-logger-<version>-windows-x64-setup.exe
         (Inno Setup's iscc on packaging/windows/evidence-logger.iss)
macOS    dist/Evidence Logger.app        -> dist/evidence-logger-<version>-macos-<arch>.dmg
         (hdiutil, with an Applications link beside the app)

Options:
  --dist DIR          where the frozen build is and the installer goes (default: dist/)
  --chinese-isl FILE  Windows, Inno Setup 6 only: the Simplified Chinese messages file
                      (default: $INNO_CHINESE_ISL; Inno Setup 7.0.2+ ships its own)
  --iscc PATH         Windows: Inno Setup's compiler (default: $ISCC, PATH, Program Files)
  --system NAME       linux, windows or macos instead of this system (for testing)

Prints the path of the file it wrote. Exits 1 with a message when the build or a tool is
missing.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.evidence_logger.EvidenceLogger"
ONEDIR = "evidence-logger"
MAC_APP = "Evidence Logger.app"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

sys.path.insert(0, str(ROOT))
from evidence_logger import __version__  # noqa: E402


class BuildError(Exception):
    pass


# --- Linux -------------------------------------------------------------------------------

def source_date_epoch() -> int:
    """The time stamp given to every archive member: $SOURCE_DATE_EPOCH, else the last
    commit's time, else 0, so the same input gives the same archive."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True, check=True).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0


def linux_extras() -> dict[str, Path]:
    """The files the archive adds to the frozen build: archive name -> source file."""
    linux = PACKAGING / "linux"
    extras = {
        "install.sh": linux / "install.sh",
        "uninstall.sh": linux / "uninstall.sh",
        "README.txt": linux / "README.txt",
        f"share/applications/{APP_ID}.desktop": linux / f"{APP_ID}.desktop",
    }
    for size in ICON_SIZES:
        extras[f"share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png"] = (
            ROOT / "resources" / "icons" / f"evidence-logger-{size}.png")
    missing = [str(path) for path in extras.values() if not path.is_file()]
    if missing:
        raise BuildError("missing from the checkout: " + ", ".join(missing)
                         + " (icons: run packaging/make_icons.py)")
    return extras


def tar_entries(onedir: Path) -> dict[str, Path]:
    """Every file, folder and link of the frozen build, by its path inside the build."""
    entries: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(onedir):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            entries[path.relative_to(onedir).as_posix()] = path
    return entries


def add_member(tar: tarfile.TarFile, name: str, path: Path, mtime: int,
               executable: bool = False) -> None:
    info = tarfile.TarInfo(name)
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if path.is_symlink():
        target = os.readlink(path)
        if os.path.isabs(target):
            raise BuildError(f"absolute symbolic link in the build: {path} -> {target}")
        info.type = tarfile.SYMTYPE
        info.linkname = target
        info.mode = 0o777
        tar.addfile(info)
    elif path.is_dir():
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
        tar.addfile(info)
    else:
        executable = executable or bool(path.stat().st_mode & 0o111)
        info.mode = 0o755 if executable else 0o644
        info.size = path.stat().st_size
        with path.open("rb") as handle:
            tar.addfile(info, handle)


def build_linux(dist: Path) -> Path:
    onedir = (dist / ONEDIR).resolve()
    exe = onedir / "evidence-logger"
    if not exe.is_file():
        raise BuildError(f"no frozen build at {exe}: run 'python3 dev.py package' first")
    if not os.access(exe, os.X_OK):
        raise BuildError(f"{exe} is not executable")
    top = f"evidence-logger-{__version__}"
    entries = tar_entries(onedir)
    extras = linux_extras()
    clashes = sorted(set(entries) & set(extras))
    if clashes:
        raise BuildError("the frozen build already has " + ", ".join(clashes))
    # Folders for the extras (share/, share/applications/, ...), unless the build has them.
    folders = {"/".join(name.split("/")[:i]) for name in extras
               for i in range(1, name.count("/") + 1)}
    mtime = source_date_epoch()

    machine = platform.machine().lower() or "unknown"
    out = dist / f"evidence-logger-{__version__}-linux-{machine}.tar.gz"
    partial = out.with_name(out.name + ".part")
    members = sorted(set(entries) | set(extras) | folders)
    try:
        with partial.open("wb") as raw, \
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime) as gz, \
                tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            add_member(tar, top, onedir, mtime)
            for name in members:
                if name in entries:
                    source = entries[name]
                elif name in extras:
                    source = extras[name]
                else:
                    source = onedir  # a folder that exists only for the extras
                # install.sh and uninstall.sh are executable whatever the checkout's modes.
                add_member(tar, f"{top}/{name}", source, mtime,
                           executable=name.endswith(".sh"))
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BuildError(f"cannot write {out.name}: {error}") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out)
    return out


# --- Windows -----------------------------------------------------------------------------

def find_iscc(given: str | None) -> Path:
    candidates = [given, os.environ.get("ISCC"), shutil.which("iscc"), shutil.which("ISCC.exe")]
    for env in ("ProgramFiles", "ProgramFiles(x86)"):
        base = os.environ.get(env)
        if base:
            candidates += [str(Path(base) / f"Inno Setup {major}" / "ISCC.exe")
                           for major in (7, 6)]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise BuildError("Inno Setup's compiler (iscc) was not found: install Inno Setup 6.3 or "
                     "newer (e.g. 'choco install innosetup'), or pass --iscc or set ISCC")


def build_windows(dist: Path, iscc: str | None, chinese_isl: str | None) -> Path:
    onedir = dist / ONEDIR
    exe = onedir / "evidence-logger.exe"
    if not exe.is_file():
        raise BuildError(f"no frozen build at {exe}: run 'python dev.py package' first")
    compiler = find_iscc(iscc)
    script = PACKAGING / "windows" / "evidence-logger.iss"
    icon = PACKAGING / "icons" / "evidence-logger.ico"
    command = [str(compiler), "/Qp", f"/DAppVersion={__version__}",
               f"/DAppSourceDir={onedir.resolve()}", f"/DOutputDir={dist.resolve()}",
               f"/DIconFile={icon.resolve()}"]
    chinese_isl = chinese_isl or os.environ.get("INNO_CHINESE_ISL")
    if chinese_isl:
        if not Path(chinese_isl).is_file():
            raise BuildError(f"no such file: {chinese_isl}")
        command.append(f"/DChineseIsl={Path(chinese_isl).resolve()}")
    command.append(str(script))
    result = subprocess.run(command)
    out = dist / f"evidence-logger-{__version__}-windows-x64-setup.exe"
    if result.returncode != 0 or not out.is_file():
        raise BuildError(f"iscc failed (exit code {result.returncode})")
    return out


# --- macOS -------------------------------------------------------------------------------

def build_macos(dist: Path) -> Path:
    app = dist / MAC_APP
    if not (app / "Contents" / "MacOS").is_dir():
        raise BuildError(f"no app bundle at {app}: run 'python3 dev.py package' first")
    hdiutil = shutil.which("hdiutil")
    if hdiutil is None:
        raise BuildError("hdiutil was not found: a .dmg can only be made on macOS")
    arch = platform.machine().lower() or "unknown"
    out = dist / f"evidence-logger-{__version__}-macos-{arch}.dmg"
    with tempfile.TemporaryDirectory(prefix="evidence-logger-dmg-") as temp:
        staging = Path(temp) / "Evidence Logger"
        staging.mkdir()
        ditto = shutil.which("ditto")  # keeps links, extended attributes and signatures
        if ditto:
            subprocess.run([ditto, str(app), str(staging / MAC_APP)], check=True)
        else:
            shutil.copytree(app, staging / MAC_APP, symlinks=True)
        (staging / "Applications").symlink_to("/Applications")
        command = [hdiutil, "create", "-volname", "Evidence Logger", "-srcfolder",
                   str(staging), "-ov", "-format", "UDZO", str(out)]
        for attempt in range(3):  # hdiutil fails now and then with "Resource busy" on CI
            result = subprocess.run(command)
            if result.returncode == 0:
                break
            time.sleep(5 * (attempt + 1))
    if result.returncode != 0 or not out.is_file():
        raise BuildError(f"hdiutil failed (exit code {result.returncode})")
    return out


# -----------------------------------------------------------------------------------------

def this_system() -> str:
    return {"Linux": "linux", "Windows": "windows", "Darwin": "macos"}.get(platform.system(), "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the installer for this system from the frozen build in dist/.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the frozen build is and the installer goes (default: dist/)")
    parser.add_argument("--iscc", help="Windows: path to Inno Setup's ISCC.exe")
    parser.add_argument("--chinese-isl",
                        help="Windows, Inno Setup 6: path to ChineseSimplified.isl")
    parser.add_argument("--system", choices=("linux", "windows", "macos"), default=this_system(),
                        help="build for this system instead (for testing)")
    args = parser.parse_args(argv)
    dist: Path = args.dist
    try:
        if args.system == "linux":
            out = build_linux(dist)
        elif args.system == "windows":
            out = build_windows(dist, args.iscc, args.chinese_isl)
        elif args.system == "macos":
            out = build_macos(dist)
        else:
            raise BuildError(f"no installer for {platform.system()}")
    except BuildError as error:
        print(f"build_installer: {error}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
