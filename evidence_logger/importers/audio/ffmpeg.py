"""ffmpeg: headers only, as the last resort.

``ffmpeg -i`` with no output reads a file's headers and decodes nothing; pydub cannot do this
without ffprobe, which is not bundled, so it is run by hand here."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path
from typing import Any

from evidence_logger.audio_tools import ffmpeg_exe, no_window

log = logging.getLogger(__name__)

FFMPEG_TIMEOUT_S = 30
_FF_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_FF_AUDIO = re.compile(r"Stream #\S+: Audio: (\w+)[^\n]*?, (\d+) Hz, ([^,\n]+)")
_FF_CHANNELS = {"mono": 1, "stereo": 2}


def ffmpeg_probe(path: Path) -> dict[str, Any] | None:
    """What ``ffmpeg -i`` says about ``path`` (it reads headers, decodes nothing).

    None if ffmpeg could not be run; ``{}`` if it finds no audio stream; else ``codec``,
    ``sample_rate``, ``channels`` and ``duration`` when ffmpeg states them.
    """
    try:
        exe = ffmpeg_exe()
        done = subprocess.run(
            [exe, "-hide_banner", "-nostdin", "-i", "file:" + str(path.absolute())],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=FFMPEG_TIMEOUT_S,
            creationflags=no_window())
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        log.warning("ffmpeg could not probe %s: %r", path, e)
        return None
    text = done.stderr.decode("utf-8", "replace")
    audio = _FF_AUDIO.search(text)
    if audio is None:
        log.info("ffmpeg finds no audio in %s: %s", path, text[-500:])
        return {}
    layout = audio[3].strip()
    found: dict[str, Any] = {"codec": audio[1], "sample_rate": int(audio[2])}
    channels = _FF_CHANNELS.get(layout) or (int(m[1]) if (m := re.match(r"(\d+) ch", layout))
                                            else None)
    if channels:
        found["channels"] = channels
    if duration := _FF_DURATION.search(text):
        found["duration"] = (int(duration[1]) * 3600 + int(duration[2]) * 60
                             + float(duration[3]))
    return found
