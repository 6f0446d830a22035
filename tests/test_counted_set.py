"""A question that says how many things it asks for is not answered by a sentence that only counts
them (app/counted_set.py): the question reading, the stage on quotes cut from the texts, and the
assistant's answers end to end."""

import pytest

from app.counted_set import asked_counts, only_counts_the_set
from app.draft import Draft

COUNTED = "来自石化、钢铁、能源、家电、电子、软件、金融、信息通信等领域的21家企业"


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("参加座谈会的那21家企业具体都是哪些?", [(21, "家")]),
        ("Which 21 companies attended the March 2021 symposium?", [(21, "")]),  # 2021 is a year
        ("Can you name the three platforms?", [(3, "")]),
        ("四项举措分别是什么？", [(4, "项")]),
        ("有多少家企业参加了座谈会?", []),  # asks the count: no members asked
        ("那21家企业来自哪些领域?", []),  # asks for sectors, not the companies counted
        ("Which sectors did the 21 companies come from?", []),
        ("21家企业分别是哪几家?", [(21, "家")]),
        ("Which companies were the 21 companies?", [(21, "")]),
        ("When was the 2021 symposium held?", []),  # no members asked
    ],
)
def test_the_count_a_question_gives_for_what_it_asks(question, counts):
    assert asked_counts(question) == counts


@pytest.mark.parametrize(
    ("question", "quotes", "refused"),
    [
        # the sentence restates the asker's count and names eight sectors, not 21 companies
        ("参加座谈会的那21家企业具体都是哪些?", [COUNTED], True),
        ("Which 21 companies attended the symposium?", [COUNTED], True),
        # two cities asked, two listed
        ("Which two cities will host the two disaster-recovery nodes?", ["启动南京、贵阳两大灾备节点工程建设"], False),
        # one claim per item: the four headings list the four measures
        (
            "四项举措分别是什么？",
            ["一、加快设施建设", "二、深化融合应用", "三、加强科技创新", "四、完善政策环境"],
            False,
        ),
        # a sentence that does not restate the count is judged elsewhere
        ("Which 21 companies attended the symposium?", ["工业和信息化部党组成员、副部长刘烈宏出席并讲话"], False),
    ],
)
def test_a_sentence_that_only_counts_the_set_is_no_list_of_it(corpus_assistant, claim_of, question, quotes, refused):
    draft = Draft([claim_of(corpus_assistant.searcher, q) for q in quotes], kind="what")
    assert only_counts_the_set(question, draft) is refused


@pytest.mark.parametrize(
    ("question", "abstained"),
    [
        ("Can you name the 21 companies that attended the March 2021 symposium?", True),
        ("2021年3月的座谈会上，那21家企业具体都是哪些？", True),
        ("2021年3月座谈会上的21家企业来自哪些领域？", False),  # the sectors are what the text lists
    ],
)
def test_the_members_of_a_counted_set_the_texts_do_not_name_are_refused(corpus_assistant, question, abstained):
    assert corpus_assistant.ask(question).abstained is abstained
