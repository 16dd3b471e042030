"""Ogg: the last page must end the file; mutagen reads the stream facts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mutagen.ogg import OggFileType
from mutagen.oggflac import OggFLAC
from mutagen.oggopus import OggOpus
from mutagen.oggspeex import OggSpeex
from mutagen.oggvorbis import OggVorbis

from evidence_logger.importers.audio.source import _Cut, _Source
from evidence_logger.importers.audio.tail import _PARTIAL, _chain_verdict

log = logging.getLogger(__name__)

_OGG_CLASSES: dict[str, tuple[type[OggFileType], ...]] = {
    "ogg-opus": (OggOpus,), "ogg-vorbis": (OggVorbis,), "ogg": (OggSpeex, OggFLAC),
}
_OGG_CODECS = {OggOpus: "opus", OggVorbis: "vorbis", OggSpeex: "speex", OggFLAC: "flac"}


def _ogg_page_len(buf: bytes, p: int) -> int | None:
    rest = len(buf) - p
    if rest < 27:
        return _PARTIAL if b"OggS\x00".startswith(buf[p:p + 5]) else None
    if buf[p:p + 5] != b"OggS\x00":
        return None
    segments = buf[p + 26]
    if rest < 27 + segments:
        return _PARTIAL
    return 27 + segments + sum(buf[p + 27:p + 27 + segments])


def _probe_ogg(path: Path, src: _Source, fmt: str) -> dict[str, Any]:
    window = min(src.size, 3 * 65307)  # a page is at most 65,307 bytes
    if _chain_verdict(src.read(src.size - window, window), b"OggS", _ogg_page_len) == "cut":
        raise _Cut("last Ogg page incomplete")
    for cls in _OGG_CLASSES[fmt]:
        try:
            info = cls(path).info
        except Exception as e:
            log.info("mutagen cannot read %s as %s: %r", path, cls.__name__, e)
            continue
        if info is None:
            continue
        rate = 48000 if cls is OggOpus else getattr(info, "sample_rate", None)
        return {"duration": info.length, "codec": _OGG_CODECS[cls], "sample_rate": rate,
                "channels": getattr(info, "channels", None),
                "bitrate": getattr(info, "bitrate", None) or None}
    return {}
