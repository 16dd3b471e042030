"""With trusted time off (the default) nothing leaves the machine: import, export, verify,
status and retry open no connection, even with an authority's address kept in the settings."""

from __future__ import annotations

import socket

import pytest

from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.exporting import run_export
from evidence_logger.importing import run
from evidence_logger.tasks import drive
from evidence_logger.trusted_time import settings, store
from tests.fixtures.cases import build_dump


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize("kept", [None, "https://freetsa.org/tsr"])
def test_off_opens_no_connection(case, tmp_path, no_network, kept):
    if kept:  # turned on once, then off: the address stays, no request goes out
        settings.save(settings.TrustedTimeSettings(enabled=False, tsa=kept))
    assert not settings.load().active
    dump = build_dump(tmp_path / "dump")
    report = run(case, [dump["calls"], dump["shot"]])
    assert report.imported and report.timestamp is None
    assert drive(store.stamp_waiting(case)) is None
    result = run_export(case, tmp_path / "b.zip")
    assert result.timestamp is not None and not result.timestamp.files
    assert result.timestamp.problem is None
    verdict = verify_bundle(tmp_path / "b.zip")
    assert verdict.ok and verdict.to_json()["timestamps"] == []
    assert len(store.status(case).waiting) == len(report.imported)
