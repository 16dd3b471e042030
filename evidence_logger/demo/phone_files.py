"""The sample's phone files, laid out as they come off the two phones.

::

    borrower-phone/                        李明's Xiaomi
      MIUI/sound_recorder/call_rec/*.mp3   call recordings, MIUI names
      Pictures/Screenshots/*.png|jpg       message threads (EXIF or name times), a WeChat chat,
                                           the call list
      SMSBackupRestore/calls-*.xml, sms-*.xml
    mother-phone/                          王秀兰's Huawei
      Sounds/CallRecord/*.m4a|amr          call recordings, Huawei names
      HiSuite/通话记录.csv                  call log exported by a PC suite
      SMSBackupRestore/sms-*.xml

Every file is the same, byte for byte, each time (seeded sound, bit-exact encoding, fixed
times); modification times are set to when the phone would have written each file.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from evidence_logger.demo import scenario as s
from evidence_logger.demo.audio import write_recording
from evidence_logger.demo.exports import epoch_ms, write_csv_calls, write_sbr_calls, write_sbr_sms
from evidence_logger.demo.screens_sample import write_call_list, write_wechat
from evidence_logger.demo.screenshots import write_screenshot
from evidence_logger.tasks import drive

log = logging.getLogger(__name__)

BORROWER_FOLDER, MOTHER_FOLDER = "borrower-phone", "mother-phone"
EXPORTED_AT = s.at(18, 21, 15, 0)  # when both phones were backed up
ANSWER_DELAY = timedelta(seconds=6)  # a recording starts when the call is answered
RECORDING_SECONDS = 4.0


@dataclass(slots=True)
class PhoneFiles:
    """Where the sample's files were written."""

    borrower: Path
    mother: Path
    files: list[Path] = field(default_factory=list)


def recording_name(call: s.Call) -> str:
    """The name the phone gives its recording of ``call``."""
    start = call.at + ANSWER_DELAY
    stamp = start.strftime("%Y%m%d%H%M%S")
    if call.recording == "miui":  # newer MIUI builds drop the "通话录音@" prefix
        return f"{call.contact or call.number}({call.number})_{stamp}.mp3"
    extension = "amr" if call.recording == "huawei-amr" else "m4a"  # EMUI 9 and before: amr
    return f"{call.contact + '@' if call.contact else ''}{call.number}_{stamp}.{extension}"


def _touch(path: Path, when: datetime) -> Path:
    seconds = epoch_ms(when) / 1000
    os.utime(path, (seconds, seconds))
    return path


def _recordings(folder: Path, calls: list[s.Call]) -> Generator[Path, None, None]:
    folder.mkdir(parents=True, exist_ok=True)
    for call in calls:
        if call.recording:
            name = recording_name(call)
            fmt = name.rsplit(".", 1)[1]
            path = write_recording(folder / name, fmt, RECORDING_SECONDS,
                                   seed=zlib.crc32(name.encode("utf-8")))
            yield _touch(path, call.at + timedelta(seconds=call.duration))


def iter_phone_files(folder: Path) -> Generator[Path, None, PhoneFiles]:
    """Write both phones' files under ``folder``, yielding each file written."""
    me, mum = folder / BORROWER_FOLDER, folder / MOTHER_FOLDER
    written = PhoneFiles(me, mum)
    stamp = EXPORTED_AT.strftime("%Y%m%d%H%M%S")

    def done(path: Path, when: datetime | None = None) -> Path:
        if when is not None:
            _touch(path, when)
        written.files.append(path)
        return path

    for path in _recordings(me / "MIUI/sound_recorder/call_rec", s.BORROWER_CALLS):
        yield done(path)
    shots = me / "Pictures/Screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for shot in s.SCREENSHOTS:
        yield done(write_screenshot(shots, shot, s.BORROWER_MESSAGES), shot.at)
    yield done(write_wechat(shots), s.WECHAT_SHOT_AT)
    yield done(write_call_list(shots), s.CALL_LIST_SHOT_AT)
    backup = me / "SMSBackupRestore"
    backup.mkdir(exist_ok=True)
    yield done(write_sbr_calls(backup / f"calls-{stamp}.xml", s.BORROWER_CALLS, EXPORTED_AT),
               EXPORTED_AT)
    yield done(write_sbr_sms(backup / f"sms-{stamp}.xml", s.BORROWER_MESSAGES, EXPORTED_AT),
               EXPORTED_AT)

    for path in _recordings(mum / "Sounds/CallRecord", s.MOTHER_CALLS):
        yield done(path)
    suite = mum / "HiSuite"
    suite.mkdir(parents=True, exist_ok=True)
    yield done(write_csv_calls(suite / "通话记录.csv", s.MOTHER_CALLS), EXPORTED_AT)
    backup = mum / "SMSBackupRestore"
    backup.mkdir(exist_ok=True)
    yield done(write_sbr_sms(backup / f"sms-{stamp}.xml", s.MOTHER_MESSAGES, EXPORTED_AT),
               EXPORTED_AT)
    log.info("wrote %d sample phone files under %s", len(written.files), folder)
    return written


def count_phone_files() -> int:
    """How many files :func:`iter_phone_files` writes (for progress bars)."""
    recordings = sum(1 for c in (*s.BORROWER_CALLS, *s.MOTHER_CALLS) if c.recording)
    return recordings + len(s.SCREENSHOTS) + 2 + 2 + 2


def write_phone_files(folder: Path) -> PhoneFiles:
    """Write the sample's phone files (both phones) under ``folder``, which is made if needed."""
    folder.mkdir(parents=True, exist_ok=True)
    return drive(iter_phone_files(folder))
