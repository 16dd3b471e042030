"""The app-wide trusted-time settings: whether to ask a TSA at all, which, and its CA.

One JSON file in the data folder (:func:`evidence_logger.paths.trusted_time_settings_file`),
shared by the command line and the window, not per case: ``{"enabled": bool, "tsa": URL,
"ca_pem": PEM text}``. Missing or unreadable means off. ``ca_pem`` holds the certificates the
user gave for the TSA (its root, and intermediates if any): a token is accepted only when it
chains to one of them.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from urllib.parse import urlparse

from cryptography import x509

from evidence_logger.errors import UserFacingError
from evidence_logger.paths import trusted_time_settings_file
from evidence_logger.trusted_time.authorities import find

log = logging.getLogger(__name__)


class SettingsError(UserFacingError):
    """A TSA setting the app cannot use; the message says which and why."""


@dataclass(slots=True)
class TrustedTimeSettings:
    enabled: bool = False
    tsa: str = ""  # the URL requests go to
    ca_pem: str = ""

    @property
    def active(self) -> bool:
        """On, with somewhere to ask: only then may the app open a connection."""
        return self.enabled and bool(self.tsa)

    @property
    def tsa_name(self) -> str:
        authority = find(self.tsa)
        return authority.name if authority else (urlparse(self.tsa).hostname or self.tsa)


def load() -> TrustedTimeSettings:
    path = trusted_time_settings_file()
    try:
        data = json.loads(path.read_text("utf-8"))
        return TrustedTimeSettings(enabled=bool(data.get("enabled")), tsa=str(data.get("tsa", "")),
                                   ca_pem=str(data.get("ca_pem", "")))
    except FileNotFoundError:
        return TrustedTimeSettings()
    except (OSError, ValueError, AttributeError):
        log.warning("trusted-time settings %s unreadable; timestamps are off", path,
                    exc_info=True)
        return TrustedTimeSettings()


def save(settings: TrustedTimeSettings) -> None:
    path = trusted_time_settings_file()
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(asdict(settings), indent=1), "utf-8")
    os.replace(part, path)


def check_url(url: str) -> str:
    """The URL of a TSA (an authority's id gives its URL), or :class:`SettingsError`."""
    authority = find(url)
    if authority is not None:
        if authority.url is None:
            raise SettingsError("{name} gives its address with the account: enter the URL it "
                                "gave you.", name=authority.name)
        return authority.url
    parsed = urlparse(url)
    try:
        parsed.port  # noqa: B018 (a port that is no number raises here)
    except ValueError:
        parsed = urlparse("")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise SettingsError("{url} is not the address of a time-stamp authority (it must start "
                            "with http:// or https://).", url=url)
    return url


def check_ca(pem: bytes) -> str:
    """The certificates of a PEM file as text, or :class:`SettingsError`."""
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError:
        certificates = []
    if not certificates:
        raise SettingsError("The file holds no certificate in PEM form (-----BEGIN CERTIFICATE"
                            "-----). Give the authority's root certificate as a .pem or .crt "
                            "file.")
    from cryptography.hazmat.primitives.serialization import Encoding

    return "".join(c.public_bytes(Encoding.PEM).decode("ascii") for c in certificates)
