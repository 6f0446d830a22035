"""The document a conversation is about (app/scored/topic_document.py): a follow-up that names no
document of its own is answered from the document the earlier answer came from; one that names
what that document lacks has moved on. And the memory of earlier turns (app/turn_memo.py)."""

from __future__ import annotations

import pytest

from app.turn_memo import TurnMemo

SYMPOSIUM = "2019-12-02-miit-symposium-promote-industrial-internet-innovation"
ANNOUNCEMENT = "miit-2020-04-24-four-measures-industrial-internet"


@pytest.fixture
def corpus_searcher(corpus_assistant):
    return corpus_assistant.searcher


@pytest.mark.parametrize(
    ("question", "stays"),
    [
        ("有哪几位院士参加？", True),  # names nothing: still the symposium
        ("Which academicians attended?", True),
        ("陈肇雄说了什么？", True),  # a person the symposium's text names
        ("What did Jiang Xiaojuan say?", True),  # the same in English (江小涓)
        ("柯瑞文说了什么？", False),  # a person only another document names
        ("What did Ke Ruiwen say?", False),
        ("杭州那次会议是谁主持的？", False),  # a place the symposium's text lacks
        ("那2018年4月那次联席会议呢？", False),  # a date it lacks
        ("云计算会议上陈肇雄说了什么？", False),  # another document's title word (云计算)
        ("And what about the 2017 cloud computing meeting?", False),
        ("What did the 2018 action plan say about platforms?", False),
        ("会议在哪里召开？", True),  # a title word every document has, and so does this one
    ],
)
def test_a_question_stays_in_the_earlier_document_unless_it_names_what_that_lacks(corpus_searcher, question, stays):
    from app.scored.topic_document import stays_in

    assert stays_in(question, SYMPOSIUM, corpus_searcher) is stays


def test_no_topic_without_an_earlier_document_or_in_a_single_document_collection(corpus_searcher, assistant):
    from app.scored.topic_document import stays_in

    assert stays_in("有哪几位院士参加？", None, corpus_searcher) is False
    assert stays_in("有哪几位院士参加？", ANNOUNCEMENT, assistant.searcher) is False  # one document only


def test_within_reads_only_that_document_and_fills_up_with_its_other_passages(corpus_searcher):
    from app.scored.topic_document import within

    passages = within("院士", SYMPOSIUM, corpus_searcher).passages
    k = corpus_searcher.settings.top_k
    in_doc = corpus_searcher.doc_passages(SYMPOSIUM)
    assert passages and {p.doc_id for p in passages} == {SYMPOSIUM}
    assert len(passages) == min(k, len(in_doc))
    assert len({p.chunk_id for p in passages}) == len(passages)  # no passage twice
    # a query only another document answers still gets this document's passages, in reading order
    unrelated = within("巨大的市场需求和良好的产业基础", SYMPOSIUM, corpus_searcher).passages
    assert {p.doc_id for p in unrelated} == {SYMPOSIUM}
    assert len(unrelated) == min(k, len(in_doc))


@pytest.mark.parametrize(
    ("earlier", "expected_doc", "expected", "not_expected"),
    [
        ("2019年12月那次推动工业互联网创新发展座谈会在哪里召开？", SYMPOSIUM, "孙优贤", "邬贺铨"),
        ("工信部四举措是在哪次会议上提出的？", ANNOUNCEMENT, "邬贺铨", "孙优贤"),
    ],
)
def test_the_same_follow_up_is_answered_from_the_document_of_the_conversation(
    corpus_assistant, earlier, expected_doc, expected, not_expected
):
    answer = corpus_assistant.ask("有哪几位院士参加？", [earlier])
    assert not answer.abstained
    assert {c.doc_id for c in answer.citations} == {expected_doc}
    assert expected in answer.text and not_expected not in answer.text


def test_a_question_that_names_another_document_leaves_the_topic(corpus_assistant):
    answer = corpus_assistant.ask("柯瑞文是什么职务？", ["2019年12月那次推动工业互联网创新发展座谈会在哪里召开？"])
    assert {c.doc_id for c in answer.citations} == {ANNOUNCEMENT}
    assert "董事长" in answer.text


def test_a_question_that_names_another_documents_title_leaves_the_topic(corpus_assistant):
    answer = corpus_assistant.ask(
        "2017年云计算那次会议上陈肇雄说了什么？", ["2019年12月那次推动工业互联网创新发展座谈会在哪里召开？"]
    )
    assert answer.citations
    assert {c.doc_id for c in answer.citations} == {"2017-10-11-miit-cloud-computing-enterprise-cloud-meeting"}


def test_earlier_turns_are_answered_once_per_conversation_prefix(corpus_assistant, monkeypatch):
    from app.turn_memo import CONTEXTS

    monkeypatch.setattr(CONTEXTS, "_items", type(CONTEXTS._items)())
    calls = []
    real = type(corpus_assistant)._answered_context

    def counted(self, history, searcher, depth):
        calls.append(tuple(history))
        return real(self, history, searcher, depth)

    monkeypatch.setattr(type(corpus_assistant), "_answered_context", counted)
    history = ["2019年12月那次推动工业互联网创新发展座谈会在哪里召开？", "有哪几位院士参加？"]
    first = corpus_assistant.ask("他们是哪个单位的？", history)
    n = len(calls)
    assert n > 0
    again = corpus_assistant.ask("他们是哪个单位的？", history)
    assert len(calls) == n  # nothing answered again
    assert again.text == first.text


def test_turn_memo_keeps_the_newest_and_computes_a_key_once():
    memo = TurnMemo(capacity=2)
    made = []

    def make(value):
        def f():
            made.append(value)
            return value

        return f

    assert memo.get(("a",), make(1)) == 1
    assert memo.get(("a",), make(99)) == 1  # remembered
    memo.get(("b",), make(2))
    memo.get(("a",), make(98))  # "a" is now the newest
    memo.get(("c",), make(3))  # evicts "b", the oldest
    assert memo.get(("b",), make(4)) == 4
    assert made == [1, 2, 3, 4]


ZHEJIANG = "2018-04-08-miit-zhejiang-joint-meeting-industrial-internet"
ZHEJIANG_QUESTION = (
    "At the April 2018 ministry–province joint meeting between MIIT and Zhejiang on the industrial internet, "
    "who was there for Zhejiang at vice-governor level?"
)


def test_what_the_conversation_named_is_no_new_answer(corpus_searcher):
    """A follow-up inside the conversation's document carries the earlier turn's names: a place the
    conversation already named (Zhejiang) is not where "that meeting" took place."""
    from app.scored import ScoredPipeline

    sq, passages, _ = ScoredPipeline(corpus_searcher).understand(
        "Where did that meeting take place?", [ZHEJIANG_QUESTION], ZHEJIANG
    )
    assert any("浙江" in name for name in sq.earlier_names)
    assert {p.doc_id for p in passages} == {ZHEJIANG}
    alone, _, _ = ScoredPipeline(corpus_searcher).understand("Where did that meeting take place?", [], None)
    assert alone.earlier_names == ()


def test_a_where_follow_up_names_the_venue_not_the_province_asked_about(corpus_assistant):
    answer = corpus_assistant.ask("Where did that meeting take place?", [ZHEJIANG_QUESTION])
    assert {c.doc_id for c in answer.citations} == {ZHEJIANG}
    assert "北京" in answer.text
