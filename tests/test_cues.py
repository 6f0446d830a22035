"""The rule answerer's vocabulary lives in app/data/cues.tsv and index/english_words.tsv: the table
checks that each class loads as the code uses it (patterns exactly as written, not lower-cased)."""

import pytest

from app import cues
from app.question import analyze
from index.crosslingual import STOPWORDS, SYNONYMS


@pytest.mark.parametrize(
    "question, kind",
    [
        ("陈肇雄是谁？", "who"),
        ("會議是哪一天召開的？", "when"),
        ("会议在哪里召开？", "where"),
        ("会议在哪召开？", "where"),
        ("座谈会在哪个城市开的？", "where"),
        ("工业互联网要在哪些领域深度应用？", "what"),  # 在哪些 + a noun: which ones, not where
        ("鲁昕以前在哪个部门工作？", "organisation"),  # 在哪个 + a noun: the noun says what is asked
        ("四项举措是什么？", "list"),
        ("一共有几项举措？", "count"),
        ("翁杰明的职务是什么？", "role"),
        ("李颖的职级是什么？", "role"),  # a rank (职级) is asked as a post is
        ("What is his rank?", "role"),
        ("陈肇雄说了什么？", "said"),
        ("工业APP属于哪一项举措？", "which_item"),
        ("What are the measures?", "list"),  # \S and \b survive: patterns are not lower-cased
        ("Who attended?", "who"),
    ],
)
def test_rule_kinds_from_cue_file(question, kind):
    assert analyze(question).kind == kind


@pytest.mark.parametrize(
    "cls, member",
    [("question_word", "什么"), ("structure_noun", "举措"), ("answer_frame", "要求"), ("title_suffix", "部长")],
)
def test_word_classes(cls, member):
    assert member in cues.words(cls)


def test_character_classes_and_english_words():
    assert set(cues.chars("role_modifier")) == set("副原前代")
    assert cues.ending_with("title_suffix").search("副部长")
    assert not cues.ending_with("title_suffix").search("部长们说")
    assert "the" in STOPWORDS and "minister" not in STOPWORDS
    assert SYNONYMS == {"vice": "deputy"}
    assert r"\S" in cues.pattern("list").pattern


@pytest.mark.parametrize(
    "cls, spelling",
    [
        ("summary", "summarise"),
        ("summary", "summarize"),
        ("organisation", "which organisation"),
        ("organisation", "which organization"),
        ("said", "emphasise"),
        ("said", "emphasize"),
    ],
)
def test_english_cues_match_in_either_spelling(cls, spelling):
    assert spelling in cues.words(cls)


@pytest.mark.parametrize(
    "british, chinese",
    [("centre", "中心"), ("organisations", "组织"), ("programme", "计划")],
)
def test_british_spellings_meet_the_dictionary(british, chinese):
    from index.crosslingual import translations

    assert chinese in translations(british, "数据中心 组织 计划 规划 项目")


@pytest.mark.parametrize(
    "word, american", [("centre", "center"), ("labour", "labor"), ("china", "china"), ("5g", "5g")]
)
def test_american_spelling(word, american):
    from index.crosslingual import american_spelling

    assert american_spelling(word) == american


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which government body does Weng Jieming work for?", "organisation"),  # "which body"
        ("Which state-owned company sent its chairman?", "organisation"),
        ("Which two senior government officials attended?", "who"),  # "which official", plural
        ("Which two cities get the nodes?", "where"),  # "which city": cities
        ("What exact date was the meeting?", "when"),  # "what date"
        ("What does the first measure say?", "said"),  # "what does" is no noun cue
    ],
)
def test_a_which_cue_allows_modifiers_and_a_plural(question, kind):
    from app.scored.question import analyze as analyze_scored

    assert analyze_scored(question).p(kind) > 0


@pytest.mark.parametrize(
    "question, asks",
    [
        ("陈肇雄是谁", True),
        ("陈肇雄为何人", True),
        ("陈肇雄是什么人", True),
        ("陈肇雄是哪年出生的", False),
        ("谁和陈肇雄一起出席", False),
    ],
)
def test_a_name_before_copula_and_who_word_asks_what_the_person_is(question, asks):
    """Cue classes ``copula`` and ``who_is`` (app/extractive.py)."""
    import re

    from app.extractive import _asks_who_one_is

    assert bool(re.search("陈肇雄" + _asks_who_one_is(), question)) is asks


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("陈肇雄充分肯定成绩。他指出,要加快发展。", "陈肇雄"),  # cue class ``speaker_pronoun``
        ("陈肇雄充分肯定成绩。她指出,要加快发展。", "陈肇雄"),
        ("陈肇雄充分肯定成绩。会议指出,要加快发展。", ""),
    ],
)
def test_a_pronoun_speaker_is_the_paragraph_subject(paragraph, speaker):
    from app.speakers import Speakers
    from index.fold import fold

    s = Speakers(paragraph, 0, ("陈肇雄",))
    first_end = paragraph.index("。") + 1
    s.read(fold(paragraph[:first_end]), first_end)
    s.read(fold(paragraph[first_end:]), len(paragraph))
    assert s.before(len(paragraph) - 1) == speaker


@pytest.mark.parametrize(
    ("piece", "item"),
    [
        ("、和邬贺铨", "邬贺铨"),
        ("以及柯瑞文", "柯瑞文"),  # 以及, a joiner the pattern used to lack
        ("与鲁昕", "鲁昕"),
        (", and Lu Xin", "Lu Xin"),
    ],
)
def test_a_model_lists_items_with_the_cue_files_joiners(piece, item):
    from app.llm_check import LIST_JOINER

    assert LIST_JOINER.sub("", piece).strip() == item


@pytest.mark.parametrize(
    ("sentence", "person", "resolved"),
    [
        ("此外，他还是董事长", "邬贺铨", "此外，邬贺铨还是董事长"),  # a linking word, then the pronoun
        ("他还是董事长", "邬贺铨", "邬贺铨还是董事长"),
        ("他们也参加了会议", "邬贺铨", "他们也参加了会议"),  # 他们 is not one person
        ("He also chairs the society.", "Lu Xin", "Lu Xin also chairs the society."),
        ("Hence the meeting.", "Lu Xin", "Hence the meeting."),
    ],
)
def test_a_replys_pronoun_names_the_last_person(sentence, person, resolved):
    from app.llm_check import _resolve_pronoun

    assert _resolve_pronoun(sentence, person) == resolved


@pytest.mark.parametrize(
    ("cls", "cue", "listed"),
    [
        ("where", "哪些城市", True),  # the data lists 哪个城市
        ("where", "哪几个省", True),
        ("site", "哪些网站", True),
        ("site", "哪本刊物", True),  # the outlet a page appeared in: 刊物 by any which-determiner
        ("site", "哪份刊物", True),
        ("organisation", "哪几个部门", False),  # not an entity kind here: "which ones" stays a list
        ("which_item", "哪些方面", False),  # 哪一方面 asks for one item, 哪些方面 for a list
    ],
)
def test_an_entity_cue_holds_for_every_which_determiner(cls, cue, listed):
    assert (cue in cues.words(cls)) == listed


@pytest.mark.parametrize(("cue", "base"), [("哪些城市", "哪个城市"), ("哪几个省", "哪个省"), ("哪里", "哪里")])
def test_a_determiner_variant_reads_back_as_its_cue(cue, base):
    assert cues.base_cue(cue) == base
