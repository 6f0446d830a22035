"""Where a question's words begin and end: LAC's words repaired by jieba's where LAC joins characters
no dictionary has (app/scored/question_words.resegmented), and abbreviations read as the first characters
of a full form's words (index/abbreviations.py)."""

from __future__ import annotations

import pytest

from app.evidence import group_terms
from app.scored.grounding import ground
from app.scored.question import analyze
from app.scored.question_words import _question_tokens
from index.abbreviations import full_forms
from index.corpus_stats import CorpusStats
from index.fold import fold


@pytest.mark.parametrize(
    ("question", "words", "not_words"),
    [
        ("网安方面要建立什么样的保障体系？", ["网安", "方面"], ["安方面"]),  # LAC: 网 | 安方面
        ("caict有没有人参会?", ["人", "参会"], ["人参会"]),  # LAC: 人参会 (ginseng)
        ("中国电信老板是谁?", ["中国电信", "老板"], []),  # dictionary words stay as LAC has them
        ("陈肇雄在会上说了什么?", ["陈肇雄"], []),  # an entity is never re-cut
    ],
)
def test_a_word_no_dictionary_has_is_read_as_jieba_reads_it(question, words, not_words):
    found = [t.text for t in _question_tokens(fold(question))]
    assert all(w in found for w in words), found
    assert not any(w in found for w in not_words), found


def test_resegmented_words_keep_their_offsets():
    folded = fold("网安方面要建立什么样的保障体系？")
    for t in _question_tokens(folded):
        assert folded[t.start : t.end] == t.text


TEXTS = [
    "建立多层级全覆盖的网络安全保障体系,切实增强安全可控水平。",
    "中国信息通信研究院负责同志参加会议。",
    "四、完善政策环境",
    "加快网络建设,推进安全生产。",  # 网 … 安 across a comma: no full form
]


@pytest.fixture(scope="module")
def stats():
    return CorpusStats([fold(t) for t in TEXTS])


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("网安", ["网络安全"]),
        ("参会", ["参加会议"]),
        ("政环", ["政策环境"]),
        ("全覆", ["全覆盖"]),  # jieba's fine-grained words of 全覆盖 include 覆盖
        ("级盖", []),  # 多层级全覆盖: 级 and 盖 start no word (层级, 覆盖)
        ("网设", []),  # 网络建设 but 设 does not start a word (建设)
        ("安生", ["安全生产"]),
        ("老板", []),  # no characters of it in the texts
        ("网", []),  # one character is no abbreviation
        ("abc", []),
    ],
)
def test_an_abbreviation_is_found_as_the_first_characters_of_a_full_forms_words(stats, word, expected):
    assert full_forms(word, stats) == expected


@pytest.mark.parametrize(
    ("question", "term", "full_form"),
    [
        ("網安方面要建立什麼樣的保障體系？", "网安", "网络安全"),
        ("CAICT有沒有人參會？", "参会", "参加会议"),
    ],
)
def test_both_answerers_meet_the_texts_through_an_abbreviations_full_form(assistant, question, term, full_form):
    scored = {t.text: t for t in ground(analyze(question), assistant.searcher)}
    assert scored[term].present and full_form in scored[term].alternatives
    group = group_terms([term], "zh-Hant", assistant.searcher)[0]
    assert full_form in group.alternatives


@pytest.mark.parametrize(
    ("question", "merged", "not_merged"),
    [
        ("推进会是哪天开的？", "推进会", None),  # 行业应用|推进|会: the texts write it as one name
        ("有哪些人参加？", None, "人参加"),  # 负责人参加 holds 人参加, but 人 ends 负责人
    ],
)
def test_split_words_are_rejoined_only_where_the_texts_write_them_as_one(assistant, question, merged, not_merged):
    terms = _merged_terms(assistant.searcher, question)
    assert merged is None or merged in terms
    assert not_merged is None or not_merged not in terms


