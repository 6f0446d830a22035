"""Questions that ask for a kind of fact only a sentence stating it can answer (app/stated_facts.py):
an amount of money, when a career event happened, a venue. For each: the question's ask, the stage on
quotes cut from the texts, and end to end."""

from types import SimpleNamespace

import pytest

from app.draft import Draft
from app.stated_facts import asked_facts, unstated
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
    assert ("money" in asked_facts(question)) is asks


@pytest.mark.parametrize(
    ("question", "quote", "refused"),
    [
        ("国家工业互联网大数据中心的投资额是多少?", "建设国家工业互联网大数据中心", True),
        ("What financial support does the fourth measure promise?", "强化财政金融政策支持", False),
    ],
)
def test_an_answer_to_how_much_money_must_state_an_amount(corpus_assistant, claim_of, question, quote, refused):
    draft = Draft([claim_of(corpus_assistant.searcher, quote)], kind="what")
    assert (unstated(question, draft) == "money") is refused


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


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("When was Liu Liehong appointed vice minister?", True),
        ("When did Gao Xingfu become vice governor of Zhejiang?", True),
        ("When did Lu Xin step down as vice minister of education?", True),
        ("徐晓兰是哪一年开始担任中国工业互联网研究院院长的?", True),
        ("他是哪一年当上副司长的?", True),
        ("這位巡視員是什麼時候上任的?", True),
        ("陳肇雄是哪一年卸任工信部副部長的?", True),
        # not a career event, or not a when-question
        ("When did the notice become effective?", False),
        ("When did the industrial internet become a national priority?", False),
        ("When was the meeting held?", False),
        ("他担任什么职务?", False),
    ],
)
def test_a_when_question_about_a_career_event(question, asks):
    assert ("appointment" in asked_facts(question)) is asks


@pytest.mark.parametrize(
    ("question", "quotes", "refused"),
    [
        # the meeting's date and the person's title at it: no appointment stated
        ("他是哪一年当上副司长的?", ["2021年", "工信部信息技术发展司副司长王建伟参加会议并讲话"], True),
        (
            "When was Liu Liehong appointed vice minister?",
            ["3月1日", "工业和信息化部党组成员、副部长刘烈宏出席并讲话"],
            True,
        ),
        # a question that is no career event is not this stage's
        ("工业互联网企业座谈会是哪天召开的?", ["3月1日"], False),
    ],
)
def test_a_date_answers_a_career_event_only_where_a_claim_states_one(
    corpus_assistant, claim_of, question, quotes, refused
):
    draft = Draft([claim_of(corpus_assistant.searcher, q) for q in quotes], kind="when")
    assert (unstated(question, draft) == "appointment") is refused


def test_a_stated_appointment_dates_it():
    """The stage reads the claim's words: a sentence that states the event keeps the answer."""

    stated = SimpleNamespace(text="2018年3月,刘烈宏被任命为工业和信息化部副部长。")
    draft = Draft([stated], kind="when")
    assert unstated("When was Liu Liehong appointed vice minister?", draft) is None


@pytest.mark.parametrize(
    ("question", "abstained"),
    [
        ("When was Liu Liehong appointed vice minister?", True),
        ("陳肇雄是哪一年卸任工信部副部長的?", True),
        ("When was the industrial internet enterprise symposium held?", False),
    ],
)
def test_career_events_the_texts_do_not_date_are_refused(corpus_assistant, question, abstained):
    assert corpus_assistant.ask(question).abstained is abstained


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("2019年那场座谈会是在北京哪家酒店开的？", True),
        ("座谈会是在北京哪个会场开的？", True),
        ("Which venue in Beijing hosted the March 2021 symposium?", True),
        ("Which hotel was the meeting held in?", True),
        # the city is a where-answer
        ("会议在哪里召开?", False),
        ("会议在什么地点召开?", False),
        ("Where was the meeting held?", False),
    ],
)
def test_a_question_asks_for_a_venue(question, asks):
    assert ("venue" in asked_facts(question)) is asks


@pytest.mark.parametrize(
    ("question", "quote", "refused"),
    [
        ("2019年那场座谈会是在北京哪家酒店开的？", "推动工业互联网创新发展座谈会在北京召开", True),
        ("会议在哪里召开?", "推动工业互联网创新发展座谈会在北京召开", False),
    ],
)
def test_a_city_is_no_venue(corpus_assistant, claim_of, question, quote, refused):
    draft = Draft([claim_of(corpus_assistant.searcher, quote)], kind="where")
    assert (unstated(question, draft) == "venue") is refused


