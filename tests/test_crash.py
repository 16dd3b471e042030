"""A crash or kill at any moment leaves a case that opens, with no record pointing at a missing
original and no stray file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from evidence_logger import custody, listing
from evidence_logger.case import Case
from evidence_logger.importing import run
from tests.fixtures.exports import T0_MS, sbr_call, write_sbr

ROOT = Path(__file__).resolve().parents[1]

# Runs an import in a child process and dies (os._exit, no clean-up at all) at a chosen point.
CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from evidence_logger import vault, timeline, importing
    from evidence_logger.case import Case

    point = sys.argv[3]

    def die(*_a, **_k):
        os._exit(9)

    if point == "after-place":  # the original is in the vault, the transaction not committed
        real = vault.Vault.commit
        def commit(self, staged):
            real(self, staged); die()
        vault.Vault.commit = commit
    elif point == "while-staging":  # half the bytes copied
        real_stage = vault.Vault.stage
        def stage(self, source):
            target = self._staging_name(source.name)
            target.write_bytes(source.read_bytes()[:100]); die()
        vault.Vault.stage = stage
    elif point == "mid-events":  # a batch of events written, inside the transaction
        real_flush = timeline.EventSink.flush
        def flush(self):
            real_flush(self); die()
        timeline.EventSink.flush = flush
    elif point == "before-custody":
        def append(*a, **k):
            die()
        importing.custody.append = append

    case = Case.open(Path(sys.argv[1]))
    importing.run(case, [Path(sys.argv[2])])
    print("finished")
""")


def make_calls(path: Path, count: int, start_ms: int = T0_MS) -> Path:
    return write_sbr(path, "calls", [sbr_call(i, number=f"171000{i % 97:05d}",
                                              date=str(start_ms + i * 61_000))
                                     for i in range(count)])


def check_healthy(folder: Path) -> Case:
    case = Case.open(folder)  # sweeps
    assert case.missing_originals() == []
    assert list(case.vault.staging.iterdir()) == []
    referenced = {sha for (sha,) in case.db.execute("SELECT sha256 FROM evidence")}
    assert set(case.vault.stored()) == referenced
    orphans = case.db.execute("SELECT count(*) FROM observations o WHERE o.evidence_id IS NOT "
                              "NULL AND o.evidence_id NOT IN (SELECT id FROM evidence)"
                              ).fetchone()[0]
    assert orphans == 0
    assert custody.verify(case.db)[1] == []
    assert case.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert case.db.execute("PRAGMA foreign_key_check").fetchall() == []
    return case


@pytest.mark.parametrize("point", ["after-place", "while-staging", "mid-events",
                                   "before-custody"])
def test_a_crash_at_each_step_leaves_nothing_half_written(tmp_path, point):
    folder = tmp_path / "case"
    Case.create(folder, timezone="Asia/Shanghai").close()
    calls = make_calls(tmp_path / "calls-1.xml", 5000)
    child = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(calls), point],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert child.returncode == 9, child.stderr
    with check_healthy(folder) as case:
        assert case.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
        assert case.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
        # and the same import then works
        report = run(case, [calls])
        assert report.complete and len(report.imported) == 1
        assert len(list(listing.events(case))) == 5000


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_a_kill_at_a_random_moment(tmp_path, delay):
    folder = tmp_path / "case"
    Case.create(folder, timezone="Asia/Shanghai").close()
    dump = tmp_path / "dump"
    dump.mkdir()
    for n in range(4):
        make_calls(dump / f"calls-{n}.xml", 20000 + n, T0_MS + n * 10**11)  # disjoint
    child = subprocess.Popen([sys.executable, "-m", "evidence_logger", "--case", str(folder),
                              "import", str(dump)], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL,
                             env={**os.environ, "EVIDENCE_LOGGER_LANG": "en"})
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    with check_healthy(folder) as case:
        files = case.db.execute("SELECT count(*) FROM evidence").fetchone()[0]
        events = case.db.execute("SELECT count(*) FROM events").fetchone()[0]
        # whole files only: every imported export has all of its calls
        expected = sum(20000 + n for n in range(4)
                       if case.db.execute("SELECT 1 FROM evidence WHERE name = ?",
                                          (f"calls-{n}.xml",)).fetchone())
        assert events == expected and files <= 4
        report = run(case, [dump])
        assert report.complete
        assert case.db.execute("SELECT count(*) FROM events").fetchone()[0] == \
            sum(20000 + n for n in range(4))


def test_opening_while_another_process_imports_sweeps_nothing_of_it(tmp_path):
    folder = tmp_path / "case"
    Case.create(folder, timezone="Asia/Shanghai").close()
    with Case.open(folder) as importer:
        source = tmp_path / "a.bin"
        source.write_bytes(b"x" * 1000)
        staged = importer.vault.stage(source)  # staged by a live process (this one)
        with importer.db.conn:  # and holding the write lock
            importer.db.conn.execute("BEGIN IMMEDIATE")
            other = Case.open(folder)  # a second process opening the case
            assert other.sweep() == []
            other.close()
        assert staged.path.exists()
        importer.vault.discard(staged)
