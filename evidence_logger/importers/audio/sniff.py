"""Which audio format a file is, from its first bytes: by content only, never by name."""

from __future__ import annotations

from evidence_logger.importers.audio.mpeg import _adts, _mpeg

_AMR_NB_MAGIC, _AMR_WB_MAGIC = b"#!AMR\n", b"#!AMR-WB\n"
_MP4_AUDIO_BRANDS = {
    b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B ", b"mp41", b"mp42", b"mp71", b"isom", b"iso2",
    b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"MSNV", b"dash",
}
_IMAGE_BRANDS = {
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis",
    b"MA1A", b"MA1B", b"miaf", b"jp2 ", b"jpx ", b"crx ",
}


def audio_format(head: bytes) -> str | None:
    """Name the audio format of a file from its first bytes (64 are enough), or None.

    Ids: ``mp3``, ``m4a``, ``3gp``, ``amr-nb``, ``amr-wb``, ``ogg-opus``, ``ogg-vorbis``, ``ogg``
    (another codec in Ogg), ``wav``, ``flac``, ``aac`` (ADTS). By content only, never by name.
    """
    head = bytes(head[:64])
    if head.startswith(_AMR_NB_MAGIC):
        return "amr-nb"
    if head.startswith(_AMR_WB_MAGIC):
        return "amr-wb"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] in (b"RIFF", b"RF64", b"BW64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:5] == b"OggS\x00" and len(head) >= 27:
        return _ogg_kind(head)
    if head[4:8] == b"ftyp":
        return _ftyp_kind(head)
    if _id3_size(head) is not None:
        return "mp3"
    if _adts(head, 0) is not None:
        return "aac"
    if _mpeg(head, 0) is not None:
        return "mp3"
    return None


def _ogg_kind(head: bytes) -> str:
    """Tell Opus and Vorbis apart by the first packet of the first Ogg page."""
    packet = head[27 + head[26]:]
    if packet.startswith(b"OpusHead"):
        return "ogg-opus"
    if packet.startswith(b"\x01vorbis"):
        return "ogg-vorbis"
    return "ogg"


def _ftyp_kind(head: bytes) -> str | None:
    """``3gp`` or ``m4a`` from an ISO BMFF ftyp box; None for HEIF/AVIF images and video."""
    box_end = min(int.from_bytes(head[:4], "big"), len(head))
    major = head[8:12]
    compatible = {head[i:i + 4] for i in range(16, box_end - 3, 4)}
    if major[:2] == b"3g":
        return "3gp"
    if major in _IMAGE_BRANDS:
        return None
    if major in _MP4_AUDIO_BRANDS:
        return "m4a"
    if any(brand[:2] == b"3g" for brand in compatible):
        return "3gp"
    if compatible & _MP4_AUDIO_BRANDS and not compatible & _IMAGE_BRANDS:
        return "m4a"
    return None


def _id3_size(head: bytes) -> int | None:
    """Total size of an ID3v2 tag at the start of ``head``, or None if there is none."""
    if len(head) < 10 or head[:3] != b"ID3" or head[3] not in (2, 3, 4) or head[4] == 0xFF:
        return None
    if any(b & 0x80 for b in head[6:10]):
        return None
    size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    return 10 + size + (10 if head[3] == 4 and head[5] & 0x10 else 0)