def test_a_named_building_is_a_venue():
    stated = SimpleNamespace(text="座谈会在北京国际饭店召开。")
    assert unstated("座谈会是在北京哪家酒店开的?", Draft([stated], kind="where")) is None


@pytest.mark.parametrize(
    ("question", "abstained"),
    [
        ("2019年那场座谈会是在北京哪家酒店开的？", True),
        ("2019年12月的推动工业互联网创新发展座谈会在哪个城市召开?", False),
    ],
)
def test_venues_the_texts_do_not_name_are_refused(corpus_assistant, question, abstained):
    assert corpus_assistant.ask(question).abstained is abstained


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What is academician Wu Hequan's area of expertise?", True),
        ("鄔賀銓院士主要研究哪個領域?", True),
        ("What's his main research field?", True),
        ("研究院的院长是谁?", False),  # an institute's head, not its work
        ("Which research institutes attended?", False),
    ],
)
def test_a_question_asks_what_someone_works_on(question, asks):
    assert ("expertise" in asked_facts(question)) is asks


@pytest.mark.parametrize(
    ("quote", "refused"),
    [
        ("中国工程院院士邬贺铨", True),  # his title, not his work
        ("邬贺铨院士长期从事光纤传送网研究", False),
    ],
)
def test_a_title_is_no_field_of_work(quote, refused):
    draft = Draft([SimpleNamespace(text=quote)], kind="what")
    assert (unstated("邬贺铨院士主要研究哪个领域?", draft) == "expertise") is refused


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("2018年部省联席会议上提到的那份部省合作协议,是哪一年签署的?", True),
        ("2018年那份工业互联网网络调查摸底通知是哪天印发的?", True),
        ("When was the MIIT–Zhejiang cooperation agreement signed?", True),
        ("这篇四举措的文章是哪天发的?", False),  # the page itself: its dateline answers
        ("When was the article published on the site?", False),
        ("工业互联网企业座谈会是哪天召开的?", False),
    ],
)
def test_a_question_asks_when_a_document_was_issued(question, asks):
    assert ("issuance" in asked_facts(question)) is asks


@pytest.mark.parametrize(
    ("question", "quotes", "refused"),
    [
        # the meeting's date is no signing date; a reply deadline is no issuing date
        ("那份部省合作协议是哪一年签署的?", ["4月8日"], True),
        (
            "2018年那份调查摸底通知是哪天印发的?",
            ["并将调查问卷(含电子版)和汇总表于8月17日前反馈至部(信息通信管理局)"],
            True,
        ),
    ],
)
def test_an_issuing_date_must_be_stated(corpus_assistant, claim_of, question, quotes, refused):
    draft = Draft([claim_of(corpus_assistant.searcher, q) for q in quotes], kind="when")
    assert (unstated(question, draft) == "issuance") is refused


def test_a_documents_own_dateline_states_its_issuing(assistant, claim_of):
    """ "发布日期呢?" after a question about the article: the date on a line of its own under the
    headline is the document's own date."""
    draft = Draft([claim_of(assistant.searcher, "2020-04-24")], kind="when")
    assert "issuance" in asked_facts("工信部四举措的发布日期是什么时候?")
    assert unstated("工信部四举措的发布日期是什么时候?", draft) is None


@pytest.mark.parametrize(
    ("question", "quote", "refused"),
    [
        ("What's the deadline for SMEs to move onto the cloud?", "加快中小企业上云上平台", True),
        ("加快中小企业上云上平台，有没有说要在什么时间之前完成？", "加快中小企业上云上平台", True),
        ("问卷和汇总表截止几号交？", "并将调查问卷(含电子版)和汇总表于8月17日前反馈至部(信息通信管理局)", False),
        ("加快中小企业上云上平台是哪一项的内容?", "加快中小企业上云上平台", False),  # no deadline asked
    ],
)
def test_a_deadline_must_be_a_date(corpus_assistant, claim_of, question, quote, refused):
    draft = Draft([claim_of(corpus_assistant.searcher, quote)], kind="what")
    assert (unstated(question, draft) == "deadline") is refused
