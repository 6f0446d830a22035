"""A when-question about a career event needs a text that states one (app/appointment.py): the
question's ask, the stage on quotes cut from the texts, and end to end."""

import pytest

from app.appointment import asks_when_of_an_appointment, dates_no_appointment
from app.draft import Draft


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
    assert asks_when_of_an_appointment(question) is asks


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
    assert dates_no_appointment(question, draft) is refused


def test_a_stated_appointment_dates_it():
    """The stage reads the claim's words: a sentence that states the event keeps the answer."""
    from types import SimpleNamespace

    stated = SimpleNamespace(text="2018年3月,刘烈宏被任命为工业和信息化部副部长。")
    draft = Draft([stated], kind="when")
    assert not dates_no_appointment("When was Liu Liehong appointed vice minister?", draft)


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
