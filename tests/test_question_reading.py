"""Stage tables for reading a question's wording: English tokens, clitics and dictionary glosses,
framing words in every form, counted question words, English phrases inside a Chinese question,
variant spellings and Taiwan wording — each before any answer is chosen (split from
tests/test_answer_types.py, which keeps the answer types)."""

from __future__ import annotations

import pytest

from app.evidence import satisfies
from app.question import analyze
from index.passage import Passage


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("network", "网络"),  # CC-CEDICT: "network (computing, telecommunications, transport etc)"
        ("speed up", "加快"),
        ("talent", "人才"),
    ],
)
def test_a_dictionary_gloss_with_commas_inside_its_parenthesis_is_read_whole(english, chinese):
    from index.crosslingual import _gloss_index

    assert chinese in _gloss_index()[english]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("MIIT's plan", ["miit", "plan"]),
        ("Which provinces' departments", ["which", "provinces", "departments"]),  # plural possessive
        ("the 2018-2020 plan", ["the", "2018-2020", "plan"]),
        ("I'm writing; it'll help", ["i", "writing", "it", "help"]),  # contracted verbs
        ("We're told they've met", ["we", "told", "they", "met"]),
        ("Didn't he? Isn't it?", ["did", "he", "is", "it"]),  # negation
        ("can't, won't", ["can", "will"]),
        (
            "a 'big country' of 'Internet + advanced manufacturing'",
            ["a", "big", "country", "of", "internet", "advanced", "manufacturing"],
        ),
    ],
)
def test_english_clitics_and_quote_marks_are_removed(text, tokens):
    from index.crosslingual import english_tokens, english_word_spans

    assert english_tokens(text) == tokens
    spans = english_word_spans(text)  # offsets kept; "won't" is "will" where "won'" stood
    assert all(text.lower()[start:end] == word or word in {"can", "will"} for word, start, end in spans)


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        ("3月1日,工业互联网企业座谈会在京召开。", True),  # 京: one character, still Beijing
        ("座谈会在北京召开。", True),
        ("座谈会如期召开。", False),
    ],
)
def test_a_single_character_place_answers_where(text, answers):
    p = Passage("c", "d", "t", "", "", 0, len(text), text)  # no stored places: the annotator's words
    assert satisfies("where", text, p) == answers


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("要加快哪两类网络建设？", "两类"),  # the 哪两类: a count of the answer's parts, not content
        ("融合应用要促进哪两方面的融通发展？", "两方面"),
        ("工信部提出了几项举措？", "几项"),
    ],
)
def test_a_counted_question_word_is_not_a_content_term(question, absent):
    assert absent not in analyze(question).terms


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("工信部 vice minister 是谁？", "vice minister"),
        ("工信部 deputy minister 是谁？", "deputy minister"),
        ("CAICT有没有人参加？", "caict"),  # one word stays one word
    ],
)
def test_english_words_together_in_a_chinese_question_are_one_phrase(question, term):
    assert term in analyze(question).terms


@pytest.mark.parametrize(
    ("question", "kept", "not_kept"),
    [
        ("调查对象包括哪些企业?", "对象", "象"),  # a dictionary word keeps its first character
        ("对外开放有什么要求?", "对外开放", "外开放"),
        ("会议是在线开的吗?", "在线", "线"),
        ("这次开的会在哪?", "会", "的会"),  # a particle the segmenter glued on still goes
    ],
)
def test_only_a_particle_glued_to_a_word_is_stripped_from_a_term(question, kept, not_kept):
    terms = analyze(question).terms
    assert kept in terms and not_kept not in terms


@pytest.mark.parametrize(
    ("question", "word", "entity"),
    [
        ("鲁昕现在在哪个学会任职?", "现在", False),  # points at a time, names none
        ("鲁昕目前在哪个学会任职?", "目前", False),
        ("2019年12月的座谈会是谁主持的?", "2019年12月", True),  # a date is a name a text must give
    ],
)
def test_a_relative_time_word_is_no_entity_in_the_scored_analysis(question, word, entity):
    from app.scored.question import analyze as analyze_scored
    from app.terms import SETTINGS

    term = next(t for t in analyze_scored(question).terms if t.text == word)
    assert term.entity == entity
    assert (term.weight >= SETTINGS.entity_floor) == entity


def test_variant_spellings_fold_to_one_of_the_same_length():
    from index.fold import fold

    assert fold("甚麼時候") == "什么时候" and len(fold("甚麼時候")) == 4


# --- Taiwan wording in a Traditional question (index/fold.mainland_wording) ---------------------
@pytest.mark.parametrize(
    ("question", "wording"),
    [
        ("工業網際網路要加快發展嗎", "工业互联网要加快发展吗"),
        ("5G網路建設", "5G网络建设"),
        ("中國資訊通信研究院", "中国信息通信研究院"),
        ("工業互聯網", "工业互联网"),  # the texts' own wording, unchanged but for the script
        ("What is 5G?", "What is 5G?"),  # not Traditional: untouched
    ],
)
def test_taiwan_wording_becomes_the_texts_wording_for_analysis(question, wording):
    from index.fold import mainland_wording

    assert mainland_wording(question) == wording


def test_a_question_in_taiwan_wording_is_answered_in_traditional(assistant):
    answer = assistant.ask("工業網際網路行業應用推進會是哪天開的？")
    assert not answer.abstained and answer.script == "zh-Hant"
    assert [c.text for c in answer.citations] == ["4月23日"]


@pytest.mark.parametrize(
    ("word", "framing"),
    [
        ("mentioned", True),
        ("mention", True),
        ("mentions", True),
        ("says", True),
        ("stations", False),
        ("talent", False),
    ],
)
def test_an_english_framing_word_frames_in_every_form(word, framing):
    from index.crosslingual import is_stopword

    assert is_stopword(word) == framing


@pytest.mark.parametrize(
    ("word", "kept"),
    [
        ("干什么", ""),  # the segmenter keeps it whole; 什么 asks and 干 names nothing
        ("中小企业", "中小企业"),
        ("我国", "我国"),  # 我 is a pronoun, but no asking one
        ("其他", "其他"),  # one word, no parts
    ],
)
def test_an_asking_pronoun_inside_a_segmented_word_is_no_content(word, kept):
    from app.question import without_asking_part

    assert without_asking_part(word) == kept


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("这一项具体要中小企业干啥?", ["中小企业"]),
        ("这一项具体要中小企业做什么?", ["中小企业"]),  # the same question, segmented apart
        ("能不能列出四项举措?", ["举措"]),  # A-not-A asks yes or no: 不能 is no negation here
        ("会议是不是在北京召开?", ["会议", "北京", "召开"]),
    ],
)
def test_colloquial_asking_verbs_leave_only_the_content_words(question, terms):
    assert analyze(question).terms == terms
