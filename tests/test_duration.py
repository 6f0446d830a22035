"""How long something lasted is its own answer type (cue class ``duration``, the annotator's
``has_duration``), as an age is: a date is no answer to "开了多长时间", and a title none to "她担任会长
多久了" (the texts state neither, so both are refused)."""

import pytest

from app.question import kind_of
from app.scored.question import analyze
from index.annotate import has_duration


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("云计算发展三年行动计划", True),
        ("两个月内完成", True),
        ("会议持续2小时", True),
        ("2017-2019年", True),  # a span of years
        ("4月23日,工业和信息化部召开", False),  # a date
        ("2020年4月24日", False),
        ("2018年工作计划", False),  # a date's year
        ("工业和信息化部副部长陈肇雄", False),
    ],
)
def test_a_length_of_time_is_no_date(text, duration):
    assert has_duration(text) == duration


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("会议开了多长时间？", "duration"),  # before when: 时间 is inside the length asked
        ("她担任学会会长多久了？", "duration"),
        ("how long did she serve at the education ministry?", "duration"),
        ("会议是哪天开的？", "when"),
    ],
)
def test_the_rules_read_a_length_asked(question, kind):
    assert kind_of(question, None, "en" if question.isascii() else "zh-Hans") == kind


@pytest.mark.parametrize(
    "question", ["會議一共開了多久？", "How long did she serve at the education ministry?", "这次会议开了多长时间？"]
)
def test_the_scored_answerer_reads_a_length_asked(question):
    assert analyze(question).p("duration") > 0


@pytest.mark.parametrize(
    ("question", "history"),
    [
        ("會議一共開了多久？", []),
        ("这次工业互联网行业应用推进会一共开了多长时间?", []),
        ("她擔任學會會長多久了？", ["魯昕現在是什麼職務？"]),
        ("How long did she serve at the education ministry?", ["Who is Lu Xin?"]),
    ],
)
def test_a_length_no_text_states_is_refused(assistant, question, history):
    assert assistant.ask(question, history).abstained
