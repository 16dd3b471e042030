"""The evaluators, one function per ``check`` named in the profiles; importing this package
registers them with :mod:`evidence_logger.rules.engine`."""

from evidence_logger.rules.checks import calls, content  # noqa: F401
