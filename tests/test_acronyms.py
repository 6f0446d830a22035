"""English abbreviations that lower case would turn into function words
(index/acronyms.spelt_out_acronyms): written out from CC-CEDICT, where a gloss's initials spell them."""

from __future__ import annotations

import pytest

from index.acronyms import spelt_out_acronyms


@pytest.mark.parametrize(
    ("question", "analysed"),
    [
        ("Which IT department officials attended?", "Which information technology department officials attended?"),
        ("Is the US mentioned?", "Is the united states mentioned?"),
        ("What did MIIT say?", "What did MIIT say?"),  # not a function word: left for the glossary
        ("Was it held in April?", "Was it held in April?"),  # the pronoun, in lower case
        ("What is it?", "What is it?"),
        ("WHAT IS IT?", "WHAT IS IT?"),  # capitals throughout say nothing
        ("工信部IT司是什么？", "工信部IT司是什么？"),  # inside Chinese: not a word of its own
    ],
)
def test_an_abbreviation_that_lower_case_would_make_a_function_word_is_written_out(question, analysed):
    assert spelt_out_acronyms(question) == analysed


@pytest.mark.parametrize(
    ("question", "earlier"),
    [
        ("Which IT department officials attended?", "What are the four measures?"),
        ("Does the IT department appear?", "Who attended the meeting?"),
    ],
)
def test_the_it_department_is_not_read_as_a_pronoun_follow_up(assistant, question, earlier):
    """Lower-cased, "IT" was "it" pointing at the earlier turn: "Which IT department officials
    attended?" after a question about the measures was answered as "which measures department
    officials attended?"."""
    answer = assistant.ask(question, [earlier])
    assert "information technology department" in answer.standalone_question
    assert not any(w in answer.standalone_question for w in ("measures", "attended the meeting"))
