"""Follow-ups that pick one of an earlier answer's set ("which one of them", "among them", 他们中):
the pronoun is not replaced by the earlier question's topic ("among MIIT"), the earlier question is
carried as context, and the follow-up's own words pick the clause (app/scored/conversation.standalone,
app/extractive.ExtractiveAnswerer._own)."""

from __future__ import annotations

import pytest

from app.evidence import TermGroup
from app.extractive import ExtractiveAnswerer

ATTENDED = "Who attended the MIIT industrial internet industry application meeting on April 23, 2020?"


@pytest.mark.parametrize(
    ("history", "question", "expected", "not_expected"),
    [
        ([ATTENDED], "And the former vice minister of education among them, who's that?", "Lu Xin", "Chen Zhaoxiong"),
        ([ATTENDED], "Which one of them is an academician?", "Wu Hequan", "Ke Ruiwen"),
        (["4月23日的会议有哪些人参加?"], "他们中谁是院士?", "邬贺铨", "柯瑞文"),
    ],
)
def test_a_partitive_follow_up_picks_one_of_the_earlier_answers_set(
    assistant, history, question, expected, not_expected
):
    answer = assistant.ask(question, history)
    assert expected in answer.text and not_expected not in answer.text
    assert "among miit" not in answer.standalone_question.lower()


def test_a_plain_pronoun_is_still_the_earlier_answers_person(assistant):
    """Not every pronoun is partitive: "his" after a who-question is the person that answer named."""
    answer = assistant.ask("What is his other title?", ["Who is the former vice minister of education?"])
    assert "Lu Xin" in answer.standalone_question


@pytest.mark.parametrize(
    ("asked", "groups", "own"),
    [
        # an English group is a phrase: it is the asker's when all its words are
        (
            {"the", "former", "vice", "minister", "of", "education"},
            ["vice minister", "education", "miit"],
            ["vice minister", "education"],
        ),
        ({"陈肇雄", "职务"}, ["陈肇雄", "会议", "职务"], ["陈肇雄", "职务"]),
        ({"them"}, ["miit", "meeting"], ["miit", "meeting"]),  # nothing of its own: every group
        (set(), ["miit", "meeting"], ["miit", "meeting"]),  # not a follow-up
    ],
)
def test_a_follow_ups_own_words_pick_the_clause(assistant, asked, groups, own):
    answerer = ExtractiveAnswerer(assistant.searcher)
    answerer._asked = asked
    picked = answerer._own([TermGroup(g, [g]) for g in groups])
    assert [g.term for g in picked] == own
