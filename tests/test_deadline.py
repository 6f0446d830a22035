"""A date something is due by is its own answer type (cue class ``deadline``, the annotator's
``has_deadline``): "8月17日前反馈" answers "what's the reply deadline", the date a meeting was held does
not, and the year inside a plan's name ("2018年工作计划") is neither."""

import pytest

from app.question import kind_of
from app.scored.question import analyze
from app.scored.type_fit import type_fit
from index.annotate import has_deadline
from index.fold import fold


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("並將調查問卷(含電子版)和彙總表於8月17日前反饋至部", True),  # a date, then 前
        ("截至2020年6月30日", True),  # led by 截至
        ("到 2020 年底, 初步建成工业互联网基础设施", True),  # by the end of 2020
        ("2020年之前完成", True),
        ("4月23日,工業和信息化部召開工業互聯網行業應用推進會", False),  # when it happened
        ("《工业互联网专项工作组2018年工作计划》", False),  # a year in a name
        ("前不久,陈肇雄出席会议", False),  # 前 with no date
        ("会议持续两个月", False),
    ],
)
def test_a_deadline_is_a_date_something_is_due_by(text, deadline):
    assert has_deadline(fold(text)) is deadline


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What's the deadline for sending back the survey?", "deadline"),
        ("問卷最晚什麼時候要交?", "deadline"),  # before when: 什么时候 sits inside the deadline asked
        ("问卷和汇总表截止几号交？", "deadline"),
        ("When was the meeting held?", "when"),
        ("会议是哪天开的？", "when"),
    ],
)
def test_the_rules_read_a_deadline_asked(question, kind):
    script = "en" if question.isascii() else "zh-Hans"
    assert kind_of(fold(question), None, script) == kind


@pytest.mark.parametrize(
    ("question", "sentence", "fits"),
    [
        ("What's the deadline for the survey?", "彙總表於8月17日前反饋至部", True),
        ("What's the deadline for the survey?", "4月23日,工業和信息化部召開推進會", False),
        ("問卷最晚什麼時候要交?", "彙總表於8月17日前反饋至部", True),
    ],
)
def test_the_scored_answerer_fits_a_deadline_only_to_a_date_due_by(question, sentence, fits):
    q = analyze(question)
    assert q.p("deadline") > 0
    assert bool(type_fit("deadline", fold(sentence), [], ())) is fits


@pytest.mark.parametrize(
    ("question", "history"),
    [
        ("What's the deadline for implementing the four measures?", []),  # the announcement sets none
        ("這四項舉措要在什麼期限前完成？", []),
    ],
)
def test_a_deadline_no_text_states_is_refused(assistant, question, history):
    assert assistant.ask(question, history).abstained