@pytest.mark.parametrize(
    ("question", "merged", "not_merged"),
    [
        ("政策环境那一项里提到了哪些法规？", "政策环境", None),  # 政策 alone would be the document
        ("2018年网络调查的通知主要调查哪些内容？", "主要调查", None),  # the sentence opens 主要调查
        ("国务院关于工业互联网的指导意见讲了什么？", None, "国务院关于"),  # 关于: a preposition
        ("这个政策提出了什么要求？", None, "政策提出"),  # no text writes the two as one phrase
    ],
)
def test_a_question_word_joins_a_content_word_into_a_phrase_the_texts_write(
    corpus_assistant, question, merged, not_merged
):
    terms = _merged_terms(corpus_assistant.searcher, question)
    assert merged is None or merged in terms
    assert not_merged is None or not_merged not in terms


def test_who_attended_is_answered_when_a_split_word_straddles_a_texts_word(assistant):
    assert "柯瑞文" in assistant.ask("有哪些人参加？").text


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("研究院所", ["研究院"]),  # 研究院 and 研究所 in one word: the part the texts have
        ("信息通信研究院所", ["研究院"]),  # the longest part the texts have
        ("资料中心", []),  # two-character parts (资料, 中心) say too little of the whole
        ("研究院", []),  # three characters: no compound to read
        ("老板娘们", []),  # no part in the texts
    ],
)
def test_a_compound_no_text_has_is_read_as_its_longest_known_part(stats, word, expected):
    from index.abbreviations import known_part

    assert known_part(word, stats) == expected


def test_both_answerers_find_a_compound_through_its_known_part(assistant):
    question = "有哪些研究院所派負責同志參加?"
    scored = {t.text: t for t in ground(analyze(question), assistant.searcher)}
    assert scored["研究院所"].present and "研究院" in scored["研究院所"].alternatives
    group = group_terms(["研究院所"], "zh-Hant", assistant.searcher, question)[0]
    assert "研究院" in group.alternatives
    assert "研究院" in assistant.ask(question).text


@pytest.mark.parametrize(
    ("question", "merged", "not_merged"),
    [
        ("刘烈宏说的打好团体赛是什么意思?", "打好", None),  # 打 + 好: the texts write 打好 between word edges
    ],
)
def test_two_single_characters_join_where_the_texts_write_them_as_a_word(
    corpus_assistant, question, merged, not_merged
):
    terms = _merged_terms(corpus_assistant.searcher, question)
    assert merged is None or merged in terms
    assert not_merged is None or not_merged not in terms


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("刘烈宏说要打好什么“赛”？", ["赛"]),  # one character, which a term would otherwise drop
        ("同一场座谈会上,刘烈宏说要打好什么「赛」?", ["赛"]),
        ("什么是“团体赛”和‘双碳’?", ["团体赛", "双碳"]),
        ("会议是哪天开的？", []),
        ("“The Four Measures” 是什么？", []),  # only Chinese is quoted whole; English words are grouped later
    ],
)
def test_quoted_words_are_kept_whole(question, expected):
    from app.question import content_terms, quoted_terms
    from index.fold import fold

    assert quoted_terms(fold(question)) == expected
    terms = content_terms(question, "zh-Hans")
    assert all(t in terms for t in expected)


def test_a_quoted_word_finds_the_sentence_that_says_it(corpus_assistant):
    answer = corpus_assistant.ask("刘烈宏在企业座谈会上说要打好什么“赛”？")
    assert not answer.abstained
    assert "团体赛" in answer.text


def test_the_sentence_that_writes_the_joined_phrase_answers(corpus_assistant):
    answer = corpus_assistant.ask("2018年網絡發展情況調查摸底的通知主要調查哪些內容？")
    assert not answer.abstained and "總體情況" in answer.text


def _merged_terms(searcher, question: str) -> list[str]:
    """The rules' question terms after split words are rejoined against the texts."""
    from app.question import analyze, merge_with_texts

    q = analyze(question)
    return merge_with_texts(q, list(q.terms), searcher.stats)
