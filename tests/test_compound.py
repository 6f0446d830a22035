"""Two-part questions (app/compound.py): which further parts a question asks, how their claims join
the first part's, and end to end on the bundled texts."""

import pytest

from app.compound import further_parts, with_further_parts
from app.draft import Claim, Draft
from index.passage import Passage


@pytest.mark.parametrize(
    "question, answered, expected",
    [
        ("When and in which city did MIIT and Zhejiang hold their joint meeting?", "when", ["where"]),
        ("推动工业互联网创新发展座谈会是哪天、在哪里开的?", "when", ["where"]),
        ("座談會是誰主辦的?在哪裡開?", "who", ["where"]),
        ("When did the department hold the meeting, and which official attended?", "when", ["who"]),
        # one question word: nothing further
        ("Who attended the meeting?", "who", []),
        ("会议是哪天开的?", "when", []),
        # a question word inside the asked one's clause asks nothing ("the meeting where …")
        ("When did MIIT hold the meeting where the four measures were laid out?", "when", []),
    ],
)
def test_further_parts_a_question_asks(question, answered, expected):
    assert further_parts(question, answered) == expected


def _claim(doc: str, start: int, end: int) -> Claim:
    passage = Passage("c", doc, "t", "", "", 0, 100, "x" * 100)
    return Claim("x" * (end - start), passage, start, end)


QUESTION = "When and where was the meeting held?"
WHEN = Draft([_claim("a", 0, 5)], kind="when")


@pytest.mark.parametrize(
    "part, joined",
    [
        (Draft([_claim("a", 20, 40)], kind="where"), 2),  # the place, same document: joins
        (Draft([_claim("b", 20, 40)], kind="where"), 1),  # another document's place: another event
        (Draft([_claim("a", 2, 30)], kind="where"), 1),  # the date's own sentence again
        (Draft(abstained=True, kind="where"), 1),  # the texts do not say where: half an answer
        (Draft([_claim("a", 20, 40)], kind="what"), 1),  # the rules answered another kind
    ],
)
def test_a_further_part_joins_only_as_its_own_kind_from_the_same_document(part, joined):
    asked = []
    out = with_further_parts(WHEN, QUESTION, lambda kind: asked.append(kind) or part)
    assert asked == ["where"]
    assert len(out.claims) == joined
    assert out.claims[0] is WHEN.claims[0]


@pytest.mark.parametrize("first", [Draft(abstained=True, kind="when"), Draft([_claim("a", 0, 5)], kind="list")])
def test_a_refusal_or_a_list_is_left_alone(first):
    out = with_further_parts(first, QUESTION, lambda kind: pytest.fail("no further part is asked"))
    assert out is first


@pytest.mark.parametrize(
    "question, facts",
    [
        ("推动工业互联网创新发展座谈会是哪天、在哪里开的?", ["2019年12月2日", "北京"]),
        ("When and in which city did MIIT and Zhejiang hold their joint meeting?", ["April 8, 2018", "北京"]),
    ],
)
def test_both_parts_are_answered_with_exact_citations(corpus_assistant, question, facts):
    answer = corpus_assistant.ask(question)
    assert not answer.abstained
    for fact in facts:
        assert fact in answer.text
    assert len(answer.citations) >= 2  # one for each part at least
    searcher = corpus_assistant.searcher
    for c in answer.citations:
        info = searcher.manifest["docs"][c.doc_id]
        assert searcher.document_text(c.doc_id, info["text_hash"])[c.start : c.end] == c.text
