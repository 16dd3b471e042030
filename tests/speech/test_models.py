"""Speech models: added from a folder, listed, removed; downloaded only when asked, from a local
server here (the SHA-256 checked, a cancel or a refusal leaving no file behind); nothing opens a
connection without the user asking."""

from __future__ import annotations

import hashlib
import http.server
import re
import socket
import threading
from functools import partial
from pathlib import Path

import pytest

from evidence_logger import paths
from evidence_logger.speech import download, models
from evidence_logger.speech.engine import SpeechUnavailable
from evidence_logger.speech.transcribing import transcribe_recordings
from evidence_logger.tasks import drive

TOKENS = b"<blk> 0\n\xe4\xbd\xa0 1\n"
MODEL = b"not a real onnx model " * 50_000  # about 1 MB


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path):
    root = tmp_path / "served"
    root.mkdir()
    (root / "model.int8.onnx").write_bytes(MODEL)
    (root / "tokens.txt").write_bytes(TOKENS)
    handler = partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def catalogue(base: str, model_sha: str) -> list[download.Offer]:
    return download.catalogue(f"""
[[model]]
name = "test-zh"
kind = "sense-voice"
title_en = "test"
title_zh = "测试"
size_mb = 1
status = "verified"
mirrors = ["http://127.0.0.1:1", "{base}"]
repo = "x"
[[model.file]]
name = "model.int8.onnx"
urls = ["http://127.0.0.1:1/model.int8.onnx", "{base}/model.int8.onnx"]
sha256 = "{model_sha}"
[[model.file]]
name = "tokens.txt"
urls = ["{base}/tokens.txt"]
sha256 = "{hashlib.sha256(TOKENS).hexdigest()}"
""")


def leftovers() -> list[Path]:
    home = paths.speech_models_dir()
    return [p for p in home.rglob("*") if ".part" in p.name or ".download" in p.name] \
        if home.exists() else []


def test_download_checks_the_hash_and_adds_the_model(server):
    offers = catalogue(server, hashlib.sha256(MODEL).hexdigest())
    model = drive(download.download("test-zh", offers=offers))
    assert model.kind == "sense-voice" and models.active() == model
    assert (model.folder / "model.int8.onnx").read_bytes() == MODEL
    assert not leftovers()
    with pytest.raises(SpeechUnavailable):  # not a real model: said, never a crash
        models.load_active()


def test_a_wrong_hash_is_refused_and_nothing_kept(server):
    offers = catalogue(server, "0" * 64)
    with pytest.raises(download.DownloadFailed, match="SHA-256 differs"):
        drive(download.download("test-zh", offers=offers))
    assert models.list_models() == [] and not leftovers()


def test_cancel_leaves_no_partial_file(server):
    offers = catalogue(server, hashlib.sha256(MODEL).hexdigest())
    steps = download.download("test-zh", offers=offers)
    for n, _ in enumerate(steps):
        if n == 5:
            break
    assert leftovers()  # mid-download, the part file exists
    steps.close()
    assert models.list_models() == [] and not leftovers()


def test_the_offered_models_are_pinned_to_a_revision_and_a_hash():
    offers = download.catalogue()
    assert {o.kind for o in offers} == {"sense-voice", "paraformer"}
    for offer in offers:  # the mainland mirror is asked first, at a fixed commit
        assert offer.pinned and offer.status in ("secondary", "verified")
        for file in offer.files:
            assert "hf-mirror.com" in file.urls[0]
            assert all(re.search(r"/resolve/[0-9a-f]{40}/", url) for url in file.urls)


def test_unpinned_models_are_not_downloaded():
    unpinned = download.catalogue(UNPINNED)
    with pytest.raises(download.DownloadFailed, match="no checked SHA-256"):
        drive(download.download("no-hash", offers=unpinned))


UNPINNED = """
[[model]]
name = "no-hash"
kind = "paraformer"
title_en = "x"
title_zh = "x"
size_mb = 1
mirrors = ["https://hf-mirror.com"]
repo = "someone/some-model"

[[model.file]]
name = "model.int8.onnx"
sha256 = ""
"""


def test_add_list_remove_from_a_folder(tmp_path):
    folder = tmp_path / "sherpa-onnx-paraformer-zh-2024-03-09"
    folder.mkdir()
    (folder / "model.int8.onnx").write_bytes(b"x")
    (folder / "tokens.txt").write_bytes(TOKENS)
    model = models.add(folder)
    assert model.kind == "paraformer" and [m.name for m in models.list_models()] == [model.name]
    assert paths.speech_models_dir() in model.folder.parents
    with pytest.raises(models.ModelRefused):
        models.add(tmp_path)  # nothing a model is made of
    models.remove(model.name)
    assert models.list_models() == [] and models.active() is None


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_without_a_model_nothing_is_downloaded_and_it_is_said_once(case, no_network):
    from tests.fixtures.cases import build_dump

    assert models.active() is None
    dump = build_dump(case.folder.parent / "dump")
    from evidence_logger.importing import run

    run(case, list(dump.values()))
    report = drive(transcribe_recordings(case))
    if report.unavailable is not None:  # the case holds recordings: said once, calmly
        assert "No speech model is added" in report.unavailable.message()
    assert report.transcribed == 0 and models.list_models() == []
