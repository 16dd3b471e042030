"""A command module imported when one of its commands runs, not when the command line starts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib import import_module

Command = Callable[[argparse.Namespace], int]


class LazyModule:
    """Stands for ``evidence_logger.cli.<name>``: ``.cmd_x`` is a command that imports the
    module and runs its ``cmd_x``; ``.command(key)`` runs the one its ``COMMANDS`` names."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _module(self):
        return import_module(f"evidence_logger.cli.{self._name}")

    def __getattr__(self, attr: str) -> Command:
        if attr.startswith("_"):
            raise AttributeError(attr)
        return lambda args: getattr(self._module(), attr)(args)

    def command(self, key: str) -> Command:
        return lambda args: self._module().COMMANDS[key](args)


def lazy_module(name: str) -> LazyModule:
    return LazyModule(name)
