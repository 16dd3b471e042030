"""Every sentence the core shows a user has a complete Simplified Chinese translation."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import evidence_logger
from evidence_logger.i18n import catalogue, tr
from evidence_logger.parties import ROLES

PACKAGE = Path(evidence_logger.__file__).parent
FIRST_ARG = {"tr", "N_", "SkipFile", "PartialFile", "CaseError", "DebtError", "UserError",
             "RuleSettingError", "ExportError", "OpenError", "flag", "BundleInvalid"}
SECOND_ARG = {"Problem"}


def source_strings() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            index = 0 if name in FIRST_ARG else 1 if name in SECOND_ARG else None
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_there_are_sentences_to_check():
    assert len(source_strings()) > 40


@pytest.mark.parametrize("text", sorted(source_strings() | set(ROLES)))
def test_every_sentence_has_a_chinese_translation_with_the_same_fields(text):
    zh = catalogue("zh_CN")
    assert text in zh, f"missing zh_CN translation for {text!r}"
    assert fields(zh[text]) == fields(text)
    chinese = any("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                  or "\uff00" <= ch <= "\uffef" for ch in zh[text])  # words or CJK punctuation
    assert chinese or text == zh[text]


def test_marked_phrases_passed_as_params_are_translated():
    from evidence_logger.importers.csv_calls import NO_TIME

    sentence = ("{name}: {bad} of {total} rows could not be read (first at row {row}: "
                "{reason}); the others were imported.")
    text = tr(sentence, "zh_CN", name="a.csv", bad=1, total=2, row=3, reason=NO_TIME)
    assert catalogue("zh_CN")[NO_TIME] in text


def test_tr_fills_params_in_chinese():
    assert tr("{name} is empty.", "zh_CN", name="a.mp3").startswith("a.mp3")
    assert tr("{name} is empty.", "en", name="a.mp3") == "a.mp3 is empty."


def test_catalogues_have_no_stale_entries():
    stale = set(catalogue("zh_CN")) - source_strings() - set(ROLES)
    assert not stale, f"translations for strings no longer in the code: {sorted(stale)[:5]}"
