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


# --- a person LAC misses inside a list of people (index/annotate._names_among_names) ---------------
@pytest.mark.parametrize(
    ("text", "person", "tagged"),
    [
        # LAC reads 高红卫 as an adjective here; the items either side end with people
        ("中国工程院院士孙优贤、高金吉、李伯虎,航天科工党组书记高红卫,中国信息通信研究院院长刘多。", "高红卫", True),
        ("院士李伯虎,航天科工党组书记高红卫。", "高红卫", False),  # the list ends: one neighbour only
        ("加快全光纤网络、5G网络建设,推进工业企业内网改造。", "建设", False),  # no people either side
        ("院长刘多、党组书记高红卫、院长徐晓兰。", "高红卫", True),  # 、 joins items too
        ("院长刘多、党组书记高红卫、院长徐晓兰参加会议。", "高红卫", False),  # the next item ends with 会议
    ],
)
def test_an_item_between_two_people_that_ends_like_a_name_is_a_person(text, person, tagged):
    from index.annotate import tag

    tags = {t.text: t.tag for t in tag(text)}
    assert (tags.get(person) == "PER") is tagged


def test_a_person_named_only_in_a_list_can_be_asked_about(corpus_assistant):
    who = corpus_assistant.ask("Who is Gao Hongwei?")
    assert not who.abstained and [c.text for c in who.citations] == ["航天科工党组书记高红卫"]
    # listed as present, reported as saying nothing: the attendance sentence is no answer
    assert corpus_assistant.ask("高红卫说了什么？").abstained
