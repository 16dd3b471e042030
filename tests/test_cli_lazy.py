"""The command line imports a command's module only when that command runs: `findings` loads
neither the importers nor reportlab nor the bundle code (start-up is part of its time)."""

from __future__ import annotations

import json
import subprocess
import sys

from evidence_logger import cli
from evidence_logger.cli import way_out_commands


def test_every_way_out_command_is_a_command():
    assert set(way_out_commands.COMMANDS) <= set(cli.COMMANDS)


def test_findings_loads_only_what_it_needs(tmp_path):
    from evidence_logger.case import Case

    folder = tmp_path / "case"
    Case.create(folder, name="x", timezone="Asia/Shanghai").close()
    code = ("import json, sys\nfrom evidence_logger.cli import main\n"
            f"main(['--case', {str(folder)!r}, 'findings', '--json'])\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={"EVIDENCE_LOGGER_DATA_DIR": str(tmp_path / "data"),
                                           "PATH": ""})
    assert json.loads(done.stdout) == []
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    for heavy in ("evidence_logger.importing", "reportlab", "evidence_logger.bundle.export",
                  "evidence_logger.cli.case_commands", "PySide6"):
        assert heavy not in loaded
