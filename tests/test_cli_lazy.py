"""The command line imports a command's module only when that command runs: `findings` loads
neither the importers nor reportlab nor the bundle code (start-up is part of its time)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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
                  "evidence_logger.cli.case_commands", "PySide6", "phonenumbers",
                  "evidence_logger.way_out.letters", "evidence_logger.trusted_time"):
        assert heavy not in loaded


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_a_command_built_alone_is_the_command_of_the_whole_parser(name, capsys):
    """Built alone (as when it runs), each command's --help is what the parser of every command
    prints for it, and ``named_command`` finds it behind the options before it."""
    from evidence_logger.cli.parser import build_parser, named_command

    assert named_command(["--case", "findings", "-v", name, "--json"], cli.COMMANDS) == name
    helps = []
    for parser in (build_parser(), build_parser(name)):
        with pytest.raises(SystemExit):
            parser.parse_args([name, "--help"])
        helps.append(capsys.readouterr().out)
    assert helps[0] == helps[1] and name in helps[0]


def test_no_command_or_an_unknown_one_builds_every_command(capsys):
    from evidence_logger.cli.parser import named_command

    assert named_command([], cli.COMMANDS) is None
    assert named_command(["--help", "findings"], cli.COMMANDS) is None
    assert named_command(["--case", "x", "nonsense"], cli.COMMANDS) is None
    assert cli.main(["nonsense"]) == 2
    assert "findings" in capsys.readouterr().err  # the choices are all named


def test_findings_json_goes_to_a_text_only_stream_too(tmp_path, monkeypatch):
    """Written as UTF-8 bytes where stdout has them, else as text (an embedding program's)."""
    import io

    from evidence_logger.cli.common import print_json_lines

    text = io.StringIO()
    monkeypatch.setattr(sys, "stdout", text)
    print_json_lines([b'{"a":"\xe5\x82\xac"}', b'{"b":1}'])
    assert json.loads(text.getvalue()) == [{"a": "催"}, {"b": 1}]
    empty = io.StringIO()
    monkeypatch.setattr(sys, "stdout", empty)
    print_json_lines([])
    assert json.loads(empty.getvalue()) == []
