"""The annotator's one date and number patterns (index/annotate.py), which question analysis
(app/question.date_terms) and typed evidence (app/evidence.satisfies) share."""

from __future__ import annotations

import pytest

from app.question import date_terms
from index.annotate import COUNT, DATE, NUMBER, date_parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2020年4月24日", ("2020", "4", "24")),
        ("2020年3月", ("2020", "3", None)),
        ("2019年", ("2019", None, None)),
        ("4月23日", (None, "4", "23")),
        ("12月2号", (None, "12", "2")),
        ("2020-04-24", ("2020", "4", "24")),
        ("十二月二日", (None, None, None)),
    ],
)
def test_a_date_gives_its_parts(text, parts):
    m = DATE.search(text)
    assert m is not None and m.group() == text
    assert date_parts(m) == parts


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("2019年12月2日的座谈会上谁出席了？", ["12月2日", "2019年"]),
        ("2020年3月那份通知的文号是什么？", ["2020年3月"]),
        ("2020-04-24发布的文章讲了什么？", ["4月24日", "2020年"]),
        ("十二月二日开了什么会？", ["十二月二日"]),
        ("会议是哪天召开的？", []),
    ],
)
def test_question_dates_become_terms_in_the_texts_forms(question, terms):
    assert date_terms(question) == terms


@pytest.mark.parametrize(
    ("text", "number", "count"),
    [
        ("提出4项举措", True, True),
        ("100余家企业", True, True),
        ("占比50%", True, True),
        ("2020年", True, False),  # a year is a number, not a counted thing
        ("4月23日", True, False),
        ("工业互联网", False, False),
    ],
)
def test_a_count_is_a_number_that_is_not_a_date(text, number, count):
    assert bool(NUMBER.search(text)) == number
    assert bool(COUNT.search(text)) == count


@pytest.mark.parametrize(
    ("word", "name"),
    [("上海", True), ("江苏", True), ("中国电信", True), ("陈肇雄", True), ("部门", False), ("工业互联网", False)],
)
def test_a_word_read_alone_is_a_name_or_not(word, name):
    """How an English question's dictionary translation tells a name (江苏) from a word (部门)."""
    from index.annotate import is_entity_name

    assert is_entity_name(word) == name
