"""An answer that only says the question back is no answer (app/echo.py): the stage on its own, with
quotes cut from the texts, and the assistant's refusal end to end."""

import pytest

from app.draft import Draft
from app.echo import echoes


@pytest.mark.parametrize(
    ("question", "quote", "echo"),
    [
        # the texts name the thing and say no more about it
        ("工业互联网标识解析管理办法具体规定了哪些内容?", "出台工业互联网标识解析管理办法。", True),
        ("刘烈宏讲提升安全保障水平时,具体要落实哪些制度?", "提升安全保障水平。", True),
        # a name, a number, a noun or an adjective beyond the question's words answers it
        ("2019年12月的座谈会上，信通院院长是谁？", "中国信息通信研究院院长刘多", False),
        ("要打造多少个企业工业互联网外网优秀服务案例？", "打造20个企业工业互联网外网优秀服务案例", False),
        ("刘烈宏说要打好什么“赛”？", "打好“团体赛”", False),
        ("要营造什么样的外部环境？", "营造健康有序、合作共赢的外部环境", False),
    ],
)
def test_a_quote_answers_only_where_it_says_more_than_the_question(corpus_assistant, claim_of, question, quote, echo):
    searcher = corpus_assistant.searcher
    draft = Draft([claim_of(searcher, quote)], kind="what")
    assert echoes(question, draft, searcher) is echo


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("有没有提到提升安全保障水平？", "what"),  # yes/no: the question's words found are the answer
        ("提升安全保障水平是第几项？", "item"),  # the document's structure answers
    ],
)
def test_yes_no_and_structural_answers_are_not_echoes(corpus_assistant, claim_of, question, kind):
    searcher = corpus_assistant.searcher
    draft = Draft([claim_of(searcher, "提升安全保障水平。")], kind=kind)
    assert not echoes(question, draft, searcher)


def test_the_assistant_refuses_an_answer_that_only_echoes(corpus_assistant):
    answer = corpus_assistant.ask("工业互联网标识解析管理办法具体规定了哪些内容?")
    assert answer.abstained
