"""The pages' modules are imported on a thread before they are first shown, once a process."""

from __future__ import annotations

import logging

from evidence_logger.gui import pages


def test_every_page_module_once_on_its_own_thread(monkeypatch):
    imported: list[tuple[str, str]] = []
    monkeypatch.setattr(pages, "_preloading", [])
    monkeypatch.setattr(pages, "import_module", lambda name: imported.append(
        (name, pages.threading.current_thread().name)))
    pages.preload()
    pages.preload()  # once a process
    assert len(pages._preloading) == 1
    pages._preloading[0].join(timeout=30)
    assert imported == [(f"evidence_logger.gui.pages.{spec.module}", "preload-pages")
                        for spec in pages.PAGES]


def test_a_failed_preload_is_logged_not_raised(monkeypatch, caplog):
    monkeypatch.setattr(pages, "_preloading", [])

    def broken(name):
        raise ImportError(name)

    monkeypatch.setattr(pages, "import_module", broken)
    with caplog.at_level(logging.WARNING, logger="evidence_logger.gui.pages"):
        pages.preload()
        pages._preloading[0].join(timeout=30)
    assert "preloading the pages failed" in caplog.text
