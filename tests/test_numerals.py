"""index/numerals.py: the one table of number words, read by question analysis, the LLM citation
checks and English answers."""

import pytest

from app.llm_facts import claim_numbers, dates
from app.scored.question import ordinal_of
from index.english_names import english_date, english_entities
from index.numerals import (
    EN_NUMBERED_ORDINALS,
    EN_NUMBERS,
    EN_ORDINALS,
    ENGLISH_DATE,
    MONTH_NAMES,
    english_date_parts,
    zh_value,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("四", 4),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("两", 2),
        ("三百", 300),
        ("一千零五", 1005),
        ("三万", 30_000),
        ("一二三", None),  # a digit sequence (一二三, 十四五) is a name, not a number
        ("十四五", None),
        ("四项", None),  # not a numeral at all
    ],
)
def test_chinese_numeral_values(numeral, value):
    assert zh_value(numeral) == value


@pytest.mark.parametrize(
    ("word", "table", "value"),
    [
        ("four", EN_NUMBERS, 4),
        ("twenty", EN_NUMBERS, 20),
        ("first", EN_ORDINALS, 1),
        ("twelfth", EN_ORDINALS, 12),
        ("twentieth", EN_ORDINALS, 20),
        ("1st", EN_NUMBERED_ORDINALS, 1),
        ("11th", EN_NUMBERED_ORDINALS, 11),
        ("22nd", EN_NUMBERED_ORDINALS, 22),
        ("93rd", EN_NUMBERED_ORDINALS, 93),
    ],
)
def test_english_number_words(word, table, value):
    assert table[word] == value


@pytest.mark.parametrize(
    ("question", "ordinal"),
    [
        ("第三项是什么？", 3),
        ("第十二条呢", 12),
        ("第二十一项", 21),
        ("第零项", 0),
        ("最后一项是什么", -1),
        ("What is the third measure?", 3),
        ("And the twelfth?", 12),
        ("What about the 2nd one?", 2),
        ("What does measure two say?", 2),
        ("What does item seven cover?", 7),  # the shared table: the old one stopped at six
        ("In the survey notice, what's section three about?", 3),  # a section is numbered as an item is
        ("它第(二)条说要出台什么管理办法?", 2),  # numbered as the texts number their sub-items
        ("工信部推工业互联网的四招,第三招是什么?", 3),  # a measure word LAC reads with the ordinal
        ("那第二招呢?", 2),
        ("第一批名单有谁?", None),  # an ordinal inside a noun phrase asks for no item
        ("第（三）条要平台增强哪些能力?", 3),
        ("那份通知第一部分第(二)条在讲什么?", 2),  # the innermost of several: the item inside the part
        ("What's the second sub-heading under the general requirements?", 2),
        ("Which part of the plan covers security?", None),  # "part" with no number names none
        ("Who attended?", None),
        ("第三方是谁", None),  # 第三方 is "a third party": 方 alone is no unit (cue class ordinal_unit)
        ("第二方面讲了什么", 2),
        ("最后一条是什么", -1),
        ("最后交给谁", None),  # 最后 before a verb is "in the end"
    ],
)
def test_question_ordinals_read_the_shared_table(question, ordinal):
    assert ordinal_of(question) == ordinal


@pytest.mark.parametrize(
    ("claim", "numbers"),
    [
        ("the ministry announced four measures", {"4"}),
        ("its twelfth plan", {"12"}),  # the old table stopped at tenth
        ("one of the first steps", set()),  # "one" and "first" are too often no count
        ("工信部提出四项举措", {"4"}),
    ],
)
def test_claim_numbers_read_the_shared_table(claim, numbers):
    assert claim_numbers(claim) == numbers


def test_months_are_one_table():
    assert len(MONTH_NAMES) == 12
    assert dates("on april 23, 2020") == [(2020, 4, 23)]
    assert dates("on 23 sept 2020") == [(2020, 9, 23)]
    assert any("April 23" in d for d in english_date("4月23日", "2020-04-24"))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("April 23, 2020", (2020, 4, 23)),
        ("23 April 2020", (2020, 4, 23)),
        ("the 23rd of April", (None, 4, 23)),
        ("Apr. 23", (None, 4, 23)),
        ("sept 9", (None, 9, 9)),
        ("in December 2019", (2019, 12, None)),
        ("in March", (None, 3, None)),
    ],
)
def test_one_english_date_pattern(text, parts):
    m = ENGLISH_DATE.search(text)
    assert m is not None and english_date_parts(m) == parts


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("What happened on April 23, 2020?", [["2020年4月23日", "4月23日"]]),
        ("What happened in Dec. 2019?", [["2019年12月"]]),  # an abbreviation with a year
        ("What did the ministry say in March?", [["3月"]]),
        ("What may the ministry do next?", []),  # "may" in lower case is a verb
        ("Any news from the mar?", []),
    ],
)
def test_a_question_reads_dates_with_the_shared_pattern(question, dates):
    found = [alternatives for _, alternatives in english_entities(question, [], [])]
    assert found == dates


def test_a_reply_states_dates_with_the_shared_pattern():
    assert dates("it met on april 23, 2020 and on 8 april") == [(2020, 4, 23), (None, 4, 8)]
    assert dates("in april 2020") == []  # no day: nothing a citation check could hold to


@pytest.mark.parametrize(
    ("quote", "dates"),
    [
        ("2019年12月2日,座谈会在北京召开", ["December 2, 2019"]),
        ("4月8日,联席会议在北京召开", ["April 8, 2018"]),  # the document's year
        # a year inside a 《…》 name names a plan: it dates nothing, so no English date is shown
        ("为推动落实《工业互联网发展行动计划(2018-2020年)》和《工业互联网专项工作组2018年工作计划》", []),
        ("落实《行动计划(2018-2020年)》,8月17日前反馈", ["August 17, 2018"]),
    ],
)
def test_an_english_note_dates_only_what_happened(quote, dates):
    assert english_date(quote, "2018-04-08") == dates
