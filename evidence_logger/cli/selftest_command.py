"""The selftest command: check this installation end to end (see :mod:`evidence_logger.selftest`).

Prints one line per step as it ends and exits 0 only when every step passed (1 otherwise). The
window step opens and closes the main window, offscreen when there is no display. With ``--json``
each line is a JSON object (ASCII only, so that no console encoding can garble it): one per step
(``step``, ``ok``, ``detail``, ``seconds``), then a summary (``version``, ``frozen``, ``ok``,
``steps``). The window's Help ▸ Check this installation reads that.
"""

from __future__ import annotations

import argparse
import json
import sys

from evidence_logger import __version__
from evidence_logger.cli.common import EXIT_ERROR, EXIT_OK, output_language
from evidence_logger.i18n import tr
from evidence_logger.selftest import WINDOW, Context, Step, StepResult, run
from evidence_logger.tasks import drive


def _window(ctx: Context) -> str:
    from evidence_logger.gui.selfcheck import open_and_close  # Qt only for this step

    return open_and_close(ctx.case_dir, ctx.lang)


WINDOW_STEP: Step = (WINDOW, _window)


def cmd_selftest(args: argparse.Namespace) -> int:
    lang = output_language(args)
    frozen = getattr(sys, "frozen", False)
    if not args.json:
        print(tr("Evidence Logger {version} ({form}, Python {python}, {platform}): checking this "
                 "installation…", lang, version=__version__, python=sys.version.split()[0],
                 platform=sys.platform,
                 form=tr("frozen build", lang) if frozen else tr("Python package", lang)),
              flush=True)

    def show(done: StepResult) -> None:
        if args.json:
            print(json.dumps({"step": done.name, "ok": done.ok, "detail": done.detail,
                              "seconds": round(done.seconds, 2)}), flush=True)
        else:
            print(done.line(lang), flush=True)

    results = drive(run(lang, window=None if args.no_window else WINDOW_STEP, on_result=show))
    failed = [r for r in results if not r.ok]
    if args.json:
        print(json.dumps({"version": __version__, "frozen": bool(frozen), "ok": not failed,
                          "steps": len(results)}), flush=True)
    else:
        if failed:
            print(tr("{count} of {total} checks failed; details are in the log ({log}).", lang,
                     count=len(failed), total=len(results), log=_log_name()))
        else:
            print(tr("All {total} checks passed.", lang, total=len(results)))
    return EXIT_ERROR if failed else EXIT_OK


def _log_name() -> str:
    from evidence_logger.paths import log_file

    return str(log_file())
