"""A news dateline's date ("据工业和信息化部12月13日消息", "10月11日电") dates the report, not the
event it tells (app/scored/spans.reports): a when-question about the event gets the event's date
from the same sentence, and one about the report itself gets the dateline's."""

import pytest

from app.draft import Claim
from app.scored.spans import date_span, reports

SENTENCE = "据工业和信息化部12月13日消息,12月10日,工信部信息技术发展司"


@pytest.mark.parametrize(("date", "dateline"), [("12月13日", True), ("12月10日", False)])
def test_a_date_before_a_report_mark_is_a_dateline(corpus_assistant, claim_of, date, dateline):
    sentence = claim_of(corpus_assistant.searcher, SENTENCE)
    at = sentence.text.find(date)
    date_claim = Claim(date, sentence.passage, sentence.start + at, sentence.start + at + len(date))
    assert reports(date_claim) is dateline


@pytest.mark.parametrize(("report_asked", "expected"), [(False, "12月10日"), (True, "12月13日")])
def test_the_event_date_answers_unless_the_report_is_asked_about(corpus_assistant, claim_of, report_asked, expected):
    sentence = claim_of(corpus_assistant.searcher, SENTENCE)
    found = date_span(sentence, [], "day", report_asked)
    assert found is not None and expected in found.text


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        (
            "On what day was the informatization-and-digitalization symposium held in December 2021?",
            "12月10日",
            "12月13日",
        ),
        ("两化融合座谈会的消息,工信部是哪天对外发布的?", "12月13日", "12月10日"),
    ],
)
def test_when_questions_date_the_event_or_the_report(corpus_assistant, question, expected, not_expected):
    text = corpus_assistant.ask(question).text
    assert expected in text and not_expected not in text


RUN_ON = "据工业和信息化部12月13日消息,12月10日,工信部信息技术发展司组织召开座谈会 会议介绍了2021年两化融合管理体系贯标等工作"


@pytest.mark.parametrize(
    ("date", "alone"),
    [("12月10日", True), ("2021年", False), ("12月13日", False)],  # inside a noun phrase, before 消息
)
def test_a_date_that_is_a_segment_of_its_own_dates_the_sentence(date, alone):
    from app.scored.spans import stands_alone
    from index.passage import Passage

    p = Passage("c", "d", "t", "", "", 100, 100 + len(RUN_ON), RUN_ON)
    at = 100 + RUN_ON.find(date)
    assert stands_alone(Claim(date, p, at, at + len(date))) is alone


def test_a_when_question_takes_the_adverbial_date_over_a_year_beside_its_words():
    """The year sits next to the question's words (两化融合), the event's date stands alone: with no
    date part asked, the adverbial date answers (a run-on sentence the site wrote without stops)."""
    from app.terms import Term
    from index.passage import Passage

    p = Passage("c", "d", "t", "", "", 0, len(RUN_ON), RUN_ON)
    found = date_span(Claim(RUN_ON, p, 0, len(RUN_ON)), [Term("两化融合", ["两化融合"], 2.0)], None, False)
    assert found is not None and "12月10日" in found.text and "2021年" not in found.text
