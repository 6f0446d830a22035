"""Ellipsis follow-ups that name a new subject ("那中国电信呢？"): the earlier question's entity of
the same type is replaced, not kept beside the new one (app/followup_entities.replaced_entities)."""

from __future__ import annotations

import pytest

from app.followup_entities import replaced_entities
from app.question import analyze


@pytest.mark.parametrize(
    ("earlier", "follow_up", "replaced"),
    [
        ("國資委是誰出席的？", "那中國電信呢？", {"国资委"}),  # an organisation for an organisation
        ("鄔賀銓是哪個機構的？", "那魯昕呢？", {"邬贺铨"}),  # a person for a person
        ("鄔賀銓是哪個機構的？", "那中國電信呢？", set()),  # another type: nothing replaced
        ("第一项举措是什么？", "那第三项呢？", set()),  # no entity at all
    ],
)
def test_a_follow_up_replaces_the_earlier_entity_of_its_type(earlier, follow_up, replaced):
    assert replaced_entities(analyze(follow_up), analyze(earlier)) == replaced


@pytest.mark.parametrize(
    ("history", "question", "expected", "not_expected"),
    [
        (["國資委是誰出席的？"], "那中國電信呢？", "柯瑞文", "翁杰明"),
        (["国资委派谁出席了会议？"], "那中国电信呢？", "柯瑞文", "翁杰明"),
    ],
)
def test_the_new_subject_is_answered_not_the_old_one(assistant, history, question, expected, not_expected):
    answer = assistant.ask(question, history)
    assert expected in answer.text and not_expected not in answer.text


@pytest.mark.parametrize(
    ("earlier", "follow_up", "dropped"),
    [
        ("Who was the head of CAICT?", "And the China Academy of Industrial Internet?", {"caict"}),
        ("Who attended from SASAC?", "And from China Telecom?", {"sasac"}),
        ("Who attended from SASAC?", "And when was it held?", set()),  # no new name: nothing dropped
    ],
)
def test_an_english_follow_up_replaces_the_earlier_name_of_its_kind(assistant, earlier, follow_up, dropped):
    from app.followup_entities import replaced_english_names

    assert replaced_english_names(analyze(follow_up), analyze(earlier), assistant.searcher) == dropped


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("china academy of industrial internet", "中国工业互联网研究院"),
        ("ministry of finance", "财政部"),
        ("national development and reform commission", "国家发展和改革委员会"),
    ],
)
def test_the_glossary_names_the_policy_organisations(english, chinese):
    from index.crosslingual import _absent_glossary_name

    assert chinese in _absent_glossary_name(english)


@pytest.mark.parametrize(
    ("people", "earlier", "person"),
    [
        (["陈肇雄", "鲁昕", "邬贺铨"], "介绍一下鲁昕。", "鲁昕"),  # the one the earlier question asked about
        (["陈肇雄", "鲁昕", "邬贺铨"], "Tell me about Lu Xin.", "鲁昕"),  # named in pinyin
        (["柯瑞文"], "Who represented China Telecom?", "柯瑞文"),  # the answer's person
        (["陈肇雄", "鲁昕"], "谁出席了会议？", "陈肇雄"),  # none asked about: the first
    ],
)
def test_he_or_she_is_the_person_the_earlier_question_asked_about(people, earlier, person):
    from app.scored.conversation import asked_about
    from app.scored.question import analyze as analyze_scored

    assert asked_about(people, analyze_scored(earlier)) == person


def test_she_after_a_question_about_her_is_her(assistant):
    answer = assistant.ask("她以前是做什么的？", ["介绍一下鲁昕。"])
    assert "鲁昕" in answer.text and "原副部长" in answer.text


def test_a_follow_up_s_own_words_pick_the_segment_of_a_shared_sentence(corpus_assistant):
    """One sentence gives both targets; "那标识注册量的目标呢？" wants the segment that says its own
    words, not the earlier turn's (顶级节点), though it carries them to find the sentence."""
    earlier = "工信部2018年那份工业互联网发展行动计划(2018-2020年)里,到2020年底标识解析国家顶级节点打算建几个?"
    first = corpus_assistant.ask(earlier)
    assert "顶级节点" in first.text
    answer = corpus_assistant.ask("那标识注册量的目标呢?", [earlier])
    assert "20 亿" in answer.text and "顶级节点" not in answer.text


ATTENDANCE = ["工业和信息化部副部长陈肇雄", "浙江省副省长高兴夫出席会议并讲话"]


@pytest.mark.parametrize(
    ("earlier", "asked", "person"),
    [
        # the earlier question's words in one person's clause: that person
        ("Who represented Zhejiang province?", [(["浙江"], 2.5), (["代表"], 0.8)], "高兴夫"),
        ("哪位副部长出席了？", [(["副部长"], 2.0), (["出席"], 1.9)], "陈肇雄"),  # the heavier word's clause
        ("哪位副部长出席了？", [(["副部长"], 1.5), (["出席"], 1.9)], "高兴夫"),
        ("工信部是谁来的？", [(["工业和信息化部", "工信部"], 5.2)], "陈肇雄"),  # an alternative in the clause
        # no word of the question in any clause: the first, as before
        ("谁出席了？", [(["北京"], 3.0)], "陈肇雄"),
        ("谁出席了？", [], "陈肇雄"),
        # a person the question names wins whatever the clauses hold
        ("高兴夫和工信部谁讲话了？", [(["工业和信息化部"], 5.2)], "高兴夫"),
    ],
)
def test_he_is_the_person_whose_clause_holds_the_earlier_questions_words(earlier, asked, person):
    from app.scored.conversation import asked_about
    from app.scored.question import analyze as analyze_scored

    assert asked_about(["陈肇雄", "高兴夫"], analyze_scored(earlier), ATTENDANCE, asked) == person


@pytest.mark.parametrize(
    ("text", "name", "clause"),
    [
        (
            "工业和信息化部副部长陈肇雄、浙江省副省长高兴夫出席会议并讲话。",
            "高兴夫",
            "浙江省副省长高兴夫出席会议并讲话",
        ),
        ("工业和信息化部副部长陈肇雄、浙江省副省长高兴夫出席会议并讲话。", "陈肇雄", "工业和信息化部副部长陈肇雄"),
        ("中国电信集团董事长柯瑞文参加会议", "柯瑞文", "中国电信集团董事长柯瑞文参加会议"),
    ],
)
def test_a_persons_clause_holds_their_title_and_their_verb(text, name, clause):
    from app.scored.conversation import _clause_of

    start = text.index(name)
    assert _clause_of(text, start, start + len(name)) == clause


def test_he_after_a_two_person_answer_is_the_one_the_question_was_about(corpus_assistant):
    history = ["Which Zhejiang official attended the April 2018 joint meeting with MIIT?"]
    first = corpus_assistant.ask(history[0])
    assert "高兴夫" in first.text
    answer = corpus_assistant.ask("What did he say he was grateful to the ministry for?", history)
    assert "Gao Xingfu" in (answer.standalone_question or "")
