"""A refusal for missing words names them (Draft.absent, app.assistant.absent_note), so the asker
knows what found nothing and can put it another way."""

import pytest

from app.assistant import absent_note
from app.extractive import as_written


@pytest.mark.parametrize(
    ("terms", "raw", "expected"),
    [
        (["budget"], "What's the Budget?", ("Budget",)),  # as the asker wrote it
        (["wei", "zhang"], "Who is Zhang Wei?", ("Zhang Wei",)),  # one name, in the question's order
        (["faster", "flavours"], "what flavours of talent, trained faster?", ("flavours", "faster")),
        (["预算", "财政"], "这项政策的财政预算是多少？", ("财政预算",)),  # neighbours: one phrase
        (["预算"], "這項政策的預算是多少？", ("预算",)),  # folded, not in the raw text: kept as is
        ([], "anything", ()),
    ],
)
def test_absent_words_are_shown_as_written_in_the_questions_order(terms, raw, expected):
    assert as_written(terms, raw) == expected


@pytest.mark.parametrize(
    ("words", "script", "shown"),
    [
        (("plank", "flavours"), "en", "plank, flavours"),
        (("财政预算",), "zh-Hant", "財政預算"),  # in the asker's script
        (("预算", "总理"), "zh-Hans", "预算、总理"),
    ],
)
def test_the_note_lists_the_words_in_the_askers_script(words, script, shown):
    note = absent_note(words, script)
    assert shown in note


def test_no_words_no_note():
    assert absent_note((), "en") == ""


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("這項政策的財政預算是多少？", "預算"),
        ("What is the budget of the four measures?", "budget"),
        ("Who is Zhang Wei?", "Zhang Wei"),
        # an English name no text has is refused as a pinyin name is (tests/test_domain_terms.py)
        ("What did China Mobile's chairman say at the promotion meeting?", "China Mobile"),
        ("Which China Unicom executives were at the meeting?", "China Unicom"),
    ],
)
def test_a_refusal_for_missing_words_names_them(assistant, question, named):
    answer = assistant.ask(question)
    assert answer.abstained
    assert named in answer.notice


@pytest.mark.parametrize(
    "question",
    [
        "哪位中國工程院院士參加了會議？",  # answered: no note
        "Actually, who is the vice minister?",  # a missing "actually" is no news to the asker
    ],
)
def test_no_note_without_a_weighty_missing_word(assistant, question):
    answer = assistant.ask(question)
    assert "No text uses" not in answer.notice and "都沒有出現" not in answer.notice
