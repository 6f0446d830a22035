"""A title the question names must be the answering sentence's (app/asked_title.py), whichever
answerer drafts the answer: a 副部长 is not the 部长 asked for."""

from types import SimpleNamespace

import pytest

from app.asked_title import names_no_asked_title
from app.draft import Draft
from app.question import analyze

VICE = "工业和信息化部副部长陈肇雄出席会议"


@pytest.mark.parametrize(
    ("question", "quote", "refused"),
    [
        ("Who was the MIIT minister at the time of the December 2019 symposium?", VICE, True),
        ("工信部部长在这次会上讲了什么?", "4月23日,工业和信息化部召开工业互联网行业应用推进会。", True),
        ("Which vice minister attended?", VICE, False),  # the title the sentence holds
        ("哪位副部长出席了会议?", VICE, False),
        ("Is he the minister, or something lower?", VICE, False),  # yes/no: the text's title answers
        ("Who was the head of CAICT?", "中国信息通信研究院院长刘多", False),  # whoever leads it
        ("Who attended the meeting?", VICE, False),  # no title asked
        # a structure noun names a part of the text, not a post ("heading" looked up as "head": 主任)
        ("Under the general requirements of the action plan, what's the second sub-heading?", "(二) 行动目标", False),
        # the person is named: the title is someone else's ("the academician" he was with)
        ("Who's Ke Ruiwen? He was at the meeting with the academician.", "中国电信集团董事长柯瑞文参加会议", False),
    ],
)
def test_a_title_the_question_names_must_be_the_answers(corpus_assistant, question, quote, refused):
    draft = Draft([SimpleNamespace(text=quote)], kind="who")
    assert names_no_asked_title(analyze(question), draft, corpus_assistant.searcher) is refused


@pytest.mark.parametrize(
    ("question", "abstained"),
    [
        ("Who was the MIIT minister at the time of the December 2019 symposium?", True),
        ("工信部部长在这次会上讲了什么?", True),
        ("Which vice minister of MIIT attended the December 2019 symposium?", False),
    ],
)
def test_a_title_no_text_gives_is_refused_end_to_end(corpus_assistant, question, abstained):
    assert corpus_assistant.ask(question).abstained is abstained
