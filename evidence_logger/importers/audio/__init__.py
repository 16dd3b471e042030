"""Call recordings: what an audio file says about itself, read without decoding the sound.

:func:`audio_format` names a format from a file's first bytes, by content only.
:func:`probe_audio` checks with cheap structural tests that a recording is whole (headers and
the tail; AMR, whose frames are tiny, is read once with strided slicing) and reads its duration,
codec, sample rate and channels: mutagen for MP3, MP4/3GP and Ogg, the small parsers of this
package for AMR, WAV, FLAC and ADTS AAC, and the bundled ffmpeg (``-i`` alone, which reads
headers and decodes nothing) when those cannot tell. The original is opened read-only and never
changed.

Files are read with plain ``read()`` calls, not mmap: a file on a phone or a USB stick that goes
away during the import must raise ``OSError``, not kill the process with SIGBUS.

One module per job: :mod:`.sniff` (the format from the first bytes), :mod:`.probe`
(:func:`probe_audio`: checks and facts, turned into :class:`SkipFile` reasons), :mod:`.source`
(reading the original, and the structural faults the parsers raise), :mod:`.tail` (trailing
tags and frame chains at the end of a file), one parser per container family (:mod:`.mpeg` for
MP3 and ADTS AAC, :mod:`.mp4`, :mod:`.amr`, :mod:`.wav`, :mod:`.flac`, :mod:`.ogg`) and
:mod:`.ffmpeg`, the last resort.
"""

from __future__ import annotations

from evidence_logger.importers.audio.ffmpeg import FFMPEG_TIMEOUT_S, ffmpeg_probe
from evidence_logger.importers.audio.probe import probe_audio
from evidence_logger.importers.audio.sniff import audio_format

__all__ = ["FFMPEG_TIMEOUT_S", "audio_format", "ffmpeg_probe", "probe_audio"]
