"""A question about a person's former post needs a text that states one (app/former_role.py): the
stage alone on made-up drafts, then the assistant on the announcement."""

import pytest

from app.draft import Claim, Draft
from app.former_role import asked_people, states_no_former_post, titles_of
from index.passage import Passage

PEOPLE = ["陈肇雄", "翁杰明", "鲁昕", "邬贺铨", "柯瑞文"]
ATTENDANCE = (
    "工业和信息化部副部长陈肇雄、国务院国有资产监督管理委员会副主任翁杰明出席会议,"
    "中国职业技术教育学会会长、教育部原副部长鲁昕、中国工程院院士邬贺铨、中国电信集团董事长柯瑞文参加会议。"
)


def _draft(text: str, kind: str = "role") -> Draft:
    passage = Passage("c1", "d1", "t", "", "", 0, len(text), text)
    return Draft([Claim(text, passage, 0, len(text))], kind=kind)


@pytest.mark.parametrize(
    ("person", "titles"),
    [
        ("鲁昕", ["中国职业技术教育学会会长、教育部原副部长"]),  # back to the clause's start
        ("邬贺铨", ["、中国工程院院士"]),  # back to the person before
        ("陈肇雄", ["工业和信息化部副部长"]),
        ("柯瑞文", ["、中国电信集团董事长"]),
    ],
)
def test_the_titles_before_a_name(person, titles):
    assert titles_of(person, ATTENDANCE, PEOPLE) == titles


@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("柯瑞文之前在哪家公司任职？", ["柯瑞文"]),
        ("What did Chen Zhaoxiong do before he became vice minister?", ["陈肇雄"]),
        ("魯昕曾經擔任過什麼職務？", ["鲁昕"]),  # Traditional, folded
        ("他之前在哪家公司任职？", []),  # a pronoun names no one until it is resolved
    ],
)
def test_the_people_a_question_names(question, people):
    assert asked_people(question, PEOPLE) == people


@pytest.mark.parametrize(
    ("question", "kind", "refused"),
    [
        ("柯瑞文之前在哪家公司任职？", "role", True),  # only his present title
        ("What did Chen Zhaoxiong do before he became vice minister?", "what", True),
        ("鲁昕以前在哪个部门当过领导？", "organisation", False),  # 教育部原副部长: stated
        ("What position did Lu Xin formerly hold?", "role", False),
        ("柯瑞文是什么职务？", "role", False),  # no earlier post asked
        ("这些举措要在哪年之前完成？", "when", False),  # 之前 of a deadline, no post
    ],
)
def test_an_earlier_post_is_answered_only_where_a_text_states_one(question, kind, refused):
    assert states_no_former_post(question, _draft(ATTENDANCE, kind), PEOPLE) == refused


def test_a_refusal_stays_a_refusal():
    assert not states_no_former_post("柯瑞文之前在哪家公司任职？", Draft(abstained=True), PEOPLE)


@pytest.mark.parametrize(
    ("question", "history", "answered"),
    [
        ("What did Chen Zhaoxiong do before he became vice minister?", [], False),
        ("他之前在哪家公司任职？", ["中国电信谁参会了？"], False),
        ("What position did Lu Xin formerly hold?", [], True),
        ("那她以前在哪个部门任职?", ["鲁昕现在是什么职务？"], True),
    ],
)
def test_the_assistant_answers_an_earlier_post_only_from_the_text(assistant, question, history, answered):
    answer = assistant.ask(question, history)
    assert answer.abstained != answered
    if answered:
        assert any("原副部" in c.text for c in answer.citations)
