"""Reading a bag's tag files (RFC 8493) and checking its Ed25519 signature.

Everything here works on bytes already read from the zip; nothing touches the disk.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from evidence_logger.bundle.problems import Problem, flag
from evidence_logger.i18n import N_

BAGIT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = "tagmanifest-sha256.txt.sig"
PUBLIC_KEY = "signing-key.pub"
FINGERPRINT_LABEL = "Signing-Key-Fingerprint"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ENTRY = re.compile(r"([^ \t]+)[ \t]+(.+)")
_ESCAPE = re.compile(r"%(0[AaDd]|25)")
_SIGNATURE = re.compile(rb"([A-Za-z0-9+/]{86}==)(\r?\n)?")
_OXUM = re.compile(r"\s*(\d+)\.(\d+)\s*")


def lines(data: bytes) -> list[str]:
    """The non-empty lines of a UTF-8 tag file (LF, CR or CRLF line ends)."""
    return [line for line in _LINE_BREAK.split(data.decode("utf-8", "replace")) if line]


def declaration_problem(data: bytes) -> str | None:
    """Why bagit.txt is not a BagIt 1.0 declaration (a marked phrase), or None."""
    fields = dict(_label_value(line) for line in lines(data))
    if not re.fullmatch(r"[01]\.\d+", fields.get("BagIt-Version", "")):
        return N_("it does not give a BagIt version")
    if fields.get("Tag-File-Character-Encoding", "").upper() != "UTF-8":
        return N_("its tag files are not declared as UTF-8")
    return None


def _label_value(line: str) -> tuple[str, str]:
    label, _, value = line.partition(":")
    return label.strip(), value.strip()


def parse_bag_info(data: bytes) -> dict[str, str | list[str]]:
    """bag-info.txt's labels and values; indented lines continue the value above; a label
    given more than once has a list of values."""
    pairs: list[list[str]] = []
    for line in lines(data):
        if line[0] in " \t" and pairs:
            pairs[-1][1] += " " + line.strip()
        elif ":" in line:
            pairs.append(list(_label_value(line)))
    info: dict[str, str | list[str]] = {}
    for label, value in pairs:
        if label not in info:
            info[label] = value
        else:
            before = info[label]
            info[label] = [*before, value] if isinstance(before, list) else [before, value]
    return info


def parse_manifest(data: bytes, name: str) -> tuple[dict[str, str], list[Problem]]:
    """A manifest's entries as {NFC path: lowercase SHA-256}, and the lines it cannot use."""
    entries: dict[str, str] = {}
    problems = []
    for number, line in enumerate(_LINE_BREAK.split(data.decode("utf-8", "replace")), 1):
        if not line:
            continue
        match = _ENTRY.fullmatch(line)
        if not match:
            problems.append(flag("Line {line} of {path} is not a SHA-256 and a file name.",
                                 "manifest-mismatch", name, line=number))
            continue
        digest, path = match[1].lower(), _ESCAPE.sub(_unescape, match[2])
        path = unicodedata.normalize("NFC", path)
        if path in entries:
            problems.append(flag("{path} lists {entry} more than once.", "manifest-mismatch",
                                 name, entry=path))
        entries[path] = digest
    return entries, problems


def _unescape(match: re.Match[str]) -> str:
    return {"0A": "\n", "0D": "\r", "25": "%"}[match[1].upper()]


def parse_oxum(value: object) -> tuple[int, int] | None:
    """Payload-Oxum's (bytes, files), or None when it is absent or not ``<bytes>.<files>``."""
    match = _OXUM.fullmatch(value) if isinstance(value, str) else None
    return (int(match[1]), int(match[2])) if match else None


def normal_fingerprint(text: str) -> str:
    """A fingerprint as lowercase hex, without the spaces, colons or dashes people add."""
    return re.sub(r"[\s:-]", "", text).lower()


def key_fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 (hex) of the raw 32-byte public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def load_key(pem: bytes) -> Ed25519PublicKey | None:
    """The Ed25519 public key in a PEM SubjectPublicKeyInfo, or None."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def load_signature(data: bytes) -> bytes | None:
    """The raw 64-byte signature from its file: canonical base64, at most one line end."""
    match = _SIGNATURE.fullmatch(data)
    if not match:
        return None
    try:
        raw = base64.b64decode(match[1], validate=True)
    except binascii.Error:
        return None
    # Unused low bits in the last character would let two texts give the same signature.
    return raw if len(raw) == 64 and base64.b64encode(raw) == match[1] else None


def check_signature(tags: dict[str, bytes], claimed: object, expected: str | None,
                    ) -> tuple[str | None, list[Problem]]:
    """The signing key's fingerprint (None without a usable key) and what is wrong.

    ``tags`` holds the contents of tagmanifest-sha256.txt, its .sig and signing-key.pub, when
    present; ``claimed`` is bag-info.txt's fingerprint; ``expected`` the caller's.
    """
    problems = []
    key = load_key(tags[PUBLIC_KEY]) if PUBLIC_KEY in tags else None
    fingerprint = key_fingerprint(key) if key is not None else None
    if SIGNATURE not in tags:
        problems.append(flag("The bag is not signed: there is no {path}.", "unsigned", SIGNATURE))
    elif PUBLIC_KEY not in tags:
        problems.append(flag("There is no {path}, so the signature cannot be checked.",
                             "unsigned", PUBLIC_KEY))
    elif key is None:
        problems.append(flag("{path} is not an Ed25519 public key in PEM form, so the signature "
                             "cannot be checked.", "signature-mismatch", PUBLIC_KEY))
    elif TAGMANIFEST not in tags:
        problems.append(flag("There is no {path}, so nothing in the bag is signed.", "unsigned",
                             TAGMANIFEST))
    elif (signature := load_signature(tags[SIGNATURE])) is None:
        problems.append(flag("{path} is not a base64 Ed25519 signature.", "signature-mismatch",
                             SIGNATURE))
    else:
        try:
            key.verify(signature, tags[TAGMANIFEST])
        except InvalidSignature:
            problems.append(flag("The signature does not match {path}: the tag files were "
                                 "changed after signing, or signed with another key.",
                                 "signature-mismatch", TAGMANIFEST))
    if fingerprint is None:
        return None, problems
    if not isinstance(claimed, str):
        problems.append(flag("{path} does not give the signing key's fingerprint.",
                             "fingerprint-mismatch", BAG_INFO))
    elif normal_fingerprint(claimed) != fingerprint:
        problems.append(flag("{path} names the key {claimed}, but the bag holds the key "
                             "{fingerprint}.", "fingerprint-mismatch", BAG_INFO,
                             claimed=claimed, fingerprint=fingerprint))
    if expected is not None and normal_fingerprint(expected) != fingerprint:
        problems.append(flag("The bag was signed with the key {fingerprint}, not with the "
                             "expected key {expected}.", "fingerprint-mismatch", PUBLIC_KEY,
                             fingerprint=fingerprint, expected=expected))
    return fingerprint, problems
