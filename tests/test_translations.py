"""Every sentence the core shows a user has a complete Simplified Chinese translation."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import string
from pathlib import Path

import pytest

import evidence_logger
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import catalogue, tr
from evidence_logger.parties import ROLES

PACKAGE = Path(evidence_logger.__file__).parent


def error_classes() -> set[str]:
    """Every error class whose first argument is a sentence for the user: each subclass of
    :class:`UserFacingError` in the package (every module imported to find them)."""
    for module in pkgutil.walk_packages(evidence_logger.__path__, "evidence_logger."):
        if not module.name.endswith("__main__"):  # that one runs the app
            importlib.import_module(module.name)
    found, todo = set(), [UserFacingError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


FIRST_ARG = {"tr", "N_", "flag"} | error_classes()
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


def test_every_error_a_user_sees_is_found_by_itself():
    assert {"SkipFile", "PartialFile", "CaseError", "ExportError", "OpenError",
            "RuleSettingError", "DebtError", "BundleInvalid", "UserError",
            "WaveformError"} <= FIRST_ARG


def test_an_error_says_its_sentence_in_each_language_and_a_bug_only_sends_to_the_log(caplog):
    from evidence_logger.case import CaseError
    from evidence_logger.errors import user_sentence

    error = CaseError("{name} is empty.", name="a.mp3")
    assert str(error) == error.message("en") == "a.mp3 is empty."
    assert error.message("zh_CN") == tr("{name} is empty.", "zh_CN", name="a.mp3") != str(error)
    try:
        {"known": 1}["secret"]
    except KeyError as bug:
        shown = user_sentence(bug, "en")
    assert shown == "Something went wrong (KeyError). The details are in the log."
    assert "Traceback" not in shown and "secret" not in shown
    assert "secret" in caplog.text and caplog.records[-1].exc_info is not None


def test_a_reason_shown_to_the_user_is_a_sentence_or_the_errors_kind_never_its_details():
    from evidence_logger.case import CaseError
    from evidence_logger.errors import reason

    assert reason(CaseError("{name} is empty.", name="a.mp3"), "en") == "a.mp3 is empty."
    assert reason(PermissionError(13, "Permission denied", "/x")) == "Permission denied"
    assert reason(KeyError("internal detail")) == "KeyError"


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


@pytest.mark.parametrize("spelling", ["zh", "zh_CN", "zh-Hans"])
def test_a_sentence_is_translated_whatever_the_spelling_of_the_language(spelling):
    # the profiles' short code (zh) once left the Overview's silence warning in English
    assert tr("Creditor", spelling) == "债权方"
    assert tr("Creditor", "en") == "Creditor"
