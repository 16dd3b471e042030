"""What checking a bundle can find: each problem has a kind, a path and a sentence.

The sentence is an English template with ``{name}`` fields that :func:`evidence_logger.i18n.tr`
translates (the ``SkipFile`` convention); ``params`` fill it, and always include ``path``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidence_logger.errors import UserFacingError

# The bag is checkable, but something in it differs from what was signed.
ALTERED_KINDS = frozenset({
    "modified",  # a payload file's SHA-256 differs from manifest-sha256.txt
    "missing",  # listed in a manifest, not in the zip
    "unexpected",  # in the zip, listed in no manifest
    "manifest-mismatch",  # a tag file or manifest differs from tagmanifest-sha256.txt
    "signature-mismatch",  # the Ed25519 signature does not cover tagmanifest-sha256.txt
    "fingerprint-mismatch",  # the key is not the one bag-info.txt (or the caller) names
    "unsigned",  # no signature (or nothing it could be checked with)
    "oxum-mismatch",  # Payload-Oxum differs from the payload's bytes and file count
    "root-mismatch",  # Evidence-Root-SHA256 is not the one the payload manifest gives
    "timestamp-mismatch",  # an RFC 3161 token does not match its data or its chain
    "damaged",  # a payload file whose bytes in the zip cannot be read (bad data, cut short)
    "truncated",  # the zip was cut short: what arrived whole is checked, the rest is missing
})
# The file cannot be checked as a bundle at all (nothing in it was trusted or extracted).
INVALID_KINDS = frozenset({
    "not-a-zip", "not-a-bag", "unsafe-name", "link", "duplicate-name", "zip-bomb", "encrypted",
    "unreadable",
})
KINDS = ALTERED_KINDS | INVALID_KINDS


@dataclass(slots=True)
class Problem:
    """One thing wrong with a bundle: ``path`` inside the zip ("" for the zip as a whole)."""

    path: str
    problem: str  # one of KINDS
    message_template: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        """The sentence, in ``lang`` (default: the current language)."""
        from evidence_logger.i18n import tr

        return tr(self.message_template, lang, **self.params)

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "problem": self.problem}


def flag(message: str, kind: str, path: str = "", **params: Any) -> Problem:
    """A :class:`Problem` of ``kind`` at ``path``; ``message`` may use ``{path}``."""
    if kind not in KINDS:
        raise ValueError(f"unknown problem kind {kind!r}")
    params.setdefault("path", path)
    return Problem(path=path, problem=kind, message_template=message, params=params)


class BundleInvalid(UserFacingError):
    """The bundle cannot be checked further; carries the :class:`Problem` that says why."""

    def __init__(self, template: str, /, kind: str, path: str = "", **params: Any) -> None:
        self.problem = flag(template, kind, path, **params)
        super().__init__(template, **self.problem.params)
