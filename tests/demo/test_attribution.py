"""号码归属: links suggested from the messages, confirmed by the borrower, and the lender's
grounds and complaint per lender type."""

from __future__ import annotations

import shutil
import stat

import pytest

from evidence_logger import attribution
from evidence_logger.case import Case
from evidence_logger.rules.grounds import binding
from tests.test_cli import run_cli


def test_the_sample_links_rest_on_signatures_names_and_statements(built):
    with Case.open(built.case_dir, read_only=True) as case:
        links = attribution.links(case.db)
        assert attribution.suggest(case.db) == []  # the sample's borrower confirmed them all
    bases = {(x.number, x.basis) for x in links}
    assert ("+8617100001001", "signature") in bases and ("10690000888", "signature") in bases
    assert ("+8617100002001", "named") in bases and ("+8617100001003", "named") in bases
    assert ("+8617100001002", "statement") in bases  # said in words by the borrower
    assert attribution.statement_only(links) == {"+8617100001002", "+8617100002002"}
    assert all(x.evidence for x in links if x.basis != "statement")


def test_suggest_and_confirm_on_the_command_line(capsys, built, tmp_path):
    import shutil
    import stat

    folder = tmp_path / "c"
    shutil.copytree(built.case_dir, folder)
    for path in folder.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWRITE)
    with Case.open(folder) as case:
        case.db.execute("DELETE FROM attributions")
        case.db.execute("DELETE FROM case_info WHERE key = 'sample'")  # as the borrower's own
        case.db.conn.commit()
    code, out, _ = run_cli(capsys, "--case", folder, "party", "suggest", "--json")
    assert code == 0 and '"basis": "signature"' in out and "95588" not in out
    code, out, _ = run_cli(capsys, "--case", folder, "party", "confirm", "17100001001")
    assert code == 0
    code, out, _ = run_cli(capsys, "--case", folder, "party", "links")
    assert "【闪电借】" in out


def test_art_68_binds_bank_cards_only_and_unknown_lenders_get_universal_grounds():
    ids = lambda kind: {g.id for g in binding("cn", kind, ["cn.third-party"])}  # noqa: E731
    assert "credit-card-measures-68" in ids("bank")
    for kind in ("consumer-finance", "microlender", "platform", "private", "unknown"):
        assert "credit-card-measures-68" not in ids(kind)
    assert ids("unknown") == {"civil-code-1032-1033", "civil-code-1024", "civil-code-997",
                              "civil-code-1183", "pipl-10-13-69"}


@pytest.mark.gui
def test_the_dialog_confirms_a_suggestion_through_the_session(qtbot, built, tmp_path):
    from evidence_logger.gui.attribution_dialog import STATED, AttributionDialog
    from evidence_logger.gui.session import Session

    folder = tmp_path / "c"
    shutil.copytree(built.case_dir, folder)
    for path in folder.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWRITE)
    with Case.open(folder) as case:
        case.db.execute("DELETE FROM attributions")
        case.db.conn.commit()
    session = Session()
    session.open(folder)
    dialog = AttributionDialog(None, session)
    qtbot.addWidget(dialog)
    before = dialog.suggested.rowCount()
    cell = dialog.linked.item(0, 2)
    assert before > 0 and cell is not None and cell.background().color() == STATED
    dialog.suggested.selectRow(0)
    dialog.confirm_selected()
    assert dialog.suggested.rowCount() < before
    assert any(link.basis != "statement" for link in dialog.current)
    session.close()
