"""normalise(): the OCR noise folded, so that a screenshot's message meets the export's."""

from __future__ import annotations

import pytest

from evidence_logger.ocr.text import join_lines, normalise


@pytest.mark.parametrize(("a", "b"), [
    ("我们是法院的，明天上门", "我们是法院的,明天上门"),
    ("我们是法院的， 明天上门", "我们是法院的,明天上门"),
    ("请于10：30前还款！", "请于10:30前还款!"),
    ("请于1O:3O前还款", "请于10:30前还款"),
    ("逾期１５天。", "逾期15天."),
    ("“速借金融”提醒您", '"速借金融"提醒您'),
    ("Call ME back", "call me back"),
    ("138 0013 8000", "13800138000"),
    ("余额：5,OOO元", "余额:5,000元"),
    ("（还款）【催收】", "(还款)[催收]"),
])
def test_same_after_normalising(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize(("a", "b"), [
    ("再不还款就联系你的家人", "再不还款就联系你的单位"),
    ("OK", "0K"),  # a word, not digits
    ("10:30", "10:31"),
])
def test_different_after_normalising(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)


def test_join_lines() -> None:
    assert join_lines(["您好，您的借款已逾", "期15天"]) == "您好，您的借款已逾期15天"
    assert join_lines(["Please call", "us back"]) == "Please call us back"
    assert join_lines(["余额 5000", "元"]) == "余额 5000元"
