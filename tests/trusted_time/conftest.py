"""A local time-stamp authority per test, and the settings that point at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_logger.trusted_time import settings
from tests.trusted_time.local_tsa import LocalTsa, openssl_present

needs_openssl = pytest.mark.skipif(not openssl_present(), reason="needs the openssl command")


@pytest.fixture
def tsa(tmp_path: Path) -> Iterator[LocalTsa]:
    if not openssl_present():
        pytest.skip("needs the openssl command")
    with LocalTsa(tmp_path / "tsa") as server:
        yield server


def use(server: LocalTsa, *, root: Path | None = None) -> None:
    """Turn trusted time on with ``server`` and the CA certificate ``root`` (its own)."""
    settings.save(settings.TrustedTimeSettings(
        enabled=True, tsa=server.url,
        ca_pem=settings.check_ca((root or server.root).read_bytes())))


@pytest.fixture
def tsa_on(tsa: LocalTsa) -> LocalTsa:
    use(tsa)
    return tsa
