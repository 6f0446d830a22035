"""An English common noun that names are built on ("the ministry", "which provinces") means the
names of that kind the texts give (index/crosslingual.py ``instances_of``): CC-CEDICT translates
"ministry" only as 部, no word of its own, so without this such a question missed a word it asks."""

import pytest

from index.crosslingual import instances_of, name_head_noun, names_a_kind, translations


@pytest.mark.parametrize(
    ("gloss", "head"),
    [
        ("Ministry of Education", "ministry"),  # "X of Y": the word before "of"
        ("National Health Commission", "commission"),  # otherwise the last word
        ("Zhejiang province (Chekiang) in east China", "province"),  # a name, then its kind
        ("Shanghai municipality, central east China", "municipality"),
        ("Guangxi autonomous region", ""),  # an adjective names no kind
        ("Beijing", ""),  # one word: a name, built on nothing
        ("big data", ""),  # no name at all
        ("to put forward", ""),
    ],
)
def test_the_noun_a_name_is_built_on(gloss, head):
    assert name_head_noun(gloss) == head


@pytest.mark.parametrize(
    ("noun", "text", "expected"),
    [
        ("ministry", "4月23日,工业和信息化部召开会议,教育部原副部长出席", ["工业和信息化部", "教育部"]),
        ("ministries", "教育部原副部长", ["教育部"]),  # the plural, by its dictionary form
        ("provinces", "浙江省和江苏省的主管部门", ["江苏", "浙江"]),
        ("commission", "国家卫生健康委员会相关司局", ["国家卫生健康委员会"]),
        ("ministry", "统筹部署", []),  # 部 inside another word is no ministry
        ("meeting", "工业和信息化部召开会议", []),  # no kind of name: nothing stands in for it
    ],
)
def test_a_kind_noun_finds_the_names_of_its_kind_the_text_gives(noun, text, expected):
    assert instances_of(noun, text) == expected


def test_a_kind_noun_is_no_name_of_its_own():
    """ "Ministry of Industry …" goes on with "of": "ministry" is not that ministry's name, only the
    kind it is (``dictionary_names`` is for names; ``instances_of`` for kinds)."""
    from index.crosslingual import dictionary_names

    assert "工业和信息化部" not in dictionary_names("ministry")
    assert "工业和信息化部" in instances_of("ministry", "工业和信息化部")


@pytest.mark.parametrize(
    ("word", "text", "expected"),
    [
        ("ministry", "教育部原副部长", ["教育部"]),  # 部 alone is too short a translation
        ("meeting", "工业和信息化部召开会议", ["会议"]),  # a word that translates keeps its translation
    ],
)
def test_the_names_of_a_kind_stand_in_only_where_no_translation_occurs(word, text, expected):
    assert translations(word, text) == expected


@pytest.mark.parametrize(
    ("word", "kind"),
    [("ministry", True), ("commission", True), ("province", True), ("china", False), ("meeting", False)],
)
def test_a_name_is_no_kind_noun(word, kind):
    """ "China" ends names ("Great China") but is a name itself: it stays a name."""
    assert names_a_kind(word) == kind


@pytest.mark.parametrize(
    ("question", "phrase", "kept", "entity"),
    [
        # the kind after a name the question gives says nothing more than the name
        ("Who represented Jiangsu province at the meeting?", "province", False, False),
        ("What did the provinces report at the symposium?", "provinces", True, False),
        # "the ministry" stands for a ministry; it is no name that a passage must give
        ("How many measures did the ministry announce?", "ministry", True, False),
    ],
)
def test_a_kind_noun_in_an_english_question(corpus_assistant, question, phrase, kept, entity):
    from app.scored.grounding import ground
    from app.scored.question import analyze

    terms = {t.text: t for t in ground(analyze(question), corpus_assistant.searcher)}
    assert (phrase in terms) == kept
    if kept:
        assert terms[phrase].present and terms[phrase].entity == entity


def test_a_kind_that_ends_a_name_of_its_own_stays(corpus_assistant):
    """ "China Mobile" is a name (中国移动), not China and a kind of thing: its "mobile" stays a term."""
    from app.scored.grounding import ground
    from app.scored.question import analyze

    terms = {t.text for t in ground(analyze("Did the boss of China Mobile attend?"), corpus_assistant.searcher)}
    assert "mobile" in terms or "china mobile" in terms


@pytest.mark.parametrize(
    ("short", "long", "alike"),
    [
        ("省", "省份", True),  # one noun, written longer: "province"
        ("城市", "城市", True),
        ("人", "人才", False),  # a word that merely begins with the other
        ("企业", "企业家", False),
    ],
)
def test_two_words_are_one_noun_when_the_dictionary_glosses_them_alike(short, long, alike):
    from index.crosslingual import glossed_alike

    assert glossed_alike(short, long) is alike
