"""A paragraph's opening sentence sets the scene for the sentences after it (app/scored/candidates):
"4月23日,…召开…推进会。" tells which meeting "…出席会议" is about, so a question naming the date and
the meeting meets the attendance sentence as if those words were in its header."""

from __future__ import annotations

import pytest

from app.scored.candidates import _opens_paragraph
from index.passage import Passage

TEXT = "来源:工信微报\n  4月23日,召开推进会。副部长出席会议,院士参加会议。\n二、深化融合应用"


def _passage(start: int = 100) -> Passage:
    return Passage("c", "d", "t", "", "", start, start + len(TEXT), TEXT)


@pytest.mark.parametrize(
    ("sentence", "opens"),
    [
        ("来源", True),  # the passage's start
        ("4月23日", True),  # after a line break and indentation
        ("副部长", False),  # after a sentence of the same paragraph
        ("二、", True),
    ],
)
def test_where_a_paragraph_opens(sentence, opens):
    p = _passage()
    assert _opens_paragraph(p, p.start + TEXT.index(sentence)) == opens


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which two senior government officials were present at the April 23 meeting?", "翁杰明"),
        ("Which two senior government officials were present at the April 23 meeting?", "陳肇雄"),
    ],
)
def test_a_question_naming_the_scene_meets_the_sentence_after_it(assistant, question, expected):
    assert expected in assistant.ask(question).text
