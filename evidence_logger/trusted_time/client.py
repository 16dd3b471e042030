"""Asking a time-stamp authority for a token (RFC 3161 over HTTP), and checking the answer.

The only code of the app that opens a connection for timestamps, and only when the settings
are on (:attr:`TrustedTimeSettings.active`). The request (SHA-256 imprint, a nonce, the TSA's
certificate asked for) is built by ``rfc3161-client``; the answer must be a granted token over
exactly our data, with our nonce, signed by a certificate chaining to the CA the user gave.
Every failure is a :class:`StampError` whose sentence says what happened.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    TimestampRequestBuilder,
    VerifierBuilder,
    decode_timestamp_response,
)

from evidence_logger.errors import UserFacingError
from evidence_logger.trusted_time import tokens
from evidence_logger.trusted_time.settings import TrustedTimeSettings

log = logging.getLogger(__name__)

TIMEOUT_S = 15.0
MAX_ANSWER = 1 << 20  # a token with its certificates is a few KiB


class StampError(UserFacingError):
    """No token was obtained; the message says why and that nothing was lost."""


class NotConfigured(StampError):
    """Trusted time is off, or no TSA is set."""


@dataclass(slots=True)
class Stamp:
    """A token that was checked on receipt."""

    token: bytes  # the DER TimeStampResp
    chain_pem: str  # the TSA's certificates: those in the token and the CA the user gave
    message_sha256: str
    check: tokens.TokenCheck
    tsa_url: str


def request_token(message: bytes, settings: TrustedTimeSettings, *,
                  timeout: float = TIMEOUT_S) -> Stamp:
    """A checked token for ``message`` from the settings' TSA, or :class:`StampError`."""
    if not settings.active:
        raise NotConfigured("Trusted timestamps are off: set a time-stamp authority first "
                            "(evidence-logger timestamps set --tsa URL).")
    request = (TimestampRequestBuilder().data(message).hash_algorithm(HashAlgorithm.SHA256)
               .cert_request(cert_request=True).build())
    answer = _post(settings.tsa, request.as_bytes(), timeout, settings.tsa_name)
    try:
        ca = x509.load_pem_x509_certificates(settings.ca_pem.encode("ascii")) \
            if settings.ca_pem else []
    except ValueError:
        ca = []
    try:
        response = decode_timestamp_response(answer)
        chain = tokens.pem_of(tokens.certificates_of(response) + ca)
    except ValueError:
        chain = ""
    result = tokens.check(answer, message, chain,
                          verifier=VerifierBuilder.from_request(request))
    name = settings.tsa_name
    if result.problem == "unreadable":
        raise StampError("{tsa} answered with something that is not a timestamp token.",
                         tsa=name)
    if result.problem == "refused":
        raise StampError("{tsa} refused to stamp ({reason}).", tsa=name, reason=result.reason)
    if result.problem == "other-data":
        raise StampError("{tsa} answered with a token for other data than what was sent; it "
                         "was not kept.", tsa=name)
    if not ca:
        raise StampError("The answer of {tsa} cannot be checked: no CA certificate of the "
                         "authority is set (evidence-logger timestamps set --tsa URL --ca-file "
                         "ROOT.pem).", tsa=name)
    if not result.ok:
        raise StampError("The token of {tsa} does not check out against the CA certificate "
                         "that is set ({reason}); it was not kept.", tsa=name,
                         reason=result.reason)
    return Stamp(answer, chain, hashlib.sha256(message).hexdigest(), result, settings.tsa)


def _post(url: str, body: bytes, timeout: float, name: str) -> bytes:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data: bytes = answer.read(MAX_ANSWER + 1)
    except urllib.error.HTTPError as error:
        error.close()
        raise StampError("{tsa} refused the request (HTTP {status}).", tsa=name,
                         status=error.code) from error
    except TimeoutError as error:
        raise StampError("{tsa} did not answer within {seconds} seconds.", tsa=name,
                         seconds=int(timeout)) from error
    except (http.client.HTTPException, ValueError) as error:  # cut short, or no HTTP at all
        log.info("TSA answer unusable: %r", error)
        raise StampError("{tsa} answered with something that is not a timestamp token.",
                         tsa=name) from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError | socket.timeout):
            raise StampError("{tsa} did not answer within {seconds} seconds.", tsa=name,
                             seconds=int(timeout)) from error
        raise StampError("{tsa} cannot be reached ({reason}): no network, or the address is "
                         "wrong.", tsa=name, reason=str(reason)) from error
    if len(data) > MAX_ANSWER:
        raise StampError("{tsa} answered with something that is not a timestamp token.",
                         tsa=name)
    return data
