"""Checking a kept RFC 3161 token offline, with ``rfc3161-client``.

A token is kept as the TSA's whole answer (a DER ``TimeStampResp``, the form ``openssl ts
-verify -in`` reads) together with a PEM file of the TSA's certificate chain. :func:`check`
says whether the token is a granted answer, signed by a certificate that chains to a
self-signed root of that file and was valid at the token's time, whose message imprint is the
SHA-256 (or -384/-512) of ``message``.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from rfc3161_client import (
    PKIStatus,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

log = logging.getLogger(__name__)

IMPRINT_HASHES = {"2.16.840.1.101.3.4.2.1": hashlib.sha256, "2.16.840.1.101.3.4.2.2":
                  hashlib.sha384, "2.16.840.1.101.3.4.2.3": hashlib.sha512}


@dataclass(slots=True)
class TokenCheck:
    """``ok``, else ``problem`` (``unreadable``, ``refused``, ``other-data``, ``untrusted``)
    with ``reason`` (the library's words, for the log and the details)."""

    ok: bool
    time: datetime | None = None  # the TSA's genTime, UTC
    tsa: str = ""  # the signing certificate's common name
    problem: str = ""
    reason: str = ""

    @property
    def iso_time(self) -> str:
        return self.time.astimezone(UTC).isoformat().replace("+00:00", "Z") if self.time else ""


def certificates_of(response: TimeStampResponse) -> list[x509.Certificate]:
    return [x509.load_der_x509_certificate(der) for der in response.signed_data.certificates]


def pem_of(certificates: list[x509.Certificate]) -> str:
    seen: list[bytes] = []
    for certificate in certificates:
        pem = certificate.public_bytes(Encoding.PEM)
        if pem not in seen:
            seen.append(pem)
    return b"".join(seen).decode("ascii")


def _signer_name(response: TimeStampResponse) -> str:
    signers = list(response.signed_data.signer_infos)
    for certificate in certificates_of(response):
        if signers and certificate.serial_number == signers[0].serial_number:
            names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            return str(names[0].value) if names else certificate.subject.rfc4514_string()
    return ""


def check(token: bytes, message: bytes, chain_pem: str, *,
          verifier: VerifierBuilder | None = None) -> TokenCheck:
    """Check ``token`` (a DER TimeStampResp) over ``message`` against the roots in
    ``chain_pem``; ``verifier``: a builder already holding a request's nonce and policy."""
    try:
        response = decode_timestamp_response(token)
        if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
            return TokenCheck(False, problem="refused", reason="; ".join(
                response.status_string) or str(response.status))
        info = response.tst_info
        tsa = _signer_name(response)
    except ValueError as error:  # not DER, or not a TimeStampResp (the parser's words)
        return TokenCheck(False, problem="unreadable", reason=str(error))
    time = info.gen_time.replace(tzinfo=info.gen_time.tzinfo or UTC)
    imprint = info.message_imprint
    digest = IMPRINT_HASHES.get(imprint.hash_algorithm.dotted_string)
    if digest is None or digest(message).digest() != imprint.message:
        return TokenCheck(False, time, tsa, "other-data",
                          f"imprint {imprint.message.hex()} is not of this data")
    try:
        chain = x509.load_pem_x509_certificates(chain_pem.encode("utf-8")) if chain_pem else []
    except ValueError as error:
        return TokenCheck(False, time, tsa, "untrusted", f"chain unreadable: {error}")
    roots = [c for c in chain if c.subject == c.issuer]
    if not roots:
        return TokenCheck(False, time, tsa, "untrusted", "no root certificate in the chain")
    try:
        builder = verifier or VerifierBuilder()
        for certificate in chain:
            builder = (builder.add_root_certificate(certificate) if certificate in roots
                       else builder.add_intermediate_certificate(certificate))
        for certificate in certificates_of(response):
            if certificate not in chain and certificate.subject != certificate.issuer:
                builder = builder.add_intermediate_certificate(certificate)
        builder.build().verify_message(response, message)
    except (VerificationError, ValueError) as error:
        log.info("timestamp token refused: %s", error)
        return TokenCheck(False, time, tsa, "untrusted", str(error))
    return TokenCheck(True, time, tsa)
