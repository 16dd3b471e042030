"""Reading a large export in a second process while this one matches and writes its records.

Parsing a 300,000-call export costs about a third of importing it, and the writing (SQLite) the
rest, one after the other on one CPU. For a file of :data:`PROCESS_FROM` bytes or more, on a
computer with a second CPU, the format's reader runs in a child process instead
(``multiprocessing``, "spawn": the same on every system, safe beside the window's threads, and
in the frozen app through ``freeze_support``), which hands its records over in batches through
a pipe; the pipe's small buffer keeps both sides in step, so memory stays flat.

What reaches the importer is what :func:`formats.read` would have yielded, in the same order:
the same records, the reader's errors (:class:`SkipFile`, :class:`YearNeeded`,
:class:`PartialFile`) raised at the same point, after every record before them, and the
reader's log lines written here. A child that cannot be started leaves the file to be read
here; one that dies half-way is an error of the import like any other (the file's import is
rolled back). Closing the iterator (a cancelled import) stops the child.
"""

from __future__ import annotations

import logging
import multiprocessing
import operator
import os
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from evidence_logger.records import (
    CallRecord,
    PartialFile,
    ReadContext,
    SkipFile,
    YearNeeded,
)

log = logging.getLogger(__name__)

PROCESS_FROM = 8 << 20  # bytes: below this, starting a process (~0.2 s) costs more than it saves
BATCH = 4_000  # records a message
BATCH_BYTES = 4 << 20  # or fewer, once their attachments (MMS pictures) hold this many bytes
# the reader's errors the child hands over as what they are (anything else is a bug: its
# traceback goes to the log and the import says so)
_ERRORS = {cls.__name__: cls for cls in (SkipFile, YearNeeded, PartialFile)}
# a call travels as a plain tuple of its fields: the fast pickle
_call_fields = operator.attrgetter(*CallRecord.__slots__)


class ReaderFailed(RuntimeError):
    """The child reading a file stopped without saying why, or with an unexpected error (the
    child's traceback is in the log)."""


def records(fmt: str, path: Path, ctx: ReadContext, size: int) -> Iterator[Any]:
    """The records of ``path`` (format ``fmt``): from a child process when the file is large."""
    from evidence_logger.importers import formats

    if size < PROCESS_FROM or _cpus() < 2:  # on one CPU the two would only take turns
        return formats.read(fmt, path, ctx)
    spawn = multiprocessing.get_context("spawn")
    receive, send = spawn.Pipe(duplex=False)
    # the reader goes by reference: the child imports its module only, not the whole registry
    reader = formats.FORMATS[fmt].read
    child = spawn.Process(target=_read_in_child, args=(reader, str(path), ctx, send),
                          daemon=True, name=f"read {path.name}")
    try:
        child.start()
    except Exception as error:  # no process to be had (or a reader it cannot take): read here
        log.warning("could not start a process to read %s (%s); reading it here", path.name,
                    error)
        receive.close()
        send.close()
        return formats.read(fmt, path, ctx)
    send.close()  # the child's end: when the child is gone, recv() ends instead of waiting
    return _received(child, receive, path.name)


def _cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _received(child: Any, receive: Connection, name: str) -> Iterator[Any]:
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError:
                child.join(5)  # gone, or about to be: its exit code says how
                raise ReaderFailed(f"the process reading {name} stopped "
                                   f"(exit code {child.exitcode})") from None
            what = message[0]
            if what == "records":
                _replay(message[2])
                for item in message[1]:
                    yield CallRecord(*item) if type(item) is tuple else item
            elif what == "error":
                _replay(message[4])
                raise _ERRORS[message[1]](message[2], **message[3])
            elif what == "failed":
                _replay(message[3])
                log.error("reading %s failed in its process:\n%s", name, message[1])
                raise ReaderFailed(f"reading {name} failed: {message[2]}")
            else:  # done
                _replay(message[1])
                return
    finally:
        receive.close()
        if child.is_alive():
            child.join(1)
        if child.is_alive():  # closed early (cancelled) or broken off: stop it
            child.kill()
            child.join()


def _replay(lines: list[tuple[str, int, str]]) -> None:
    for name, level, text in lines:
        logging.getLogger(name).log(level, "%s", text)


class _Collected(logging.Handler):
    """The child's log lines, sent with the next message."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append((record.name, record.levelno, text))

    def take(self) -> list[tuple[str, int, str]]:
        lines, self.lines = self.lines, []
        return lines


def _read_in_child(reader: Callable[[Path, ReadContext], Iterator[Any]], path: str,
                   ctx: ReadContext, send: Connection) -> None:
    """The child: read ``path`` and send what the reader yields, then how it ended."""
    import signal
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is the importer's
    collected = _Collected()
    root = logging.getLogger()
    root.handlers[:] = [collected]
    root.setLevel(logging.INFO)
    batch: list[Any] = []
    held = 0  # bytes of attachments in the batch
    try:
        try:
            for record in reader(Path(path), ctx):
                if type(record) is CallRecord:
                    batch.append(_call_fields(record))
                else:
                    batch.append(record)
                    held += sum(len(a.data) for a in getattr(record, "attachments", ()))
                if len(batch) >= BATCH or held >= BATCH_BYTES:
                    send.send(("records", batch, collected.take()))
                    batch, held = [], 0
        except (SkipFile, PartialFile) as error:
            send.send(("records", batch, collected.take()))
            kind = type(error).__name__
            if kind not in _ERRORS:  # a subclass of ours: the kind the importer tells apart
                kind = "PartialFile" if isinstance(error, PartialFile) else "SkipFile"
            send.send(("error", kind, error.template, error.params, collected.take()))
            return
        except Exception as error:  # a bug (a reader's, or a record that cannot be sent): its
            # traceback to the parent's log; the file fails as a whole, so no records with it
            send.send(("failed", traceback.format_exc(), type(error).__name__,
                       collected.take()))
            return
        send.send(("records", batch, []))
        send.send(("done", collected.take()))
    except (BrokenPipeError, EOFError, OSError):
        pass  # the importer stopped listening (cancelled): nothing to tell
    finally:
        send.close()
