"""Leader words (老板, 一把手, boss, big cheese) read as "a name the question gives + a head title"
(app/leaders.py): each stage as a table, then both answerers on a small collection."""

import pytest

from app.leaders import english_leader_phrases, heads_of, is_leader_word, leader_alternatives
from index.corpus_stats import CorpusStats

TEXTS = [
    "中国电信集团董事长柯瑞文参加会议。",
    "工业和信息化部副部长陈肇雄出席会议。",
    "中国职业技术教育学会会长、教育部原副部长鲁昕参加会议。",
    "浙江省人民政府办公厅主任王某讲话。",
]
STATS = CorpusStats(TEXTS)


@pytest.mark.parametrize(
    ("word", "leader"),
    [("老板", True), ("一把手", True), ("boss", True), ("Boss", True), ("big cheese", True),
     ("董事长", False), ("head", False), ("chief", False), ("会议", False)],
)  # fmt: skip
def test_leader_words_come_from_the_cue_file(word, leader):
    assert is_leader_word(word) is leader


@pytest.mark.parametrize(
    ("names", "heads"),
    [
        (["中国电信"], ["中国电信集团董事长"]),  # a few characters (集团) between name and title
        (["中国职业技术教育学会"], ["中国职业技术教育学会会长"]),
        (["工业和信息化部"], []),  # 副部长 is a deputy, not the head
        (["教育部"], []),  # 原副部长: a former deputy
        (["浙江省人民政府"], ["浙江省人民政府办公厅主任"]),
        (["中国移动"], []),  # a name no text has
        (["信", "boss"], []),  # one character, or not Chinese: not a name to look after
    ],
)
def test_heads_of_a_name(names, heads):
    assert heads_of(names, STATS) == heads


@pytest.mark.parametrize(
    ("word", "others", "expected"),
    [
        ("老板", [["中国电信"], ["是"]], ["中国电信集团董事长"]),
        ("boss", [["中国电信"]], ["中国电信集团董事长"]),
        ("一把手", [["工信部", "工业和信息化部"]], []),  # found nowhere: absent, like any word
        ("董事长", [["中国电信"]], None),  # not a leader word: left to the ordinary lookup
    ],
)
def test_leader_alternatives(word, others, expected):
    assert leader_alternatives(word, others, STATS) == expected


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("Who's the boss of China Telecom?", ["boss"]),
        ("Which SOE big cheese was at the meeting?", ["big cheese"]),
        ("Who is the head of the delegation?", []),
        ("What did the bosses say?", ["bosses"]),
    ],
)
def test_english_leader_phrases(question, phrases):
    assert english_leader_phrases(question) == phrases


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("中国电信的老板是谁？", "柯瑞文"),
        ("中國電信的一把手有沒有來？", "柯瑞文"),
        ("Who's the boss of China Telecom that showed up?", "Ke Ruiwen"),
        ("Who is China Telecom's top dog?", "Ke Ruiwen"),
    ],
)
def test_a_leader_word_is_answered_by_the_head_title(assistant, question, expected):
    answer = assistant.ask(question)
    assert not answer.abstained and expected in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "工信部的一把手来了吗？",
        "Who is the boss of MIIT?",
        "中国移动的老板来了吗？",
        "Did the boss of China Mobile attend?",
    ],
)
def test_a_leader_word_no_head_title_answers_is_refused(assistant, question):
    # 工业和信息化部副部长 is a deputy: the head of MIIT is not named, so neither answerer guesses
    assert assistant.ask(question).abstained
