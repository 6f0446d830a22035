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
