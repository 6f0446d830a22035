"""Alternative questions (app/alternatives.py): the two sides of a choice, read by grammar, and an
answer that must name one of them — in the rules and in the scored answerer alike."""

import pytest

from app.alternatives import alternatives, names_a_side
from index.fold import detect_script, fold


@pytest.mark.parametrize(
    ("question", "terms", "sides"),
    [
        # Chinese: the characters that differ on the two sides of 还是, whatever the segmenter cuts
        ("会议是线上开的还是线下开的？", [], ("线上", "线下")),
        ("這次推進會是線上開還是線下開的?", [], ("线上", "线下")),
        ("这次会是在北京开还是在杭州开的", [], ("北京", "杭州")),
        ("推进会是怎么开的，现场还是网上？", [], ("现场", "网上")),
        # 还是 opening a clause means "still": no choice
        ("還是那份行動計劃,目標裡說要建成幾個節點?", [], ()),
        ("那份计划的目标是什么？", [], ()),
        # English: "or" in a clause an auxiliary opens, or after a dash; the terms on each side
        ("Was the meeting held online or in person?", ["meeting", "online", "person"], ("online", "person")),
        ("Where was it held — Beijing or somewhere else?", ["beijing", "somewhere"], ("beijing", "somewhere")),
        # a disjunctive category, and "yes or no" in a clause no auxiliary opens: no choice
        ("Which research institutes or think tanks sent people?", ["research institutes", "think tanks"], ()),
        ("Quick yes or no: does the piece mention the cloud?", ["piece", "cloud"], ()),
    ],
)
def test_the_sides_of_a_choice(question, terms, sides):
    script = detect_script(question)
    assert alternatives(fold(question), terms, script) == sides


@pytest.mark.parametrize(
    ("sides", "hits", "text", "named"),
    [
        (("线上", "线下"), set(), "会议以线上线下相结合的形式召开。", True),
        (("线上", "线下"), {"会议"}, "4月23日,工业和信息化部召开推进会。", False),
        (("online", "person"), {"online"}, "…", True),  # an English side meets the text as a hit
        (("online", "person"), {"meeting"}, "4月23日,工业和信息化部召开推进会。", False),
    ],
)
def test_a_sentence_names_a_side(sides, hits, text, named):
    assert names_a_side(sides, hits, fold(text)) == named


def test_a_choice_the_text_does_not_settle_is_refused(assistant):
    answer = assistant.ask("Was the April 23 industrial internet application meeting held online or in person?")
    assert answer.abstained


def test_a_choice_is_answered_by_the_sentence_that_names_a_side(corpus_assistant):
    answer = corpus_assistant.ask("2020年8月信息技术发展司的平台推进会是线上开的还是线下开的？")
    assert not answer.abstained
    assert "线上线下相结合" in answer.text
    assert all("线上" in c.text or "线下" in c.text for c in answer.citations)
