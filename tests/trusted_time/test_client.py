"""Asking a local TSA for tokens, and every way it can fail (tests/trusted_time/local_tsa.py)."""

from __future__ import annotations

import subprocess

import pytest

from evidence_logger.trusted_time import client, settings, tokens
from tests.trusted_time.conftest import use
from tests.trusted_time.local_tsa import LocalTsa

MESSAGE = b"0" * 64 + b"\n"


def test_a_good_token_checks_out_here_and_with_openssl(tsa_on, tmp_path):
    stamp = client.request_token(MESSAGE, settings.load())
    assert stamp.check.ok and stamp.check.tsa == "Test TSA" and stamp.check.time is not None
    assert tokens.check(stamp.token, MESSAGE, stamp.chain_pem).ok
    (tmp_path / "t.tsr").write_bytes(stamp.token)
    (tmp_path / "m.txt").write_bytes(MESSAGE)
    (tmp_path / "chain.pem").write_text(stamp.chain_pem)
    done = subprocess.run(["openssl", "ts", "-verify", "-in", tmp_path / "t.tsr", "-data",
                           tmp_path / "m.txt", "-CAfile", tmp_path / "chain.pem"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "Verification: OK" in done.stdout


def test_a_token_over_other_data_is_told_apart(tsa_on):
    stamp = client.request_token(MESSAGE, settings.load())
    result = tokens.check(stamp.token, MESSAGE + b"x", stamp.chain_pem)
    assert not result.ok and result.problem == "other-data"


@pytest.mark.parametrize(("mode", "words"), [
    ("refuse", r"refused the request \(HTTP 503\)"),
    ("reject", "refused to stamp"),
    ("garbage", "not a timestamp token"),
    ("wrong-data", "a token for other data"),
    ("cut", "not a timestamp token"),
])
def test_each_bad_answer_is_named(tsa_on, mode, words):
    tsa_on.mode = mode
    with pytest.raises(client.StampError, match=words):
        client.request_token(MESSAGE, settings.load())


def test_a_slow_authority_times_out(tsa_on):
    tsa_on.mode, tsa_on.delay = "slow", 3
    with pytest.raises(client.StampError, match="did not answer within 1 seconds"):
        client.request_token(MESSAGE, settings.load(), timeout=1)


def test_no_network_is_named(tsa_on):
    current = settings.load()
    current.tsa = "http://127.0.0.1:9/tsr"  # the discard port: nothing listens
    with pytest.raises(client.StampError, match="cannot be reached"):
        client.request_token(MESSAGE, current)


def test_a_token_of_another_authority_is_refused(tsa, tmp_path):
    with LocalTsa(tmp_path / "foreign", label="Foreign") as foreign:
        use(foreign, root=tsa.root)  # the user's CA is not the one that signed
        with pytest.raises(client.StampError, match="does not check out"):
            client.request_token(MESSAGE, settings.load())


def test_an_expired_certificate_is_refused(tmp_path):
    with LocalTsa(tmp_path / "old", expired=True) as old:
        use(old)
        with pytest.raises(client.StampError, match="does not check out"):
            client.request_token(MESSAGE, settings.load())


def test_without_a_ca_nothing_is_kept(tsa):
    settings.save(settings.TrustedTimeSettings(enabled=True, tsa=tsa.url))
    with pytest.raises(client.StampError, match="no CA certificate"):
        client.request_token(MESSAGE, settings.load())


def test_off_means_no_request(tsa):
    settings.save(settings.TrustedTimeSettings(enabled=False, tsa=tsa.url))
    with pytest.raises(client.NotConfigured):
        client.request_token(MESSAGE, settings.load())
    assert tsa.requests == 0


def test_settings_refuse_what_is_no_tsa():
    with pytest.raises(settings.SettingsError, match="not the address"):
        settings.check_url("ftp://example.org")
    with pytest.raises(settings.SettingsError, match="not the address"):
        settings.check_url("http://example.org:port/tsr")
    with pytest.raises(settings.SettingsError, match="gave you"):
        settings.check_url("tsa-cn")
    assert settings.check_url("freetsa") == "https://freetsa.org/tsr"
    with pytest.raises(settings.SettingsError, match="no certificate"):
        settings.check_ca(b"not a pem")


def test_kept_tokens_that_are_damaged_are_named_not_raised(tsa_on):
    stamp = client.request_token(MESSAGE, settings.load())
    assert tokens.check(b"\x00junk", MESSAGE, stamp.chain_pem).problem == "unreadable"
    assert tokens.check(stamp.token, MESSAGE, "").problem == "untrusted"
    assert tokens.check(stamp.token, MESSAGE, "garbage ☃").problem == "untrusted"
    doubled = stamp.chain_pem + stamp.chain_pem
    assert tokens.check(stamp.token, MESSAGE, doubled).ok in (True, False)  # no exception
    half = stamp.token[: len(stamp.token) // 2]
    assert tokens.check(half, MESSAGE, stamp.chain_pem).problem == "unreadable"
