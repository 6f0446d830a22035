"""Corpus statistics (index/corpus_stats.py): the character-gram index answers exactly what a
substring test of every passage answers, on a tiny deterministic corpus."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.corpus_stats import FILES, CorpusStats, GramPostings

ROLE_MODIFIERS = "副原前代"

PASSAGES = [
    "工业和信息化部副部长陈肇雄出席会议",  # 0
    "部长强调加快工业互联网发展",  # 1
    "一、加快设施建设\n推进5g网络和边缘计算",  # 2: a heading line, then its text
    "the budget of this policy is not stated",  # 3
    "哈哈与工业互联网",  # 4: ends with 网
    "平台建设原副部长",  # 5: starts with 平 (网|平 only across the boundary)
    "",  # 6: an empty passage
    "𠀋字与budget",  # 7: a character outside the BMP
]


def unmodified(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] not in ROLE_MODIFIERS


def by_scan(term: str, accept=None) -> set[int]:
    """The reference: a substring test of every passage (with the veto on each occurrence)."""
    found = set()
    for i, text in enumerate(PASSAGES):
        pos = text.find(term)
        while pos != -1:
            if accept is None or accept(text, pos):
                found.add(i)
                break
            pos = text.find(term, pos + 1)
    return found


def joined_corpus_scan(term: str) -> set[int]:
    """What the answering code did before: ``str.find`` over the passages joined by newlines."""
    corpus = "\n".join(PASSAGES)
    starts = np.cumsum([0] + [len(p) + 1 for p in PASSAGES[:-1]])
    found, pos = set(), corpus.find(term)
    while pos != -1:
        found.add(int(np.searchsorted(starts, pos, side="right")) - 1)
        pos = corpus.find(term, pos + 1)
    return found


@pytest.fixture(scope="module")
def stats() -> CorpusStats:
    return CorpusStats(PASSAGES)


TERMS = [
    ("部长", {0, 1, 5}),  # inside 副部长 too
    ("副部长", {0, 5}),
    ("部", {0, 1, 5}),  # a single character
    ("网", {1, 2, 4}),
    ("工业互联网", {1, 4}),
    ("网平", set()),  # only across the boundary of passages 4 and 5: never a match
    ("哈哈哈", set()),  # every pair of it occurs (哈哈), the whole does not
    ("哈哈", {4}),
    ("建设\n推进", {2}),  # a newline inside one passage
    ("budget", {3, 7}),  # Latin words are substrings too
    ("policy", {3}),
    ("5g", {2}),
    ("𠀋字", {7}),
    ("预算", set()),
    ("z", set()),
    ("", set(range(len(PASSAGES)))),  # "" is in every string, as str.find says
]


@pytest.mark.parametrize(("term", "expected"), TERMS)
def test_the_index_answers_like_a_substring_scan_of_every_passage(stats, term, expected):
    assert by_scan(term) == expected
    assert stats.passages_containing(term) == expected
    assert stats.document_frequency(term) == len(expected)
    assert stats.occurs(term) is bool(expected)
    assert (term in stats) is bool(expected)


@pytest.mark.parametrize(("term", "expected"), [t for t in TERMS if t[0] and "\n" not in t[0]])
def test_it_agrees_with_the_old_joined_corpus_scan_on_terms_without_a_newline(stats, term, expected):
    assert stats.passages_containing(term) == joined_corpus_scan(term) == expected


def test_a_term_spanning_two_passages_matched_the_joined_corpus_but_not_the_index(stats):
    spanning = "网\n平"  # the end of passage 4, the separator, the start of passage 5
    assert joined_corpus_scan(spanning) == {4}
    assert stats.passages_containing(spanning) == set() and spanning not in stats


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("部长", {1}),  # 副部长 is not 部长
        ("副部长", {0}),  # 原副部长 is vetoed, 部长副部长 is not
        ("陈肇雄", {0}),
        ("预算", set()),
    ],
)
def test_a_veto_on_each_occurrence_is_applied_per_passage(stats, term, expected):
    assert by_scan(term, unmodified) == expected
    assert stats.passages_containing(term, unmodified) == expected
    assert stats.document_frequency(term, unmodified) == len(expected)
    assert stats.occurs(term, unmodified) is bool(expected)


def test_answers_are_remembered_per_string_and_veto(stats, monkeypatch):
    stats.document_frequency("边缘计算")
    stats.occurs("加快设施")
    monkeypatch.setattr(stats, "candidates", lambda term: (_ for _ in ()).throw(AssertionError(term)))
    assert stats.document_frequency("边缘计算") == 1 and stats.occurs("边缘计算")
    assert stats.occurs("加快设施")


@pytest.mark.parametrize("block", [1, 3, 1000])
def test_building_in_blocks_gives_the_same_tables(block):
    whole, parts = GramPostings.build(PASSAGES), GramPostings.build(PASSAGES, block=block)
    for name in ("grams", "offsets", "passages"):
        assert np.array_equal(getattr(whole, name), getattr(parts, name))


def test_saved_tables_are_memory_mapped_and_answer_the_same(tmp_path):
    GramPostings.build(PASSAGES).save(tmp_path)
    loaded = GramPostings.load(tmp_path)
    assert isinstance(loaded.passages, np.memmap)
    stats = CorpusStats(PASSAGES, loaded)
    for term, expected in TERMS:
        assert stats.passages_containing(term) == expected
    assert not list(tmp_path.glob(".*.tmp"))  # written under temporary names, renamed


def test_tables_that_do_not_match_each_other_are_refused(tmp_path):
    GramPostings.build(PASSAGES).save(tmp_path)
    np.save(tmp_path / FILES[2], np.zeros(3, dtype=np.uint32))
    with pytest.raises(ValueError, match="do not match"):
        GramPostings.load(tmp_path)


def test_an_empty_collection_has_no_terms():
    stats = CorpusStats([])
    assert stats.document_frequency("部长") == 0 and not stats.occurs("部长") and not stats.occurs("")


@settings(max_examples=60, deadline=None)
@given(
    passages=st.lists(st.text(alphabet="ab部长副\n", max_size=12), max_size=8),
    term=st.text(alphabet="ab部长副\n", max_size=4),
)
def test_any_corpus_and_term_agree_with_the_scan(passages, term):
    stats = CorpusStats(passages)
    expected = {i for i, text in enumerate(passages) if term in text}
    assert stats.passages_containing(term) == expected
    assert stats.occurs(term) is bool(expected)


def test_the_memory_of_answers_is_bounded(monkeypatch):
    import index.corpus_stats

    monkeypatch.setattr(index.corpus_stats, "REMEMBERED", 4)
    stats = CorpusStats(PASSAGES)
    for term in ("部长", "副部长", "网", "哈哈", "budget", "预算", "policy"):
        assert stats.document_frequency(term) == len(by_scan(term))
        assert stats.occurs(term) is bool(by_scan(term))
    assert len(stats._counts) + len(stats._any) <= 4 + 1
