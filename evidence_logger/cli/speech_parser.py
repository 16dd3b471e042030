"""The arguments of the speech commands: ``transcribe``, ``transcript`` and ``speech-model``
(their work is in :mod:`evidence_logger.cli.speech_commands`, imported only when one runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence_logger.i18n import tr


def add_parsers(commands: Any) -> None:
    p = commands.add_parser("transcribe", help=tr("transcribe the recordings without a "
                                                  "transcript (offline, with the speech model "
                                                  "you added)"))
    p.add_argument("--all", action="store_true", help=tr("transcribe every recording again"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p = commands.add_parser("transcript", help=tr("show a recording's transcript, or correct "
                                                  "a segment of it"))
    p.add_argument("sha", metavar="SHA", help=tr("the recording's SHA-256 (its first digits)"))
    p.add_argument("--correct", nargs=2, metavar=("N", "TEXT"),
                   help=tr("your correction of segment N (the machine's text is kept beside "
                           "it; an empty TEXT withdraws it)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    model = commands.add_parser("speech-model", help=tr("the speech models used to transcribe "
                                                        "recordings (kept in your data folder, "
                                                        "not in a case)"))
    actions = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    p = actions.add_parser("add", help=tr("add a model from a folder you downloaded, or "
                                          "download one (--download NAME)"))
    p.add_argument("path", metavar="PATH", nargs="?", type=Path)
    p.add_argument("--download", metavar="NAME",
                   help=tr("download this model (see speech-model offered); only then does "
                           "the app connect to the network"))
    p.add_argument("--name", help=tr("a name for the model"))
    actions.add_parser("list", help=tr("list the models added and the one in use"))
    actions.add_parser("offered", help=tr("list the models that can be downloaded"))
    p = actions.add_parser("remove", help=tr("remove a model"))
    p.add_argument("name", metavar="NAME")
    p = actions.add_parser("use", help=tr("use this model from now on"))
    p.add_argument("name", metavar="NAME")
