"""Make the README's screenshots: the window on the sample case, in Chinese and English.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots.py [OUT_DIR [NAME ...]]

Each run builds the sample case in a temporary data folder, so the user's own data and
settings are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SHOTS = (("overview", 0), ("timeline", 1), ("violations", 3), ("evidence", 4), ("debts", 5),
         ("way-out-negotiations", 7), ("way-out-plan", 7), ("way-out-warnings", 7))
WAY_OUT_TABS = {"way-out-negotiations": 0, "way-out-plan": 1, "way-out-warnings": 2}


def main(out: Path, only: set[str] | None = None) -> None:
    """Write every screenshot (or those named in ``only``) to ``out``."""
    data = Path(tempfile.mkdtemp(prefix="evidence-logger-shots-"))
    os.environ["EVIDENCE_LOGGER_DATA_DIR"] = str(data)
    from evidence_logger.demo import make_demo
    from evidence_logger.gui import settings as keys
    from evidence_logger.gui.app import make_app, make_window
    from evidence_logger.gui.settings import Settings
    from evidence_logger.tasks import drive

    app = make_app()
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh_CN", "en"):
        case = drive(make_demo(data / f"sample-{lang}", lang=lang))
        settings = Settings()
        settings.set(keys.LANGUAGE, lang)
        window = make_window(settings, case=case)
        window.resize(1280, 800)
        window.show()
        for name, row in SHOTS:
            if only and name not in only:
                continue
            window.nav.setCurrentRow(row)
            page = window.page_at(row)
            if name in WAY_OUT_TABS:
                page.tabs.setCurrentIndex(WAY_OUT_TABS[name])
                if name == "way-out-negotiations":
                    page.write_letter()
            if name == "violations":
                page.table.selectRow(1)
            if name == "evidence":  # the first recording, with its player and waveform
                model = page.table.model()
                page.table.selectRow(next(r for r in range(model.rowCount())
                                          if model.original(r)["kind"] == "recording"))
            for _ in range(50):  # let the waveform finish on its worker
                app.processEvents()
                time.sleep(0.02)
            path = out / f"{lang}-{name}.png"
            window.grab().save(str(path))
            print(path)
        window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
         / "docs" / "screenshots", set(sys.argv[2:]) or None)
