"""A question that asks for an amount of money needs a text that states one (app/money.py): the
annotator's amounts, the question's ask, the stage on quotes cut from the texts, and end to end."""

import pytest

from app.draft import Draft
from app.money import asks_an_amount_of_money, states_no_amount
from index.annotate import MONEY
from index.fold import fold


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("安排1.5亿元专项资金", True),
        ("补贴300万元", True),
        ("投入五千万元", True),
        ("a 10 billion yuan fund", True),
        ("RMB 2 million", True),
        ("$5m", True),
        ("来自8个领域的21家企业", False),  # a count is no amount of money
        ("2020年4月23日", False),
        ("强化财政金融政策支持", False),  # money spoken of, no amount
    ],
)
def test_the_annotator_finds_amounts_of_money(text, money):
    assert bool(MONEY.search(fold(text))) is money


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What's the total budget attached to the 2018-2020 industrial internet action plan?", True),
        ("那份通知里,南京灾备节点的投资额是多少?", True),
        ("How much funding has the government committed to the four measures?", True),
        ("这一项具体给了多少财政资金?", True),
        ("工业企业内网改造升级大概要花多少钱？", True),
        ("How much did MIIT invest in the big data center?", True),
        # money spoken of, no amount asked
        ("Does that part also say anything about money — like fiscal or financial support?", False),
        ("What financial support does the policy-environment measure promise?", False),
        ("有多少企业获得资金支持?", False),  # a count of companies
        ("How many nodes will be built?", False),
    ],
)
def test_a_question_asks_for_an_amount_of_money(question, asks):
    assert asks_an_amount_of_money(question) is asks


@pytest.mark.parametrize(
    ("question", "quote", "refused"),
    [
        ("国家工业互联网大数据中心的投资额是多少?", "建设国家工业互联网大数据中心", True),
        ("What financial support does the fourth measure promise?", "强化财政金融政策支持", False),
    ],
)
def test_an_answer_to_how_much_money_must_state_an_amount(corpus_assistant, claim_of, question, quote, refused):
    draft = Draft([claim_of(corpus_assistant.searcher, quote)], kind="what")
    assert states_no_amount(question, draft) is refused


@pytest.mark.parametrize(
    ("question", "abstained"),
    [
        ("What's the total budget attached to the 2018-2020 industrial internet action plan?", True),
        ("那份通知里,南京灾备节点的投资额是多少?", True),
        ("What financial support does the policy-environment measure promise?", False),
    ],
)
def test_amounts_the_texts_do_not_state_are_refused(corpus_assistant, question, abstained):
    assert corpus_assistant.ask(question).abstained is abstained
