"""Kinds of the asked category answer an organisation question (app/evidence.names_kinds_of):
Chinese compounds put their head last, so a run of 工业企业、信息技术企业 names kinds of 企业."""

import pytest


@pytest.mark.parametrize(
    ("category", "text", "names_kinds"),
    [
        ("企业", "调查对象包括参与工业互联网建设的工业企业、信息技术企业等。", True),  # head-final compounds
        ("企业", "各地主管部门协商确定调查企业名单。", False),  # 调查企业名单: no run of kinds
        ("企业", "推动企业上云。", False),
        ("部门", "工业和信息化部相关部门、地方主管部门负责同志参加。", True),
        ("", "工业企业、信息技术企业", False),  # no category asked
    ],
)
def test_kinds_of_a_category_are_named_in_a_run(category, text, names_kinds):
    from app.evidence import names_kinds_of

    assert names_kinds_of(category, text) == names_kinds


@pytest.mark.parametrize(
    ("question", "category"),
    [("调查对象包括哪些企业？", "企业"), ("这次会议是哪个部门主办的？", "部门"), ("谁参加了会议？", "")],
)
def test_the_category_an_organisation_question_asks_for(question, category):
    from app.extractive import asked_category

    assert asked_category(question) == category


def test_an_organisation_question_is_answered_by_the_kinds_the_text_names(corpus_assistant):
    answer = corpus_assistant.ask("256号通知里的调查对象包括哪些企业？")
    assert "工业企业" in answer.text and "信息技术企业" in answer.text
